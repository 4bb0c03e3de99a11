package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/validate"
)

// seedFiles adds the files of the patterns to f's seeds.
func seedFiles(f *testing.F, patterns ...string) {
	f.Helper()
	for _, pattern := range patterns {
		paths, err := filepath.Glob(pattern)
		if err != nil || len(paths) == 0 {
			f.Fatalf("no seeds %s", pattern)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// rawControl reports whether text output holds what a terminal or a CI
// log acts on: a control character other than a newline or a tab, a
// bidi control, invalid UTF-8, or a line starting "::".
func rawControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
			return true
		}
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return true
		}
	}
	return false
}

// FuzzConfig feeds configs to the config reader: it never panics, lists at
// most 100 problems and a count, returns rules or an error, and accepts no
// wildcard or unknown code, and no error-level code without a reason.
func FuzzConfig(f *testing.F) {
	seedFiles(f, "testdata/*config*.json")
	f.Add([]byte(`{"ignore":[{"code":"*"}]}`))
	f.Add([]byte(`{"bindings":{"AWS::Region":"eu-west-1","":"x","n":1},"failOn":"warn","format":"github","formt":1}`))
	f.Add([]byte(`{"ignore":[{"code":"invalid-value","reason":"x"},{"code":"user-writable-claim","file":"[","pool":"p"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := parseConfig(input.File{Name: "c.json", Data: data})
		if err != nil {
			if cfg != nil {
				t.Fatalf("parseConfig returned a config and an error %v", err)
			}
			var ie *inputError
			if errors.As(err, &ie) && len(ie.Lines) > maxConfigProblems+1 {
				t.Fatalf("%d problem lines, want at most %d", len(ie.Lines), maxConfigProblems+1)
			}
			return
		}
		if cfg.failOn != "" && cfg.failOn != "error" && cfg.failOn != "warning" && cfg.failOn != "none" {
			t.Fatalf("accepted failOn %q", cfg.failOn)
		}
		for _, r := range cfg.ignore {
			if why := checkCode(r.Code, r.Reason, false); why != "" {
				t.Fatalf("accepted a rule %+v: %s", r, why)
			}
		}
	})
}

// FuzzTextWriters feeds untrusted text to what prints it: the text output
// (through the command's writer) and SARIF: no output holds a raw control character or a workflow command.
func FuzzTextWriters(f *testing.F) {
	for _, s := range []string{"plain", hostile, "a|b`c", "[x](https://e.example/)", "\u009b31m\x7f", "\xff\xfe", strings.Repeat("é", 3000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The Markdown cells and tag lists: validate's FuzzDiffReportCells.
		// Text output: an unknown command is quoted in the error, a
		// flag's value too.
		_, stdout, stderr := runIn([]string{"lint", "--fail-on", s, "x.json"}, "")
		if rawControl(stdout + stderr) {
			t.Fatalf("text output for %q:\n%q", s, stdout+stderr)
		}
		var b strings.Builder
		loc := validate.Located{Code: validate.CodeUserWritableClaim, Path: diag.Root("RoleMappings").Key(s).Member(s), Message: s, Fix: s,
			Related: []diag.Path{diag.Root(s)}, Range: diag.Range{File: "p.json"}}
		if err := validate.WriteSARIF(&b, "v", []validate.Located{loc}); err != nil {
			t.Fatal(err)
		}
		if rawControl(b.String()) {
			t.Fatalf("SARIF for %q holds a raw control character", s)
		}
	})
}
