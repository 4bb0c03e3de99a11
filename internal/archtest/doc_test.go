package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocComments: every exported name of every package of the module
// (functions, methods of exported types, types, and constants and
// variables, alone or through their group's comment) has a doc comment,
// and the comment of a function, method or type starts with its name
// ("A Name" or "An Name" for a type), as go doc and staticcheck's ST1020
// and ST1021 expect.
func TestDocComments(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		checked++
		for _, problem := range undocumented(f) {
			t.Errorf("%s: %s", fset.Position(problem.pos), problem.what)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d files; is root right?", checked)
	}
}

type docProblem struct {
	pos  token.Pos
	what string
}

func undocumented(f *ast.File) []docProblem {
	var out []docProblem
	starts := func(doc *ast.CommentGroup, name string, articles bool) bool {
		if doc == nil {
			return false
		}
		text := doc.Text()
		if articles {
			for _, a := range []string{"A ", "An ", "The "} {
				text = strings.TrimPrefix(text, a)
			}
		}
		return strings.HasPrefix(text, name+" ") || strings.HasPrefix(text, name+",") || strings.HasPrefix(text, name+"\n")
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			name := d.Name.Name
			if d.Recv != nil {
				recv := receiverType(d.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue
				}
				name = d.Name.Name
			}
			if !starts(d.Doc, name, false) {
				out = append(out, docProblem{d.Pos(), "func " + d.Name.Name + " needs a doc comment starting with its name"})
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					doc := s.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					if !starts(doc, s.Name.Name, true) {
						out = append(out, docProblem{s.Pos(), "type " + s.Name.Name + " needs a doc comment starting with its name"})
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && s.Doc == nil && d.Doc == nil && s.Comment == nil {
							out = append(out, docProblem{n.Pos(), n.Name + " needs a doc comment, or its group one"})
						}
					}
				}
			}
		}
	}
	return out
}

func receiverType(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return receiverType(t.X)
	case *ast.IndexExpr:
		return receiverType(t.X)
	case *ast.IndexListExpr:
		return receiverType(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}
