// Command schemagen writes the JSON Schema of the scenario format,
// generated from the Go types in package scenarios. It is run by go generate
// in scenarios:
//
//	go generate ./scenarios
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/borderflow/borderflow/scenarios"
)

func main() {
	out := flag.String("out", "schema.json", "file to write")
	flag.Parse()
	s, err := scenarios.GenerateSchema()
	if err == nil {
		err = os.WriteFile(*out, s, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
