package input_test

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolemapping/rolemapping/internal/fixtures"
	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap/casefile"
	"github.com/rolemapping/rolemapping/rolemap/input"
)

const (
	poolDoc  = "../cmd/rolemap/testdata/pool.json"
	credCDK  = "../iac/testdata/cdk/CredentialsStack.template.json"
	googleTF = "../iac/testdata/terraform/plan.json"
	rolesDoc = "../cmd/rolemap/testdata/existing-staff-role.json"
)

func read(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		forced input.Kind
		want   input.Kind
		err    string // a part of the error's text; "" for none
	}{
		{"a pool document", string(read(t, poolDoc)), input.Auto, input.PoolDocument, ""},
		{"a deployment document", `{"IdentityPoolId": "x", "roles": {}}`, "", input.PoolDocument, ""},
		{"a template", string(read(t, credCDK)), input.Auto, input.CloudFormation, ""},
		{"a bare template", `{"Resources": {}}`, input.Auto, input.CloudFormation, ""},
		{"a plan", string(read(t, googleTF)), input.Auto, input.Terraform, ""},
		{"a state", `{"format_version": "1.0", "values": {}}`, input.Auto, input.Terraform, ""},
		{"forced", `{"anything": 1}`, input.Terraform, input.Terraform, ""},
		{"unknown", `{"name": "app", "version": "1.0.0"}`, input.Auto, "", "in.json:1:1: cannot tell what this is"},
		{"an array", `[1]`, input.Auto, "", "in.json:1:1: not a JSON object"},
		{"null", `null`, input.Auto, "", "in.json:1:1: not a JSON object"},
		{"a syntax error", "{\n  \"Roles\": {,}\n}", input.Auto, "", "in.json:2:9: invalid character ','"},
		{"cut short", `{"Roles": {`, input.Auto, "", "in.json:1:12: unexpected end of JSON"},
		{"data after", `{"Roles": {}} {}`, input.Auto, "", "in.json:1:16: data after the JSON object"},
		{"empty", ``, input.Auto, "", "in.json:1:1: unexpected end of JSON"},
		{"YAML, no reader registered", "AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n", input.Auto, "", "a YAML template, which this build of rolemap does not read"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := input.Detect(input.File{Name: "in.json", Data: []byte(tc.data)}, tc.forced)
			if got != tc.want {
				t.Errorf("Detect() = %q, want %q", got, tc.want)
			}
			if tc.err == "" {
				if err != nil {
					t.Fatalf("Detect() error %v", err)
				}
				return
			}
			var ie *input.Error
			if !errors.As(err, &ie) || ie.Path != "in.json" || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("Detect() error %#v, want an *input.Error about in.json saying %q", err, tc.err)
			}
		})
	}
}

// TestLoadRefuses: what is not a regular file of at most MaxSize bytes is
// refused before a byte is decoded, with an *Error whose cause errors.Is
// tests; Terraform configuration and other shapes say what to do next.
func TestLoadRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	tfDir := filepath.Join(dir, "infra")
	if err := os.Mkdir(tfDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tfDir, "main.tf"), []byte(`resource "x" "y" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		path  string
		files map[string][]byte
		is    error  // the cause; nil for none to test
		says  string // a part of the message
	}{
		{"a folder", dir, nil, readfile.ErrNotRegular, "a folder, not a file"},
		{"a named pipe", fifo, nil, readfile.ErrNotRegular, "a named pipe"},
		{"a device", "/dev/zero", nil, readfile.ErrNotRegular, "a device"},
		{"no such file", filepath.Join(dir, "none.json"), nil, fs.ErrNotExist, "none.json"},
		{"a .tf file", "main.tf", nil, nil, "terraform show -json plan.tfplan > plan.json"},
		{"a folder of Terraform configuration", tfDir, nil, nil, "Terraform configuration, which rolemap does not read"},
		{"bytes over the limit", "big.json", map[string][]byte{"big.json": make([]byte, input.MaxSize+1)}, readfile.ErrTooLarge, "over the limit"},
		{"a deployment document's bad roles", "d.json", map[string][]byte{"d.json": []byte(`{"IdentityPoolId": "x", "userPools": []}`)}, nil, "d.json: userPools: want an object of user pools by ID"},
		{"a field of the wrong type", "p.json", map[string][]byte{"p.json": []byte("{\n\"Roles\": {\"authenticated\": 1}}")}, nil, "p.json:2:11: Roles[\"authenticated\"]: want a JSON string, got number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ld := &input.Loader{Files: tc.files}
			l, err := ld.Load(tc.path)
			if l != nil || err == nil {
				t.Fatalf("Load(%s) = %v, %v; want an error", tc.path, l, err)
			}
			var ie *input.Error
			if !errors.As(err, &ie) || ie.Path != tc.path {
				t.Fatalf("Load(%s) error %#v, want an *input.Error about it", tc.path, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("Load(%s) error %v, want errors.Is %v", tc.path, err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Load(%s) error %q, want it to say %q", tc.path, err, tc.says)
			}
		})
	}
}

// summary is what a test compares of a loaded input.
type summary struct {
	Kind         input.Kind
	Pools        []string
	Roles        []string // the trust policies read, by ARN; nil: the check off
	Unread       []string
	UserPools    []string
	Placeholders int
}

func summarize(t *testing.T, l *input.Loaded) summary {
	t.Helper()
	s := summary{Kind: l.Kind}
	for _, p := range l.Pools {
		s.Pools = append(s.Pools, p.Name)
	}
	c, err := l.Credentials()
	if err != nil {
		t.Fatal(err)
	}
	if c.Roles != nil {
		s.Roles = append([]string{}, slices.Sorted(maps.Keys(c.Roles))...)
	}
	s.Unread = slices.Sorted(maps.Keys(c.RoleErrors))
	s.UserPools = slices.Sorted(maps.Keys(c.UserPools))
	if l.Result != nil {
		s.Placeholders = len(l.Result.Placeholders)
	}
	return s
}

func TestLoad(t *testing.T) {
	binds := func() (map[string]string, error) { return map[string]string{"AWS::Region": "eu-west-1"}, nil }
	tests := []struct {
		name string
		ld   input.Loader
		path string
		want summary
	}{
		{"a pool document", input.Loader{}, poolDoc, summary{Kind: input.PoolDocument, Pools: []string{""}}},
		{"a pool document and --roles", input.Loader{Roles: rolesDoc}, poolDoc,
			summary{Kind: input.PoolDocument, Pools: []string{""}, Roles: []string{"arn:aws:iam::111122223333:role/existing-staff"}}},
		{"a template", input.Loader{Bindings: binds}, credCDK, summary{Kind: input.CloudFormation, Pools: []string{"StaffIdentitiesF95CDA7C"},
			Roles: []string{"arn:aws:iam::123456789012:role/StaffIdentitiesAuthenticatedRole73673CCE", "arn:aws:iam::123456789012:role/StaffIdentitiesUnauthenticatedRole6CDEDD52",
				"arn:aws:iam::123456789012:role/admin", "arn:aws:iam::123456789012:role/contractor", "arn:aws:iam::123456789012:role/dev", "arn:aws:iam::123456789012:role/staff"},
			UserPools: []string{"eu-west-1_Staff35CBA1CE"}, Placeholders: 23}},
		{"a plan, forced", input.Loader{Kind: input.Terraform, Bindings: binds}, googleTF, summary{Kind: input.Terraform, Pools: []string{"aws_cognito_identity_pool.main"},
			Roles: []string{"arn:aws:iam::123456789012:role/app/field-app-admin", "arn:aws:iam::123456789012:role/field-app-authenticated"}, UserPools: []string{"eu-west-1_main"}, Placeholders: 9}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tc.ld.Load(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, summarize(t, l)); diff != "" {
				t.Errorf("Load(%s) (-want +got):\n%s", tc.path, diff)
			}
		})
	}
}

// TestDeploymentRoundTrip: each pool of every IaC fixture (cdk synth
// templates, Terraform plans and states), written as a deployment document
// (what rolemap import writes) and loaded back, is the same deployment:
// the same pool, trust policies (and unread ones) and user pools.
func TestDeploymentRoundTrip(t *testing.T) {
	var paths []string
	for _, f := range fixtures.Templates(t, "..") {
		paths = append(paths, f.Path)
	}
	plans, err := filepath.Glob("../iac/testdata/terraform/*.json")
	if err != nil || len(plans) == 0 {
		t.Fatalf("no plans: %v", err)
	}
	paths = append(paths, plans...)
	pools := 0
	for _, path := range paths {
		ld := &input.Loader{}
		l, err := ld.Load(path)
		if err != nil {
			continue // a fixture the importer refuses on purpose
		}
		for _, p := range l.Pools {
			t.Run(filepath.Base(path)+"/"+p.Name, func(t *testing.T) {
				doc, err := casefile.DeploymentDocument(p.Pool, l.Result.Roles, l.Result.UserPools)
				if err != nil {
					t.Fatal(err)
				}
				back, err := (&input.Loader{Files: map[string][]byte{"doc.json": doc}}).Load("doc.json")
				if err != nil {
					t.Fatal(err)
				}
				want, got := summarize(t, l), summarize(t, back)
				want.Kind, want.Pools, want.Placeholders = input.PoolDocument, []string{""}, 0
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("deployment document (-template +document):\n%s", diff)
				}
				d1, err := l.Deployment(p.Name)
				if err != nil {
					t.Fatal(err)
				}
				d2, err := back.Deployment("")
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(d1.Pool, d2.Pool); diff != "" {
					t.Errorf("pool (-template +document):\n%s", diff)
				}
				if diff := cmp.Diff(d1.UserPools, d2.UserPools); diff != "" {
					t.Errorf("user pools (-template +document):\n%s", diff)
				}
				pools++
			})
		}
	}
	if pools < 5 {
		t.Errorf("round trip of %d pools; are the fixtures there?", pools)
	}
}

// TestLoaderReadsOnce: a Loader reads each input once and the file of
// Roles once however many inputs it completes, and asks the bindings once.
func TestLoaderReadsOnce(t *testing.T) {
	asked := 0
	ld := &input.Loader{Roles: rolesDoc, Bindings: func() (map[string]string, error) {
		asked++
		return map[string]string{"AWS::Region": "eu-west-1"}, nil
	}}
	before := readfile.Reads()
	for _, path := range []string{poolDoc, credCDK, poolDoc, googleTF} {
		l, err := ld.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := l.Deployment(l.Pools[0].Name); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Credentials(); err != nil { // kept
			t.Fatal(err)
		}
	}
	if got := readfile.Reads() - before; got != 5 {
		t.Errorf("4 inputs and --roles: %d reads, want 5", got)
	}
	if asked != 1 {
		t.Errorf("the bindings were asked %d times, want 1", asked)
	}
}

// TestLoadedPool: a pool by name, or the only one; the errors name the
// pools there are.
func TestLoadedPool(t *testing.T) {
	l := &input.Loaded{File: input.File{Name: "t.json"}, Kind: input.CloudFormation, Pools: []input.Pool{{Name: "A"}, {Name: "B"}}}
	tests := []struct{ name, want, err string }{
		{"A", "A", ""},
		{"", "", "t.json: defines 2 pools (A, B); name one with --pool-name"},
		{"C", "", `t.json: no pool "C"; it defines A, B`},
	}
	for _, tc := range tests {
		p, err := l.Pool(tc.name)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if p.Name != tc.want || got != tc.err {
			t.Errorf("Pool(%q) = %q, %q; want %q, %q", tc.name, p.Name, got, tc.want, tc.err)
		}
	}
}

// TestWalk: a folder's walk reads the regular files, skips a symbolic link
// (to a pool document, or to a device), dependency and dot-folders, and
// files of another shape, saying why.
func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pool := read(t, poolDoc)
	write("pool.json", pool)
	write("node_modules/x/pool.json", pool)
	write("vendor/pool.json", pool)
	write(".git/pool.json", pool)
	write("package.json", []byte(`{"name": "app"}`))
	write("cdk.out/manifest.json", []byte(`{}`))
	write("cdk.out/Other.template.json", []byte(`{"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}`))
	abs, err := filepath.Abs(poolDoc)
	if err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"link.json": abs, "zero.json": "/dev/zero"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip(err)
		}
	}
	found, skipped, err := input.Walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, "pool.json")}, found); diff != "" {
		t.Errorf("found (-want +got):\n%s", diff)
	}
	var got []string
	for _, s := range skipped {
		rel, _ := filepath.Rel(dir, s.Path)
		got = append(got, filepath.ToSlash(rel)+": "+s.Why)
	}
	want := []string{
		".git: a dot-folder",
		"cdk.out/Other.template.json: no identity pool",
		"cdk.out/manifest.json: a cloud assembly's manifest",
		"link.json: a symbolic link, which a walk does not follow (name it to read it)",
		"node_modules: a dependency folder",
		"package.json: not a pool document, template or plan",
		"vendor: a dependency folder",
		"zero.json: a symbolic link, which a walk does not follow (name it to read it)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}

	// A folder with nothing to read is an error, not an empty run.
	empty := filepath.Join(dir, "none")
	write("none/package.json", []byte(`{"name": "app"}`))
	files, skipped, err := input.Expand([]string{poolDoc, empty})
	var ie *input.Error
	if files != nil || !errors.Is(err, input.ErrNoInputs) || !errors.As(err, &ie) || ie.Path != empty {
		t.Errorf("Expand(a folder of none) = %v, %v; want an *input.Error about it wrapping ErrNoInputs", files, err)
	}
	if len(skipped) != 1 || skipped[0].Dir != empty {
		t.Errorf("Expand(a folder of none) skipped %v, want its one file", skipped)
	}
}

func TestGlob(t *testing.T) {
	got, err := input.Glob([]string{"-", "../cmd/rolemap/testdata/pool*.json", poolDoc})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-", "../cmd/rolemap/testdata/pool-new.json", poolDoc, poolDoc}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Glob (-want +got):\n%s", diff)
	}
	if _, err := input.Glob([]string{"nothing-*.json"}); err == nil || !strings.Contains(err.Error(), "no file matches the pattern") {
		t.Errorf("Glob(a pattern matching nothing) error %v", err)
	}
}

// TestStdin: "-" reads the Loader's Stdin, named <stdin>.
func TestStdin(t *testing.T) {
	ld := &input.Loader{Stdin: bytes.NewReader(read(t, poolDoc))}
	l, err := ld.Load("-")
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "<stdin>" || l.Kind != input.PoolDocument {
		t.Errorf("Load(-) = %s, %s", l.Name, l.Kind)
	}
}
