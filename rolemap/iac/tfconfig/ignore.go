package tfconfig

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// ignore is a `# rolemap:ignore CODE reason` comment (or `//`) on the
// lines directly above a resource or data block: it suppresses the
// findings of that code about that resource.
type ignore struct {
	Code, Reason string
	// File, Line and Column are where the comment is (the column counts
	// code points).
	File         string
	Line, Column int
}

// ignoresAbove reads the comment lines directly above the block that
// starts at r.
func ignoresAbove(src []byte, r hcl.Range) []ignore {
	if r.Start.Byte > len(src) {
		return nil
	}
	lines := bytes.Split(src[:r.Start.Byte], []byte("\n"))
	// The last element is the block's own line, up to the block.
	var out []ignore
	for n := len(lines) - 2; n >= 0; n-- {
		line := string(lines[n])
		trimmed := strings.TrimLeft(line, " \t")
		var text string
		switch {
		case strings.HasPrefix(trimmed, "#"):
			text = trimmed[1:]
		case strings.HasPrefix(trimmed, "//"):
			text = trimmed[2:]
		default:
			n = -1
			continue
		}
		text = strings.TrimSpace(text)
		rest, ok := strings.CutPrefix(text, "rolemap:ignore")
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		fields := strings.Fields(rest)
		ig := ignore{File: r.Filename, Line: n + 1, Column: len([]rune(line[:len(line)-len(trimmed)])) + 1}
		if len(fields) > 0 {
			ig.Code = fields[0]
			ig.Reason = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
		}
		out = append([]ignore{ig}, out...)
	}
	return out
}
