// Iac shows how a team tests the identity pool it is about to deploy,
// straight from what its infrastructure tool writes: a CloudFormation
// template from `cdk synth`, and a Terraform plan from `terraform show
// -json`. It imports each with package rolemap/iac, prints the bindings and
// placeholders it used for what only a deployment knows, and resolves a few
// sign-ins against the pool. Then it answers the whole question for a
// template with user pool groups, trust policies and principal tags: which
// role do alice (groups admin and dev) and bob (staff and dev) get — and
// will AWS hand it out?
//
//	go run ./examples/iac
//
// The commands that make the inputs, in your own project:
//
//	npx cdk synth --quiet                    # writes cdk.out/STACK.template.json
//	terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
//
// and a case file that tests the pool (run with rolemaptest.RunDir):
//
//	{"source": {"cloudformation": "../cdk.out/GoogleRulesStack.template.json"},
//	 "bindings": {"AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333"},
//	 "cases": [{"name": "staff", "login": "accounts.google.com", "claims": {"hd": "example.com"},
//	            "want": {"role": "arn:aws:iam::111122223333:role/StaffRoleACC3B8F8"}}]}
package main

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// The inputs: copies of rolemap/iac/testdata/cdk/GoogleRulesStack.template.json
// and CredentialsStack.template.json (real cdk synth output) and of
// rolemap/iac/testdata/terraform/plan.json.
//
//go:embed testdata
var inputs embed.FS

func main() {
	if err := run(os.Stdout, inputs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// signIn is one request to try against an imported pool.
type signIn struct {
	what string
	req  rolemap.Request
}

func run(w io.Writer, fsys fs.FS) error {
	bindings := iac.WithBindings(map[string]string{"AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333"})
	steps := []struct {
		title string
		file  string
		read  func([]byte, ...iac.Option) (*iac.Result, error)
		tries []signIn
	}{
		{
			title: "cdk synth: GoogleRulesStack.template.json",
			file:  "GoogleRulesStack.template.json",
			read:  iac.CloudFormation,
			tries: []signIn{
				{"the admin's Google account", rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"email": "admin@example.com", "hd": "example.com"}}},
				{"Workspace staff", rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"email": "ana@example.com", "hd": "example.com"}}},
				{"a personal Gmail account", rolemap.Request{Login: "accounts.google.com", Claims: map[string]any{"email": "ana@gmail.com"}}},
			},
		},
		{
			title: "terraform show -json: plan.json",
			file:  "plan.json",
			read:  iac.Terraform,
			tries: []signIn{
				{"an admin of the user pool", rolemap.Request{Login: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_main",
					Claims: map[string]any{"aud": "web", "cognito:groups": []any{"admins"}}}},
				{"a token of another app client", rolemap.Request{Login: "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_main",
					Claims: map[string]any{"aud": "mobile", "cognito:groups": []any{"admins"}}}},
			},
		},
	}
	for _, step := range steps {
		data, err := fs.ReadFile(fsys, "testdata/"+step.file)
		if err != nil {
			return err
		}
		res, err := step.read(data, bindings)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "== %s\n", step.title)
		for _, b := range res.Bindings {
			fmt.Fprintf(w, "bound        %s\n", b)
		}
		for _, p := range res.Placeholders {
			fmt.Fprintf(w, "placeholder  %s\n", p)
		}
		resolver, err := compile(res)
		if err != nil {
			return err
		}
		for _, try := range step.tries {
			d, err := resolver.Resolve(try.req)
			if err != nil {
				fmt.Fprintf(w, "%-28s → %v\n", try.what, err)
				continue
			}
			fmt.Fprintf(w, "%-28s → %s (%s)\n", try.what, d.RoleARN, d.Reason)
		}
	}
	return credentialsStep(w, fsys, bindings)
}

// compile compiles the one pool an import found.
func compile(res *iac.Result) (*rolemap.Resolver, error) {
	pool, err := res.Pool("")
	if err != nil {
		return nil, err
	}
	return rolemap.Compile(pool)
}

// credentialsStep imports a template with user pool groups, roles with
// trust policies and principal tags, builds each user's token claims
// from their groups, and asks for credentials as Cognito would.
func credentialsStep(w io.Writer, fsys fs.FS, bindings iac.Option) error {
	data, err := fs.ReadFile(fsys, "testdata/CredentialsStack.template.json")
	if err != nil {
		return err
	}
	res, err := iac.CloudFormation(data, bindings)
	if err != nil {
		return err
	}
	// The deployment: the pool, the trust policies of the roles the
	// template defines, its user pools' groups and users.
	dep, err := res.Deployment("")
	if err != nil {
		return err
	}
	checker, err := dep.Checker()
	if err != nil {
		return err
	}
	const userPool = "eu-west-1_Staff35CBA1CE"
	up := dep.UserPools[userPool]
	fmt.Fprintf(w, "== cdk synth: CredentialsStack.template.json\n")
	for _, u := range []struct{ name, dept string }{{"alice", "eng"}, {"bob", "ops"}} {
		// What the user pool puts in the ID token, from the groups.
		tc := usergroups.Claims(up.Groups, up.Users[u.name])
		claims := map[string]any{"aud": "StaffApp6C7849DB", "sub": u.name + "-sub", "custom:dept": u.dept}
		tc.AddTo(claims)
		got, err := checker.Get(credentials.Request{Request: rolemap.Request{
			Login: "cognito-idp.eu-west-1.amazonaws.com/" + userPool, Claims: claims}})
		fmt.Fprintf(w, "%s in %v: preferred role %q\n%s\n", u.name, tc.Groups, tc.PreferredRole, credentials.Explain(got, err))
	}
	return nil
}
