package claims_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/claims"
)

func TestBearerToken(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   string // "" with an error
	}{
		{name: "Bearer", header: []string{"Bearer abc.def.ghi"}, want: "abc.def.ghi"},
		{name: "scheme in any case", header: []string{"bEaReR abc"}, want: "abc"},
		{name: "spaces after the scheme", header: []string{"Bearer   abc"}, want: "abc"},
		{name: "none", header: nil},
		{name: "two headers", header: []string{"Bearer a", "Bearer b"}},
		{name: "Basic", header: []string{"Basic YWxpY2U6c2VjcmV0"}},
		{name: "no token", header: []string{"Bearer "}},
		{name: "no space", header: []string{"Bearerabc"}},
		{name: "a space inside", header: []string{"Bearer a b"}},
		{name: "a tab inside", header: []string{"Bearer a\tb"}},
		{name: "over MaxTokenSize", header: []string{"Bearer " + strings.Repeat("a", claims.MaxTokenSize+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodGet, "http://example.com/", nil)
			for _, h := range tt.header {
				r.Header.Add("Authorization", h)
			}
			got, err := claims.BearerToken(r)
			switch {
			case tt.want != "" && (err != nil || got != tt.want):
				t.Errorf("BearerToken() = %q, %v; want %q", got, err, tt.want)
			case tt.want == "" && !errors.Is(err, claims.ErrNoToken):
				t.Errorf("BearerToken() = %q, %v; want ErrNoToken", got, err)
			}
		})
	}
}

func TestContext(t *testing.T) {
	if _, ok := claims.FromContext(context.Background()); ok {
		t.Error("FromContext of an empty context found claims")
	}
	c := map[string]any{"sub": "1"}
	got, ok := claims.FromContext(claims.NewContext(context.Background(), c))
	if !ok || got["sub"] != "1" {
		t.Errorf("FromContext() = %v, %v", got, ok)
	}
}
