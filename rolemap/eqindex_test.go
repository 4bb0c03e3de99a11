package rolemap

import (
	"strconv"
	"strings"
	"testing"
)

func TestEqIndex(t *testing.T) {
	var x eqIndex
	want := map[string]int32{}
	for i := range 400 {
		v := "group-" + strconv.Itoa(i%300) // values 0..99 appear twice
		x.add(v, int32(i))
		if _, dup := want[v]; !dup {
			want[v] = int32(i)
		}
	}
	for v, i := range want {
		if got := x.lookup(v); got != i {
			t.Errorf("lookup(%q) = %d, want %d (the first rule with it)", v, got, i)
		}
	}
	for _, miss := range []string{"", "group-", "group-300", "Group-1", "group-1 ", strings.Repeat("x", 1<<20), "group-\xff"} {
		if got := x.lookup(miss); got != noRule {
			t.Errorf("lookup(%.20q) = %d, want none", miss, got)
		}
	}
	if x.first != 0 {
		t.Errorf("first = %d, want 0", x.first)
	}
	if n := len(x.entries); n < 2*len(want) || n&(n-1) != 0 {
		t.Errorf("table of %d entries for %d values: want a power of two, at least twice", n, len(want))
	}
}
