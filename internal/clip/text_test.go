package clip

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	tests := []struct{ in, line, lines string }{
		{"plain text", "plain text", "plain text"},
		{"é ünïcode", "é ünïcode", "é ünïcode"},
		{"a\x1b[31mred", `a\x1b[31mred`, `a\x1b[31mred`},
		{"osc \x1b]8;;http://x\x07link", `osc \x1b]8;;http://x\alink`, `osc \x1b]8;;http://x\alink`},
		{"a\nb", `a\nb`, "a\nb"},
		{"a\tb", `a\tb`, "a\tb"},
		{"cr\roverwrite", `cr\roverwrite`, `cr\roverwrite`},
		{"::error::pwned", `\x3a:error::pwned`, `\x3a:error::pwned`},
		{"  ::add-mask::x", `  \x3a:add-mask::x`, `  \x3a:add-mask::x`},
		{"x\n::error::y", `x\n::error::y`, "x\n\\x3a:error::y"},
		{"x\n\t::warning::y", `x\n\t::warning::y`, "x\n\t\\x3a:warning::y"},
		{"a::b", "a::b", "a::b"},
		{"c1 \u009b31m", `c1 \u009b31m`, `c1 \u009b31m`},
		{"bidi \u202eevil", `bidi \u202eevil`, `bidi \u202eevil`},
		{"bad \xff utf8", `bad \xff utf8`, `bad \xff utf8`},
		{"del \x7f", `del \x7f`, `del \x7f`},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.line {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := Lines(tt.in); got != tt.lines {
			t.Errorf("Lines(%q) = %q, want %q", tt.in, got, tt.lines)
		}
		if got := Line(tt.in); rawControl(got, false) {
			t.Errorf("Line(%q) = %q holds a raw control character", tt.in, got)
		}
	}
}

// rawControl reports whether s holds a character a terminal or a CI log
// would act on (a newline and a tab only when !multiline), or a line that
// starts with "::".
func rawControl(s string, multiline bool) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
			return true
		}
	}
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if unsafe(r) {
			return true
		}
	}
	return !multiline && strings.Contains(s, "\n")
}

func TestWriter(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, 64)
	// Written in pieces that split lines and characters.
	in := "ok\tfile\n::error::x\nlogin: \x1b]0;title\x07é\n" + strings.Repeat("y", 1000) + "\nlast"
	for i := 0; i < len(in); i += 3 {
		if _, err := w.Write([]byte(in[i:min(i+3, len(in))])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "ok\tfile\n\\x3a:error::x\nlogin: \\x1b]0;title\\aé\n" + strings.Repeat("y", 64) + "… (1000 bytes)\nlast"
	if got := out.String(); got != want {
		t.Errorf("Writer wrote %q, want %q", got, want)
	}
}

// TestWriterBounded: a line of any length costs at most MaxLine bytes of
// buffer and output.
func TestWriterBounded(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, 0)
	chunk := bytes.Repeat([]byte("\x1b"), 1<<16)
	for range 64 { // a 4 MiB line
		w.Write(chunk)
	}
	w.Flush()
	if out.Len() > MaxLine+64 {
		t.Errorf("a 4 MiB line wrote %d bytes, want at most %d", out.Len(), MaxLine+64)
	}
	if cap(w.line) > 2*(MaxLine+utf8.UTFMax) {
		t.Errorf("the writer kept %d bytes of the line", cap(w.line))
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"plain", "a\x1b[31m", "::error::x", "x\n::add-mask::y", "\xff\xfe", "\u202e", "\t::x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := Line(s); rawControl(got, false) {
			t.Errorf("Line(%q) = %q", s, got)
		}
		if got := Lines(s); rawControl(got, true) {
			t.Errorf("Lines(%q) = %q", s, got)
		}
		var out bytes.Buffer
		w := NewWriter(&out, 100)
		w.Write([]byte(s))
		w.Flush()
		if rawControl(out.String(), true) {
			t.Errorf("Writer wrote %q for %q", out.String(), s)
		}
	})
}

func TestJSON(t *testing.T) {
	in := []byte("{\"a\": \"x\u009b31m\x7f\u202e\", \"b\": \"é\"}")
	want := `{"a": "x\u009b31m\u007f\u202e", "b": "é"}`
	if got := string(JSON(in)); got != want {
		t.Errorf("JSON() = %s, want %s", got, want)
	}
	clean := []byte(`{"a": "é"}`)
	if got := JSON(clean); &got[0] != &clean[0] {
		t.Error("JSON() copied clean JSON")
	}
}
