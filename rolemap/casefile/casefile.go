package casefile

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/nearest"
	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/internal/spec"
	"github.com/rolemapping/rolemapping/internal/strictjson"
	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/trust"
	"github.com/rolemapping/rolemapping/rolemap/usergroups"
)

// File is a conformance case file (see "Case files" in the package docs):
// one pool and the decisions it must make.
type File struct {
	Description string `json:"description,omitempty"`
	// Deployment is the pool document and what decides its credentials:
	// the file's "roles" (Roles not nil runs the trust check for every
	// case; a policy outside the grammar is kept in RoleErrors, and a case
	// choosing that role gets its error) and "userPools" (for cases that
	// name a user or groups instead of writing the group claims), with
	// those of the source's import where the file gives none.
	credentials.Deployment
	// MaxRules is the rules-per-mapping quota; 0 means the default, 25.
	MaxRules int `json:"maxRules,omitempty"`
	// Invalid, when not nil, lists every path validation must report.
	Invalid []string `json:"invalid,omitempty"`
	// Unreachable, when not nil, lists every rule the linter must report
	// unreachable.
	Unreachable []string `json:"unreachable,omitempty"`
	// Findings, when not nil, lists every lint finding as "CODE PATH"
	// ("CODE" alone for a finding about the whole pool).
	Findings []string `json:"findings,omitempty"`
	// Access, when not nil, lists for each role ARN every path of the
	// access analysis to it (validate.Access): the role's paths must be
	// exactly these, as a set; an empty list means no path.
	Access map[string][]AccessPath `json:"access,omitempty"`
	// Cases are the requests and their expected outcomes.
	Cases []Case `json:"cases,omitempty"`
	// RequireTrust makes a case whose chosen role has no trust policy
	// among Roles fail, instead of passing as unverified (see "Unverified
	// trust" in the package docs).
	RequireTrust bool `json:"requireTrust,omitempty"`

	// Source, when set, names the infrastructure-as-code file the pool is
	// imported from instead (package iac); [File.Load] imports it.
	Source *Source `json:"source,omitempty"`
	// PoolName names the pool of Source to test; it may be empty when the
	// file defines one pool.
	PoolName string `json:"-"`
	// Bindings are the values Source cannot know (package iac).
	Bindings map[string]string `json:"bindings,omitempty"`
	// Imported is what Load imported, for failure messages.
	Imported *iac.Result `json:"-"`

	// groupIndexes are UserPools' groups by name, built for the cases.
	groupIndexes map[string]*usergroups.Index
	// loaded is set by Load once the source is read.
	loaded bool
	// pool places the violations of a pool given in the file ([Check]);
	// nil for a pool from a source.
	pool *embedded
}

// Source is where a case file's pool comes from: a path, absolute or
// relative to the case file, of a CloudFormation template in JSON (what
// cdk synth writes), of `terraform show -json` output, or of a folder of
// Terraform configuration (*.tf, read when the program imports package
// rolemap/iac/tfconfig, as the rolemap command does). Only a regular
// file of at most iac.MaxFileSize bytes is read: a named pipe, a device or
// a folder is an error.
type Source struct {
	CloudFormation string `json:"cloudformation,omitempty"`
	Terraform      string `json:"terraform,omitempty"`
	// Deployment is a deployment document (see "Deployment documents" in
	// the package docs), as rolemap import writes it.
	Deployment string `json:"deployment,omitempty"`
}

// Load imports the pool of a file with a Source, reading a relative
// source path relative to dir (the case file's folder). It does nothing for a file
// with a pool.
func (f *File) Load(dir string) error {
	if f.Source == nil {
		return nil
	}
	var (
		data []byte
		err  error
		res  *iac.Result
	)
	opts := []iac.Option{iac.WithBindings(f.Bindings)}
	path := cmp.Or(f.Source.CloudFormation, f.Source.Terraform, f.Source.Deployment)
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	if f.Source.Deployment != "" {
		return f.loadDeployment(path)
	}
	if f.Source.Terraform != "" && iac.IsTerraformConfig(path) {
		// A folder of *.tf (or one of its files): Terraform configuration,
		// read by the reader the program registered (package
		// rolemap/iac/tfconfig).
		res, err = iac.TerraformConfig(path, opts...)
		err = placed(path, err)
	} else if data, err = readfile.Read(path, iac.MaxFileSize); err == nil {
		if f.Source.CloudFormation != "" {
			res, err = iac.CloudFormation(data, opts...)
		} else {
			res, err = iac.Terraform(data, opts...)
		}
		err = placed(path, err)
	}
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	d, err := res.Deployment(f.PoolName)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	f.Pool, f.Imported = d.Pool, res
	// The source's user pools and trust policies, unless the file gives
	// its own.
	for id, up := range d.UserPools {
		if _, own := f.UserPools[id]; !own {
			if err := usergroups.Validate(id, up); err != nil {
				return fmt.Errorf("source: %w", err)
			}
			if f.UserPools == nil {
				f.UserPools = map[string]usergroups.UserPool{}
			}
			f.UserPools[id] = up
		}
	}
	if d.Roles != nil && f.Roles == nil {
		f.Roles = map[string]*trust.Policy{}
	}
	own := func(arn string) bool { _, ok := f.Roles[arn]; return ok || f.RoleErrors[arn] != nil }
	for arn, pol := range d.Roles {
		if !own(arn) { // the file's own policy for the role wins
			f.Roles[arn] = pol
		}
	}
	for arn, err := range d.RoleErrors {
		if !own(arn) {
			if f.RoleErrors == nil {
				f.RoleErrors = map[string]error{}
			}
			f.RoleErrors[arn] = err
		}
	}
	f.loaded = true
	// Group claims are computed once the user pools are known.
	return f.addGroupClaims()
}

// loadDeployment reads the deployment document at path as the file's
// pool, its trust policies and user pools (the file's own entries win).
func (f *File) loadDeployment(path string) error {
	data, err := readfile.Read(path, rolemap.MaxDocumentSize)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	d, err := ParseDeployment(data)
	if err != nil {
		return fmt.Errorf("source: %s: %w", path, err)
	}
	if f.PoolName != "" {
		return fmt.Errorf("source: %s: a deployment document holds one pool; drop the pool name %s", path, clip.Quote(f.PoolName))
	}
	f.Pool, f.loaded = d.Pool, true
	f.merge(d.Roles, d.RoleErrors, d.UserPools)
	return f.addGroupClaims()
}

// addGroupClaims computes the cases' group claims, once the user pools
// are known.
func (f *File) addGroupClaims() error {
	for i := range f.Cases {
		if err := f.groupClaims(&f.Cases[i]); err != nil {
			return fmt.Errorf("cases[%d] %s: %s: %w", i, clip.Quote(f.Cases[i].Name), CodeCaseFile, err)
		}
	}
	return nil
}

// countSet counts the strings that are not empty.
func countSet(list ...string) int {
	n := 0
	for _, s := range list {
		if s != "" {
			n++
		}
	}
	return n
}

// placed prefixes each of an import's errors with the file, line and
// column it is at.
func placed(path string, err error) error {
	list := iac.Errors(err)
	if list == nil {
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		return nil
	}
	var out []error
	for _, e := range list {
		out = append(out, fmt.Errorf("%s:%d:%d: %w", cmp.Or(e.File, path), e.Line, e.Column, e))
	}
	if n := len(list); n > 0 {
		// Keep the count of errors not listed, which is no *iac.Error.
		if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > n {
			out = append(out, j.Unwrap()[n:]...)
		}
	}
	return errors.Join(out...)
}

// Case is one request of a [File] and its expected outcome.
type Case struct {
	Name          string         `json:"name"`
	Login         string         `json:"login,omitempty"`
	Claims        map[string]any `json:"claims,omitempty"`
	CustomRoleARN string         `json:"customRoleArn,omitempty"`
	// User (a username of the login's user pool) or Groups (group names)
	// give the group claims (package usergroups); at most one of the two.
	User   string   `json:"user,omitempty"`
	Groups []string `json:"groups,omitempty"`
	// IdentityID, AMR, DeveloperUserID and DeveloperPrincipalTags are the
	// trust check's and the tags' inputs (package credentials).
	IdentityID             string            `json:"identityId,omitempty"`
	AMR                    []string          `json:"amr,omitempty"`
	DeveloperUserID        string            `json:"developerUserId,omitempty"`
	DeveloperPrincipalTags map[string]string `json:"developerPrincipalTags,omitempty"`
	Want                   Want              `json:"want"`

	// claims are Claims with the group claims added, set by ParseFile.
	claims map[string]any
}

// Want is the expected outcome of a [Case]: a role, or an error code and
// optionally its exact message; and optionally the principal tags, the
// trust check's reason and the generated claims.
type Want struct {
	Role    string `json:"role,omitempty"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
	// Tags, when not nil, are the exact principal tags ({} for none); with
	// a trust refusal, the tags STS was asked for.
	Tags map[string]string `json:"tags,omitempty"`
	// Reason is the trust check's reason (trust-condition, …), with the
	// error InvalidIdentityPoolConfigurationException.
	Reason string `json:"reason,omitempty"`
	// Claims lists claims the request must carry with these values, after
	// the group claims are added; a null one must be absent.
	Claims map[string]any `json:"claims,omitempty"`
}

// Request returns the case as a resolver request, with the group claims
// its user or groups give (when ParseFile read it).
func (c Case) Request() rolemap.Request {
	claims := c.Claims
	if c.claims != nil {
		claims = c.claims
	}
	return rolemap.Request{Login: c.Login, Claims: claims, CustomRoleARN: c.CustomRoleARN}
}

// CredentialsRequest returns the case as a credentials request.
func (c Case) CredentialsRequest() credentials.Request {
	return credentials.Request{Request: c.Request(), IdentityID: c.IdentityID, AMR: c.AMR,
		DeveloperUserID: c.DeveloperUserID, DeveloperPrincipalTags: c.DeveloperPrincipalTags}
}

// needsCredentials reports whether the file's cases go through package
// credentials: it has trust policies, tag maps, or a case that expects
// tags or a trust reason.
func (f *File) needsCredentials() bool {
	if f.Roles != nil || f.RoleErrors != nil || len(f.Pool.PrincipalTagAttributeMaps) > 0 {
		return true
	}
	for _, c := range f.Cases {
		if c.Want.Tags != nil || c.Want.Reason != "" || c.DeveloperPrincipalTags != nil {
			return true
		}
	}
	return false
}

// Options returns the compile options the file asks for.
func (f *File) Options() []rolemap.Option {
	if f.MaxRules == 0 {
		return nil
	}
	return []rolemap.Option{rolemap.WithMaxRules(f.MaxRules)}
}

// fileSchema is the case file's shape: strict everywhere but in claims and
// in the pool, where AWS's own rule applies (unknown members are ignored)
// except for near misses of AWS's member names and the CloudFormation
// IdentityProvider member, which are mistakes in a test.
var fileSchema = &strictjson.Schema{Members: map[string]*strictjson.Schema{
	"description":  nil,
	"pool":         strictjson.Pool,
	"source":       {Members: map[string]*strictjson.Schema{"cloudformation": nil, "terraform": nil, "deployment": nil}},
	"bindings":     {Any: true},
	"maxRules":     nil,
	"invalid":      nil,
	"unreachable":  nil,
	"findings":     nil,
	"access":       accessSchema,
	"requireTrust": nil,
	"cases": {Items: &strictjson.Schema{Members: map[string]*strictjson.Schema{
		"name": nil, "login": nil, "claims": {Any: true}, "customRoleArn": nil,
		"user": nil, "groups": nil, "identityId": nil, "amr": nil, "developerUserId": nil, "developerPrincipalTags": {Any: true},
		"want": {Members: map[string]*strictjson.Schema{"role": nil, "error": nil, "message": nil,
			"tags": {Any: true}, "reason": nil, "claims": {Any: true}}},
	}}},
	"userPools": {Values: &strictjson.Schema{Members: map[string]*strictjson.Schema{
		"Groups": {Items: &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
			"GroupName": nil, "UserPoolId": nil, "Description": nil, "RoleArn": nil, "Precedence": nil,
			"CreationDate": nil, "LastModifiedDate": nil}}},
		"Users": {Any: true}, "NextToken": nil,
		"Schema": {Items: schemaAttributeSchema}, "SchemaAttributes": {Items: schemaAttributeSchema},
		"AdminCreateUserConfig":       adminCreateUserConfigSchema,
		"UserAttributeUpdateSettings": userAttributeUpdateSettingsSchema,
		"LambdaConfig":                lambdaConfigSchema,
		"UsernameAttributes":          nil,
		"Clients":                     {Values: clientSchema},
		"IdentityProviders":           {Values: identityProviderSchema},
		"UserPool":                    describeUserPoolSchema,
		"UserPoolClient":              clientSchema,
		"IdentityProvider":            identityProviderSchema,
	}}},
	"roles": {Any: true},
}}

// The access members of a user pool (usergroups.UserPool) and the AWS
// CLI's outputs that hold them: AWS ignores members it does not know, and
// so do these, but a near miss of a known name (Mutabel) is an error.
var (
	schemaAttributeSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"Name": nil, "AttributeDataType": nil, "Mutable": nil, "Required": nil, "DeveloperOnlyAttribute": nil,
		"StringAttributeConstraints": nil, "NumberAttributeConstraints": nil}}
	adminCreateUserConfigSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"AllowAdminCreateUserOnly": nil, "UnusedAccountValidityDays": nil, "InviteMessageTemplate": nil}}
	userAttributeUpdateSettingsSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"AttributesRequireVerificationBeforeUpdate": nil}}
	lambdaConfigSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"PreTokenGeneration":       nil,
		"PreTokenGenerationConfig": {Loose: true, Members: map[string]*strictjson.Schema{"LambdaArn": nil, "LambdaVersion": nil}},
		"PreSignUp":                nil, "CustomMessage": nil, "PostConfirmation": nil, "PreAuthentication": nil, "PostAuthentication": nil,
		"DefineAuthChallenge": nil, "CreateAuthChallenge": nil, "VerifyAuthChallengeResponse": nil, "UserMigration": nil,
		"CustomSMSSender": nil, "CustomEmailSender": nil, "KMSKeyID": nil}}
	clientSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"ClientId": nil, "UserPoolId": nil, "ClientName": nil, "ReadAttributes": nil, "WriteAttributes": nil,
		"SupportedIdentityProviders": nil}}
	identityProviderSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"ProviderName": nil, "UserPoolId": nil, "ProviderType": nil, "AttributeMapping": {Any: true},
		"ProviderDetails": {Any: true}, "IdpIdentifiers": nil}}
	describeUserPoolSchema = &strictjson.Schema{Loose: true, Members: map[string]*strictjson.Schema{
		"Id": nil, "Name": nil, "Arn": nil,
		"SchemaAttributes": {Items: schemaAttributeSchema}, "AdminCreateUserConfig": adminCreateUserConfigSchema,
		"UserAttributeUpdateSettings": userAttributeUpdateSettingsSchema, "LambdaConfig": lambdaConfigSchema,
		"UsernameAttributes": nil}}
)

// ParseFile decodes a case file strictly (see the package docs): a syntax
// error names its line and column; data after the top-level object is an
// error; a
// member the format does not know, anywhere outside claims, is an error
// naming its path, its line and column and the nearest known name
// (cases[3].clams: unknown member; did you mean "claims"?). In the pool,
// whose unknown members AWS ignores, near misses of AWS's member names
// (RoleMapings, type, Rule) and a mapping's CloudFormation IdentityProvider
// member are errors. Every problem of the file is reported at once.
//
// Claims keep their numbers as json.Number, so no digit is lost before the
// resolver compares them. ParseFile also checks the file's own rules: a
// pool, at least one check (a case, or an invalid, unreachable or findings
// list), every case named uniquely and expecting exactly one of a role or
// an error, AWS's or the library's (rolemapping.…), no cases in a file with
// invalid.
//
// A member given twice in one object is an error naming both places (a
// decoder would keep the last want or pool silently). At most 100
// problems are listed, with a count of the rest, and each quotes at most a
// bounded prefix of a long name or key. Its time and memory are linear in
// the file's size: within a few times decoding it with encoding/json
// (TestParseFileBounded: an 8 MiB file of 600,000 unknown members).
func ParseFile(data []byte) (*File, error) {
	if len(data) > rolemap.MaxDocumentSize {
		return nil, errors.New("case file larger than 16 MiB")
	}
	report, err := strictjson.Check(data, fileSchema)
	if err != nil {
		return nil, fmt.Errorf("case file: %w", err)
	}
	var raw struct {
		Description  string                  `json:"description"`
		Pool         json.RawMessage         `json:"pool"`
		MaxRules     *int                    `json:"maxRules"`
		Invalid      []string                `json:"invalid"`
		Unreachable  []string                `json:"unreachable"`
		Findings     []string                `json:"findings"`
		Access       map[string][]AccessPath `json:"access"`
		Cases        []Case                  `json:"cases"`
		RequireTrust bool                    `json:"requireTrust"`
		Source       *Source                 `json:"source"`
		Bindings     map[string]string       `json:"bindings"`
		UserPools    json.RawMessage         `json:"userPools"`
		Roles        json.RawMessage         `json:"roles"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	decodeErr := dec.Decode(&raw)
	var errs problems
	var embedded *Deployment // a deployment document given as the pool
	for _, is := range report.Issues {
		msg := is.String()
		if i, ok := caseIndex(is.Path); ok && i < len(raw.Cases) && raw.Cases[i].Name != "" {
			msg += " (case " + clip.Quote(raw.Cases[i].Name) + ")"
		}
		errs.add(errors.New(msg))
	}
	errs.more += report.More
	if decodeErr != nil {
		errs.add(fmt.Errorf("case file: %w", decodeErr))
		return nil, errs.err()
	}
	f := &File{Description: raw.Description, Invalid: raw.Invalid, Unreachable: raw.Unreachable, Findings: raw.Findings, Access: raw.Access, Cases: raw.Cases,
		RequireTrust: raw.RequireTrust, Source: raw.Source, Bindings: raw.Bindings}
	switch {
	case f.Source != nil:
		if n := countSet(f.Source.CloudFormation, f.Source.Terraform, f.Source.Deployment); n != 1 {
			errs.add(errors.New("source: give exactly one of cloudformation, terraform or deployment"))
		} else if f.Source.Deployment != "" && f.Bindings != nil {
			errs.add(errors.New("bindings: they go with a template or plan; a deployment document holds its values"))
		}
		if len(raw.Pool) > 0 && string(raw.Pool) != "null" {
			if err := json.Unmarshal(raw.Pool, &f.PoolName); err != nil {
				errs.add(errors.New("pool: with source, pool is the name of one of its pools"))
			}
		}
	case f.Bindings != nil:
		errs.add(errors.New("bindings: they go with source"))
		fallthrough
	case len(raw.Pool) == 0 || string(raw.Pool) == "null":
		if f.Bindings == nil {
			errs.add(errors.New("pool: missing (give a pool, or a source)"))
		}
	default:
		at := embeddedPool(data)
		if d, err := parseDeployment(raw.Pool, true); err != nil {
			errs.add(at.placed(err))
		} else {
			f.Pool, embedded, f.pool = d.Pool, d, at
		}
	}
	if raw.MaxRules != nil {
		if *raw.MaxRules < 1 || *raw.MaxRules > 400 {
			errs.add(fmt.Errorf("maxRules: %d is outside 1..400", *raw.MaxRules))
		}
		f.MaxRules = *raw.MaxRules
	}
	f.readCredentials(raw.UserPools, raw.Roles, &errs)
	if embedded != nil {
		// A deployment document as the pool: its trust policies and user
		// pools, unless the file gives its own.
		f.merge(embedded.Roles, embedded.RoleErrors, embedded.UserPools)
	}
	if len(f.Cases) == 0 && f.Invalid == nil && f.Unreachable == nil && f.Findings == nil && f.Access == nil {
		errs.add(errors.New("no checks: give cases, or an invalid, unreachable, findings or access list (a file that checks nothing would pass silently)"))
	}
	if f.Invalid != nil && len(f.Cases) > 0 {
		errs.add(errors.New("cases: a file with invalid has no cases"))
	}
	if f.Invalid != nil && (f.Unreachable != nil || f.Findings != nil || f.Access != nil) {
		errs.add(errors.New("unreachable, findings and access apply to valid pools only, and this file has invalid"))
	}
	checkAccessMember(f.Access, &errs)
	seen := map[string]bool{}
	for i, c := range f.Cases {
		at := fmt.Sprintf("cases[%d]", i)
		if c.Name != "" {
			at += " " + clip.Quote(c.Name)
		}
		switch {
		case c.Name == "":
			errs.add(fmt.Errorf("%s: no name", at))
		case seen[c.Name]:
			errs.add(fmt.Errorf("%s: duplicate name", at))
		}
		switch {
		case (c.Want.Role == "") == (c.Want.Error == ""):
			errs.add(fmt.Errorf("%s: want needs exactly one of role or error", at))
		case c.Want.Message != "" && c.Want.Error == "":
			errs.add(fmt.Errorf("%s: want.message needs want.error", at))
		case c.Want.Reason != "" && c.Want.Error != spec.CodeInvalidIdentityPoolConfiguration:
			errs.add(fmt.Errorf("%s: want.reason goes with the error %s", at, spec.CodeInvalidIdentityPoolConfiguration))
		case c.Want.Error != "" && !knownErrorCode(c.Want.Error):
			errs.add(fmt.Errorf("%s: want.error %s is no error code%s", at, clip.Quote(c.Want.Error), nearestCode(c.Want.Error)))
		}
		if p := credentials.IdentityIDProblem(c.IdentityID); p != "" {
			errs.add(fmt.Errorf("%s: identityId %s", at, p))
		}
		if p := credentials.DeveloperUserIDProblem(c.DeveloperUserID); p != "" {
			errs.add(fmt.Errorf("%s: developerUserId %s", at, p))
		}
		if f.Source != nil {
			// Load adds the group claims, once the source's user pools are read.
		} else if err := f.groupClaims(&f.Cases[i]); err != nil {
			errs.add(fmt.Errorf("%s: %s: %w", at, CodeCaseFile, err))
		}
		seen[c.Name] = true
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// maxProblems is the most problems of a case file ParseFile lists; it
// counts the rest.
const maxProblems = 100

// problems collects a file's problems, at most maxProblems of them.
type problems struct {
	list []error
	more int
}

func (p *problems) add(err error) {
	if len(p.list) == maxProblems {
		p.more++
		return
	}
	p.list = append(p.list, err)
}

// err joins the problems, one per line, and a last line counting those not
// listed; nil when there are none.
func (p *problems) err() error {
	if p.more > 0 {
		return errors.Join(append(p.list, fmt.Errorf("… and %d more problems", p.more))...)
	}
	return errors.Join(p.list...)
}

// caseIndex returns N of a path that starts cases[N].
func caseIndex(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "cases[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 1 || end > 9 {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	return i, err == nil
}

// awsErrorCodes are the exceptions GetId and GetCredentialsForIdentity
// return for a role choice, as AWS spells them.
var awsErrorCodes = []string{spec.CodeNotAuthorized, spec.CodeInvalidParameter, spec.CodeInvalidIdentityPoolConfiguration}

// knownErrorCode reports whether a case may want the error code: one of
// AWS's, or one of the library's own ("rolemapping.UnknownRole"…).
func knownErrorCode(code string) bool {
	return slices.Contains(awsErrorCodes, code) || strings.HasPrefix(code, "rolemapping.") && len(code) > len("rolemapping.")
}

// nearestCode suggests the AWS code nearest to a misspelt one, or lists
// them.
func nearestCode(code string) string {
	best, dist := "", -1
	if len(code) <= 64 {
		for _, c := range awsErrorCodes {
			if len(code) >= 5 && strings.HasPrefix(strings.ToLower(c), strings.ToLower(code)) {
				return fmt.Sprintf("; did you mean %q?", c) // the code without "Exception"
			}
			if d := nearest.Distance(strings.ToLower(code), strings.ToLower(c)); dist < 0 || d < dist {
				best, dist = c, d
			}
		}
	}
	if dist >= 0 && dist <= max(3, len(code)/3) {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; want " + strings.Join(awsErrorCodes, ", ") + ", or a rolemapping. code of the library"
}
