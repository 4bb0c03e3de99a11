package main

import (
	"go/ast"
	"go/parser"
	gotoken "go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxRunLines bounds each subcommand's function (run*, from its func
// line to its closing brace): its logic belongs in named helpers and the
// library, the function reading as the command's outline.
const maxRunLines = 80

// TestRunFunctionsShort fails when a run* function of the command grows
// above maxRunLines lines.
func TestRunFunctionsShort(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := gotoken.NewFileSet()
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !strings.HasPrefix(fd.Name.Name, "run") {
				continue
			}
			seen++
			if n := runLines(fset, fd); n > maxRunLines {
				t.Errorf("%s: %s is %d lines, over %d: move its logic into named helpers", fset.Position(fd.Pos()), fd.Name.Name, n, maxRunLines)
			}
		}
	}
	if seen < len(commands) {
		t.Errorf("found %d run* functions, fewer than the %d commands", seen, len(commands))
	}
}

// runLines is the number of lines of fd, from its func keyword to its
// closing brace.
func runLines(fset *gotoken.FileSet, fd *ast.FuncDecl) int {
	return fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1
}
