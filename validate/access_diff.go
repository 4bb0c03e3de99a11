package validate

import (
	"cmp"
	"slices"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// AccessDiff is what changes between two access reports: the paths gained
// and lost, those whose certainty changed, and the findings new and gone.
// Paths compare by (role, flow, identity), findings by code and path.
type AccessDiff struct {
	// Complete is true only when both reports are complete; otherwise
	// Incomplete says what could not be compared, and an empty diff does
	// not mean "no access change".
	Complete   bool     `json:"complete"`
	Incomplete []string `json:"incomplete"`
	// Gained are the paths only the new report has, Lost those only the
	// old one has, Certainty those both have with another certainty.
	Gained    []AccessChange `json:"gained"`
	Lost      []AccessChange `json:"lost"`
	Certainty []AccessChange `json:"certainty"`
	// NewFindings and GoneFindings are the findings (by code and path) only
	// the new, or only the old, report has.
	NewFindings  []AccessFinding `json:"newFindings"`
	GoneFindings []AccessFinding `json:"goneFindings"`
}

// AccessChange is one path gained, lost or whose certainty changed, with
// the witness of the side that holds it (the new side's for a gained path
// or a certainty change, the old side's for a lost one).
type AccessChange struct {
	Role     string `json:"role"`
	Flow     Flow   `json:"flow"`
	Identity string `json:"identity"`
	// Old and New are the certainty on each side; "" where the path is
	// absent.
	Old     Certainty   `json:"old,omitempty"`
	New     Certainty   `json:"new,omitempty"`
	Witness PathWitness `json:"witness"`
	// Message says it in a sentence: "guest can now obtain
	// "arn:…:role/Admin" by the basic flow (certain)".
	Message string `json:"message"`
}

// Empty reports whether the diff lists no change at all (which means "no
// access change" only when it is Complete).
func (d *AccessDiff) Empty() bool {
	return len(d.Gained)+len(d.Lost)+len(d.Certainty)+len(d.NewFindings)+len(d.GoneFindings) == 0
}

// DiffAccess compares two access reports of one identity pool (before and
// after a change). A nil report stands for a side whose access could not be
// analysed: the diff is then incomplete and says so. Its lists are sorted
// by role, flow (enhanced first), then identity; findings as [Lint] sorts
// them.
func DiffAccess(old, new *AccessReport) *AccessDiff {
	d := &AccessDiff{Incomplete: []string{}, Gained: []AccessChange{}, Lost: []AccessChange{}, Certainty: []AccessChange{},
		NewFindings: []AccessFinding{}, GoneFindings: []AccessFinding{}}
	for _, side := range []struct {
		name string
		r    *AccessReport
	}{{"old", old}, {"new", new}} {
		switch {
		case side.r == nil:
			d.Incomplete = append(d.Incomplete, "the "+side.name+" side has no access report: its paths could not be compared")
		case !side.r.Complete:
			for _, u := range side.r.Unknowns {
				if u.ID != "" {
					d.Incomplete = append(d.Incomplete, "the "+side.name+" side rests on an unknown ("+u.ID+"): "+u.Message)
				}
			}
		}
	}
	d.Complete = len(d.Incomplete) == 0
	op, np := pathsByKey(old), pathsByKey(new)
	for k, n := range np {
		o, ok := op[k]
		switch {
		case !ok:
			d.Gained = append(d.Gained, change(k, "", n, "can now obtain"))
		case o.Certainty != n.Certainty:
			c := change(k, o.Certainty, n, "")
			c.Message = clip.Quote(k.identity) + "'s path to " + clip.Quote(k.role) + " by the " + string(k.flow) + " flow is now " + string(n.Certainty) + " (was " + string(o.Certainty) + ")"
			d.Certainty = append(d.Certainty, c)
		}
	}
	for k, o := range op {
		if _, ok := np[k]; !ok {
			c := change(k, o.Certainty, o, "can no longer obtain")
			c.New, c.Old = "", o.Certainty
			d.Lost = append(d.Lost, c)
		}
	}
	for _, l := range [][]AccessChange{d.Gained, d.Lost, d.Certainty} {
		slices.SortFunc(l, func(a, b AccessChange) int {
			return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(flowOrder(a.Flow), flowOrder(b.Flow)), cmp.Compare(a.Identity, b.Identity))
		})
	}
	of, nf := findingsByKey(old), findingsByKey(new)
	if new != nil {
		for _, f := range new.Findings {
			if !of[f.Code+"\x00"+f.Path.String()] {
				d.NewFindings = append(d.NewFindings, f)
			}
		}
	}
	if old != nil {
		for _, f := range old.Findings {
			if !nf[f.Code+"\x00"+f.Path.String()] {
				d.GoneFindings = append(d.GoneFindings, f)
			}
		}
	}
	return d
}

func change(k pathKey, old Certainty, p Path, verb string) AccessChange {
	return AccessChange{Role: k.role, Flow: k.flow, Identity: k.identity, Old: old, New: p.Certainty, Witness: p.Witness,
		Message: clip.Quote(k.identity) + " " + verb + " " + clip.Quote(k.role) + " by the " + string(k.flow) + " flow (" + string(p.Certainty) + ")"}
}

func pathsByKey(r *AccessReport) map[pathKey]Path {
	out := map[pathKey]Path{}
	if r == nil {
		return out
	}
	for _, ra := range r.Roles {
		for _, p := range ra.Paths {
			out[pathKey{role: ra.ARN, flow: p.Flow, identity: p.Identity}] = p
		}
	}
	return out
}

func findingsByKey(r *AccessReport) map[string]bool {
	out := map[string]bool{}
	if r == nil {
		return out
	}
	for _, f := range r.Findings {
		out[f.Code+"\x00"+f.Path.String()] = true
	}
	return out
}
