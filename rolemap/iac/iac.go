package iac

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// MaxFileSize is the largest template or plan the importers read.
const MaxFileSize = 16 << 20

// maxValueLen bounds every string an import builds (Fn::Join, Fn::Sub):
// no value a pool can hold is longer.
const maxValueLen = 1 << 20

// An Option configures [CloudFormation] and [Terraform].
type Option func(*config)

type config struct {
	bindings map[string]string
	place    func([]diag.Path) []Position // see WithPlaces
}

// decodeObject reads a JSON object (see decode), naming what it is in
// errors.
func decodeObject(data []byte, what string) (map[string]any, error) {
	v, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("iac: %s: %w", what, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("iac: %s: not a JSON object", what)
	}
	if err := duplicates(data); err != nil {
		return nil, err
	}
	return m, nil
}

// duplicates returns an error for each member whose name its object
// already has (at most 100 of them, then a count), placed at both: a
// decoder keeps only the last, so a template saying "Effect": "Deny",
// "Effect": "Allow" would be read as allowing, and other readers may take
// the first.
func duplicates(data []byte) error {
	report := strictjson.Duplicates(data) // decode has read data as JSON
	if len(report.Issues) == 0 {
		return nil
	}
	errs := make([]error, 0, len(report.Issues)+1)
	for _, is := range report.Issues {
		errs = append(errs, &Error{Path: clip.Path(is.Path), At: stepsOf(is.Steps), Line: is.Line, Column: is.Col,
			Problem: "the member is given twice (the first is at line " + strconv.Itoa(is.FirstLine) + ", column " + strconv.Itoa(is.FirstCol) +
				"); a JSON decoder keeps only the last and another reader may take the first, so keep one of them"})
	}
	if report.More > 0 {
		errs = append(errs, fmt.Errorf("iac: … and %d more members given twice", report.More))
	}
	return errors.Join(errs...)
}

func newConfig(opts []Option) *config {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return &c
}

// WithBindings gives values the file cannot know (rolemap/REFERENCE.md §7): a resource's
// Ref ("UserPool") or attribute ("AdminRole.Arn"), a parameter, an export
// of Fn::ImportValue, a pseudo parameter ("AWS::Region", "AWS::AccountId",
// "AWS::Partition", "AWS::URLSuffix", "AWS::StackName"), or for Terraform an
// attribute path (`aws_cognito_identity_pool_roles_attachment.main.roles["admin"]`)
// or the attribute an expression refers to ("aws_iam_role.admin.arn",
// "module.roles.admin_arn"). A binding always wins over a placeholder; one
// that names nothing the file uses is not an error. Calling it again adds
// to the bindings.
func WithBindings(bindings map[string]string) Option {
	return func(c *config) {
		if c.bindings == nil {
			c.bindings = map[string]string{}
		}
		maps.Copy(c.bindings, bindings)
	}
}

// Result is what an importer found: the pools, and every value it did not
// read from the file, so a test can print them.
type Result struct {
	// Pools are the pool documents, by the identity pool's logical ID
	// (CloudFormation) or resource address (Terraform).
	Pools map[string]rolemap.Pool
	// Bindings are the caller's bindings the import used, sorted by name.
	Bindings []Substitution
	// Placeholders are the values the import made up for what the file
	// cannot know, sorted by name: bind Name to replace one.
	Placeholders []Substitution
	// Inferred are the pseudo parameters (AWS::Region, AWS::AccountId,
	// AWS::Partition) the caller did not bind and the file states exactly
	// one value for, as a stack bound to an environment does: that value
	// replaced the fixed default. Bind Name to override one.
	Inferred []Substitution
	// Conflicts are the pseudo parameters the file states several values
	// for: the fixed default stayed; bind Name to choose.
	Conflicts []Conflict
	// UserPools are the groups and memberships of the user pools the file
	// defines, by user pool ID (rolemap/REFERENCE.md §7.5), and for those
	// the pools name, their schema, sign-up and verification settings, pre
	// token generation trigger, username attributes, app clients and
	// identity providers; nil when it defines none.
	UserPools map[string]usergroups.UserPool
	// Roles are the trust policies (AssumeRolePolicyDocument, intrinsics
	// evaluated) of the roles the pools can choose, and of the other roles
	// whose policy names the identity pools' principal, by role ARN, as
	// JSON: read them with trust.Parse. Other roles are not read.
	Roles map[string]json.RawMessage

	// Suppressions are the finding codes the file suppresses beside its
	// resources (a Terraform configuration's `# rolemap:ignore` comments),
	// sorted by place; nil when it has none.
	Suppressions []Suppression

	place func([]diag.Path) []Position // see Places; nil for JSON
	// resourcePaths are a plan's resource instances by their JSON path
	// (see ResourceAt).
	resourcePaths map[string]string
	origins       map[string]*origin    // by pool name
	roleOrigins   map[string]roleOrigin // each role's trust policy property, by ARN
	// userPoolOrigins are where the user pools' groups and memberships are.
	userPoolOrigins userPoolOrigins
}

// Substitution is one value the file did not hold.
type Substitution struct {
	Name  string // the binding that gives it
	Value string
}

// String writes the substitution as NAME = "VALUE".
func (s Substitution) String() string { return s.Name + " = " + strconv.Quote(s.Value) }

// Pool returns the pool named name, or, for an empty name, the only pool
// of the result.
func (r *Result) Pool(name string) (rolemap.Pool, error) {
	if name == "" {
		if len(r.Pools) == 1 {
			for _, p := range r.Pools {
				return p, nil
			}
		}
		return rolemap.Pool{}, fmt.Errorf("iac: the file defines %d pools (%s); name one", len(r.Pools), strings.Join(slices.Sorted(maps.Keys(r.Pools)), ", "))
	}
	p, ok := r.Pools[name]
	if !ok {
		return rolemap.Pool{}, fmt.Errorf("iac: no pool %q; the file defines %s", name, strings.Join(slices.Sorted(maps.Keys(r.Pools)), ", "))
	}
	return p, nil
}

// poolsByID finds an imported pool by its IdentityPoolId: it maps each ID
// to the first name, in sorted order, of a pool with it, so that an
// attachment naming its pool by value finds it without a scan.
type poolsByID map[string]string

func (b poolsByID) add(name, id string) {
	if prev, ok := b[id]; !ok || name < prev {
		b[id] = name
	}
}

// ErrNoPool is returned when a file defines no identity pool.
var ErrNoPool = errors.New("iac: no identity pool")

// Error is one thing an import could not do, at a JSON path inside the
// file: Resources.Attach.Properties.RoleMappings.google.RulesConfiguration.Rules[0].RoleARN.
// The importers report the Errors of a file at once, joined with
// errors.Join: the first 100 found, and a count of the rest. errors.As finds
// the first. Path and the message quote at most a bounded prefix of a long
// key or name (clip), so no Error is more than a few kilobytes long.
type Error struct {
	Path    string // the JSON path inside the template, the attribute path inside the plan
	Problem string // what could not be resolved, or why
	Binding string // a binding that would resolve it, if one would
	// Line and Column are where Path is in the file, 1-based, the column
	// counting Unicode code points; for a path the file does not have
	// (a missing member), where its nearest enclosing member is.
	Line, Column int
	// File is the file Line is in, when the import read several (a
	// Terraform configuration's .tf files); "" for the one file read.
	File string
	// At is Path as steps, when the importer recorded them (package
	// rolemap/diag); nil otherwise.
	At diag.Path
}

// Error writes "PATH: PROBLEM (bind "NAME" to resolve it)", quoting at
// most a bounded prefix of a long binding name.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Problem // about the whole file: a syntax error
	}
	s := e.Path + ": " + e.Problem
	if e.Binding != "" {
		s += " (bind " + clip.Quote(e.Binding) + " to resolve it)"
	}
	return s
}

// Errors returns the *Error values err holds, in order: the errors an
// importer joined. It returns nil for nil and for an error that holds
// none (a file that is not JSON, ErrNoPool).
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		var e *Error
		switch x := err.(type) {
		case nil:
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		default:
			if errors.As(err, &e) {
				out = append(out, e)
			}
		}
	}
	walk(err)
	return out
}

// env is the region, account, partition and URL suffix placeholders use.
type env struct {
	region, account, partition, suffix string
}

// recorder remembers which bindings and placeholders an import used.
type recorder struct {
	bindings     map[string]string
	used         map[string]string
	placeholders map[string]string
	literals     seen              // what the file states for the pseudo parameters
	inferred     map[string]string // pseudo parameters inferred from literals
	conflicts    []Conflict
	errs         []error
	jsonPaths    []diag.Path // the JSON path of each error, to place it
	// place places paths in the file as written, when a TemplateFormat
	// read it; nil for JSON.
	place   func([]diag.Path) []Position
	omitted int // errors beyond maxErrors
}

func newRecorder(c *config) *recorder {
	return &recorder{bindings: c.bindings, used: map[string]string{}, placeholders: map[string]string{},
		literals: seen{}, inferred: map[string]string{}, place: c.place}
}

// bound returns the caller's binding for name, recording its use.
func (r *recorder) bound(name string) (string, bool) {
	v, ok := r.bindings[name]
	if ok {
		r.used[name] = v
	}
	return v, ok
}

// value returns the binding for name, or records and returns the
// placeholder made by make.
func (r *recorder) value(name string, placeholder func() string) string {
	if v, ok := r.bound(name); ok {
		return v
	}
	v := placeholder()
	r.placeholders[name] = v
	return v
}

// maxErrors is the most errors an import reports; it counts the rest.
const maxErrors = 100

// fail records a problem at path, which is written only for the errors
// reported.
func (r *recorder) fail(path fmt.Stringer, problem, binding string) {
	if len(r.errs) >= maxErrors {
		r.omitted++
		return
	}
	r.errs = append(r.errs, &Error{Path: path.String(), Problem: problem, Binding: binding})
	var jp diag.Path // the whole file, for a path of no place
	switch at := path.(type) {
	case *loc:
		jp = at.path()
	case interface{ jsonLoc() *loc }:
		jp = at.jsonLoc().path()
	}
	r.jsonPaths = append(r.jsonPaths, jp)
}

// result returns the import's Result, or its errors placed in data.
func (r *recorder) result(data []byte, pools map[string]rolemap.Pool, origins map[string]*origin) (*Result, error) {
	if len(r.errs) > 0 {
		place := r.place
		if place == nil {
			place = jsonPlace(data)
		}
		for i, pos := range place(r.jsonPaths) {
			e := r.errs[i].(*Error)
			e.Line, e.Column, e.File = pos.Line, pos.Column, pos.File
		}
	}
	if r.omitted > 0 {
		return nil, errors.Join(append(r.errs, fmt.Errorf("iac: … and %d more problems", r.omitted))...)
	}
	if len(r.errs) > 0 {
		return nil, errors.Join(r.errs...)
	}
	res := &Result{Pools: pools, origins: origins, place: r.place}
	for _, k := range slices.Sorted(maps.Keys(r.used)) {
		res.Bindings = append(res.Bindings, Substitution{Name: k, Value: r.used[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(r.placeholders)) {
		res.Placeholders = append(res.Placeholders, Substitution{Name: k, Value: r.placeholders[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(r.inferred)) {
		res.Inferred = append(res.Inferred, Substitution{Name: k, Value: r.inferred[k]})
	}
	res.Conflicts = r.conflicts
	return res, nil
}

// environment resolves the pseudo parameters (rolemap/REFERENCE.md §7.1):
// AWS::Region, AWS::AccountId and AWS::Partition take the caller's binding,
// else the one value the file states literally (inferred), else the fixed
// defaults us-east-1 and 123456789012 and the partition of the region;
// AWS::URLSuffix follows the region.
func (r *recorder) environment() env {
	e := env{region: r.pseudo("AWS::Region", func() string { return "us-east-1" })}
	e.account = r.pseudo("AWS::AccountId", func() string { return "123456789012" })
	e.partition = r.pseudo("AWS::Partition", func() string { return partitionOf(e.region) })
	e.suffix = r.value("AWS::URLSuffix", func() string { return suffixOf(e.region) })
	return e
}

// pseudo is a pseudo parameter: bound, inferred, or its placeholder.
func (r *recorder) pseudo(name string, placeholder func() string) string {
	if v, ok := r.bound(name); ok {
		return v
	}
	if v, ok := r.infer(name); ok {
		return v
	}
	return r.value(name, placeholder)
}

func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func suffixOf(region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// poolID is the placeholder of an identity pool's ID: REGION, ":", and a
// UUID-shaped string, the first 16 bytes of the SHA-256 of name.
func poolID(region, name string) string {
	h := sha256.Sum256([]byte(name))
	x := hex.EncodeToString(h[:16])
	return region + ":" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

// loc is a JSON path inside the file, built as the walk goes down and
// written only for an error: a path holds keys, which a hostile file makes
// long, and writing one for every value walked would make an import
// quadratic in the depth of the file (rolemap/REFERENCE.md §7.1 syntax: a.b, and a["k.x"]
// for a key with a "." or "[").
type loc struct {
	parent *loc
	name   string // a member name, unless idx >= 0
	idx    int    // a list index, or -1
}

func root(name string) *loc         { return &loc{name: name, idx: -1} }
func (l *loc) member(k string) *loc { return &loc{parent: l, name: k, idx: -1} }
func (l *loc) index(i int) *loc     { return &loc{parent: l, idx: i} }

// path returns l's steps: a name String would quote is a key.
func (l *loc) path() diag.Path {
	n := 0
	for s := l; s != nil; s = s.parent {
		n++
	}
	out := make(diag.Path, n)
	for s := l; s != nil; s = s.parent {
		n--
		switch {
		case s.idx >= 0:
			out[n] = diag.Step{Kind: diag.StepIndex, Index: s.idx}
		case s.name == "" || len(s.name) > clip.MaxKey || strings.ContainsAny(s.name, ".[]\"\\"):
			out[n] = diag.Step{Kind: diag.StepKey, Name: s.name}
		default:
			out[n] = diag.Step{Kind: diag.StepMember, Name: s.name}
		}
	}
	return out
}

// String writes the path. Keys are quoted at most clip.MaxKey bytes long,
// and a path longer than clip.MaxPath keeps its first and last steps, so
// that writing one costs its depth, never its keys' lengths.
func (l *loc) String() string {
	var steps []*loc
	for s := l; s != nil; s = s.parent {
		steps = append(steps, s)
	}
	slices.Reverse(steps)
	step := func(k int) string {
		s := steps[k]
		switch {
		case s.idx >= 0:
			return "[" + strconv.Itoa(s.idx) + "]"
		case s.name == "" || len(s.name) > clip.MaxKey || strings.ContainsAny(s.name, ".[]\"\\"):
			return "[" + clip.QuoteKey(s.name) + "]"
		case k == 0:
			return s.name
		}
		return "." + s.name
	}
	var head strings.Builder
	k := 0
	for ; k < len(steps) && head.Len() <= clip.MaxPath; k++ {
		head.WriteString(step(k))
	}
	if k == len(steps) {
		return clip.Path(head.String())
	}
	// Too long: the steps from the end, as many as fit in half the limit.
	var tail []string
	n := 0
	for j := len(steps) - 1; j >= k && n <= clip.MaxPath/2; j-- {
		tail = append(tail, step(j))
		n += len(tail[len(tail)-1])
	}
	slices.Reverse(tail)
	return clip.Path(head.String()) + "…(" + strconv.Itoa(len(steps)) + " steps)…" + strings.Join(tail, "")
}

// known returns a non-nil copy of a provider list, so that a pool defined
// in the file has known provider configuration (absent = empty).
func known[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
