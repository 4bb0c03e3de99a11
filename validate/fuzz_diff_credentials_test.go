package validate_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/internal/work"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/validate"
)

// Bounds FuzzDiffCredentials holds DiffCredentialsReport to on any pair of
// deployments: the changes it lists, the bytes of each message, and the
// steps counted with internal/work.
const (
	fuzzMaxChanges = 2000
	fuzzMaxMessage = 4 << 10
	fuzzMaxWork    = 4 << 20
)

// credentialDeployments returns the repository's real deployment
// documents, decoded as JSON values, in a fixed order: the one rolemap
// import writes for each pool of each cdk synth template, and one made of
// the pool, roles and userPools of each case file under the fixture
// folders that has roles or userPools.
func credentialDeployments(tb testing.TB) []any {
	tb.Helper()
	var docs []any
	add := func(doc json.RawMessage) {
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, v)
	}
	for _, tf := range fixtures.Templates(tb, "../rolemap") {
		path, data := tf.Path, tf.Data
		res, err := iac.CloudFormation(data)
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		for _, name := range slices.Sorted(maps.Keys(res.Pools)) {
			doc, err := casefile.DeploymentDocument(res.Pools[name], res.Roles, res.UserPools)
			if err != nil {
				tb.Fatalf("%s: %v", path, err)
			}
			add(doc)
		}
	}
	for _, top := range fixtures.CaseFiles(tb, "../rolemap") {
		if top["pool"] == nil || top["roles"] == nil && top["userPools"] == nil {
			continue
		}
		var pool map[string]json.RawMessage
		if json.Unmarshal(top["pool"], &pool) != nil || pool == nil {
			continue
		}
		for _, m := range []string{"roles", "userPools"} {
			if top[m] != nil {
				pool[m] = top[m]
			}
		}
		doc, err := json.Marshal(pool)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := casefile.ParseDeployment(doc); err == nil {
			add(doc)
		}
	}
	return docs
}

// editDeployment returns doc with one edit, chosen by at (the place of a
// value in a walk of the document) and how: a string replaced with value
// (a trust policy's condition value, a tag map's claim, a role ARN), a
// number replaced with one (a group's precedence), or an object given a
// member value: value (a tag map entry, a condition key, a user).
func editDeployment(doc any, how uint8, at int, value string) any {
	n := 0
	var walk func(v any) any
	walk = func(v any) any {
		here := n == at
		n++
		switch x := v.(type) {
		case map[string]any:
			if here && how%3 == 2 {
				y := maps.Clone(x)
				y[value] = value
				return y
			}
			y := make(map[string]any, len(x))
			for _, k := range slices.Sorted(maps.Keys(x)) {
				y[k] = walk(x[k])
			}
			return y
		case []any:
			y := make([]any, len(x))
			for i := range x {
				y[i] = walk(x[i])
			}
			return y
		}
		if !here {
			return v
		}
		if how%3 == 1 {
			if f, err := strconv.ParseFloat(value, 64); err == nil {
				return f
			}
			return float64(len(value))
		}
		return value
	}
	return walk(doc)
}

// FuzzDiffCredentials compares a real deployment with itself after one
// edit (either way round) and checks that DiffCredentialsReport never
// panics, gives the same report twice, lists only sound changes — each
// witness, resolved on both sides with a credentials.Checker, gets the
// change's Old and New (and tags) — and stays within bounded output and
// counted work.
func FuzzDiffCredentials(f *testing.F) {
	docs := credentialDeployments(f)
	if len(docs) < 4 {
		f.Fatalf("%d deployments from the fixtures, want at least 4", len(docs))
	}
	for i := range docs {
		f.Add(uint8(i), uint8(0), uint16(3*i+5), "us-east-1:00000000-0000-0000-0000-000000000000") // a condition value or an ID
		f.Add(uint8(i), uint8(2), uint16(2*i+1), "custom:dept")                                    // a tag map entry
		f.Add(uint8(i), uint8(1), uint16(5*i+7), "-1")                                             // a precedence
		f.Add(uint8(i), uint8(3), uint16(11*i+2), "unauthenticated")                               // the other way round
	}
	f.Fuzz(func(t *testing.T, which, how uint8, at uint16, value string) {
		base := docs[int(which)%len(docs)]
		edited := editDeployment(base, how, int(at), value)
		old, okOld := side(t, base)
		new, okNew := side(t, edited)
		if !okOld || !okNew {
			return
		}
		if how&4 != 0 {
			old, new = new, old
		}
		if validate.Pool(old.Pool) != nil || validate.Pool(new.Pool) != nil {
			return
		}
		var r *validate.CredentialsReport
		var err error
		steps := work.Count(func() { r, err = validate.DiffCredentialsReport(old, new) })
		if steps > fuzzMaxWork {
			t.Fatalf("DiffCredentialsReport counted %d steps, over %d", steps, fuzzMaxWork)
		}
		r2, err2 := validate.DiffCredentialsReport(old, new)
		if a, b := reportText(r, err), reportText(r2, err2); a != b {
			t.Fatalf("DiffCredentialsReport gave two answers:\n%.2000s\n%.2000s", a, b)
		}
		if err != nil {
			return
		}
		if len(r.Changes) > fuzzMaxChanges {
			t.Fatalf("%d changes, over %d", len(r.Changes), fuzzMaxChanges)
		}
		oc, nc := checker(t, old), checker(t, new)
		for _, c := range r.Changes {
			if len(c.Message) > fuzzMaxMessage {
				t.Fatalf("a message of %d bytes: %.300s…", len(c.Message), c.Message)
			}
			if o, n, sound := witnessSound(t, oc, nc, c); !sound {
				t.Fatalf("unsound change %s: %s; its witness %+v gets %v %v, then %v %v", c.Scope, c.Message, c.Witness, o.creds, o.tags, n.creds, n.tags)
			}
		}
	})
}

// side reads a deployment document as a Side; false when the document is
// no deployment a user could give.
func side(t *testing.T, doc any) (validate.Side, bool) {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := casefile.ParseDeployment(data)
	if err != nil {
		return validate.Side{}, false
	}
	return validate.Side{Pool: d.Pool, Roles: d.Roles, UserPools: d.UserPools}, true
}

// TestDiffCredentialsSeedsReach: FuzzDiffCredentials's seeds reach the
// credentials diff: most pairs read and validate, and some give changes
// of the credentials (trust, tags or groups), not only of the role choice.
func TestDiffCredentialsSeedsReach(t *testing.T) {
	docs := credentialDeployments(t)
	var pairs, read, changes, creds int
	for _, doc := range docs {
		for _, e := range []struct {
			how   uint8
			value string
		}{{0, "us-east-1:00000000-0000-0000-0000-000000000000"}, {2, "custom:dept"}, {1, "-1"}} {
			for at := 0; at < 400; at += 29 {
				pairs++
				old, ok1 := side(t, doc)
				new, ok2 := side(t, editDeployment(doc, e.how, at, e.value))
				if !ok1 || !ok2 || validate.Pool(old.Pool) != nil || validate.Pool(new.Pool) != nil {
					continue
				}
				r, err := validate.DiffCredentialsReport(old, new)
				if err != nil {
					continue
				}
				read++
				changes += len(r.Changes)
				for _, c := range r.Changes {
					if c.Scope == "trust" || c.Scope == "tags" || c.Scope == "groups" {
						creds++
					}
				}
			}
		}
	}
	t.Logf("%d deployments, %d edited pairs, %d read, %d changes, %d of the credentials", len(docs), pairs, read, changes, creds)
	if read < pairs/3 || creds == 0 {
		t.Errorf("%d of %d pairs read, %d changes of the credentials: the fuzz target reaches too little", read, pairs, creds)
	}
}

// reportText writes a report and its error in full, witnesses included,
// without the addresses of its pointers.
func reportText(r *validate.CredentialsReport, err error) string {
	if r == nil {
		return fmt.Sprintf("nil %v", err)
	}
	var b strings.Builder
	for _, c := range r.Changes {
		old := c.OldWitness
		c.OldWitness = nil
		fmt.Fprintf(&b, "%+v", c)
		if old != nil {
			fmt.Fprintf(&b, " old witness %+v", *old)
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%+v %v", r.Uncovered, err)
	return b.String()
}
