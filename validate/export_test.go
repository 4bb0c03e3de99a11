package validate

import "github.com/rolemapping/rolemapping/internal/tally"

// Compiles is how many pools the package has compiled.
func Compiles() int64 { return tally.Compiles.Load() }

// CredentialsTried is how many requests DiffCredentials has resolved on
// both sides.
func CredentialsTried() int64 { return credentialsTried.Load() }
