package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/geo"
)

//go:embed library/*.yaml
var library embed.FS

// DefaultName is the scenario `borderflow run` runs when given none.
const DefaultName = "balkan-route-2015"

// Builtins returns the names of the built-in scenarios, sorted.
func Builtins() []string {
	entries, err := fs.Glob(library, "library/*.yaml")
	if err != nil {
		panic(err) // the pattern is fixed
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = strings.TrimSuffix(strings.TrimPrefix(e, "library/"), ".yaml")
	}
	slices.Sort(names)
	return names
}

// BuiltinSource returns the YAML text of a built-in scenario, with its
// comments (the sources of its numbers).
func BuiltinSource(name string) ([]byte, error) {
	data, err := library.ReadFile("library/" + name + ".yaml")
	if err != nil {
		msg := fmt.Sprintf("no built-in scenario %q", name)
		if s := geo.Suggest(name, Builtins(), 2); len(s) > 0 {
			msg += fmt.Sprintf("; did you mean %q?", s[0])
		} else {
			msg += fmt.Sprintf(" (built-ins: %s)", strings.Join(Builtins(), ", "))
		}
		return nil, fmt.Errorf("%s", msg)
	}
	return data, nil
}

// Builtin loads a built-in scenario.
func Builtin(name string) (*Scenario, error) {
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return Load(data, "builtin:"+name, ".")
}
