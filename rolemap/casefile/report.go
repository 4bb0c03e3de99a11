package casefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// WriteText writes reports as go test does: for each file a "--- FAIL"
// line and the explanation of each failed check, then "ok" or "FAIL" with
// the count of checks; with verbose, a "--- PASS" line for each passed
// check and the file's notes too. A file that could not be checked is a
// "--- FAIL" with its error. Text from the case files (paths, names,
// failures quoting requests) is escaped for the terminal (clip.Line). The
// output depends only on the reports: the same files give the same bytes.
func WriteText(w io.Writer, reports []Report, verbose bool) error {
	var b bytes.Buffer
	for _, r := range reports {
		file := clip.Line(r.File)
		if r.Err != nil {
			fmt.Fprintf(&b, "--- FAIL: %s\n%s\nFAIL\t%s\n", file, indent4(clip.Lines(r.Err.Error())), file)
			continue
		}
		if verbose {
			for _, n := range r.Notes {
				fmt.Fprintf(&b, "    %s: %s\n", file, clip.Line(n))
			}
		}
		failed := 0
		for _, res := range r.Results {
			name := clip.Line(res.Name) // a case's name is the file's text
			switch {
			case res.Failure != "":
				failed++
				fmt.Fprintf(&b, "--- FAIL: %s/%s\n%s\n", file, name, indent4(clip.Lines(res.Failure)))
			case verbose && res.Unverified != "":
				fmt.Fprintf(&b, "--- PASS: %s/%s (trust unverified: %s)\n", file, name, clip.Line(UnverifiedNote(res.Unverified)))
			case verbose:
				fmt.Fprintf(&b, "--- PASS: %s/%s\n", file, name)
			}
		}
		if failed > 0 {
			fmt.Fprintf(&b, "FAIL\t%s\t%d of %s failed%s\n", file, failed, plural(len(r.Results), "check"), unverifiedSummary(r))
		} else {
			fmt.Fprintf(&b, "ok  \t%s\t%s%s\n", file, plural(len(r.Results), "check"), unverifiedSummary(r))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// unverifiedSummary is " (N unverified: ROLE has no trust policy; give it
// under "roles")" for a report with unverified cases, naming each role, and
// "" for one without.
func unverifiedSummary(r Report) string {
	roles, n := r.Unverified()
	if n == 0 {
		return ""
	}
	what := UnverifiedNote(roles[0])
	if len(roles) > 1 {
		what = strings.Join(roles, ", ") + ` have no trust policy; give them under "roles"`
	}
	return fmt.Sprintf(" (%d unverified: %s)", n, clip.Line(what))
}

// JSONReport is the document [WriteJSON] writes.
type JSONReport struct {
	// Pass is true when every file was checked and every check passed.
	Pass  bool       `json:"pass"`
	Files []JSONFile `json:"files"`
	// Passed and Failed count the checks of all files; Unverified counts
	// the cases whose trust is unverified ([Result.Unverified]), passed or
	// not.
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
	Unverified int `json:"unverified,omitempty"`
}

// JSONFile is one file of a [JSONReport].
type JSONFile struct {
	File    string       `json:"file"`
	Pass    bool         `json:"pass"`
	Error   string       `json:"error,omitempty"`
	Notes   []string     `json:"notes,omitempty"`
	Results []JSONResult `json:"results"`
	// Unverified lists the roles whose trust is unverified, sorted.
	Unverified []string `json:"unverified,omitempty"`
}

// JSONResult is one check of a [JSONFile].
type JSONResult struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Pass    bool   `json:"pass"`
	Failure string `json:"failure,omitempty"`
	// Unverified is [Result.Unverified]: the chosen role, when its trust
	// policy is not given.
	Unverified string `json:"unverified,omitempty"`
}

// NewJSONReport turns reports into the document [WriteJSON] writes.
func NewJSONReport(reports []Report) JSONReport {
	out := JSONReport{Pass: true, Files: []JSONFile{}}
	for _, r := range reports {
		f := JSONFile{File: r.File, Pass: !r.Failed(), Notes: r.Notes, Results: []JSONResult{}}
		if r.Err != nil {
			f.Error = r.Err.Error()
		}
		for _, res := range r.Results {
			f.Results = append(f.Results, JSONResult{Name: res.Name, Kind: res.Kind, Pass: res.Failure == "", Failure: res.Failure, Unverified: res.Unverified})
			if res.Failure == "" {
				out.Passed++
			} else {
				out.Failed++
			}
		}
		var n int
		f.Unverified, n = r.Unverified()
		out.Unverified += n
		out.Pass = out.Pass && f.Pass
		out.Files = append(out.Files, f)
	}
	return out
}

// WriteJSON writes reports as one indented JSON document ([JSONReport]).
// The characters a terminal acts on that encoding/json leaves raw (DEL and
// the C1 controls) are written as \u escapes (clip.JSON).
func WriteJSON(w io.Writer, reports []Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "    ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(NewJSONReport(reports)); err != nil {
		return err
	}
	_, err := w.Write(clip.JSON(buf.Bytes()))
	return err
}

func indent4(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
