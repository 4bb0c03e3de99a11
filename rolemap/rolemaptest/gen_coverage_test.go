package rolemaptest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// requestCoverage counts what the requests Request draws on pools Pool
// draws lead to: pools pools (seeds 0..pools-1), each with per requests.
// Every draw comes from a fixed seed (Generator.Example), so the counts are
// the same on every run.
type requestCoverage struct {
	total, rule, fallback, deny, token int
	byMatchType                        map[rolemap.MatchType]int
}

func measureRequests(t *testing.T, pools, per int) requestCoverage {
	t.Helper()
	c := requestCoverage{byMatchType: map[rolemap.MatchType]int{}}
	for i := range pools {
		p := rolemaptest.Pool().Example(i)
		r, err := rolemap.Compile(p)
		if err != nil {
			t.Fatalf("pool %d: %v", i, err)
		}
		gen := rolemaptest.Request(p)
		for j := range per {
			req := gen.Example(i*per + j)
			d, err := r.Resolve(req)
			c.total++
			var re *rolemap.Error
			switch {
			case err == nil && d.Reason == rolemap.ReasonRuleMatch:
				c.rule++
				c.byMatchType[d.Match.Rule.MatchType]++
			case err == nil && (d.Reason == rolemap.ReasonNoMapping || d.Reason == rolemap.ReasonAmbiguous):
				c.fallback++
			case err == nil && (d.Reason == rolemap.ReasonSingleRole || d.Reason == rolemap.ReasonPreferredRole || d.Reason == rolemap.ReasonCustomRole):
				c.token++
			case errors.As(err, &re) && re.MappingKey != "" && strings.HasPrefix(re.Message, "The ambiguous role mapping rules for: "):
				c.deny++
			}
		}
	}
	return c
}

func (c requestCoverage) String() string {
	pct := func(n int) string { return fmt.Sprintf("%d (%.1f%%)", n, 100*float64(n)/float64(c.total)) }
	return fmt.Sprintf("%d requests: rule match %s [Equals %d, Contains %d, StartsWith %d, NotEqual %d], fallback %s, deny %s, token %s",
		c.total, pct(c.rule), c.byMatchType[rolemap.Equals], c.byMatchType[rolemap.Contains], c.byMatchType[rolemap.StartsWith],
		c.byMatchType[rolemap.NotEqual], pct(c.fallback), pct(c.deny), pct(c.token))
}

// TestRequestReachesRules: at least 30% of the requests Request draws on
// generated pools reach a matching rule (17% did: most properties tested
// the fallback), and every match type and every outcome appears.
func TestRequestReachesRules(t *testing.T) {
	c := measureRequests(t, 100, 32)
	t.Log(c)
	if 10*c.rule < 3*c.total {
		t.Errorf("%d of %d requests reach a matching rule, under 30%%", c.rule, c.total)
	}
	for _, mt := range []rolemap.MatchType{rolemap.Equals, rolemap.Contains, rolemap.StartsWith, rolemap.NotEqual} {
		if c.byMatchType[mt] < c.total/100 {
			t.Errorf("%d requests match a %s rule, under 1%%", c.byMatchType[mt], mt)
		}
	}
	for name, n := range map[string]int{"fallback": c.fallback, "deny": c.deny, "token": c.token} {
		if n < c.total/100 {
			t.Errorf("%d requests end in %s, under 1%%", n, name)
		}
	}
}
