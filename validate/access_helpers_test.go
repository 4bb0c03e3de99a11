package validate_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/validate"
)

// Test helpers of the access analysis' tests: trust policies, and the
// soundness check of a report's witnesses.

const (
	accPoolID = "us-east-1:11111111-1111-1111-1111-111111111111"
	accUP     = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC"
	accUPID   = "us-east-1_AbC"
	accSAML   = "arn:aws:iam::111122223333:saml-provider/Corp"
	accOIDC   = "arn:aws:iam::111122223333:oidc-provider/login.example.com"
)

func accRole(name string) string { return "arn:aws:iam::111122223333:role/" + name }

// The trust policies the tests draw from: each allows
// sts:AssumeRoleWithWebIdentity (and sts:TagSession) to the identity-pool
// principal for the pool, with the conditions named.
var accPolicies = map[string]string{
	"aud":     ``,
	"auth":    `,"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"authenticated"}`,
	"unauth":  `,"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":"unauthenticated"}`,
	"both":    `,"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":["authenticated","unauthenticated"]}`,
	"tag":     `,"StringEquals":{"aws:RequestTag/dept":"eng"}`,
	"google":  `,"ForAnyValue:StringEquals":{"cognito-identity.amazonaws.com:amr":"accounts.google.com"}`,
	"otherpl": `OTHER`,
}

// accPolicy parses the policy named (see accPolicies) for the tests'
// pool.
func accPolicy(t testing.TB, name string) *trust.Policy {
	t.Helper()
	p, err := accPolicyFor(accPoolID, name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// accPolicyFor parses the policy named (see accPolicies) for the pool.
func accPolicyFor(poolID, name string) (*trust.Policy, error) {
	cond, ok := accPolicies[name]
	if !ok {
		return nil, fmt.Errorf("no policy %q", name)
	}
	aud := poolID
	if cond == "OTHER" {
		aud, cond = "us-east-1:22222222-2222-2222-2222-222222222222", ""
	}
	if name == "tag" {
		cond = strings.Replace(strings.TrimPrefix(cond, ","), `"StringEquals":{`, `"StringEquals":{"cognito-identity.amazonaws.com:aud":"`+aud+`",`, 1)
	} else {
		cond = `"StringEquals":{"cognito-identity.amazonaws.com:aud":"` + aud + `"}` + cond
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},` +
		`"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{` + cond + `}}]}`
	p, err := trust.Parse([]byte(doc))
	if err != nil {
		return nil, fmt.Errorf("policy %s: %v\n%s", name, err, doc)
	}
	return p, nil
}

// checkAccessWitnesses reports every witness of r that does not reproduce its
// path: an enhanced witness must resolve, through the deployment's
// credentials check, to its role (or to rolemapping.UnknownRole, or the
// role's policy error, when the role's trust is not verified); a basic
// witness must be allowed by the role's trust policy with the pool's aud,
// its amr, its identity ID and no tags (a role without a policy must be a
// possible path resting on trust-unverified).
func checkAccessWitnesses(d credentials.Deployment, r *validate.AccessReport) []string {
	roles := d.Roles
	if roles == nil {
		roles = map[string]*trust.Policy{}
	}
	res, err := rolemap.Compile(d.Pool, rolemap.WithMaxRules(400))
	if err != nil {
		return []string{"compile: " + err.Error()}
	}
	chk, err := credentials.New(res, roles, credentials.WithPolicyErrors(d.RoleErrors))
	if err != nil {
		return []string{"checker: " + err.Error()}
	}
	var bad []string
	for _, ra := range r.Roles {
		for _, p := range ra.Paths {
			where := fmt.Sprintf("%s %s %s %v", ra.ARN, p.Flow, p.Identity, p.Via)
			if p.Certainty == validate.Possible && len(p.Why) == 0 {
				bad = append(bad, where+": possible with no unknown named")
			}
			if p.Certainty == validate.Certain && len(p.Why) > 0 {
				bad = append(bad, where+": certain with unknowns named")
			}
			w := p.Witness
			if w.Flow != p.Flow {
				bad = append(bad, where+": witness of flow "+string(w.Flow))
				continue
			}
			if p.Flow == validate.FlowEnhanced {
				c, err := chk.Get(w.Request())
				var re *rolemap.Error
				switch {
				case ra.Trust == "verified" && (err != nil || c.Decision.RoleARN != ra.ARN):
					bad = append(bad, fmt.Sprintf("%s: witness %+v gives %q, %v", where, w, c.Decision.RoleARN, err))
				case ra.Trust == "unverified" && (!errors.As(err, &re) || re.Code != credentials.CodeUnknownRole || c.Decision.RoleARN != ra.ARN):
					bad = append(bad, fmt.Sprintf("%s: witness %+v gives %q, %v; want rolemapping.UnknownRole", where, w, c.Decision.RoleARN, err))
				case ra.Trust == "unsupported" && (err == nil || c.Decision.RoleARN != ra.ARN):
					bad = append(bad, fmt.Sprintf("%s: witness %+v gives %q, %v; want the policy's error", where, w, c.Decision.RoleARN, err))
				}
				continue
			}
			if w.RoleArn != ra.ARN {
				bad = append(bad, where+": basic witness names "+w.RoleArn)
			}
			if want := wantAMR(d.Pool, p.Identity, w); !slices.Equal(w.AMR, want) {
				bad = append(bad, fmt.Sprintf("%s: basic witness amr %q, want %q", where, w.AMR, want))
			}
			pol := d.Roles[ra.ARN]
			if pol == nil {
				if p.Certainty != validate.Possible || !slices.Contains(p.Why, validate.UnknownTrustUnverified) {
					bad = append(bad, where+": a role without a policy, not possible on trust-unverified")
				}
				continue
			}
			td, err := pol.Evaluate(trust.Request{IdentityPoolID: d.Pool.IdentityPoolID, IdentityID: w.IdentityID, AMR: w.AMR,
				China: strings.HasPrefix(d.Pool.IdentityPoolID, "cn-")})
			if err != nil || !td.Allowed {
				bad = append(bad, fmt.Sprintf("%s: basic witness %+v refused: %+v %v", where, w, td, err))
			}
		}
	}
	return bad
}

// wantAMR is amr(k) of the identity kind named, with the witness's user.
func wantAMR(p rolemap.Pool, identity string, w validate.PathWitness) []string {
	switch {
	case identity == "guest":
		return []string{"unauthenticated"}
	case identity == "*":
		return []string{"authenticated"}
	case strings.HasPrefix(identity, "developer:"):
		dev := strings.TrimPrefix(identity, "developer:")
		return []string{"authenticated", dev, dev + ":" + p.IdentityPoolID + ":" + w.DeveloperUserID}
	case rolemap.KindOf(w.Login) == rolemap.KindUserPool:
		sub, _ := w.Claims["sub"].(string)
		return []string{"authenticated", w.Login, w.Login + ":CognitoSignIn:" + sub}
	}
	return []string{"authenticated", w.Login}
}

// briefPaths writes each path of r as "ROLE FLOW IDENTITY via,via
// certainty [why]", the role by its name.
func briefPaths(r *validate.AccessReport) []string {
	out := []string{}
	for _, ra := range r.Roles {
		name := ra.ARN[strings.LastIndexByte(ra.ARN, '/')+1:]
		for _, p := range ra.Paths {
			s := name + " " + string(p.Flow) + " " + p.Identity + " " + strings.Join(p.Via, ",") + " " + string(p.Certainty)
			if len(p.Why) > 0 {
				s += " " + strings.Join(p.Why, ",")
			}
			out = append(out, s)
		}
	}
	return out
}

// briefFindings writes each finding of r as "severity code path".
func briefFindings(r *validate.AccessReport) []string {
	out := []string{}
	for _, f := range r.Findings {
		out = append(out, f.Severity.String()+" "+f.Code+" "+f.Path.String())
	}
	return out
}
