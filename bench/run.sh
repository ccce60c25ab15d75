#!/usr/bin/env bash
# End-to-end benchmarks: the engine benchmarks (go test -bench), then whole
# runs of the CLI under /usr/bin/time -v for wall time and peak memory.
# Usage: bench/run.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

go test ./bench -run '^$' -bench . -benchtime 1x -timeout 30m | grep -E '^(Benchmark|ok|FAIL)'
go test ./sim/fleemodel -run '^$' -bench FleeMali -benchtime 10x | grep -E '^(Benchmark|ok|FAIL)'

go build -o "$out/borderflow" ./cmd/borderflow
# Whole runs write the tables only (--formats none): the time is the simulation's.
# Scores: mali2012 against its Flee folder's camp series (Flee: ARD 0.347,
# rescaled 0.316); balkan-route-2015 against UNHCR's daily sea arrivals in
# Greece of 16–20 October 2015 (bench/observed, sources in bench/README.md).
for args in "balkan-route-2015" "bench/synthetic-10m.yaml" "--model flee testdata/flee/mali2012"; do
  for w in 1 2; do
    echo "== borderflow run $args --workers $w"
    /usr/bin/time -v "$out/borderflow" run $args --workers "$w" --formats none --out "$out/run" --force >"$out/stdout" 2>"$out/time"
    head -1 "$out/stdout"
    grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$out/time" | sed 's/^\s*/   /'
    observed=""
    case $args in
      --model\ flee*) observed=testdata/flee/mali2012 ;;
      balkan-route-2015) observed=bench/observed/greece-sea-arrivals-2015-10.csv ;;
    esac
    if [[ -n $observed ]]; then
      "$out/borderflow" score "$out/run" --observed "$observed" | grep -E '^ARD' | sed 's/^/   /'
    fi
  done
done
