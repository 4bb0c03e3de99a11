package main

import (
	// Template readers, registered with package iac: the command reads
	// what they read wherever it reads a template (lint, explain, diff,
	// import, case files' source). A reader of inputs that are paths
	// rather than one file (Terraform configuration) registers with
	// package iac too, which package input asks.
	_ "github.com/rolemapping/rolemapping/rolemap/iac/cfnyaml"  // CloudFormation in YAML
	_ "github.com/rolemapping/rolemapping/rolemap/iac/tfconfig" // Terraform configuration (*.tf)
)
