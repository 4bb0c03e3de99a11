package usergroups_test

import (
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolemapping/rolemapping/internal/timing"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

const members = "eu-west-1_Members"

func readCLI(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/cli/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// The user pool the AWS CLI files of testdata/cli describe together.
var (
	cliSchema = []usergroups.SchemaAttribute{
		{Name: "sub", AttributeDataType: "String", DeveloperOnlyAttribute: no(), Mutable: no(), Required: yes()},
		{Name: "email", AttributeDataType: "String", DeveloperOnlyAttribute: no(), Mutable: yes(), Required: yes()},
		{Name: "custom:tier", AttributeDataType: "String", DeveloperOnlyAttribute: no(), Mutable: yes(), Required: no()},
		{Name: "dev:custom:score", AttributeDataType: "Number", DeveloperOnlyAttribute: yes(), Mutable: yes(), Required: no()},
	}
	cliPool = usergroups.UserPool{
		Schema:                      cliSchema,
		AdminCreateUserConfig:       &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: no()},
		UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email"}},
		LambdaConfig: &usergroups.LambdaConfig{
			PreTokenGeneration: "arn:aws:lambda:eu-west-1:111122223333:function:pre-token",
			PreTokenGenerationConfig: &usergroups.PreTokenGenerationConfig{
				LambdaArn: "arn:aws:lambda:eu-west-1:111122223333:function:pre-token", LambdaVersion: "V2_0"},
		},
		UsernameAttributes: []string{"email"},
	}
	cliClient = usergroups.Client{ReadAttributes: []string{"custom:tier", "email", "email_verified"},
		WriteAttributes: []string{"email", "given_name"}, SupportedIdentityProviders: []string{"COGNITO", "Google"}}
	cliProvider = usergroups.IdentityProvider{ProviderType: "Google",
		AttributeMapping: map[string]string{"email": "email", "custom:tier": "hd", "username": "sub"}}
)

// TestParseUserPoolAccessMembers: every member the access analysis reads,
// from a case file's object and from the AWS CLI's outputs pasted whole.
func TestParseUserPoolAccessMembers(t *testing.T) {
	tests := []struct {
		name, doc string
		want      usergroups.UserPool
	}{
		{name: "describe-user-pool", doc: readCLI(t, "describe-user-pool.json"), want: cliPool},
		{name: "describe-user-pool-client", doc: readCLI(t, "describe-user-pool-client.json"),
			want: usergroups.UserPool{Clients: map[string]usergroups.Client{"4abcdefghijklmnopqrstuvwxy": cliClient}}},
		{name: "describe-identity-provider", doc: readCLI(t, "describe-identity-provider.json"),
			want: usergroups.UserPool{IdentityProviders: map[string]usergroups.IdentityProvider{"Google": cliProvider}}},
		{name: "the members by their own names", doc: `{
			"Schema": [{"Name": "tier", "AttributeDataType": "String", "Mutable": true}, {"Name": "email", "Required": true}],
			"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": true, "InviteMessageTemplate": {}},
			"UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email", "phone_number"]},
			"LambdaConfig": {"PreTokenGeneration": "arn:aws:lambda:eu-west-1:111122223333:function:f", "CustomMessage": "x"},
			"UsernameAttributes": ["email", "phone_number"],
			"Clients": {"c1": {"ReadAttributes": ["email"], "WriteAttributes": [], "SupportedIdentityProviders": ["COGNITO"]}, "c2": {}},
			"IdentityProviders": {"Corp": {"ProviderType": "SAML", "AttributeMapping": {"custom:dept": "dept"}}},
			"SomethingElse": 1}`,
			want: usergroups.UserPool{
				Schema:                      []usergroups.SchemaAttribute{{Name: "tier", AttributeDataType: "String", Mutable: yes()}, {Name: "email", Required: yes()}},
				AdminCreateUserConfig:       &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: yes()},
				UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email", "phone_number"}},
				LambdaConfig:                &usergroups.LambdaConfig{PreTokenGeneration: "arn:aws:lambda:eu-west-1:111122223333:function:f"},
				UsernameAttributes:          []string{"email", "phone_number"},
				Clients: map[string]usergroups.Client{"c1": {ReadAttributes: []string{"email"}, WriteAttributes: []string{}, SupportedIdentityProviders: []string{"COGNITO"}},
					"c2": {}},
				IdentityProviders: map[string]usergroups.IdentityProvider{"Corp": {ProviderType: "SAML", AttributeMapping: map[string]string{"custom:dept": "dept"}}},
			}},
		{name: "SchemaAttributes at the top", doc: `{"SchemaAttributes": [{"Name": "custom:tier", "Mutable": false}]}`,
			want: usergroups.UserPool{Schema: []usergroups.SchemaAttribute{{Name: "custom:tier", Mutable: no()}}}},
		{name: "groups beside the CLI outputs", doc: `{"Groups": [{"GroupName": "gold"}], "UserPool": {"Id": "eu-west-1_Members", "UsernameAttributes": ["email"]},
			"UserPoolClient": {"ClientId": "c1", "UserPoolId": "eu-west-1_Members", "WriteAttributes": ["email"]},
			"IdentityProvider": {"ProviderName": "Corp", "ProviderType": "OIDC"}, "Clients": {"c2": {}}}`,
			want: usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "gold"}}, UsernameAttributes: []string{"email"},
				Clients:           map[string]usergroups.Client{"c1": {WriteAttributes: []string{"email"}}, "c2": {}},
				IdentityProviders: map[string]usergroups.IdentityProvider{"Corp": {ProviderType: "OIDC"}}}},
		{name: "the same member twice, equal", doc: `{"UsernameAttributes": ["email"], "UserPool": {"UsernameAttributes": ["email"]}}`,
			want: usergroups.UserPool{UsernameAttributes: []string{"email"}}},
		{name: "a wrapper inside describe-user-pool's is ignored", doc: `{"UserPool": {"UserPoolClient": {"ClientId": "c"}, "UserPool": {"Id": "other"}}}`,
			want: usergroups.UserPool{}},
		{name: "nulls are absent", doc: `{"Schema": null, "AdminCreateUserConfig": null, "LambdaConfig": null, "Clients": null, "UserPool": null,
			"UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": null}}`,
			want: usergroups.UserPool{UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := usergroups.ParseUserPool(members, []byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseUserPool (-want +got):\n%s", diff)
			}
			if err := usergroups.Validate(members, got); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// TestParseUserPoolAccessErrors: a member of the wrong type is an error at
// its path; the AWS CLI outputs must be this user pool's; a member given
// twice differently is ErrConflict.
func TestParseUserPoolAccessErrors(t *testing.T) {
	const at = `UserPools["eu-west-1_Members"]`
	tests := []struct {
		name, doc, path string
		conflict        bool
		text            string
	}{
		{name: "schema not a list", doc: `{"Schema": {}}`, path: at + ".Schema"},
		{name: "schema entry not an object", doc: `{"Schema": ["tier"]}`, path: at + ".Schema[0]"},
		{name: "Mutable a string", doc: `{"Schema": [{"Name": "tier", "Mutable": "true"}]}`, path: at + ".Schema[0].Mutable"},
		{name: "Name a number", doc: `{"SchemaAttributes": [{"Name": 1}]}`, path: at + ".SchemaAttributes[0].Name"},
		{name: "Schema and SchemaAttributes", doc: `{"Schema": [], "SchemaAttributes": []}`, path: at + ".SchemaAttributes", conflict: true},
		{name: "AllowAdminCreateUserOnly a string", doc: `{"AdminCreateUserConfig": {"AllowAdminCreateUserOnly": "false"}}`,
			path: at + ".AdminCreateUserConfig.AllowAdminCreateUserOnly"},
		{name: "AdminCreateUserConfig a list", doc: `{"AdminCreateUserConfig": []}`, path: at + ".AdminCreateUserConfig"},
		{name: "a verification list of numbers", doc: `{"UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": [1]}}`,
			path: at + ".UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate[0]"},
		{name: "a trigger that is an object", doc: `{"LambdaConfig": {"PreTokenGeneration": {}}}`, path: at + ".LambdaConfig.PreTokenGeneration"},
		{name: "a trigger config that is a string", doc: `{"LambdaConfig": {"PreTokenGenerationConfig": "arn"}}`, path: at + ".LambdaConfig.PreTokenGenerationConfig"},
		{name: "a trigger version that is a number", doc: `{"LambdaConfig": {"PreTokenGenerationConfig": {"LambdaVersion": 2}}}`,
			path: at + ".LambdaConfig.PreTokenGenerationConfig.LambdaVersion"},
		{name: "username attributes a string", doc: `{"UsernameAttributes": "email"}`, path: at + ".UsernameAttributes"},
		{name: "clients a list", doc: `{"Clients": []}`, path: at + ".Clients"},
		{name: "a client's read attributes a string", doc: `{"Clients": {"c1": {"ReadAttributes": "email"}}}`, path: at + `.Clients["c1"].ReadAttributes`},
		{name: "a client null", doc: `{"Clients": {"c1": null}}`, path: at + `.Clients["c1"]`},
		{name: "a client of another key", doc: `{"Clients": {"c1": {"ClientId": "c2"}}}`, path: at + `.Clients["c1"].ClientId`},
		{name: "a client of another pool", doc: `{"Clients": {"c1": {"UserPoolId": "eu-west-1_Other"}}}`, path: at + `.Clients["c1"].UserPoolId`},
		{name: "a mapping of numbers", doc: `{"IdentityProviders": {"Corp": {"AttributeMapping": {"email": 1}}}}`,
			path: at + `.IdentityProviders["Corp"].AttributeMapping["email"]`},
		{name: "a provider type that is a number", doc: `{"IdentityProviders": {"Corp": {"ProviderType": 1}}}`, path: at + `.IdentityProviders["Corp"].ProviderType`},
		{name: "a provider of another key", doc: `{"IdentityProviders": {"Corp": {"ProviderName": "Other"}}}`, path: at + `.IdentityProviders["Corp"].ProviderName`},
		{name: "describe-user-pool of another pool", doc: `{"UserPool": {"Id": "eu-west-1_Other"}}`, path: at + ".UserPool.Id", text: "its own ID"},
		{name: "describe-user-pool with a bad member", doc: `{"UserPool": {"SchemaAttributes": [{"Mutable": 1}]}}`, path: at + ".UserPool.SchemaAttributes[0].Mutable"},
		{name: "describe-user-pool not an object", doc: `{"UserPool": []}`, path: at + ".UserPool"},
		{name: "describe-user-pool-client of another pool", doc: `{"UserPoolClient": {"ClientId": "c1", "UserPoolId": "eu-west-1_Other"}}`,
			path: at + ".UserPoolClient.UserPoolId"},
		{name: "describe-identity-provider of another pool", doc: `{"IdentityProvider": {"ProviderName": "Corp", "UserPoolId": "eu-west-1_Other"}}`,
			path: at + ".IdentityProvider.UserPoolId"},
		{name: "a schema and describe-user-pool's, differently", doc: `{"Schema": [{"Name": "tier"}], "UserPool": {"SchemaAttributes": [{"Name": "dept"}]}}`,
			path: at + ".Schema", conflict: true},
		{name: "a client and describe-user-pool-client's, differently", doc: `{"Clients": {"c1": {}}, "UserPoolClient": {"ClientId": "c1", "WriteAttributes": ["email"]}}`,
			path: at + `.Clients["c1"]`, conflict: true},
		{name: "a provider and describe-identity-provider's, differently", doc: `{"IdentityProviders": {"Corp": {"ProviderType": "SAML"}}, "IdentityProvider": {"ProviderName": "Corp", "ProviderType": "OIDC"}}`,
			path: at + `.IdentityProviders["Corp"]`, conflict: true},
		{name: "a client's member twice", doc: `{"Clients": {"c1": {"WriteAttributes": ["email"], "WriteAttributes": []}}}`,
			path: at + `.Clients["c1"].WriteAttributes`, text: "duplicate member"},
		{name: "a client twice", doc: `{"Clients": {"c1": {}, "c1": {"WriteAttributes": []}}}`, path: at + `.Clients["c1"]`, text: "duplicate member"},
		{name: "a schema flag twice", doc: `{"Schema": [{"Name": "tier", "Mutable": false, "Mutable": true}]}`, path: at + `.Schema[0].Mutable`, text: "duplicate member"},
		{name: "describe-user-pool's member twice", doc: `{"UserPool": {"Id": "eu-west-1_Members", "Id": "eu-west-1_Other"}}`, path: at + `.UserPool.Id`, text: "duplicate member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := usergroups.ParseUserPool(members, []byte(tt.doc))
			var fe *rolemap.FieldError
			if !errors.As(err, &fe) || fe.Path != tt.path || !errors.Is(err, rolemap.ErrInvalidValue) {
				t.Fatalf("ParseUserPool = %v; want an invalid value at %s", err, tt.path)
			}
			if errors.Is(err, usergroups.ErrConflict) != tt.conflict {
				t.Errorf("ParseUserPool = %v; ErrConflict %v, want %v", err, !tt.conflict, tt.conflict)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("ParseUserPool = %v; want it to say %q", err, tt.text)
			}
		})
	}
	// A CLI output without the key it is filed under.
	for _, doc := range []string{`{"UserPoolClient": {"ReadAttributes": []}}`, `{"IdentityProvider": {"ProviderType": "SAML"}}`} {
		if _, err := usergroups.ParseUserPool(members, []byte(doc)); !errors.Is(err, rolemap.ErrMissing) {
			t.Errorf("ParseUserPool(%s) = %v; want ErrMissing", doc, err)
		}
	}
}

// TestMerge: the AWS CLI's files of one user pool, read one by one, make
// the pool; members given differently are conflicts at their path.
func TestMerge(t *testing.T) {
	var got usergroups.UserPool
	for _, name := range []string{"list-groups.json", "describe-user-pool.json", "describe-user-pool-client.json", "describe-identity-provider.json"} {
		up, err := usergroups.ParseUserPool(members, []byte(readCLI(t, name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, err = usergroups.Merge(members, got, up); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	want := cliPool
	want.Groups = []usergroups.Group{{GroupName: "gold", RoleARN: "arn:aws:iam::111122223333:role/gold", Precedence: prec(1)}}
	want.Clients = map[string]usergroups.Client{"4abcdefghijklmnopqrstuvwxy": cliClient}
	want.IdentityProviders = map[string]usergroups.IdentityProvider{"Google": cliProvider}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Merge (-want +got):\n%s", diff)
	}
	// Merging a piece again changes nothing: equal values are no conflict.
	again, err := usergroups.Merge(members, got, got)
	if err != nil || !cmp.Equal(again, got) {
		t.Errorf("Merge of a pool with itself = %v, %v", again, err)
	}

	const at = `UserPools["eu-west-1_Members"]`
	conflicts := []struct {
		name string
		a, b usergroups.UserPool
		path string
	}{
		{"schema", usergroups.UserPool{Schema: cliSchema}, usergroups.UserPool{Schema: cliSchema[:1]}, at + ".Schema"},
		{"sign-up", usergroups.UserPool{AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{AllowAdminCreateUserOnly: yes()}},
			usergroups.UserPool{AdminCreateUserConfig: &usergroups.AdminCreateUserConfig{}}, at + ".AdminCreateUserConfig"},
		{"verification", usergroups.UserPool{UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{}},
			usergroups.UserPool{UserAttributeUpdateSettings: &usergroups.UserAttributeUpdateSettings{AttributesRequireVerificationBeforeUpdate: []string{"email"}}},
			at + ".UserAttributeUpdateSettings"},
		{"trigger", usergroups.UserPool{LambdaConfig: &usergroups.LambdaConfig{PreTokenGeneration: "a"}},
			usergroups.UserPool{LambdaConfig: &usergroups.LambdaConfig{PreTokenGeneration: "b"}}, at + ".LambdaConfig"},
		{"username", usergroups.UserPool{UsernameAttributes: []string{"email"}}, usergroups.UserPool{UsernameAttributes: []string{"phone_number"}}, at + ".UsernameAttributes"},
		{"group", usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a", Precedence: prec(1)}}},
			usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "b"}, {GroupName: "a", Precedence: prec(2)}}}, at + ".Groups[1]"},
		{"user", usergroups.UserPool{Users: map[string][]string{"u": {"a"}}}, usergroups.UserPool{Users: map[string][]string{"u": {"b"}}}, at + `.Users["u"]`},
		{"client", usergroups.UserPool{Clients: map[string]usergroups.Client{"c": {}}},
			usergroups.UserPool{Clients: map[string]usergroups.Client{"c": cliClient}}, at + `.Clients["c"]`},
		{"provider", usergroups.UserPool{IdentityProviders: map[string]usergroups.IdentityProvider{"Google": cliProvider}},
			usergroups.UserPool{IdentityProviders: map[string]usergroups.IdentityProvider{"Google": {ProviderType: "Google"}}}, at + `.IdentityProviders["Google"]`},
	}
	for _, tt := range conflicts {
		t.Run(tt.name, func(t *testing.T) {
			_, err := usergroups.Merge(members, tt.a, tt.b)
			var fe *rolemap.FieldError
			if !errors.As(err, &fe) || fe.Path != tt.path || !errors.Is(err, usergroups.ErrConflict) {
				t.Fatalf("Merge = %v; want a conflict at %s", err, tt.path)
			}
		})
	}
	// Groups and users only one side has are joined, in order.
	got, err = usergroups.Merge(members,
		usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a"}}, Users: map[string][]string{"u": {"a"}}},
		usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a"}, {GroupName: "b"}}, Users: map[string][]string{"v": {"b"}}})
	if err != nil {
		t.Fatal(err)
	}
	want = usergroups.UserPool{Groups: []usergroups.Group{{GroupName: "a"}, {GroupName: "b"}}, Users: map[string][]string{"u": {"a"}, "v": {"b"}}}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Merge (-want +got):\n%s", diff)
	}
}

func TestValidateAccessMembers(t *testing.T) {
	const at = `UserPools["p"]`
	up := usergroups.UserPool{
		Schema: []usergroups.SchemaAttribute{{Name: "tier"}, {Name: "custom:tier"}, {}, {Name: "x", AttributeDataType: "Text"},
			{Name: "score", DeveloperOnlyAttribute: yes()}, {Name: "dev:custom:score"}},
		UsernameAttributes: []string{"email", "preferred_username"},
		Clients:            map[string]usergroups.Client{"": {}},
		IdentityProviders:  map[string]usergroups.IdentityProvider{"Corp": {ProviderType: "Okta"}},
	}
	err := usergroups.Validate("p", up)
	var ve *rolemap.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	var paths []string
	for _, e := range ve.Errors {
		paths = append(paths, e.Path)
	}
	want := []string{at + ".Schema[1].Name", at + ".Schema[2].Name", at + ".Schema[3].AttributeDataType", at + ".Schema[5].Name",
		at + ".UsernameAttributes[1]", at + `.Clients[""]`, at + `.IdentityProviders["Corp"].ProviderType`}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("Validate paths (-want +got):\n%s\n%v", diff, err)
	}
}

func TestSchemaAttributeClaim(t *testing.T) {
	for _, tt := range []struct {
		a    usergroups.SchemaAttribute
		want string
	}{
		{usergroups.SchemaAttribute{Name: "email"}, "email"},
		{usergroups.SchemaAttribute{Name: "email_verified"}, "email_verified"},
		{usergroups.SchemaAttribute{Name: "tier"}, "custom:tier"},
		{usergroups.SchemaAttribute{Name: "custom:tier"}, "custom:tier"},
		{usergroups.SchemaAttribute{Name: "score", DeveloperOnlyAttribute: yes()}, "dev:custom:score"},
		{usergroups.SchemaAttribute{Name: "score", DeveloperOnlyAttribute: no()}, "custom:score"},
		{usergroups.SchemaAttribute{Name: "dev:custom:score", DeveloperOnlyAttribute: yes()}, "dev:custom:score"},
	} {
		if got := tt.a.Claim(); got != tt.want {
			t.Errorf("%+v.Claim() = %q, want %q", tt.a, got, tt.want)
		}
	}
}

// TestAccessMembersBounded: reading the access members costs a few times
// decoding them, however the AWS CLI wrappers nest (each UserPool inside
// UserPool is ignored rather than read again), and four times the clients
// cost four times as much.
func TestAccessMembersBounded(t *testing.T) {
	nested := func(depth int) []byte {
		return []byte(strings.Repeat(`{"UserPool": `, depth) + `{"UsernameAttributes": ["email"]}` + strings.Repeat(`}`, depth))
	}
	clients := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`{"UserPool": {"SchemaAttributes": [{"Name": "tier", "Mutable": true}]}, "Clients": {`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"c` + strconv.Itoa(i) + `": {"ReadAttributes": ["email", "custom:tier"], "WriteAttributes": ["email"], "SupportedIdentityProviders": ["COGNITO"]}`)
		}
		b.WriteString(`}}`)
		return []byte(b.String())
	}
	for _, tt := range []struct {
		name       string
		big, small []byte
	}{
		{"nested wrappers", nested(4000), nested(1000)},
		{"clients", clients(8000), clients(2000)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			parse := func(doc []byte) func() {
				return func() { _, _ = usergroups.ParseUserPool("p", doc) }
			}
			base := timing.DecodeAllocated(t, tt.big)
			alloc, allocSmall := timing.Allocated(parse(tt.big)), timing.Allocated(parse(tt.small))
			t.Logf("%d bytes: %d bytes allocated (%.1f× decoding's); at a quarter, %d", len(tt.big), alloc, float64(alloc)/float64(base), allocSmall)
			if alloc > 20*base {
				t.Errorf("ParseUserPool allocated %d bytes, over 20× decoding's %d", alloc, base)
			}
			if 2*alloc > 9*allocSmall {
				t.Errorf("%d bytes at 4× the size of %d; want at most 4.5×", alloc, allocSmall)
			}
		})
	}
}

// TestUserPoolJSON: a user pool written as JSON reads back the same, an
// empty Schema staying empty (given, no attribute) and a nil one absent.
func TestUserPoolJSON(t *testing.T) {
	for _, up := range []usergroups.UserPool{
		cliPool,
		{Schema: []usergroups.SchemaAttribute{}},
		{},
		{Groups: []usergroups.Group{{GroupName: "a", Precedence: prec(0)}}, Users: map[string][]string{"u": {"a"}},
			Clients: map[string]usergroups.Client{"c": cliClient}, IdentityProviders: map[string]usergroups.IdentityProvider{"Google": cliProvider}},
	} {
		data, err := json.Marshal(up)
		if err != nil {
			t.Fatal(err)
		}
		got, err := usergroups.ParseUserPool("p", data)
		if err != nil {
			t.Fatalf("ParseUserPool(%s): %v", data, err)
		}
		if diff := cmp.Diff(up, got); diff != "" {
			t.Errorf("%s read back (-want +got):\n%s", data, diff)
		}
		if (up.Schema == nil) == strings.Contains(string(data), `"Schema"`) {
			t.Errorf("Schema %v written as %s", up.Schema, data)
		}
	}
}
