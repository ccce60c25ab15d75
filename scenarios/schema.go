package scenarios

import (
	_ "embed"
	"encoding/json"

	"github.com/invopop/jsonschema"
)

//go:generate go run ../internal/schemagen -out schema.json

// schemaJSON is the JSON Schema of the scenario format, generated from File.
//
//go:embed schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of the scenario file
// format, for editors to complete and check scenario files.
func Schema() []byte { return schemaJSON }

// GenerateSchema builds the JSON Schema from the format's Go types: every
// key, type, limit and description comes from File and its fields' tags.
func GenerateSchema() ([]byte, error) {
	r := jsonschema.Reflector{
		DoNotReference:             false,
		RequiredFromJSONSchemaTags: false,
		AllowAdditionalProperties:  false,
	}
	s := r.Reflect(&File{})
	s.ID = "https://borderflow.github.io/schema/scenario.json"
	s.Title = "borderflow scenario"
	s.Description = "A what-if scenario for borderflow: a period, arrivals, destinations, model parameters and dated events."
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
