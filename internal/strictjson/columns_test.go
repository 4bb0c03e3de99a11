package strictjson

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestColumnsCountCodePoints: every place Check and Duplicates give counts
// its column in code points, as jsonpos and SARIF's unicodeCodePoints do, so
// a member after "é" or "日本" is not pushed right by its UTF-8 bytes.
func TestColumnsCountCodePoints(t *testing.T) {
	type place struct{ Line, Col, FirstLine, FirstCol int }
	schema := &Schema{Members: map[string]*Schema{"é": nil, "cases": nil}}
	tests := []struct {
		name string
		doc  string
		want place
	}{
		{"unknown after é", `{"é": 1, "casse": 2}`, place{1, 10, 0, 0}},
		{"unknown on a second line", "{\"é\": \"日本\",\n \"é\": 1, \"casse\": 2}", place{2, 10, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Check([]byte(tt.doc), schema)
			if err != nil || len(r.Issues) == 0 {
				t.Fatalf("Check: %v, %+v", err, r)
			}
			var got place
			for _, is := range r.Issues {
				if !is.Duplicate {
					got = place{is.Line, is.Col, 0, 0}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("syntax error after 日本", func(t *testing.T) {
		_, err := Check([]byte(`{"日本": 1,, }`), schema)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Check: %v, want a *SyntaxError", err)
		}
		if diff := cmp.Diff([2]int{1, 10}, [2]int{se.Line, se.Col}); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("duplicate after é", func(t *testing.T) {
		r := Duplicates([]byte("{\"é\": 1, \"é\": 2}"))
		if len(r.Issues) != 1 {
			t.Fatalf("Duplicates: %+v", r)
		}
		is := r.Issues[0]
		if diff := cmp.Diff(place{1, 10, 1, 2}, place{is.Line, is.Col, is.FirstLine, is.FirstCol}); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}
