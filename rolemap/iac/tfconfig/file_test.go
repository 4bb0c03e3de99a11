package tfconfig

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// fileRoles is a configuration whose unauthenticated role is expr.
func fileRoles(expr string) string {
	return poolTF + `resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { unauthenticated = ` + expr + ` }
}
`
}

// TestFileConfined: file and templatefile read only regular files inside
// the configuration's folder (or a local module's): an absolute path, a
// path out of it, a symbolic link out of it and a file that is not
// regular are errors at the call, naming the file and what to do, and
// nothing of the file reaches the pool.
func TestFileConfined(t *testing.T) {
	top := t.TempDir()
	const secret = "arn:aws:iam::999999999999:role/SECRET"
	if err := os.WriteFile(filepath.Join(top, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, expr, want string }{
		{"a path out of the folder", `file("../secret.txt")`, `"../secret.txt" is outside it`},
		{"a template out of the folder", `templatefile("../secret.txt", {})`, `"../secret.txt" is outside it`},
		{"path.module out of the folder", `file("${path.module}/../secret.txt")`, `is outside it`},
		{"an absolute path", `file("` + filepath.ToSlash(filepath.Join(top, "secret.txt")) + `")`, `read only regular files in the configuration's folder`},
		{"a symbolic link out of the folder", `file("link.txt")`, `"link.txt" is outside it`},
		{"a folder", `file("sub")`, `"sub" is not a regular file`},
	}
	if runtime.GOOS == "linux" {
		cases = append(cases, struct{ name, expr, want string }{"the process's environment", `file("/proc/self/environ")`, `is an absolute path`},
			struct{ name, expr, want string }{"a link to the process's environment", `file("environ")`, `is outside it`})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(top, strings.NewReplacer(" ", "_", "'", "").Replace(tc.name))
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(fileRoles(tc.expr)), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(top, "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
				t.Skip("no symbolic links:", err)
			}
			if err := os.Symlink("/proc/self/environ", filepath.Join(dir, "environ")); err != nil {
				t.Fatal(err)
			}
			res, err := Read(dir, nil)
			var e *iac.Error
			if !errors.As(err, &e) {
				t.Fatalf("want an *iac.Error, got %v (%+v)", err, res)
			}
			if filepath.Base(e.File) != "main.tf" || e.Line != 7 {
				t.Errorf("placed at %s:%d, want main.tf:7", e.File, e.Line)
			}
			for _, w := range []string{tc.want, "bind the value instead"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not say %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("the error shows the file's text: %v", err)
			}
		})
	}
}

// TestFileConfinedAllows: a file inside the folder, through a symbolic
// link that stays inside, and a file of a local module outside the root
// module's folder (source = "../modules/x") read through path.module.
func TestFileConfinedAllows(t *testing.T) {
	top := t.TempDir()
	files := map[string]string{
		"env/main.tf": poolTF + `module "m" { source = "../modules/m" }
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { unauthenticated = trimspace(file("link.txt")), authenticated = module.m.arn }
}
`,
		"env/data/guest.txt": "arn:aws:iam::111122223333:role/guest\n",
		"modules/m/main.tf":  `output "arn" { value = trimspace(file("${path.module}/arn.txt")) }`,
		"modules/m/arn.txt":  "arn:aws:iam::111122223333:role/auth\n",
	}
	for name, text := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join("data", "guest.txt"), filepath.Join(top, "env", "link.txt")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	res, err := Read(filepath.Join(top, "env"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := roles(t, res, "aws_cognito_identity_pool.main")
	if got["unauthenticated"] != "arn:aws:iam::111122223333:role/guest" || got["authenticated"] != "arn:aws:iam::111122223333:role/auth" {
		t.Errorf("roles %v", got)
	}
}

// TestFileNamedPipe: a named pipe inside the folder is refused, without
// blocking.
func TestFileNamedPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	dir := write(t, map[string]string{"main.tf": fileRoles(`file("pipe")`)})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Skip("no mkfifo:", err)
	}
	_, err := Read(dir, nil)
	if err == nil || !strings.Contains(err.Error(), `"pipe" is not a regular file`) {
		t.Errorf("got %v", err)
	}
}
