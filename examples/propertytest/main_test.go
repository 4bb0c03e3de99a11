package main

import (
	"bytes"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyHolds checks each property with rapid, as a test of your own
// pool would: rapid's default 100 requests each, more with
// RAPID_CHECKS=20000 or -rapid.checks=20000.
func TestPropertyHolds(t *testing.T) {
	pool, res, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range properties {
		t.Run(p.name, rapid.MakeCheck(p.check(pool, res, nil)))
	}
}

// TestRun checks the report go run prints: every property holds.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run() error = %v\n%s", err, out.String())
	}
	for _, p := range properties {
		if !strings.Contains(out.String(), "\nok   "+p.name+": ") {
			t.Errorf("the report does not say that %q holds:\n%s", p.name, out.String())
		}
	}
	if !strings.Contains(out.String(), "with Contains instead of Equals") {
		t.Errorf("the report does not show the Contains counterexample:\n%s", out.String())
	}
}

// TestLeak checks that the first property is not vacuous: with the admins
// rule loosened to Contains, generated requests break it, through a group
// whose name contains "admins" without being it.
func TestLeak(t *testing.T) {
	req, found := leak()
	if !found {
		t.Fatal("leak() found no request breaking the first property with Contains")
	}
	if hasValue(req.Claims["cognito:groups"], "admins") {
		t.Errorf("leak() = %s, a member of admins", show(req))
	}
	if !strings.Contains(groups(req), "admins") {
		t.Errorf("leak() = %s: no group contains admins", show(req))
	}
}

// TestHasValue pins the membership test the properties use.
func TestHasValue(t *testing.T) {
	tests := []struct {
		name  string
		claim any
		want  bool
	}{
		{name: "string", claim: "admins", want: true},
		{name: "array", claim: []any{"dev", "admins"}, want: true},
		{name: "absent", claim: nil},
		{name: "other case", claim: "Admins"},
		{name: "substring", claim: []any{"sysadmins"}},
		{name: "nested array", claim: []any{[]any{"admins"}}},
		{name: "number", claim: 1.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hasValue(tt.claim, "admins"); got != tt.want {
				t.Errorf("hasValue(%#v, %q) = %v; want %v", tt.claim, "admins", got, tt.want)
			}
		})
	}
}
