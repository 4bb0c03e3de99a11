package validate

// AnalyzersBuilt is how many pool analyses (each a compile of a whole pool)
// the package has made.
func AnalyzersBuilt() int64 { return analyzersBuilt.Load() }

// CredentialsTried is how many requests DiffCredentials has resolved on
// both sides.
func CredentialsTried() int64 { return credentialsTried.Load() }
