package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/google/renameio/v2"
)

// networkFlag adds the --network flag shared by the commands that read a network.
func networkFlag(fs *flag.FlagSet) *string {
	return fs.String("network", westernbalkans.Name, "network: the embedded "+westernbalkans.Name+" or a GeoJSON file in borderflow's network schema")
}

// loadNetwork returns the embedded network or reads the named file; a
// folder, a device or a missing file is refused naming --network.
func loadNetwork(name string) (*geo.Network, error) {
	if name == westernbalkans.Name || name == "" {
		return westernbalkans.Network()
	}
	fi, err := os.Stat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("--network %s: no such file (want %s or a GeoJSON network file)", name, westernbalkans.Name)
	case err != nil:
		return nil, fmt.Errorf("--network %s: %w", name, err)
	case fi.IsDir():
		return nil, fmt.Errorf("--network %s is a folder; want %s or a GeoJSON network file", name, westernbalkans.Name)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("--network %s is a %s; want a GeoJSON network file", name, fileKind(fi.Mode()))
	}
	return geo.ReadFile(name)
}

// scenarioNetworkFlag adds the --network flag of the commands that read a
// scenario (run, scenarios show, validate): it replaces the network the
// scenario names.
func scenarioNetworkFlag(fs *flag.FlagSet) *string {
	return fs.String("network", "", "run the scenario on this network: the embedded "+westernbalkans.Name+" or a GeoJSON `file` in borderflow's network schema (default: the network the scenario names)")
}

// scenarioNetwork reads the network a scenario --network flag names, with
// the name the scenario records for it (westernbalkans or the file's
// absolute path, which run folders are read back with); nil when the flag
// was not given.
func scenarioNetwork(name string) (*geo.Network, string, error) {
	if name == "" {
		return nil, "", nil
	}
	net, err := loadNetwork(name)
	if err != nil {
		return nil, "", err
	}
	if name == westernbalkans.Name {
		return net, name, nil
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, "", fmt.Errorf("--network %s: %w", name, err)
	}
	return net, abs, nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// isScenarioFile tells a scenario file from a built-in scenario's name.
func isScenarioFile(nameOrFile string) bool {
	_, err := os.Stat(nameOrFile)
	return err == nil || strings.ContainsAny(nameOrFile, "/\\") || strings.HasSuffix(nameOrFile, ".yaml") || strings.HasSuffix(nameOrFile, ".yml")
}

// loadScenario loads a built-in scenario or a scenario file, on net
// (named netName) instead of the network it names when net is not nil
// (--network).
func loadScenario(nameOrFile string, net *geo.Network, netName string) (*scenarios.Scenario, error) {
	switch {
	case isScenarioFile(nameOrFile):
		return loadScenarioFile(nameOrFile, net, netName)
	case net == nil:
		return scenarios.Builtin(nameOrFile)
	}
	src, err := scenarios.BuiltinSource(nameOrFile)
	if err != nil {
		return nil, err
	}
	return scenarios.LoadWithNetwork(src, "builtin:"+nameOrFile, ".", net, netName)
}

// loadScenarioFile reads a scenario file, on net (named netName) instead
// of the network it names when net is not nil.
func loadScenarioFile(path string, net *geo.Network, netName string) (*scenarios.Scenario, error) {
	if net == nil {
		return scenarios.LoadFile(path)
	}
	return scenarios.LoadFileWithNetwork(path, net, netName)
}

// networkSummary is what `borderflow network --json` prints.
type networkSummary struct {
	Nodes     int      `json:"nodes"`
	Edges     int      `json:"edges"`
	Crossings int      `json:"crossings"`
	Centres   int      `json:"centres"`
	Countries []string `json:"countries"`
}

func runNetwork(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "import-osm" {
		return runImportOSM(args[1:], stdout, stderr)
	}
	fs := newFlags("network", "network [--network FILE] [--json] [--geojson FILE]\n       borderflow network import-osm FILE.osm.pbf --out net.geojson [--countries FILE] [--open-end-km KM]\n\nSummarises a network: its nodes, edges, border crossings, centres and countries.", stderr)
	netName := networkFlag(fs)
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	export := fs.String("geojson", "", "also write the network to this GeoJSON `file`")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q (sub-command: import-osm)", pos[0])
	}
	net, err := loadNetwork(*netName)
	if err != nil {
		return err
	}
	if *export != "" {
		if err := writeFileAtomic(*export, net.WriteGeoJSON); err != nil {
			return fmt.Errorf("--geojson %w", err)
		}
	}
	sum := networkSummary{
		Nodes: net.NumNodes(), Edges: net.NumEdges(), Crossings: net.NumCrossings(),
		Centres: len(net.Centres()), Countries: net.Countries(),
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(sum)
	}
	printSummary(stdout, *netName, net)
	return nil
}

func printSummary(w io.Writer, name string, net *geo.Network) {
	var roadKm, circuityKm geo.Km
	var circuity int
	for e := range geo.EdgeID(net.NumEdges()) {
		ed := net.Edge(e)
		roadKm += ed.Km
		if ed.Method == geo.Circuity {
			circuity++
			circuityKm += ed.Km
		}
	}
	withCap, places, dated, registering, registrations := 0, 0, 0, 0, 0
	for _, c := range net.Centres() {
		info := net.Node(c).Centre
		if info == nil {
			continue
		}
		if info.Capacity > 0 {
			withCap++
			places += info.Capacity
		}
		if !info.Opened.IsZero() || !info.Closed.IsZero() {
			dated++
		}
		if info.RegistrationsPerDay > 0 {
			registering++
			registrations += info.RegistrationsPerDay
		}
	}
	fmt.Fprintf(w, "network    %s\n", name)
	fmt.Fprintf(w, "nodes      %d\n", net.NumNodes())
	fmt.Fprintf(w, "edges      %d (%.0f km; %d edges, %.0f km, estimated by circuity)\n", net.NumEdges(), roadKm, circuity, circuityKm)
	fmt.Fprintf(w, "crossings  %d\n", net.NumCrossings())
	fmt.Fprintf(w, "centres    %d (%d with a capacity, %d places; %d with opening or closing dates; %d registering %d people a day in transit)\n",
		len(net.Centres()), withCap, places, dated, registering, registrations)
	fmt.Fprintf(w, "entries    %d: %s\n", len(net.Entries()), nodeNames(net, net.Entries()))
	fmt.Fprintf(w, "exits      %d: %s\n", len(net.Exits()), nodeNames(net, net.Exits()))
	fmt.Fprintf(w, "countries  %d: %s\n", len(net.Countries()), strings.Join(net.Countries(), " "))
	fmt.Fprintf(w, "components %d\n", net.Components())
}

func nodeNames(net *geo.Network, vs []geo.NodeID) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = net.Node(v).Name
	}
	return strings.Join(names, ", ")
}

// writeFileAtomic writes a file through a temporary file in the same folder,
// renamed into place only when everything was written: a failure leaves no
// half-written file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		kind := "folder"
		if !fi.IsDir() {
			kind = fileKind(fi.Mode())
		}
		return fmt.Errorf("%s is a %s; want the path of a file to write", path, kind)
	}
	t, err := renameio.NewPendingFile(path, renameio.WithPermissions(0o644))
	if err != nil {
		return fmt.Errorf("%s: cannot write there: %w", path, err)
	}
	defer t.Cleanup()
	if err := write(t); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := t.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
