// Package bench holds end-to-end benchmarks of whole runs: the default
// scenario at full scale and a synthetic ten-million-agent load
// (synthetic-10m.yaml). See README.md for the one command that runs them
// and measures peak memory. Benchmarks of single components sit next to
// their code (go test ./geo/... -bench .).
package bench
