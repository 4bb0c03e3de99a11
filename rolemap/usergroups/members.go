package usergroups

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap"
)

// ErrConflict is the error of a member of a user pool given twice with
// different values: by two files of one user pool (see [Merge]), or in one
// object under two names (Schema and SchemaAttributes; a member and the
// same member inside UserPool). errors.Is finds rolemap.ErrInvalidValue in
// it too.
var ErrConflict = fmt.Errorf("%w: given twice, differently", rolemap.ErrInvalidValue)

// members are the members of a user pool's object that describe who sets
// and reads its attributes, and the AWS CLI's wrappers of them, raw.
type members struct {
	Schema                      *json.RawMessage `json:"Schema"`
	SchemaAttributes            *json.RawMessage `json:"SchemaAttributes"`
	AdminCreateUserConfig       *json.RawMessage `json:"AdminCreateUserConfig"`
	UserAttributeUpdateSettings *json.RawMessage `json:"UserAttributeUpdateSettings"`
	LambdaConfig                *json.RawMessage `json:"LambdaConfig"`
	UsernameAttributes          *json.RawMessage `json:"UsernameAttributes"`
	Clients                     *json.RawMessage `json:"Clients"`
	IdentityProviders           *json.RawMessage `json:"IdentityProviders"`
	// The AWS CLI's outputs, pasted as they are: describe-user-pool,
	// describe-user-pool-client and describe-identity-provider.
	UserPool         *json.RawMessage `json:"UserPool"`
	UserPoolClient   *json.RawMessage `json:"UserPoolClient"`
	IdentityProvider *json.RawMessage `json:"IdentityProvider"`
}

// reader reads typed values, failing at their path with
// rolemap.ErrInvalidValue.
type reader struct{}

func (reader) fail(path, detail string) error {
	return &rolemap.FieldError{Path: path, Err: rolemap.ErrInvalidValue, Detail: detail}
}

// object reads a JSON object's members.
func (r reader) object(raw *json.RawMessage, path, what string) (map[string]*json.RawMessage, error) {
	var m map[string]*json.RawMessage
	if json.Unmarshal(*raw, &m) != nil || m == nil {
		return nil, r.fail(path, "want "+what)
	}
	return m, nil
}

// str reads an optional string: absent or null is "".
func (r reader) str(raw *json.RawMessage, path string) (string, error) {
	var s string
	if null(raw) {
		return "", nil
	}
	if json.Unmarshal(*raw, &s) != nil {
		return "", r.fail(path, "want a string")
	}
	return s, nil
}

// boolean reads an optional JSON boolean: absent or null is nil.
func (r reader) boolean(raw *json.RawMessage, path string) (*bool, error) {
	if null(raw) {
		return nil, nil
	}
	var b bool
	if json.Unmarshal(*raw, &b) != nil {
		return nil, r.fail(path, "want true or false")
	}
	return &b, nil
}

// strings reads an optional array of strings: absent or null is nil.
func (r reader) strings(raw *json.RawMessage, path string) ([]string, error) {
	if null(raw) {
		return nil, nil
	}
	var items []*json.RawMessage
	if json.Unmarshal(*raw, &items) != nil || items == nil {
		return nil, r.fail(path, "want an array of strings")
	}
	out := make([]string, 0, len(items))
	for i, item := range items {
		var s string
		if null(item) || json.Unmarshal(*item, &s) != nil {
			return nil, r.fail(path+"["+strconv.Itoa(i)+"]", "want a string")
		}
		out = append(out, s)
	}
	return out, nil
}

// readMembers reads the access members of a user pool's object (members
// of the wrong type are errors at their path; those it does not know are
// ignored) into up, and the AWS CLI wrappers, each merged in: a member
// given both directly and in a wrapper, differently, is an ErrConflict.
func readMembers(id, at string, m members, up *UserPool) error {
	var r reader
	if m.Schema != nil && m.SchemaAttributes != nil {
		return &rolemap.FieldError{Path: at + ".SchemaAttributes", Err: ErrConflict,
			Detail: "Schema is given too: give the schema under one of the two names (SchemaAttributes is describe-user-pool's)"}
	}
	schema, name := m.Schema, "Schema"
	if schema == nil {
		schema, name = m.SchemaAttributes, "SchemaAttributes"
	}
	var err error
	if up.Schema, err = r.schema(schema, at+"."+name); err != nil {
		return err
	}
	if !null(m.AdminCreateUserConfig) {
		path := at + ".AdminCreateUserConfig"
		o, err := r.object(m.AdminCreateUserConfig, path, "an object with AllowAdminCreateUserOnly")
		if err != nil {
			return err
		}
		c := &AdminCreateUserConfig{}
		if c.AllowAdminCreateUserOnly, err = r.boolean(o["AllowAdminCreateUserOnly"], path+".AllowAdminCreateUserOnly"); err != nil {
			return err
		}
		up.AdminCreateUserConfig = c
	}
	if !null(m.UserAttributeUpdateSettings) {
		path := at + ".UserAttributeUpdateSettings"
		o, err := r.object(m.UserAttributeUpdateSettings, path, "an object with AttributesRequireVerificationBeforeUpdate")
		if err != nil {
			return err
		}
		s := &UserAttributeUpdateSettings{}
		const list = "AttributesRequireVerificationBeforeUpdate"
		if s.AttributesRequireVerificationBeforeUpdate, err = r.strings(o[list], path+"."+list); err != nil {
			return err
		}
		up.UserAttributeUpdateSettings = s
	}
	if !null(m.LambdaConfig) {
		if up.LambdaConfig, err = r.lambdaConfig(m.LambdaConfig, at+".LambdaConfig"); err != nil {
			return err
		}
	}
	if up.UsernameAttributes, err = r.strings(m.UsernameAttributes, at+".UsernameAttributes"); err != nil {
		return err
	}
	if !null(m.Clients) {
		path := at + ".Clients"
		o, err := r.object(m.Clients, path, "an object of app clients by client ID")
		if err != nil {
			return err
		}
		up.Clients = make(map[string]Client, len(o))
		for _, cid := range slices.Sorted(maps.Keys(o)) {
			cat := path + "[" + clip.QuoteKey(cid) + "]"
			c, clientID, err := r.client(id, o[cid], cat)
			if err != nil {
				return err
			}
			if clientID != "" && clientID != cid {
				return r.fail(cat+".ClientId", clip.Quote(clientID)+" is not the client's key "+clip.Quote(cid))
			}
			up.Clients[cid] = c
		}
	}
	if !null(m.IdentityProviders) {
		path := at + ".IdentityProviders"
		o, err := r.object(m.IdentityProviders, path, "an object of identity providers by ProviderName")
		if err != nil {
			return err
		}
		up.IdentityProviders = make(map[string]IdentityProvider, len(o))
		for _, name := range slices.Sorted(maps.Keys(o)) {
			pat := path + "[" + clip.QuoteKey(name) + "]"
			p, provName, err := r.provider(id, o[name], pat)
			if err != nil {
				return err
			}
			if provName != "" && provName != name {
				return r.fail(pat+".ProviderName", clip.Quote(provName)+" is not the provider's key "+clip.Quote(name))
			}
			up.IdentityProviders[name] = p
		}
	}
	// describe-user-pool's UserPool: its members, merged in.
	if !null(m.UserPool) {
		path := at + ".UserPool"
		var inner members
		if json.Unmarshal(*m.UserPool, &inner) != nil {
			return r.fail(path, "want describe-user-pool's UserPool object")
		}
		o, _ := r.object(m.UserPool, path, "an object")
		if poolID, err := r.str(o["Id"], path+".Id"); err != nil {
			return err
		} else if poolID != "" && poolID != id {
			return r.fail(path+".Id", clip.Quote(poolID)+" is not the user pool's ID "+clip.Quote(id)+": give describe-user-pool's output under its own ID")
		}
		// describe-user-pool's object holds no wrapper: one inside it is
		// ignored, so that nesting costs no more than reading it once.
		inner.UserPool, inner.UserPoolClient, inner.IdentityProvider = nil, nil, nil
		var got UserPool
		if err := readMembers(id, path, inner, &got); err != nil {
			return err
		}
		merged, err := merge(id, *up, got)
		if err != nil {
			return err
		}
		*up = merged
	}
	// describe-user-pool-client's UserPoolClient: one client.
	if !null(m.UserPoolClient) {
		path := at + ".UserPoolClient"
		c, clientID, err := r.client(id, m.UserPoolClient, path)
		if err != nil {
			return err
		}
		if clientID == "" {
			return &rolemap.FieldError{Path: path + ".ClientId", Err: rolemap.ErrMissing, Detail: "required: the client's ID"}
		}
		merged, err := merge(id, *up, UserPool{Clients: map[string]Client{clientID: c}})
		if err != nil {
			return err
		}
		*up = merged
	}
	// describe-identity-provider's IdentityProvider: one provider.
	if !null(m.IdentityProvider) {
		path := at + ".IdentityProvider"
		p, name, err := r.provider(id, m.IdentityProvider, path)
		if err != nil {
			return err
		}
		if name == "" {
			return &rolemap.FieldError{Path: path + ".ProviderName", Err: rolemap.ErrMissing, Detail: "required: the provider's name"}
		}
		merged, err := merge(id, *up, UserPool{IdentityProviders: map[string]IdentityProvider{name: p}})
		if err != nil {
			return err
		}
		*up = merged
	}
	return nil
}

// schema reads a Schema (or SchemaAttributes) array.
func (r reader) schema(raw *json.RawMessage, path string) ([]SchemaAttribute, error) {
	if null(raw) {
		return nil, nil
	}
	var items []*json.RawMessage
	if json.Unmarshal(*raw, &items) != nil || items == nil {
		return nil, r.fail(path, "want an array of schema attributes (SchemaAttributeType)")
	}
	out := make([]SchemaAttribute, 0, len(items))
	for i, item := range items {
		iat := path + "[" + strconv.Itoa(i) + "]"
		if null(item) {
			return nil, r.fail(iat, "want a schema attribute object")
		}
		o, err := r.object(item, iat, "a schema attribute object")
		if err != nil {
			return nil, err
		}
		var a SchemaAttribute
		if a.Name, err = r.str(o["Name"], iat+".Name"); err != nil {
			return nil, err
		}
		if a.AttributeDataType, err = r.str(o["AttributeDataType"], iat+".AttributeDataType"); err != nil {
			return nil, err
		}
		for _, f := range []struct {
			name string
			dst  **bool
		}{{"Mutable", &a.Mutable}, {"Required", &a.Required}, {"DeveloperOnlyAttribute", &a.DeveloperOnlyAttribute}} {
			if *f.dst, err = r.boolean(o[f.name], iat+"."+f.name); err != nil {
				return nil, err
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// lambdaConfig reads a LambdaConfig's pre token generation trigger.
func (r reader) lambdaConfig(raw *json.RawMessage, path string) (*LambdaConfig, error) {
	o, err := r.object(raw, path, "an object of triggers")
	if err != nil {
		return nil, err
	}
	c := &LambdaConfig{}
	if c.PreTokenGeneration, err = r.str(o["PreTokenGeneration"], path+".PreTokenGeneration"); err != nil {
		return nil, err
	}
	if v := o["PreTokenGenerationConfig"]; !null(v) {
		vat := path + ".PreTokenGenerationConfig"
		po, err := r.object(v, vat, "an object with LambdaArn and LambdaVersion")
		if err != nil {
			return nil, err
		}
		p := &PreTokenGenerationConfig{}
		if p.LambdaArn, err = r.str(po["LambdaArn"], vat+".LambdaArn"); err != nil {
			return nil, err
		}
		if p.LambdaVersion, err = r.str(po["LambdaVersion"], vat+".LambdaVersion"); err != nil {
			return nil, err
		}
		c.PreTokenGenerationConfig = p
	}
	return c, nil
}

// client reads an app client (UserPoolClientType): its attributes and
// identity providers, and its ClientId when given. A UserPoolId other than
// the user pool's is an error.
func (r reader) client(id string, raw *json.RawMessage, path string) (Client, string, error) {
	if null(raw) {
		return Client{}, "", r.fail(path, "want an app client object (UserPoolClientType)")
	}
	o, err := r.object(raw, path, "an app client object (UserPoolClientType)")
	if err != nil {
		return Client{}, "", err
	}
	if err := r.samePool(id, o, path); err != nil {
		return Client{}, "", err
	}
	var c Client
	if c.ReadAttributes, err = r.strings(o["ReadAttributes"], path+".ReadAttributes"); err != nil {
		return Client{}, "", err
	}
	if c.WriteAttributes, err = r.strings(o["WriteAttributes"], path+".WriteAttributes"); err != nil {
		return Client{}, "", err
	}
	if c.SupportedIdentityProviders, err = r.strings(o["SupportedIdentityProviders"], path+".SupportedIdentityProviders"); err != nil {
		return Client{}, "", err
	}
	clientID, err := r.str(o["ClientId"], path+".ClientId")
	return c, clientID, err
}

// provider reads an identity provider (IdentityProviderType), and its
// ProviderName when given.
func (r reader) provider(id string, raw *json.RawMessage, path string) (IdentityProvider, string, error) {
	if null(raw) {
		return IdentityProvider{}, "", r.fail(path, "want an identity provider object (IdentityProviderType)")
	}
	o, err := r.object(raw, path, "an identity provider object (IdentityProviderType)")
	if err != nil {
		return IdentityProvider{}, "", err
	}
	if err := r.samePool(id, o, path); err != nil {
		return IdentityProvider{}, "", err
	}
	var p IdentityProvider
	if p.ProviderType, err = r.str(o["ProviderType"], path+".ProviderType"); err != nil {
		return IdentityProvider{}, "", err
	}
	if v := o["AttributeMapping"]; !null(v) {
		mat := path + ".AttributeMapping"
		mo, err := r.object(v, mat, "an object of user pool attributes to the provider's claims")
		if err != nil {
			return IdentityProvider{}, "", err
		}
		p.AttributeMapping = make(map[string]string, len(mo))
		for _, k := range slices.Sorted(maps.Keys(mo)) {
			var s string
			if null(mo[k]) || json.Unmarshal(*mo[k], &s) != nil {
				return IdentityProvider{}, "", r.fail(mat+"["+clip.QuoteKey(k)+"]", "want a string (the provider's claim)")
			}
			p.AttributeMapping[k] = s
		}
	}
	name, err := r.str(o["ProviderName"], path+".ProviderName")
	return p, name, err
}

// samePool refuses an object whose UserPoolId is another user pool's.
func (r reader) samePool(id string, o map[string]*json.RawMessage, path string) error {
	poolID, err := r.str(o["UserPoolId"], path+".UserPoolId")
	if err != nil {
		return err
	}
	if poolID != "" && poolID != id {
		return r.fail(path+".UserPoolId", clip.Quote(poolID)+" is not the user pool's ID "+clip.Quote(id))
	}
	return nil
}

// Merge returns the user pool a and b describe together, the user pool
// of ID id given in pieces — list-groups output in one file, describe-user-pool
// output in another, an app client's and an identity provider's in
// others: each member is taken from the one that gives it, groups are a's
// then b's, and users, clients and identity providers are joined by key. A
// member both give with different values (the Schema, a group of one
// name, a user, a client) is an [ErrConflict], a [*rolemap.FieldError] at
// its path under UserPools["id"]; equal values are no conflict. The result
// shares no slice or map with a or b's top level; it is linear in their size.
func Merge(id string, a, b UserPool) (UserPool, error) {
	return merge(id, a, b)
}

func merge(id string, a, b UserPool) (UserPool, error) {
	at := prefix(id)
	conflict := func(path, detail string) error {
		return &rolemap.FieldError{Path: at + path, Err: ErrConflict, Detail: detail}
	}
	out := a
	// Groups: by name, a's then those only b has.
	if len(b.Groups) > 0 {
		byName := make(map[string]int, len(a.Groups))
		for i, g := range a.Groups {
			if _, dup := byName[g.GroupName]; !dup {
				byName[g.GroupName] = i
			}
		}
		out.Groups = slices.Clone(a.Groups)
		for i, g := range b.Groups {
			if j, ok := byName[g.GroupName]; ok {
				if !reflect.DeepEqual(a.Groups[j], g) {
					return UserPool{}, conflict(".Groups["+strconv.Itoa(i)+"]", "the group "+clip.Quote(g.GroupName)+" is given twice with different RoleArn or Precedence")
				}
				continue
			}
			out.Groups = append(out.Groups, g)
		}
	}
	var err error
	if out.Users, err = mergeMap(a.Users, b.Users, func(k string) error {
		return conflict(".Users["+clip.QuoteKey(k)+"]", "the user is given twice with different groups")
	}); err != nil {
		return UserPool{}, err
	}
	if out.Clients, err = mergeMap(a.Clients, b.Clients, func(k string) error {
		return conflict(".Clients["+clip.QuoteKey(k)+"]", "the app client is given twice, differently")
	}); err != nil {
		return UserPool{}, err
	}
	if out.IdentityProviders, err = mergeMap(a.IdentityProviders, b.IdentityProviders, func(k string) error {
		return conflict(".IdentityProviders["+clip.QuoteKey(k)+"]", "the identity provider is given twice, differently")
	}); err != nil {
		return UserPool{}, err
	}
	for _, f := range []struct {
		name     string
		dst      any
		aSet, bv any
	}{
		{"Schema", &out.Schema, a.Schema != nil, b.Schema},
		{"AdminCreateUserConfig", &out.AdminCreateUserConfig, a.AdminCreateUserConfig != nil, b.AdminCreateUserConfig},
		{"UserAttributeUpdateSettings", &out.UserAttributeUpdateSettings, a.UserAttributeUpdateSettings != nil, b.UserAttributeUpdateSettings},
		{"LambdaConfig", &out.LambdaConfig, a.LambdaConfig != nil, b.LambdaConfig},
		{"UsernameAttributes", &out.UsernameAttributes, a.UsernameAttributes != nil, b.UsernameAttributes},
	} {
		bv := reflect.ValueOf(f.bv)
		if bv.IsNil() {
			continue
		}
		dst := reflect.ValueOf(f.dst).Elem()
		if f.aSet.(bool) {
			if !reflect.DeepEqual(dst.Interface(), f.bv) {
				return UserPool{}, conflict("."+f.name, "given twice with different values")
			}
			continue
		}
		dst.Set(bv)
	}
	return out, nil
}

// mergeMap joins two maps by key; a key both hold with different values is
// conflict's error.
func mergeMap[V any](a, b map[string]V, conflict func(string) error) (map[string]V, error) {
	if len(b) == 0 {
		if a == nil && b != nil {
			return map[string]V{}, nil
		}
		return maps.Clone(a), nil
	}
	out := maps.Clone(a)
	if out == nil {
		out = make(map[string]V, len(b))
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if v, ok := out[k]; ok {
			if !reflect.DeepEqual(v, b[k]) {
				return nil, conflict(k)
			}
			continue
		}
		out[k] = b[k]
	}
	return out, nil
}

// MarshalJSON writes the user pool as [ParseUserPool] reads it, members
// absent when nil or empty, except Schema: an empty Schema ("given: no
// attribute") is written [], and only a nil one ("not given") is left out,
// so that a deployment document keeps the difference.
func (up UserPool) MarshalJSON() ([]byte, error) {
	type plain UserPool // without this method
	var schema *[]SchemaAttribute
	if up.Schema != nil {
		schema = &up.Schema
	}
	return json.Marshal(struct {
		plain
		Schema *[]SchemaAttribute `json:"Schema,omitempty"`
	}{plain(up), schema})
}

// standardAttributes are the attributes every user pool has (AWS's
// standard attributes, with sub and the two verification flags).
var standardAttributes = map[string]bool{
	"sub": true, "name": true, "family_name": true, "given_name": true, "middle_name": true, "nickname": true,
	"preferred_username": true, "profile": true, "picture": true, "website": true, "gender": true, "birthdate": true,
	"zoneinfo": true, "locale": true, "updated_at": true, "address": true, "email": true, "phone_number": true,
	"email_verified": true, "phone_number_verified": true,
}

// Claim returns the name of the attribute's claim in a token: Name for a
// standard attribute or a name already prefixed (custom:, dev:); else
// custom:Name, or dev:custom:Name for a DeveloperOnlyAttribute, as
// CloudFormation and CreateUserPool name custom attributes without their
// prefix.
func (a SchemaAttribute) Claim() string {
	switch {
	case standardAttributes[a.Name], strings.HasPrefix(a.Name, "custom:"), strings.HasPrefix(a.Name, "dev:"):
		return a.Name
	case a.DeveloperOnlyAttribute != nil && *a.DeveloperOnlyAttribute:
		return "dev:custom:" + a.Name
	}
	return "custom:" + a.Name
}

// validateMembers checks the access members of a user pool (see Validate).
func validateMembers(at string, up UserPool, add func(string, error, string)) {
	claims := make(map[string]int, len(up.Schema))
	for i, a := range up.Schema {
		aat := at + ".Schema[" + strconv.Itoa(i) + "]"
		if a.Name == "" {
			add(aat+".Name", rolemap.ErrMissing, "required")
		} else if j, dup := claims[a.Claim()]; dup {
			add(aat+".Name", rolemap.ErrInvalidValue, clip.Quote(a.Claim())+" is Schema["+strconv.Itoa(j)+"] too")
		} else {
			claims[a.Claim()] = i
		}
		switch a.AttributeDataType {
		case "", "String", "Number", "DateTime", "Boolean":
		default:
			add(aat+".AttributeDataType", rolemap.ErrInvalidValue, clip.Quote(a.AttributeDataType)+": want String, Number, DateTime or Boolean")
		}
	}
	for i, name := range up.UsernameAttributes {
		if name != "email" && name != "phone_number" {
			add(at+".UsernameAttributes["+strconv.Itoa(i)+"]", rolemap.ErrInvalidValue, clip.Quote(name)+": want email or phone_number")
		}
	}
	if _, ok := up.Clients[""]; ok {
		add(at+`.Clients[""]`, rolemap.ErrInvalidValue, "a client ID is not empty")
	}
	for _, name := range slices.Sorted(maps.Keys(up.IdentityProviders)) {
		pat := at + ".IdentityProviders[" + clip.QuoteKey(name) + "]"
		if name == "" {
			add(pat, rolemap.ErrInvalidValue, "a ProviderName is not empty")
		}
		switch t := up.IdentityProviders[name].ProviderType; t {
		case "", "SAML", "Facebook", "Google", "LoginWithAmazon", "SignInWithApple", "OIDC":
		default:
			add(pat+".ProviderType", rolemap.ErrInvalidValue, clip.Quote(t)+": want SAML, Facebook, Google, LoginWithAmazon, SignInWithApple or OIDC")
		}
	}
}
