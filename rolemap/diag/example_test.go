package diag_test

import (
	"os"

	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// A case file embeds a pool: its diagnostics are placed through the pool's
// offset, at the case file's lines and columns, and written as text.
func ExampleSource_At() {
	file := []byte(`{
  "description": "née",
  "pool": {"IdentityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000",
           "Roles": {"authenticated": "x"}}
}`)
	src := diag.NewSource("cases/pool.json", file)
	off, _ := src.Value(diag.Root("pool"))
	ds := []diag.Diagnostic{{
		Severity: diag.SeverityError, Code: "invalid-value",
		Path:    diag.Root("Roles").Key("authenticated"),
		Message: "length 1 is outside 20..2048 code points",
	}}
	src.At(off, ds)
	_ = diag.WriteText(os.Stdout, nil, ds)
	// Output:
	// cases/pool.json:4:22: error invalid-value: Roles["authenticated"]: length 1 is outside 20..2048 code points
}
