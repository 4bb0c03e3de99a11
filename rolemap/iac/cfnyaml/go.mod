module github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml

go 1.24

require (
	github.com/rolemapping/rolemapping v0.0.0-00010101000000-000000000000
	go.yaml.in/yaml/v4 v4.0.0
)
