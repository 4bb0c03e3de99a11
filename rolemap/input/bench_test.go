package input_test

import (
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/input"
)

// BenchmarkLoad reads a pool document and a template, with their
// deployments, from bytes: what one input costs a command beside the disk.
func BenchmarkLoad(b *testing.B) {
	for _, path := range []string{poolDoc, credCDK} {
		data := read(b, path)
		b.Run(path[len("../"):], func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				ld := &input.Loader{Files: map[string][]byte{"in.json": data}}
				l, err := ld.Load("in.json")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := l.Deployment(l.Pools[0].Name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
