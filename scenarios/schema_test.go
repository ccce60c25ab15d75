package scenarios

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSchemaUpToDate keeps the published schema and the Go types in
// agreement: the embedded schema.json must be what the types generate.
func TestSchemaUpToDate(t *testing.T) {
	got, err := GenerateSchema()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, Schema()) {
		t.Error("scenarios/schema.json is stale: run go generate ./scenarios")
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("scenario.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlToJSONValue converts a YAML document into the value a JSON Schema
// validator checks (dates and months stay strings).
func yamlToJSONValue(t *testing.T, data []byte) any {
	t.Helper()
	j, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemaAgreesWithDecoder checks the schema against what the strict
// decoder accepts and rejects: every built-in scenario validates, and files
// the decoder rejects for their shape (unknown keys, wrong types) do not.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	s := compileSchema(t)
	for _, name := range Builtins() {
		src, err := BuiltinSource(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("built-in %s does not validate against the schema: %v", name, err)
		}
	}
	for _, f := range []string{"unknown-key-top.yaml", "unknown-key-arrival.yaml", "wrong-type-seed.yaml", "rate-above-one.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata/bad", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlToJSONValue(t, data)); err == nil {
			t.Errorf("%s validates against the schema, but the decoder rejects it", f)
		}
	}
}

func TestSchemaHasEveryKey(t *testing.T) {
	for _, k := range formatKeys() {
		if !strings.Contains(string(Schema()), `"`+k+`"`) {
			t.Errorf("key %q of the format is missing from the schema", k)
		}
	}
}
