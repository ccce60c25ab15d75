package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
)

func runScenarios(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", "scenarios [list]\n       borderflow scenarios show NAME|FILE [--on DATE] [--network FILE]\n       borderflow scenarios export NAME > file.yaml\n       borderflow scenarios schema > scenario.schema.json\n\nLists, shows and exports the built-in scenarios, and prints the JSON Schema\nof the scenario format for editors.", stderr)
	on := fs.String("on", "", "with show: print every crossing's and centre's state on this `date` (YYYY-MM-DD)")
	netName := scenarioNetworkFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		pos = []string{"list"}
	}
	sub, rest := pos[0], pos[1:]
	if sub != "show" && (*on != "" || *netName != "") {
		return usagef("--on and --network go with scenarios show, not %q", sub)
	}
	need := func(n int) error {
		if len(rest) != n {
			return usagef("scenarios %s takes %d argument(s), got %d", sub, n, len(rest))
		}
		return nil
	}
	switch sub {
	case "list":
		if err := need(0); err != nil {
			return err
		}
		for _, name := range scenarios.Builtins() {
			s, err := scenarios.Builtin(name)
			if err != nil {
				return err
			}
			def := ""
			if name == scenarios.DefaultName {
				def = " (default)"
			}
			fmt.Fprintf(stdout, "%-28s %v – %v  %s%s\n", name, s.Start, s.End, printable(firstSentence(s.Description)), def)
		}
		return nil
	case "show":
		if err := need(1); err != nil {
			return err
		}
		net, nn, err := scenarioNetwork(*netName)
		if err != nil {
			return err
		}
		s, err := loadScenario(rest[0], net, nn)
		if err != nil {
			return err
		}
		if *on != "" {
			d, err := scenarios.ParseDate(*on)
			if err != nil {
				return usagef("--on: %v", err)
			}
			if d < s.Start || d > s.End {
				return usagef("--on: %v is outside the period %v – %v", d, s.Start, s.End)
			}
			printStateOn(stdout, s, d)
			return nil
		}
		printScenario(stdout, s)
		return nil
	case "export":
		if err := need(1); err != nil {
			return err
		}
		src, err := scenarios.BuiltinSource(rest[0])
		if err != nil {
			return err
		}
		_, err = stdout.Write(src)
		return err
	case "schema":
		if err := need(0); err != nil {
			return err
		}
		_, err := stdout.Write(scenarios.Schema())
		return err
	}
	return usagef("unknown sub-command %q (want list, show, export or schema)", sub)
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

func printScenario(w io.Writer, s *scenarios.Scenario) {
	net := s.Network
	fmt.Fprintf(w, "scenario  %s\n", printable(s.Name))
	if s.Description != "" {
		fmt.Fprintf(w, "about     %s\n", printable(strings.Join(strings.Fields(s.Description), " ")))
	}
	fmt.Fprintf(w, "period    %v – %v (%d days)\n", s.Start, s.End, s.Days())
	fmt.Fprintf(w, "network   %s\n", printable(s.NetworkName))
	fmt.Fprintf(w, "seed      %d\n", s.Seed)
	var total float64
	for _, st := range s.Streams {
		total += st.Total()
	}
	fmt.Fprintf(w, "arrivals  %.0f people in %d stream(s)\n", total, len(s.Streams))
	for _, st := range s.Streams {
		var at []string
		for _, e := range st.Entries {
			at = append(at, fmt.Sprintf("%s %.0f%%", net.Node(e.Node).Name, 100*e.Share))
		}
		fmt.Fprintf(w, "  %-20s %10.0f  at %s\n", printable(st.Name), st.Total(), printable(strings.Join(at, ", ")))
	}
	fmt.Fprintln(w, "destinations")
	for _, d := range s.Timeline.Destinations(s.Start) {
		fmt.Fprintf(w, "  %-20s %5.1f%%\n", net.Node(d.Exit).Name, 100*d.Share)
	}
	fmt.Fprintf(w, "events    %d\n", len(s.File.Events))
	events := slices.Clone(s.File.Events)
	slices.SortStableFunc(events, func(a, b scenarios.Event) int { return strings.Compare(a.Date, b.Date) })
	for _, e := range events {
		when := e.Date
		if e.End != "" {
			when += " – " + e.End
		}
		fmt.Fprintf(w, "  %-25s %s\n", printable(when), printable(e.Describe()))
	}
}

// printable makes text from a scenario file safe to print on a terminal:
// control characters (C0 but tab and line feed, DEL, C1), and so terminal
// escape sequences, and bidirectional overrides and isolates, which could
// make text read differently than it is, are shown escaped as \x1b, \u202e.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func printStateOn(w io.Writer, s *scenarios.Scenario, d scenarios.Date) {
	net, t := s.Network, s.Timeline
	fmt.Fprintf(w, "%s on %v\n\ncrossings\n", printable(s.Name), d)
	for c := range geo.CrossingID(net.NumCrossings()) {
		x := net.Crossing(c)
		st := t.Crossing(d, c)
		extra := ""
		if st.External {
			extra += "  Schengen external"
		}
		if st.CapacityPerDay > 0 {
			extra += fmt.Sprintf("  capacity %d/day", st.CapacityPerDay)
		}
		if st.Refusal > 0 {
			extra += fmt.Sprintf("  refusal %.0f%%", 100*st.Refusal)
		}
		fmt.Fprintf(w, "  %-34s %s–%s  %-9s%s\n", x.ID, x.A, x.B, st.Status, extra)
	}
	fmt.Fprintln(w, "\ncentres")
	for _, v := range net.Centres() {
		st, _ := t.Centre(d, v)
		state := "open"
		if !st.Open {
			state = "closed"
		}
		capacity := "capacity unknown"
		if st.Capacity > 0 {
			capacity = fmt.Sprintf("capacity %d", st.Capacity)
		}
		if st.RegistrationsPerDay > 0 {
			capacity += fmt.Sprintf("  registers %d/day", st.RegistrationsPerDay)
		}
		if info := net.Node(v).Centre; !info.Opened.IsZero() || !info.Closed.IsZero() {
			capacity += fmt.Sprintf("  (network: %s – %s)", cmp.Or(info.Opened.String(), "…"), cmp.Or(info.Closed.String(), "…"))
		}
		fmt.Fprintf(w, "  %-34s %s  %-6s  %s\n", net.Node(v).ID, net.Node(v).Country, state, capacity)
	}
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("validate", "validate [--network FILE] FILE|FLEE_DIR...\n\nChecks scenario files without running them and lists every problem as\nfile:line:column: message; a folder is checked as a Flee scenario (its files,\nnetwork, spawn plan and settings, as run --model flee would). Exit status 1 if\nany has a problem.", stderr)
	netName := scenarioNetworkFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("no scenario files given")
	}
	for _, f := range pos {
		if isDir(f) && *netName != "" {
			return usagef("--network: %s is a Flee scenario folder, which brings its own network", f)
		}
	}
	net, nn, err := scenarioNetwork(*netName)
	if err != nil {
		return err
	}
	bad := 0
	for _, f := range pos {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			msg, warns, err := validateFlee(f)
			for _, w := range warns {
				fmt.Fprintf(stdout, "warning: %v\n", w)
			}
			if err != nil {
				bad++
				fmt.Fprintln(stdout, err)
				continue
			}
			fmt.Fprintf(stdout, "%s: ok (%s)\n", f, msg)
			continue
		}
		s, err := loadScenarioFile(f, net, nn)
		if err != nil {
			bad++
			var list scenarios.ErrorList
			if !errors.As(err, &list) {
				err = fmt.Errorf("%v", err)
			}
			fmt.Fprintln(stdout, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s, %v – %v, %d events)\n", f, s.Name, s.Start, s.End, len(s.File.Events))
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d file(s) have problems", bad, len(pos))
	}
	return nil
}

// validateFlee checks a Flee scenario folder as run --model flee would read
// it, and describes it. The error lists every problem found, one a line;
// the warnings are the reader's (inputs Flee accepts that look like
// mistakes).
func validateFlee(dir string) (string, []*flee.Error, error) {
	fs, err := flee.Read(dir)
	if err != nil {
		return "", nil, err
	}
	var errs []error
	if _, err := fs.Network(); err != nil {
		errs = append(errs, err)
	}
	plan, err := fs.SpawnPlan()
	if err != nil {
		errs = append(errs, err)
	}
	if fs.Settings != nil {
		if u := fs.Settings.Unsupported(); len(u) > 0 {
			errs = append(errs, fmt.Errorf("%s: not implemented by borderflow's Flee model: %s", filepath.Join(dir, flee.SettingsFile), strings.Join(u, ", ")))
		}
	}
	if len(errs) > 0 {
		return "", fs.Warnings, errors.Join(errs...)
	}
	people := 0
	for _, n := range plan.Day0 {
		people += n
	}
	for _, n := range plan.Daily {
		people += n
	}
	return fmt.Sprintf("Flee scenario: %d locations, %d routes, %d camps, %d days from %s, %d people",
		len(fs.Locations), len(fs.Routes), len(fs.Camps()), fs.Period.Days, fs.Period.Start.Format(time.DateOnly), people), fs.Warnings, nil
}
