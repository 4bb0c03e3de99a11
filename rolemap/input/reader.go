package input

import (
	"github.com/rolemapping/rolemapping/rolemap/iac"
)

// pathReader reads an input that is not one file but a path: Terraform
// configuration (a .tf file, or a folder of them), with the reader a
// program registered with package iac (iac.RegisterConfigReader: the
// rolemap command links rolemap/iac/tfconfig). Without one, Load, Expand
// and Read refuse such a path and say how to give a plan instead.
type pathReader struct {
	kind  Kind
	match func(path string) bool
	read  func(path string, opts ...iac.Option) (*iac.Result, error)
}

var configReader = pathReader{kind: Terraform, match: iac.IsTerraformConfig, read: iac.TerraformConfig}

// pathReaderFor returns the reader of path when one is registered and
// forced is Auto (or "") or its kind.
func pathReaderFor(path string, forced Kind) (pathReader, bool) {
	if (forced == "" || forced == Auto || forced == configReader.kind) && iac.ReadsConfig() && configReader.match(path) {
		return configReader, true
	}
	return pathReader{}, false
}
