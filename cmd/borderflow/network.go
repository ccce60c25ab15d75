package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
)

// networkFlag adds the --network flag shared by the commands that read a network.
func networkFlag(fs *flag.FlagSet) *string {
	return fs.String("network", westernbalkans.Name, "network: the embedded "+westernbalkans.Name+" or a GeoJSON file in borderflow's network schema")
}

// loadNetwork returns the embedded network or reads the named file.
func loadNetwork(name string) (*geo.Network, error) {
	if name == westernbalkans.Name || name == "" {
		return westernbalkans.Network()
	}
	return geo.ReadFile(name)
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
	fs := newFlags("network", "network [--network FILE] [--json] [--geojson FILE]\n       borderflow network import-osm FILE.osm.pbf --out net.geojson [--countries FILE]\n\nSummarises a network: its nodes, edges, border crossings, centres and countries.", stderr)
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
			return err
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
	withCap, places := 0, 0
	for _, c := range net.Centres() {
		if info := net.Node(c).Centre; info != nil && info.Capacity > 0 {
			withCap++
			places += info.Capacity
		}
	}
	fmt.Fprintf(w, "network    %s\n", name)
	fmt.Fprintf(w, "nodes      %d\n", net.NumNodes())
	fmt.Fprintf(w, "edges      %d (%.0f km; %d edges, %.0f km, estimated by circuity)\n", net.NumEdges(), roadKm, circuity, circuityKm)
	fmt.Fprintf(w, "crossings  %d\n", net.NumCrossings())
	fmt.Fprintf(w, "centres    %d (%d with a capacity, %d places)\n", len(net.Centres()), withCap, places)
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
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
