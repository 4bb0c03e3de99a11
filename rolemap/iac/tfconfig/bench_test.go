package tfconfig

import (
	"path/filepath"
	"testing"
)

// BenchmarkRead reads the fixture configurations.
func BenchmarkRead(b *testing.B) {
	for _, fx := range planFixtures {
		b.Run(fx.dir, func(b *testing.B) {
			b.ReportAllocs()
			dir := filepath.Join("testdata", "plans", fx.dir)
			for b.Loop() {
				if _, err := Read(dir, fx.bindings); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
