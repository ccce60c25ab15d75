package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesUpToDate rebuilds the embedded network from data/ and
// requires the committed files to be byte-identical: the data tables and the
// embedded network never drift apart, and the build is deterministic.
func TestGeneratedFilesUpToDate(t *testing.T) {
	out := t.TempDir()
	if err := run("../../data", out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"network.geojson", "countries.geojson"} {
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("../../geo/westernbalkans", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("geo/westernbalkans/%s is stale: run go generate ./geo/westernbalkans", f)
		}
	}
}

func TestBadTables(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "westernbalkans")
	if err := os.MkdirAll(wb, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(wb, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("places.csv", "id,name,country,kind,lat,lon,coord_source,notes\na,A,SRB,town,42.3,21.6,x,\nb,B,SRB,town,42.5,21.9,x,\n")
	const centresHead = "id,name,country,type,place,link_km,link_km_source,lat,lon,coord_source,capacity,capacity_basis,capacity_source,period,opened,closed,dates_source,registrations_per_day,registrations_source,notes\n"
	write("centres.csv", centresHead)
	write("crossings.csv", "id,name,country_a,country_b,side_a,side_b,km,mode,source,notes\n")
	for _, tc := range []struct{ roads, want string }{
		{"from,to,class,road,km,km_method,km_source\na,c,main,,10,road,x\n", `roads.csv:2: to "c" is not a place or centre id`},
		{"from,to,class,road,km,km_method,km_source\na,b,autobahn,,10,road,x\n", `roads.csv:2: unknown edge class "autobahn"`},
		{"from,to,class,road,km,km_method,km_source\na,b,main,,ten,road,x\n", `roads.csv:2: km is "ten", want a number`},
		{"from,to,class,road,km,km_method,km_source\na,b,main,,,road,x\n", `roads.csv:2: km_method "road" needs a positive km`},
	} {
		write("roads.csv", tc.roads)
		_, err := build(wb)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("roads %q: error %v, want it to contain %q", tc.roads, err, tc.want)
		}
	}
	write("roads.csv", "from,to,class,road,km,km_method,km_source\na,b,main,,,circuity,x\n")
	for _, tc := range []struct{ row, want string }{
		{"c,C,SRB,camp,a,,,42.3,21.6,x,,,,,2015-13,,x,,,", `centres.csv:2: opened: "2015-13" is not a date`},
		{"c,C,SRB,camp,a,,,42.3,21.6,x,,,,,,3 Nov 2015,x,,,", `centres.csv:2: closed: "3 Nov 2015" is not a date`},
		{"c,C,SRB,camp,a,,,42.3,21.6,x,,,,,2015-11-03,2015-10,x,,,", `centres.csv:2: closed 2015-10 is before opened 2015-11-03`},
		{"c,C,SRB,camp,a,,,42.3,21.6,x,,,,,,,,5000.5,x,", `centres.csv:2: registrations_per_day 5000.5 is not a whole number`},
		{"c,C,SRB,camp,a,,,42.3,21.6,x,,,,,,,,-1,x,", `centres.csv:2: registrations_per_day -1 is not a whole number`},
	} {
		write("centres.csv", centresHead+tc.row+"\n")
		_, err := build(wb)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("centre %q: error %v, want it to contain %q", tc.row, err, tc.want)
		}
	}
}
