package credentials_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/rolemap/trust"
)

// cmdTestdata is the command's testdata, whose goldens hold rolemap
// explain's output.
const cmdTestdata = "../cmd/rolemap/testdata"

// TestExplanationGoldens: the explanation of the goldens' requests, in
// text and JSON, is what rolemap explain prints for them.
func TestExplanationGoldens(t *testing.T) {
	read := func(name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(cmdTestdata, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	pool, err := rolemap.ParsePool(read("pool.json"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := rolemap.Compile(pool)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		golden       string
		claims       string
		login        string // "" reads iss
		roles        map[string]*trust.Policy
		requireTrust bool
		json         bool
	}{
		{golden: "explain-claims", claims: "alice.json", login: "accounts.google.com"},
		{golden: "explain-json", claims: "alice.json", json: true},
		{golden: "explain-denied", claims: "bob.json"},
		{golden: "explain-denied-json", claims: "bob.json", json: true},
		{golden: "explain-roles-empty", claims: "alice.json", login: "accounts.google.com", roles: map[string]*trust.Policy{}},
		{golden: "explain-roles-empty-json", claims: "alice.json", login: "accounts.google.com", roles: map[string]*trust.Policy{}, json: true},
		{golden: "explain-require-trust", claims: "alice.json", login: "accounts.google.com", roles: map[string]*trust.Policy{}, requireTrust: true},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var cl map[string]any
			if err := json.Unmarshal(read(tt.claims), &cl); err != nil {
				t.Fatal(err)
			}
			req := rolemap.Request{Login: tt.login, Claims: cl}
			fromIss := req.Login == ""
			if fromIss {
				req.Login = strings.TrimPrefix(cl["iss"].(string), "https://")
			}
			var c *credentials.Checker
			if tt.roles != nil {
				if c, err = credentials.New(res, tt.roles); err != nil {
					t.Fatal(err)
				}
			}
			x := credentials.ExplainRequest(res, c, credentials.Request{Request: req}, tt.requireTrust)
			x.LoginFromIssuer = fromIss
			var b bytes.Buffer
			if tt.json {
				enc := json.NewEncoder(&b)
				enc.SetIndent("", "    ")
				enc.SetEscapeHTML(false)
				err = enc.Encode(x)
			} else {
				err = x.WriteText(&b)
			}
			if err != nil {
				t.Fatal(err)
			}
			golden := string(read(filepath.Join("golden", tt.golden+".golden")))
			_, want, _ := strings.Cut(golden, "# stdout:\n")
			want, _, _ = strings.Cut(want, "# stderr:")
			if diff := cmp.Diff(want, b.String()); diff != "" {
				t.Errorf("output (-golden +got):\n%s", diff)
			}
		})
	}
}
