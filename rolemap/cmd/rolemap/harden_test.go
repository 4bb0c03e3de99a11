package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runIn runs the command line in-process and returns its status, standard
// output and standard error.
func runIn(args []string, stdin string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	status := run(args, strings.NewReader(stdin), &stdout, &stderr)
	return status, stdout.String(), stderr.String()
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// badConfig is a config of n entries, each with an unknown member.
func badConfig(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"ignore": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"code": "unreachable-rule", "paht": "x"}`)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// TestConfigBounded: a config's problems are capped at 100 and a count,
// and reading it is linear in its size (bytes allocated, counted).
func TestConfigBounded(t *testing.T) {
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small.json"), filepath.Join(dir, "large.json")
	const n = 1500 // about 64 KB
	if err := os.WriteFile(small, badConfig(n), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(large, badConfig(4*n), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr string
	costSmall := allocated(func() { _, _, stderr = runIn([]string{"lint", "--config", small, "testdata/pool.json"}, "") })
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 101 || !strings.HasSuffix(lines[100], fmt.Sprintf("… and %d more problems", n-100)) {
		t.Errorf("a config of %d problems printed %d lines, ending %q; want 100 and a count", n, len(lines), lines[len(lines)-1])
	}
	configScanned = 0
	runIn([]string{"lint", "--config", large, "testdata/pool.json"}, "")
	if size := 4 * len(badConfig(n)); configScanned > size+100 {
		t.Errorf("placing a config's problems scanned %d bytes of a %d-byte file, want one pass", configScanned, size)
	}
	costLarge := allocated(func() { runIn([]string{"lint", "--config", large, "testdata/pool.json"}, "") })
	if costLarge > 6*costSmall {
		t.Errorf("4× the config allocated %.1f× the bytes (%d vs %d), want linear (at most 6×)", float64(costLarge)/float64(costSmall), costLarge, costSmall)
	}
}
