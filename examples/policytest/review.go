package main

import (
	"fmt"
	"io"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/validate"
)

// review prints, as a reviewer reads it, who gets a different role if the
// pool changes from old to new: each change with a request that shows it.
func review(w io.Writer, old, new rolemap.Pool) ([]validate.Change, error) {
	changes, err := validate.Diff(old, new)
	if err != nil {
		return nil, err
	}
	if len(changes) == 0 {
		fmt.Fprintln(w, "no sign-in gets a different role")
	}
	for _, c := range changes {
		fmt.Fprintf(w, "- %s\n  for example login %q, claims %v\n", c.Message, c.Witness.Login, c.Witness.Claims)
	}
	return changes, nil
}

// newGrants are the changes that give a role to sign-ins the old pool
// refused: each needs a reviewer's explicit approval.
func newGrants(changes []validate.Change) []validate.Change {
	var out []validate.Change
	for _, c := range changes {
		if c.Old.Error != "" && c.New.Role != "" {
			out = append(out, c)
		}
	}
	return out
}
