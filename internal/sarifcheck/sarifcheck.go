// Package sarifcheck checks a SARIF log against the structure the SARIF
// 2.1.0 schema requires and GitHub code scanning reads, for tests: the
// required properties of sarifLog, run, tool, toolComponent,
// reportingDescriptor, result, message, location, physicalLocation,
// artifactLocation and region, with their JSON types and ranges, and the
// cross-references (a result's ruleIndex names the rule of its ruleId).
package sarifcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Result is one result of a log, as a test compares it.
type Result struct {
	RuleID       string
	Level        string
	URI          string
	Line, Column int
	Message      string
	Fingerprint  string
}

// Check decodes a SARIF log and checks its structure, returning its
// results in order.
func Check(data []byte) ([]Result, error) {
	var log map[string]any
	if err := json.Unmarshal(data, &log); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	c := &checker{}
	c.str(log, "$", "version", true)
	if v, _ := log["version"].(string); v != "2.1.0" {
		c.fail("$.version: %q, want \"2.1.0\"", v)
	}
	c.str(log, "$", "$schema", false)
	runs := c.array(log, "$", "runs", true)
	var out []Result
	for i, r := range runs {
		at := fmt.Sprintf("$.runs[%d]", i)
		run := c.object(r, at)
		tool := c.object(run["tool"], at+".tool")
		driver := c.object(tool["driver"], at+".tool.driver")
		c.str(driver, at+".tool.driver", "name", true)
		c.str(driver, at+".tool.driver", "version", false)
		c.str(driver, at+".tool.driver", "informationUri", false)
		var ids []string
		for k, rd := range c.array(driver, at+".tool.driver", "rules", false) {
			rat := fmt.Sprintf("%s.tool.driver.rules[%d]", at, k)
			rule := c.object(rd, rat)
			ids = append(ids, c.str(rule, rat, "id", true))
			for _, m := range []string{"shortDescription", "fullDescription", "help"} {
				if v, ok := rule[m]; ok {
					c.message(v, rat+"."+m)
				}
			}
			if dc, ok := rule["defaultConfiguration"]; ok {
				c.level(c.object(dc, rat+".defaultConfiguration"), rat+".defaultConfiguration")
			}
		}
		if ck, ok := run["columnKind"]; ok && ck != "utf16CodeUnits" && ck != "unicodeCodePoints" {
			c.fail("%s.columnKind: %v", at, ck)
		}
		for k, rv := range c.array(run, at, "results", true) {
			rat := fmt.Sprintf("%s.results[%d]", at, k)
			res := c.object(rv, rat)
			var got Result
			got.Message = c.message(res["message"], rat+".message")
			got.RuleID = c.str(res, rat, "ruleId", true) // GitHub needs it
			got.Level = c.level(res, rat)
			if ri, ok := res["ruleIndex"]; ok {
				n := c.integer(ri, rat+".ruleIndex", 0)
				if n < len(ids) && ids[n] != got.RuleID {
					c.fail("%s.ruleIndex %d names rule %q, not its ruleId %q", rat, n, ids[n], got.RuleID)
				} else if n >= len(ids) {
					c.fail("%s.ruleIndex %d: the driver has %d rules", rat, n, len(ids))
				}
			} else if !slices.Contains(ids, got.RuleID) {
				c.fail("%s.ruleId %q names no rule", rat, got.RuleID)
			}
			locs := c.array(res, rat, "locations", true)
			if len(locs) == 0 {
				c.fail("%s.locations: GitHub needs a location", rat)
			}
			for l, lv := range locs {
				got.URI, got.Line, got.Column = c.location(lv, fmt.Sprintf("%s.locations[%d]", rat, l))
			}
			for l, lv := range c.array(res, rat, "relatedLocations", false) {
				c.location(lv, fmt.Sprintf("%s.relatedLocations[%d]", rat, l))
			}
			if pf, ok := res["partialFingerprints"]; ok {
				for key, v := range c.object(pf, rat+".partialFingerprints") {
					s, ok := v.(string)
					if !ok {
						c.fail("%s.partialFingerprints[%q]: not a string", rat, key)
					}
					got.Fingerprint = s
				}
			}
			out = append(out, got)
		}
	}
	return out, errors.Join(c.errs...)
}

type checker struct{ errs []error }

func (c *checker) fail(format string, args ...any) {
	if len(c.errs) < 50 {
		c.errs = append(c.errs, fmt.Errorf(format, args...))
	}
}

func (c *checker) object(v any, at string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		c.fail("%s: not an object", at)
	}
	return m
}

func (c *checker) array(m map[string]any, at, name string, required bool) []any {
	v, ok := m[name]
	if !ok {
		if required {
			c.fail("%s.%s: missing", at, name)
		}
		return nil
	}
	a, ok := v.([]any)
	if !ok {
		c.fail("%s.%s: not an array", at, name)
	}
	return a
}

func (c *checker) str(m map[string]any, at, name string, required bool) string {
	v, ok := m[name]
	if !ok {
		if required {
			c.fail("%s.%s: missing", at, name)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok || (required && s == "") {
		c.fail("%s.%s: not a non-empty string", at, name)
	}
	return s
}

func (c *checker) integer(v any, at string, least int) int {
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || f < float64(least) {
		c.fail("%s: %v is not an integer of at least %d", at, v, least)
		return 0
	}
	return int(f)
}

func (c *checker) message(v any, at string) string {
	m := c.object(v, at)
	return c.str(m, at, "text", true)
}

func (c *checker) level(m map[string]any, at string) string {
	v, ok := m["level"]
	if !ok {
		return "warning" // the schema's default
	}
	s, _ := v.(string)
	if !slices.Contains([]string{"none", "note", "warning", "error"}, s) {
		c.fail("%s.level: %v", at, v)
	}
	return s
}

func (c *checker) location(v any, at string) (uri string, line, col int) {
	loc := c.object(v, at)
	pl := c.object(loc["physicalLocation"], at+".physicalLocation")
	al := c.object(pl["artifactLocation"], at+".physicalLocation.artifactLocation")
	uri = c.str(al, at+".physicalLocation.artifactLocation", "uri", true)
	reg := c.object(pl["region"], at+".physicalLocation.region")
	line = c.integer(reg["startLine"], at+".physicalLocation.region.startLine", 1)
	if sc, ok := reg["startColumn"]; ok {
		col = c.integer(sc, at+".physicalLocation.region.startColumn", 1)
	}
	if id, ok := loc["id"]; ok {
		c.integer(id, at+".id", -1)
	}
	if m, ok := loc["message"]; ok {
		c.message(m, at+".message")
	}
	for k, l := range c.array(loc, at, "logicalLocations", false) {
		ll := c.object(l, fmt.Sprintf("%s.logicalLocations[%d]", at, k))
		c.str(ll, at, "fullyQualifiedName", false)
	}
	return uri, line, col
}
