package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/parquet-go/parquet-go"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// peakOf returns the highest value of a daily series, its day, and the sum.
func peakOf(series []int64) (peak int64, day int, total int64) {
	for d, v := range series {
		total += v
		if v > peak {
			peak, day = v, d
		}
	}
	return peak, day, total
}

// sumSeries adds series day by day.
func sumSeries(days int, ss ...[]int64) []int64 {
	out := make([]int64, days)
	for _, s := range ss {
		for d, v := range s {
			out[d] += v
		}
	}
	return out
}

// WriteLoadsGeoJSON writes every border crossing, centre and road segment
// of the network with its load: total and peak people and the date of the
// peak (passed for crossings, occupancy for centres, people setting out for
// road segments). One feature per line; it opens in QGIS as it is.
func WriteLoadsGeoJSON(w io.Writer, d *runfolder.Data) error {
	net := d.Network
	var feats []*geojson.Feature
	for _, cs := range d.Crossings {
		x := net.Crossing(cs.Crossing)
		e := net.Edge(x.Edges[0])
		a, b := net.Node(e.From).Point, net.Node(e.To).Point
		f := geojson.NewFeature(orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
		passed := sumSeries(d.Days, cs.Passed[0], cs.Passed[1])
		peak, day, total := peakOf(passed)
		_, _, refused := peakOf(sumSeries(d.Days, cs.Refused[0], cs.Refused[1]))
		qpeak, qday, _ := peakOf(sumSeries(d.Days, cs.Queue[0], cs.Queue[1]))
		f.Properties = geojson.Properties{
			"layer": "crossing", "id": x.ID, "name": x.Name, "country_a": x.A, "country_b": x.B,
			"total_passed": total, "peak_passed": peak, "peak_date": d.Date(day).String(),
			"total_refused": refused, "peak_queue": qpeak, "peak_queue_date": d.Date(qday).String(),
		}
		feats = append(feats, f)
	}
	for _, cs := range d.Centres {
		n := net.Node(cs.Node)
		f := geojson.NewFeature(n.Point)
		peak, day, _ := peakOf(cs.Occupancy)
		_, _, turned := peakOf(cs.TurnedAway)
		f.Properties = geojson.Properties{
			"layer": "centre", "id": n.ID, "name": n.Name, "country": n.Country,
			"capacity": n.Centre.Capacity, "peak_occupancy": peak, "peak_date": d.Date(day).String(),
			"total_turned_away": turned,
		}
		feats = append(feats, f)
	}
	for _, es := range d.Edges {
		e := net.Edge(es.Edge)
		f := geojson.NewFeature(net.Line(es.Edge))
		peak, day, total := peakOf(es.People)
		f.Properties = geojson.Properties{
			"layer": "road", "from": net.Node(e.From).ID, "to": net.Node(e.To).ID, "class": e.Class.String(),
			"km": e.Km, "total_people": total, "peak_people": peak, "peak_date": d.Date(day).String(),
		}
		if c := net.EdgeCrossing(es.Edge); c != geo.None {
			f.Properties["crossing"] = net.Crossing(c).ID
		}
		feats = append(feats, f)
	}
	if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`+"\n"); err != nil {
		return err
	}
	for i, f := range feats {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if i > 0 {
			b = append([]byte(",\n"), b...)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]}\n")
	return err
}

// Row is one row of daily.parquet: one day of one country, one crossing
// direction, one centre or one road segment, in a single long table that
// pandas, R (arrow) and DuckDB read directly. Columns that do not apply to
// a row's kind are null.
type Row struct {
	Date       time.Time `parquet:"date,date"`
	Kind       string    `parquet:"kind,dict"` // country, crossing, centre or road
	ID         string    `parquet:"id,dict"`   // country code, crossing, centre id, or from–to of a road
	From       string    `parquet:"from,dict,optional"`
	To         string    `parquet:"to,dict,optional"`
	Entries    *int64    `parquet:"entries,optional"`
	Exits      *int64    `parquet:"exits,optional"`
	Present    *int64    `parquet:"present,optional"`
	Arrived    *int64    `parquet:"arrived,optional"`
	Passed     *int64    `parquet:"passed,optional"`
	Refused    *int64    `parquet:"refused,optional"`
	Queue      *int64    `parquet:"queue,optional"`
	Occupancy  *int64    `parquet:"occupancy,optional"`
	Capacity   *int64    `parquet:"capacity,optional"`
	TurnedAway *int64    `parquet:"turned_away,optional"`
	People     *int64    `parquet:"people,optional"`
}

// WriteParquet writes the daily tables as one long Parquet table of Rows.
func WriteParquet(w io.Writer, d *runfolder.Data) error {
	pw := parquet.NewGenericWriter[Row](w)
	net := d.Network
	batch := make([]Row, 0, 4096)
	flush := func() error {
		if _, err := pw.Write(batch); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	add := func(r Row) error {
		batch = append(batch, r)
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	}
	v := func(x int64) *int64 { return &x }
	for day := range d.Days {
		date := d.Date(day).Time()
		for _, c := range d.Countries {
			if err := add(Row{Date: date, Kind: "country", ID: c.Code, Entries: v(c.Entries[day]), Exits: v(c.Exits[day]), Present: v(c.Present[day])}); err != nil {
				return err
			}
		}
		for _, c := range d.Crossings {
			for k, dir := range [2][2]string{{c.A, c.B}, {c.B, c.A}} {
				if err := add(Row{Date: date, Kind: "crossing", ID: c.ID, From: dir[0], To: dir[1],
					Arrived: v(c.Arrived[k][day]), Passed: v(c.Passed[k][day]), Refused: v(c.Refused[k][day]), Queue: v(c.Queue[k][day])}); err != nil {
					return err
				}
			}
		}
		for _, c := range d.Centres {
			if err := add(Row{Date: date, Kind: "centre", ID: c.ID, From: c.Country,
				Occupancy: v(c.Occupancy[day]), Capacity: v(c.Capacity[day]), TurnedAway: v(c.TurnedAway[day])}); err != nil {
				return err
			}
		}
		for _, es := range d.Edges {
			if es.People[day] == 0 {
				continue
			}
			e := net.Edge(es.Edge)
			from, to := net.Node(e.From).ID, net.Node(e.To).ID
			if err := add(Row{Date: date, Kind: "road", ID: from + "–" + to, From: from, To: to, People: v(es.People[day])}); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return pw.Close()
}
