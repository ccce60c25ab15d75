package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/geo"
)

// routeJSON is what `borderflow route --json` prints.
type routeJSON struct {
	Km        float64        `json:"km"`
	Countries []string       `json:"countries"`
	Crossings []crossingJSON `json:"crossings"`
	Nodes     []string       `json:"nodes"`
}

type crossingJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

func runRoute(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("route", "route --from PLACE --to PLACE [--close-border A-B]... [--close-crossing ID]... [--network FILE] [--json]\n\nPrints the shortest road route between two places (ids or names; case and\ndiacritics do not matter) with the countries and border crossings it passes.", stderr)
	netName := networkFlag(fs)
	from := fs.String("from", "", "start `place` (id or name)")
	to := fs.String("to", "", "destination `place` (id or name)")
	var borders, crossings listFlag
	fs.Var(&borders, "close-border", "close every crossing between two countries, e.g. SRB-HUN (repeatable)")
	fs.Var(&crossings, "close-crossing", "close a border crossing by `id` (repeatable)")
	asJSON := fs.Bool("json", false, "print the route as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *from == "" || *to == "" {
		return usagef("both --from and --to are required")
	}
	net, err := loadNetwork(*netName)
	if err != nil {
		return err
	}
	src, err := net.Lookup(*from)
	if err != nil {
		return usagef("--from: %v", err)
	}
	dst, err := net.Lookup(*to)
	if err != nil {
		return usagef("--to: %v", err)
	}
	r := geo.NewRouter(net, dst)
	for _, b := range borders {
		a, c, err := parseBorder(net, b)
		if err != nil {
			return usagef("--close-border: %v", err)
		}
		r.SetBorderClosed(a, c, true)
	}
	for _, id := range crossings {
		c, err := net.LookupCrossing(id)
		if err != nil {
			return usagef("--close-crossing: %v", err)
		}
		r.SetCrossingClosed(c, true)
	}
	p, ok := r.Route(src, dst)
	if !ok {
		return fmt.Errorf("no open route from %s to %s", net.Node(src).Name, net.Node(dst).Name)
	}
	out := routeJSON{Km: float64(p.Km), Countries: net.PathCountries(p), Crossings: []crossingJSON{}}
	for i, e := range p.Edges {
		if c := net.EdgeCrossing(e); c != geo.None {
			x := net.Crossing(c)
			out.Crossings = append(out.Crossings, crossingJSON{
				ID: x.ID, Name: x.Name,
				From: net.Node(p.Nodes[i]).Country, To: net.Node(p.Nodes[i+1]).Country,
			})
		}
	}
	for _, v := range p.Nodes {
		out.Nodes = append(out.Nodes, net.Node(v).ID)
	}
	if *asJSON {
		out.Km = float64(int64(out.Km*10+0.5)) / 10
		return json.NewEncoder(stdout).Encode(out)
	}
	fmt.Fprintf(stdout, "%s → %s: %.0f km\n", net.Node(src).Name, net.Node(dst).Name, p.Km)
	fmt.Fprintf(stdout, "countries: %s\n", strings.Join(out.Countries, " → "))
	fmt.Fprintln(stdout, "crossings:")
	if len(out.Crossings) == 0 {
		fmt.Fprintln(stdout, "  none")
	}
	for _, c := range out.Crossings {
		fmt.Fprintf(stdout, "  %s → %s  %s (%s)\n", c.From, c.To, c.Name, c.ID)
	}
	names := make([]string, len(p.Nodes))
	for i, v := range p.Nodes {
		names[i] = net.Node(v).Name
	}
	fmt.Fprintf(stdout, "via: %s\n", strings.Join(names, ", "))
	return nil
}

// parseBorder reads "SRB-HUN" into two country codes that the network has
// and that share at least one crossing.
func parseBorder(net *geo.Network, s string) (string, string, error) {
	a, b, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), "-")
	if !ok || a == "" || b == "" {
		return "", "", fmt.Errorf("%q: want two ISO alpha-3 country codes joined by '-', e.g. SRB-HUN", s)
	}
	for _, c := range []string{a, b} {
		if !slices.Contains(net.Countries(), c) {
			return "", "", fmt.Errorf("%q: the network has no country %q (it has %s)", s, c, strings.Join(net.Countries(), " "))
		}
	}
	if len(net.CrossingsBetween(a, b)) == 0 {
		return "", "", fmt.Errorf("%q: no crossings between %s and %s", s, a, b)
	}
	return a, b, nil
}
