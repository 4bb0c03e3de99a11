package clip

import (
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"
)

// MaxLine is the most bytes of one line a [Writer] writes: the rest of a
// longer line is counted, "… (N bytes)".
const MaxLine = 4096

// Line makes s safe to print on one line of a terminal or a CI log, for
// text that comes from an input (a name, a claim, a token's issuer): every
// control character — newlines and tabs included, ESC, DEL, the C1 controls
// — every bidirectional formatting character and every byte of invalid
// UTF-8 is written as a Go escape (\x1b, \u202e), so that no escape
// sequence reaches the terminal and no line is forged; and a leading "::",
// which GitHub Actions reads as a workflow command (::error, ::add-mask::),
// is written \x3a:. A string with none of these is returned as it is.
func Line(s string) string { return escape(s, false) }

// Lines is Line for text of several lines: newlines and tabs are kept, and
// each line is escaped as Line does.
func Lines(s string) string { return escape(s, true) }

func escape(s string, multiline bool) string {
	if clean(s, multiline) {
		return s
	}
	var b []byte
	lineStart := true
	for i := 0; i < len(s); {
		if lineStart {
			// Blanks before a workflow command are ignored by the runner.
			j := i
			for j < len(s) && (s[j] == ' ' || (multiline && s[j] == '\t')) {
				j++
			}
			b = append(b, s[i:j]...)
			i = j
			if i+1 < len(s) && s[i] == ':' && s[i+1] == ':' {
				b = append(b, `\x3a`...)
				i++
			}
			lineStart = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\x`...)
			b = append(b, hex[s[i]>>4], hex[s[i]&15])
		case multiline && r == '\n':
			b = append(b, '\n')
			lineStart = true
		case multiline && r == '\t':
			b = append(b, '\t')
		case unsafe(r):
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\u202e'
			b = append(b, q[1:len(q)-1]...)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

const hex = "0123456789abcdef"

// clean reports whether s needs no escape.
func clean(s string, multiline bool) bool {
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if lineStart && c == ':' && i+1 < len(s) && s[i+1] == ':' {
			return false
		}
		switch {
		case c == '\n' && multiline:
			lineStart = true
			continue
		case c == '\t' && multiline, c == ' ':
			continue // blanks keep a line's start
		case c < 0x20 || c == 0x7f:
			return false
		case c >= 0x80:
			// Decode: C1 controls, bidi controls, invalid UTF-8.
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && size == 1) || unsafe(r) {
				return false
			}
			i += size - 1
		}
		lineStart = false
	}
	return true
}

// unsafe reports whether r must not reach a terminal raw: a control
// character, a line or paragraph separator, or a bidirectional formatting
// character (which can make text read in another order than it is).
func unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029, r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Writer writes text to a terminal or a CI log safely: each line is
// escaped as [Lines] does and cut to [MaxLine] bytes, so that no input can
// send an escape sequence, forge a workflow command or print a line of
// unbounded length, whatever path its text takes to the output. It
// buffers a line until its newline; Flush writes the last one.
type Writer struct {
	w    io.Writer
	line []byte // the current line, without its newline
	max  int
	n    int // the current line's length, counting what was dropped
	err  error
}

// NewWriter returns a Writer to w whose lines are at most maxLine bytes
// (MaxLine when maxLine <= 0).
func NewWriter(w io.Writer, maxLine int) *Writer {
	if maxLine <= 0 {
		maxLine = MaxLine
	}
	return &Writer{w: w, max: maxLine}
}

// Write escapes p line by line; it always reports len(p) written unless
// the underlying writer failed.
func (w *Writer) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		nl := bytes.IndexByte(p, '\n')
		chunk := p
		if nl >= 0 {
			chunk = p[:nl]
		}
		w.n += len(chunk)
		// Keep what a line of max bytes can show, escaped (at most 6 bytes
		// a byte), and a few bytes to end a character.
		if keep := w.max + utf8.UTFMax - len(w.line); keep > 0 {
			w.line = append(w.line, chunk[:min(keep, len(chunk))]...)
		}
		if nl < 0 {
			break
		}
		w.endLine(true)
		p = p[nl+1:]
	}
	if w.err != nil {
		return 0, w.err
	}
	return total, nil
}

// endLine writes the buffered line.
func (w *Writer) endLine(newline bool) {
	out := Lines(string(w.line)) // a line: keeps its tabs
	if w.n > w.max || len(out) > w.max {
		out = prefix(out, w.max) + "… (" + strconv.Itoa(w.n) + " bytes)"
	}
	if newline {
		out += "\n"
	}
	if w.err == nil {
		_, w.err = io.WriteString(w.w, out)
	}
	w.line, w.n = w.line[:0], 0
}

// Flush writes a last line that has no newline.
func (w *Writer) Flush() error {
	if len(w.line) > 0 || w.n > 0 {
		w.endLine(false)
	}
	return w.err
}

// JSON escapes, in JSON text as encoding/json writes it, the characters
// it leaves raw that a terminal acts on: DEL, the C1 controls and the
// bidirectional formatting characters, as \u escapes. They can only be
// inside strings, where the escape means the same character, so the
// document is unchanged. JSON with none of them is returned as it is.
func JSON(data []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if c == 0x7f || (r != utf8.RuneError && unsafe(r)) {
			out = append(out, data[last:i]...)
			out = append(out, `\u`...)
			out = append(out, hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
			last = i + size
		}
		i += size
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}
