package iac

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/rolemapping/rolemapping/rolemap/diag"
)

// A ConfigReader reads Terraform configuration — the *.tf files of a
// folder, without a plan — into what [Terraform] gives for the plan made
// from it. Package iac reads JSON only, so that a service that imports it
// depends on no HCL parser; the reader lives in a module of its own and
// registers with [RegisterConfigReader] when imported:
//
//	import _ "github.com/rolemapping/rolemapping/rolemap/iac/tfconfig" // Terraform configuration
//
// Read gets the folder and the caller's bindings (see [WithBindings]).
type ConfigReader func(dir string, bindings map[string]string) (*Result, error)

var (
	configMu     sync.Mutex
	configReader ConfigReader
)

// RegisterConfigReader makes [TerraformConfig] read Terraform
// configuration with read. A package registers it in an init function;
// the last one registered is used.
func RegisterConfigReader(read ConfigReader) {
	configMu.Lock()
	defer configMu.Unlock()
	configReader = read
}

// ReadsConfig reports whether a [ConfigReader] is registered: whether
// [TerraformConfig] reads Terraform configuration.
func ReadsConfig() bool {
	configMu.Lock()
	defer configMu.Unlock()
	return configReader != nil
}

// ErrNoConfigReader is returned by [TerraformConfig] when no reader is
// registered.
var ErrNoConfigReader = errors.New("iac: Terraform configuration is read by a program that imports github.com/rolemapping/rolemapping/rolemap/iac/tfconfig, as the rolemap command does; otherwise give a plan as JSON (terraform show -json)")

// IsTerraformConfig reports whether path is Terraform configuration: a
// .tf file (which stands for its folder), or a folder that holds one.
func IsTerraformConfig(path string) bool {
	if strings.HasSuffix(path, ".tf") {
		return true
	}
	// os.ReadDir, not filepath.Glob: a folder named [old] is no pattern.
	entries, _ := os.ReadDir(path)
	return slices.ContainsFunc(entries, func(e os.DirEntry) bool { return !e.IsDir() && strings.HasSuffix(e.Name(), ".tf") })
}

// ConfigDir is the folder of the configuration at path: path itself, or
// the folder of a .tf file.
func ConfigDir(path string) string {
	if strings.HasSuffix(path, ".tf") {
		if info, err := os.Stat(path); err != nil || !info.IsDir() {
			return filepath.Dir(path)
		}
	}
	return path
}

// TerraformConfig imports the identity pools of the Terraform
// configuration at path (a folder of *.tf files, or one of its .tf files)
// with the registered [ConfigReader]. Its errors are [*Error] values
// placed in the .tf files ([Error.File]); its [Result.Places] name the
// file of each place.
func TerraformConfig(path string, opts ...Option) (*Result, error) {
	configMu.Lock()
	read := configReader
	configMu.Unlock()
	if read == nil {
		return nil, ErrNoConfigReader
	}
	return read(ConfigDir(path), newConfig(opts).bindings)
}

// WithPlaces places the paths of the document an import reads in the
// files it was made from: a reader that makes a plan's JSON from
// Terraform configuration gives it, so that every [Error] and
// [Result.Places] point at the .tf file, line and column. place follows
// each path step by step.
func WithPlaces(place func(paths []diag.Path) []Position) Option {
	return func(c *config) { c.place = place }
}

// WithPositions is [WithPlaces] for a function that places paths written
// as text.
//
// Deprecated: a printed path shortens long keys, so the text read back
// may name an ancestor of the member; use [WithPlaces].
func WithPositions(locate func(paths []string) []Position) Option {
	return WithPlaces((&Decoded{Locate: locate}).placer())
}

// Suppression is a finding code its authors suppressed beside a resource
// of the file: a `# rolemap:ignore CODE reason` comment above a Terraform
// block. A consumer checks it as it checks its own ignores (an exact
// code; a reason to suppress an error), and drops the findings of that
// code whose subject is in the resource ([Result.ResourceAt]).
type Suppression struct {
	Resource     string // the resource instance's address
	Code, Reason string
	At           Position // where the comment is
}

// ResourceOf returns the resource that a path of the file, as
// [Result.OriginPath] gives them, is in: for a Terraform plan or
// configuration, the resource instance's address. It returns false for a
// path in no resource.
func (r *Result) ResourceOf(origin diag.Path) (string, bool) {
	if r == nil || r.resourcePaths == nil {
		return "", false
	}
	for i := 0; i+1 < len(origin); i++ {
		if origin[i].Kind != diag.StepIndex && origin[i].Name == "resources" && origin[i+1].Kind == diag.StepIndex {
			addr, ok := r.resourcePaths[pathKey(origin[:i+2])]
			return addr, ok
		}
	}
	return "", false
}

// ResourceAt is [Result.ResourceOf] for a path written as text.
//
// Deprecated: use [Result.ResourceOf] with the path of
// [Result.OriginPath].
func (r *Result) ResourceAt(origin string) (string, bool) {
	return r.ResourceOf(textPath(origin))
}

// pathKey is a map key of a path: its steps, each name quoted, so that no
// two paths have the same key.
func pathKey(p diag.Path) string {
	var b strings.Builder
	for _, st := range p {
		if st.Kind == diag.StepIndex {
			b.WriteString("[" + strconv.Itoa(st.Index) + "]")
		} else {
			b.WriteString(strconv.Quote(st.Name))
		}
	}
	return b.String()
}
