// Package archtest holds no code: its test enforces the module's
// architecture — the fixed top-level layout, the allowed module
// dependencies, and the import direction between packages.
package archtest
