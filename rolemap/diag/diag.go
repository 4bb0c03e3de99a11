package diag

import "strconv"

// Severity says how bad a diagnostic is. The zero value is "the code's
// default", which the writers take from the [Catalogue].
type Severity uint8

const (
	// SeverityWarning: the input is accepted, and probably does not do what
	// its author meant.
	SeverityWarning Severity = iota + 1
	// SeverityError: the input is refused, or every request it concerns
	// fails.
	SeverityError
)

// String returns "warning" or "error" (SARIF's level names), and "none"
// for another value.
func (s Severity) String() string {
	switch s {
	case SeverityWarning:
		return "warning"
	case SeverityError:
		return "error"
	}
	return "none"
}

// Range is where a diagnostic is: a file, a 1-based line and a 1-based
// column counted in Unicode code points. A zero Line is a place not known
// (the file as a whole).
type Range struct {
	// File is the file as the reports name it: for SARIF and GitHub code
	// scanning, its path relative to the repository root, with forward
	// slashes.
	File string
	// Line and Column are 1-based; Column counts code points.
	Line, Column int
}

// String writes "FILE:LINE:COLUMN", or FILE alone when the line is not
// known.
func (r Range) String() string {
	if r.Line == 0 {
		return r.File
	}
	return r.File + ":" + strconv.Itoa(r.Line) + ":" + strconv.Itoa(r.Column)
}

// Diagnostic is one thing the module reports about an input: a finding of
// lint, a violation of validation, an error of an importer or a parser.
type Diagnostic struct {
	// Severity is how bad it is; zero is its code's default (see
	// [Catalogue]).
	Severity Severity
	// Code says what it is about; stable, so tools may filter on it.
	Code string
	// Path is the member it is about, in the reference's path syntax; empty
	// for a diagnostic about the whole document.
	Path Path
	// Message explains it.
	Message string
	// Fix suggests a change that removes it.
	Fix string
	// Related lists the paths of the other members it names, sorted: for
	// an unreachable rule the rules that shadow it.
	Related []Path

	// Pool names the pool inside a file that defines several (a template's
	// logical ID, a plan's resource address); "" for a pool document.
	Pool string
	// Range is where Path is ([Source.Place] sets it).
	Range Range
	// RelatedRanges are where the Related paths are, in their order; it
	// may be nil.
	RelatedRanges []Range
}

// String writes the diagnostic as "Path: Message [Code]", or
// "Message [Code]" for one about the whole document.
func (d Diagnostic) String() string {
	if len(d.Path) == 0 {
		return d.Message + " [" + d.Code + "]"
	}
	return d.Path.String() + ": " + d.Message + " [" + d.Code + "]"
}

// Subject writes the diagnostic's subject and message, as the text, JSON
// and JUnit reports do: "POOL: PATH: MESSAGE", leaving out what is empty.
func (d Diagnostic) Subject() string {
	what := d.Message
	if len(d.Path) > 0 {
		what = d.Path.String() + ": " + what
	}
	if d.Pool != "" {
		what = d.Pool + ": " + what
	}
	return what
}

// Rule is what a [Catalogue] says about one code.
type Rule struct {
	Code string
	// Severity is the code's default severity.
	Severity Severity
	// Summary says in a sentence what the code is about.
	Summary string
	// Help explains why it matters and how to fix it.
	Help string
	// HelpURI is the page that documents the code.
	HelpURI string
	// SecuritySeverity ranks the code's alerts in GitHub code scanning: a
	// number from 0.0 to 10.0 written as a string (9.0 and over critical,
	// 7.0 high, 4.0 medium, below low).
	SecuritySeverity string
	// Tags are the SARIF rule's tags.
	Tags []string
}

// Catalogue lists the codes diagnostics may have, for the writers: the
// rules of a SARIF log, and the default severity of a diagnostic whose
// Severity is zero.
type Catalogue struct {
	// Rules are the known codes, in the order a SARIF log lists them.
	Rules []Rule
	// Other gives the rule of a code Rules does not list (a caller's own),
	// with the severity of its first diagnostic; nil gives the code as its
	// own summary and help, and that severity.
	Other func(code string, sev Severity) Rule
}

// Rule returns the rule of code, and whether the catalogue lists it.
func (c *Catalogue) Rule(code string) (Rule, bool) {
	if c != nil {
		for _, r := range c.Rules {
			if r.Code == code {
				return r, true
			}
		}
	}
	return Rule{}, false
}

// SeverityOf returns d's severity: its own, or its code's default, or a
// warning for a code the catalogue does not list.
func (c *Catalogue) SeverityOf(d Diagnostic) Severity {
	if d.Severity != 0 {
		return d.Severity
	}
	if r, ok := c.Rule(d.Code); ok && r.Severity != 0 {
		return r.Severity
	}
	return SeverityWarning
}

// other returns the rule of a code the catalogue does not list.
func (c *Catalogue) other(code string, sev Severity) Rule {
	if c != nil && c.Other != nil {
		return c.Other(code, sev)
	}
	return Rule{Code: code, Severity: sev, Summary: code, Help: code}
}
