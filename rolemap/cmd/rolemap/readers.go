package main

import (
	// Template readers, registered with package iac: the command reads
	// what they read wherever it reads a template (lint, explain, diff,
	// import, case files' source).
	_ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml" // CloudFormation in YAML
)
