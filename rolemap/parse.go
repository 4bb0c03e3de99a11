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
)

// MaxDocumentSize is the largest pool document [ParsePool] reads: ten
// mappings of 400 rules of the longest values AWS accepts fit with room to
// spare.
const MaxDocumentSize = 16 << 20

// ErrDocumentTooLarge is returned by [ParsePool] for a document over
// [MaxDocumentSize] bytes.
var ErrDocumentTooLarge = errors.New("rolemap: pool document larger than 16 MiB")

// ParsePool decodes a pool document (SPEC §1), such as the output of
// `aws cognito-identity get-identity-pool-roles`, or its merge with
// describe-identity-pool. It refuses a document over [MaxDocumentSize], one
// that is not a single JSON object, and a member of the wrong JSON type (a
// [*FieldError] with its path, wrapping [ErrInvalidValue]). It does not
// validate the values: [Compile] does, and so does package validate.
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
// one, and a value of the wrong JSON type — null as a map entry or list
// element included — is a [*FieldError] naming its path. The document is
// walked in a fixed order (map keys sorted), so the error is deterministic.
func (p *Pool) UnmarshalJSON(data []byte) error {
	var d decoder
	var out Pool
	obj, ok := d.object(data, "")
	if !ok {
		return d.err
	}
	d.str(obj, "IdentityPoolId", "", &out.IdentityPoolID)
	d.str(obj, "IdentityPoolName", "", &out.IdentityPoolName)
	d.boolPtr(obj, "AllowUnauthenticatedIdentities", "", &out.AllowUnauthenticatedIdentities)
	d.boolPtr(obj, "AllowClassicFlow", "", &out.AllowClassicFlow)
	out.SupportedLoginProviders = d.strMap(obj, "SupportedLoginProviders", "")
	d.str(obj, "DeveloperProviderName", "", &out.DeveloperProviderName)
	out.OpenIDConnectProviderARNs = d.strList(obj, "OpenIdConnectProviderARNs", "")
	if items, ok := d.list(obj, "CognitoIdentityProviders", ""); ok {
		out.CognitoIdentityProviders = make([]Provider, 0, len(items))
		for i, item := range items {
			path := "CognitoIdentityProviders[" + strconv.Itoa(i) + "]"
			var prov Provider
			if o, ok := d.object(item, path); ok {
				d.str(o, "ProviderName", path, &prov.ProviderName)
				d.str(o, "ClientId", path, &prov.ClientID)
				d.boolPtr(o, "ServerSideTokenCheck", path, &prov.ServerSideTokenCheck)
			}
			out.CognitoIdentityProviders = append(out.CognitoIdentityProviders, prov)
		}
	}
	out.SAMLProviderARNs = d.strList(obj, "SamlProviderARNs", "")
	out.IdentityPoolTags = d.strMap(obj, "IdentityPoolTags", "")
	out.Roles = d.strMap(obj, "Roles", "")
	if raw, ok := d.member(obj, "RoleMappings", ""); ok {
		if m, ok := d.object(raw, "RoleMappings"); ok {
			out.RoleMappings = make(map[string]Mapping, len(m))
			for _, key := range slices.Sorted(maps.Keys(m)) {
				item := m[key]
				path := "RoleMappings[" + strconv.Quote(key) + "]"
				var rm Mapping
				if o, ok := d.object(item, path); ok {
					var s string
					d.str(o, "Type", path, &s)
					rm.Type = MappingType(s)
					s = ""
					d.str(o, "AmbiguousRoleResolution", path, &s)
					rm.AmbiguousRoleResolution = AmbiguousRoleResolution(s)
					rm.RulesConfiguration = d.rulesConfig(o, path)
				}
				out.RoleMappings[key] = rm
			}
		}
	}
	if d.err != nil {
		return d.err
	}
	*p = out
	return nil
}

// decoder walks raw JSON members, remembering the first error.
type decoder struct{ err error }

func (d *decoder) fail(path, detail string) {
	if d.err == nil {
		d.err = &FieldError{Path: path, Err: ErrInvalidValue, Detail: detail}
	}
}

func join(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
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

// member returns obj[name] unless it is absent or null.
func (d *decoder) member(obj map[string]json.RawMessage, name, parent string) (json.RawMessage, bool) {
	raw, ok := obj[name]
	if !ok || kind(raw) == "null" {
		return nil, false
	}
	return raw, true
}

func (d *decoder) object(raw json.RawMessage, path string) (map[string]json.RawMessage, bool) {
	if k := kind(raw); k != "object" {
		d.fail(path, "want a JSON object, got "+k)
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		d.fail(path, err.Error())
		return nil, false
	}
	return m, true
}

func (d *decoder) list(obj map[string]json.RawMessage, name, parent string) ([]json.RawMessage, bool) {
	raw, ok := d.member(obj, name, parent)
	if !ok {
		return nil, false
	}
	path := join(parent, name)
	if k := kind(raw); k != "array" {
		d.fail(path, "want a JSON array, got "+k)
		return nil, false
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		d.fail(path, err.Error())
		return nil, false
	}
	return items, true
}

func (d *decoder) decodeString(raw json.RawMessage, path string, dst *string) {
	if k := kind(raw); k != "string" {
		d.fail(path, "want a JSON string, got "+k)
		return
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		d.fail(path, err.Error())
	}
}

func (d *decoder) str(obj map[string]json.RawMessage, name, parent string, dst *string) {
	if raw, ok := d.member(obj, name, parent); ok {
		d.decodeString(raw, join(parent, name), dst)
	}
}

func (d *decoder) boolPtr(obj map[string]json.RawMessage, name, parent string, dst **bool) {
	raw, ok := d.member(obj, name, parent)
	if !ok {
		return
	}
	if k := kind(raw); k != "boolean" {
		d.fail(join(parent, name), "want a JSON boolean, got "+k)
		return
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		d.fail(join(parent, name), err.Error())
		return
	}
	*dst = &b
}

func (d *decoder) strList(obj map[string]json.RawMessage, name, parent string) []string {
	items, ok := d.list(obj, name, parent)
	if !ok {
		return nil
	}
	out := make([]string, len(items))
	for i, item := range items {
		d.decodeString(item, join(parent, name)+"["+strconv.Itoa(i)+"]", &out[i])
	}
	return out
}

func (d *decoder) strMap(obj map[string]json.RawMessage, name, parent string) map[string]string {
	raw, ok := d.member(obj, name, parent)
	if !ok {
		return nil
	}
	path := join(parent, name)
	m, ok := d.object(raw, path)
	if !ok {
		return nil
	}
	out := make(map[string]string, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		var s string
		d.decodeString(v, path+"["+strconv.Quote(k)+"]", &s)
		out[k] = s
	}
	return out
}

func (d *decoder) rulesConfig(obj map[string]json.RawMessage, parent string) *RulesConfiguration {
	raw, ok := d.member(obj, "RulesConfiguration", parent)
	if !ok {
		return nil
	}
	path := join(parent, "RulesConfiguration")
	o, ok := d.object(raw, path)
	if !ok {
		return nil
	}
	rc := &RulesConfiguration{}
	items, ok := d.list(o, "Rules", path)
	if !ok {
		return rc
	}
	rc.Rules = make([]Rule, len(items))
	for i, item := range items {
		rpath := path + ".Rules[" + strconv.Itoa(i) + "]"
		r, ok := d.object(item, rpath)
		if !ok {
			continue
		}
		var mt string
		d.str(r, "Claim", rpath, &rc.Rules[i].Claim)
		d.str(r, "MatchType", rpath, &mt)
		rc.Rules[i].MatchType = MatchType(mt)
		d.str(r, "Value", rpath, &rc.Rules[i].Value)
		d.str(r, "RoleARN", rpath, &rc.Rules[i].RoleARN)
	}
	return rc
}
