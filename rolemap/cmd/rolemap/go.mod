module github.com/rolemapping/rolemapping/rolemap/cmd/rolemap

go 1.25.0

require (
	github.com/rolemapping/rolemapping v0.0.0-00010101000000-000000000000
	github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml v0.0.0-00010101000000-000000000000
	github.com/rolemapping/rolemapping/rolemap/iac/tfconfig v0.0.0-00010101000000-000000000000
)
