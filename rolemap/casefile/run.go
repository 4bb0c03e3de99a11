package casefile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rolemapping/rolemapping/internal/readfile"
	"github.com/rolemapping/rolemapping/rolemap"
)

// observed is what a decision and its error say, without the trace.
type observed struct {
	Role, Reason, Key string
	Rule              int
	Code, Message     string
	Detail            string
}

func observe(d rolemap.Decision, err error) observed {
	var re *rolemap.Error
	if errors.As(err, &re) {
		return observed{Code: re.Code, Message: re.Message, Key: re.MappingKey, Detail: re.Detail, Rule: -1}
	}
	if err != nil {
		return observed{Code: err.Error(), Rule: -1}
	}
	return observed{Role: d.RoleARN, Reason: d.Reason.String(), Key: d.MappingKey, Rule: d.RuleIndex()}
}

func outcome(d rolemap.Decision, err error) Want {
	if err != nil {
		var re *rolemap.Error
		if errors.As(err, &re) {
			return Want{Error: re.Code, Message: re.Message}
		}
		return Want{Error: err.Error()}
	}
	return Want{Role: d.RoleARN}
}

func show(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(data)
}

func itoa(i int) string { return strings.TrimSpace(show(i)) }

func indent(s string) string { return "\t" + strings.ReplaceAll(s, "\n", "\n\t") }

// set sorts a list and drops repeats.
func set(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}

// Skipped is a folder or file under a folder that [FindCaseFiles] did not
// take as a case file, and why.
type Skipped struct {
	Path, Why string
}

// skipDirs are folders of dependencies and build output, never searched
// for case files: a CDK project's node_modules holds thousands of JSON
// files that are not case files.
var skipDirs = map[string]string{
	"node_modules": "dependencies",
	"vendor":       "dependencies",
	"cdk.out":      "build output",
}

// caseFileMembers are the top-level members of which a case file has at
// least one.
var caseFileMembers = []string{"pool", "source", "cases", "invalid", "unreachable", "findings"}

// FindCaseFiles lists the case files (*.json) under dir, at any depth, in
// lexical order, as [CheckDir] and rolemaptest.RunDir find them. It does not search
// dependency and build folders (node_modules, vendor, cdk.out) or
// dot-folders (.git, .terraform…), and it skips a JSON object with none
// of a case file's top-level members (pool, source, cases, invalid,
// unreachable, findings), such as package.json: those are listed in
// skipped. A file it cannot read or parse is listed as a case file, so
// that checking it reports why. It fails for a folder it cannot walk and
// one that holds no case file ([ErrNoCaseFiles]).
func FindCaseFiles(dir string) (files []string, skipped []Skipped, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path == dir {
				return nil
			}
			name := d.Name()
			if why, ok := skipDirs[name]; ok {
				skipped = append(skipped, Skipped{path, "a folder of " + why})
				return filepath.SkipDir
			}
			if strings.HasPrefix(name, ".") {
				skipped = append(skipped, Skipped{path, "a hidden folder"})
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".json") {
			return nil
		}
		if why := notCaseFile(path); why != "" {
			skipped = append(skipped, Skipped{path, why})
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		return nil, skipped, fmt.Errorf("%s: %w", dir, ErrNoCaseFiles)
	}
	return files, skipped, nil
}

// notCaseFile says why the JSON file at path is not a case file, or ""
// when it may be one (or cannot be read: checking it says why).
func notCaseFile(path string) string {
	data, err := readfile.Read(path, rolemap.MaxDocumentSize)
	if err != nil {
		return ""
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && json.Valid(data) {
			return "JSON that is not an object"
		}
		return "" // a syntax error: report it
	}
	for _, m := range caseFileMembers {
		if _, ok := top[m]; ok {
			return ""
		}
	}
	return "no case file member (pool, source, cases, invalid, unreachable, findings)"
}
