#!/usr/bin/env bash
# Runs the peer benchmarks of .ci/peers (their own module: CEL and OPA never
# enter the library's go.mod): first the check that Resolve, the fair naive
# loop, CEL (one compiled program per mapping) and OPA (one prepared query
# per mapping) decide alike, then every workload of
# rolemap/testdata/workloads.json through all four, summarised by benchstat
# with one column per engine. Raw results: .ci/peers-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/peers"
BENCHSTAT=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
out=../peers-latest.txt
go test -count=1 -run TestAgree -v . | grep -E 'decided alike|^(ok|FAIL|---)'
{
  uname -srm
  date -u +%Y-%m-%dT%H:%MZ
  go version
  go test -run '^$' -bench . -benchmem -benchtime 100ms -count 5 .
} | tee "$out.tmp" >/dev/null
mv "$out.tmp" "$out"
go run "$BENCHSTAT" -col /engine "$out"
