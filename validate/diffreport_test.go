package validate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/rolemapping/rolemapping/rolemap"
	"github.com/rolemapping/rolemapping/rolemap/credentials"
	"github.com/rolemapping/rolemapping/validate"
)

// cmdTestdata is the command's testdata, whose goldens hold rolemap
// diff's output.
const cmdTestdata = "../rolemap/cmd/rolemap/testdata"

// goldenStdout returns the standard output a golden of the command holds.
func goldenStdout(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cmdTestdata, "golden", name+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	_, out, ok := strings.Cut(string(data), "# stdout:\n")
	if !ok {
		t.Fatalf("%s: no stdout section", name)
	}
	out, _, _ = strings.Cut(out, "# stderr:")
	return out
}

func readPool(t *testing.T, name string) rolemap.Pool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(cmdTestdata, name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := rolemap.ParsePool(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDiffReportGoldens: the report of the goldens' two pools, in each
// format, is what the command prints (rolemap diff's goldens).
func TestDiffReportGoldens(t *testing.T) {
	old, new := readPool(t, "pool.json"), readPool(t, "pool-new.json")
	cr, err := validate.DiffCredentialsReport(validate.Side{Pool: old}, validate.Side{Pool: new})
	d, err := validate.NewDiffReport("testdata/pool.json", "testdata/pool-new.json", cr, err, "")
	if err != nil {
		t.Fatal(err)
	}
	// The access comparison, as rolemap diff adds it.
	oldAccess, err := validate.Access(credentials.Deployment{Pool: old})
	if err != nil {
		t.Fatal(err)
	}
	newAccess, err := validate.Access(credentials.Deployment{Pool: new})
	if err != nil {
		t.Fatal(err)
	}
	d.Access = validate.DiffAccess(oldAccess, newAccess)
	jsonOut := func(w *bytes.Buffer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "    ")
		enc.SetEscapeHTML(false)
		return enc.Encode(d)
	}
	for _, tt := range []struct {
		golden string
		write  func(*bytes.Buffer) error
	}{
		{"diff-text", func(w *bytes.Buffer) error { return d.WriteText(w) }},
		{"diff-markdown", func(w *bytes.Buffer) error { return d.WriteMarkdown(w) }},
		{"diff-github", func(w *bytes.Buffer) error { return d.WriteGitHub(w) }},
		{"diff-json", jsonOut},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(goldenStdout(t, tt.golden), b.String()); diff != "" {
				t.Errorf("output (-golden +got):\n%s", diff)
			}
		})
	}
}

// TestNewDiffReport: what makes a report partial, and the errors it
// returns.
func TestNewDiffReport(t *testing.T) {
	errInvalid := errors.New("invalid pool")
	tests := []struct {
		name        string
		report      *validate.CredentialsReport
		err         error
		notCompared string
		want        string // Partial
		wantErr     error
	}{
		{name: "complete", report: &validate.CredentialsReport{}},
		{name: "uncovered", report: &validate.CredentialsReport{Uncovered: []validate.Uncovered{{Read: "a", Why: "b"}, {Read: "c", Why: "d"}}},
			want: "the search did not cover a (b); c (d)"},
		{name: "too many changes", report: &validate.CredentialsReport{}, err: fmt.Errorf("x: %w", validate.ErrTooManyChanges),
			want: "x: " + validate.ErrTooManyChanges.Error()},
		{name: "not compared", report: &validate.CredentialsReport{Uncovered: []validate.Uncovered{{Read: "a", Why: "b"}}}, notCompared: "not compared: z",
			want: "the search did not cover a (b); not compared: z"},
		{name: "invalid pool", err: errInvalid, wantErr: errInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := validate.NewDiffReport("old", "new", tt.report, tt.err, tt.notCompared)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("NewDiffReport() error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if d != nil {
					t.Errorf("NewDiffReport() = %+v with an error, want nil", d)
				}
				return
			}
			if d.Partial != tt.want || d.Complete != (tt.want == "") {
				t.Errorf("NewDiffReport() Partial = %q, Complete = %v; want %q", d.Partial, d.Complete, tt.want)
			}
			if d.Changes == nil {
				t.Error("Changes is nil, want [] in JSON")
			}
		})
	}
}

// TestDiffReportMarkdownFits: however many changes, the comment stays
// under GitHub's limit and says how many it leaves out.
func TestDiffReportMarkdownFits(t *testing.T) {
	var changes []validate.Change
	for i := range 3000 {
		login := fmt.Sprintf("login%d.example.com/%s", i, strings.Repeat("e", 40))
		changes = append(changes, validate.Change{Scope: "mapping", Login: login, MappingKey: login, Message: "m",
			Old: validate.Outcome{Error: "NotAuthorizedException"}, New: validate.Outcome{Role: "arn:aws:iam::111122223333:role/R"},
			Witness: rolemap.Request{Login: login, Claims: map[string]any{"sub": strings.Repeat("x", 2000)}}})
	}
	d, err := validate.NewDiffReport("old.json", "new file.json", &validate.CredentialsReport{Changes: changes}, nil, "not compared: z")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := d.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n > validate.MaxComment {
		t.Errorf("WriteMarkdown() wrote %d characters, want at most %d", n, validate.MaxComment)
	}
	for _, want := range []string{"more changes not shown", "`rolemap diff --format json old.json 'new file.json'`", "The list is partial: not compared: z."} {
		if !strings.Contains(out, want) {
			t.Errorf("WriteMarkdown() does not say %q", want)
		}
	}
}

// The report of a change of the guests' role, as rolemap diff writes it
// in text and as a pull-request comment.
func ExampleNewDiffReport() {
	yes := true
	pool := func(role string) rolemap.Pool {
		return rolemap.Pool{IdentityPoolID: "us-east-1:1", AllowUnauthenticatedIdentities: &yes,
			Roles: map[string]string{"unauthenticated": "arn:aws:iam::111122223333:role/" + role}}
	}
	cr, err := validate.DiffCredentialsReport(validate.Side{Pool: pool("Guest")}, validate.Side{Pool: pool("Visitor")})
	d, err := validate.NewDiffReport("old.json", "new.json", cr, err, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	d.WriteText(os.Stdout)
	fmt.Println()
	d.WriteMarkdown(os.Stdout)
	// Output:
	// guests asking for arn:aws:iam::111122223333:role/Visitor: NotAuthorizedException becomes arn:aws:iam::111122223333:role/Visitor
	// 	old: NotAuthorizedException
	// 	new: arn:aws:iam::111122223333:role/Visitor
	// 	witness: {"customRoleArn":"arn:aws:iam::111122223333:role/Visitor"}
	// guests asking for arn:aws:iam::111122223333:role/Guest: arn:aws:iam::111122223333:role/Guest becomes NotAuthorizedException
	// 	old: arn:aws:iam::111122223333:role/Guest
	// 	new: NotAuthorizedException
	// 	witness: {"customRoleArn":"arn:aws:iam::111122223333:role/Guest"}
	// guests: arn:aws:iam::111122223333:role/Guest becomes arn:aws:iam::111122223333:role/Visitor
	// 	old: arn:aws:iam::111122223333:role/Guest
	// 	new: arn:aws:iam::111122223333:role/Visitor
	// 	witness: {}
	// 3 changes between old.json and new.json
	//
	// ### rolemap diff: 3 changes
	//
	// Who gets a different role from `new.json` than from `old.json`, with one request (a witness) for each change:
	//
	// | Who | Before | After | Witness |
	// |---|---|---|---|
	// | guests | **NotAuthorizedException** | `arn:aws:iam::111122223333:role/Visitor` | `{"customRoleArn":"arn:aws:iam::111122223333:role/Visitor"}` |
	// | guests | `arn:aws:iam::111122223333:role/Guest` | **NotAuthorizedException** | `{"customRoleArn":"arn:aws:iam::111122223333:role/Guest"}` |
	// | guests | `arn:aws:iam::111122223333:role/Guest` | `arn:aws:iam::111122223333:role/Visitor` | `{}` |
}
