package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain – text, é\n\tindented", "plain – text, é\n\tindented"},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"\x1b[2J", `\x1b[2J`},
		{"a\rb\x7fc\x00", `a\x0db\x7fc\x00`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202egnp.exe\u202c \u2066x\u2069", `bidi \u202egnp.exe\u202c \u2066x\u2069`},
		{"bad \xff byte", `bad \ufffd byte`},
	} {
		if got := printable(c.in); got != c.want {
			t.Errorf("printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestShowEscapesControls checks that scenarios show prints a file's text
// with terminal escapes made visible rather than sent to the terminal.
func TestShowEscapesControls(t *testing.T) {
	src := `name: t
description: "Retitles the terminal \x1b]0;pwned\x07 and clears it \x1b[2J."
period: {start: 2015-09-01, end: 2015-09-30}
arrivals: [{name: "s\x1b[31m", entry: mytilene, daily: {2015-09-01: 10}}]
destinations: [{exit: passau, share: 1}]
events:
  - {date: 2015-09-02, close_crossing: horgos-roszke}
`
	file := filepath.Join(t.TempDir(), "t.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, e, code := runCLI(t, "scenarios", "show", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("show printed raw control characters:\n%q", out)
	}
	for _, want := range []string{`\x1b]0;pwned\x07`, `\x1b[2J`, `s\x1b[31m`, "close crossing horgos-roszke"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
}

// TestValidateFleeListsEveryProblem checks that validate lists every
// problem of a Flee folder, not only the first, and prints the reader's
// warnings.
func TestValidateFleeListsEveryProblem(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mali2012")
	if err := os.CopyFS(dir, os.DirFS("../../testdata/flee/mali2012")); err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct{ rel, old, new string }{
		{"input_csv/routes.csv", "Mopti,Mentao,360", "Mopti,Mentao,far"},
		{"input_csv/locations.csv", "16.78026", "north"},
		{"input_csv/conflicts.csv", " Gao,", " Gaoo,"},
	} {
		p := filepath.Join(dir, filepath.FromSlash(e.rel))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut strings.Builder
	if err := runValidate([]string{dir}, &out, &errOut); err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`locations.csv:3: Timbuktu: latitude: "north" is not a number`,
		`routes.csv:3: Mopti–Mentao: distance: "far" is not a number`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("validate printed\n%s\nwithout %q", out.String(), want)
		}
	}
	// With the conflicts column the only oddity, validate passes and warns.
	if err := os.CopyFS(filepath.Join(dir, "..", "ok"), os.DirFS("../../testdata/flee/mali2012")); err != nil {
		t.Fatal(err)
	}
	okDir := filepath.Join(dir, "..", "ok")
	con := filepath.Join(okDir, "input_csv", "conflicts.csv")
	b, err := os.ReadFile(con)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(con, []byte(strings.Replace(string(b), " Gao,", " Gaoo,", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runValidate([]string{okDir}, &out, &errOut); err != nil {
		t.Fatalf("validate: %v\n%s", err, out.String())
	}
	if want := `conflicts.csv:1: column 3: "Gaoo" is not a location`; !strings.Contains(out.String(), "warning: ") || !strings.Contains(out.String(), want) {
		t.Errorf("validate printed\n%s\nwithout the warning %q", out.String(), want)
	}
}
