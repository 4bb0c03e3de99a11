// Package iac imports identity pools from infrastructure as code — a
// CloudFormation template (hand-written, or what `cdk synth` writes) or the
// JSON `terraform show -json` prints for a plan or a state — as the pool
// documents of package rolemap, so that validation, lint, resolution and
// case files work on the pool before it is deployed. rolemap/REFERENCE.md §7 is the
// contract; this package builds only on rolemap's public API and the
// standard library.
//
//	res, err := iac.CloudFormation(template, iac.WithBindings(map[string]string{"AWS::Region": "eu-west-1"}))
//	pool, err := res.Pool("")                 // the only pool, or name it
//	resolver, err := rolemap.Compile(pool)
//
// A case file may name its source instead of a pool (rolemap/REFERENCE.md §7.3), and
// rolemaptest.RunFile and RunDir import it:
//
//	{"source": {"cloudformation": "../cdk.out/AuthStack.template.json"},
//	 "bindings": {"AWS::Region": "eu-west-1"},
//	 "cases": [ … ]}
//
// # Where in the file
//
// Each *Error carries the line and column of its member, and
// [Result.OriginPath] maps a field of an imported pool (the diag.Path a
// validation error or lint finding has) to the path of the template or
// plan member it comes from — the attachment's rule, the pool's property —
// so a tool reports a finding at the line the author edits (a diag.Source
// of the file places it, [Result.Places] for a YAML template or Terraform
// configuration; the rolemap command's lint does). Paths are followed step
// by step, never printed and read back: a key too long to print whole
// still names its member.
//
// # YAML templates
//
// Package iac reads JSON, so that a service importing it depends on no
// parser library. The module github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml
// reads YAML templates, short forms (!Ref, !GetAtt, !Sub…) included; a
// program that imports it, for its effect, has [CloudFormation] read a YAML
// template as its JSON twin, with every *Error and every
// [Result.Places] at the YAML's lines (the rolemap command does):
//
//	import _ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml"
//
// Other syntaxes can register the same way ([RegisterTemplateFormat]).
//
// # Terraform configuration
//
// The module github.com/rolemapping/rolemapping/rolemap/iac/tfconfig reads
// a folder of *.tf without a plan, provider or credentials; a program that
// imports it, for its effect, has [TerraformConfig] read a configuration as
// [Terraform] reads the plan made from it, with every *Error and every
// [Result.Places] at a .tf file's line ([Error.File], [Position.File])
// and its `# rolemap:ignore` comments in [Result.Suppressions]:
//
//	import _ "github.com/rolemapping/rolemapping/rolemap/iac/tfconfig"
//
// # What the file cannot know
//
// IDs and ARNs exist only once deployed. Each one the pool needs comes from
// the caller's bindings ([WithBindings]) or, failing that, from a
// documented, deterministic placeholder (rolemap/REFERENCE.md §7.1 and §7.2 list them: a
// role's ARN from its name and path, a user pool's ID from its logical ID
// or resource name, an identity pool's ID from a hash of its name). A
// binding always wins — also for a resource the template does not define
// (one of another stack), as the error for it suggests — and placeholders built from a bound ID follow it.
// [Result] lists every binding used and every placeholder made, so a test
// can print them; what neither can give is an [*Error] naming its JSON path
// and the binding that would resolve it, and every one of a file is
// reported at once.
//
// The pseudo parameters AWS::Region, AWS::AccountId and AWS::Partition are
// the exception to fixed defaults: a CloudFormation template from a CDK
// stack bound to an environment writes its region into user pool provider
// names ("cognito-idp.eu-west-1." joined with the rest) and its account
// into ARNs, while Ref AWS::Region stays a reference. When the caller binds
// none and the template states exactly one value, the import uses it and
// lists it in [Result.Inferred]; when it states several, the fixed default
// stays and [Result.Conflicts] lists what it saw, so that a placeholder
// never disagrees with a literal of the same template and manufactures a
// finding AWS would not make.
//
// # Decisions beyond rolemap/REFERENCE.md §7
//
// CloudFormation:
//
//   - A number or boolean where a string goes is written as text (3 →
//     "3"); AllowUnauthenticatedIdentities and ServerSideTokenCheck take
//     true, false, "true" or "false", as CloudFormation does.
//   - A parameter of type CommaDelimitedList or List<…> is a list, its
//     value split on commas and trimmed; Fn::FindInMap takes the optional
//     fourth argument {"DefaultValue": …}.
//   - Pseudo parameters beyond the five of rolemap/REFERENCE.md §7.1 (AWS::StackId,
//     AWS::NotificationARNs) need a binding. In Fn::Sub, ${AWS::Region} is
//     the pseudo parameter, and ${A.B} otherwise Fn::GetAtt.
//   - An attachment belongs to the pool its IdentityPoolId names by Ref or
//     Fn::GetAtt Id; failing that, to the pool whose ID equals its value
//     (both bound alike); failing that, it is a pool of its own.
//   - Conditions are evaluated once each; a condition that refers to
//     itself, and a resource property a placeholder needs that refers back
//     to the same property (RoleName: !GetAtt Self.Arn), are errors.
//   - A value longer than 1 MiB (Fn::Join, Fn::Sub) is an error, and so is
//     a template whose Fn::Join, Fn::Sub and Fn::Split build more than
//     64 MiB in all (each use of a value is built anew, so a long parameter
//     split in many places would cost its length times its uses); templates
//     over 16 MiB are refused. Only the properties of identity pools and
//     attachments are evaluated, and what they reach, so CDK's bootstrap
//     rule and parameter are never read.
//   - Error paths name intrinsic functions as members
//     (…Roles.authenticated.Fn::GetAtt): rolemap/REFERENCE.md §7.1 brackets only keys
//     holding "." or "[".
//   - Mappings hold strings and lists of strings, as AWS requires: an
//     intrinsic function, an object or a number inside Mappings is an
//     error naming its path, reported when Fn::FindInMap reads it.
//   - The template's evaluation has a budget of steps (one per intrinsic
//     function applied, about a million plus four per byte of the
//     template); a template that spends it is an error, never a stall.
//   - At most 100 errors are listed, with a count of the rest; each quotes
//     at most 200 bytes of a long value (512 of a key), then its length.
//
// Terraform:
//
//   - A format_version whose major version is not 1 is refused, as
//     Terraform's documentation asks of readers; data resources are skipped.
//   - A list or map attribute (openid_connect_provider_arns, roles) has one
//     configuration expression for all its elements: when it refers to
//     exactly one attribute, that attribute resolves every unknown element;
//     when it refers to several, only bindings by attribute path do.
//   - A module's input variable (var.X) stands for what its module call
//     gives X, so a binding can name the attribute the caller refers to
//     (module.roles.ops_arn), however deep the module.
//   - An attachment belongs to the pool whose id equals its
//     identity_pool_id (a state, or a pool that already exists), else to
//     the pool its expression refers to (a plan).
//   - An aws_iam_role whose name is unknown (name_prefix) takes its
//     resource name in its ARN placeholder. Every member the importer reads
//     that is known only after apply, a boolean, a map, a list or a nested
//     block as much as a string, is resolved by a binding by its attribute
//     path or is an error naming it; none is read as false, empty or
//     absent. A map or list unknown as a whole is an error (not even its
//     keys or length are known) unless bindings of its elements
//     (ADDRESS.roles["authenticated"], ADDRESS.saml_provider_arns[0]) give them.
//   - A reference to an instance of a resource with count or for_each
//     (aws_cognito_user_pool.main[0].endpoint,
//     aws_cognito_user_pool_client.app["web"].id) resolves as rolemap/REFERENCE.md §7.2
//     resolves an unindexed one: to that instance's binding by its full
//     address, or its placeholder. An index computed from another
//     expression (aws_x.y[var.i]) cannot be followed and is ignored.
//   - Every module, expression, variable and placeholder is resolved once,
//     so an import costs time linear in the document, whatever the depth of
//     the modules' variables.
//
// Both:
//
//   - Imported pools have known provider configuration (absent lists are
//     empty), except a pool made from an attachment alone.
//   - Pool names are logical IDs or resource addresses (with module path
//     and index key, module.auth.aws_cognito_identity_pool.env["prod"]).
//   - Credentials (rolemap/REFERENCE.md §7.5): user pool groups (AWS::Cognito::UserPoolGroup,
//     aws_cognito_user_group) and memberships
//     (AWS::Cognito::UserPoolUserToGroupAttachment, aws_cognito_user_in_group)
//     become Result.UserPools; the trust policies of the roles a pool can
//     choose (AWS::IAM::Role AssumeRolePolicyDocument with its intrinsics
//     evaluated, aws_iam_role assume_role_policy, a JSON string) become
//     Result.Roles, and so do those of the roles no pool chooses whose
//     trust policy names the identity pools' principal
//     (cognito-identity.amazonaws.com, or "*"), which the basic flow
//     reaches; other roles are not read, and a plan's policy known only
//     after apply is read from its binding alone. Principal tag
//     maps (AWS::Cognito::IdentityPoolPrincipalTag,
//     aws_cognito_identity_pool_provider_principal_tag) become the pool's
//     PrincipalTagAttributeMaps, an absent UseDefaults reading as false in
//     CloudFormation and as true, the provider's default, in Terraform.
//     Origin places UserPools["ID"].Groups[i] at the group's resource,
//     UserPools["ID"].Users["name"] at the user's first membership and
//     roles["ARN"].AssumeRolePolicyDocument… inside the role's policy.
//   - Access (rolemap/REFERENCE.md §7.5, §12): for each user pool a pool's
//     CognitoIdentityProviders names, its Schema, AdminCreateUserConfig,
//     UserAttributeUpdateSettings, LambdaConfig (the pre token generation
//     trigger) and UsernameAttributes (AWS::Cognito::UserPool,
//     aws_cognito_user_pool's blocks), its app clients' ReadAttributes,
//     WriteAttributes and SupportedIdentityProviders by client ID
//     (AWS::Cognito::UserPoolClient, aws_cognito_user_pool_client) and its
//     identity providers' ProviderType and AttributeMapping by ProviderName
//     (AWS::Cognito::UserPoolIdentityProvider, whose Ref is its
//     ProviderName; aws_cognito_identity_provider) become members of
//     Result.UserPools; Origin places them at the properties they come
//     from. A Terraform pool without allow_classic_flow has
//     AllowClassicFlow false, the provider's default, which it always
//     sends; a CloudFormation pool without it leaves it absent.
package iac
