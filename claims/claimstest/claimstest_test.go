package claimstest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rolemapping/rolemapping/claims"
	"github.com/rolemapping/rolemapping/claims/claimstest"
)

// TestUserPool: another pool's key never verifies, and a closed pool's key
// set is unavailable to a verifier that has not fetched it yet.
func TestUserPool(t *testing.T) {
	up, err := claimstest.NewUserPool("eu-west-1", "eu-west-1_AbC123")
	if err != nil {
		t.Fatal(err)
	}
	other, err := claimstest.NewUserPool("eu-west-1", "eu-west-1_AbC123")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	v, err := up.Verifier(claims.CognitoConfig{ClientIDs: []string{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := other.Sign(other.IDToken("c", "mallory", nil, time.Now()))
	if _, _, err := v.Verify(context.Background(), forged); err == nil {
		t.Error("a token of another pool's key verified")
	}
	tok, _ := up.Sign(up.IDToken("c", "alice", nil, time.Now()))
	cold, err := up.Verifier(claims.CognitoConfig{ClientIDs: []string{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	up.Close()
	if _, _, err := v.Verify(context.Background(), tok); err != nil {
		t.Errorf("with the keys cached, after Close: %v", err)
	}
	if _, _, err := cold.Verify(context.Background(), tok); !errors.Is(err, claims.ErrKeysUnavailable) {
		t.Errorf("after Close: %v; want ErrKeysUnavailable", err)
	}
}
