// Package tfconfig reads Terraform configuration — the *.tf files of a
// folder, without a plan, a provider download or cloud credentials — for
// package iac: importing it, for its effect,
//
//	import _ "github.com/rolemapping/rolemapping/rolemap/iac/tfconfig"
//
// makes iac.TerraformConfig (and with it rolemap lint, explain, diff,
// import and test, and a case file's "source": {"terraform": "DIR"}) read
// a configuration folder, or one of its .tf files, as iac.Terraform reads
// the plan made from it: the same pools, trust policies, user pool groups
// and principal tag maps, with every error and finding placed at the .tf
// file, line and column (in code points) it is about. It is a module of
// its own so that the packages services import depend on no HCL parser;
// it parses with github.com/hashicorp/hcl/v2 and evaluates with
// github.com/zclconf/go-cty.
//
// # How
//
// The configuration is evaluated into the JSON that `terraform show
// -json` prints for a plan (planned_values, resource_changes'
// after_unknown and configuration's expressions), and package iac's
// Terraform importer reads it, so that the two readers cannot drift apart;
// a map from each place of that JSON to its .tf position places what the
// importer reports. The resources written are those the importer reads
// (aws_cognito_identity_pool, aws_cognito_identity_pool_roles_attachment,
// aws_cognito_user_group, aws_cognito_user_in_group,
// aws_cognito_identity_pool_provider_principal_tag, aws_iam_role, and the user
// pools' aws_cognito_user_pool, aws_cognito_user_pool_client and
// aws_cognito_identity_provider);
// anything else is evaluated only as far as they refer to it.
//
// # What is evaluated
//
//   - The root module's variables: the binding var.NAME, else the last of
//     terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
//     *.auto.tfvars.json (these in lexical order) that sets it, else its
//     default, converted to its type; a variable with none of them is an
//     error naming the binding var.NAME. Environment variables
//     (TF_VAR_NAME) are not read, so that a result does not depend on
//     the shell: bind var.NAME. A binding for a
//     variable of a type other than string is read as an HCL value
//     (--bind 'var.envs=["dev"]'), as terraform -var reads it.
//   - Locals, count and for_each (count.index, each.key, each.value),
//     dynamic blocks, for expressions, conditionals, string templates and
//     heredocs.
//   - Local child modules (source "./…" or "../…"), their variables,
//     outputs, count and for_each. A module from anywhere else (the
//     registry, git) is not downloaded: its outputs are known only
//     through the binding module.NAME.OUTPUT.
//   - Functions: jsonencode, jsondecode, format, formatlist, join, split,
//     replace, lower, upper, trim…, concat, merge, lookup, element,
//     length, keys, values, contains, distinct, flatten, coalesce,
//     compact, toset, tolist, tomap, tostring, tonumber, tobool, range,
//     zipmap, setunion, setproduct, slice, sort, reverse, min, max,
//     regex, regexall, startswith, endswith, one, try, can, sensitive and
//     nonsensitive (go-cty's standard library under Terraform's names),
//     and file and templatefile, which read a file (at most 1 MiB) relative to the root
//     module's folder, as Terraform run there does (path.module of a child
//     module is relative to it). They read only regular files inside the
//     configuration's folder or a local module's folder, after following
//     symbolic links: an absolute path (/proc/self/environ), a path out of
//     the folder (../secret.txt), a link that leads out of it, a named pipe
//     or a device is an error at the call naming the file, so that nothing
//     outside the configuration reaches a pool or what rolemap prints of
//     it; bind the attribute that uses it instead. Any other function (timestamp, uuid,
//     base64encode…) is not evaluated: its result is unknown, an error
//     naming the function only where a pool needs it (a tag that calls
//     timestamp() is no error).
//   - Data sources: aws_iam_policy_document renders its json as the aws
//     provider does (Version 2012-10-17 unless given, Sid, Effect Allow
//     unless given, a set of one value written as the value and of several
//     sorted in reverse, principals merged by type, conditions by test and
//     variable); aws_region (name, region, id), aws_caller_identity
//     (account_id, id) and aws_partition (partition, dns_suffix) are the
//     bindings AWS::Region, AWS::AccountId and AWS::Partition with package
//     iac's defaults (us-east-1, 123456789012, the region's partition). A
//     document with source or override documents, and any other data
//     source's attribute, is known only through its binding
//     (data.TYPE.NAME.ATTR).
//   - Attributes known only after apply: a resource's own arguments are
//     its values; an identifier the provider computes takes its binding
//     (ADDRESS.ATTR, such as aws_iam_role.admin.arn) or the placeholder
//     package iac gives it in a plan (a role's ARN from its path and name,
//     a user pool's id, endpoint and ARN, an app client's id, an identity
//     pool's id, a SAML or OIDC provider's ARN; for an instance of count or
//     for_each, its name followed by _ and its key). Anything else a pool
//     needs that is known only after apply is the importer's error naming
//     the attribute path and what it refers to, at the .tf line.
//   - The aws provider block is not read: its region is not AWS::Region
//     (a plan does not state it either); bind AWS::Region.
//   - Optional arguments the plan would state with the provider's default
//     (allow_unauthenticated_identities and allow_classic_flow false,
//     server_side_token_check false, a role's path "/").
//
// Where a plan's importer can only bind, the configuration can sometimes
// say more: each element of a map or list is matched to what its own
// expression refers to (roles = {authenticated = aws_iam_role.a.arn,
// unauthenticated = aws_iam_role.b.arn} resolves both, where a plan
// lists both references for the whole map), and a reference through a
// local, a module variable or an index expression (aws_iam_role.r[each.key])
// is followed to the instance it is. When both readers resolve a value,
// they give the same one.
//
// # Suppressions
//
// A comment `# rolemap:ignore CODE reason` (or `// …`) on the lines
// directly above a resource block of a type the importer reads suppresses
// that code's findings about the resource (iac.Result.Suppressions, by
// instance address); the rolemap command checks each as a config file's
// ignores (an exact code, a reason to suppress an error) and counts what
// it suppressed.
//
// # What is refused
//
// Override files (override.tf, *_override.tf) and configuration in JSON
// syntax (*.tf.json) are errors: give a plan instead. A reference to a
// resource, local, variable or module that does not exist, a cycle, a
// count or for_each known only after apply, a variable with no value: each
// is an error at its file, line and column, naming
// the binding that resolves it where one does; at most 100 are reported,
// then a count.
//
// # Bounds
//
// A read is bounded whatever the configuration: at most iac.MaxFileSize
// bytes of .tf files in all; brackets nested at most 200 deep (checked
// before the parser sees a file); at most 4096 resource instances made by
// count and for_each and 64 module instances, 8 modules deep; at most a
// million expressions evaluated; no value longer than 1 MiB and 64 MiB
// built in all; range, setproduct and format's widths bounded; and one
// budget of 262,144 elements per read that every element a for
// expression iterates and every element a function builds (range,
// concat, split…) spends, counted as they are evaluated, so that for
// expressions nested inside each other, whose work multiplies, stop at
// the element that crosses it. Past a bound, the read stops with an
// error at the place that crossed it.
// TestHostileBounded holds each to a counted amount of memory.
package tfconfig
