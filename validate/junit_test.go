package validate_test

import (
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/validate"
)

// Lint's JUnit report: a testsuite per file, a testcase per finding that
// fails at or above fail-on and passes below it, a passing "lint" case for
// a clean file, and input text escaped.
func TestWriteJUnit(t *testing.T) {
	located := []validate.Located{
		{Code: validate.CodeUnreachableRule, Path: P("RoleMappings[\"k\"]"), Message: "warn \x1b[31m", Range: diag.Range{File: "a.json", Line: 3, Column: 4}},
		{Code: validate.CodeMissing, Path: P("Roles"), Message: "err", Range: diag.Range{File: "a.json"}},
	}
	for _, tt := range []struct {
		name     string
		failOn   validate.Severity
		failures string
	}{
		{"fail on warnings", validate.SeverityWarning, `failures="2"`},
		{"fail on errors", validate.SeverityError, `failures="1"`},
		{"never fail", 0, `failures="0"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := validate.WriteJUnit(&b, []string{"a.json", "clean.json"}, located, tt.failOn); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, want := range []string{`<testsuites name="rolemap lint" tests="3" ` + tt.failures, `<testsuite name="clean.json" tests="1" failures="0" errors="0">`,
				`<testcase name="lint" classname="clean.json">`, `a.json:3:4: warning unreachable-rule`, `warn \x1b[31m`} {
				if !strings.Contains(out, want) {
					t.Errorf("report lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "\x1b") {
				t.Errorf("report holds a raw escape:\n%s", out)
			}
		})
	}
}
