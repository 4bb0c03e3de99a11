package input

import (
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// A PathReader reads an input that is not one file of JSON or of a format
// registered with package iac, but a path: Terraform configuration (a .tf
// file, or a folder of them), for one. A module that reads such inputs
// registers with package iac; the program that links it registers it here
// too, in an init function, so that Load, Expand and Read take the path
// to it rather than refuse it.
type PathReader struct {
	// Kind is what Loaded.Kind says of what it reads, and the name that
	// forces it (the command's --input).
	Kind Kind
	// Match reports whether the reader reads path.
	Match func(path string) bool
	// Import reads the input at path, with the bindings given as opts
	// (iac.WithBindings), as iac.CloudFormation reads a template.
	Import func(path string, opts ...iac.Option) (*iac.Result, error)
}

// pathReaders are the registered PathReaders, in registration order.
var pathReaders []PathReader

// RegisterPathReader registers r. It is not safe to call concurrently
// with Load: call it from an init function.
func RegisterPathReader(r PathReader) { pathReaders = append(pathReaders, r) }

// configReader reads Terraform configuration with the reader registered
// with package iac (iac.RegisterConfigReader: a program that imports
// rolemap/iac/tfconfig), after the PathReaders registered here.
var configReader = PathReader{Kind: Terraform, Match: iac.IsTerraformConfig, Import: iac.TerraformConfig}

// pathReaderFor returns the first registered reader that reads path, and
// whose Kind is forced or forced is Auto (or ""): a PathReader, else
// iac's Terraform configuration reader when one is registered.
func pathReaderFor(path string, forced Kind) (PathReader, bool) {
	for _, r := range pathReaders {
		if (forced == "" || forced == Auto || forced == r.Kind) && r.Match(path) {
			return r, true
		}
	}
	if (forced == "" || forced == Auto || forced == Terraform) && iac.ReadsConfig() && configReader.Match(path) {
		return configReader, true
	}
	return PathReader{}, false
}
