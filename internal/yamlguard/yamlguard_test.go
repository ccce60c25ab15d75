package yamlguard

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nested returns n keys, each indented one more than the last, ending in a value.
func nested(n int, eol string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:" + eol)
	}
	b.WriteString(strings.Repeat(" ", n) + "v" + eol)
	return b.String()
}

func laughs(levels int) string {
	s := "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	prev := "a"
	for i := range levels {
		name := string(rune('b' + i))
		s += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n"
		prev = name
	}
	return s
}

func blockLaughs(levels int) string {
	s := "a: &a\n" + strings.Repeat("- lol\n", 9)
	prev := "a"
	for i := range levels {
		name := string(rune('b' + i))
		s += name + ": &" + name + "\n" + strings.Repeat("- *"+prev+"\n", 9)
		prev = name
	}
	return s
}

func TestCheck(t *testing.T) {
	lim := Limits{MaxBytes: 1 << 20, MaxDepth: 32, MaxNodes: 10_000}
	for _, c := range []struct {
		name, doc string
		want      string // "" for no error, else the error's text
	}{
		{"flow at the limit", "a: " + strings.Repeat("[", 31) + strings.Repeat("]", 31), ""},
		{"flow past the limit", "a: " + strings.Repeat("[", 32) + strings.Repeat("]", 32), "1:35: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"unclosed flow", strings.Repeat("[", 200_000), "1:32: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"flow mappings", strings.Repeat("{a: ", 40), "1:125: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"flow over lines", "a:\n" + strings.Repeat(" [\n", 40), "32:2: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"compact sequences", strings.Repeat("- ", 40) + "x\n", "1:65: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"indentation at the limit", nested(31, "\n"), ""},
		{"indentation past the limit", nested(40, "\n"), "33:33: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"CR line breaks", nested(40, "\r"), "33:33: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"CRLF line breaks", nested(40, "\r\n"), "33:33: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"sequence of mappings", "a:\n- b: 1\n  c:\n  - d: [1, 2]\n    e: {f: g}\n", ""},
		{"brackets in a double-quoted scalar", `a: "` + strings.Repeat("[", 100) + `\" [` + "\n  [[[\"\n", ""},
		{"brackets in a single-quoted scalar", "a: '" + strings.Repeat("{", 100) + "'' ['\nb: 1\n", ""},
		{"brackets in a comment", "a: 1 # " + strings.Repeat("[", 100) + "\n# " + strings.Repeat("{", 100) + "\n", ""},
		{"brackets in a plain scalar", "a: x " + strings.Repeat("[", 100) + "\nb: don't " + strings.Repeat("[", 100) + "\n", ""},
		{"brackets in a literal scalar", "a: |\n  " + strings.Repeat("[", 100) + "\n\n   " + strings.Repeat("- ", 100) + "\nb: 1\n", ""},
		{"brackets in a folded scalar of a list", "- >-\n  " + strings.Repeat("[", 100) + "\n- x\n", ""},
		{"literal scalar of a key in a list", "- a: |\n    " + strings.Repeat("[", 100) + "\n  b: " + strings.Repeat("[", 40), "3:36: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"nesting after a literal scalar", "a: |\n  text\n" + nested(40, "\n"), "35:33: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"anchor before a flow value", "a: &x " + strings.Repeat("[", 40), "1:38: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"documents", "---\n" + nested(20, "\n") + "---\n" + nested(20, "\n"), ""},
		{"a few aliases", "a: &a {x: 1, y: 2}\nb: *a\nc: *a\nd: [*a, *a]\n", ""},
		{"billion laughs", laughs(9), "5:8: alias *d expands the document past 10000 YAML nodes"},
		{"many aliases of a small anchor", "a: &a {x: 1, y: 2}\nb: [" + strings.Repeat("*a, ", 500) + "*a]\nc:\n" + strings.Repeat("- *a\n", 500), ""},
		{"billion laughs in block lists", blockLaughs(9), "42:3: alias *d expands the document past 10000 YAML nodes"},
		{"too many nodes", strings.Repeat("- 1\n", 10_001), "10001:1: more than 10000 YAML nodes (list items, keys, flow entries, aliases expanded)"},
		{"too large", strings.Repeat("#\n", 1<<19+1), "larger than 1048576 bytes (1048578), the most a YAML file here may hold"},
		{"column in characters", "é: " + strings.Repeat("[", 40), "1:35: YAML nested more than 32 levels deep; the format needs far fewer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Check([]byte(c.doc), lim)
			got := ""
			if err != nil {
				got = err.Error()
				var ge *Error
				if !errors.As(err, &ge) {
					t.Errorf("error %T, want *Error", err)
				}
			}
			if got != c.want {
				t.Errorf("Check = %q, want %q", got, c.want)
			}
		})
	}
}

// TestProjectFilesPass keeps the guard from refusing any YAML file the
// project ships: the built-in scenarios, the broken test scenarios and the
// Flee settings.
func TestProjectFilesPass(t *testing.T) {
	var files []string
	for _, pat := range []string{"../../scenarios/library/*.yaml", "../../scenarios/testdata/bad/*.yaml", "../../testdata/flee/*/simsetting.yml"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("found only %d YAML files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(data, Default); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, c := range []struct{ name, doc string }{
		{"200KB nested [", "name: " + strings.Repeat("[", 100*1024) + strings.Repeat("]", 100*1024)},
		{"20000 levels", "name: " + strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000)},
		{"library scenario", mustRead(b, "../../scenarios/library/balkan-route-2015.yaml")},
	} {
		b.Run(c.name, func(b *testing.B) {
			data := []byte(c.doc)
			for b.Loop() {
				_ = Check(data, Default)
			}
		})
	}
}

func mustRead(b *testing.B, f string) string {
	data, err := os.ReadFile(f)
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte("a: [1, {b: c}]\n- - x\n"))
	f.Add([]byte(laughs(3)))
	f.Add([]byte("a: |\n  [[\n'x\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = Check(data, Limits{MaxBytes: 1 << 16, MaxDepth: 8, MaxNodes: 1000})
	})
}
