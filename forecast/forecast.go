package forecast

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/borderflow/borderflow/calibrate"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// Limits of a forecast's settings.
const (
	MaxHorizon = 366  // days after the as-of day
	MaxMembers = 1000 // ensemble members
)

// Options are a forecast's settings.
type Options struct {
	// AsOf is the last day whose observations are known; Horizon the days
	// forecast after it (default 60).
	AsOf    scenarios.Date
	Horizon int
	// Members is the ensemble's size (default 100); Seed its base seed,
	// Scale and Workers as for a run (Workers: members run side by side).
	Members int
	Seed    uint64
	Scale   float64
	Workers int
	// NoFutureEvents drops the scenario's events dated after AsOf: the
	// forecast of what happens if nothing is decided (a back-test's
	// setting, since later events were not known on the as-of day).
	NoFutureEvents bool
	// NoCorrection leaves the members' state on the as-of day as the
	// model has it, without setting the stocks observed then (see
	// Correction).
	NoCorrection bool
	// Calibrate, if set, fits the scenario's parameters to the
	// observations known on the as-of day first; each member then draws
	// its own values from the fit's spread (calibrate.Fit.Draw).
	Calibrate *Calibration
	// Progress, if set, is called as members finish, with the members
	// done and the total.
	Progress func(done, total int)
}

// Calibration is how a forecast calibrates its scenario: the parameters
// to fit (names as calibrate.Params gives them; none: all) and the fit's
// settings (its Scale and Workers default to the forecast's).
type Calibration struct {
	Params  []string
	Options calibrate.Options
}

// Forecast is an ensemble forecast: every series of every member, day by
// day from the scenario's start to AsOf + Horizon.
type Forecast struct {
	Name             string
	Start, AsOf, End scenarios.Date
	// Network is the scenario's network, NetworkName its name (as
	// Scenario.NetworkName): for the forecast's map.
	Network        *geo.Network
	NetworkName    string
	Members        int
	Seed           uint64
	Scale          float64
	NoFutureEvents bool
	// Streams say how each arrival stream was forecast.
	Streams []*Stream
	// Corrections are the observed stocks the members' state was set to
	// on the as-of day.
	Corrections []Correction
	// Fit is the calibration the members drew their parameters from (nil
	// without Options.Calibrate).
	Fit *calibrate.Fit
	// Series are the forecast's series in a fixed order: countries,
	// crossings, centres (each by id), then the streams.
	Series  []*Series
	Seconds float64

	index map[seriesKey]*Series
	once  sync.Once
	cols  *columns
}

type seriesKey struct{ kind, id, metric string }

// Lookup returns the series of kind, id and metric, or nil.
func (f *Forecast) Lookup(kind, id, metric string) *Series {
	return f.index[seriesKey{kind, id, metric}]
}

// Days returns the number of days forecast, from Start to End.
func (f *Forecast) Days() int { return int(f.End-f.Start) + 1 }

// Run forecasts scenario s (loaded from dir, which its relative paths are
// read against) from the observations obs known on opts.AsOf: see the
// package doc.
func Run(ctx context.Context, s *scenarios.Scenario, dir string, obs []observe.Observation, opts Options) (*Forecast, error) {
	if opts.Horizon == 0 {
		opts.Horizon = 60
	}
	if opts.Members == 0 {
		opts.Members = 100
	}
	if opts.Scale == 0 {
		opts.Scale = 1
	}
	switch {
	case opts.Horizon < 1 || opts.Horizon > MaxHorizon:
		return nil, fmt.Errorf("horizon %d days: want 1 to %d", opts.Horizon, MaxHorizon)
	case opts.Members < 1 || opts.Members > MaxMembers:
		return nil, fmt.Errorf("%d members: want 1 to %d", opts.Members, MaxMembers)
	case opts.AsOf < s.Start || opts.AsOf > s.End:
		return nil, fmt.Errorf("as-of day %s is outside the scenario's period %s – %s: the scenario must reach the as-of day", opts.AsOf, s.Start, s.End)
	case len(s.Streams) != len(s.File.Arrivals):
		return nil, fmt.Errorf("scenario %s: %d streams from %d arrivals", s.Name, len(s.Streams), len(s.File.Arrivals))
	}
	began := time.Now()
	var fit *calibrate.Fit
	if opts.Calibrate != nil {
		var err error
		if s, fit, err = calibrated(ctx, s, dir, obs, opts); err != nil {
			return nil, err
		}
	}
	f := &Forecast{Fit: fit, Network: s.Network, NetworkName: s.NetworkName, Name: s.Name, Start: s.Start, AsOf: opts.AsOf, End: opts.AsOf + scenarios.Date(opts.Horizon),
		Members: opts.Members, Seed: opts.Seed, Scale: opts.Scale, NoFutureEvents: opts.NoFutureEvents}
	for i := range s.Streams {
		st, err := planStream(s, i, obs, opts.AsOf, f.End, opts.Members, opts.Seed)
		if err != nil {
			return nil, err
		}
		f.Streams = append(f.Streams, st)
	}
	base, err := memberBase(s, f, opts.NoFutureEvents)
	if err != nil {
		return nil, err
	}
	ms, err := newMembers(base, f, dir, s, opts.NoFutureEvents)
	if err != nil {
		return nil, err
	}
	if !opts.NoCorrection {
		ms.base.Corrections, f.Corrections = planCorrections(ms.base, obs, opts.AsOf)
	}
	f.layout(ms.base)

	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var (
		mu   sync.Mutex
		done int
	)
	err = sim.ForEach(ctx, workers, opts.Members, func(ctx context.Context, _, k int) error {
		member, err := ms.scenario(f, k)
		if err != nil {
			return fmt.Errorf("member %d: %w", k, err)
		}
		r, err := borderaware.Run(ctx, member, sim.Options{Workers: 1, Scale: opts.Scale, Seed: sim.ReplicateSeed(opts.Seed, k), SeedSet: true})
		if err != nil {
			return fmt.Errorf("member %d: %w", k, err)
		}
		f.record(k, r, member)
		mu.Lock()
		done++
		if opts.Progress != nil {
			opts.Progress(done, opts.Members)
		}
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	f.Seconds = time.Since(began).Seconds()
	return f, nil
}

// memberBase returns the scenario file every member starts from: s's
// file with the period ending on f.End and, when noFuture, without the
// events dated after the as-of day (events after f.End are dropped, and
// ends after it brought in to it, in any case). An arrivals_change of a stream dated
// on or before the stream's last known day is dropped too: its effect is
// in the history the stream's model was fitted to, and the forecast
// carries it on.
func memberBase(s *scenarios.Scenario, f *Forecast, noFuture bool) (*scenarios.File, error) {
	b, err := json.Marshal(s.File)
	if err != nil {
		return nil, err
	}
	var file scenarios.File
	if err := json.Unmarshal(b, &file); err != nil {
		return nil, err
	}
	file.Period.End = f.End.String()
	knownUntil := map[string]scenarios.Date{}
	for _, st := range f.Streams {
		knownUntil[st.Name] = st.KnownUntil
		if a := file.Arrivals[st.index]; a.Entry != "" {
			knownUntil[a.Entry] = st.KnownUntil
		}
	}
	events := file.Events[:0]
	for _, ev := range file.Events {
		d, err := scenarios.ParseDate(ev.Date)
		if err != nil {
			return nil, fmt.Errorf("event date %q: %w", ev.Date, err)
		}
		if noFuture && d > f.AsOf || d > f.End {
			continue // not known yet, or after the forecast
		}
		if ev.End != "" {
			if e, err := scenarios.ParseDate(ev.End); err == nil && e > f.End {
				ev.End = f.End.String()
			}
		}
		if ac := ev.ArrivalsChange; ac != nil {
			if k, ok := knownUntil[ac.Stream]; ok && d <= k {
				continue
			}
		}
		events = append(events, ev)
	}
	file.Events = events
	return &file, nil
}

// members builds each member's scenario from one scenario, loaded twice.
// The scenario's events after a stream's last known day can still change
// its arrivals (an arrivals_change is the what-if "arrivals double from
// May"): a scale multiplies the counts, a replacement sets them, so the
// resolved count on a forecast day is factor × path + fixed. Loading the
// file with every forecast day's count 1 and again with 2 gives factor
// (the difference) and fixed (2 × the first − the second) for every day;
// a member is then its path put through them, with no file to parse.
type members struct {
	base          *scenarios.Scenario // the load with forecast days 1
	factor, fixed [][]float64         // per stream and day
	dir           string
	noFuture      bool
}

func newMembers(file *scenarios.File, f *Forecast, dir string, s *scenarios.Scenario, noFuture bool) (*members, error) {
	var loads [2]*scenarios.Scenario
	for i, fill := range []float64{1, 2} {
		var err error
		if loads[i], err = loadTemplate(file, f, fill, dir, s); err != nil {
			return nil, fmt.Errorf("the forecast's scenario: %w", err)
		}
	}
	m := &members{base: loads[0], dir: dir, noFuture: noFuture}
	for _, st := range f.Streams {
		one, two := loads[0].Streams[st.index].Daily, loads[1].Streams[st.index].Daily
		factor, fixed := make([]float64, len(one)), make([]float64, len(one))
		for d := range one {
			if f.Start+scenarios.Date(d) > st.KnownUntil {
				factor[d], fixed[d] = two[d]-one[d], max(0, 2*one[d]-two[d])
			} else {
				fixed[d] = one[d]
			}
		}
		m.factor, m.fixed = append(m.factor, factor), append(m.fixed, fixed)
	}
	return m, nil
}

// loadTemplate loads file with every stream's forecast days set to fill
// (see members), as scenario s's network and source.
func loadTemplate(file *scenarios.File, f *Forecast, fill float64, dir string, s *scenarios.Scenario) (*scenarios.Scenario, error) {
	tf := *file
	tf.Arrivals = slices.Clone(file.Arrivals)
	for _, st := range f.Streams {
		a := &tf.Arrivals[st.index]
		a.Daily, a.Monthly, a.CSV, a.Profile = st.template(f.Start, f.End, fill), nil, "", nil
	}
	b, err := json.Marshal(&tf)
	if err != nil {
		return nil, err
	}
	return scenarios.LoadWithNetwork(b, s.Source, dir, s.Network, s.NetworkName)
}

// scenario returns member k's scenario: its arrival paths and, with a
// fit, its own draw of the fitted parameters (model parameters and the
// timeline from the scenario with the drawn values; a drawn stream scale
// multiplies the stream's arrivals by its ratio to the fitted one).
func (m *members) scenario(f *Forecast, k int) (*scenarios.Scenario, error) {
	ms := *m.base
	ms.Streams = slices.Clone(m.base.Streams)
	scales := map[int]float64{}
	if f.Fit != nil {
		values := f.Fit.Draw(f.Seed, k)
		file, err := f.Fit.FileWith(values)
		if err != nil {
			return nil, err
		}
		mb, err := memberBase(&scenarios.Scenario{File: *file}, f, m.noFuture)
		if err != nil {
			return nil, err
		}
		drawn, err := loadTemplate(mb, f, 1, m.dir, m.base)
		if err != nil {
			return nil, fmt.Errorf("the scenario with its drawn parameters: %w", err)
		}
		ms.Params, ms.Timeline = drawn.Params, drawn.Timeline
		scales = f.Fit.StreamScales(values)
	}
	for i, st := range f.Streams {
		daily := make([]float64, len(m.fixed[i]))
		scale, ok := scales[st.index]
		if !ok {
			scale = 1
		}
		for d := range daily {
			daily[d] = min(scale*(m.factor[i][d]*st.pathDay(k, f.Start+scenarios.Date(d))+m.fixed[i][d]), maxPerDay)
		}
		ms.Streams[st.index].Daily = daily
	}
	return &ms, nil
}

// calibrated fits s to the observations known on opts.AsOf and returns
// the scenario with the fitted values and the fit.
func calibrated(ctx context.Context, s *scenarios.Scenario, dir string, obs []observe.Observation, opts Options) (*scenarios.Scenario, *calibrate.Fit, error) {
	params, err := calibrate.Select(calibrate.Params(s), opts.Calibrate.Params)
	if err != nil {
		return nil, nil, err
	}
	co := opts.Calibrate.Options
	if co.Scale == 0 {
		co.Scale = opts.Scale
	}
	if co.Workers == 0 {
		co.Workers = opts.Workers
	}
	if co.Seed == 0 {
		co.Seed = opts.Seed
	}
	fit, err := calibrate.Run(ctx, s, dir, obs, opts.AsOf, params, co)
	if err != nil {
		return nil, nil, fmt.Errorf("calibrating to the observations known on %s: %w", opts.AsOf, err)
	}
	b, err := json.Marshal(fit.File)
	if err != nil {
		return nil, nil, err
	}
	fs, err := scenarios.LoadWithNetwork(b, s.Source, dir, s.Network, s.NetworkName)
	if err != nil {
		return nil, nil, fmt.Errorf("the calibrated scenario: %w", err)
	}
	return fs, fit, nil
}
