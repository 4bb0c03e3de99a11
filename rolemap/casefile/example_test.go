package casefile_test

import (
	"fmt"
	"os"

	"github.com/rolemapping/rolemapping/rolemap/casefile"
)

// A case file pins the role a pool gives each request. ParseFile reads
// it, Check runs its cases, and WriteText prints the report as go test
// does: here one case passes and one, which expects the wrong role, fails
// with what was wanted, what was got and the rule trace.
func Example() {
	f, err := casefile.ParseFile([]byte(`{
  "pool": {
    "IdentityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000",
    "Roles": {},
    "RoleMappings": {
      "accounts.google.com": {
        "Type": "Rules",
        "AmbiguousRoleResolution": "Deny",
        "RulesConfiguration": {"Rules": [
          {"Claim": "hd", "MatchType": "Equals", "Value": "example.com",
           "RoleARN": "arn:aws:iam::111122223333:role/Staff"}
        ]}
      }
    }
  },
  "cases": [
    {"name": "staff", "login": "accounts.google.com", "claims": {"hd": "example.com"},
     "want": {"role": "arn:aws:iam::111122223333:role/Staff"}},
    {"name": "outsider", "login": "accounts.google.com", "claims": {"hd": "other.org"},
     "want": {"role": "arn:aws:iam::111122223333:role/Staff"}}
  ]
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := casefile.Check(f, "pools.json")
	for _, res := range r.Results {
		fmt.Printf("%s passed: %v\n", res.Name, res.Failure == "")
	}
	casefile.WriteText(os.Stdout, []casefile.Report{r}, false)
	// Output:
	// staff passed: true
	// outsider passed: false
	// --- FAIL: pools.json/outsider
	//     pools.json: case "outsider" (cases[1]):
	//     want {"role":"arn:aws:iam::111122223333:role/Staff"}
	//     got  {"error":"NotAuthorizedException","message":"The ambiguous role mapping rules for: accounts.google.com denied this request."}
	//     login "accounts.google.com", claims {"hd":"other.org"}, customRoleArn ""
	//     	error: NotAuthorizedException: The ambiguous role mapping rules for: accounts.google.com denied this request.
	//     	mapping: accounts.google.com
	//     	why: no role applies and the mapping's AmbiguousRoleResolution is Deny
	//     	  rule 0: hd Equals "example.com" -> arn:aws:iam::111122223333:role/Staff: mismatch ["other.org"]
	// FAIL	pools.json	1 of 2 checks failed
}
