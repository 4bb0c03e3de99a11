package rolemaptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rolemapping/rolemapping/rolemap"
)

// File is a conformance case file (SPEC §6): one pool and the decisions it
// must make.
type File struct {
	Description string `json:"description,omitempty"`
	// Pool is the pool document.
	Pool rolemap.Pool `json:"pool"`
	// MaxRules is the rules-per-mapping quota; 0 means the default, 25.
	MaxRules int `json:"maxRules,omitempty"`
	// Invalid, when not nil, lists every path validation must report.
	Invalid []string `json:"invalid,omitempty"`
	// Unreachable, when not nil, lists every rule the linter must report
	// unreachable.
	Unreachable []string `json:"unreachable,omitempty"`
	// Cases are the requests and their expected outcomes.
	Cases []Case `json:"cases,omitempty"`
}

// Case is one request of a [File] and its expected outcome.
type Case struct {
	Name          string         `json:"name"`
	Login         string         `json:"login,omitempty"`
	Claims        map[string]any `json:"claims,omitempty"`
	CustomRoleARN string         `json:"customRoleArn,omitempty"`
	Want          Want           `json:"want"`
}

// Want is the expected outcome of a [Case]: a role, or an error code and
// optionally its exact message.
type Want struct {
	Role    string `json:"role,omitempty"`
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
}

// Request returns the case as a resolver request.
func (c Case) Request() rolemap.Request {
	return rolemap.Request{Login: c.Login, Claims: c.Claims, CustomRoleARN: c.CustomRoleARN}
}

// Options returns the compile options the file asks for.
func (f *File) Options() []rolemap.Option {
	if f.MaxRules == 0 {
		return nil
	}
	return []rolemap.Option{rolemap.WithMaxRules(f.MaxRules)}
}

// ParseFile decodes a case file. Claims keep their numbers as json.Number,
// so no digit is lost before the resolver compares them. It checks the
// file's own shape: a JSON object with a pool, every case named uniquely
// and expecting exactly one of a role or an error, no cases in a file with
// invalid.
func ParseFile(data []byte) (*File, error) {
	if len(data) > rolemap.MaxDocumentSize {
		return nil, errors.New("rolemaptest: case file larger than 16 MiB")
	}
	var raw struct {
		Description string          `json:"description"`
		Pool        json.RawMessage `json:"pool"`
		MaxRules    *int            `json:"maxRules"`
		Invalid     []string        `json:"invalid"`
		Unreachable []string        `json:"unreachable"`
		Cases       []Case          `json:"cases"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("rolemaptest: case file: %w", err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("rolemaptest: case file: data after the JSON object")
	}
	if len(raw.Pool) == 0 || string(raw.Pool) == "null" {
		return nil, errors.New("rolemaptest: case file: no pool")
	}
	f := &File{Description: raw.Description, Invalid: raw.Invalid, Unreachable: raw.Unreachable, Cases: raw.Cases}
	pool, err := rolemap.ParsePool(raw.Pool)
	if err != nil {
		return nil, fmt.Errorf("rolemaptest: case file: pool: %w", err)
	}
	f.Pool = pool
	if raw.MaxRules != nil {
		if *raw.MaxRules < 1 || *raw.MaxRules > 400 {
			return nil, fmt.Errorf("rolemaptest: case file: maxRules %d is outside 1..400", *raw.MaxRules)
		}
		f.MaxRules = *raw.MaxRules
	}
	if f.Invalid != nil && len(f.Cases) > 0 {
		return nil, errors.New("rolemaptest: case file: a file with invalid has no cases")
	}
	if f.Invalid != nil && f.Unreachable != nil {
		return nil, errors.New("rolemaptest: case file: unreachable applies to valid pools only")
	}
	seen := map[string]bool{}
	for i, c := range f.Cases {
		switch {
		case c.Name == "":
			return nil, fmt.Errorf("rolemaptest: case file: cases[%d] has no name", i)
		case seen[c.Name]:
			return nil, fmt.Errorf("rolemaptest: case file: cases[%d]: duplicate name %q", i, c.Name)
		case (c.Want.Role == "") == (c.Want.Error == ""):
			return nil, fmt.Errorf("rolemaptest: case file: cases[%d] %q: want needs exactly one of role or error", i, c.Name)
		case c.Want.Message != "" && c.Want.Error == "":
			return nil, fmt.Errorf("rolemaptest: case file: cases[%d] %q: want.message needs want.error", i, c.Name)
		}
		seen[c.Name] = true
	}
	return f, nil
}
