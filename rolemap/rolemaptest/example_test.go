package rolemaptest_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// A team keeps its case files in its own repository, under one folder, and
// runs them all with one test function:
//
//	func TestPools(t *testing.T) { rolemaptest.RunDir(t, "testdata/pools") }
//
// Each file is a subtest named by its path below the folder, and each case
// a subtest of it. This example runs that test function in a child
// process and prints what go test -v shows.
func ExampleRunDir() {
	cmd := exec.Command(os.Args[0], "-test.run=^TestPools$", "-test.v")
	cmd.Env = append(os.Environ(), "ROLEMAPTEST_EXAMPLE=1")
	out, _ := cmd.CombinedOutput()
	elapsed := regexp.MustCompile(` \([0-9.]+s\)$`)
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "--- ") {
			fmt.Println(elapsed.ReplaceAllString(strings.TrimSpace(line), ""))
		}
	}
	// Output:
	// --- PASS: TestPools
	// --- PASS: TestPools/google/workspace
	// --- PASS: TestPools/google/workspace/findings
	// --- PASS: TestPools/google/workspace/staff
	// --- PASS: TestPools/google/workspace/personal_account
}

// TestPools is the one test function of ExampleRunDir; it runs only in the
// example's child process.
func TestPools(t *testing.T) {
	if os.Getenv("ROLEMAPTEST_EXAMPLE") == "" {
		return
	}
	rolemaptest.RunDir(t, "testdata/pools")
}
