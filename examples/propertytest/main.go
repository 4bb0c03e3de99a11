package main

import (
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// poolJSON is the pool document the properties are checked against.
//
//go:embed testdata/pool.json
var poolJSON []byte

// The roles the properties speak about.
const (
	roleAdmin    = "arn:aws:iam::444455556666:role/PortalAdmin"
	roleReadOnly = "arn:aws:iam::444455556666:role/PortalReadOnly"
)

// A property is a security rule every sign-in must obey: for every request
// it is about, the outcome must be allowed.
type property struct {
	name string
	// about says whether the property speaks about a request.
	about func(req rolemap.Request) bool
	// allowed says whether the outcome is allowed for such a request.
	allowed func(d rolemap.Decision, err error) bool
}

// properties are the two rules this pool must keep, whatever the token.
var properties = []property{
	{
		name:    "no token without group admins ever gets the Admin role",
		about:   func(req rolemap.Request) bool { return !hasValue(req.Claims["cognito:groups"], "admins") },
		allowed: func(d rolemap.Decision, err error) bool { return err != nil || d.RoleARN != roleAdmin },
	},
	{
		name:    "contractors get the ReadOnly role or nothing",
		about:   func(req rolemap.Request) bool { return hasValue(req.Claims["custom:employment_type"], "contractor") },
		allowed: func(d rolemap.Decision, err error) bool { return err != nil || d.RoleARN == roleReadOnly },
	},
}

// hasValue reports whether a claim is want, or is an array holding want:
// the claim matches a rule Equals want, as AWS compares (exactly, case and
// all).
func hasValue(claim any, want string) bool {
	if list, ok := claim.([]any); ok {
		for _, e := range list {
			if s, ok := e.(string); ok && s == want {
				return true
			}
		}
		return false
	}
	s, ok := claim.(string)
	return ok && s == want
}

// tally counts what a property saw while rapid checked it.
type tally struct {
	requests int // requests drawn
	about    int // requests the property is about
	granted  int // of those, requests that got a role
}

// check returns the property as a rapid property: draw a request for the
// pool, resolve it, and fail, with the decision's explanation, if the
// property does not hold. n, if not nil, counts the requests.
func (p property) check(pool rolemap.Pool, res *rolemap.Resolver, n *tally) func(*rapid.T) {
	requests := rolemaptest.Request(pool)
	return func(t *rapid.T) {
		req := requests.Draw(t, "request")
		d, err := res.Resolve(req)
		if n != nil {
			n.requests++
		}
		if !p.about(req) {
			return
		}
		if n != nil {
			n.about++
			if err == nil {
				n.granted++
			}
		}
		if !p.allowed(d, err) {
			req.Trace = true
			t.Fatalf("%s: does not hold for\n%s\n%s", p.name, show(req), rolemap.Explain(res.Resolve(req)))
		}
	}
}

// show writes a request in one line.
func show(req rolemap.Request) string {
	claims, err := json.Marshal(req.Claims)
	if err != nil {
		claims = []byte(fmt.Sprint(req.Claims))
	}
	return fmt.Sprintf("login %q, claims %s, CustomRoleArn %q", req.Login, claims, req.CustomRoleARN)
}

// load parses and compiles the embedded pool document.
func load() (rolemap.Pool, *rolemap.Resolver, error) {
	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return rolemap.Pool{}, nil, err
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		return rolemap.Pool{}, nil, err
	}
	return pool, res, nil
}

// leak looks, among requests drawn with fixed seeds, for the one with the
// shortest groups that breaks the first property once the pool's admins
// rule compares with Contains instead of Equals: a group named, say,
// "sysadmins" then gets the Admin role.
func leak() (rolemap.Request, bool) {
	loose, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		return rolemap.Request{}, false
	}
	for _, m := range loose.RoleMappings {
		for i, r := range m.RulesConfiguration.Rules {
			if r.RoleARN == roleAdmin {
				m.RulesConfiguration.Rules[i].MatchType = rolemap.Contains
			}
		}
	}
	res, err := rolemap.Compile(loose)
	if err != nil {
		return rolemap.Request{}, false
	}
	requests := rolemaptest.Request(loose)
	var best rolemap.Request
	found := false
	for seed := range 2000 {
		req := requests.Example(seed)
		d, err := res.Resolve(req)
		if properties[0].about(req) && !properties[0].allowed(d, err) &&
			(!found || len(groups(req)) < len(groups(best))) {
			best, found = req, true
		}
	}
	return best, found
}

// run checks every property with rapid and prints a short report; it
// fails if a property does not hold.
func run(w io.Writer) error {
	pool, res, err := load()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "pool %s (%s): %d role mappings\n", pool.IdentityPoolID, pool.IdentityPoolName, len(pool.RoleMappings))
	failed := 0
	for _, p := range properties {
		var n tally
		r := &reporter{name: p.name}
		r.run(func() { rapid.Check(r, p.check(pool, res, &n)) })
		if r.failed {
			failed++
			fmt.Fprintf(w, "FAIL %s\n%s", p.name, r.log.String())
			continue
		}
		fmt.Fprintf(w, "ok   %s: %d requests, %d about it, %d of those got a role\n", p.name, n.requests, n.about, n.granted)
	}
	if req, found := leak(); found {
		fmt.Fprintf(w, "with Contains instead of Equals for admins, the first property fails for cognito:groups %s\n", groups(req))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d properties do not hold", failed, len(properties))
	}
	return nil
}

func groups(req rolemap.Request) string {
	data, err := json.Marshal(req.Claims["cognito:groups"])
	if err != nil {
		return fmt.Sprint(req.Claims["cognito:groups"])
	}
	return string(data)
}

// reporter is the rapid.TB that run hands to rapid.Check, so that the
// properties run the same way under go run as under go test: it records a
// failure and its log instead of failing a test.
type reporter struct {
	name   string
	failed bool
	log    strings.Builder
}

// run calls f on a goroutine of its own, which FailNow ends, as testing
// does.
func (r *reporter) run(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	<-done
}

func (r *reporter) Helper()      {}
func (r *reporter) Name() string { return r.name }
func (r *reporter) Logf(format string, args ...any) {
	r.log.WriteString("\t" + strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", "\n\t") + "\n")
}
func (r *reporter) Log(args ...any) { r.Logf("%s", strings.TrimSuffix(fmt.Sprintln(args...), "\n")) }
func (r *reporter) Errorf(format string, args ...any) {
	r.failed = true
	r.Logf(format, args...)
}
func (r *reporter) Error(args ...any)                 { r.failed = true; r.Log(args...) }
func (r *reporter) Fatalf(format string, args ...any) { r.Errorf(format, args...); r.FailNow() }
func (r *reporter) Fatal(args ...any)                 { r.Error(args...); r.FailNow() }
func (r *reporter) FailNow()                          { r.failed = true; runtime.Goexit() }
func (r *reporter) Fail()                             { r.failed = true }
func (r *reporter) Failed() bool                      { return r.failed }
func (r *reporter) Skipf(format string, args ...any)  { r.Logf(format, args...); r.SkipNow() }
func (r *reporter) Skip(args ...any)                  { r.Log(args...); r.SkipNow() }
func (r *reporter) SkipNow()                          { runtime.Goexit() }

func main() {
	// rapid reads the testing flags (-test.short) and its own
	// (-rapid.checks, -rapid.seed…): register and parse them. Outside go
	// test, a failure is reported, not saved under testdata/rapid.
	testing.Init()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		fmt.Fprintln(os.Stderr, "propertytest:", err)
		os.Exit(2)
	}
	flag.Parse()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "propertytest:", err)
		os.Exit(1)
	}
}
