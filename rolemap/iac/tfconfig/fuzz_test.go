package tfconfig

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead reads any main.tf (and terraform.tfvars) without a panic,
// within the reader's bounds. Seeded from the fixtures.
func FuzzRead(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*", "*.tf"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*.tf"))
	for _, name := range append(seeds, more...) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data), "")
	}
	f.Add(poolTF, `x = "y"`)
	f.Fuzz(func(t *testing.T, tf, tfvars string) {
		files := map[string]string{"main.tf": tf}
		if tfvars != "" {
			files["terraform.tfvars"] = tfvars
		}
		dir := write(t, files)
		res, err := Read(dir, nil)
		if err == nil && res == nil {
			t.Fatal("no result and no error")
		}
	})
}
