package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
	"github.com/rolemapping/rolemapping/rolemap/diag"
	"github.com/rolemapping/rolemapping/rolemap/iac"
	"github.com/rolemapping/rolemapping/rolemap/input"
	"github.com/rolemapping/rolemapping/validate"
)

// templateIgnores returns the suppressions a CloudFormation template
// states beside its constructs, by resource logical ID: a resource's
//
//	"Metadata": {"rolemap": {"ignore": [{"code": "CODE", "reason": "WHY"}]}}
//
// — what CDK's node.addMetadata("rolemap", {ignore: […]}) writes, as
// cfn-lint and checkov read theirs. Each entry is checked as a config
// file's are: an exact code, and a reason to suppress an error.
func templateIgnores(l *input.Loaded) (map[string][]string, error) {
	if l.Kind == input.Terraform {
		return configIgnores(l)
	}
	if l.Kind != input.CloudFormation {
		return nil, nil
	}
	// A template that never writes "rolemap", nor an escape that could
	// spell it, has no such metadata: it is not decoded a second time.
	if !bytes.Contains(l.Data, []byte("rolemap")) && !bytes.Contains(l.Data, []byte(`\`)) {
		return nil, nil
	}
	data := l.Data
	if f, ok := iac.TemplateFormatOf(data); ok {
		d, err := f.Decode(data)
		if err != nil {
			return nil, nil // the import reported it
		}
		data = d.JSON
	}
	var t struct {
		Resources map[string]struct {
			Metadata struct {
				Rolemap *struct {
					Ignore []struct {
						Code   string `json:"code"`
						Reason string `json:"reason"`
					} `json:"ignore"`
				} `json:"rolemap"`
			}
		}
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, nil // the import reported the file's shape
	}
	out := map[string][]string{}
	var paths []diag.Path
	var whys []string
	for _, id := range slices.Sorted(maps.Keys(t.Resources)) {
		m := t.Resources[id].Metadata.Rolemap
		if m == nil {
			continue
		}
		for i, ig := range m.Ignore {
			if why := checkCode(ig.Code, ig.Reason, false); why != "" {
				if len(whys) < maxConfigProblems {
					paths = append(paths, resourcePath(id).Member("Metadata").Member("rolemap").Member("ignore").Index(i))
					whys = append(whys, why)
				}
				continue
			}
			out[id] = append(out[id], ig.Code)
		}
	}
	if len(whys) == 0 {
		return out, nil
	}
	// Each problem at its line and column in the file as written.
	pos := l.Places(paths)
	var b strings.Builder
	for i, why := range whys {
		where := l.Name
		if i < len(pos) && pos[i].Line > 0 {
			where += ":" + strconv.Itoa(pos[i].Line) + ":" + strconv.Itoa(pos[i].Column)
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(where + ": " + paths[i].String() + ": " + why)
	}
	return nil, inputErrorf("%s", b.String())
}

// suppressInTemplate drops the findings a template's resource metadata
// suppresses — those whose subject is in that resource (the resource its
// path in the file, Result.OriginPath, is in) — and counts them by code.
func suppressInTemplate(l *input.Loaded, located []validate.Located, ignores map[string][]string, counts map[string]int) []validate.Located {
	if len(ignores) == 0 || l.Result == nil {
		return located
	}
	kept := located[:0]
	for _, f := range located {
		origin, _ := l.Result.OriginPath(f.Pool, f.Path)
		id, ok := resourceOf(origin)
		if l.Kind == input.Terraform {
			id, ok = l.Result.ResourceOf(origin)
		}
		if ok && slices.Contains(ignores[id], f.Code) {
			counts[f.Code]++
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

// resourcePath is the template path of a resource: Resources.ID, written
// Resources["I.D"] for an ID holding a dot or a bracket.
func resourcePath(id string) diag.Path {
	if strings.ContainsAny(id, ".[") {
		return diag.Root("Resources").Key(id)
	}
	return diag.Root("Resources").Member(id)
}

// resourceOf returns the logical ID of a template path (Resources.ID.…).
func resourceOf(origin diag.Path) (string, bool) {
	if len(origin) < 2 || origin[0].Kind == diag.StepIndex || origin[0].Name != "Resources" || origin[1].Kind == diag.StepIndex {
		return "", false
	}
	return origin[1].Name, origin[1].Name != ""
}

// configIgnores returns the suppressions a Terraform configuration
// states beside its blocks, by resource instance address: a
//
//	# rolemap:ignore CODE reason
//
// comment (or //) on the lines directly above a resource block. Each is
// checked as a config file's are: an exact code, and a reason to suppress
// an error.
func configIgnores(l *input.Loaded) (map[string][]string, error) {
	if l.Result == nil || len(l.Result.Suppressions) == 0 {
		return nil, nil
	}
	out := map[string][]string{}
	var lines []string
	seen := map[iac.Position]bool{} // a comment above a block of several instances is checked once
	for _, s := range l.Result.Suppressions {
		if why := checkCode(s.Code, s.Reason, false); why != "" {
			if !seen[s.At] && len(lines) < maxConfigProblems {
				seen[s.At] = true
				lines = append(lines, fmt.Sprintf("%s:%d:%d: rolemap:ignore: %s", clip.Line(s.At.File), s.At.Line, s.At.Column, why))
			}
			continue
		}
		out[s.Resource] = append(out[s.Resource], s.Code)
	}
	if len(lines) > 0 {
		return nil, &inputError{Lines: lines}
	}
	return out, nil
}
