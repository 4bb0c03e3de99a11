package tfconfig

import (
	"flag"
	"os"
	"testing"
)

// TestMain bounds how long `go test -fuzz FuzzRead` minimizes each input
// that finds new coverage, unless -fuzzminimizetime is given: by default
// the fuzzer spends up to a minute on each, rereading a configuration
// folder for every byte it tries to remove from a seed of a few KiB, and
// reports about 0 execs/s meanwhile (it counts no minimizing run), which
// looked like a stall.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.fuzzminimizetime" })
	if !set {
		if err := flag.Set("test.fuzzminimizetime", "200x"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
