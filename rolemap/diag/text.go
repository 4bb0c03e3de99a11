package diag

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// WriteText writes diagnostics as text, two lines each at most:
//
//	FILE:LINE:COLUMN: SEVERITY CODE: POOL: PATH: MESSAGE
//		fix: FIX
//
// (FILE alone when the line is not known; the pool, the path and the fix
// when there are). Text from the inputs is escaped as [clip.Lines] does, so
// that no escape sequence reaches a terminal.
func WriteText(w io.Writer, cat *Catalogue, ds []Diagnostic) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		line := d.Range.String() + ": " + cat.SeverityOf(d).String() + " " + d.Code + ": " + d.Subject() + "\n"
		if d.Fix != "" {
			line += "\tfix: " + d.Fix + "\n"
		}
		bw.WriteString(clip.Lines(line))
	}
	return bw.Flush()
}

// JSONDiagnostic is a diagnostic as [WriteJSON] writes it.
type JSONDiagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Pool     string   `json:"pool,omitempty"`
	Code     string   `json:"code"`
	Severity string   `json:"severity"`
	Path     string   `json:"path,omitempty"`
	Message  string   `json:"message"`
	Fix      string   `json:"fix,omitempty"`
	Related  []string `json:"related,omitempty"`
}

// JSON returns d as [WriteJSON] writes it, its severity given by cat.
func (cat *Catalogue) JSON(d Diagnostic) JSONDiagnostic {
	out := JSONDiagnostic{File: d.Range.File, Line: d.Range.Line, Column: d.Range.Column, Pool: d.Pool,
		Code: d.Code, Severity: cat.SeverityOf(d).String(), Path: d.Path.String(), Message: d.Message, Fix: d.Fix}
	for _, r := range d.Related {
		out.Related = append(out.Related, r.String())
	}
	return out
}

// JSONReport is what [WriteJSON] writes: the diagnostics, and the count of
// those a configuration suppressed, by code.
type JSONReport struct {
	Findings   []JSONDiagnostic `json:"findings"`
	Suppressed int              `json:"suppressed"`
	ByCode     map[string]int   `json:"suppressedByCode,omitempty"`
}

// WriteJSON writes diagnostics as one JSON object, indented as the AWS CLI
// does: {"findings": [...], "suppressed": N, "suppressedByCode": {...}},
// suppressed counting the diagnostics left out, by code (nil: none). The
// few characters encoding/json leaves raw that a terminal acts on (DEL, C1
// and bidi controls) are escaped.
func WriteJSON(w io.Writer, cat *Catalogue, ds []Diagnostic, suppressed map[string]int) error {
	out := JSONReport{Findings: []JSONDiagnostic{}, ByCode: suppressed}
	for _, n := range suppressed {
		out.Suppressed += n
	}
	for _, d := range ds {
		out.Findings = append(out.Findings, cat.JSON(d))
	}
	return writeIndented(w, out, "    ")
}

// writeIndented writes v as indented JSON, its terminal controls escaped.
func writeIndented(w io.Writer, v any, indent string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", indent)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(clip.JSON(buf.Bytes()))
	return err
}
