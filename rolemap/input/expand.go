package input

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
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
// folder a PathReader reads, or of Terraform configuration, for Load to
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
// or a plan (Detect) with an identity pool. It never enters node_modules,
// vendor, dot-folders or a cloud assembly's asset.* folders, follows no
// symbolic link, and leaves out a cloud assembly's manifest.json,
// tree.json and *.assets.json; it says why it left out each file it did.
func Walk(dir string) (found []string, skipped []Skipped, err error) {
	skip := func(p, why string) { skipped = append(skipped, Skipped{Dir: dir, Path: p, Why: why}) }
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return Errorf(p, "%s: %v", p, unwrapPath(err))
		}
		name := d.Name()
		if d.IsDir() {
			if p == dir {
				return nil
			}
			switch {
			case name == "node_modules" || name == "vendor":
				skip(p, "a dependency folder")
				return filepath.SkipDir
			case strings.HasPrefix(name, "."):
				skip(p, "a dot-folder")
				return filepath.SkipDir
			case strings.HasPrefix(name, "asset."):
				skip(p, "a cloud assembly's asset folder")
				return filepath.SkipDir
			}
			return nil
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
