package input

import (
	"cmp"
	"encoding/json"
	"maps"
	"slices"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// Kind is what an input is.
type Kind string

// The kinds of input, by the names of the command's --input flag.
const (
	Auto           Kind = "auto" // tell from the file's shape
	PoolDocument   Kind = "aws"  // a pool or deployment document
	CloudFormation Kind = "cfn"  // a CloudFormation template: JSON, or a registered format (YAML)
	Terraform      Kind = "tf"   // terraform show -json: a plan or a state
)

// Kinds are the kinds a user may force, Auto first.
func Kinds() []Kind {
	return []Kind{Auto, PoolDocument, CloudFormation, Terraform}
}

// Detect tells what f is from its shape — a template in a format a reader
// registered with package iac (YAML), else a JSON object's top-level
// member names — unless forced (a kind other than Auto or ""), which then
// only requires f to be a JSON object, or a registered format for
// CloudFormation. It decodes f at most once.
func Detect(f File, forced Kind) (Kind, error) {
	k, _, err := detect(f, forced)
	return k, err
}

// detect is Detect; it returns the top-level members of a JSON object
// too, for the reader that follows not to decode them again.
func detect(f File, forced Kind) (Kind, map[string]json.RawMessage, error) {
	forced = cmp.Or(forced, Auto)
	if forced == Auto || forced == CloudFormation {
		if _, ok := iac.TemplateFormatOf(f.Data); ok && (forced == CloudFormation || f.looksYAML()) {
			return CloudFormation, nil, nil
		}
	}
	var raw map[string]json.RawMessage
	if _, ok := f.members(&raw); !ok {
		_, err := f.scan()
		if err == nil {
			// members and scan disagree on what is an object: not seen.
			err = f.errorAt(f.rangeAt(0), "not a JSON object")
		}
		return "", nil, err
	}
	if forced != Auto {
		return forced, raw, nil
	}
	has := func(names ...string) bool {
		return slices.ContainsFunc(names, func(n string) bool { _, ok := raw[n]; return ok })
	}
	switch {
	case has("Resources", "AWSTemplateFormatVersion"):
		return CloudFormation, raw, nil
	case has("format_version", "planned_values", "terraform_version"):
		return Terraform, raw, nil
	case has("IdentityPoolId", "Roles", "RoleMappings", "IdentityPoolName", "AllowUnauthenticatedIdentities"):
		return PoolDocument, raw, nil
	}
	return "", nil, f.errorAt(f.rangeAt(0), "cannot tell what this is: not a pool document (IdentityPoolId, Roles, RoleMappings), a CloudFormation template (Resources) or terraform show -json output (format_version); name it with --input aws|cfn|tf")
}

// sortedKeys returns m's keys, sorted.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
