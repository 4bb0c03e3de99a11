package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/rolemap"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	for _, r := range requests() {
		if !strings.Contains(out.String(), r.name+"\n") {
			t.Errorf("output lacks request %q", r.name)
		}
	}
}

// TestDecisions pins what each quick-start request resolves to.
func TestDecisions(t *testing.T) {
	want := map[string]string{
		"user pool admin, groups through a Token mapping": "arn:aws:iam::111122223333:role/Storefront-Admin",
		"user pool member of two groups, choosing a role": "arn:aws:iam::111122223333:role/Storefront-Staff",
		"user pool user in no group":                      "arn:aws:iam::111122223333:role/Storefront-Customer",
		"Google Workspace staff, through Rules":           "arn:aws:iam::111122223333:role/Storefront-Staff",
		"Google consumer account":                         "arn:aws:iam::111122223333:role/Storefront-Customer",
		"guest":                                           "arn:aws:iam::111122223333:role/Storefront-Guest",
		"unverified Google account is denied":             "NotAuthorizedException",
		"Facebook is not a provider of this pool":         "NotAuthorizedException",
	}
	pool, err := rolemap.ParsePool(poolJSON)
	if err != nil {
		t.Fatal(err)
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range requests() {
		d, err := res.Resolve(r.req)
		var awsErr *rolemap.Error
		switch {
		case err == nil:
			got[r.name] = d.RoleARN
		case errors.As(err, &awsErr):
			got[r.name] = awsErr.Code
		default:
			t.Fatalf("%s: %v", r.name, err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decisions (-want +got):\n%s", diff)
	}
}
