package iac

// Terraform is written below.
func Terraform(showJSON []byte, opts ...Option) (*Result, error) { return nil, ErrNoPool }
