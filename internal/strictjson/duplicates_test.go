package strictjson_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/internal/strictjson"
)

// anything is the schema that accepts any value: Check then reports only
// duplicate members.
var anything = &strictjson.Schema{Any: true}

// TestDuplicatesAgreesWithCheck checks that Duplicates reports what Check
// reports with a schema accepting anything, on hand-made documents and on
// every JSON fixture of the module.
func TestDuplicatesAgreesWithCheck(t *testing.T) {
	docs := []string{
		`{}`, `[]`, `"x"`, `3`,
		`{"a": 1, "a": 2}`,
		`{"Statement": {"Effect": "Deny", "Effect": "Allow"}}`,
		"{\"a\": {\"b\": [1, {\"c\": 1,\n \"c\": 2}], \"b\": null}}",
		`{"a": 1, "\u0061": 2}`,
		`{"a\"b": 1, "a\"b": 2, "x y": [{}, {"k": 1, "k": 2}]}`,
		`[{"k": 1}, {"k": 2}, [{"k": 1, "k": 2}]]`,
		`{"s": "{\"a\": 1, \"a\": 2}", "s2": "\\", "t": "\"", "t": 1}`,
		`{"é": 1, "é": 2, "arn:aws:iam::1:role/A": 1, "arn:aws:iam::1:role/A": 2}`,
		`{"` + strings.Repeat("k", 600) + `": 1, "` + strings.Repeat("k", 600) + `": 2}`,
	}
	var big strings.Builder
	big.WriteString(`{`)
	for i := range 40 {
		big.WriteString(`"k` + strconv.Itoa(i) + `": {"x": 1, "x": 2}, `)
	}
	big.WriteString(`"k3": 1, "k39": 2, "k\u0030": 3}`)
	docs = append(docs, big.String())
	many := `[` + strings.Repeat(`{"a": 1, "a": 2},`, 150) + `{}]`
	docs = append(docs, many)
	fixtures, err := filepath.Glob("../../rolemap/*/testdata/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	if len(fixtures) < 10 {
		t.Fatalf("only %d fixtures", len(fixtures))
	}
	for i, doc := range docs {
		want, err := strictjson.Check([]byte(doc), anything)
		if err != nil {
			continue // not one JSON value
		}
		got := strictjson.Duplicates([]byte(doc))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("doc %d (%.80q): Duplicates (-Check +Duplicates):\n%s", i, doc, diff)
		}
	}
}

// TestDuplicatesAllocs checks that Duplicates allocates little on a large
// document without duplicates: far less than its size.
func TestDuplicatesAllocs(t *testing.T) {
	doc := []byte(`{"Resources": {` + strings.Repeat(`"R": {"Type": "AWS::IAM::Role", "Properties": {"A": [1, 2, {"b": "c"}]}},`, 5000) + `"Z": 1}}`)
	var got strictjson.Report
	allocs := testing.AllocsPerRun(5, func() { got = strictjson.Duplicates(doc) })
	if len(got.Issues) != 100 || got.More != 4899 {
		t.Fatalf("Duplicates: %d issues, %d more; want 100 and 4899", len(got.Issues), got.More)
	}
	t.Logf("%v allocations on %d bytes", allocs, len(doc))
	if allocs > 1000 {
		t.Errorf("Duplicates allocates %v times on %d bytes", allocs, len(doc))
	}
}
