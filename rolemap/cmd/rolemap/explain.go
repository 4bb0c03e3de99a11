package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

var explainCmd = &command{
	name:    "explain",
	summary: "explain the role one request gets, rule by rule",
	usage: `
Usage: rolemap explain --pool FILE [--login LOGIN] (--claims FILE | --token JWT|FILE --unverified) [flags]

Resolves one request against a pool as GetCredentialsForIdentity would and
prints the decision — the role and why — or the error AWS would return, with
every rule evaluated. The claims come from a JSON FILE (a token's decoded
payload, or SAML attributes; "-" reads standard input) or from a token,
which rolemap decodes WITHOUT checking its signature, so only when
--unverified says so: pass only tokens you already trust. Without --login,
the login is the token's iss (without https://), and without either the
request is a guest's.

With --user NAME (or --groups a,b) and a user pool login, the claims get
the cognito:groups, cognito:roles and cognito:preferred_role the user's
groups give, from the template's user pool groups or --user-pool, and the
app client's aud when the pool has only one for that user pool.

When the input gives the roles' trust policies (a template's or plan's
roles, or --roles), the chosen role's policy is evaluated as STS would for
the request Cognito makes, and when the pool maps principal tags, the
request's tags are listed: the answer is whether AWS hands out credentials,
not only which role the pool chooses. A refusal prints AWS's
InvalidIdentityPoolConfigurationException with the reason and every
statement's outcome; in --format json, the decision (the role choice)
comes with that error and the trust decision.

When trust policies are given but none for the chosen role (a role the
template refers to by ARN, defined elsewhere), the role choice and the
tags are printed with "trust: unverified (…)", saying how to give the
policy; --require-trust makes that an error (rolemapping.UnknownRole).

The exit status is 0 when the request gets credentials (a role, and its
trust policy allows it when one is given, or is unverified without
--require-trust), 1 when it gets an error, 2 for a usage or input error,
or a trust policy outside what rolemap evaluates.

Example:

	$ rolemap explain --pool pools/prod.json --login accounts.google.com --claims alice.json
	login: accounts.google.com
	decision: arn:aws:iam::111122223333:role/Staff (rule match: RoleMappings["accounts.google.com"] rule 0, hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff)
	  rule 0: hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff: match ["example.com"]
	$ rolemap explain --pool cdk.out/Auth.template.json --token "$ID_TOKEN" --unverified --format json
	$ rolemap explain --pool cdk.out/Auth.template.json --bind AWS::Region=eu-west-1 \
	    --login cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Staff35CBA1CE --user alice
`,
}

func init() { explainCmd.run = runExplain }

// explainFlags are the flags of rolemap explain.
type explainFlags struct {
	in                                               inputFlags
	pool, poolName, login, claims, token, customRole string
	user, groups, identityID, format                 string
	unverified, requireTrust                         bool
	maxRules                                         int
}

func (f *explainFlags) register(fs *flag.FlagSet) {
	f.in.register(fs)
	f.in.registerCredentials(fs)
	fs.StringVar(&f.pool, "pool", "", "the pool: a pool document, a deployment document, a CloudFormation template (JSON or YAML), terraform show -json output or a folder of Terraform configuration (`FILE`; - for standard input)")
	fs.StringVar(&f.poolName, "pool-name", "", "the `NAME` of the pool, in a file that defines several")
	fs.StringVar(&f.login, "login", "", "the `LOGIN` of the request: its key in the Logins map (accounts.google.com, cognito-idp.REGION.amazonaws.com/POOLID…)")
	fs.StringVar(&f.claims, "claims", "", "a JSON `FILE` of the token's claims (its decoded payload; - for standard input)")
	fs.StringVar(&f.token, "token", "", "a `JWT`, or a FILE that holds one, whose payload gives the claims (- for standard input); needs --unverified")
	fs.BoolVar(&f.unverified, "unverified", false, "decode --token without checking its signature (only for tokens you already trust)")
	fs.StringVar(&f.customRole, "custom-role-arn", "", "the request's CustomRoleArn `ARN`, if any")
	fs.StringVar(&f.user, "user", "", "a user pool user's `NAME`: the claims get the cognito:groups, cognito:roles and cognito:preferred_role their groups give (see the usergroups package docs)")
	fs.StringVar(&f.groups, "groups", "", "a comma-separated `LIST` of group names, instead of --user")
	fs.StringVar(&f.identityID, "identity-id", "", "the identity's `ID`, for a trust policy on cognito-identity.amazonaws.com:sub (default: a placeholder derived from the login and sub)")
	fs.StringVar(&f.format, "format", "text", "the output: text, or json (the decision's JSON form, or the error's)")
	fs.IntVar(&f.maxRules, "max-rules", 25, "the rules-per-mapping quota the pool is deployed with (25 to 400)")
	fs.BoolVar(&f.requireTrust, "require-trust", false, "fail (rolemapping.UnknownRole) when the chosen role's trust policy is not given, instead of printing trust: unverified")
}

// check returns what is wrong with the flags and arguments, "" when
// nothing is.
func (f *explainFlags) check(rest []string) string {
	switch {
	case len(rest) > 0:
		return fmt.Sprintf("unexpected arguments %q (the pool goes in --pool)", rest)
	case f.pool == "":
		return "no --pool"
	case f.claims != "" && f.token != "":
		return "give --claims or --token, not both"
	case f.token != "" && !f.unverified:
		return "rolemap cannot verify a token's signature offline: add --unverified to decode it anyway (only a token you already trust), or pass its payload with --claims"
	case f.format != "text" && f.format != "json":
		return fmt.Sprintf("--format %q: want text or json", f.format)
	case f.maxRules < 1 || f.maxRules > 400:
		return fmt.Sprintf("--max-rules %d: want 1 to 400", f.maxRules)
	case f.user != "" && f.groups != "":
		return "give --user or --groups, not both"
	case f.pool == "-" && (f.claims == "-" || f.token == "-"):
		return "only one of --pool, --claims and --token can read standard input"
	}
	if err := f.in.check(); err != nil {
		return err.Error()
	}
	return ""
}

func runExplain(e *env, args []string) int {
	c := explainCmd
	fs := c.flags(e)
	var f explainFlags
	f.register(fs)
	rest, status, ok := c.parse(e, fs, args)
	if !ok {
		return status
	}
	if msg := f.check(rest); msg != "" {
		return c.usageError(e, "%s", msg)
	}
	in := &f.in
	l, err := in.load(e, f.pool)
	if err != nil {
		return report(e, err)
	}
	p, err := l.Pool(f.poolName)
	if err != nil {
		return report(e, err)
	}
	res, err := rolemap.Compile(p.Pool, rolemap.WithMaxRules(f.maxRules))
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: the pool is invalid, so its decisions are not defined (rolemap lint %s lists why):\n%s\n", l.Name, l.Name, indent(err.Error()))
		return exitUsage
	}

	cl, status, ok := explainClaims(e, f.claims, f.token)
	if !ok {
		return status
	}
	req, derived := f.request(cl)
	cr, err := l.Credentials()
	if err != nil {
		return report(e, err)
	}
	notes, err := f.userClaims(&req, p.Pool, cr)
	if err != nil {
		return c.usageError(e, "%v", err)
	}
	// The credentials (package credentials) when the input gives trust
	// policies or the pool maps principal tags; else the role choice.
	var checker *credentials.Checker
	if trustChecked(cr) || len(p.Pool.PrincipalTagAttributeMaps) > 0 {
		if checker, err = credentials.New(res, cr.Roles, credentials.WithPolicyErrors(cr.RoleErrors)); err != nil {
			return report(e, err)
		}
	}
	x := credentials.ExplainRequest(res, checker, credentials.Request{Request: req, IdentityID: f.identityID}, f.requireTrust)
	x.LoginFromIssuer, x.Notes = derived, notes
	if f.format == "json" {
		writeJSON(e, x)
	} else {
		if p.Name != "" {
			fmt.Fprintf(e.stdout, "pool: %s in %s\n", clip.Line(clip.String(p.Name)), clip.Line(l.Name))
		}
		x.WriteText(e.stdout)
	}
	var pe *trust.Error
	switch err := x.Err(); {
	case x.Decision != nil && errors.As(err, &pe):
		fmt.Fprintf(e.stderr, "%s: the trust policy of %s is outside what rolemap evaluates, so whether AWS hands out credentials is not known\n", l.Name, x.Decision.RoleARN)
		return exitUsage
	case err != nil:
		return exitFail
	}
	return exitOK
}

// request is the request the flags and the claims cl make; derived when
// its login is the claims' issuer, no --login given.
func (f *explainFlags) request(cl map[string]any) (req rolemap.Request, derived bool) {
	req = rolemap.Request{Login: f.login, Claims: cl, CustomRoleARN: f.customRole}
	if iss, ok := cl["iss"].(string); ok && iss != "" && req.Login == "" {
		req.Login, derived = claims.LoginFromIssuer(iss), true
	}
	return req, derived
}

// userClaims sets the claims of req to those of --user and --groups in
// the user pools of cr (package usergroups), returning its notes; it
// leaves req as it is without those flags.
func (f *explainFlags) userClaims(req *rolemap.Request, pool rolemap.Pool, cr *credentials.Deployment) ([]string, error) {
	if f.user == "" && f.groups == "" {
		return nil, nil
	}
	var list []string
	if f.groups != "" {
		list = strings.Split(f.groups, ",")
	}
	t, err := usergroups.TokenFor(pool, cr.UserPools, req.Login, req.Claims, f.user, list)
	if err != nil {
		return nil, err
	}
	req.Claims = t.Claims
	return t.Notes(), nil
}

// explainClaims reads the claims of --claims FILE or --token; ok is false
// when it failed, with the exit status.
func explainClaims(e *env, claimsFile, token string) (cl map[string]any, status int, ok bool) {
	fail := func(err error) (map[string]any, int, bool) { return nil, report(e, err), false }
	switch {
	case claimsFile != "":
		if looksJWT(claimsFile) {
			return nil, explainCmd.usageError(e, "--claims takes a JSON file of claims, and this is a token: use --token FILE --unverified (or --token JWT --unverified)"), false
		}
		f, err := readFile(e, claimsFile)
		if err != nil {
			return fail(err)
		}
		if looksJWT(strings.TrimSpace(string(f.Data))) {
			return fail(inputErrorf("%s: a token, not JSON claims: use --token %s --unverified to decode it", f.Name, f.Name))
		}
		if err := f.CheckObject(); err != nil {
			return fail(err)
		}
		if cl, err = claims.FromJSON(f.Data); err != nil {
			return fail(inputErrorf("%s: %v", f.Name, err))
		}
	case token != "":
		t, from := token, "--token"
		if t == "-" || !looksJWT(strings.TrimPrefix(t, "Bearer ")) {
			// Standard input, or a file that holds the token.
			if _, err := os.Stat(t); t != "-" && errors.Is(err, os.ErrNotExist) {
				return fail(inputErrorf("--token %s: neither a token (a JWT: three base64url parts separated by dots, the first starting eyJ) nor a file", clip.Quote(t)))
			}
			f, err := input.Read(t, e.stdin, claims.MaxTokenSize)
			if err != nil {
				return fail(err)
			}
			t, from = strings.TrimSpace(string(f.Data)), f.Name
			if !looksJWT(strings.TrimPrefix(t, "Bearer ")) && strings.HasPrefix(t, "{") {
				return fail(inputErrorf("%s: JSON, not a token: pass a token's decoded claims with --claims %s", f.Name, f.Name))
			}
		}
		var err error
		if cl, err = claims.ParseUnverified(strings.TrimPrefix(t, "Bearer ")); err != nil {
			return fail(inputErrorf("%s: %v", from, err))
		}
	}
	return cl, 0, true
}

// looksJWT reports whether s has a JWT's shape: three base64url segments,
// the first a JSON object's encoding ("eyJ").
func looksJWT(s string) bool {
	if !strings.HasPrefix(s, "eyJ") || strings.Count(s, ".") != 2 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '=') {
			return false
		}
	}
	return true
}
