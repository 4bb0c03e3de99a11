package iac

import (
	"strings"
	"testing"
)

// TestStepBudget: once the evaluation steps of an import are spent, every
// further evaluation fails, and the import reports it once, at the path
// where it ran out.
func TestStepBudget(t *testing.T) {
	x := &cfn{recorder: newRecorder(newConfig(nil)), conds: map[string]int8{}, attrs: map[string]any{}, steps: 1 << 20}
	x.env = x.environment()
	// A join of 1,000 joins: about 3,000 steps.
	var parts []any
	for range 1000 {
		parts = append(parts, map[string]any{"Fn::Join": []any{"", []any{"a"}}})
	}
	expr := map[string]any{"Fn::Join": []any{"", parts}}
	if v := x.eval(expr, root("E")); v != strings.Repeat("a", 1000) || len(x.errs) != 0 {
		t.Fatalf("with steps to spare: %v, errors %v", v, x.errs)
	}
	x.steps = 100
	if v := x.eval(expr, root("E")); v != (failed{}) {
		t.Fatalf("over the budget: got %v, want a failure", v)
	}
	if v := x.eval(expr, root("F")); v != (failed{}) {
		t.Fatalf("after the budget: got %v, want a failure", v)
	}
	if len(x.errs) != 1 || !strings.Contains(x.errs[0].Error(), "more evaluation steps than 4 per byte") {
		t.Fatalf("errors = %v, want one saying the budget is spent", x.errs)
	}
}
