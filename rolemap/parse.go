package rolemap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// MaxDocumentSize is the largest pool document [ParsePool] reads: ten
// mappings of 400 rules of the longest values AWS accepts fit with room to
// spare.
const MaxDocumentSize = 16 << 20

// ErrDocumentTooLarge is returned by [ParsePool] for a document over
// [MaxDocumentSize] bytes.
var ErrDocumentTooLarge = errors.New("rolemap: pool document larger than 16 MiB")

// ParsePool decodes a pool document (rolemap/REFERENCE.md §1), such as the output of
// `aws cognito-identity get-identity-pool-roles`, or its merge with
// describe-identity-pool. It refuses a document over [MaxDocumentSize], one
// that is not a single JSON object, and a member of the wrong JSON type (a
// [*FieldError] with its path, wrapping [ErrInvalidValue]). It does not
// validate the values: [Compile] does, and so does package validate.
//
// Its time and memory are linear in the document's size: within about 10×
// the time and 10× the allocations of decoding the same document with
// encoding/json into an any, whatever its shape (unknown or deeply nested
// members, a million map entries, megabyte strings). TestParseCompileBounded
// holds its allocations to 16× decoding's; BenchmarkParseCompileHostile
// times it.
func ParsePool(data []byte) (Pool, error) {
	var p Pool
	if len(data) > MaxDocumentSize {
		return p, ErrDocumentTooLarge
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return p, fmt.Errorf("rolemap: pool document: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return p, errors.New("rolemap: pool document: data after the JSON object")
	}
	if err := p.UnmarshalJSON(raw); err != nil {
		return Pool{}, err
	}
	return p, nil
}

// UnmarshalJSON decodes a pool document strictly: member names are matched
// case-sensitively (AWS ignores "type" where it expects "Type"; so do we),
// unknown members are ignored, a member set to null is the same as an absent
// one — except a provider list (CognitoIdentityProviders,
// SupportedLoginProviders, OpenIdConnectProviderARNs, SamlProviderARNs),
// which null makes present and empty, so that provider checks stay on (REFERENCE.md
// §1, fail closed) — and a value of the wrong JSON type — null as a map entry or list
// element included — is a [*FieldError] naming its path. The document is
// walked in a fixed order (map keys sorted), so the error is deterministic.
func (p *Pool) UnmarshalJSON(data []byte) error {
	var d decoder
	var out Pool
	obj, ok := d.object(data, nil)
	if !ok {
		return d.err
	}
	d.str(obj, "IdentityPoolId", nil, &out.IdentityPoolID)
	d.str(obj, "IdentityPoolName", nil, &out.IdentityPoolName)
	d.boolPtr(obj, "AllowUnauthenticatedIdentities", nil, &out.AllowUnauthenticatedIdentities)
	d.boolPtr(obj, "AllowClassicFlow", nil, &out.AllowClassicFlow)
	out.SupportedLoginProviders = d.strMap(obj, "SupportedLoginProviders", nil)
	d.str(obj, "DeveloperProviderName", nil, &out.DeveloperProviderName)
	out.OpenIDConnectProviderARNs = d.strList(obj, "OpenIdConnectProviderARNs", nil)
	if items, ok := d.list(obj, "CognitoIdentityProviders", nil); ok {
		out.CognitoIdentityProviders = make([]Provider, 0, len(items))
		for i, item := range items {
			at := member(nil, "CognitoIdentityProviders").index(i)
			var prov Provider
			if o, ok := d.object(item, at); ok {
				d.str(o, "ProviderName", at, &prov.ProviderName)
				d.str(o, "ClientId", at, &prov.ClientID)
				d.boolPtr(o, "ServerSideTokenCheck", at, &prov.ServerSideTokenCheck)
			}
			out.CognitoIdentityProviders = append(out.CognitoIdentityProviders, prov)
		}
	}
	out.SAMLProviderARNs = d.strList(obj, "SamlProviderARNs", nil)
	// A provider list set to null is present and empty (rolemap/REFERENCE.md §1): provider
	// configuration is known, and no login is configured by it.
	if isNull(obj, "SupportedLoginProviders") {
		out.SupportedLoginProviders = map[string]string{}
	}
	if isNull(obj, "OpenIdConnectProviderARNs") {
		out.OpenIDConnectProviderARNs = []string{}
	}
	if isNull(obj, "CognitoIdentityProviders") {
		out.CognitoIdentityProviders = []Provider{}
	}
	if isNull(obj, "SamlProviderARNs") {
		out.SAMLProviderARNs = []string{}
	}
	out.IdentityPoolTags = d.strMap(obj, "IdentityPoolTags", nil)
	out.Roles = d.strMap(obj, "Roles", nil)
	if raw, ok := d.member(obj, "RoleMappings"); ok {
		mappings := member(nil, "RoleMappings")
		if m, ok := d.object(raw, mappings); ok {
			out.RoleMappings = make(map[string]Mapping, len(m))
			for _, key := range slices.Sorted(maps.Keys(m)) {
				at := mappings.key(key)
				var rm Mapping
				if o, ok := d.object(m[key], at); ok {
					var s string
					d.str(o, "Type", at, &s)
					rm.Type = MappingType(s)
					s = ""
					d.str(o, "AmbiguousRoleResolution", at, &s)
					rm.AmbiguousRoleResolution = AmbiguousRoleResolution(s)
					rm.RulesConfiguration = d.rulesConfig(o, at)
				}
				out.RoleMappings[key] = rm
			}
		}
	}
	if items, ok := d.list(obj, "PrincipalTagAttributeMaps", nil); ok {
		out.PrincipalTagAttributeMaps = make([]PrincipalTagMap, 0, len(items))
		for i, item := range items {
			at := member(nil, "PrincipalTagAttributeMaps").index(i)
			var tm PrincipalTagMap
			if o, ok := d.object(item, at); ok {
				d.str(o, "IdentityPoolId", at, &tm.IdentityPoolID)
				d.str(o, "IdentityProviderName", at, &tm.IdentityProviderName)
				d.boolPtr(o, "UseDefaults", at, &tm.UseDefaults)
				tm.PrincipalTags = d.strMap(o, "PrincipalTags", at)
			}
			out.PrincipalTagAttributeMaps = append(out.PrincipalTagAttributeMaps, tm)
		}
	}
	if d.err != nil {
		return d.err
	}
	*p = out
	return nil
}

// path is a field path, rendered only when a field fails: a path holds map
// keys, which may be long, and rendering one per field would make decoding
// quadratic.
type path struct {
	parent *path
	name   string // a member name, or a map key when isKey
	isKey  bool
	idx    int // a list index when >= 0 and name == ""
}

func member(parent *path, name string) *path { return &path{parent: parent, name: name, idx: -1} }
func (p *path) key(k string) *path           { return &path{parent: p, name: k, isKey: true, idx: -1} }
func (p *path) index(i int) *path            { return &path{parent: p, idx: i} }

// String renders the path in the reference's path syntax (rolemap/REFERENCE.md §2).
func (p *path) String() string {
	if p == nil {
		return ""
	}
	parent := p.parent.String()
	switch {
	case p.isKey:
		return parent + "[" + clip.QuoteKey(p.name) + "]"
	case p.name == "":
		return parent + "[" + strconv.Itoa(p.idx) + "]"
	case parent == "":
		return p.name
	}
	return parent + "." + p.name
}

// steps returns the path as diag's steps.
func (p *path) steps() diag.Path {
	n := 0
	for q := p; q != nil; q = q.parent {
		n++
	}
	out := make(diag.Path, n)
	for q := p; q != nil; q = q.parent {
		n--
		switch {
		case q.isKey:
			out[n] = diag.Step{Kind: diag.StepKey, Name: q.name}
		case q.name == "":
			out[n] = diag.Step{Kind: diag.StepIndex, Index: q.idx}
		default:
			out[n] = diag.Step{Kind: diag.StepMember, Name: q.name}
		}
	}
	return out
}

// decoder walks raw JSON members, remembering the first error.
type decoder struct{ err error }

func (d *decoder) fail(at *path, detail string) {
	if d.err == nil {
		d.err = &FieldError{Path: at.String(), Err: ErrInvalidValue, Detail: detail, At: at.steps()}
	}
}

// kind names the JSON type of a raw value.
func kind(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// isNull reports whether obj has the member name set to null.
func isNull(obj map[string]json.RawMessage, name string) bool {
	raw, ok := obj[name]
	return ok && kind(raw) == "null"
}

// member returns obj[name] unless it is absent or null.
func (d *decoder) member(obj map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	raw, ok := obj[name]
	if !ok || kind(raw) == "null" {
		return nil, false
	}
	return raw, true
}

func (d *decoder) object(raw json.RawMessage, at *path) (map[string]json.RawMessage, bool) {
	if k := kind(raw); k != "object" {
		d.fail(at, "want a JSON object, got "+k)
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		d.fail(at, err.Error())
		return nil, false
	}
	return m, true
}

func (d *decoder) list(obj map[string]json.RawMessage, name string, parent *path) ([]json.RawMessage, bool) {
	raw, ok := d.member(obj, name)
	if !ok {
		return nil, false
	}
	if k := kind(raw); k != "array" {
		d.fail(member(parent, name), "want a JSON array, got "+k)
		return nil, false
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		d.fail(member(parent, name), err.Error())
		return nil, false
	}
	return items, true
}

func (d *decoder) decodeString(raw json.RawMessage, at *path, dst *string) {
	if k := kind(raw); k != "string" {
		d.fail(at, "want a JSON string, got "+k)
		return
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		d.fail(at, err.Error())
	}
}

func (d *decoder) str(obj map[string]json.RawMessage, name string, parent *path, dst *string) {
	if raw, ok := d.member(obj, name); ok {
		d.decodeString(raw, member(parent, name), dst)
	}
}

func (d *decoder) boolPtr(obj map[string]json.RawMessage, name string, parent *path, dst **bool) {
	raw, ok := d.member(obj, name)
	if !ok {
		return
	}
	if k := kind(raw); k != "boolean" {
		d.fail(member(parent, name), "want a JSON boolean, got "+k)
		return
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		d.fail(member(parent, name), err.Error())
		return
	}
	*dst = &b
}

func (d *decoder) strList(obj map[string]json.RawMessage, name string, parent *path) []string {
	items, ok := d.list(obj, name, parent)
	if !ok {
		return nil
	}
	at := member(parent, name)
	out := make([]string, len(items))
	for i, item := range items {
		d.decodeString(item, at.index(i), &out[i])
	}
	return out
}

func (d *decoder) strMap(obj map[string]json.RawMessage, name string, parent *path) map[string]string {
	raw, ok := d.member(obj, name)
	if !ok {
		return nil
	}
	at := member(parent, name)
	m, ok := d.object(raw, at)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		var s string
		d.decodeString(m[k], at.key(k), &s)
		out[k] = s
	}
	return out
}

func (d *decoder) rulesConfig(obj map[string]json.RawMessage, parent *path) *RulesConfiguration {
	raw, ok := d.member(obj, "RulesConfiguration")
	if !ok {
		return nil
	}
	at := member(parent, "RulesConfiguration")
	o, ok := d.object(raw, at)
	if !ok {
		return nil
	}
	rc := &RulesConfiguration{}
	items, ok := d.list(o, "Rules", at)
	if !ok {
		return rc
	}
	rules := member(at, "Rules")
	rc.Rules = make([]Rule, len(items))
	for i, item := range items {
		rat := rules.index(i)
		r, ok := d.object(item, rat)
		if !ok {
			continue
		}
		var mt string
		d.str(r, "Claim", rat, &rc.Rules[i].Claim)
		d.str(r, "MatchType", rat, &mt)
		rc.Rules[i].MatchType = MatchType(mt)
		d.str(r, "Value", rat, &rc.Rules[i].Value)
		d.str(r, "RoleARN", rat, &rc.Rules[i].RoleARN)
	}
	return rc
}
