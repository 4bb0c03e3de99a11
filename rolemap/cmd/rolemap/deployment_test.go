package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// iacFixtures are every template and plan or state of package iac's
// testdata, with the bindings its case files give it.
func iacFixtures(t *testing.T) map[string][]string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../../iac/testdata/cdk/*.template.json", "../../iac/testdata/cdk-integ/*.template.json", "../../iac/testdata/terraform/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 9 {
		t.Fatalf("found %d IaC fixtures; is the path right?", len(files))
	}
	out := map[string][]string{}
	for _, f := range files {
		out[f] = nil
	}
	cases, err := filepath.Glob("../../iac/testdata/cases/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		data, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		var cf struct {
			Source   map[string]string `json:"source"`
			Bindings map[string]string `json:"bindings"`
		}
		if err := json.Unmarshal(data, &cf); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		for _, src := range cf.Source {
			path := filepath.Join(filepath.Dir(c), src)
			if _, ok := out[path]; ok && out[path] == nil {
				for _, k := range slices.Sorted(maps.Keys(cf.Bindings)) {
					out[path] = append(out[path], "--bind", k+"="+cf.Bindings[k])
				}
			}
		}
	}
	return out
}

func runOut(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := run(args, strings.NewReader(""), &stdout, &stderr)
	if status == exitUsage {
		t.Fatalf("rolemap %s: exit status %d\n%s%s", strings.Join(args, " "), status, stdout.String(), stderr.String())
	}
	return stdout.String(), status
}

// lintKeys are a lint JSON output's findings of one pool as "CODE PATH",
// sorted.
func lintKeys(t *testing.T, out, pool string) []string {
	t.Helper()
	var doc struct {
		Findings []struct{ Pool, Code, Path string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("lint output: %v\n%s", err, out)
	}
	var keys []string
	for _, f := range doc.Findings {
		if f.Pool == pool {
			keys = append(keys, f.Code+" "+f.Path)
		}
	}
	slices.Sort(keys)
	return keys
}

// outcome is what one request gets, as the command computes it.
type outcome struct {
	Role, Code, Message, Reason string
	Tags                        map[string]string
	Unverified                  bool
}

// requestsOf are requests that reach each mapping, rule, provider and user
// of a deployment, and a guest's.
func requestsOf(p rolemap.Pool, cr *credInputs) []rolemap.Request {
	reqs := []rolemap.Request{{}}
	var logins []string
	for _, prov := range p.CognitoIdentityProviders {
		logins = append(logins, prov.ProviderName)
	}
	logins = append(logins, slices.Sorted(maps.Keys(p.SupportedLoginProviders))...)
	logins = append(logins, p.OpenIDConnectProviderARNs...)
	logins = append(logins, slices.Sorted(maps.Keys(p.RoleMappings))...)
	slices.Sort(logins)
	for _, login := range slices.Compact(logins) {
		claims := map[string]any{"sub": "s-1", "aud": "client"}
		reqs = append(reqs, rolemap.Request{Login: login, Claims: claims})
		if m, ok := p.RoleMappings[login]; ok && m.RulesConfiguration != nil {
			for _, r := range m.RulesConfiguration.Rules {
				c := maps.Clone(claims)
				c[r.Claim] = r.Value
				reqs = append(reqs, rolemap.Request{Login: login, Claims: c})
			}
		}
		if rolemap.KindOf(login) == rolemap.KindUserPool {
			if up, ok := cr.UserPools[rolemap.UserPoolID(login)]; ok {
				for _, user := range slices.Sorted(maps.Keys(up.Users)) {
					if tok, err := usergroups.TokenFor(p, cr.UserPools, login, claims, user, nil); err == nil {
						reqs = append(reqs, rolemap.Request{Login: login, Claims: tok.Claims})
					}
				}
			}
		}
	}
	return reqs
}

// credentialsOf is what the input at path says about credentials, as
// the command reads it.
func credentialsOf(t *testing.T, path string, binds []string) *credInputs {
	t.Helper()
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, raw: &bytes.Buffer{}}
	in := inputFlags{kind: string(input.Auto)}
	for i := 1; i < len(binds); i += 2 {
		in.binds = append(in.binds, binds[i])
	}
	l, err := in.load(e, path)
	if err != nil {
		t.Fatal(err)
	}
	cr, err := l.Credentials()
	if err != nil {
		t.Fatal(err)
	}
	return cr
}

// outcomes resolves reqs against the pool of the input at path as rolemap
// explain does.
func outcomes(t *testing.T, path, poolName string, binds []string, reqs func(rolemap.Pool, *credInputs) []rolemap.Request) ([]outcome, []rolemap.Request) {
	t.Helper()
	e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, raw: &bytes.Buffer{}}
	in := inputFlags{kind: string(input.Auto)}
	for i := 1; i < len(binds); i += 2 {
		in.binds = append(in.binds, binds[i])
	}
	l, err := in.load(e, path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := l.Deployment(poolName)
	if err != nil {
		t.Fatal(err)
	}
	cr := &d
	res, err := rolemap.Compile(d.Pool)
	if err != nil {
		return nil, nil // an invalid pool: lint says why, on both sides
	}
	checker, err := credentials.New(res, cr.Roles, credentials.WithPolicyErrors(cr.RoleErrors))
	if err != nil {
		t.Fatal(err)
	}
	list := reqs(d.Pool, cr)
	var out []outcome
	for _, req := range list {
		got, err := checker.Get(credentials.Request{Request: req})
		o := outcome{Role: got.Decision.RoleARN, Tags: got.Tags.Map()}
		var re *rolemap.Error
		var te *credentials.TrustError
		switch {
		case errors.As(err, &te):
			o.Code, o.Message, o.Reason = te.Err.Code, te.Err.Message, string(te.Decision.Reason)
		case errors.As(err, &re):
			o.Code, o.Message = re.Code, re.Message
			o.Unverified = re.Code == credentials.CodeUnknownRole
		case err != nil:
			o.Code = err.Error()
		}
		out = append(out, o)
	}
	return out, list
}

// TestDeploymentRoundTrip: for every IaC fixture, rolemap import writes a
// deployment document that lint, explain (the credentials of requests
// reaching every rule, provider and user) and test (a case file with the
// document as its pool, or as its source) read with the same results as
// the template or plan.
func TestDeploymentRoundTrip(t *testing.T) {
	fixtures := iacFixtures(t)
	dir := t.TempDir()
	whole := 0  // documents with roles or user pools
	access := 0 // documents with user pools' app clients
	defer func() {
		if whole < 5 {
			t.Errorf("only %d imports wrote roles or userPools", whole)
		}
		if access < 5 {
			t.Errorf("only %d imports wrote user pools' access members", access)
		}
	}()
	for _, fixture := range slices.Sorted(maps.Keys(fixtures)) {
		binds := fixtures[fixture]
		t.Run(filepath.Base(fixture), func(t *testing.T) {
			out, _ := runOut(t, append(append([]string{"import", "-q"}, binds...), fixture)...)
			// One pool's document, or an object of documents by pool name.
			docs := map[string]json.RawMessage{}
			if err := json.Unmarshal([]byte(out), &docs); err != nil {
				t.Fatal(err)
			}
			if _, one := docs["IdentityPoolId"]; one {
				docs = map[string]json.RawMessage{"": json.RawMessage(out)}
			}
			templateLint, templateStatus := runOut(t, append(append([]string{"lint", "--format", "json"}, binds...), fixture)...)
			for _, name := range slices.Sorted(maps.Keys(docs)) {
				t.Run(name, func(t *testing.T) {
					docPath := filepath.Join(dir, strings.NewReplacer("/", "_", `"`, "_").Replace(filepath.Base(fixture)+name+".json"))
					if err := os.WriteFile(docPath, docs[name], 0o644); err != nil {
						t.Fatal(err)
					}
					if casefile.IsDeployment(docs[name]) {
						whole++
					}
					// lint: the same findings, codes and paths.
					docLint, docStatus := runOut(t, "lint", "--format", "json", docPath)
					tplPool := name
					if tplPool == "" {
						tplPool = onlyPool(t, templateLint)
					}
					if diff := cmp.Diff(lintKeys(t, templateLint, tplPool), lintKeys(t, docLint, "")); diff != "" {
						t.Errorf("lint findings, template -, document + :\n%s", diff)
					}
					if name == "" && docStatus != templateStatus {
						t.Errorf("lint exit status: template %d, document %d", templateStatus, docStatus)
					}
					// diff: nothing changes, and nothing is left out (a file
					// of several pools cannot name one in the document).
					if name == "" {
						var stdout, stderr bytes.Buffer
						status := run(append(append([]string{"diff", "--format", "json"}, binds...), fixture, docPath), strings.NewReader(""), &stdout, &stderr)
						var d struct {
							Partial string
							Changes []any
						}
						switch {
						case status == exitUsage && templateStatus == exitOK:
							t.Errorf("diff of the template and its document: %s", stderr.String())
						case status == exitOK:
							if err := json.Unmarshal(stdout.Bytes(), &d); err != nil {
								t.Fatal(err)
							}
							if len(d.Changes) != 0 || strings.Contains(d.Partial, "not compared") {
								t.Errorf("diff of the template and its document: %d changes, partial %q", len(d.Changes), d.Partial)
							}
						}
					}
					// The user pools, with every access member, and the
					// roles: the same.
					tplCreds, docCreds := credentialsOf(t, fixture, binds), credentialsOf(t, docPath, nil)
					if diff := cmp.Diff(tplCreds.UserPools, docCreds.UserPools); diff != "" {
						t.Errorf("user pools, template -, document +:\n%s", diff)
					}
					if diff := cmp.Diff(slices.Sorted(maps.Keys(tplCreds.Roles)), slices.Sorted(maps.Keys(docCreds.Roles))); diff != "" {
						t.Errorf("roles, template -, document +:\n%s", diff)
					}
					for _, up := range docCreds.UserPools {
						if up.Clients != nil {
							access++
							break
						}
					}
					// explain: the same credentials for the same requests.
					want, reqs := outcomes(t, fixture, name, binds, requestsOf)
					got, _ := outcomes(t, docPath, "", nil, func(rolemap.Pool, *credInputs) []rolemap.Request { return reqs })
					t.Logf("%d lint findings, %d requests", len(lintKeys(t, docLint, "")), len(reqs))
					if reqs == nil {
						return // an invalid pool, whose findings lint compared
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("credentials, template -, document +:\n%s", diff)
					}
					// test: the template's outcomes as cases pass on the
					// document, embedded or as a source.
					var cases []map[string]any
					for i, o := range want {
						w := map[string]any{}
						switch {
						case o.Code == "" || o.Unverified:
							w["role"] = o.Role
						default:
							w["error"], w["message"] = o.Code, o.Message
							if o.Reason != "" {
								w["reason"] = o.Reason
							}
						}
						if len(o.Tags) > 0 && o.Reason == "" {
							w["tags"] = o.Tags
						}
						c := map[string]any{"name": fmt.Sprintf("request %d", i), "want": w}
						if reqs[i].Login != "" {
							c["login"] = reqs[i].Login
						}
						if reqs[i].Claims != nil {
							c["claims"] = reqs[i].Claims
						}
						cases = append(cases, c)
					}
					if len(cases) == 0 {
						return
					}
					for _, how := range []string{"pool", "source"} {
						cf := map[string]any{"cases": cases}
						if how == "pool" {
							cf["pool"] = docs[name]
						} else {
							cf["source"] = map[string]string{"deployment": docPath}
						}
						data, err := json.Marshal(cf)
						if err != nil {
							t.Fatal(err)
						}
						path := filepath.Join(dir, "case-"+how+".json")
						if err := os.WriteFile(path, data, 0o644); err != nil {
							t.Fatal(err)
						}
						r := casefile.CheckFile(path)
						if r.Err != nil {
							t.Fatalf("case file with the document as its %s: %v", how, r.Err)
						}
						for _, res := range r.Results {
							if res.Failure != "" {
								t.Errorf("case file with the document as its %s: %s", how, res.Failure)
							}
						}
					}
				})
			}
		})
	}
}

// onlyPool is the pool name of a lint JSON output's findings of a file that
// defines one pool.
func onlyPool(t *testing.T, out string) string {
	t.Helper()
	var doc struct{ Findings []struct{ Pool string } }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, f := range doc.Findings {
		return f.Pool
	}
	return ""
}
