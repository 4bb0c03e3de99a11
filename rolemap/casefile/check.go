package casefile

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

// Report is what checking one case file found, for tools that run case
// files outside go test (the rolemap command): [CheckFile], [CheckDir] and
// [Check] return it, and rolemaptest.RunFile and friends turn it into
// subtests.
type Report struct {
	// File is the case file's path, or the name given to Check.
	File string
	// Err, when not nil, is why no check ran: the file could not be read,
	// parsed or imported (its source). A case file's parse errors name their
	// line and column; a source's name the source file, line and column.
	Err error
	// Notes are the placeholders the file's import made, to print.
	Notes []string
	// Results are the checks, in order: "pool" when the pool does not
	// compile though the file needs a valid one, else "invalid",
	// "unreachable", "findings" and "access" when the file lists them,
	// then one per case.
	Results []Result
}

// Result is one check of a case file.
type Result struct {
	// Name is the case's name, or the name of a check of the whole file
	// ("pool", "invalid", "unreachable", "findings", "access"; see Kind).
	Name string
	// Kind is "case" for a case, and otherwise the check's name.
	Kind string
	// Failure says why the check failed: what was wanted, what was got and
	// the decision's explanation; "" when it passed.
	Failure string
	// Unverified, for a case, is the ARN of the role the pool chose when
	// the file gives trust policies but none for that role: the role
	// choice and the tags are checked, whether the role's trust policy lets
	// Cognito assume it is not. "" when the trust check ran, or does not
	// apply. See "Unverified trust" in the package docs.
	Unverified string
}

// Unverified lists, sorted and without repeats, the roles of r's cases
// whose trust was not verified ([Result.Unverified]), and counts those
// cases.
func (r Report) Unverified() (roles []string, cases int) {
	for _, res := range r.Results {
		if res.Unverified != "" {
			roles = append(roles, res.Unverified)
			cases++
		}
	}
	return set(roles), cases
}

// UnverifiedNote says why a role's trust is unverified and how to supply
// its policy, as the reports print it.
func UnverifiedNote(role string) string {
	return role + ` has no trust policy; give it under "roles"`
}

// Option changes how [Check], [CheckFile] and [CheckDir] check files.
type Option func(*options)

type options struct {
	requireTrust bool
}

// RequireTrust makes every file check as if it set "requireTrust": a case
// whose chosen role has no trust policy fails instead of passing as
// unverified.
func RequireTrust() Option { return func(o *options) { o.requireTrust = true } }

// Failed reports whether the file could not be checked or a check failed.
func (r Report) Failed() bool {
	if r.Err != nil {
		return true
	}
	for _, res := range r.Results {
		if res.Failure != "" {
			return true
		}
	}
	return false
}

// CheckFile reads, parses and, for a file with a source, imports the case
// file at path, and checks it: what rolemaptest.RunFile does, without
// package testing.
func CheckFile(path string, opts ...Option) Report {
	r := Report{File: path}
	data, err := readfile.Read(path, rolemap.MaxDocumentSize)
	if err != nil {
		r.Err = err
		return r
	}
	f, err := ParseFile(data)
	if err != nil {
		var ce *Error
		if errors.As(err, &ce) {
			ce.Range.File = path
		}
		r.Err = err
		return r
	}
	if err := f.Load(filepath.Dir(path)); err != nil {
		r.Err = err
		return r
	}
	return Check(f, path, opts...)
}

// ErrNoCaseFiles is CheckDir's error for a folder that holds no case file,
// so that a wrong path is not a silent pass.
var ErrNoCaseFiles = errors.New("no case files (*.json)")

// CheckDir checks every case file under dir ([FindCaseFiles]) in lexical
// order; see [CheckFile]. It fails for a folder it cannot walk and
// one that holds no case file ([ErrNoCaseFiles]).
func CheckDir(dir string, opts ...Option) ([]Report, error) {
	files, err := caseFiles(dir)
	if err != nil {
		return nil, err
	}
	reports := make([]Report, 0, len(files))
	for _, path := range files {
		reports = append(reports, CheckFile(path, opts...))
	}
	return reports, nil
}

func caseFiles(dir string) ([]string, error) {
	files, _, err := FindCaseFiles(dir)
	return files, err
}

// Check checks a parsed case file, naming it name in failures. A file with
// a source must be loaded first ([File.Load]); one that is not is a
// Report with Err set.
func Check(f *File, name string, opts ...Option) Report {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	r := Report{File: name}
	if f.Source != nil && !f.loaded && f.Imported == nil {
		r.Err = fmt.Errorf("%s: the pool comes from a source: call File.Load first", name)
		return r
	}
	if f.Imported != nil {
		for _, s := range f.Imported.Placeholders {
			r.Notes = append(r.Notes, "placeholder "+s.String())
		}
	}
	res, err := rolemap.Compile(f.Pool, f.Options()...)
	if f.Invalid != nil {
		r.Results = append(r.Results, Result{Name: "invalid", Kind: "invalid", Failure: checkInvalid(f, name, err)})
		return r
	}
	if err != nil {
		failure := fmt.Sprintf("%s: the pool must be valid; Compile: %v", name, err)
		if placed := f.pool.violations(name, err); placed != "" {
			failure = fmt.Sprintf("%s: the pool must be valid; Compile: rolemap: invalid pool document:%s", name, placed)
		}
		r.Results = append(r.Results, Result{Name: "pool", Kind: "pool", Failure: failure})
		return r
	}
	var findings []validate.Finding
	if f.Unreachable != nil || f.Findings != nil {
		findings = lint(f)
	}
	if f.Unreachable != nil {
		r.Results = append(r.Results, Result{Name: "unreachable", Kind: "unreachable", Failure: checkUnreachable(f, name, findings)})
	}
	if f.Findings != nil {
		r.Results = append(r.Results, Result{Name: "findings", Kind: "findings", Failure: checkFindings(f, name, findings)})
	}
	if f.Access != nil {
		ar, err := validate.Access(f.Deployment, validate.WithAccessMaxRules(cmp.Or(f.MaxRules, 25)))
		r.Results = append(r.Results, Result{Name: "access", Kind: "access", Failure: checkAccess(f, name, ar, err)})
	}
	var checker *credentials.Checker
	if f.needsCredentials() {
		checker, _ = credentials.New(res, f.Roles, credentials.WithPolicyErrors(f.RoleErrors))
	}
	requireTrust := f.RequireTrust || o.requireTrust
	for i, c := range f.Cases {
		failure, unverified := checkCase(res, checker, f, c, i, name, requireTrust)
		r.Results = append(r.Results, Result{Name: c.Name, Kind: "case", Failure: failure, Unverified: unverified})
	}
	return r
}

// got is what a case got, in the terms of its want.
type got struct {
	want   Want
	tags   map[string]string
	reason string
	text   string // the explanation
	// unverified is the chosen role when its trust policy is not given
	// (credentials.CodeUnknownRole).
	unverified string
}

// run resolves a case, through the credentials checker when there is one.
func run(res *rolemap.Resolver, checker *credentials.Checker, f *File, c Case, trace bool) (got, observed) {
	req := c.CredentialsRequest()
	req.Trace = trace
	if checker == nil {
		d, err := res.Resolve(req.Request)
		return got{want: outcome(d, err), text: rolemap.Explain(d, err)}, observe(d, err)
	}
	cr, err := checker.Get(req)
	g := got{want: outcome(cr.Decision, err), tags: cr.Tags.Map(), text: credentials.Explain(cr, err)}
	var te *credentials.TrustError
	var pe *trust.Error
	var re *rolemap.Error
	switch {
	case errors.As(err, &re) && re.Code == credentials.CodeUnknownRole && cr.Decision.RoleARN != "":
		g.unverified = cr.Decision.RoleARN
	case errors.As(err, &te):
		g.reason = string(te.Decision.Reason)
		return g, observe(te.RoleChoice, nil)
	case errors.As(err, &pe):
		g.want = Want{Error: pe.Code, Message: pe.Message()}
	}
	return g, observe(cr.Decision, err)
}

// checkCase resolves a case with and without a trace. It returns the
// failure, "" for none, and the chosen role when its trust is unverified.
func checkCase(res *rolemap.Resolver, checker *credentials.Checker, f *File, c Case, i int, name string, requireTrust bool) (failure, unverified string) {
	g, plain := run(res, checker, f, c, false)
	tg, traced := run(res, checker, f, c, true)
	g.text = tg.text
	where := name + ": case " + show(c.Name) + " (cases[" + itoa(i) + "])"
	var failures []string
	if diff := diffObserved(plain, traced); diff != "" {
		failures = append(failures, fmt.Sprintf("%s: the decisions with and without a trace differ:\n%s", where, diff))
	}
	want := c.Want
	gotW := g.want
	var what []string
	if g.unverified != "" && want.Error != credentials.CodeUnknownRole {
		// The role choice and the tags are known; the trust is not.
		gotW = Want{Role: g.unverified}
		unverified = g.unverified
		if requireTrust {
			what = append(what, "the trust of "+show(g.unverified)+" is unverified and requireTrust is set: "+UnverifiedNote(g.unverified))
		}
	}
	if want.Error != "" && want.Message == "" {
		gotW.Message = ""
	}
	if gotW.Role != want.Role || gotW.Error != want.Error || gotW.Message != want.Message {
		what = append(what, fmt.Sprintf("want %s\ngot  %s", show(Want{Role: want.Role, Error: want.Error, Message: want.Message}), show(gotW)))
	}
	if want.Reason != "" && want.Reason != g.reason {
		what = append(what, fmt.Sprintf("want reason %s\ngot  reason %s", show(want.Reason), show(g.reason)))
	}
	if want.Tags != nil && !maps.Equal(want.Tags, g.tags) {
		what = append(what, fmt.Sprintf("want tags %s\ngot  tags %s", show(want.Tags), show(g.tags)))
	}
	claims := c.Request().Claims
	for _, k := range slices.Sorted(maps.Keys(want.Claims)) {
		wv, gv := want.Claims[k], claims[k]
		if _, present := claims[k]; wv == nil && present || wv != nil && normalize(wv) != normalize(gv) {
			what = append(what, fmt.Sprintf("want claim %s = %s\ngot  %s", k, show(wv), show(gv)))
		}
	}
	if len(what) > 0 {
		failures = append(failures, fmt.Sprintf("%s:\n%s\nlogin %s, claims %s, customRoleArn %s\n%s",
			where, strings.Join(what, "\n"), show(c.Login), show(claims), show(c.CustomRoleARN), indent(g.text)))
	}
	return strings.Join(failures, "\n"), unverified
}

// normalize turns a claim value into its JSON form, so that []any and
// []string, json.Number and float64 compare alike.
func normalize(v any) string { return show(v) }

func checkInvalid(f *File, name string, err error) string {
	if err == nil {
		return fmt.Sprintf("%s: the pool must be invalid at %q; Compile accepted it", name, f.Invalid)
	}
	var ve *rolemap.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Sprintf("%s: Compile: %v; want a *rolemap.ValidationError", name, err)
	}
	var got []string
	for _, fe := range ve.Errors {
		got = append(got, fe.Path)
	}
	if diff := setDiff(f.Invalid, got); diff != "" {
		return fmt.Sprintf("%s: error paths differ:\n%s\nerrors:\n%v", name, diff, err)
	}
	return ""
}

// checkUnreachable checks that the rules validate.Lint reports as
// unreachable-rule are exactly the file's unreachable list.
func checkUnreachable(f *File, name string, findings []validate.Finding) string {
	var got, lines []string
	for _, fd := range findings {
		if fd.Code == validate.CodeUnreachableRule {
			got = append(got, fd.Path.String())
			lines = append(lines, fd.String())
		}
	}
	if diff := setDiff(f.Unreachable, got); diff != "" {
		return fmt.Sprintf("%s: unreachable rules differ:\n%s\nfindings:\n%s", name, diff, strings.Join(lines, "\n"))
	}
	return ""
}

// checkFindings checks that the lint findings are exactly the file's
// findings list.
func checkFindings(f *File, name string, findings []validate.Finding) string {
	var got, lines []string
	for _, fd := range findings {
		got = append(got, findingKey(fd))
		lines = append(lines, fd.String()+"\n\tfix: "+fd.Fix)
	}
	if diff := setDiff(f.Findings, got); diff != "" {
		return fmt.Sprintf("%s: lint findings differ:\n%s\nfindings:\n%s", name, diff, strings.Join(lines, "\n"))
	}
	return ""
}

// setDiff writes the difference of two lists read as sets, one line per
// item, sorted: "want, not got: X" for the items want has and got lacks,
// then "got, not wanted: Y"; "" when they hold the same items. Its text is
// the same on every run (go-cmp's diffs vary on purpose).
func setDiff(want, got []string) string {
	w, g := set(want), set(got)
	var b strings.Builder
	for _, s := range w {
		if _, found := slices.BinarySearch(g, s); !found {
			b.WriteString("  want, not got: " + show(s) + "\n")
		}
	}
	for _, s := range g {
		if _, found := slices.BinarySearch(w, s); !found {
			b.WriteString("  got, not wanted: " + show(s) + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// diffObserved writes the fields in which two observed decisions differ,
// in a fixed order, as "FIELD: untraced X, traced Y"; "" when none does.
func diffObserved(untraced, traced observed) string {
	var lines []string
	field := func(name string, a, b any) {
		if a != b {
			lines = append(lines, fmt.Sprintf("  %s: untraced %s, traced %s", name, show(a), show(b)))
		}
	}
	field("role", untraced.Role, traced.Role)
	field("reason", untraced.Reason, traced.Reason)
	field("mapping", untraced.Key, traced.Key)
	field("rule", untraced.Rule, traced.Rule)
	field("error", untraced.Code, traced.Code)
	field("message", untraced.Message, traced.Message)
	field("detail", untraced.Detail, traced.Detail)
	return strings.Join(lines, "\n")
}
