package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// skippedInput is a file or folder a folder's walk left out, and why.
type skippedInput struct{ path, why string }

// expandInputs turns lint's arguments into the files to read: a pattern
// the shell left unexpanded (quoted) is expanded, and a folder is walked
// for the pool documents, deployment documents, templates and plans
// under it. "-" and files are kept as given; a folder of Terraform
// configuration is kept too, for the reader to say what to do with it.
// Under verbose, what a walk skipped is listed on standard error.
func expandInputs(e *env, args []string, verbose bool) ([]string, error) {
	var out []string
	for _, a := range args {
		names, err := expandPattern(a)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			info, err := os.Stat(n)
			if n == "-" || err != nil || !info.IsDir() || isTerraformConfig(n) {
				out = append(out, n)
				continue
			}
			found, skipped, err := walkInputs(e, n)
			if verbose || (err == nil && len(found) == 0) {
				for _, s := range skipped {
					fmt.Fprintf(e.stderr, "skipped %s\n", clip.Line(s.path+": "+s.why))
				}
			}
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, inputErrorf("%s: no pool document, template or plan under this folder (%s skipped); a wrong path would otherwise pass silently", n, plural(len(skipped), "file"))
			}
			out = append(out, found...)
		}
	}
	return out, nil
}

// expandPattern returns the files a pattern with *, ? or [ that the shell
// left unexpanded (quoted) matches, sorted; an error when it matches
// nothing. Any other argument, or a file whose name holds such a
// character, is itself.
func expandPattern(a string) ([]string, error) {
	if a == "-" || !strings.ContainsAny(a, "*?[") {
		return []string{a}, nil
	}
	if _, err := os.Lstat(a); err == nil {
		return []string{a}, nil
	}
	m, err := filepath.Glob(a)
	if err != nil {
		return nil, inputErrorf("%s: no such file, and not a valid pattern (%v)", clip.Quote(a), err)
	}
	if len(m) == 0 {
		return nil, inputErrorf("%s: no file matches the pattern", clip.Quote(a))
	}
	return m, nil
}

// expandPatterns is expandPattern of each argument.
func expandPatterns(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		m, err := expandPattern(a)
		if err != nil {
			return nil, err
		}
		out = append(out, m...)
	}
	return out, nil
}

// walkInputs lists, in lexical order, the inputs under dir: the JSON and
// YAML files whose shape is a pool document, a deployment document, a
// template or a plan. It never enters node_modules, vendor, dot-folders
// or a cloud assembly's asset.* folders, and leaves out a cloud
// assembly's manifest.json, tree.json and *.assets.json.
func walkInputs(e *env, dir string) (found []string, skipped []skippedInput, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return inputErrorf("%s: %v", p, unwrapPath(err))
		}
		name := d.Name()
		if d.IsDir() {
			if p == dir {
				return nil
			}
			switch {
			case name == "node_modules" || name == "vendor":
				skipped = append(skipped, skippedInput{p, "a dependency folder"})
				return filepath.SkipDir
			case strings.HasPrefix(name, "."):
				skipped = append(skipped, skippedInput{p, "a dot-folder"})
				return filepath.SkipDir
			case strings.HasPrefix(name, "asset."):
				skipped = append(skipped, skippedInput{p, "a cloud assembly's asset folder"})
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".json" && ext != ".yaml" && ext != ".yml" {
			return nil
		}
		if name == "manifest.json" || name == "tree.json" || strings.HasSuffix(name, ".assets.json") {
			skipped = append(skipped, skippedInput{p, "a cloud assembly's manifest"})
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			skipped = append(skipped, skippedInput{p, "a symbolic link, which a walk does not follow (name it to read it)"})
			return nil
		}
		if !d.Type().IsRegular() {
			skipped = append(skipped, skippedInput{p, "not a regular file"})
			return nil
		}
		f, rerr := readFile(e, p)
		if rerr != nil {
			skipped = append(skipped, skippedInput{p, firstLine(rerr)})
			return nil
		}
		kind, derr := f.detect(kindAuto)
		if derr != nil {
			why := "not a pool document, template or plan"
			if _, serr := f.syntax(); serr != nil {
				why = "not JSON, nor a YAML template: " + firstLine(serr)
			}
			skipped = append(skipped, skippedInput{p, why})
			return nil
		}
		// A stack or a plan without an identity pool (another stack of
		// the app, a YAML file of another kind) has nothing to lint.
		if kind == kindCFN && !bytes.Contains(f.data, []byte("AWS::Cognito::IdentityPool")) ||
			kind == kindTF && !bytes.Contains(f.data, []byte("aws_cognito_identity_pool")) {
			skipped = append(skipped, skippedInput{p, "no identity pool"})
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
