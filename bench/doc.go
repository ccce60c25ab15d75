// Package bench will hold end-to-end benchmarks and validation runs of whole
// scenarios. Benchmarks of single components sit next to their code (for the
// network: go test ./geo/... -bench .).
package bench
