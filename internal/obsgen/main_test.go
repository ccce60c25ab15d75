package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/observe"
)

// TestRun converts small files in the reference data's shape: annual,
// monthly and period rows, a "same" source carried down and extended,
// and December 2015's period; the output reads as observations.
func TestRun(t *testing.T) {
	shared, out := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(shared, "flows"), 0o755)
	os.WriteFile(filepath.Join(shared, "flows", "bih_registered_arrivals.csv"), []byte("period,granularity,registered_arrivals,source\n"+
		"2019,annual,29124,Ministry of Security\n2019-07,month,4166,CoM\n2019-01-01..2019-09-30,period,22211,CoM\n"), 0o644)
	os.WriteFile(filepath.Join(shared, "flows", "greece_sea_arrivals_monthly_2015_2016.csv"), []byte("month,arrivals,source,status\n"+
		"2015-10,211663,UNHCR portal,unverified\n2015-11,151249,same,unverified\n"+
		"2015-12,108742,UNHCR Greece update 29 Nov-31 Dec,verified (period 29 Nov-31 Dec)\n2016-01,67415,\"same; IOM\",verified\n"), 0o644)
	if err := run(shared, out); err != nil {
		t.Fatal(err)
	}
	bih, err := observe.ReadFile(filepath.Join(out, "bih_registered_arrivals.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bih) != 3 || bih[0].Period.Days() != 365 || bih[1].Period.Days() != 31 || bih[2].Period.Days() != 273 {
		t.Errorf("BiH observations %+v", bih)
	}
	grc, err := observe.ReadFile(filepath.Join(out, "greece_sea_arrivals.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(grc) != 4 || grc[2].Period.String() != "2015-11-29..2015-12-31" {
		t.Fatalf("Greek observations %+v", grc)
	}
	if !strings.HasPrefix(grc[1].Source, "sea arrivals: UNHCR portal") || !strings.Contains(grc[3].Source, "UNHCR Greece update 29 Nov-31 Dec; IOM") {
		t.Errorf("sources %q, %q: want \"same\" carried down", grc[1].Source, grc[3].Source)
	}
	aegean, err := observe.ReadFile(filepath.Join(out, "aegean_islands_arrivals.csv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(aegean) != 4 || aegean[0].Place != "aegean-islands" || aegean[0].Metric != observe.Arrivals || aegean[0].Value != 211663 {
		t.Errorf("Aegean arrivals %+v", aegean)
	}
	if err := run(t.TempDir(), out); err == nil {
		t.Error("no reference data: no error")
	}
}
