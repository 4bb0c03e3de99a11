package iac_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// fakeTwin is the JSON twin the fake format of TestTemplateFormat gives.
const fakeTwin = `{"Resources": {
 "Pool": {"Type": "AWS::Cognito::IdentityPool", "Properties": {"DeveloperProviderName": {"Ref": "Missing"}}}}}`

func init() {
	// A format only these tests' data ("FAKE" first) matches.
	iac.RegisterTemplateFormat(iac.TemplateFormat{
		Name:  "fake",
		Match: func(data []byte) bool { return strings.HasPrefix(string(data), "FAKE") },
		Decode: func(data []byte) (*iac.Decoded, error) {
			twin := strings.TrimPrefix(string(data), "FAKE")
			return &iac.Decoded{JSON: []byte(twin), Locate: func(paths []string) []iac.Position {
				out := make([]iac.Position, len(paths))
				for i, p := range paths {
					out[i] = iac.Position{Line: 100 + len(p), Column: 7}
				}
				return out
			}}, nil
		},
	})
}

// TestTemplateFormat: a registered format's twin is imported, its errors
// and its result's positions placed by its Locate; a JSON object is never
// offered to a format.
func TestTemplateFormat(t *testing.T) {
	_, err := iac.CloudFormation([]byte("FAKE" + fakeTwin))
	var e *iac.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *iac.Error", err)
	}
	const path = "Resources.Pool.Properties.DeveloperProviderName.Ref"
	if diff := cmp.Diff(iac.Position{Line: 100 + len(path), Column: 7}, iac.Position{Line: e.Line, Column: e.Column}); e.Path != path || diff != "" {
		t.Errorf("error %q at %d:%d: want %s placed by the format (-want +got):\n%s", e.Path, e.Line, e.Column, path, diff)
	}
	res, err := iac.CloudFormation([]byte("FAKE"+fakeTwin), iac.WithBindings(map[string]string{"Missing": "dev"}))
	if err != nil {
		t.Fatal(err)
	}
	pos, ok := res.Positions([]string{"Resources"})
	if !ok || len(pos) != 1 || pos[0].Line != 109 {
		t.Errorf("Positions = %v, %v; want the format's", pos, ok)
	}
	res, err = iac.CloudFormation([]byte(fakeTwin), iac.WithBindings(map[string]string{"Missing": "dev"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Positions([]string{"Resources"}); ok {
		t.Error("Positions of a JSON template: ok; want false (validate.Positions places those)")
	}
	if f, ok := iac.TemplateFormatOf([]byte(" {\"FAKE\": 1}")); ok {
		t.Errorf("a JSON object matched format %q", f.Name)
	}
}

// TestYAMLWithoutReader: with no YAML reader imported, a YAML template's
// error says which package reads it.
func TestYAMLWithoutReader(t *testing.T) {
	_, err := iac.CloudFormation([]byte("Resources:\n  Pool: {Type: AWS::Cognito::IdentityPool}\n"))
	if err == nil || !strings.Contains(err.Error(), "rolemap/iac/cfnyaml") {
		t.Errorf("err = %v, want one naming rolemap/iac/cfnyaml", err)
	}
}
