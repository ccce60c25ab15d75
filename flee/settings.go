package flee

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/borderflow/borderflow/internal/yamlguard"
	"github.com/goccy/go-yaml"
)

// Settings is simsetting.yml. Raw keeps every value under its key; the typed
// fields hold the values Flee's spawn and move rules use, each with Flee's
// default where the key is absent. The YAML key of each field is given in its
// comment (section.key).
type Settings struct {
	// Raw is the whole document: sections (log_levels, spawn_rules,
	// move_rules, optimisations, …) map to map[string]any.
	Raw map[string]any

	// NumberOfSteps is number_of_steps (top level); −1 when absent.
	NumberOfSteps int

	// Move chances: the daily probability of leaving a location of each kind.
	ConflictMoveChance float64 // move_rules.conflict_movechance (default 1)
	CampMoveChance     float64 // move_rules.camp_movechance (default 0.001)
	IDPCampMoveChance  float64 // move_rules.idpcamp_movechance (default 0.1)
	DefaultMoveChance  float64 // move_rules.default_movechance (default 0.3), for every other location

	MaxMoveSpeed     float64 // move_rules.max_move_speed, km per day (default 360)
	MaxWalkSpeed     float64 // move_rules.max_walk_speed, km per day on foot (default 35)
	MaxCrossingSpeed float64 // move_rules.max_crossing_speed, km per day (default 20)
	StartOnFoot      bool    // move_rules.start_on_foot (default false)
	AvoidShortStints bool    // move_rules.avoid_short_stints (default false)

	ForeignWeight  float64 // move_rules.foreign_weight (default 1)
	CampWeight     float64 // move_rules.camp_weight (default 1)
	ConflictWeight float64 // move_rules.conflict_weight (default 1/√10)

	AwarenessLevel    int     // move_rules.awareness_level (default 1)
	DistanceSoftening float64 // move_rules.softening, km added to every link (default 10)
	WeightSoftening   float64 // move_rules.weight_softening (default 0)
	WeightPower       float64 // move_rules.weight_power (default 1)
	DistancePower     float64 // move_rules.distance_power (default 1)
	CapacityBuffer    float64 // move_rules.capacity_buffer (default 0.9)
	CapacityScaling   float64 // move_rules.capacity_scaling (default 1)
	UseV1Rules        bool    // move_rules.use_v1_rules (default false)

	// CampsAreSinks is spawn_rules.camps_are_sinks; Flee itself reads the
	// misspelt key camps_are_sicks, which is accepted too (default false).
	CampsAreSinks              bool
	TakeFromPopulation         bool      // spawn_rules.take_from_population (default false)
	InsertDay0                 bool      // spawn_rules.insert_day0 (default true)
	EmptyCampsOnDay0           bool      // spawn_rules.empty_camps_on_day0 (default false)
	SumFromCamps               bool      // spawn_rules.sum_from_camps (default true)
	ConflictSpawnDecay         []float64 // spawn_rules.conflict_spawn_decay; nil when absent
	ConflictSpawnDecayInterval int       // spawn_rules.conflict_spawn_decay_interval, days (default 30)

	Hasten int // optimisations.hasten: population scale-down factor (default 1)
}

func parseSettings(file string, r io.Reader) (*Settings, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(yamlguard.Default.MaxBytes)+1))
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	// Before decoding: a file too large, nested too deep or with aliases
	// that expand too far would cost the decoder gigabytes.
	var ge *yamlguard.Error
	if errors.As(yamlguard.Check(data, yamlguard.Default), &ge) {
		return nil, &Error{File: file, Line: ge.Line, Column: ge.Column, Err: errors.New(ge.Msg)}
	}
	// As Flee's loader (PyYAML's safe_load): a key given twice keeps its
	// last value. Windows line ends are read as plain ones, so that error
	// lines count as an editor does.
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	var raw map[string]any
	if err := yaml.UnmarshalWithOptions(data, &raw, yaml.AllowDuplicateMapKey()); err != nil {
		return nil, &Error{File: file, Err: fmt.Errorf("invalid YAML: %s", yaml.FormatError(err, false, false))}
	}
	if raw == nil {
		raw = map[string]any{}
	}
	s := &Settings{Raw: raw}
	d := decoder{file: file}
	top := d.section(raw, "")
	spawn := d.section(raw, "spawn_rules")
	move := d.section(raw, "move_rules")
	opt := d.section(raw, "optimisations")

	s.NumberOfSteps = d.int(top, "", "number_of_steps", -1)

	s.ConflictMoveChance = d.float(move, "move_rules", "conflict_movechance", 1)
	s.CampMoveChance = d.float(move, "move_rules", "camp_movechance", 0.001)
	s.IDPCampMoveChance = d.float(move, "move_rules", "idpcamp_movechance", 0.1)
	s.DefaultMoveChance = d.float(move, "move_rules", "default_movechance", 0.3)
	s.MaxMoveSpeed = d.float(move, "move_rules", "max_move_speed", 360)
	s.MaxWalkSpeed = d.float(move, "move_rules", "max_walk_speed", 35)
	s.MaxCrossingSpeed = d.float(move, "move_rules", "max_crossing_speed", 20)
	s.StartOnFoot = d.bool(move, "move_rules", "start_on_foot", false)
	s.AvoidShortStints = d.bool(move, "move_rules", "avoid_short_stints", false)
	s.ForeignWeight = d.float(move, "move_rules", "foreign_weight", 1)
	s.CampWeight = d.float(move, "move_rules", "camp_weight", 1)
	s.ConflictWeight = d.float(move, "move_rules", "conflict_weight", 1/math.Sqrt(10))
	s.AwarenessLevel = d.int(move, "move_rules", "awareness_level", 1)
	s.DistanceSoftening = d.float(move, "move_rules", "softening", 10)
	s.WeightSoftening = d.float(move, "move_rules", "weight_softening", 0)
	s.WeightPower = d.float(move, "move_rules", "weight_power", 1)
	s.DistancePower = d.float(move, "move_rules", "distance_power", 1)
	s.CapacityBuffer = d.float(move, "move_rules", "capacity_buffer", 0.9)
	s.CapacityScaling = d.float(move, "move_rules", "capacity_scaling", 1)
	s.UseV1Rules = d.bool(move, "move_rules", "use_v1_rules", false)

	if _, ok := spawn["camps_are_sinks"]; ok {
		s.CampsAreSinks = d.bool(spawn, "spawn_rules", "camps_are_sinks", false)
	} else {
		s.CampsAreSinks = d.bool(spawn, "spawn_rules", "camps_are_sicks", false)
	}
	s.TakeFromPopulation = d.bool(spawn, "spawn_rules", "take_from_population", false)
	s.InsertDay0 = d.bool(spawn, "spawn_rules", "insert_day0", true)
	s.EmptyCampsOnDay0 = d.bool(spawn, "spawn_rules", "empty_camps_on_day0", false)
	s.SumFromCamps = d.bool(spawn, "spawn_rules", "sum_from_camps", true)
	s.ConflictSpawnDecay = d.floats(spawn, "spawn_rules", "conflict_spawn_decay")
	s.ConflictSpawnDecayInterval = d.int(spawn, "spawn_rules", "conflict_spawn_decay_interval", 30)

	s.Hasten = d.int(opt, "optimisations", "hasten", 1)

	if d.err != nil {
		return nil, d.err
	}
	if s.Hasten < 1 {
		return nil, &Error{File: file, Err: fmt.Errorf("optimisations.hasten: %d (want at least 1)", s.Hasten)}
	}
	if s.ConflictSpawnDecayInterval < 1 {
		return nil, &Error{File: file, Err: fmt.Errorf("spawn_rules.conflict_spawn_decay_interval: %d (want at least 1)", s.ConflictSpawnDecayInterval)}
	}
	return s, nil
}

// decoder reads typed values out of the YAML maps, keeping the first error.
type decoder struct {
	file string
	err  error
}

func (d *decoder) fail(sec, key, format string, args ...any) {
	if d.err != nil {
		return
	}
	name := key
	if sec != "" {
		name = sec + "." + key
	}
	d.err = &Error{File: d.file, Err: fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))}
}

// section returns the map under key (the top level for ""); nil when absent.
func (d *decoder) section(raw map[string]any, key string) map[string]any {
	if key == "" {
		return raw
	}
	v, ok := raw[key]
	if !ok || v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.fail("", key, "want a mapping, got %v", v)
		return nil
	}
	return m
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return 0, false
}

func (d *decoder) float(m map[string]any, sec, key string, def float64) float64 {
	v, ok := m[key]
	if !ok || v == nil {
		return def
	}
	f, ok := number(v)
	if !ok {
		d.fail(sec, key, "want a number, got %v", v)
		return def
	}
	return f
}

func (d *decoder) int(m map[string]any, sec, key string, def int) int {
	v, ok := m[key]
	if !ok || v == nil {
		return def
	}
	f, ok := number(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		d.fail(sec, key, "want an integer, got %v", v)
		return def
	}
	return int(f)
}

func (d *decoder) bool(m map[string]any, sec, key string, def bool) bool {
	v, ok := m[key]
	if !ok || v == nil {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		d.fail(sec, key, "want true or false, got %v", v)
		return def
	}
	return b
}

func (d *decoder) floats(m map[string]any, sec, key string) []float64 {
	v, ok := m[key]
	if !ok || v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		d.fail(sec, key, "want a list of numbers, got %v", v)
		return nil
	}
	out := make([]float64, len(list))
	for i, x := range list {
		f, ok := number(x)
		if !ok {
			d.fail(sec, key, "item %d: want a number, got %v", i+1, x)
			return nil
		}
		out[i] = f
	}
	return out
}

// unsupported lists the settings that switch on rules borderflow's Flee
// model does not implement, as section.key → the rule's name.
var unsupported = []struct{ sec, key, rule string }{
	{"spawn_rules", "conflict_driven_spawning", "conflict-driven spawning"},
	{"spawn_rules", "flood_driven_spawning", "flood-driven spawning"},
	{"spawn_rules", "starvation_driven_spawning", "starvation-driven spawning"},
	{"move_rules", "flood_rules", "flood move rules"},
	{"move_rules", "use_v1_rules", "Flee 1's route rules"},
	{"move_rules", "movechance_pop_scale_factor", "population-scaled move chances"},
	{"move_rules", "stay_close_to_home", "the stay-close-to-home rule"},
}

// Unsupported returns, for each setting that switches on a rule
// borderflow's Flee model does not implement (a true value, a non-zero
// number or a non-empty section), "section.key (rule)". A run of such a
// scenario would silently differ from Flee's, so fleemodel.Run refuses it.
func (s *Settings) Unsupported() []string {
	var out []string
	for _, u := range unsupported {
		sec, _ := s.Raw[u.sec].(map[string]any)
		v, ok := sec[u.key]
		if !ok || !switchedOn(v) {
			continue
		}
		out = append(out, fmt.Sprintf("%s.%s (%s)", u.sec, u.key, u.rule))
	}
	return out
}

func switchedOn(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case map[string]any:
		return len(x) > 0
	case []any:
		return len(x) > 0
	case string:
		return x != "" && x != "0" && !strings.EqualFold(x, "false")
	}
	f, ok := number(v)
	return !ok || f != 0
}
