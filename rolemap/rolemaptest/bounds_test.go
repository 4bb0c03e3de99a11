package rolemaptest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// TestParseFileBounded reads an 8 MiB case file of 400,000 cases, each with
// an unknown member. Before the cap on reported issues it took 1.8 s (and
// 11 s on the previous reader), allocated 3.7 GiB and returned an error of
// 18.7 MB; now it reports 100 issues and counts the rest, within a small
// multiple of decoding the file.
func TestParseFileBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}}, "cases": [`)
	for i := 0; b.Len() < 8<<20-64; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"nmae": "x"}`)
	}
	b.WriteString("]}")
	data := []byte(b.String())
	base, baseAlloc := timing.DecodeJSON(t, data), timing.DecodeAllocated(t, data)
	var err error
	var took time.Duration
	if !timing.Within(60*time.Second, func() {
		took = timing.Fastest(1, func() { _, err = rolemaptest.ParseFile(data) })
	}) {
		t.Fatal("ParseFile did not return in 60 s")
	}
	alloc := timing.Allocated(func() { _, err = rolemaptest.ParseFile(data) })
	if err == nil {
		t.Fatal("ParseFile accepted unknown members")
	}
	msg := err.Error()
	t.Logf("%d bytes: ParseFile %v (%.1f× decoding, %v), %d bytes allocated (%.1f× decoding), error of %d bytes",
		len(data), took, float64(took)/float64(base), base, alloc, float64(alloc)/float64(baseAlloc), len(msg))
	if took > 30*base {
		t.Errorf("ParseFile took %v, over 30× decoding the file (%v)", took, base)
	}
	if alloc > 8*baseAlloc {
		t.Errorf("ParseFile allocated %d bytes, over 8× decoding the file (%d)", alloc, baseAlloc)
	}
	if len(msg) > 64<<10 {
		t.Errorf("error of %d bytes, over 64 KiB", len(msg))
	}
	if n := strings.Count(msg, `did you mean "name"?`); n != 100 {
		t.Errorf("error lists %d issues, want 100", n)
	}
	if !strings.Contains(msg, "… and ") || !strings.Contains(msg, " more problems") {
		t.Errorf("error does not count the issues it omits:\n%.500s", msg)
	}
}

// TestParseFileDuplicates: a member given twice — the last want or pool
// would silently win — is an error naming both places.
func TestParseFileDuplicates(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"want", `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}},
 "cases": [{"name": "c", "login": "x", "want": {"error": "e"}, "want": {"role": "arn:aws:iam::123456789012:role/a"}}]}`,
			`cases[0].want (line 2, column 64): duplicate member (the first is at line 2, column 40); a decoder keeps only one of them (case "c")`},
		{"pool", `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}},
 "pool": {}, "cases": []}`,
			`pool (line 2, column 2): duplicate member (the first is at line 1, column 2)`},
		{"claim", `{"pool": {"Roles": {"authenticated": "arn:aws:iam::123456789012:role/a"}},
 "cases": [{"name": "c", "login": "x", "claims": {"sub": "a", "sub": "b"}, "want": {"error": "e"}}]}`,
			`cases[0].claims.sub (line 2, column 63): duplicate member (the first is at line 2, column 51)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rolemaptest.ParseFile([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile error:\n%v\nwant it to say %q", err, tt.want)
			}
		})
	}
}
