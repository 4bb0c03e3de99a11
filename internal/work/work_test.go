package work

import "testing"

func TestCount(t *testing.T) {
	Add(5) // not counted
	if n := Count(func() { Add(2); Add(3) }); n != 5 {
		t.Errorf("Count = %d, want 5", n)
	}
	Add(7)
	if n := Count(func() {}); n != 0 {
		t.Errorf("Count of nothing = %d, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { Add(1) }); n != 0 {
		t.Errorf("Add allocates %v times", n)
	}
}
