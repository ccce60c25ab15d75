package report

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// hostileNames are the names of the places, the crossing and the centre of
// the hostile network: text that would run a script, break out of an
// attribute or a script element, or be read as a template or a link if
// any output took it for markup. The ids stay plain.
var hostileNames = map[string]string{
	"entry":    `<img src=x onerror=alert(1)>`,
	"town":     `"><script>alert(2)</script>`,
	"centre":   `</script><script>alert(3)</script>`,
	"crossing": `javascript:alert(4) {{.}} <svg onload=alert(5)>`,
	"side":     `' onmouseover='alert(6)' x='`,
	"exit":     `&lt;b&gt;pre-escaped&lt;/b&gt; <b onclick=alert(7)>bold</b>`,
}

// hostileNetworkFile is the hostile network's file name, which the report
// shows as the network's name.
const hostileNetworkFile = `<img src=x onerror=alert(8)>.geojson`

// hostileNetwork is a five-node network over the Serbian–Hungarian border
// whose names are hostileNames: entry → town → centre, town → side (the
// crossing) → exit.
func hostileNetwork() []byte {
	type feature = map[string]any
	point := func(id, kind, country string, lon, lat float64, extra map[string]any) feature {
		props := map[string]any{"id": id, "name": hostileNames[id], "kind": kind, "country": country}
		for k, v := range extra {
			props[k] = v
		}
		return feature{"type": "Feature", "properties": props,
			"geometry": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}}
	}
	line := func(from, to string, a, b [2]float64, km float64, extra map[string]any) feature {
		props := map[string]any{"from": from, "to": to, "km": km, "class": "main"}
		for k, v := range extra {
			props[k] = v
		}
		return feature{"type": "Feature", "properties": props,
			"geometry": map[string]any{"type": "LineString", "coordinates": [][2]float64{a, b}}}
	}
	pts := map[string][2]float64{
		"entry": {19.80, 45.60}, "town": {19.90, 45.90}, "centre": {20.05, 45.95},
		"side": {19.95, 46.25}, "exit": {20.10, 46.45},
	}
	fc := map[string]any{"type": "FeatureCollection", "features": []feature{
		point("entry", "entry", "SRB", pts["entry"][0], pts["entry"][1], nil),
		point("town", "town", "SRB", pts["town"][0], pts["town"][1], nil),
		point("centre", "centre", "SRB", pts["centre"][0], pts["centre"][1], map[string]any{"centre_type": "reception_centre", "capacity": 20}),
		point("side", "town", "HUN", pts["side"][0], pts["side"][1], nil),
		point("exit", "exit", "HUN", pts["exit"][0], pts["exit"][1], nil),
		line("entry", "town", pts["entry"], pts["town"], 35, nil),
		line("town", "centre", pts["town"], pts["centre"], 15, nil),
		line("town", "side", pts["town"], pts["side"], 40, map[string]any{"crossing": "crossing", "crossing_name": hostileNames["crossing"]}),
		line("side", "exit", pts["side"], pts["exit"], 25, nil),
	}}
	b, err := json.Marshal(fc)
	if err != nil {
		panic(err)
	}
	return b
}

// hostileScenario loads three weeks of arrivals over the hostile network
// with the given seed.
func hostileScenario(t *testing.T, seed int) *scenarios.Scenario {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, hostileNetworkFile), hostileNetwork(), 0o644); err != nil {
		t.Fatal(err)
	}
	var daily strings.Builder
	for day := 1; day <= 14; day++ {
		fmt.Fprintf(&daily, "      \"2015-09-%02d\": %d\n", day, 40+20*(day%3))
	}
	yaml := fmt.Sprintf(`name: hostile-names
description: "Place names that try to run scripts."
period: {start: "2015-09-01", end: "2015-09-21"}
network: %q
seed: %d
arrivals:
  - entry: entry
    daily:
%sdestinations:
  - {exit: exit, share: 1}
`, hostileNetworkFile, seed, daily.String())
	path := filepath.Join(dir, "hostile.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load([]byte(yaml), path, dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hostileRun simulates three weeks of arrivals over the hostile network
// with the given seed, writes the run and loads it back.
func hostileRun(t *testing.T, seed int) *runfolder.Data {
	t.Helper()
	s := hostileScenario(t, seed)
	res, err := borderaware.Run(context.Background(), s, sim.Options{Scale: 1, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := runfolder.Write(out, res, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := runfolder.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	var passed int64
	for day := range d.Days {
		passed += d.Crossings[0].PassedOn(day)
	}
	if passed == 0 || len(d.Centres) != 1 {
		t.Fatalf("the hostile run: %d passed its crossing, %d centres; want people and one centre", passed, len(d.Centres))
	}
	return d
}

// svgText returns the text of every text element of an SVG document, which
// must parse as XML.
func svgText(t *testing.T, b []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var out []string
	inText := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out
			}
			t.Fatalf("the SVG does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				inText++
				out = append(out, "")
			}
			if tok.Name.Local == "script" || tok.Name.Local == "img" || tok.Name.Local == "foreignObject" {
				t.Errorf("the SVG holds a %s element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("the SVG has an attribute %s=%q", a.Name.Local, a.Value)
				}
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				inText--
			}
		case xml.CharData:
			if inText > 0 {
				out[len(out)-1] += string(tok)
			}
		}
	}
}

// TestHostileNamesInSVG checks that the map's and the charts' SVG carry
// the hostile names as text: the SVG parses, holds no script, no event
// attribute, and its text elements hold the names as written. The map of a
// network of the user's credits that network, not OpenStreetMap.
func TestHostileNamesInSVG(t *testing.T) {
	d := hostileRun(t, 1)
	d2 := hostileRun(t, 2)
	var mapSVG, diffSVG, centreSVG, postSVG bytes.Buffer
	if err := WriteMap(nil, &mapSVG, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteDiffMap(nil, &diffSVG, d, d2); err != nil {
		t.Fatal(err)
	}
	if err := WriteCentreChartSVG(&centreSVG, d, d.Centres[0]); err != nil {
		t.Fatal(err)
	}
	if err := WritePostChartSVG(&postSVG, d, d.Crossings[0]); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		svg  []byte
		want []string // names, or parts of names the label wraps, shown as text
	}{
		{"map", mapSVG.Bytes(), []string{hostileNames["centre"], "{{.}}", "onload=alert(5)>", "Network: " + hostileNetworkFile + "; outlines: Natural Earth"}},
		{"diff map", diffSVG.Bytes(), nil},
		{"centre chart", centreSVG.Bytes(), []string{hostileNames["centre"]}},
		{"post chart", postSVG.Bytes(), []string{hostileNames["crossing"]}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Join(svgText(t, c.svg), "\n")
			if strings.Contains(text, "OpenStreetMap") {
				t.Error("the SVG credits OpenStreetMap for a network of the user's")
			}
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("the SVG's text lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
