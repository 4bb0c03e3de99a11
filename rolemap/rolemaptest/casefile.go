package rolemaptest

import "github.com/rolemapping/rolemapping/rolemap/casefile"

// The case-file format, its parser and its runner live in package
// rolemap/casefile, which production code (the rolemap command) uses
// without package testing. These names stay here so that tests written
// against rolemaptest keep compiling.

type (
	// File is [casefile.File].
	File = casefile.File
	// Case is [casefile.Case].
	Case = casefile.Case
	// Want is [casefile.Want].
	Want = casefile.Want
	// Source is [casefile.Source].
	Source = casefile.Source
	// Report is [casefile.Report].
	Report = casefile.Report
	// Result is [casefile.Result].
	Result = casefile.Result
)

// ParseFile is [casefile.ParseFile].
func ParseFile(data []byte) (*File, error) { return casefile.ParseFile(data) }

// CheckFile is [casefile.CheckFile].
func CheckFile(path string) Report { return casefile.CheckFile(path) }

// Check is [casefile.Check].
func Check(f *File, name string) Report { return casefile.Check(f, name) }
