package casefile

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/validate"
)

const accessPool = `"pool": {"IdentityPoolId": "us-east-1:1", "Roles": {}}`

// TestParseAccess: the access member is read strictly — unknown members,
// wrong types, unknown flows and certainties, a missing identity and a
// path listed twice are errors naming the entry — and it counts as a
// check.
func TestParseAccess(t *testing.T) {
	tests := []struct {
		name, access, want string
	}{
		{"unknown member", `{"arn:aws:iam::1:role/A": [{"flow": "basic", "identity": "guest", "certainty": "certain", "via": "trust"}]}`,
			`access["arn:aws:iam::1:role/A"][0].via (line 1, column`},
		{"near miss", `{"arn:aws:iam::1:role/A": [{"flow": "basic", "identty": "guest", "certainty": "certain"}]}`,
			`did you mean "identity"?`},
		{"not an object", `[]`, "cannot unmarshal array"},
		{"not a list", `{"arn:aws:iam::1:role/A": {"flow": "basic"}}`, "cannot unmarshal object"},
		{"wrong type", `{"arn:aws:iam::1:role/A": [{"flow": 1, "identity": "guest", "certainty": "certain"}]}`, "cannot unmarshal number"},
		{"unknown flow", `{"arn:aws:iam::1:role/A": [{"flow": "classic", "identity": "guest", "certainty": "certain"}]}`,
			`access["arn:aws:iam::1:role/A"][0].flow: "classic"; want "enhanced" or "basic"`},
		{"unknown certainty", `{"arn:aws:iam::1:role/A": [{"flow": "basic", "identity": "guest", "certainty": "maybe"}]}`,
			`access["arn:aws:iam::1:role/A"][0].certainty: "maybe"; want "certain" or "possible"`},
		{"no identity", `{"arn:aws:iam::1:role/A": [{"flow": "basic", "certainty": "certain"}]}`,
			`access["arn:aws:iam::1:role/A"][0].identity: missing`},
		{"listed twice", `{"arn:aws:iam::1:role/A": [{"flow": "basic", "identity": "guest", "certainty": "certain"}, {"flow": "basic", "identity": "guest", "certainty": "possible"}]}`,
			`access["arn:aws:iam::1:role/A"][1]: the "basic" path of "guest" is listed twice (also access["arn:aws:iam::1:role/A"][0])`},
		{"duplicate role", `{"arn:aws:iam::1:role/A": [], "arn:aws:iam::1:role/A": []}`, `access["arn:aws:iam::1:role/A"]`},
		{"empty arn", `{"": []}`, `access[""]: an empty role ARN`},
		{"with invalid", `{}, "invalid": ["Roles"]`, "unreachable, findings and access apply to valid pools only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFile([]byte(`{` + accessPool + `, "access": ` + tt.access + `}`))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseFile() error = %v, want it to say %q", err, tt.want)
			}
		})
	}
	f, err := ParseFile([]byte(`{` + accessPool + `, "access": {"arn:aws:iam::1:role/A": [], "arn:aws:iam::1:role/B": [{"flow": "enhanced", "identity": "guest", "certainty": "certain"}]}}`))
	if err != nil {
		t.Fatalf("ParseFile() error = %v", err)
	}
	want := map[string][]AccessPath{"arn:aws:iam::1:role/A": {}, "arn:aws:iam::1:role/B": {{validate.FlowEnhanced, "guest", validate.Certain}}}
	if diff := cmp.Diff(want, f.Access); diff != "" {
		t.Errorf("Access (-want +got):\n%s", diff)
	}
}

// TestCheckAccess: each listed role's paths must equal the list as a set;
// the failure is the set difference, sorted, with the role's paths, the
// same on every run.
func TestCheckAccess(t *testing.T) {
	const a, b = "arn:aws:iam::1:role/A", "arn:aws:iam::1:role/B"
	report := &validate.AccessReport{Roles: []validate.RoleAccess{
		{ARN: a, Trust: "verified", Paths: []validate.Path{
			{Flow: validate.FlowEnhanced, Identity: "guest", Via: []string{"default-role"}, Certainty: validate.Certain, ScopedDown: true,
				Witness: validate.PathWitness{Flow: validate.FlowEnhanced}},
			{Flow: validate.FlowBasic, Identity: "guest", Via: []string{"trust"}, Certainty: validate.Possible, Why: []string{"classic-flow-unset"},
				Witness: validate.PathWitness{Flow: validate.FlowBasic, RoleArn: a, AMR: []string{"unauthenticated"}}},
		}},
		{ARN: b, Trust: "verified"},
	}}
	tests := []struct {
		name   string
		access map[string][]AccessPath
		want   string
	}{
		{"equal", map[string][]AccessPath{
			a: {{validate.FlowBasic, "guest", validate.Possible}, {validate.FlowEnhanced, "guest", validate.Certain}},
			b: {},
		}, ""},
		{"certainty differs", map[string][]AccessPath{
			a: {{validate.FlowBasic, "guest", validate.Certain}, {validate.FlowEnhanced, "guest", validate.Certain}},
		}, `f.json: access of "arn:aws:iam::1:role/A" differs:
  want, not got: "basic guest certain"
  got, not wanted: "basic guest possible"
paths:
	arn:aws:iam::1:role/A: enhanced guest via default-role, certain; scoped down; witness {"flow":"enhanced","login":"","claims":{},"customRoleArn":""}
	arn:aws:iam::1:role/A: basic guest via trust, possible (classic-flow-unset); witness {"flow":"basic","login":"","claims":{},"roleArn":"arn:aws:iam::1:role/A","amr":["unauthenticated"]}`},
		{"none wanted", map[string][]AccessPath{b: {{validate.FlowEnhanced, "guest", validate.Certain}}}, `f.json: access of "arn:aws:iam::1:role/B" differs:
  want, not got: "enhanced guest certain"
paths:
	arn:aws:iam::1:role/B: no path (trust verified)`},
		{"unknown role", map[string][]AccessPath{"arn:aws:iam::1:role/Typo": {}},
			`f.json: access of "arn:aws:iam::1:role/Typo": not a role of the deployment; its roles: ["arn:aws:iam::1:role/A","arn:aws:iam::1:role/B"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkAccess(&File{Access: tt.access}, "f.json", report, nil)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("checkAccess (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAccessReported: the access check runs from a file, passes on the
// paths the analysis finds, fails with the set difference when a role is
// listed with none, and every reporter shows it as the check "access".
func TestAccessReported(t *testing.T) {
	pass := CheckFile(filepath.Join("testdata", "pools", "access", "classic.json"))
	fail := CheckFile(filepath.Join("testdata", "broken", "wrong-access.json"))
	if pass.Failed() || len(pass.Results) != 1 || pass.Results[0].Kind != "access" {
		t.Fatalf("classic.json: %+v", pass)
	}
	if !fail.Failed() || fail.Err != nil || fail.Results[0].Kind != "access" ||
		!strings.Contains(fail.Results[0].Failure, `access of "arn:aws:iam::111122223333:role/Export" differs:
  got, not wanted: "basic accounts.google.com certain"`) {
		t.Fatalf("wrong-access.json: %+v", fail)
	}
	if again := CheckFile(filepath.Join("testdata", "broken", "wrong-access.json")); again.Results[0].Failure != fail.Results[0].Failure {
		t.Errorf("the failure differs between runs:\n%s\n---\n%s", fail.Results[0].Failure, again.Results[0].Failure)
	}
	reports := []Report{pass, fail}
	var text, js, junit bytes.Buffer
	if err := WriteText(&text, reports, true); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, reports); err != nil {
		t.Fatal(err)
	}
	if err := WriteJUnit(&junit, reports); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ format, out, want string }{
		{"text", text.String(), "--- PASS: " + filepath.Join("testdata", "pools", "access", "classic.json") + "/access\n"},
		{"text", text.String(), "--- FAIL: " + filepath.Join("testdata", "broken", "wrong-access.json") + "/access\n"},
		{"json", js.String(), `"name": "access",
                    "kind": "access",
                    "pass": false,`},
		{"junit", junit.String(), `<testcase name="access"`},
		{"junit", junit.String(), `got, not wanted: &#34;basic accounts.google.com certain&#34;`},
	} {
		if !strings.Contains(tc.out, tc.want) {
			t.Errorf("%s: no %q in\n%s", tc.format, tc.want, tc.out)
		}
	}
}
