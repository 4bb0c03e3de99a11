package claims_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports fails when a file of this package imports a package of this
// module other than internal/ ones: claims knows JWTs, not rolemap.
func TestImports(t *testing.T) {
	const module = "github.com/rolemapping/rolemapping/"
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no Go files found")
	}
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			rest, ok := strings.CutPrefix(path, module)
			if !ok || rest == "claims" || strings.HasPrefix(rest, "internal/") {
				continue
			}
			t.Errorf("%s imports %s; package claims may import only internal/ packages of this module", name, path)
		}
	}
}
