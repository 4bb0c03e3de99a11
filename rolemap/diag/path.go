package diag

import (
	"strconv"
	"strings"

	"github.com/rolemapping/rolemapping/internal/clip"
)

// StepKind says what a [Step] is.
type StepKind uint8

const (
	// StepMember is a member of an object written .Name (or Name first).
	StepMember StepKind = iota
	// StepKey is a member of an object written ["Name"]: a map key, such
	// as a RoleMappings provider or a role ARN.
	StepKey
	// StepIndex is an element of an array, written [Index].
	StepIndex
)

// Step is one step of a [Path].
type Step struct {
	Kind StepKind
	// Name is the member's name or the key (StepMember, StepKey).
	Name string
	// Index is the element's zero-based index (StepIndex).
	Index int
}

// Path is where in a document a diagnostic is: its steps from the
// document's root. The empty path is the whole document. A Path is never
// modified once built: [Path.Member], [Path.Key] and [Path.Index] return a
// new path, so one path may be the prefix of many.
type Path []Step

// Root is the path of a top-level member, written as its name.
func Root(name string) Path { return Path{{Kind: StepMember, Name: name}} }

// RootKey is the path of a top-level member written ["name"].
func RootKey(name string) Path { return Path{{Kind: StepKey, Name: name}} }

// Member returns the path of p's member name.
func (p Path) Member(name string) Path { return p.with(Step{Kind: StepMember, Name: name}) }

// Key returns the path of p's member key, written ["key"].
func (p Path) Key(key string) Path { return p.with(Step{Kind: StepKey, Name: key}) }

// Index returns the path of p's element i.
func (p Path) Index(i int) Path { return p.with(Step{Kind: StepIndex, Index: i}) }

// Join returns the path q inside p: q's steps after p's.
func (p Path) Join(q Path) Path {
	out := make(Path, 0, len(p)+len(q))
	return append(append(out, p...), q...)
}

// with returns p and st, never sharing p's spare capacity.
func (p Path) with(st Step) Path {
	out := make(Path, len(p), len(p)+1)
	copy(out, p)
	return append(out, st)
}

// String writes p in the reference's path syntax:
// RoleMappings["accounts.google.com"].RulesConfiguration.Rules[3].Value.
// A key longer than the clip limit is written as its first bytes and its
// size, and a very long path as its head and tail, so that no document
// makes a message much longer than the path's depth; the path is still
// placed whole (see [Source]).
func (p Path) String() string {
	var b strings.Builder
	for i, st := range p {
		switch st.Kind {
		case StepKey:
			b.WriteString("[" + clip.QuoteKey(st.Name) + "]")
		case StepIndex:
			b.WriteString("[" + strconv.Itoa(st.Index) + "]")
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(st.Name)
		}
	}
	return clip.Path(b.String())
}

// Compare orders paths by their text, the order a reader scans a sorted
// report in.
func (p Path) Compare(q Path) int { return strings.Compare(p.String(), q.String()) }
