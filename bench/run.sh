#!/usr/bin/env bash
# End-to-end benchmarks: the engine benchmarks (go test -bench), then whole
# runs of the CLI under /usr/bin/time -v for wall time and peak memory.
# Usage: bench/run.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

go test ./bench -run '^$' -bench . -benchtime 1x -timeout 30m | grep -E '^(Benchmark|ok|FAIL)'

go build -o "$out/borderflow" ./cmd/borderflow
for args in "balkan-route-2015" "bench/synthetic-10m.yaml"; do
  for w in 1 2; do
    echo "== borderflow run $args --workers $w"
    /usr/bin/time -v "$out/borderflow" run $args --workers "$w" --out "$out/run" --force >"$out/stdout" 2>"$out/time"
    head -1 "$out/stdout"
    grep -E 'Elapsed \(wall clock\)|Maximum resident set size' "$out/time" | sed 's/^\s*/   /'
  done
done
