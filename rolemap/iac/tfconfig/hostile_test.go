package tfconfig

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// TestHostileBounded: configurations built to make the reader work hard
// are refused with an error, each within a bounded amount of memory
// (counted by runtime.MemStats, never by a clock). For expressions
// nested inside each other stop at the element that crosses the read's
// budget, during their evaluation.
func TestHostileBounded(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	doubling := "locals {\n  l0 = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n"
	for i := 1; i <= 40; i++ {
		doubling += fmt.Sprintf("  l%d = \"${local.l%d}${local.l%d}\"\n", i, i-1, i-1)
	}
	doubling += "}\n" + poolTF + `resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = local.l40 }
}`
	for _, tc := range []struct {
		name, tf, want string
	}{
		{"deep nesting", poolTF + "locals { x = " + deep + " }\n", "nested more than"},
		{"huge count", poolTF + `resource "aws_iam_role" "r" { count = 1000000000 }`, "more instances than"},
		{"huge for_each", poolTF + `resource "aws_iam_role" "r" { for_each = toset([for i in range(100000) : tostring(i)]) }`, "more than"},
		{"counts that multiply", poolTF + `resource "aws_iam_role" "a" { count = 3000 }
resource "aws_iam_role" "b" { count = 3000 }`, "more instances than"},
		{"a string that doubles", doubling, "bytes"},
		{"format widths", poolTF + `locals { x = format("%999999999d", 1) }
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = local.x }
}`, "width"},
		{"a local that refers to itself", poolTF + `locals { x = local.x }
resource "aws_cognito_identity_pool_roles_attachment" "a" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = { authenticated = local.x }
}`, "itself"},
		{"a module that calls itself", poolTF + `module "me" { source = "./" }`, "modules nested more than"},
		{"nested for expressions", poolName("local.a[0][0][0]", `locals { a = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]] }`), "elements"},
		{"nested for expressions over a literal", poolName("local.a[0]", `locals {
  t = [1,1,1,1,1,1,1,1,1,1]
  a = [for e in local.t : [for d in local.t : [for c in local.t : [for b in local.t : [for a in local.t : local.t]]]]]
}`), "elements"},
		{"a function in a loop", poolName("local.a[0]", `locals { a = [for i in range(1000) : length(range(1000))] }`), "elements"},
		{"a string built in a loop", poolName("local.a[0]", `locals {
  s = join("", [for i in range(1000) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"])
  a = [for i in range(1000) : jsonencode([local.s, local.s])]
}`), "bytes"},
		{"a template's for directives", poolName("local.a", `locals { a = "%{for i in range(1000)}%{for j in range(1000)}%{for k in range(1000)}x%{endfor}%{endfor}%{endfor}" }`), "elements"},
		{"nested for expressions in a variable's binding", poolName("var.v[0]", `variable "v" { default = [for i in range(1000) : [for j in range(1000) : [for k in range(1000) : k]]] }`), "elements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, map[string]string{"main.tf": tc.tf})
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := Read(dir, nil)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want an error saying %q, got %v", tc.want, err)
			}
			if tc.want == "elements" && strings.Count(err.Error(), "elements") != 1 {
				t.Errorf("the element budget is reported more than once: %v", err)
			}
			var e *iac.Error
			if !errors.As(err, &e) || e.File == "" || e.Line == 0 {
				t.Errorf("the error is not placed in the file: %v", err)
			}
			n := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d KiB allocated: %v", n>>10, firstLine(err))
			if n > 256<<20 {
				t.Errorf("allocated %d MiB", n>>20)
			}
		})
	}
}

// poolName is a configuration of decls and a pool whose name is expr.
func poolName(expr, decls string) string {
	return decls + `
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = ` + expr + `
}
`
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// TestHostileTemplate: a template templatefile renders spends the same
// element budget, in its for directives and the functions it calls.
func TestHostileTemplate(t *testing.T) {
	dir := write(t, map[string]string{
		"main.tf": poolName(`templatefile("t.tpl", {})`, ""),
		"t.tpl":   "%{for i in range(1000)}%{for j in range(1000)}${length(range(1000))}%{endfor}%{endfor}",
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := Read(dir, nil)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "for expressions and functions build more than") {
		t.Fatalf("want the element budget's error, got %v", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 256<<20 {
		t.Errorf("allocated %d MiB", n>>20)
	}
}
