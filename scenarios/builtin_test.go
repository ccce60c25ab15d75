package scenarios

import (
	"slices"
	"strings"
	"testing"
)

func TestBuiltinsLoad(t *testing.T) {
	names := Builtins()
	if len(names) < 6 {
		t.Errorf("%d built-in scenarios, want at least 6: %v", len(names), names)
	}
	if !slices.Contains(names, DefaultName) {
		t.Errorf("the default scenario %q is not built in", DefaultName)
	}
	for _, name := range names {
		s, err := Builtin(name)
		if err != nil {
			t.Errorf("built-in %s: %v", name, err)
			continue
		}
		if s.Name != name {
			t.Errorf("built-in file %s.yaml says name: %s", name, s.Name)
		}
		if s.Description == "" {
			t.Errorf("built-in %s has no description", name)
		}
		src, _ := BuiltinSource(name)
		if !strings.Contains(string(src), "# ") {
			t.Errorf("built-in %s has no comments (sources)", name)
		}
	}
	if _, err := Builtin("balkan-route-2016"); err == nil || !strings.Contains(err.Error(), `did you mean "balkan-route-2015"`) {
		t.Errorf("unknown built-in: %v", err)
	}
}

// statusOnBorder returns the statuses of every crossing between a and b on d.
func statusOnBorder(t *testing.T, s *Scenario, a, b string, d Date) []PostStatus {
	t.Helper()
	cs := s.Network.CrossingsBetween(a, b)
	if len(cs) == 0 {
		t.Fatalf("no crossings between %s and %s", a, b)
	}
	var out []PostStatus
	for _, c := range cs {
		out = append(out, s.Timeline.Crossing(d, c).Status)
	}
	return out
}

func all(sts []PostStatus, want PostStatus) bool {
	for _, s := range sts {
		if s != want {
			return false
		}
	}
	return true
}

// TestBalkanRoute2015Timeline is the acceptance: on 16 Sep 2015
// every Serbia–Hungary crossing is closed and the Croatia–Hungary ones are
// open; on 18 Oct 2015 both are closed.
func TestBalkanRoute2015Timeline(t *testing.T) {
	s, err := Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	sep16, oct18 := NewDate(2015, 9, 16), NewDate(2015, 10, 18)
	if st := statusOnBorder(t, s, "SRB", "HUN", NewDate(2015, 9, 14)); !all(st, Checked) {
		t.Errorf("SRB–HUN on 14 Sep: %v, want checked", st)
	}
	if st := statusOnBorder(t, s, "SRB", "HUN", sep16); !all(st, Closed) {
		t.Errorf("SRB–HUN on 16 Sep: %v, want all closed", st)
	}
	if st := statusOnBorder(t, s, "HRV", "HUN", sep16); all(st, Closed) || slices.Contains(st, Closed) {
		t.Errorf("HRV–HUN on 16 Sep: %v, want open", st)
	}
	if st := statusOnBorder(t, s, "SRB", "HUN", oct18); !all(st, Closed) {
		t.Errorf("SRB–HUN on 18 Oct: %v, want all closed", st)
	}
	if st := statusOnBorder(t, s, "HRV", "HUN", oct18); !all(st, Closed) {
		t.Errorf("HRV–HUN on 18 Oct: %v, want all closed", st)
	}
	// The route closes on 9 March 2016.
	if st := statusOnBorder(t, s, "GRC", "MKD", NewDate(2016, 3, 10)); !all(st, Closed) {
		t.Errorf("GRC–MKD on 10 Mar 2016: %v, want closed", st)
	}
	noFence, err := Builtin("balkan-route-2015-no-fence")
	if err != nil {
		t.Fatal(err)
	}
	if st := statusOnBorder(t, noFence, "SRB", "HUN", oct18); slices.Contains(st, Closed) {
		t.Errorf("no-fence: SRB–HUN on 18 Oct: %v, want open", st)
	}
}

func TestCroatiaSchengen2023Timeline(t *testing.T) {
	s, err := Builtin("croatia-schengen-2023")
	if err != nil {
		t.Fatal(err)
	}
	jan1 := NewDate(2023, 1, 1)
	if st := statusOnBorder(t, s, "HRV", "SVN", jan1-1); slices.Contains(st, FreeFlow) {
		t.Errorf("HRV–SVN on 31 Dec 2022: %v, want checked", st)
	}
	if st := statusOnBorder(t, s, "HRV", "SVN", jan1); !all(st, FreeFlow) {
		t.Errorf("HRV–SVN on 1 Jan 2023: %v, want free flow", st)
	}
	for _, c := range s.Network.CrossingsBetween("BIH", "HRV") {
		if st := s.Timeline.Crossing(jan1, c); st.Status != Checked || !st.External {
			t.Errorf("BIH–HRV crossing %s on 1 Jan 2023: %+v, want a checked Schengen external border", s.Network.Crossing(c).ID, st)
		}
	}
}
