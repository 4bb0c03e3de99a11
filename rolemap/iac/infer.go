package iac

import (
	"maps"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// Inferred pseudo parameters. A CDK stack bound to an environment writes
// its region and account into the template literally (the ProviderName of
// a user pool as "cognito-idp.eu-west-1." joined with the rest, ARNs with
// the account), while the references CloudFormation resolves at deploy
// time (Ref AWS::Region) stay references. Were those references given the
// fixed defaults, one template would hold two regions, and the pool would
// be reported broken for a disagreement the import made up. So, when the
// caller binds no value and the template states exactly one, that value is
// the default instead, and the import reports it as inferred.

// maxSeen is the most distinct values inference keeps for a pseudo
// parameter; one is enough to decide and two to refuse, the rest are
// reported as a count so that a hostile template cannot make the report
// large.
const maxSeen = 8

// seen is what a template states literally for the pseudo parameters.
type seen map[string]map[string]bool // pseudo parameter → values

func (s seen) add(name, value string) {
	vs := s[name]
	if vs == nil {
		vs = map[string]bool{}
		s[name] = vs
	}
	if len(vs) < maxSeen {
		vs[value] = true
	}
}

// literals walks a decoded template and collects the region, account and
// partition its strings state: "cognito-idp.REGION." (a user pool's
// provider name or endpoint) and the fields of "arn:PARTITION:SERVICE:REGION:ACCOUNT:".
// The walk is linear in the template.
func literals(v any) seen {
	s := seen{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			s.scan(x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return s
}

// scan adds what one string states.
func (s seen) scan(str string) {
	for rest := str; ; {
		i := strings.Index(rest, "cognito-idp.")
		if i < 0 {
			break
		}
		rest = rest[i+len("cognito-idp."):]
		if region, _, ok := strings.Cut(rest, "."); ok && isRegion(region) {
			s.add("AWS::Region", region)
		}
	}
	for rest := str; ; {
		i := strings.Index(rest, "arn:")
		if i < 0 {
			break
		}
		rest = rest[i+len("arn:"):]
		f := strings.SplitN(rest, ":", 5)
		if len(f) < 5 || !isPartition(f[0]) {
			continue
		}
		s.add("AWS::Partition", f[0])
		if isRegion(f[2]) {
			s.add("AWS::Region", f[2])
		}
		if isAccount(f[3]) {
			s.add("AWS::AccountId", f[3])
		}
	}
}

// isRegion reports whether r is shaped like an AWS region: letters and
// digits in dash-separated parts, ending in a digit (eu-west-1, us-gov-east-1).
func isRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(r) > 32 || len(parts) < 3 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, c := range p {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
				return false
			}
		}
	}
	last := parts[len(parts)-1]
	return last[len(last)-1] >= '0' && last[len(last)-1] <= '9'
}

func isPartition(p string) bool { return p == "aws" || p == "aws-cn" || p == "aws-us-gov" }

func isAccount(a string) bool {
	if len(a) != 12 {
		return false
	}
	for _, c := range a {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Conflict is a pseudo parameter the file states several values for: the
// import kept the fixed default, and a binding decides.
type Conflict struct {
	Name   string   // the pseudo parameter, the binding that decides
	Values []string // the values the file states, sorted
}

// infer returns the value the template states for name, if it states
// exactly one; with several it records a conflict.
func (r *recorder) infer(name string) (string, bool) {
	vs := r.literals[name]
	switch len(vs) {
	case 0:
		return "", false
	case 1:
		for v := range vs {
			r.inferred[name] = v
			return v, true
		}
	}
	r.conflicts = append(r.conflicts, Conflict{Name: name, Values: slices.Sorted(maps.Keys(vs))})
	return "", false
}

// maxNamed is the most substitutions [Result.Mentions] names.
const maxNamed = 3

// Mentions returns the placeholders and inferred values text holds — the
// values the import made up or took from the file's literals rather than
// from a binding — longest first, at most 3, so that a finding or an error
// about such a subject can say so and name the binding that gives the real
// value. AWS::Partition and AWS::URLSuffix are left out (every ARN and
// endpoint holds them), and so is a value shorter than 9 bytes (a role
// name such as "admin" would match words of any message).
func (r *Result) Mentions(text string) []Substitution {
	var out []Substitution
	for _, list := range [][]Substitution{r.Placeholders, r.Inferred} {
		for _, s := range list {
			if s.Name == "AWS::Partition" || s.Name == "AWS::URLSuffix" || len(s.Value) < 9 {
				continue
			}
			if strings.Contains(text, s.Value) {
				out = append(out, s)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Substitution) int {
		if c := len(b.Value) - len(a.Value); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	// A value inside a longer one already named (the region inside a pool
	// ID built from it) adds nothing.
	var named []Substitution
	for _, s := range out {
		inside := false
		for _, n := range named {
			if strings.Contains(n.Value, s.Value) {
				inside = true
				break
			}
		}
		if !inside {
			named = append(named, s)
		}
		if len(named) == maxNamed {
			break
		}
	}
	return named
}

// MentionNote is what a finding or error whose text holds placeholders
// says about them: "\"us-east-1_Users\" is a placeholder for Users: bind
// it to check the real value"; "" when text holds none.
func (r *Result) MentionNote(text string) string { return r.note(r.Mentions(text)) }

// DiagnosticNote is [Result.MentionNote] for a diagnostic: the
// placeholders its message or the keys of its path hold, each key read
// whole (a printed path shortens a long one).
func (r *Result) DiagnosticNote(d diag.Diagnostic) string {
	var b strings.Builder
	for _, st := range d.Path {
		if st.Kind != diag.StepIndex {
			b.WriteString(st.Name)
			b.WriteByte(0) // no value spans two keys
		}
	}
	b.WriteString(d.Message)
	return r.note(r.Mentions(b.String()))
}

// note says what the substitutions named are.
func (r *Result) note(named []Substitution) string {
	var parts []string
	for _, s := range named {
		kind := "a placeholder"
		if slices.Contains(r.Inferred, s) {
			kind = "inferred from the file's literals"
		}
		parts = append(parts, clip.Quote(s.Value)+" is "+kind+" for "+clip.Quote(s.Name))
	}
	if len(parts) == 0 {
		return ""
	}
	bind := " (bind it to check the deployed value)"
	if len(parts) > 1 {
		bind = " (bind them to check the deployed values)"
	}
	return strings.Join(parts, "; ") + bind
}
