// Package ci holds the rolemap command's samples for a repository's CI: a
// GitHub Actions workflow (.github/workflows/rolemap.yml) that runs
// rolemap test, uploads rolemap lint --format sarif to code scanning,
// refuses pools AWS would refuse and comments a pull request with who gets
// a different role, and pre-commit hooks (.pre-commit-config.yaml) that run
// rolemap test and rolemap lint. The folder is laid out as a repository
// using them would be: case files in tests/, the template cdk synth writes
// in cdk.out/, a pool document exported with the AWS CLI in pools/.
//
// Its test builds rolemap and runs every rolemap command the two files
// hold, in a copy of this folder, so a sample that stops working fails
// go test.
package ci
