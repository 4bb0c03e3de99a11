package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/internal/tally"
)

// A lint run reads each file once and compiles each pool once: it had read
// a pool document from disk once and then decoded it twice, and compiled
// each pool twice (validate.Pool's check, then Lint's analysis), and read
// the file of --roles again for each file it linted. A diff
// compiles each side once too (it had compiled each three times), and reads
// --roles once for both sides. The files of --bindings and --user-pool are
// read once per run too (package input's Loader).
func TestReadsAndCompilesOnce(t *testing.T) {
	tests := []struct {
		name            string
		args            []string
		reads, compiles int64
	}{
		{"a pool document", []string{"lint", "testdata/pool.json"}, 1, 1},
		{"an invalid pool document", []string{"lint", "testdata/invalid.json"}, 1, 1},
		{"two pool documents", []string{"lint", "--format", "json", "testdata/pool.json", "testdata/pool-new.json"}, 2, 2},
		{"a template", []string{"lint", "--format", "sarif", template}, 1, 1},
		{"a template and its trust policies", cred("lint", credStack), 1, 1},
		{"a plan with roles", []string{"lint", "--bind", "AWS::Region=eu-west-1", "--roles", "testdata/existing-staff-role.json", "../../iac/testdata/terraform/plan.json"}, 2, 1},
		{"a config", []string{"lint", "--config", "testdata/rolemap-config.json", "testdata/pool.json"}, 2, 1},
		{"--roles for two files", []string{"lint", "--roles", "testdata/existing-staff-role.json", "testdata/pool.json", "testdata/pool-new.json"}, 3, 2},
		// --bindings and --user-pool are read once for all the inputs they
		// complete (they were read again for each template).
		{"--bindings for two templates", []string{"lint", "--bindings", "testdata/bindings.json", credStack, template}, 3, 2},
		{"--user-pool for two files", []string{"lint", "--user-pool", "eu-west-1_Staff35CBA1CE=testdata/staff-pool.json", "testdata/pool.json", "testdata/pool-new.json"}, 3, 2},
		{"a diff", []string{"diff", "testdata/pool.json", "testdata/pool-new.json"}, 2, 2},
		{"a diff with --roles", []string{"diff", "--roles", "testdata/existing-staff-role.json", "testdata/pool.json", "testdata/pool-new.json"}, 3, 2},
		{"a diff of templates", cred("diff", credStack, "testdata/credentials-new.template.json"), 2, 2},
		{"an access report", []string{"access", "testdata/pool.json"}, 1, 1},
		{"an access report of a template", cred("access", credStack), 1, 1},
		{"a diff with access", []string{"diff", "testdata/access-mapped.json", "testdata/access-unmapped.json"}, 2, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reads, compiles := readfile.Reads(), tally.Compiles.Load()
			var stdout, stderr bytes.Buffer
			run(tc.args, strings.NewReader(""), &stdout, &stderr)
			if stderr.Len() > 0 && !strings.Contains(tc.name, "invalid") {
				t.Logf("stderr: %s", stderr.String())
			}
			if got := readfile.Reads() - reads; got != tc.reads {
				t.Errorf("rolemap %s read %d files, want %d", strings.Join(tc.args, " "), got, tc.reads)
			}
			if got := tally.Compiles.Load() - compiles; got != tc.compiles {
				t.Errorf("rolemap %s compiled %d pools, want %d", strings.Join(tc.args, " "), got, tc.compiles)
			}
		})
	}
}
