// Command borderflow simulates people moving across the road and border
// network of the Western Balkans and reports the load on border posts and
// reception centres.
//
// Usage:
//
//	borderflow COMMAND [flags]
//
// The commands are run, report, compare, score, network (and network
// import-osm), route, scenarios, validate and version; "borderflow --help"
// lists each with its flags, and "borderflow COMMAND --help" explains them.
// Exit status: 0 on success, 1 on failure, 2 on a usage error; run, report
// and compare stopped by a signal clean up and exit 128 + the signal's
// number: 130 (SIGINT), 143 (SIGTERM), 129 (SIGHUP).
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/borderflow/borderflow/geo"
)

// version is borderflow's version, as the version command, summary.json,
// the report and the map give it.
var version = buildVersion(debug.ReadBuildInfo())

// pseudoVersion matches the tail of a Go pseudo-version
// (v0.0.0-20250102150405-0123456789ab, optionally +dirty).
var pseudoVersion = regexp.MustCompile(`[-.][0-9]{14}-[0-9a-f]{12}(\+[0-9A-Za-z.-]+)?$`)

// buildVersion formats the version from the binary's build information:
// the module version when built from a tagged module (go install
// …@v1.2.3), else devel-REVISION (the VCS revision, 12 characters, with
// +dirty when the tree had uncommitted changes), else the pseudo-version
// the go command recorded, else devel.
func buildVersion(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "devel"
	}
	v := bi.Main.Version
	if v != "" && v != "(devel)" && !pseudoVersion.MatchString(v) {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		out := "devel-" + rev[:min(12, len(rev))]
		if modified == "true" {
			out += "+dirty"
		}
		return out
	}
	if v != "" && v != "(devel)" {
		return v
	}
	return "devel"
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one sub-command of the CLI.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "simulate a scenario and write its daily tables", runRun},
		{"report", "re-render the maps, charts and HTML report of a run folder", runReport},
		{"compare", "compare a scenario's run with a baseline run, place by place", runCompare},
		{"score", "score a run against observed counts (ARD)", runScore},
		{"calibrate", "fit a scenario's free parameters to observed counts", runCalibrate},
		{"backtest", "score forecasts from past as-of days against what was observed after", runBacktest},
		{"forecast", "forecast the load of every centre and post from observed counts, with bands and warnings", runForecast},
		{"sweep", "run a sweep (or one shard of it) over parameter grids, event sets and replicates, or print its Slurm or Kubernetes job", runSweep},
		{"merge", "check a sweep's shards and merge them into one table", runMerge},
		{"plan", "capacity planning: where more beds or passes a day cut people turned away or queued most", runPlan},
		{"network", "summarise, export or import a road network", runNetwork},
		{"route", "shortest road route between two places, with closures", runRoute},
		{"scenarios", "list, show and export the built-in scenarios; print the format's JSON Schema", runScenarios},
		{"validate", "check scenario files without running them", runValidate},
		{"version", "print the version", runVersion},
	}
}

// usageError marks an error in how a command was called (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		mainUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(exitError)):
			var ee exitError
			errors.As(err, &ee)
			fmt.Fprintf(stderr, "borderflow %s: %v\n", c.name, err)
			return ee.code
		case errors.As(err, new(usageError)):
			fmt.Fprintf(stderr, "borderflow %s: %v\n", c.name, err)
			fmt.Fprintf(stderr, "Run 'borderflow %s --help' for usage.\n", c.name)
			return 2
		default:
			fmt.Fprintf(stderr, "borderflow %s: %v\n", c.name, err)
			return 1
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	msg := fmt.Sprintf("borderflow: unknown command %q", args[0])
	if s := geo.Suggest(args[0], names, 1); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %q?", s[0])
	}
	fmt.Fprintln(stderr, msg)
	mainUsage(stderr)
	return 2
}

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "version\n\nPrints borderflow's version: the module version of a tagged build (go install\n…@vX.Y.Z), else devel-REVISION (+dirty for uncommitted changes), as\nsummary.json and the reports record it.", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	fmt.Fprintln(stdout, "borderflow", version)
	return nil
}

// mainUsage lists every command with its synopsis, taken from the
// command's own --help so that the two cannot drift apart.
func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "borderflow: people moving across the Western Balkans road and border network.")
	fmt.Fprintln(w, "\nUsage: borderflow COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
		for _, l := range synopsis(c) {
			fmt.Fprintf(w, "             %s\n", l)
		}
	}
	fmt.Fprintln(w, "\nRun 'borderflow COMMAND --help' for a command's flags.")
}

// synopsis returns the usage lines ("borderflow run [SCENARIO] …") that a
// command prints first on --help.
func synopsis(c command) []string {
	var help bytes.Buffer
	c.run([]string{"--help"}, io.Discard, &help)
	var lines []string
	for _, l := range strings.Split(help.String(), "\n") {
		if strings.TrimSpace(l) == "" {
			break
		}
		lines = append(lines, strings.TrimSpace(strings.TrimPrefix(l, "Usage:")))
	}
	return lines
}

// newFlags returns a flag set that reports errors to the caller instead of
// exiting, and prints usage (with the synopsis) on --help.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: borderflow %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may be mixed with positional arguments
// (e.g. "import-osm FILE --out X") and returns the positional ones. Beyond
// the flag package's checks it refuses, as usage errors naming the flag and
// the value: a flag given twice (bool flags and repeatable ones aside), an
// empty value, a number that is NaN or infinite, an unknown flag (with the
// closest one suggested), and a device or pipe where a file is wanted
// (reading /dev/zero would never end).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	orig := map[string]flag.Value{}
	fs.VisitAll(func(f *flag.Flag) {
		orig[f.Name] = f.Value
		f.Value = &checkedValue{Value: f.Value}
	})
	restore := func() {
		fs.VisitAll(func(f *flag.Flag) { f.Value = orig[f.Name] })
		fs.SetOutput(out)
	}
	defer restore()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				restore()
				fs.Usage()
				return nil, err
			}
			return nil, usageError{suggestFlag(fs, err)}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		n := 1
		if args[0] == "--" {
			args, n = args[1:], len(args)-1
		}
		for _, a := range args[:n] {
			if err := checkPath(a); err != nil {
				return nil, usagef("argument %q: %v", a, err)
			}
		}
		pos = append(pos, args[:n]...)
		args = args[n:]
	}
}

// suggestFlag adds the closest defined flag to an unknown-flag error.
func suggestFlag(fs *flag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return err
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := geo.Suggest(strings.TrimLeft(name, "-"), names, 1); len(s) > 0 {
		return fmt.Errorf("%w; did you mean --%s?", err, s[0])
	}
	return err
}

// checkedValue wraps a flag's value while parsing, refusing what parse
// documents.
type checkedValue struct {
	flag.Value
	set bool
}

// IsBoolFlag keeps a bool flag usable without a value.
func (c *checkedValue) IsBoolFlag() bool {
	b, ok := c.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Set checks s and sets the wrapped value.
func (c *checkedValue) Set(s string) error {
	_, repeatable := c.Value.(*listFlag)
	if !c.IsBoolFlag() {
		switch {
		case c.set && !repeatable:
			return errors.New("given twice; give it once")
		case strings.TrimSpace(s) == "":
			return errors.New("empty; leave the flag out for its default")
		}
		if err := checkPath(s); err != nil {
			return err
		}
	}
	c.set = true
	if err := c.Value.Set(s); err != nil {
		return err
	}
	if g, ok := c.Value.(flag.Getter); ok {
		if f, ok := g.Get().(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return errors.New("want a finite number")
		}
	}
	return nil
}

// checkPath refuses a path to a device, pipe or socket: the commands read
// and write regular files and folders only.
func checkPath(s string) error {
	fi, err := os.Stat(s)
	if err != nil || fi.Mode().IsRegular() || fi.IsDir() {
		return nil
	}
	return fmt.Errorf("%s is a %s, not a regular file", s, fileKind(fi.Mode()))
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeCharDevice != 0, m&os.ModeDevice != 0:
		return "device"
	case m&os.ModeNamedPipe != 0:
		return "named pipe"
	case m&os.ModeSocket != 0:
		return "socket"
	}
	return "special file"
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// caughtSignal is the cause of a signalContext's cancellation.
type caughtSignal struct{ sig os.Signal }

func (c caughtSignal) Error() string { return c.sig.String() + " signal received" }

// exitCode is the status a program killed by the signal would have had.
func (c caughtSignal) exitCode() int {
	if s, ok := c.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// stopSignals are the signals the writing commands stop on, cleaning up.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// signalContext is signal.NotifyContext for stopSignals, whose cause
// (context.Cause) is a caughtSignal naming the signal, so the command can
// exit with the signal's status.
func signalContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, stopSignals...)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			cancel(caughtSignal{s})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(context.Canceled)
	}
}

// interrupted returns the error to exit with when ctx was stopped by a
// signal (what names what was left as it was), and nil otherwise.
func interrupted(ctx context.Context, what string) error {
	var cs caughtSignal
	if !errors.As(context.Cause(ctx), &cs) {
		return nil
	}
	return exitError{cs.exitCode(), fmt.Errorf("interrupted (%v); %s", cs.sig, what)}
}
