package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

var testCmd = &command{
	name:    "test",
	summary: "run case files: the decisions pools must make",
	usage: `
Usage: rolemap test [flags] [PATH...]

Runs the case files at each PATH (their format: the rolemap/casefile
package docs), a file or a folder searched recursively for case files
(default: the current folder), as rolemaptest.RunDir does in a Go test: each case's
request must get its expected role or error, and a file's invalid,
unreachable and findings lists must be exactly what validation and lint
report. A case file may name a CloudFormation template or terraform show
-json output as its source instead of a pool. A folder's dependency and
build folders (node_modules, cdk.out, vendor, dot-folders) are not
searched, and a JSON file with none of a case file's members (package.json,
tsconfig.json…) is skipped; -v lists what was skipped.

When a file gives trust policies but none for the role a case's request
gets (a role the template refers to by ARN), the case's want.role and
want.tags are checked and its trust is unverified: the case passes, and
the file's summary counts it and names the role. --require-trust (or the
file's "requireTrust": true) makes such a case fail.

The text output is go test's: a --- FAIL line and the explanation for each
failed case, ok or FAIL for each file. The exit status is 1 when a case
fails, 2 when a file cannot be read or parsed (its error names the line and
column).

Example:

	$ rolemap test testdata/pools
	ok  	testdata/pools/google.json	3 checks
	$ rolemap test --format junit testdata/pools > rolemap-junit.xml
`,
}

func init() { testCmd.run = runTest }

func runTest(e *env, args []string) int {
	c := testCmd
	fs := c.flags(e)
	format := fs.String("format", "text", "the output: text (as go test), json, junit (JUnit XML) or github (workflow annotations)")
	requireTrust := fs.Bool("require-trust", false, "fail a case whose chosen role has no trust policy among the file's roles, instead of passing it as unverified (a file's \"requireTrust\": true does the same)")
	verbose := fs.Bool("v", false, "list every case, passed or not, the placeholders of imports, and the folders and JSON files skipped as no case files")
	paths, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	if *format != "text" && *format != "json" && *format != "junit" && *format != "github" {
		return c.usageError(e, "--format %q: want text, json, junit or github", *format)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var opts []casefile.Option
	if *requireTrust {
		opts = append(opts, casefile.RequireTrust())
	}
	reports, err := testReports(e, paths, opts, *verbose)
	if err != nil {
		return report(e, err)
	}
	switch *format {
	case "junit":
		err = casefile.WriteJUnit(e.raw, reports)
	case "json":
		err = casefile.WriteJSON(e.raw, reports)
	case "github":
		err = casefile.WriteGitHub(e.raw, reports)
	default:
		err = casefile.WriteText(e.stdout, reports, *verbose)
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "rolemap test:", err)
		return exitUsage
	}
	return testExit(reports)
}

// testReports checks the case files paths name: a file, or the case files
// found under a folder (listing on standard error what was skipped under
// verbose, or when none was found).
func testReports(e *env, paths []string, opts []casefile.Option, verbose bool) ([]casefile.Report, error) {
	var reports []casefile.Report
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, inputErrorf("%s: %v", p, err)
		}
		if !info.IsDir() {
			reports = append(reports, casefile.CheckFile(p, opts...))
			continue
		}
		files, skipped, err := casefile.FindCaseFiles(p)
		if verbose || errors.Is(err, casefile.ErrNoCaseFiles) {
			for _, s := range skipped {
				fmt.Fprintf(e.stderr, "skipped %s: %s\n", clip.Line(s.Path), s.Why)
			}
		}
		if errors.Is(err, casefile.ErrNoCaseFiles) {
			return nil, inputErrorf("%v: a wrong path would otherwise pass silently", err)
		}
		if err != nil {
			return nil, inputErrorf("%v", err)
		}
		for _, f := range files {
			reports = append(reports, casefile.CheckFile(f, opts...))
		}
	}
	return reports, nil
}

// testExit is the exit status of the reports: 2 when a file could not be
// read, 1 when a case failed.
func testExit(reports []casefile.Report) int {
	exit := exitOK
	for _, r := range reports {
		switch {
		case r.Err != nil:
			return exitUsage
		case r.Failed():
			exit = exitFail
		}
	}
	return exit
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }
