package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/borderflow/borderflow/calibrate"
	"github.com/borderflow/borderflow/internal/yamlguard"
	"github.com/borderflow/borderflow/scenarios"
)

// Limits of a sweep.
const (
	MaxItems      = 1_000_000
	MaxReplicates = 10_000
	MaxValues     = 10_000 // values of one parameter
)

// File is a sweep file as written.
type File struct {
	Name string `json:"name"`
	// Scenario is a built-in scenario's name or a scenario file's path,
	// relative to the sweep file.
	Scenario   string  `json:"scenario"`
	Scale      float64 `json:"scale,omitempty"`      // agents per person (default 1)
	Replicates int     `json:"replicates,omitempty"` // runs per point (default 1)
	Seed       uint64  `json:"seed,omitempty"`       // base seed (default 1)
	// CommonSeeds gives replicate r of every point the same seed (common
	// random numbers: points differ by what they change, not by chance),
	// instead of a seed per item.
	CommonSeeds bool `json:"common_seeds,omitempty"`
	// Vary gives each varying parameter's values (names as
	// calibrate.Params gives them; a bare name is a model parameter,
	// params.NAME).
	Vary map[string][]float64 `json:"vary,omitempty"`
	// Design samples the parameters' ranges for a sensitivity analysis,
	// instead of Vary's grid.
	Design *Design `json:"design,omitempty"`
	// EventSets are alternative sets of events added to the scenario's
	// (none: the scenario's own, as one set named "scenario").
	EventSets []EventSet `json:"event_sets,omitempty"`
}

// EventSet is a named set of events added to the scenario's, and of
// capacity added to centres (Beds: places, on every day a centre has a
// known capacity) and to posts (Passes: a day, on every day a crossing is
// checked with a cap), by id.
type EventSet struct {
	Name   string            `json:"name"`
	Events []scenarios.Event `json:"events,omitempty"`
	Beds   map[string]int    `json:"beds,omitempty"`
	Passes map[string]int    `json:"passes,omitempty"`
}

// Error is a problem with a sweep file, at a line and column where known.
type Error struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Parse reads a sweep file (name for messages), strictly: unknown keys,
// wrong types and duplicate keys are errors with their line and column.
func Parse(data []byte, name string) (f *File, err error) {
	if err := yamlguard.Check(data, yamlguard.Default); err != nil {
		var ge *yamlguard.Error
		if errors.As(err, &ge) {
			return nil, &Error{File: name, Line: ge.Line, Column: ge.Column, Msg: ge.Msg}
		}
		return nil, &Error{File: name, Msg: err.Error()}
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{File: name, Msg: fmt.Sprintf("the YAML decoder failed on this input (%v); check the file's structure", r)}
		}
	}()
	f = &File{}
	if err := yaml.UnmarshalWithOptions(data, f, yaml.Strict()); err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
			pos := ye.GetToken().Position
			return nil, &Error{File: name, Line: pos.Line, Column: pos.Column, Msg: ye.GetMessage()}
		}
		return nil, &Error{File: name, Msg: strings.TrimSpace(err.Error())}
	}
	at := positions(data)
	fail := func(key, format string, args ...any) error {
		p := at[key]
		return &Error{File: name, Line: p[0], Column: p[1], Msg: fmt.Sprintf(format, args...)}
	}
	// The decoder truncates a number with a fraction into a whole field
	// (replicates: 0.5 would be 0): the whole fields must be written whole.
	raw := scalars(data)
	for _, key := range []string{"replicates", "seed", "design.samples", "design.levels"} {
		if v, ok := raw[key]; ok && !wholePattern.MatchString(v) {
			return nil, fail(key, "%s is %q, want a whole number", key, v)
		}
	}
	switch {
	case f.Name == "":
		return nil, fail("", "no name (want e.g. name: delay-grid)")
	case f.Scenario == "":
		return nil, fail("", "no scenario (a built-in name or a scenario file)")
	case f.Scale < 0 || math.IsNaN(f.Scale) || math.IsInf(f.Scale, 0):
		return nil, fail("scale", "scale %v: want a positive number", f.Scale)
	case f.Replicates < 0 || f.Replicates > MaxReplicates:
		return nil, fail("replicates", "replicates %d: want 1 to %d", f.Replicates, MaxReplicates)
	}
	if f.Scale == 0 {
		f.Scale = 1
	}
	if f.Replicates == 0 {
		f.Replicates = 1
	}
	if f.Seed == 0 {
		f.Seed = 1
	}
	for k, vs := range f.Vary {
		if len(vs) == 0 || len(vs) > MaxValues {
			return nil, fail("vary."+k, "%s has %d values: want 1 to %d", k, len(vs), MaxValues)
		}
		for _, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fail("vary."+k, "%s: value %v is not a number", k, v)
			}
		}
	}
	if d := f.Design; d != nil {
		if len(f.Vary) > 0 {
			return nil, fail("design", "give vary (a grid) or design (a sample), not both")
		}
		if err := d.check(); err != nil {
			return nil, fail("design", "%v", err)
		}
	}
	names := map[string]bool{}
	for i, es := range f.EventSets {
		switch {
		case es.Name == "":
			return nil, fail(fmt.Sprintf("event_sets.%d", i), "event set %d has no name", i+1)
		case names[es.Name]:
			return nil, fail(fmt.Sprintf("event_sets.%d", i), "event set %q is named twice", es.Name)
		}
		names[es.Name] = true
		for id, n := range es.Beds {
			if n < 0 || n > 1e9 {
				return nil, fail(fmt.Sprintf("event_sets.%d", i), "event set %q: %d beds at %s: want 0 to 1e9", es.Name, n, id)
			}
		}
		for id, n := range es.Passes {
			if n < 0 || n > 1e9 {
				return nil, fail(fmt.Sprintf("event_sets.%d", i), "event set %q: %d passes a day at %s: want 0 to 1e9", es.Name, n, id)
			}
		}
	}
	if n := f.items(); n > MaxItems {
		return nil, fail("", "%.0f items (points × replicates): more than the %d a sweep may hold", n, MaxItems)
	}
	return f, nil
}

// items returns the number of items the file asks for (in floating
// point: it may be far more than a sweep may hold).
func (f *File) items() float64 {
	n := float64(max(1, len(f.EventSets)) * f.Replicates)
	if f.Design != nil {
		return n * f.Design.size(len(f.Design.Ranges))
	}
	for _, vs := range f.Vary {
		n *= float64(len(vs))
	}
	return n
}

// Hash returns a hash of the sweep as parsed: the shards and the merge
// check that they worked on the same sweep.
func (f *File) Hash() string {
	b, _ := json.Marshal(f)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// positions maps the file's keys (dotted paths: "scale", "vary.NAME",
// "event_sets.0") to their line and column, for messages about values the
// decoder took but the sweep cannot use.
func positions(data []byte) map[string][2]int {
	out := map[string][2]int{}
	file, err := parser.ParseBytes(data, 0)
	if err != nil || len(file.Docs) == 0 {
		return out
	}
	var walk func(prefix string, n ast.Node)
	walk = func(prefix string, n ast.Node) {
		switch n := n.(type) {
		case *ast.MappingNode:
			for _, v := range n.Values {
				walk(prefix, v)
			}
		case *ast.MappingValueNode:
			key := n.Key.GetToken().Value
			if prefix != "" {
				key = prefix + "." + key
			}
			if p := n.Key.GetToken().Position; p != nil {
				out[key] = [2]int{p.Line, p.Column}
			}
			walk(key, n.Value)
		case *ast.SequenceNode:
			for i, v := range n.Values {
				key := fmt.Sprintf("%s.%d", prefix, i)
				if p := v.GetToken().Position; p != nil {
					out[key] = [2]int{p.Line, p.Column}
				}
				walk(key, v)
			}
		}
	}
	if body := file.Docs[0].Body; body != nil {
		walk("", body)
	}
	return out
}

var wholePattern = regexp.MustCompile(`^[0-9]+$`)

// scalars maps the file's top-level and design keys to their raw scalar
// text.
func scalars(data []byte) map[string]string {
	out := map[string]string{}
	file, err := parser.ParseBytes(data, 0)
	if err != nil || len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return out
	}
	var walk func(prefix string, n ast.Node, depth int)
	walk = func(prefix string, n ast.Node, depth int) {
		switch n := n.(type) {
		case *ast.MappingNode:
			for _, v := range n.Values {
				walk(prefix, v, depth)
			}
		case *ast.MappingValueNode:
			key := n.Key.GetToken().Value
			if prefix != "" {
				key = prefix + "." + key
			}
			switch v := n.Value.(type) {
			case *ast.MappingNode, *ast.MappingValueNode:
				if depth == 0 {
					walk(key, v, depth+1)
				}
			case *ast.SequenceNode:
			default:
				if t := n.Value.GetToken(); t != nil {
					out[key] = t.Value
				}
			}
		}
	}
	walk("", file.Docs[0].Body, 0)
	return out
}

// paramName returns the calibrate name of a varying parameter: a bare
// name is a model parameter.
func paramName(k string) string {
	if strings.Contains(k, ".") {
		return k
	}
	return "params." + k
}

// checkParams checks that every varying parameter is one of s's free
// parameters and every value within its bounds, by setting each.
func (f *File) checkParams(s *scenarios.Scenario, name string, data []byte) error {
	at := positions(data)
	if f.Design != nil {
		for _, k := range slices.Sorted(maps.Keys(f.Design.Ranges)) {
			for _, v := range f.Design.Ranges[k] {
				if _, err := calibrate.WithValues(s, map[string]float64{paramName(k): v}); err != nil {
					p := at["design.ranges."+k]
					return &Error{File: name, Line: p[0], Column: p[1], Msg: err.Error()}
				}
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.Vary)) {
		for _, v := range f.Vary[k] {
			if _, err := calibrate.WithValues(s, map[string]float64{paramName(k): v}); err != nil {
				p := at["vary."+k]
				return &Error{File: name, Line: p[0], Column: p[1], Msg: err.Error()}
			}
		}
	}
	return nil
}
