// Command borderflow simulates people moving across the road and border
// network of the Western Balkans and reports the load on border posts and
// reception centres.
//
// Usage:
//
//	borderflow run [SCENARIO|FILE] [--out DIR] [--seed N] [--workers N] [--scale F] [--force] [--check]
//	borderflow report DIR [--formats LIST]
//	borderflow compare BASELINE_DIR SCENARIO_DIR [--out DIR]
//	borderflow score RUN_DIR --observed FILE [--cumulative] [--json]
//	borderflow network [--json] [--geojson FILE] [--network FILE]
//	borderflow network import-osm FILE.osm.pbf --out net.geojson [--countries FILE]
//	borderflow route --from PLACE --to PLACE [--close-border A-B] [--close-crossing ID] [--json]
//	borderflow scenarios [list | show NAME|FILE [--on DATE] | export NAME | schema]
//	borderflow validate FILE...
//	borderflow version
//
// Every command takes --help. Exit status: 0 on success, 1 on failure,
// 2 on a usage error; run, report and compare stopped by a signal clean up
// and exit 128 + the signal's number: 130 (SIGINT), 143 (SIGTERM), 129
// (SIGHUP).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

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
		{"network", "summarise, export or import a road network", runNetwork},
		{"route", "shortest road route between two places, with closures", runRoute},
		{"scenarios", "list, show and export the built-in scenarios; print the format's JSON Schema", runScenarios},
		{"validate", "check scenario files without running them", runValidate},
		{"version", "print the version", func(_ []string, stdout, _ io.Writer) error {
			fmt.Fprintln(stdout, "borderflow", version)
			return nil
		}},
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
	fmt.Fprintf(stderr, "borderflow: unknown command %q\n", args[0])
	mainUsage(stderr)
	return 2
}

func mainUsage(w io.Writer) {
	fmt.Fprintln(w, "borderflow: people moving across the Western Balkans road and border network.")
	fmt.Fprintln(w, "\nUsage: borderflow COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'borderflow COMMAND --help' for a command's flags.")
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
// (e.g. "import-osm FILE --out X") and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
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
