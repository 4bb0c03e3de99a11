package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// bigPool writes a pool document of about n bytes whose bulk is its
// IdentityPoolTags (a member every reader decodes and the engine ignores):
// what a lint allocates beyond a fixed cost is then what it spends
// decoding and placing the file, one multiple of its size per pass.
func bigPool(t testing.TB, n int) string {
	tags := map[string]string{}
	for i := 0; len(tags)*40 < n; i++ {
		tags["tag-"+strconv.Itoa(i)] = strings.Repeat("v", 24)
	}
	var doc map[string]any
	data, err := os.ReadFile("testdata/pool.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	doc["IdentityPoolTags"] = tags
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// allocatedPerByte is how many bytes a run of rolemap with args allocates,
// per byte of the file at path: the least of three runs, which leaves out
// what the runtime allocates beside it now and then.
func allocatedPerByte(t *testing.T, path string, args ...string) float64 {
	least := allocatedOnce(t, path, args...)
	for range 2 {
		least = min(least, allocatedOnce(t, path, args...))
	}
	return least
}

func allocatedOnce(t *testing.T, path string, args ...string) float64 {
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var stdout, stderr bytes.Buffer
	run(append(args, path), strings.NewReader(""), &stdout, &stderr)
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(info.Size())
}

// A lint decodes its input once for what it is and its pool, once for the
// document's own findings, and places what it finds once: what it
// allocates is a small multiple of the file's size. Each redundant pass
// over the file raised it: a syntax check before the decode (about 3
// bytes a byte), a second decode of the document's members (3), a
// second decode of the pool (3), a second decode of a template for its
// metadata (a YAML template's most of all). Before package input, lint
// allocated 36.7 bytes a byte of a 1 MB pool document, 37.8 of the
// CredentialsStack template and 449.3 of a small YAML template (28.5,
// 34.7 and 315.9 since). A template with user pools and trust policies
// is also analysed for access (its paths and witnesses), which adds about
// 12 bytes a byte of CredentialsStack: its limit is 50.
func TestLintDecodesOnce(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates beside the program")
	}
	tests := []struct {
		name  string
		path  string
		limit float64 // bytes allocated per byte of the file
	}{
		{"a 1 MB pool document", bigPool(t, 1<<20), 31},
		{"a JSON template", credStack, 50},
		{"a YAML template", "testdata/template.yaml", 380},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := allocatedPerByte(t, tc.path, append([]string{"lint", "--format", "json"}, credBind...)...)
			t.Logf("rolemap lint allocates %.1f bytes per byte of %s", got, tc.path)
			if got > tc.limit {
				t.Errorf("rolemap lint allocates %.1f bytes per byte of %s, want at most %.0f", got, tc.path, tc.limit)
			}
		})
	}
}
