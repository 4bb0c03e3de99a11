package validate_test

import (
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// P builds the path a test writes as text (RoleMappings["k"].Type), for
// tables of expected findings; production code builds paths step by step.
func P(s string) diag.Path {
	var p diag.Path
	for i := 0; i < len(s); {
		switch {
		case s[i] == '.':
			i++
		case strings.HasPrefix(s[i:], `["`):
			j := i + 2
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			k, err := strconv.Unquote(s[i+1 : j+1])
			if err != nil {
				panic("P: " + s)
			}
			p, i = p.Key(k), j+2
		case s[i] == '[':
			j := strings.IndexByte(s[i:], ']') + i
			n, err := strconv.Atoi(s[i+1 : j])
			if err != nil {
				panic("P: " + s)
			}
			p, i = p.Index(n), j+1
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			p, i = p.Member(s[i:j]), j
		}
	}
	return p
}

// strs writes paths as text.
func strs(ps []diag.Path) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}
