package claimstest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/claims/claimstest"
)

// A fake user pool signs a token that the real verifier accepts, offline.
func ExampleUserPool() {
	up, err := claimstest.NewUserPool("eu-west-1", "eu-west-1_AbC123")
	if err != nil {
		log.Fatal(err)
	}
	defer up.Close()
	v, err := up.Verifier(claims.CognitoConfig{ClientIDs: []string{"client1"}})
	if err != nil {
		log.Fatal(err)
	}
	token, err := up.Sign(up.IDToken("client1", "alice", []string{"admins"}, time.Now()))
	if err != nil {
		log.Fatal(err)
	}
	login, c, err := v.Verify(context.Background(), token)
	fmt.Println(login, c["cognito:username"], c["cognito:groups"], err)
	// Output: cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123 alice [admins] <nil>
}
