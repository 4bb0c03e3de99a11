// Package reference is a slow, plain evaluator of the role-mapping
// specification (rolemap/REFERENCE.md §2–§4), written for clarity and kept apart from the
// fast resolver and validator of package rolemap, so that property tests and
// fuzz targets can check one against the other.
//
// It shares no code with rolemap's resolver or validator: it uses only the
// model types of package rolemap, the constants of internal/spec and the
// number formatting of internal/jsnum. Where the fast path precomputes,
// indexes and avoids allocations, this package reads the pool document as
// it is on every call: it builds a mapping's key by concatenation and looks
// it up, writes every claim value as a string and then compares strings,
// and walks the provider lists one by one.
//
// # Domain
//
// [Resolve] takes claims in the shapes a decoded token or SAML assertion
// has: encoding/json's (float64 numbers, []any arrays, map[string]any
// objects), json.Number, []string lists, and Go integer and float values as
// numbers. Any other Go value cannot be compared (see below). [Validate]
// takes any pool.
//
// # Readings of the specification
//
// Where the reference (rolemap/REFERENCE.md) leaves a detail open, this package reads it as follows.
//
//   - A claim holding JSON null is absent, for the iss check as for the
//     rules (rolemap/REFERENCE.md §4 says null is absent).
//   - "Exactly one role" (Token mappings, SAML) counts distinct non-empty
//     role ARNs: ["A", "A"] is one role, and "" is never a role.
//   - The comma-separated forms (cognito:roles as a string, a SAML Role
//     value) are trimmed of white space around each item.
//   - A SAML Role value is a pair when it splits on "," into exactly two
//     halves, exactly one of which contains ":role/" while the other is not
//     empty.
//   - A number with no finite IEEE-754 double (a json.Number such as
//     1e400), or a value of another Go type, cannot be compared: a rule that
//     reads it refuses the request with a NotAuthorizedException whose
//     message is left open, as package rolemap does.
//
// Error messages are checked where the reference fixes their text; elsewhere
// [Result].Message is empty and [Agrees] accepts any message.
package reference
