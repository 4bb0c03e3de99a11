// Package casefile reads, checks and reports case files: JSON documents
// that pin the decisions a Cognito identity pool must make, for requests
// written by hand. It is the runner behind the rolemap command's test
// subcommand and behind rolemaptest.RunDir, and it imports neither package
// testing nor any test library, so a program can link it.
//
// # Case files
//
// A case file is one JSON object: a pool ("pool", the document of
// DescribeIdentityPool and GetIdentityPoolRoles or a deployment document,
// or "source", a CloudFormation template, terraform show -json output or
// deployment document it is read from; a relative path is relative to the
// case file), optionally the paths validation must reject ("invalid"), the rules
// the linter must find unreachable ("unreachable") or every lint finding
// ("findings", as "CODE PATH" strings) or who can obtain each role
// ("access", see "Access" below), and "cases", each a request (login,
// claims, customRoleArn) and the role or error it must get ("want"). A file
// must check something: a file with no case and no list is an error, so
// that it cannot pass silently.
//
// [ParseFile] reads a file, [File.Load] imports its source, [Check] checks
// it and returns a [Report]; [CheckFile] does the three for a path, and
// [CheckDir] for every case file under a folder ([FindCaseFiles]).
//
// # Strict reading
//
// A test that passes whatever its expectations say is worse than none, so
// case files are read strictly:
//
//   - a member the format does not know, anywhere outside claims, is an
//     error naming its path, line and column and the nearest known name
//     (cases[3].clams (line 41, column 7): unknown member; did you mean
//     "claims"?); so is, in the pool, a near miss of an AWS member name
//     (RoleMapings, type, Rule) and a mapping's CloudFormation
//     IdentityProvider member, though AWS and rolemap.ParsePool ignore
//     unknown members;
//   - a syntax error names its line and column, and data after the
//     top-level object is an error;
//   - every problem of a file is reported at once, and every failure names
//     the file and the case.
//
// Each case is resolved twice, with and without a trace, and the two
// decisions must agree: the untraced path is the one services run. A
// failing case prints the request, what was wanted and what was got, and
// the decision's explanation with its rule trace (rolemap.Explain).
// Failure text is the same on every run: lists are compared as sets and
// their difference written sorted, one item a line.
//
// # Credentials
//
// A case file can also answer whether a user gets credentials (package
// rolemap/credentials). Its "userPools" member holds user pools' groups
// and users by user pool ID ({"Groups": the output of aws cognito-idp
// list-groups, "Users": {name: [group…]}}), and its "roles" member the
// roles' trust policies, by ARN ({ARN: {"AssumeRolePolicyDocument": …}})
// or as a list of IAM Role objects; a template or plan named by "source"
// gives both from its resources, and the file's own entries win. A case
// may then name a "user" or "groups" instead of writing cognito:groups,
// cognito:roles and cognito:preferred_role, and want "tags" (the exact
// principal tags; with a refusal, those STS was asked for) or a trust
// refusal (error InvalidIdentityPoolConfigurationException with its
// "reason", such as trust-tag-session); want "claims" pins the claims the
// groups gave. When "roles" is given every case runs the trust check. A
// case that both writes a group claim and names a user or groups is an
// error with the code [CodeCaseFile].
//
// # Deployment documents
//
// A deployment is a pool with what decides its credentials: its roles'
// trust policies and its user pools. A deployment document is the pool
// document (the AWS CLI's describe-identity-pool and
// get-identity-pool-roles members) plus a case file's "roles" and
// "userPools" members; rolemap import writes one for each pool of a
// template or plan ([DeploymentDocument]), and [ParseDeployment] reads it
// back. A case file can embed it as its "pool", or name it as its source
// ({"source": {"deployment": "pool.json"}}); its trust policies and user
// pools then apply, and the file's own "roles" and "userPools" entries win.
// Read back, the document gives the same lint findings, decisions,
// credentials and case results as the template it was imported from. A
// bare pool document is a deployment without trust policies or user pools.
//
// # Access
//
// A case file's "access" member pins who can obtain each role, by every
// path the access analysis finds (validate.Access): for each role ARN, the
// list of its paths, each {"flow": "enhanced" or "basic", "identity": the
// identity kind as the report names it (guest, a mapping key such as
// accounts.google.com or PROVIDER:CLIENT, developer:NAME), "certainty":
// "certain" or "possible"}:
//
//	"access": {
//	  "arn:aws:iam::111122223333:role/Export": [
//	    {"flow": "basic", "identity": "accounts.google.com", "certainty": "certain"}],
//	  "arn:aws:iam::111122223333:role/Admin": []
//	}
//
// Each listed role's paths must be exactly the list, as a set ([] means no
// path reaches the role); roles the file does not list are not checked,
// and a listed role the deployment does not name fails, so that a
// misspelt ARN cannot pass with []. The check is the file's "access"
// result; its failure lists, per role, the paths wanted and not found and
// those found and not wanted, sorted, then the role's paths with their
// ways, unknowns and witnesses. The member is read strictly, as the rest
// of the file: an unknown member of a path, a flow or certainty outside
// the two words, a path without an identity and a path (flow and
// identity) listed twice for one role are errors.
//
// # Unverified trust
//
// A template usually defines some of the roles its pool chooses and refers
// to others by ARN (roles made in another stack, group roles). When a file
// gives trust policies ("roles", or a source's roles) but none for the
// role a case's request gets, the role choice and the tags are known and
// the trust is not: package credentials returns rolemapping.UnknownRole.
// A case file says so rather than failing: want.role and want.tags are
// satisfied, the result is marked unverified with the role named
// ([Result.Unverified]), and the reporters count unverified cases per file
// ("ok  file  12 checks (2 unverified: arn:…/Editors has no trust policy;
// give it under "roles")"). A file member "requireTrust": true, or the
// [RequireTrust] option (rolemap test --require-trust), makes such a case
// fail; want.error "rolemapping.UnknownRole" still pins the outcome.
//
// # Folders
//
// [FindCaseFiles] lists the case files under a folder in lexical order. It
// does not search dependency and build folders (node_modules, vendor,
// cdk.out) or dot-folders, and skips JSON files that have none of a case
// file's top-level members (package.json, tsconfig.json), saying which it
// skipped and why.
//
// # Reporters
//
// [WriteText] writes reports as go test does (ok or FAIL per file, a
// --- FAIL line and the explanation per failed check), [WriteJSON] as one
// JSON document ([JSONReport]) and [WriteJUnit] as JUnit XML for CI. Their
// output depends only on the reports: the same files give the same bytes.
package casefile
