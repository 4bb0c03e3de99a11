package jsnum

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// TestNodeVectors compares Append with Number.prototype.toString as run by
// Node.js (testdata/node-vectors.jsonl: [text, little-endian IEEE-754 hex]).
func TestNodeVectors(t *testing.T) {
	f, err := os.Open("testdata/node-vectors.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var pair [2]string
		if err := json.Unmarshal(sc.Bytes(), &pair); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		raw, err := hex.DecodeString(pair[1])
		if err != nil {
			t.Fatal(err)
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(raw))
		if got := string(Append(nil, v)); got != pair[0] {
			t.Errorf("Append(%v) = %q, want %q", v, got, pair[0])
		}
		if v != 0 || !math.Signbit(v) { // -0 is written "0"
			if back, ok := Canonical(pair[0]); !ok || back != v {
				t.Errorf("Canonical(%q) = %v, %v; want %v, true", pair[0], back, ok, v)
			}
		}
		n++
	}
	if n < 3000 {
		t.Fatalf("read only %d vectors", n)
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"3", true}, {"-0.5", true}, {"1e+21", true}, {"1.5e-7", true},
		{"0", true}, {"-0", false}, {"3.0", false}, {"03", false}, {"+3", false},
		{"1e21", false}, {"1E+21", false}, {"", false}, {" 3", false},
		{"Infinity", false}, {"NaN", false}, {"0x10", false}, {"1_000", false},
		{"100000000000000000000", true}, {"1e+20", false}, {"0.000001", true},
		{"1e-6", false}, {"1e-7", true}, {"abc", false},
	}
	for _, tt := range tests {
		if _, got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestAppendNoAlloc(t *testing.T) {
	var buf [MaxLen]byte
	allocs := testing.AllocsPerRun(100, func() {
		_ = Append(buf[:0], -1.2345678901234567e-300)
	})
	if allocs != 0 {
		t.Fatalf("Append allocated %v times", allocs)
	}
}

func TestMaxLen(t *testing.T) {
	for _, v := range []float64{-1.2345678901234567e-300, -0.0000012345678901234567, -123456789012345680000, -math.MaxFloat64, -math.SmallestNonzeroFloat64} {
		if n := len(Append(nil, v)); n > MaxLen {
			t.Errorf("len(Append(%v)) = %d > MaxLen", v, n)
		}
	}
}

func FuzzAppend(f *testing.F) {
	f.Add(1.5e-7)
	f.Add(1e21)
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		s := string(Append(nil, v))
		back, ok := Canonical(s)
		if !ok || back != v {
			t.Fatalf("Canonical(Append(%v)=%q) = %v, %v", v, s, back, ok)
		}
	})
}
