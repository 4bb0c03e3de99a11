package validate_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports fails when a non-test file of this package imports a package
// of this module other than rolemap and internal/ ones: validate is built
// on rolemap's public API.
func TestImports(t *testing.T) {
	const module = "github.com/rolemapping/rolemapping/"
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		checked++
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
			if !ok || rest == "rolemap" || strings.HasPrefix(rest, "internal/") {
				continue
			}
			t.Errorf("%s imports %s; package validate may import only rolemap and internal/ packages of this module", name, path)
		}
	}
	if checked == 0 {
		t.Fatal("no Go files found")
	}
}
