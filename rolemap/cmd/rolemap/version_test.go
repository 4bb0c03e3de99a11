package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionStamped builds rolemap as .ci/release does, with a version
// stamped in, and checks rolemap version prints it.
func TestVersionStamped(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "rolemap")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.stamped=v9.8.7", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("rolemap version: %v\n%s", err, out)
	}
	if got := string(out); !strings.HasPrefix(got, "rolemap v9.8.7 (go1.") {
		t.Errorf("rolemap version = %q, want the stamped v9.8.7 and the Go version", got)
	}
}
