package iac_test

import (
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/rolemaptest"
)

// TestCaseFiles runs the case files of testdata/cases: pools imported from
// the real cdk synth output in testdata/cdk, the hand-written templates and
// the Terraform documents, each checked against the decisions it must make.
func TestCaseFiles(t *testing.T) { rolemaptest.RunDir(t, "testdata/cases") }
