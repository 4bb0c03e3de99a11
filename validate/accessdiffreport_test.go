package validate_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/validate"
)

// accessDiff is the comparison of the hand-built report with a copy
// where the guest's basic path is gone, Gold's rule path possible and a
// new role reached by the basic flow.
func accessDiff(t *testing.T) *validate.AccessDiff {
	t.Helper()
	old, new := handReport(), handReport()
	new.Roles[1].Paths = new.Roles[1].Paths[:1]
	new.Roles[0].Paths[0].Certainty = validate.Possible
	new.Roles[2].Paths = []validate.Path{{Flow: validate.FlowBasic, Identity: "guest", Via: []string{"trust"}, Certainty: validate.Certain,
		Witness: validate.PathWitness{Flow: validate.FlowBasic, RoleArn: idle, AMR: []string{"unauthenticated"}}}}
	new.Findings = new.Findings[1:]
	return validate.DiffAccess(old, new)
}

// TestDiffReportAccessText: the access changes follow the credentials
// changes, each with the witness of the side holding the path, and the
// comparison says it is incomplete when a side rests on an unknown —
// never "no access change".
func TestDiffReportAccessText(t *testing.T) {
	d, err := validate.NewDiffReport("old.json", "new.json", &validate.CredentialsReport{}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	d.Access = accessDiff(t)
	var buf bytes.Buffer
	if err := d.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	want := `0 changes between old.json and new.json
access gained: "guest" can now obtain "arn:aws:iam::111122223333:role/Idle" by the basic flow (certain)
	witness: {"flow":"basic","login":"","claims":{},"roleArn":"arn:aws:iam::111122223333:role/Idle","amr":["unauthenticated"]}
access certainty: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1"'s path to "arn:aws:iam::111122223333:role/Gold" by the enhanced flow is now possible (was certain)
	witness: {"flow":"enhanced","login":"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC","claims":{"aud":"client1","custom:tier":"gold","sub":"w-1"},"customRoleArn":""}
access lost: "guest" can no longer obtain "arn:aws:iam::111122223333:role/Guest" by the basic flow (possible)
	witness: {"flow":"basic","login":"","claims":{},"roleArn":"arn:aws:iam::111122223333:role/Guest","amr":["unauthenticated"]}
access gone finding: warning classic-flow-enabled AllowClassicFlow: the basic flow is possibly enabled
access: 4 access changes; the comparison is incomplete, so this may not be all: the old side rests on an unknown (classic-flow-unset): AllowClassicFlow is absent; the new side rests on an unknown (classic-flow-unset): AllowClassicFlow is absent
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
	// An empty diff says "no access change" only when it is complete.
	for _, tc := range []struct {
		old, new *validate.AccessReport
		want     string
	}{
		{&validate.AccessReport{Complete: true}, &validate.AccessReport{Complete: true}, "access: no access change\n"},
		{&validate.AccessReport{Complete: true}, nil, "access: 0 access changes; the comparison is incomplete, so this may not be all: the new side has no access report: its paths could not be compared\n"},
	} {
		d.Access = validate.DiffAccess(tc.old, tc.new)
		buf.Reset()
		if err := d.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(buf.String(), tc.want) {
			t.Errorf("text:\n%s\nwant it to end %q", buf.String(), tc.want)
		}
	}
}

// TestDiffReportAccessMarkdown: a table of the path changes and the
// findings new and gone; a huge access diff stays within GitHub's limit
// with the credentials changes, counting what it leaves out.
func TestDiffReportAccessMarkdown(t *testing.T) {
	d, err := validate.NewDiffReport("old.json", "new.json", &validate.CredentialsReport{}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	d.Access = accessDiff(t)
	var buf bytes.Buffer
	if err := d.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"#### Access: 4 access changes; the comparison is incomplete",
		"| Change | Who | Role | Flow | Certainty | Witness |\n|---|---|---|---|---|---|\n",
		"| gained | `guest` | `role/Idle` | basic | certain | `{",
		"| certainty | `cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client1` | `role/Gold` | enhanced | certain → possible | `{",
		"| lost | `guest` | `role/Guest` | basic | possible → none | `{",
		"- **gone** warning `classic-flow-enabled` `AllowClassicFlow`: the basic flow is possibly enabled\n",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in\n%s", want, buf.String())
		}
	}
	huge := validate.DiffAccess(&validate.AccessReport{Complete: true}, hugeReport(3000, 2))
	d.Access = huge
	buf.Reset()
	if err := d.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCount(buf.Bytes()); n > validate.MaxComment {
		t.Errorf("%d characters, over GitHub's limit of %d", n, validate.MaxComment)
	}
	if want := fmt.Sprintf("more access changes not shown: a comment holds at most %d characters", validate.MaxComment); !strings.Contains(buf.String(), want) {
		t.Errorf("no count of what is left out")
	}
}
