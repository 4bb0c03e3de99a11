package archtest

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const module = "github.com/rolemapping/rolemapping"

// root is the module root, two levels up from this package.
var root = filepath.Join("..", "..")

// TestLayout checks the fixed top-level layout.
func TestLayout(t *testing.T) {
	allowed := map[string]bool{
		"rolemap": true, "validate": true, "claims": true, "examples": true, "internal": true,
		"go.mod": true, "go.sum": true, "go.work": true, "doc.go": true, "README.md": true, "LICENSE": true,
		// The go command writes go.work.sum when a workspace build needs a
		// checksum no module's go.sum holds; it is not committed
		// (.gitignore), and each module's go.sum is complete.
		"go.work.sum": true,
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !allowed[e.Name()] && !strings.HasPrefix(e.Name(), ".") {
			t.Errorf("top level holds %q, which the fixed layout does not list", e.Name())
		}
	}
}

// modFile reads a go.mod (or go.work): the paths its directive names
// (require, replace, use, module), each in the file's order.
func modFile(t *testing.T, path string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	block := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[1] == "(":
			block = f[0]
		case block != "" && line == ")":
			block = ""
		case block != "" && line != "":
			got[block] = append(got[block], f[0])
		case len(f) >= 2:
			got[f[0]] = append(got[f[0]], f[1])
		}
	}
	return got
}

// TestDependencies checks that go.mod requires exactly the allowed
// modules: the packages services import depend on these three only.
func TestDependencies(t *testing.T) {
	got := modFile(t, filepath.Join(root, "go.mod"))["require"]
	slices.Sort(got)
	want := []string{"github.com/golang-jwt/jwt/v5", "github.com/google/go-cmp", "pgregory.net/rapid"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("go.mod requires (-want +got):\n%s", diff)
	}
}

// modules are the modules of the repository, by folder, and what each
// requires beyond the root module's three: a reader that needs a parser
// library is a module of its own, and the command's module imports it.
var modules = map[string][]string{
	".":                   {"github.com/golang-jwt/jwt/v5", "github.com/google/go-cmp", "pgregory.net/rapid"},
	"rolemap/iac/cfnyaml": {module, "go.yaml.in/yaml/v4"},
	// The Terraform configuration reader: HCL, and go-cty's values and
	// functions (the rest are theirs).
	"rolemap/iac/tfconfig": {module, "github.com/hashicorp/hcl/v2", "github.com/zclconf/go-cty",
		"github.com/agext/levenshtein", "github.com/apparentlymart/go-textseg/v15", "github.com/apparentlymart/go-textseg/v17",
		"github.com/mitchellh/go-wordwrap", "golang.org/x/mod", "golang.org/x/sync", "golang.org/x/text", "golang.org/x/tools"},
	"rolemap/cmd/rolemap": {module, module + "/rolemap/iac/cfnyaml", module + "/rolemap/iac/tfconfig"},
}

// TestModules: the repository's go.mod files are those of modules, each
// requires what it lists and has no replace directive (go install
// …/rolemap/cmd/rolemap@latest must build what a release tagged), and
// the committed go.work uses every one of them.
func TestModules(t *testing.T) {
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.Name() == "go.mod" {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			found = append(found, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(found)
	want := slices.Sorted(maps.Keys(modules))
	if diff := cmp.Diff(want, found); diff != "" {
		t.Fatalf("go.mod files (-want +got):\n%s", diff)
	}
	for dir, requires := range modules {
		m := modFile(t, filepath.Join(root, dir, "go.mod"))
		wantPath := module
		if dir != "." {
			wantPath += "/" + dir
		}
		if diff := cmp.Diff([]string{wantPath}, m["module"]); diff != "" {
			t.Errorf("%s/go.mod module (-want +got):\n%s", dir, diff)
		}
		got := slices.Sorted(slices.Values(m["require"]))
		if diff := cmp.Diff(slices.Sorted(slices.Values(requires)), got); diff != "" {
			t.Errorf("%s/go.mod requires (-want +got):\n%s", dir, diff)
		}
		if len(m["replace"]) > 0 {
			t.Errorf("%s/go.mod replaces %v: rely on go.work instead", dir, m["replace"])
		}
	}
	use := modFile(t, filepath.Join(root, "go.work"))["use"]
	for i, u := range use {
		use[i] = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(u)), "./")
	}
	slices.Sort(use)
	if diff := cmp.Diff(want, use); diff != "" {
		t.Errorf("go.work uses (-want +got):\n%s", diff)
	}
}

// allowedImports says, for each package of the module (by path relative to
// the module root, "..." for a prefix), which non-standard imports its
// non-test files may have.
var allowedImports = []struct {
	pkg     string
	imports []string
}{
	{"internal/...", nil},
	// A syntax error is a diagnostic (rolemap/diag is a leaf: no cycle).
	{"internal/strictjson", []string{"internal/clip", "internal/work", "rolemap/diag"}},
	// The diagnostics: a leaf the service packages build on, which knows
	// none of them.
	{"rolemap/diag", []string{"internal/clip", "internal/jsonpos"}},
	{"rolemap", []string{"rolemap/diag", "internal/..."}},
	{"rolemap/internal/...", []string{"rolemap", "internal/..."}},
	{"validate", []string{"rolemap", "rolemap/diag", "rolemap/trust", "rolemap/usergroups", "rolemap/credentials", "internal/..."}},
	{"claims", []string{"rolemap/diag", "internal/...", "github.com/golang-jwt/jwt/v5"}},
	{"claims/claimstest", []string{"claims", "github.com/golang-jwt/jwt/v5"}},
	{"rolemap/iac", []string{"rolemap", "rolemap/diag", "rolemap/usergroups", "rolemap/trust", "rolemap/credentials", "internal/clip", "internal/jsonpos", "internal/strictjson"}},
	// The YAML template reader, a module of its own: the YAML library,
	// package iac it registers with, and what it shares with iac to place
	// and escape (a path is a diag.Path, placed step by step).
	{"rolemap/iac/cfnyaml", []string{"rolemap/iac", "rolemap/diag", "internal/clip", "go.yaml.in/yaml/v4"}},
	// The Terraform configuration reader, a module of its own: HCL and
	// go-cty, package iac it registers with, and what it shares with iac
	// to read files, place (a path is a diag.Path, placed step by step) and
	// escape.
	{"rolemap/iac/tfconfig", []string{"rolemap/iac", "rolemap/diag", "internal/clip", "internal/readfile",
		"github.com/hashicorp/hcl/v2/...", "github.com/zclconf/go-cty/cty/..."}},
	// The command is a thin layer over the public packages: no module
	// beyond those they need, and of the internal packages only the file
	// reader and the output escaping it shares with them.
	{"rolemap/cmd/...", []string{"rolemap", "rolemap/iac", "rolemap/iac/cfnyaml", "rolemap/iac/tfconfig", "rolemap/casefile", "rolemap/diag", "rolemap/input", "rolemap/trust", "rolemap/usergroups", "rolemap/credentials", "validate", "claims",
		"internal/clip", "internal/readfile", "internal/nearest"}},
	{"rolemap/usergroups", []string{"rolemap", "rolemap/diag", "internal/clip", "internal/strictjson", "internal/work", "internal/nearest"}},
	{"rolemap/trust", []string{"rolemap/diag", "internal/clip", "internal/strictjson"}},
	{"rolemap/credentials", []string{"rolemap", "rolemap/diag", "rolemap/trust", "rolemap/usergroups", "internal/clip", "internal/spec"}},
	// Case files are production code (the command runs them): no test
	// library.
	{"rolemap/casefile", []string{"rolemap", "rolemap/diag", "validate", "rolemap/iac", "rolemap/usergroups", "rolemap/trust", "rolemap/credentials", "internal/..."}},
	// The input reader, between files and engines: the packages it reads
	// into, and none of the modules of the format readers (they register
	// with package iac) or the test libraries. No package it reads into
	// imports it.
	{"rolemap/input", []string{"rolemap", "rolemap/diag", "rolemap/iac", "rolemap/casefile", "rolemap/credentials", "rolemap/trust", "rolemap/usergroups", "validate", "internal/..."}},
	{"rolemap/rolemaptest", []string{"rolemap", "rolemap/casefile", "rolemap/usergroups", "internal/...", "rolemap/internal/...",
		"pgregory.net/rapid", "github.com/google/go-cmp/...", "github.com/golang-jwt/jwt/v5"}},
	{"examples/...", []string{"rolemap", "rolemap/diag", "rolemap/rolemaptest", "rolemap/casefile", "rolemap/iac", "rolemap/usergroups", "rolemap/trust", "rolemap/credentials", "validate", "claims", "claims/claimstest",
		"pgregory.net/rapid", "github.com/google/go-cmp/...", "github.com/golang-jwt/jwt/v5"}},
	{".", nil},
}

func matches(pattern, path string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == prefix || strings.HasPrefix(path, prefix+"/")
	}
	return path == pattern
}

// rule returns the allowed imports of pkg: the first entry whose pattern
// matches, the most specific ones being listed first where they overlap.
func rule(pkg string) ([]string, bool) {
	best, found := -1, false
	for i, r := range allowedImports {
		if matches(r.pkg, pkg) && (!found || len(r.pkg) > len(allowedImports[best].pkg)) {
			best, found = i, true
		}
	}
	if !found {
		return nil, false
	}
	return allowedImports[best].imports, true
}

// TestImportDirection parses every non-test Go file of the module and checks
// its imports against allowedImports: rolemap depends only on the standard
// library and internal/, claims never imports rolemap, and so on.
func TestImportDirection(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	seen := map[string]bool{}
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
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		allowed, ok := rule(pkg)
		if !ok {
			t.Errorf("%s: package %s has no import rule; add one to allowedImports", path, pkg)
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		seen[pkg] = true
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			first, _, _ := strings.Cut(imp, "/")
			if !strings.Contains(first, ".") {
				continue // the standard library
			}
			target := imp
			if rel, ok := strings.CutPrefix(imp, module+"/"); ok {
				target = rel
			}
			if !slices.ContainsFunc(allowed, func(p string) bool { return matches(p, target) }) {
				t.Errorf("%s: package %s must not import %s", path, pkg, imp)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d files; is root right?", checked)
	}
	// The walk crosses into the nested modules.
	for _, pkg := range []string{"rolemap/cmd/rolemap", "rolemap/iac/cfnyaml", "rolemap/iac/tfconfig"} {
		if !seen[pkg] {
			t.Errorf("the walk did not check %s", pkg)
		}
	}
}

// TestForbiddenImports pins the direction of the import graph: the imports
// that must never appear.
func TestForbiddenImports(t *testing.T) {
	tests := []struct {
		pkg, imp string
		allowed  bool
	}{
		{"rolemap", "validate", false},
		{"rolemap", "claims", false},
		{"rolemap", "rolemap/rolemaptest", false},
		{"rolemap", "pgregory.net/rapid", false},
		{"rolemap", "github.com/golang-jwt/jwt/v5", false},
		{"rolemap", "internal/spec", true},
		{"claims", "rolemap", false},
		{"claims/claimstest", "rolemap", false},
		{"claims", "github.com/golang-jwt/jwt/v5", true},
		{"validate", "rolemap", true},
		{"validate", "claims", false},
		{"validate", "rolemap/rolemaptest", false},
		{"internal/spec", "rolemap", false},
		{"rolemap/internal/reference", "rolemap", true},
		{"rolemap/rolemaptest", "validate", false},
		{"rolemap/rolemaptest", "rolemap/casefile", true},
		{"rolemap/rolemaptest", "claims", false},
		{"rolemap/casefile", "pgregory.net/rapid", false},
		{"rolemap/casefile", "github.com/google/go-cmp/cmp", false},
		{"rolemap/casefile", "rolemap/rolemaptest", false},
		{"rolemap/cmd/rolemap", "rolemap/rolemaptest", false},
		{"rolemap/cmd/rolemap", "rolemap/casefile", true},
		{"rolemap/iac", "rolemap", true},
		{"rolemap/diag", "rolemap", false},
		{"rolemap/diag", "validate", false},
		{"rolemap/diag", "internal/jsonpos", true},
		{"rolemap", "rolemap/diag", true},
		{"validate", "rolemap/diag", true},
		{"rolemap/trust", "rolemap/diag", true},
		{"rolemap/iac", "validate", false},
		{"rolemap/iac", "rolemap/rolemaptest", false},
		{"rolemap/iac", "internal/spec", false},
		{"rolemap/iac", "internal/clip", true},
		{"rolemap", "rolemap/iac", false},
		{"rolemap/iac", "go.yaml.in/yaml/v4", false},
		{"rolemap/iac", "rolemap/iac/cfnyaml", false},
		{"validate", "go.yaml.in/yaml/v4", false},
		{"rolemap/rolemaptest", "rolemap/iac/cfnyaml", false},
		{"rolemap/iac/cfnyaml", "go.yaml.in/yaml/v4", true},
		{"rolemap/iac/cfnyaml", "validate", false},
		{"rolemap/iac/cfnyaml", "rolemap/rolemaptest", false},
		{"rolemap/cmd/rolemap", "rolemap/iac/cfnyaml", true},
		{"rolemap/cmd/rolemap", "go.yaml.in/yaml/v4", false},
		{"rolemap/iac", "github.com/hashicorp/hcl/v2", false},
		{"rolemap/iac", "github.com/zclconf/go-cty/cty", false},
		{"rolemap/iac", "rolemap/iac/tfconfig", false},
		{"validate", "github.com/hashicorp/hcl/v2", false},
		{"rolemap/casefile", "github.com/hashicorp/hcl/v2", false},
		{"rolemap/casefile", "rolemap/iac/tfconfig", false},
		{"rolemap/iac/tfconfig", "github.com/hashicorp/hcl/v2/hclsyntax", true},
		{"rolemap/iac/tfconfig", "github.com/zclconf/go-cty/cty/function/stdlib", true},
		{"rolemap/iac/tfconfig", "validate", false},
		{"rolemap/iac/tfconfig", "go.yaml.in/yaml/v4", false},
		{"rolemap/cmd/rolemap", "rolemap/iac/tfconfig", true},
		{"rolemap/cmd/rolemap", "github.com/hashicorp/hcl/v2", false},
		{"examples/ci", "rolemap/iac/cfnyaml", false},
		{"examples/iac", "rolemap/credentials", true},
		{"examples/iac", "rolemap/trust", true},
		{"examples/iac", "internal/clip", false},
		{"examples/ci", "rolemap/internal/reference", false},
		{"rolemap/cmd/rolemap", "rolemap/input", true},
		{"rolemap/input", "rolemap/iac", true},
		{"rolemap/input", "internal/readfile", true},
		{"rolemap/input", "rolemap/iac/cfnyaml", false},
		{"rolemap/input", "go.yaml.in/yaml/v4", false},
		{"rolemap/input", "rolemap/rolemaptest", false},
		{"rolemap/input", "pgregory.net/rapid", false},
		{"rolemap/input", "github.com/google/go-cmp/cmp", false},
		{"rolemap", "rolemap/input", false},
		{"validate", "rolemap/input", false},
		{"rolemap/credentials", "rolemap/input", false},
		{"rolemap/trust", "rolemap/input", false},
		{"rolemap/usergroups", "rolemap/input", false},
		{"rolemap/iac", "rolemap/input", false},
		{"rolemap/casefile", "rolemap/input", false},
	}
	for _, tt := range tests {
		allowed, ok := rule(tt.pkg)
		if !ok {
			t.Errorf("no rule for %s", tt.pkg)
			continue
		}
		got := slices.ContainsFunc(allowed, func(p string) bool { return matches(p, tt.imp) })
		if got != tt.allowed {
			t.Errorf("%s importing %s: allowed = %v, want %v", tt.pkg, tt.imp, got, tt.allowed)
		}
	}
}

// TestNoBuildOutputs: no executable or object file is committed (a 10.7 MB
// binary of examples/middleware once was). It reads the files git tracks,
// or every file of the tree when git is not there.
func TestNoBuildOutputs(t *testing.T) {
	var files []string
	if out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output(); err == nil {
		for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
			files = append(files, filepath.Join(root, f))
		}
	} else {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	magic := [][]byte{{0x7f, 'E', 'L', 'F'}, {'M', 'Z'}, {0xcf, 0xfa, 0xed, 0xfe}, {0xfe, 0xed, 0xfa, 0xcf}, []byte("!<arch>")}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			continue // listed by git, deleted in the work tree
		}
		head := make([]byte, 8)
		n, _ := fh.Read(head)
		fh.Close()
		for _, m := range magic {
			if n >= len(m) && bytes.Equal(head[:len(m)], m) {
				t.Errorf("%s is a build output (an executable or object file): remove it; .gitignore keeps them out", f)
			}
		}
	}
	if len(files) < 50 {
		t.Fatalf("found only %d files; is root right?", len(files))
	}
}

// TestTestKitNotInProduction: rolemaptest is a test kit, as httptest is;
// no non-test file outside it (and outside the examples, which show how
// tests use it) imports it. The case-file runner the command needs is
// package rolemap/casefile.
func TestTestKitNotInProduction(t *testing.T) {
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
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		if matches("rolemap/rolemaptest/...", pkg) || matches("examples/...", pkg) {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, spec := range f.Imports {
			if imp, _ := strconv.Unquote(spec.Path.Value); matches(module+"/rolemap/rolemaptest/...", imp) {
				t.Errorf("%s: package %s imports the test kit %s; use rolemap/casefile", path, pkg, imp)
			}
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

// TestCommandLinksNoTestLibrary: the rolemap binary links neither package
// testing nor the test libraries (rapid, go-cmp), directly or through any
// package it imports, as go list -deps reports them.
func TestCommandLinksNoTestLibrary(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	cmd := exec.Command(gobin, "list", "-deps", "./rolemap/cmd/rolemap")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./rolemap/cmd/rolemap: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, module+"/rolemap") {
		t.Fatalf("go list -deps listed %d packages, without rolemap; is root right?", len(deps))
	}
	for _, dep := range deps {
		if dep == "testing" || matches("pgregory.net/rapid/...", dep) || matches("github.com/google/go-cmp/...", dep) ||
			matches(module+"/rolemap/rolemaptest/...", dep) {
			t.Errorf("the rolemap command links %s, a test library", dep)
		}
	}
}
