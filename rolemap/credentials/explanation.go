package credentials

import (
	"errors"
	"fmt"
	"io"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// RequestDoc is a request as case files write it (package casefile): the
// JSON form of a [rolemap.Request] and a developer login's own tags.
type RequestDoc struct {
	Login         string         `json:"login,omitempty"`
	Claims        map[string]any `json:"claims,omitempty"`
	CustomRoleARN string         `json:"customRoleArn,omitempty"`
	// DeveloperPrincipalTags are a developer login's own tags.
	DeveloperPrincipalTags map[string]string `json:"developerPrincipalTags,omitempty"`
}

// DocOf returns r, with a developer login's own tags, as case files write
// it.
func DocOf(r rolemap.Request, devTags map[string]string) RequestDoc {
	return RequestDoc{Login: r.Login, Claims: r.Claims, CustomRoleARN: r.CustomRoleARN, DeveloperPrincipalTags: devTags}
}

// Explanation is the answer to one request, as rolemap explain prints it:
// its JSON form is the output of --format json, and [Explanation.WriteText]
// writes the text. Build it with [ExplainRequest].
type Explanation struct {
	// Request is the request answered.
	Request RequestDoc `json:"request"`
	// Decision is the role choice, nil when the pool chose no role (Error
	// then says why).
	Decision *rolemap.Decision `json:"decision,omitempty"`
	// Tags are the session's principal tags (those requested, on an
	// error), when the credentials were checked.
	Tags map[string]string `json:"tags,omitempty"`
	// Trust is the trust check's decision, when it ran.
	Trust *trust.Decision `json:"trust,omitempty"`
	// Error is the error AWS would return: of the role choice, the tags or
	// the trust check; a trust policy outside the grammar has its
	// [trust.Error] code.
	Error *rolemap.Error `json:"error,omitempty"`
	// TrustUnverified says why the chosen role's trust was not checked
	// (no policy for it among the roles given), "" when it was or when no
	// trust policy was given at all.
	TrustUnverified string `json:"trustUnverified,omitempty"`

	// LoginFromIssuer says the login was read from the token's iss, and
	// Notes are lines of text about how the claims were built (a user's
	// groups: usergroups.Token.Notes). The caller sets them; WriteText
	// prints them after the login.
	LoginFromIssuer bool     `json:"-"`
	Notes           []string `json:"-"`

	decision     rolemap.Decision
	err, credErr error
	creds        *Credentials
}

// ExplainRequest answers req with a trace: with c, the credentials
// ([Checker.Get]); with a nil c, the role choice alone (res.Resolve). A
// chosen role without a trust policy among those c was given is
// unverified (TrustUnverified), not an error, unless requireTrust is set:
// then it is the error [CodeUnknownRole].
func ExplainRequest(res *rolemap.Resolver, c *Checker, req Request, requireTrust bool) *Explanation {
	req.Trace = true
	x := &Explanation{Request: DocOf(req.Request, nil)}
	if c == nil {
		x.decision, x.err = res.Resolve(req.Request)
	} else {
		got, err := c.Get(req)
		if got.Decision.RoleARN == "" && err != nil {
			x.err = err // no role chosen
		} else {
			x.decision, x.creds, x.credErr = got.Decision, &got, err
		}
		if re := (*rolemap.Error)(nil); !requireTrust && errors.As(x.credErr, &re) && re.Code == CodeUnknownRole && x.creds != nil {
			// The role choice and the tags are known, the trust is not.
			x.credErr = nil
			x.TrustUnverified = clip.Quote(x.decision.RoleARN) + " has no trust policy among the roles given: give it with --roles FILE, or import the template that defines it; --require-trust makes this an error"
		}
	}
	x.fill()
	return x
}

// fill sets the JSON fields from the outcome.
func (x *Explanation) fill() {
	var (
		re *rolemap.Error
		te *TrustError
		pe *trust.Error
	)
	switch {
	case x.err == nil:
		x.Decision = &x.decision
	case errors.As(x.err, &re):
		x.Error = re
	default:
		x.Error = &rolemap.Error{Code: "error", Message: x.err.Error()}
	}
	if x.creds == nil {
		return
	}
	x.Tags = x.creds.Tags.Map()
	if x.creds.TrustChecked() {
		x.Trust = &x.creds.Trust
	}
	switch {
	case errors.As(x.credErr, &te):
		x.Error = te.Err
	case errors.As(x.credErr, &pe):
		x.Error = &rolemap.Error{Code: pe.Code, Message: pe.Message()}
	case errors.As(x.credErr, &re):
		x.Error = re
	}
}

// Err returns the error of the answer: the role choice's, or else the
// credentials' (a [*TrustError] refusal, a [*trust.Error] for a policy
// outside the grammar, a tag error); nil when the request gets
// credentials (or a role, without a checker).
func (x *Explanation) Err() error {
	if x.err != nil {
		return x.err
	}
	return x.credErr
}

// WriteText writes the explanation for people: the login (or "a guest"),
// the notes, then the role choice rule by rule ([rolemap.Explain]) or the
// credentials ([Explain]) and whether the trust was unverified. The login
// is escaped; the trace quotes the pool and claims as they are, so a
// terminal wants w to escape control characters (as rolemap's output
// does).
func (x *Explanation) WriteText(w io.Writer) error {
	who := x.Request.Login
	switch {
	case who == "":
		who = "a guest (no login)"
	case x.LoginFromIssuer:
		who += " (from the token's iss)"
	}
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "login: %s\n", clip.Line(clip.String(who)))
	for _, n := range x.Notes {
		fmt.Fprintln(ew, n)
	}
	if x.creds == nil {
		fmt.Fprintln(ew, rolemap.Explain(x.decision, x.err))
		return ew.err
	}
	fmt.Fprintln(ew, Explain(*x.creds, x.credErr))
	if x.TrustUnverified != "" {
		fmt.Fprintf(ew, "trust: unverified (%s)\n", x.TrustUnverified)
	}
	return ew.err
}

// errWriter keeps the first error of w.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
