package jsnum

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"strconv"
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
		if back, err := strconv.ParseFloat(pair[0], 64); err != nil || back != v {
			t.Errorf("ParseFloat(%q) = %v, %v; want %v", pair[0], back, err, v)
		}
		n++
	}
	if n < 3000 {
		t.Fatalf("read only %d vectors", n)
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
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || back != v {
			t.Fatalf("ParseFloat(Append(%v)=%q) = %v, %v", v, s, back, err)
		}
		if len(s) > MaxLen {
			t.Fatalf("len(Append(%v)) = %d > MaxLen", v, len(s))
		}
	})
}
