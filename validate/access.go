package validate

import (
	"encoding/json"
	"maps"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
)

// This file holds the types of the access analysis (see "Access analysis"
// in the package documentation): for every role a deployment names, who
// can obtain credentials for it, by which flow, under which conditions,
// with a witness request.

// The codes of the access analysis' findings.
const (
	// CodeClassicFlowEnabled: AllowClassicFlow is true, or absent in a
	// pool without role mappings.
	CodeClassicFlowEnabled = "classic-flow-enabled"
	// CodeClassicFlowExposesRole: an identity reaches a role by the basic
	// flow that the enhanced flow never gives it.
	CodeClassicFlowExposesRole = "classic-flow-exposes-role"
	// CodeGuestAccess: the pool gives credentials to guests.
	CodeGuestAccess = "guest-access"
	// CodeUserWritablePrincipalTag: a principal tag comes from a claim the
	// user can set.
	CodeUserWritablePrincipalTag = "user-writable-principal-tag"
	// CodeClaimNotReadable: a rule or tag reads a claim the app client
	// never puts in the ID token.
	CodeClaimNotReadable = "claim-not-readable"
	// CodeSelfSignupGrantsRole: anyone can sign up and reach a role.
	CodeSelfSignupGrantsRole = "self-signup-grants-role"
	// CodeCustomRoleChoice: an identity entitled to several roles picks
	// any of them with CustomRoleArn.
	CodeCustomRoleChoice = "custom-role-choice"
)

// Flow is how credentials are obtained.
type Flow string

const (
	// FlowEnhanced: GetId, then GetCredentialsForIdentity; the pool
	// chooses the role.
	FlowEnhanced Flow = "enhanced"
	// FlowBasic: GetOpenIdToken (or GetOpenIdTokenForDeveloperIdentity),
	// then sts:AssumeRoleWithWebIdentity; the caller names the role and
	// only its trust policy decides.
	FlowBasic Flow = "basic"
)

// Certainty says how sure a path is.
type Certainty string

const (
	// Certain: every step is AWS's documented behaviour or the project's
	// decision, the deployment holds every input, and the witness
	// reproduces the path.
	Certain Certainty = "certain"
	// Possible: the path rests on an unknown, named in the path's Why.
	Possible Certainty = "possible"
)

// The unknowns a path may rest on (see "Access analysis" in the package
// documentation).
const (
	UnknownTrustUnverified   = "trust-unverified"
	UnknownClassicFlowUnset  = "classic-flow-unset"
	UnknownDeveloperBasic    = "developer-basic-flow"
	UnknownBasicFlowWithTags = "basic-flow-with-tags"
	UnknownGroups            = "groups-unknown"
	UnknownReadability       = "readability"
	UnknownPreTokenTrigger   = "pre-token-trigger"
	UnknownProviders         = "providers-unknown"
	UnknownUserPool          = "user-pool-unknown"
)

// Controllers of a claim: who decides its value.
const (
	ControllerUser      = "user"    // the user writes it
	ControllerUserMaybe = "user?"   // the user possibly writes it
	ControllerAdmin     = "admin"   // administrators set it (groups, admin-only attributes)
	ControllerIdP       = "idp"     // an external identity provider asserts it
	ControllerCognito   = "cognito" // fixed by the identity kind
)

// AccessReport is the answer of the access analysis for one identity pool.
type AccessReport struct {
	IdentityPoolID string `json:"identityPoolId"`
	// Complete is true when Unknowns names no unknown.
	Complete bool `json:"complete"`
	// Unknowns lists what the analysis could not know: the ids of the
	// unknowns its paths rest on, and sentences about the deployment as a
	// whole (other roles of the account may trust the pool too).
	Unknowns []Unknown `json:"unknowns"`
	// Identities are the identity kinds, by mapping key (guest,
	// ProviderName:ClientId, developer:NAME, …).
	Identities []string `json:"identities"`
	// Roles are every role the deployment names, by ARN.
	Roles []RoleAccess `json:"roles"`
	// Findings are the access findings, in Lint's order.
	Findings []AccessFinding `json:"findings"`
}

// AccessFinding is a finding of the access analysis with the witness of
// the path it is about (nil for a finding about no path). Its JSON form is
// {"code", "severity", "path", "message", "fix", "related", "witness"}.
type AccessFinding struct {
	Finding
	Witness *PathWitness
}

// MarshalJSON writes the finding with lower-case members and its severity.
func (f AccessFinding) MarshalJSON() ([]byte, error) {
	var related []string
	for _, r := range f.Related {
		related = append(related, r.String())
	}
	return json.Marshal(struct {
		Code     string       `json:"code"`
		Severity string       `json:"severity"`
		Path     string       `json:"path"`
		Message  string       `json:"message"`
		Fix      string       `json:"fix,omitempty"`
		Related  []string     `json:"related,omitempty"`
		Witness  *PathWitness `json:"witness,omitempty"`
	}{f.Code, accessSeverity(f).String(), f.Path.String(), f.Message, f.Fix, related, f.Witness})
}

// Unknown is one thing the analysis could not know.
type Unknown struct {
	// ID is one of the Unknown constants; "" for a note about the
	// deployment that no path rests on.
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
}

// RoleAccess is who can obtain one role.
type RoleAccess struct {
	ARN string `json:"arn"`
	// Trust says whether the role's trust policy was read: "verified",
	// "unverified" (not in the deployment) or "unsupported" (outside what
	// the evaluator reads).
	Trust string `json:"trust"`
	Paths []Path `json:"paths"`
}

// Path is one way to credentials for a role: a flow and an identity kind.
type Path struct {
	Flow     Flow   `json:"flow"`
	Identity string `json:"identity"`
	// Via lists every way the path arises: "default-role", "rule 3",
	// "token", "ambiguous", "saml", "custom-role", "trust".
	Via       []string  `json:"via"`
	Certainty Certainty `json:"certainty"`
	// Why names the unknowns a possible path rests on.
	Why        []string    `json:"why"`
	Conditions []Condition `json:"conditions"`
	// ScopedDown is true on enhanced guest paths: AWS intersects the
	// role's permissions with its guest session policy.
	ScopedDown bool `json:"scopedDown"`
	// Tags are the principal tags the path sets: tag key → source claim.
	Tags map[string]string `json:"tags"`
	// Selectable are, for users a user pool lists, the roles each may pick
	// with CustomRoleArn: username → role ARNs.
	Selectable map[string][]string `json:"selectable"`
	Witness    PathWitness         `json:"witness"`
}

// Condition is one claim the witness must carry, its test and who controls
// it.
type Condition struct {
	Claim      string `json:"claim"`
	Test       string `json:"test"`
	Controller string `json:"controller"`
}

// PathWitness is a request that reproduces a path: an enhanced witness
// resolves to the role as a case does; a basic witness is allowed by the
// role's trust policy with its aud and amr and no tags.
type PathWitness struct {
	Flow          Flow           `json:"flow"`
	Login         string         `json:"login"`
	Claims        map[string]any `json:"claims"`
	CustomRoleArn string         `json:"customRoleArn,omitempty"`
	// RoleArn and AMR are a basic witness's: the role named to STS and
	// the token's amr.
	RoleArn string   `json:"roleArn,omitempty"`
	AMR     []string `json:"amr,omitempty"`
	// IdentityID is the identity ID the trust check sees (the sub key);
	// empty for an enhanced witness means the placeholder the credentials
	// check derives from the pool, login and sub.
	IdentityID string `json:"identityId,omitempty"`
	// DeveloperUserID and DeveloperTags are a developer identity's user
	// identifier and the principal tags its backend passes.
	DeveloperUserID string            `json:"developerUserId,omitempty"`
	DeveloperTags   map[string]string `json:"developerTags,omitempty"`
}

// Request returns the credentials request of an enhanced witness, to
// replay with [credentials.Checker.Get]: it gives the path's role (or
// rolemapping.UnknownRole when the role's trust is not verified).
func (w PathWitness) Request() credentials.Request {
	return credentials.Request{
		Request:                rolemap.Request{Login: w.Login, Claims: maps.Clone(w.Claims), CustomRoleARN: w.CustomRoleArn},
		IdentityID:             w.IdentityID,
		DeveloperUserID:        w.DeveloperUserID,
		DeveloperPrincipalTags: maps.Clone(w.DeveloperTags),
	}
}
