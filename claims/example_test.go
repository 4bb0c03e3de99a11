package claims_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/rolemap"
)

func ExampleVerify() {
	// In production the key comes from the issuer's JWKS and the clock is
	// the real one; here both are fixed so the output is deterministic.
	secret := []byte("an HMAC secret of at least 32 bytes!")
	issuedAt := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss":            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12",
		"aud":            "client-1",
		"exp":            issuedAt.Add(time.Hour).Unix(),
		"cognito:groups": []string{"admins"},
	}).SignedString(secret)
	if err != nil {
		panic(err)
	}

	keyFunc := func(t *jwt.Token) (any, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, fmt.Errorf("unexpected method %s", t.Method.Alg())
		}
		return secret, nil
	}
	c, err := claims.Verify(token, keyFunc,
		claims.WithAlgorithms("HS256"),
		claims.WithIssuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12"),
		claims.WithAudience("client-1"),
		claims.WithTimeFunc(func() time.Time { return issuedAt.Add(10 * time.Minute) }),
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(claims.LoginFromIssuer(c["iss"].(string)))
	fmt.Printf("%T %v\n", c["exp"], c["exp"])
	fmt.Println(c["cognito:groups"])

	// Two hours later the same token has expired.
	_, err = claims.Verify(token, keyFunc,
		claims.WithAlgorithms("HS256"),
		claims.WithTimeFunc(func() time.Time { return issuedAt.Add(2 * time.Hour) }),
	)
	fmt.Println(err)
	// Output:
	// cognito-idp.us-east-1.amazonaws.com/us-east-1_Ab12
	// json.Number 1735790645
	// [admins]
	// claims: token has invalid claims: token is expired
}

func ExampleParseUnverified() {
	// A token copied from a test fixture. Its signature is NOT checked:
	// never do this with a token from a request.
	const token = "eyJhbGciOiJSUzI1NiJ9." +
		"eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJoZCI6ImV4YW1wbGUuY29tIn0." +
		"c2lnbmF0dXJl"
	c, err := claims.ParseUnverified(token)
	if err != nil {
		panic(err)
	}
	fmt.Println(c["hd"])
	fmt.Println(claims.LoginFromIssuer(c["iss"].(string)))
	// Output:
	// example.com
	// accounts.google.com
}

func ExampleFromJSON() {
	c, err := claims.FromJSON([]byte(`{"sub":"u1","custom:id":12345678901234567890,"score":3.0}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(c["sub"], c["custom:id"], c["score"])

	_, err = claims.FromJSON([]byte(`["not", "an", "object"]`))
	fmt.Println(err)
	// Output:
	// u1 12345678901234567890 3.0
	// claims: payload: not a JSON object: got an array
}

func ExampleFromSAML() {
	c := claims.FromSAML(map[string][]string{
		"https://aws.amazon.com/SAML/Attributes/Role": {
			"arn:aws:iam::111122223333:role/Dev,arn:aws:iam::111122223333:saml-provider/Corp",
		},
		"groups": {"dev", "ops"},
		"empty":  {},
	})
	fmt.Printf("%q\n", c["https://aws.amazon.com/SAML/Attributes/Role"])
	fmt.Printf("%q\n", c["groups"])
	_, ok := c["empty"]
	fmt.Println(ok)
	// Output:
	// "arn:aws:iam::111122223333:role/Dev,arn:aws:iam::111122223333:saml-provider/Corp"
	// ["dev" "ops"]
	// false
}

func ExampleLoginFromIssuer() {
	fmt.Println(claims.LoginFromIssuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Xy9"))
	fmt.Println(claims.LoginFromIssuer("accounts.google.com"))
	// Output:
	// cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Xy9
	// accounts.google.com
}

// A Go service verifies a user pool's ID token and resolves its role: the
// whole path, with a local key set standing in for the user pool's.
func ExampleCognitoVerifier() {
	// The user pool: in production, claims.NewCognitoVerifier fetches its
	// key set from https://cognito-idp.REGION.amazonaws.com/POOL/.well-known/jwks.json.
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	jwks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":%q,"e":"AQAB"}]}`,
			base64.RawURLEncoding.EncodeToString(key.N.Bytes()))
	}))
	defer jwks.Close()
	keys, _ := claims.NewKeySet(claims.KeySetConfig{URL: jwks.URL})

	// The service, once at start-up.
	verifier, err := claims.NewCognitoVerifier(claims.CognitoConfig{
		Region: "eu-west-1", UserPoolID: "eu-west-1_AbC123", ClientIDs: []string{"6m1example"}, KeySet: keys})
	if err != nil {
		log.Fatal(err)
	}
	pool, _ := rolemap.ParsePool([]byte(`{"IdentityPoolId": "eu-west-1:1",
		"CognitoIdentityProviders": [{"ProviderName": "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", "ClientId": "6m1example"}],
		"Roles": {"authenticated": "arn:aws:iam::111122223333:role/Member"},
		"RoleMappings": {"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123:6m1example": {"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
		  "RulesConfiguration": {"Rules": [{"Claim": "cognito:groups", "MatchType": "Equals", "Value": "admins", "RoleARN": "arn:aws:iam::111122223333:role/Admin"}]}}}}`))
	resolver, err := rolemap.Compile(pool)
	if err != nil {
		log.Fatal(err)
	}

	// A request's token, signed here as the user pool would.
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
		"iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123", "aud": "6m1example", "token_use": "id",
		"sub": "5b3f", "cognito:groups": []string{"admins"}, "exp": time.Now().Add(time.Hour).Unix()})
	tok.Header["kid"] = "k1"
	token, _ := tok.SignedString(key)

	// The service, per request.
	login, c, err := verifier.Verify(context.Background(), token)
	if err != nil {
		fmt.Println("401:", err) // errors.Is(err, claims.ErrExpired), claims.ErrWrongAudience, …
		return
	}
	d, err := resolver.Resolve(rolemap.Request{Login: login, Claims: c})
	fmt.Println(rolemap.Explain(d, err))
	// Output:
	// decision: arn:aws:iam::111122223333:role/Admin (rule match: RoleMappings["cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123:6m1example"] rule 0, cognito:groups Equals "admins" -> arn:aws:iam::111122223333:role/Admin)
}
