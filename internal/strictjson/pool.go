package strictjson

// Pool is the schema of a pool document (package rolemap): AWS's member names, read
// loosely, since AWS ignores members it does not know; only near misses of
// its names are reported. A RoleMappings entry with an IdentityProvider
// member is flagged: that is the CloudFormation shape, whose key is not the
// provider.
var Pool = func() *Schema {
	rule := &Schema{Loose: true, Members: map[string]*Schema{
		"Claim": nil, "MatchType": nil, "Value": nil, "RoleARN": nil,
	}}
	mapping := &Schema{Loose: true, Members: map[string]*Schema{
		"Type": nil, "AmbiguousRoleResolution": nil,
		"RulesConfiguration": {Loose: true, Members: map[string]*Schema{"Rules": {Items: rule}}},
	}, Flagged: map[string]string{
		"IdentityProvider": "a CloudFormation member: AWS's RoleMappings are keyed by the provider itself, so this mapping is keyed by its CloudFormation name, which no login carries; key it by the IdentityProvider's value, or import the template (rolemap/iac)",
	}}
	provider := &Schema{Loose: true, Members: map[string]*Schema{"ProviderName": nil, "ClientId": nil, "ServerSideTokenCheck": nil}}
	return &Schema{Loose: true, Members: map[string]*Schema{
		"IdentityPoolId": nil, "IdentityPoolName": nil, "AllowUnauthenticatedIdentities": nil, "AllowClassicFlow": nil,
		"SupportedLoginProviders": {Any: true}, "DeveloperProviderName": nil, "OpenIdConnectProviderARNs": nil,
		"CognitoIdentityProviders": {Items: provider}, "SamlProviderARNs": nil, "IdentityPoolTags": {Any: true},
		"Roles": {Any: true}, "RoleMappings": {Values: mapping},
		"PrincipalTagAttributeMaps": {Items: &Schema{Loose: true, Members: map[string]*Schema{
			"IdentityPoolId": nil, "IdentityProviderName": nil, "UseDefaults": nil, "PrincipalTags": {Any: true},
		}}},
		// A deployment document (what rolemap import writes) adds the
		// roles' trust policies and the user pools, as a case file's
		// members; their readers check them.
		"roles": {Any: true}, "userPools": {Any: true},
	}}
}()
