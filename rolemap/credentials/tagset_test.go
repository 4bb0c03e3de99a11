package credentials_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/rolemap/credentials"
)

// TestTagsWriteAsTheMap: a Tags is written in JSON and by fmt exactly as
// its map was, so that outputs that held Credentials.Tags as a map do not
// change, with the encoder's HTML escaping on or off.
func TestTagsWriteAsTheMap(t *testing.T) {
	for _, m := range []map[string]string{
		nil,
		{},
		{"dept": "eng"},
		{"username": "u-1", "client": "app", "Dept": "a", "dept": "b", "é": "ü"},
		{"a<b": "x&y>", "line\u2028sep": "\x1b\x00", "bad": "\xff"},
	} {
		tags := credentials.TagsOf(m)
		if m != nil && len(m) == 0 {
			tags = credentials.Tags{}
		}
		if got, want := fmt.Sprint(tags), fmt.Sprint(m); got != want {
			t.Errorf("fmt.Sprint(%q) = %q; the map gives %q", tags, got, want)
		}
		type holder struct {
			Tags credentials.Tags `json:"tags,omitempty"`
			All  credentials.Tags `json:"all"`
		}
		type mapHolder struct {
			Tags map[string]string `json:"tags,omitempty"`
			All  map[string]string `json:"all"`
		}
		for _, escape := range []bool{true, false} {
			encode := func(v any) string {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(escape)
				if err := enc.Encode(v); err != nil {
					t.Fatal(err)
				}
				return b.String()
			}
			got, want := encode(holder{tags, tags}), encode(mapHolder{m, m})
			if got != want {
				t.Errorf("JSON of %q (escape HTML %v) = %s; the map gives %s", m, escape, got, want)
			}
			var back holder
			var backMap mapHolder
			if err := json.Unmarshal([]byte(got), &back); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(got), &backMap); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(credentials.TagsOf(backMap.All), back.All, cmpopts.EquateEmpty()); diff != "" || (back.All == nil) != (m == nil) {
				t.Errorf("JSON round trip of %s (-map +Tags):\n%s", got, diff)
			}
		}
	}
}

func TestTagsMethods(t *testing.T) {
	tags := credentials.TagsOf(map[string]string{"team": "a", "dept": "eng", "Dept": "x"})
	want := credentials.Tags{{Key: "Dept", Value: "x"}, {Key: "dept", Value: "eng"}, {Key: "team", Value: "a"}}
	if diff := cmp.Diff(want, tags); diff != "" {
		t.Errorf("TagsOf (-want +got):\n%s", diff)
	}
	if v, ok := tags.Get("dept"); !ok || v != "eng" {
		t.Errorf(`Get("dept") = %q, %v`, v, ok)
	}
	if _, ok := tags.Get("DEPT"); ok {
		t.Error(`Get("DEPT") found a tag; Get compares keys exactly`)
	}
	if diff := cmp.Diff([]string{"Dept", "dept", "team"}, tags.Keys()); diff != "" {
		t.Errorf("Keys (-want +got):\n%s", diff)
	}
	if tags.Len() != 3 || credentials.Tags(nil).Map() != nil || credentials.TagsOf(nil) != nil {
		t.Error("Len, or the nil Tags, is wrong")
	}
}
