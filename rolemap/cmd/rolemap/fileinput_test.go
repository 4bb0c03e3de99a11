//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNonRegularInputs: every file the command reads refuses a named pipe
// (without blocking), a device (directly, through a symbolic link, or as a
// case file's source) and a folder, with an error naming the path and
// saying what to do instead.
func TestNonRegularInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	// A test folder whose only entry is a named pipe.
	fifoDir := filepath.Join(dir, "cases")
	if err := os.Mkdir(fifoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "pipe.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Case files whose source is /dev/zero: absolute, relative, linked.
	zeroAbs := writeJSONFile(t, dir, "source-abs.json", map[string]any{"source": map[string]any{"cloudformation": "/dev/zero"},
		"cases": []any{map[string]any{"name": "a", "want": map[string]any{"role": "x"}}}})
	rel, err := filepath.Rel(dir, "/dev/zero")
	if err != nil {
		t.Fatal(err)
	}
	zeroRel := writeJSONFile(t, dir, "source-rel.json", map[string]any{"source": map[string]any{"terraform": rel},
		"cases": []any{map[string]any{"name": "a", "want": map[string]any{"role": "x"}}}})
	zeroLink := writeJSONFile(t, dir, "source-link.json", map[string]any{"source": map[string]any{"cloudformation": "zero.json"},
		"cases": []any{map[string]any{"name": "a", "want": map[string]any{"role": "x"}}}})

	tests := []struct {
		name, what string
		args       []string
	}{
		{"lint a pipe", "a named pipe", []string{"lint", fifo}},
		{"lint /dev/zero", "a device", []string{"lint", "/dev/zero"}},
		{"lint a link to /dev/zero", "a device", []string{"lint", zero}},
		{"lint an empty folder", "no pool document, template or plan under this folder", []string{"lint", folder}},
		{"lint a folder holding a pipe", "no pool document, template or plan under this folder", []string{"lint", fifoDir}},
		{"--config a pipe", "a named pipe", []string{"lint", "--config", fifo, "testdata/pool.json"}},
		{"--roles a pipe", "a named pipe", []string{"lint", "--roles", fifo, "testdata/pool.json"}},
		{"--roles a folder", "a folder", []string{"lint", "--roles", folder, "testdata/pool.json"}},
		{"--user-pool a device", "a device", []string{"lint", "--user-pool", "us-east-1_X=/dev/zero", "testdata/pool.json"}},
		{"--bindings a pipe", "a named pipe", []string{"lint", "--bindings", fifo, "testdata/broken-template.json"}},
		{"--pool a pipe", "a named pipe", []string{"explain", "--pool", fifo}},
		{"--claims a pipe", "a named pipe", []string{"explain", "--pool", "testdata/pool.json", "--claims", fifo}},
		{"--claims /dev/zero", "a device", []string{"explain", "--pool", "testdata/pool.json", "--claims", "/dev/zero"}},
		{"--token a pipe", "a named pipe", []string{"explain", "--pool", "testdata/pool.json", "--token", fifo, "--unverified"}},
		{"diff a pipe", "a named pipe", []string{"diff", "testdata/pool.json", fifo}},
		{"import a device", "a device", []string{"import", "/dev/zero"}},
		{"test a pipe", "a named pipe", []string{"test", fifo}},
		{"test a folder holding a pipe", "a named pipe", []string{"test", fifoDir}},
		{"a case file's absolute source /dev/zero", "a device", []string{"test", zeroAbs}},
		{"a case file's relative source ../../dev/zero", "a device", []string{"test", zeroRel}},
		{"a case file's source linked to /dev/zero", "a device", []string{"test", zeroLink}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, stdout, stderr := runIn(tt.args, "")
			out := stdout + stderr
			if status != exitUsage || !strings.Contains(out, tt.what) || !strings.Contains(out, "rolemap reads only regular files") && !strings.Contains(out, "name a file in it") && !strings.Contains(out, "would otherwise pass silently") {
				t.Errorf("status %d, want %d and an error saying %q and what to do:\n%s", status, exitUsage, tt.what, out)
			}
		})
	}
}
