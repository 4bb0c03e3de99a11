package claims

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/internal/spec"
)

// MaxTokenSize is the largest token, in bytes, that [Verify] and
// [ParseUnverified] accept, and the largest payload [FromJSON] accepts.
const MaxTokenSize = 64 << 10

var (
	// ErrNoAlgorithms means [Verify] was called without [WithAlgorithms], or
	// with an empty list: the accepted algorithms must always be explicit.
	ErrNoAlgorithms = errors.New("no algorithms allowed")

	// ErrInvalidOption means an option passed to [Verify] is unusable: the
	// "none" algorithm, an algorithm jwt/v5 does not know, an empty issuer or
	// audience, a negative leeway or a nil time function.
	ErrInvalidOption = errors.New("invalid option")

	// ErrTooLarge means the token or payload is longer than [MaxTokenSize].
	ErrTooLarge = errors.New("input too large")

	// ErrCriticalHeader means a token's header has a crit member: it names
	// extensions the verifier must understand, and [Verify] understands
	// none (RFC 7515 §4.1.11).
	ErrCriticalHeader = errors.New("token header has crit, naming extensions this verifier does not understand")

	// ErrWrongType means a token's typ header is not the one [WithType]
	// requires.
	ErrWrongType = errors.New("wrong token type")

	// ErrNotObject means a payload is not exactly one JSON object: it is
	// empty, not valid JSON, not an object (null, an array, a string, ...),
	// or followed by more data.
	ErrNotObject = errors.New("not a JSON object")
)

// FromJSON decodes a raw JSON payload (the decoded body of a token) into a
// claims map. The payload must be exactly one JSON object, at most
// [MaxTokenSize] bytes; anything else is an error wrapping [ErrNotObject] or
// [ErrTooLarge]. Numbers decode as [encoding/json.Number], so no precision is
// lost. On success the map is never nil.
func FromJSON(payload []byte) (map[string]any, error) {
	if len(payload) > MaxTokenSize {
		return nil, fmt.Errorf("claims: payload: %w: %d bytes, limit %d", ErrTooLarge, len(payload), MaxTokenSize)
	}
	m, err := decodeObject(payload)
	if err != nil {
		return nil, fmt.Errorf("claims: payload: %w", err)
	}
	return m, nil
}

// decodeObject decodes data as exactly one JSON object with UseNumber. Its
// errors wrap ErrNotObject and carry no "claims: " prefix.
func decodeObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty input", ErrNotObject)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w: unexpected end of JSON input", ErrNotObject)
		}
		return nil, fmt.Errorf("%w: %w", ErrNotObject, err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: got %s", ErrNotObject, jsonKind(v))
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: trailing data after the object, which ends at byte %d", ErrNotObject, end)
	}
	return m, nil
}

// jsonKind names the JSON type of a value decoded with UseNumber.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// ParseUnverified decodes the payload of a compact JWT (header.payload.signature)
// WITHOUT checking its signature, its algorithm, or any claim such as exp.
//
// ParseUnverified does NOT verify the signature: anyone can forge a token
// that it accepts. Use it only in tests and offline tools, on tokens you
// already trust; never use it on a request path. Use [Verify] there.
//
// The token must be at most [MaxTokenSize] bytes ([ErrTooLarge]), have three
// base64url segments (unpadded), a header that is a JSON object and a payload
// that is exactly one JSON object; otherwise the error wraps
// [jwt.ErrTokenMalformed] (and [ErrNotObject] when a segment is not an
// object). The signature segment may be empty. Numbers decode as
// [encoding/json.Number]. On success the map is never nil.
func ParseUnverified(token string) (map[string]any, error) {
	m, err := parseUnverified(token)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	return m, nil
}

// parseUnverified is ParseUnverified without the "claims: " prefix.
func parseUnverified(token string) (map[string]any, error) {
	if len(token) > MaxTokenSize {
		return nil, fmt.Errorf("token: %w: %d bytes, limit %d", ErrTooLarge, len(token), MaxTokenSize)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: token has %d segments, want 3", jwt.ErrTokenMalformed, len(parts))
	}
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return nil, fmt.Errorf("%w: header is not base64url: %w", jwt.ErrTokenMalformed, err)
	}
	if _, err := decodeObject(header); err != nil {
		return nil, fmt.Errorf("%w: header: %w", jwt.ErrTokenMalformed, err)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("%w: payload is not base64url: %w", jwt.ErrTokenMalformed, err)
	}
	m, err := decodeObject(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %w", jwt.ErrTokenMalformed, err)
	}
	if _, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return nil, fmt.Errorf("%w: signature is not base64url: %w", jwt.ErrTokenMalformed, err)
	}
	return m, nil
}

// FromMapClaims returns m as a claims map. A [jwt.MapClaims] is already
// assignable to map[string]any, so this is only a conversion: the result
// shares m's storage and is not a copy. Its numbers are whatever m holds
// (float64 unless m was parsed with [jwt.WithJSONNumber]).
func FromMapClaims(m jwt.MapClaims) map[string]any {
	return map[string]any(m)
}

// FromSAML converts SAML assertion attributes (name → values) into a claims
// map. An attribute with one value becomes a string; one with several
// becomes an []any of strings, in order; one with no values is omitted, so it
// reads as absent. The result never aliases attrs and is never nil.
func FromSAML(attrs map[string][]string) map[string]any {
	m := make(map[string]any, len(attrs))
	for name, values := range attrs {
		switch len(values) {
		case 0:
			// Omitted: no value reads as absent.
		case 1:
			m[name] = values[0]
		default:
			list := make([]any, len(values))
			for i, v := range values {
				list[i] = v
			}
			m[name] = list
		}
	}
	return m
}

// LoginFromIssuer returns the key of GetCredentialsForIdentity's Logins map
// for a token whose iss claim is iss: iss without a leading "https://". For a
// user pool, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12"
// gives "cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12"; for Google,
// both "https://accounts.google.com" and "accounts.google.com" give
// "accounts.google.com". Nothing else is changed.
func LoginFromIssuer(iss string) string {
	return spec.IssuerLogin(iss)
}
