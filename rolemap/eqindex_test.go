package rolemap

import (
	"strconv"
	"strings"
	"testing"
)

func TestEqIndex(t *testing.T) {
	var x eqIndex
	if got := x.lookup("x"); got != -1 {
		t.Errorf("lookup on the zero index = %d, want -1", got)
	}
	want := map[string]int32{}
	for i := range 400 {
		v := "group-" + strconv.Itoa(i%300) // values 0..99 appear twice
		got := x.add(v, int32(i))
		if _, dup := want[v]; !dup {
			want[v] = int32(i)
		}
		if got != want[v] {
			t.Errorf("add(%q, %d) = %d, want %d (the first payload)", v, i, got, want[v])
		}
	}
	for v, i := range want {
		if got := x.lookup(v); got != i {
			t.Errorf("lookup(%q) = %d, want %d (the first payload)", v, got, i)
		}
	}
	for _, miss := range []string{"", "group-", "group-300", "Group-1", "group-1 ", strings.Repeat("x", 1<<20), "group-\xff"} {
		if got := x.lookup(miss); got != -1 {
			t.Errorf("lookup(%.20q) = %d, want -1", miss, got)
		}
	}
	if n := len(x.entries); n < 2*len(want) || n&(n-1) != 0 {
		t.Errorf("table of %d entries for %d values: want a power of two, at least twice", n, len(want))
	}
}
