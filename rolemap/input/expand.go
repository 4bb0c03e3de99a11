package input

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/internal/readfile"
)

// ErrNoInputs is the error, under errors.Is, for a folder Expand found no
// input under.
var ErrNoInputs = errors.New("no input under the folder")

// Skipped is a file or folder a folder's walk left out, and why.
type Skipped struct {
	Dir  string // the folder walked, as named
	Path string
	Why  string
}

// Expand turns arguments into the files to read: a pattern the shell left
// unexpanded (quoted) is expanded (Glob), and a folder is walked (Walk)
// for the inputs under it. "-" and files are kept as given, and so is a
// folder of Terraform configuration, for Load to
// read it or say what to do with it.
// It returns what the walks skipped too; a folder with no input under it
// is an *Error wrapping ErrNoInputs, whose Path is the folder.
func Expand(args []string) (files []string, skipped []Skipped, err error) {
	for _, a := range args {
		names, err := glob(a)
		if err != nil {
			return nil, skipped, err
		}
		for _, n := range names {
			info, err := os.Stat(n)
			if _, whole := pathReaderFor(n, Auto); n == Stdin || err != nil || !info.IsDir() || whole || IsTerraformConfig(n) {
				files = append(files, n)
				continue
			}
			found, s, err := Walk(n)
			skipped = append(skipped, s...)
			if err != nil {
				return nil, skipped, err
			}
			if len(found) == 0 {
				what := strconv.Itoa(len(s)) + " files"
				if len(s) == 1 {
					what = "1 file"
				}
				e := Errorf(n, "%s: no pool document, template or plan under this folder (%s skipped); a wrong path would otherwise pass silently", n, what)
				e.Err = ErrNoInputs
				return nil, skipped, e
			}
			files = append(files, found...)
		}
	}
	return files, skipped, nil
}

// Glob returns the files each argument names: the files a pattern with
// *, ? or [ that the shell left unexpanded (quoted) matches, sorted — an
// error when it matches nothing; any other argument, or a file whose name
// holds such a character, is itself.
func Glob(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		m, err := glob(a)
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	return out, nil
}

func glob(a string) ([]string, error) {
	if a == Stdin || !strings.ContainsAny(a, "*?[") {
		return []string{a}, nil
	}
	if _, err := os.Lstat(a); err == nil {
		return []string{a}, nil
	}
	m, err := filepath.Glob(a)
	if err != nil {
		return nil, Errorf(a, "%s: no such file, and not a valid pattern (%v)", clip.Quote(a), err)
	}
	if len(m) == 0 {
		return nil, Errorf(a, "%s: no file matches the pattern", clip.Quote(a))
	}
	return m, nil
}

// Walk lists, in lexical order, the inputs under dir: the JSON and YAML
// files whose shape is a pool document, a deployment document, a template
// or a plan (Detect) with an identity pool, and the folders of Terraform
// configuration (a folder holding *.tf; dir itself, if it does).
//
// A folder of Terraform configuration is one input: nothing under it is
// walked (its sub-folders are usually its local modules, read through
// it). It is left out when its .tf files name no identity pool and call
// no local module, and when no reader of Terraform configuration is
// registered (package rolemap/iac/tfconfig registers one), saying how to
// get a plan instead. A folder named modules whose sub-folders hold *.tf
// is left out as Terraform child modules.
//
// Walk never enters node_modules, vendor, dot-folders (.git, .terraform)
// or a cloud assembly's asset.* folders, follows no symbolic link, and
// leaves out a cloud assembly's manifest.json, tree.json and
// *.assets.json; it says why it left out each file and folder it did.
func Walk(dir string) (found []string, skipped []Skipped, err error) {
	skip := func(p, why string) { skipped = append(skipped, Skipped{Dir: dir, Path: p, Why: why}) }
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return Errorf(p, "%s: %v", p, unwrapPath(err))
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir {
				if why := skipDir(p, name); why != "" {
					skip(p, why)
					return filepath.SkipDir
				}
			}
			if !holdsTF(p) {
				return nil
			}
			// A folder of Terraform configuration is one input, its
			// sub-folders (its local modules) read through it.
			if why := configSkipped(p); why != "" {
				skip(p, why)
			} else {
				found = append(found, p)
			}
			return filepath.SkipDir
		}
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".json" && ext != ".yaml" && ext != ".yml" {
			return nil
		}
		if name == "manifest.json" || name == "tree.json" || strings.HasSuffix(name, ".assets.json") {
			skip(p, "a cloud assembly's manifest")
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			skip(p, "a symbolic link, which a walk does not follow (name it to read it)")
			return nil
		}
		if !d.Type().IsRegular() {
			skip(p, "not a regular file")
			return nil
		}
		f, rerr := Read(p, nil, MaxSize)
		if rerr != nil {
			skip(p, firstLine(rerr))
			return nil
		}
		kind, derr := Detect(f, Auto)
		if derr != nil {
			why := "not a pool document, template or plan"
			if serr := f.CheckObject(); serr != nil {
				why = "not JSON, nor a YAML template: " + firstLine(serr)
			}
			skip(p, why)
			return nil
		}
		// A stack or a plan without an identity pool (another stack of
		// the app, a YAML file of another kind) has nothing to lint.
		if kind == CloudFormation && !bytes.Contains(f.Data, []byte("AWS::Cognito::IdentityPool")) ||
			kind == Terraform && !bytes.Contains(f.Data, []byte("aws_cognito_identity_pool")) {
			skip(p, "no identity pool")
			return nil
		}
		found = append(found, p)
		return nil
	})
	return found, skipped, err
}

// skipDir is why a walk does not enter the folder p, named name; "" when
// it does.
func skipDir(p, name string) string {
	switch {
	case name == "node_modules" || name == "vendor":
		return "a dependency folder"
	case name == ".terraform":
		return "Terraform's downloaded providers and modules"
	case strings.HasPrefix(name, "."):
		return "a dot-folder"
	case strings.HasPrefix(name, "asset."):
		return "a cloud assembly's asset folder"
	case name == "modules" && !holdsTF(p) && modulesBelow(p):
		return "Terraform child modules, read through the configurations that call them (name a module's folder to read it as a root module)"
	}
	return ""
}

// holdsTF reports whether the folder dir holds a .tf file.
func holdsTF(dir string) bool {
	entries, _ := os.ReadDir(dir)
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
		return !e.IsDir() && strings.HasSuffix(e.Name(), ".tf")
	})
}

// modulesBelow reports whether a folder of the folder dir holds a .tf
// file.
func modulesBelow(dir string) bool {
	entries, _ := os.ReadDir(dir)
	return slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
		return e.IsDir() && holdsTF(filepath.Join(dir, e.Name()))
	})
}

// localModule matches a module call's local source ("./…" or "../…").
var localModule = regexp.MustCompile(`\bsource\s*=\s*"\.\.?/`)

// configSkipped is why a walk leaves out the folder of Terraform
// configuration dir: no reader registered (it says how to get a plan), or
// no identity pool in its .tf files nor a local module that may define
// one; "" when the walk reads it.
func configSkipped(dir string) string {
	if _, read := pathReaderFor(dir, Auto); !read {
		return "Terraform configuration, which this program does not read (a program that imports rolemap/iac/tfconfig, such as the rolemap command, does): give a plan as JSON instead: terraform plan -out=plan.tfplan && terraform show -json plan.tfplan > plan.json"
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		data, err := readfile.Read(filepath.Join(dir, e.Name()), MaxSize)
		if err != nil || bytes.Contains(data, []byte("aws_cognito_identity_pool")) || localModule.Match(data) {
			return "" // the reader says what is wrong with a file
		}
	}
	return "no identity pool in its .tf files, and no local module"
}

// firstLine is the first line of err's text.
func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// unwrapPath is the error an *os.PathError wraps, err otherwise.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
