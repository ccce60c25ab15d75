package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/borderflow/borderflow/geo"
)

// eventKind is one kind of event, in one place: its YAML key, whether an
// Event sets it, what it acts on in words, and how it is checked and laid
// onto the timeline.
type eventKind struct {
	key    string
	set    func(e *Event) bool
	target func(e *Event) string
	apply  func(r *resolver, b *builder, ev *dated)
}

// eventKindList is every kind of event, in the order of Event's fields.
var eventKindList = []eventKind{
	{"close_border", func(e *Event) bool { return e.CloseBorder != nil },
		func(e *Event) string { return e.CloseBorder.describe() },
		func(r *resolver, b *builder, ev *dated) { r.borderEvent(b, ev, ev.e.CloseBorder, true) }},
	{"open_border", func(e *Event) bool { return e.OpenBorder != nil },
		func(e *Event) string { return e.OpenBorder.describe() },
		func(r *resolver, b *builder, ev *dated) { r.borderEvent(b, ev, ev.e.OpenBorder, false) }},
	{"close_crossing", func(e *Event) bool { return e.CloseCrossing != "" },
		func(e *Event) string { return e.CloseCrossing },
		func(r *resolver, b *builder, ev *dated) { r.crossingEvent(b, ev, ev.e.CloseCrossing, true) }},
	{"open_crossing", func(e *Event) bool { return e.OpenCrossing != "" },
		func(e *Event) string { return e.OpenCrossing },
		func(r *resolver, b *builder, ev *dated) { r.crossingEvent(b, ev, ev.e.OpenCrossing, false) }},
	{"wall", func(e *Event) bool { return e.Wall != nil }, func(e *Event) string { return e.Wall.describe() }, (*resolver).wallEvent},
	{"join_schengen", func(e *Event) bool { return e.JoinSchengen != "" },
		func(e *Event) string { return e.JoinSchengen }, (*resolver).joinEvent},
	{"crossing_capacity", func(e *Event) bool { return e.CrossingCapacity != nil },
		func(e *Event) string {
			c := e.CrossingCapacity
			return cmp.Or(c.Crossing, border(c.Between)) + ": " + thousands(c.PerDay) + " a day"
		}, (*resolver).crossingCapacityEvent},
	{"refusal_rate", func(e *Event) bool { return e.RefusalRate != nil },
		func(e *Event) string {
			rr := e.RefusalRate
			return cmp.Or(rr.Crossing, border(rr.Between)) + ": " + strconv.FormatFloat(rr.Rate, 'g', -1, 64)
		}, (*resolver).refusalEvent},
	{"centre_capacity", func(e *Event) bool { return e.CentreCapacity != nil },
		func(e *Event) string {
			return e.CentreCapacity.Centre + ": " + thousands(e.CentreCapacity.Capacity) + " places"
		}, (*resolver).centreCapacityEvent},
	{"close_centre", func(e *Event) bool { return e.CloseCentre != "" },
		func(e *Event) string { return e.CloseCentre },
		func(r *resolver, b *builder, ev *dated) { r.centreEvent(b, ev, ev.e.CloseCentre, false) }},
	{"open_centre", func(e *Event) bool { return e.OpenCentre != "" },
		func(e *Event) string { return e.OpenCentre },
		func(r *resolver, b *builder, ev *dated) { r.centreEvent(b, ev, ev.e.OpenCentre, true) }},
	{"arrivals_change", func(e *Event) bool { return e.ArrivalsChange != nil },
		func(e *Event) string { return e.ArrivalsChange.describe() },
		func(r *resolver, b *builder, ev *dated) {
			if ev.ok {
				b.arrivalChanges = append(b.arrivalChanges, arrivalChange{ev.i, ev.start})
			}
		}},
	{"destination_change", func(e *Event) bool { return e.DestinationChange != nil },
		func(e *Event) string {
			parts := make([]string, len(e.DestinationChange))
			for i, d := range e.DestinationChange {
				parts[i] = d.Exit + " " + strconv.FormatFloat(d.Share, 'g', -1, 64)
			}
			return strings.Join(parts, ", ")
		}, (*resolver).destinationEvent},
}

// kindsOf returns the kinds set in e.
func kindsOf(e *Event) []*eventKind {
	var out []*eventKind
	for i := range eventKindList {
		if eventKindList[i].set(e) {
			out = append(out, &eventKindList[i])
		}
	}
	return out
}

// Kind returns the event's kind as its YAML key (close_border, wall, …), or
// "" when no kind is set; with several set (an error Load reports), the
// first.
func (e *Event) Kind() string {
	if k := kindsOf(e); len(k) > 0 {
		return k[0].key
	}
	return ""
}

// Target returns what the event acts on, in words: "SRB–HUN (horgos-roszke)",
// "SVN–AUT: 3,200 a day", "evros: ×0.5", "passau 0.7, trieste 0.3"; "" when
// no kind is set.
func (e *Event) Target() string {
	if k := kindsOf(e); len(k) > 0 {
		return k[0].target(e)
	}
	return ""
}

// Describe returns the event's kind and target in words, as "close border
// SRB–HUN" or "crossing capacity horgos-roszke: 2,500 a day".
func (e *Event) Describe() string {
	k := e.Kind()
	if k == "" {
		return "event of no kind"
	}
	return strings.TrimSpace(strings.ReplaceAll(k, "_", " ") + " " + e.Target())
}

func border(between []string) string { return strings.Join(between, "–") }

func (b *BorderRef) describe() string {
	s := border(b.Between)
	if len(b.Crossings) > 0 {
		s += " (" + strings.Join(b.Crossings, ", ") + ")"
	}
	return s
}

func (w *Wall) describe() string {
	t := "line"
	if w.File != "" {
		t = w.File
	} else if n := len(w.Line); n > 0 {
		lon, lat := math.NaN(), math.NaN()
		if p := w.Line[0]; len(p) == 2 {
			lon, lat = p[0], p[1]
		}
		t = fmt.Sprintf("line of %d points from %.2f°E %.2f°N", n, lon, lat)
	}
	if w.Refusal != nil {
		return t + "; refusal " + strconv.FormatFloat(*w.Refusal, 'g', -1, 64)
	}
	return t + "; crossings it cuts close"
}

func (a *ArrivalsChange) describe() string {
	t := a.Stream
	switch {
	case a.Scale != nil:
		t += ": ×" + strconv.FormatFloat(*a.Scale, 'g', -1, 64)
	case len(a.Daily) > 0:
		t += fmt.Sprintf(": %d daily counts", len(a.Daily))
	case len(a.Monthly) > 0:
		t += fmt.Sprintf(": %d monthly counts", len(a.Monthly))
	}
	return t
}

// thousands writes n with comma grouping: 1234567 → "1,234,567".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// allEventKinds lists the event keys, for messages.
func allEventKinds() string {
	keys := make([]string, len(eventKindList))
	for i, k := range eventKindList {
		keys[i] = k.key
	}
	return strings.Join(keys, ", ")
}

// dated is one event being resolved: its index in File.Events, its path,
// and its window; ok is false when its dates are wrong (already reported),
// so that it is checked but not laid onto the timeline.
type dated struct {
	i          int
	e          *Event
	key        string // its kind
	p          path
	start, end Date
	ok         bool
}

// builder gathers the events' layers, per attribute and target, before the
// days are resolved.
type builder struct {
	closed         [][]layer[bool]    // [crossing]
	capacity       [][]layer[int]     // [crossing]
	refusal        [][]layer[float64] // [crossing]
	centreIdx      map[geo.NodeID]int
	centreOpen     [][]layer[bool] // [index in net.Centres()]
	centreCap      [][]layer[int]  // [index in net.Centres()]
	destSets       [][]ExitShare
	destLayers     []layer[int] // values index destSets
	joins          map[string]Date
	explicitEnd    []bool // [event]
	arrivalChanges []arrivalChange
}

// timeline checks the events and resolves them into a Timeline.
func (r *resolver) timeline(baseDests []ExitShare) {
	b := r.newBuilder(baseDests)
	for i := range r.f.Events {
		ev := r.window(b, i)
		kinds := kindsOf(ev.e)
		switch len(kinds) {
		case 1:
			ev.key = kinds[0].key
			kinds[0].apply(r, b, ev)
		case 0:
			r.c.add(ev.p, "event has no kind: give one of %s", allEventKinds())
		default:
			keys := make([]string, len(kinds))
			for j, k := range kinds {
				keys[j] = k.key
			}
			r.c.add(ev.p, "event has %d kinds (%s); give one per event", len(kinds), strings.Join(keys, ", "))
		}
	}
	r.contradictions(b)
	r.applyArrivalChanges(b.arrivalChanges)
	r.checkStreams()
	if len(r.c.errs) > 0 {
		return
	}
	r.s.Timeline = r.resolveDays(b)
}

func (r *resolver) newBuilder(baseDests []ExitShare) *builder {
	nc, centres := r.net.NumCrossings(), r.net.Centres()
	b := &builder{
		closed: make([][]layer[bool], nc), capacity: make([][]layer[int], nc), refusal: make([][]layer[float64], nc),
		centreIdx: map[geo.NodeID]int{}, centreOpen: make([][]layer[bool], len(centres)), centreCap: make([][]layer[int], len(centres)),
		destSets: [][]ExitShare{baseDests}, joins: map[string]Date{}, explicitEnd: make([]bool, len(r.f.Events)),
	}
	for i, v := range centres {
		b.centreIdx[v] = i
	}
	return b
}

// window checks event i's dates: a start inside the period, and an end (by
// default the period's) neither before the start nor after the period.
func (r *resolver) window(b *builder, i int) *dated {
	e := &r.f.Events[i]
	ev := &dated{i: i, e: e, p: path{"events", i}, end: r.s.End}
	ev.start, ev.ok = r.date(e.Date, ev.p.key("date"), "event date")
	if ev.ok && !r.inPeriod(ev.start, ev.p.key("date"), "event date") {
		ev.ok = false
	}
	if e.End == "" {
		return ev
	}
	b.explicitEnd[i] = true
	d, ok := r.date(e.End, ev.p.key("end"), "event end")
	switch {
	case !ok:
		ev.ok = false
	case ev.ok && d < ev.start:
		r.c.add(ev.p.key("end"), "event ends (%v) before it starts (%v)", d, ev.start)
		ev.ok = false
	case d > r.s.End:
		r.c.add(ev.p.key("end"), "event end %v is after the period's end %v", d, r.s.End)
		ev.ok = false
	default:
		ev.end = d
	}
	return ev
}

// setCrossings closes (or opens) crossings cs for the event's window.
func (b *builder) setCrossings(ev *dated, cs []geo.CrossingID, closed bool) {
	for _, c := range cs {
		b.closed[c] = append(b.closed[c], layer[bool]{ev.start, ev.end, closed, ev.i})
	}
}

func (r *resolver) borderEvent(b *builder, ev *dated, ref *BorderRef, closed bool) {
	kp := ev.p.key(ev.key)
	cs, ok := r.border(ref.Between, kp.key("between"))
	if ok && len(ref.Crossings) > 0 {
		all := cs
		cs = nil
		for j, id := range ref.Crossings {
			c, okc := r.crossing(id, kp.key("crossings").idx(j))
			if !okc {
				continue
			}
			if !slices.Contains(all, c) {
				x := r.net.Crossing(c)
				r.c.add(kp.key("crossings").idx(j), "crossing %q is on the %s–%s border, not %s–%s", id, x.A, x.B, ref.Between[0], ref.Between[1])
				continue
			}
			cs = append(cs, c)
		}
	}
	if ev.ok && ok {
		b.setCrossings(ev, cs, closed)
	}
}

func (r *resolver) crossingEvent(b *builder, ev *dated, id string, closed bool) {
	if c, ok := r.crossing(id, ev.p.key(ev.key)); ok && ev.ok {
		b.setCrossings(ev, []geo.CrossingID{c}, closed)
	}
}

func (r *resolver) wallEvent(b *builder, ev *dated) {
	line, ok := r.loadWall(ev.e.Wall, ev.p.key("wall"))
	if !ok {
		return
	}
	var cs []geo.CrossingID
	for _, ed := range r.net.EdgesCrossedBy(line) {
		if c := r.net.EdgeCrossing(ed); c != geo.None && !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		r.c.add(ev.p.key("wall"), "the wall crosses no border crossing of the network (it must cut a crossing's edge between the two sides of the border)")
		return
	}
	rf := ev.e.Wall.Refusal
	switch {
	case rf == nil:
		if ev.ok {
			b.setCrossings(ev, cs, true)
		}
	case !(*rf >= 0 && *rf <= 1):
		r.c.add(ev.p.key("wall").key("refusal"), "refusal %v, want a probability between 0 and 1", *rf)
	case ev.ok:
		for _, c := range cs {
			b.refusal[c] = append(b.refusal[c], layer[float64]{ev.start, ev.end, *rf, ev.i})
		}
	}
}

func (r *resolver) joinEvent(b *builder, ev *dated) {
	kp, country := ev.p.key("join_schengen"), ev.e.JoinSchengen
	if b.explicitEnd[ev.i] {
		r.c.add(ev.p.key("end"), "join_schengen has no end date: a country does not leave the Schengen area in a scenario")
		return
	}
	if !r.country(country, kp) || !ev.ok {
		return
	}
	if a, member := schengenAccession(country); member && a <= ev.start {
		r.c.add(kp, "%s is already a Schengen member on %v (since %v)", country, ev.start, a)
		return
	}
	if prev, dup := b.joins[country]; dup {
		r.c.add(kp, "%s joins the Schengen area twice (also on %v)", country, prev)
		return
	}
	b.joins[country] = ev.start
}

func (r *resolver) crossingCapacityEvent(b *builder, ev *dated) {
	cc, kp := ev.e.CrossingCapacity, ev.p.key("crossing_capacity")
	cs, ok := r.crossingsOf(cc.Crossing, cc.Between, kp)
	if !r.checkCapacity(cc.PerDay, kp.key("per_day"), "per_day") {
		ok = false
	}
	if ok && ev.ok {
		for _, c := range cs {
			b.capacity[c] = append(b.capacity[c], layer[int]{ev.start, ev.end, cc.PerDay, ev.i})
		}
	}
}

func (r *resolver) refusalEvent(b *builder, ev *dated) {
	rr, kp := ev.e.RefusalRate, ev.p.key("refusal_rate")
	cs, ok := r.crossingsOf(rr.Crossing, rr.Between, kp)
	if !(rr.Rate >= 0 && rr.Rate <= 1) {
		r.c.add(kp.key("rate"), "rate %v, want a probability between 0 and 1", rr.Rate)
		ok = false
	}
	if ok && ev.ok {
		for _, c := range cs {
			b.refusal[c] = append(b.refusal[c], layer[float64]{ev.start, ev.end, rr.Rate, ev.i})
		}
	}
}

func (r *resolver) centreCapacityEvent(b *builder, ev *dated) {
	cc, kp := ev.e.CentreCapacity, ev.p.key("centre_capacity")
	v, ok := r.centre(cc.Centre, kp.key("centre"))
	if !r.checkCapacity(cc.Capacity, kp.key("capacity"), "capacity") {
		ok = false
	}
	if ok && ev.ok {
		i := b.centreIdx[v]
		b.centreCap[i] = append(b.centreCap[i], layer[int]{ev.start, ev.end, cc.Capacity, ev.i})
	}
}

func (r *resolver) centreEvent(b *builder, ev *dated, id string, open bool) {
	if v, ok := r.centre(id, ev.p.key(ev.key)); ok && ev.ok {
		i := b.centreIdx[v]
		b.centreOpen[i] = append(b.centreOpen[i], layer[bool]{ev.start, ev.end, open, ev.i})
	}
}

func (r *resolver) destinationEvent(b *builder, ev *dated) {
	ds := r.destinations(ev.e.DestinationChange, ev.p.key("destination_change"))
	if ev.ok && ds != nil {
		b.destSets = append(b.destSets, ds)
		b.destLayers = append(b.destLayers, layer[int]{ev.start, ev.end, len(b.destSets) - 1, ev.i})
	}
}

// contradictions reports events that set the same attribute of the same
// target two ways at once, once per pair.
func (r *resolver) contradictions(b *builder) {
	reported := map[[2]int]bool{}
	report := func(what string) func(a, b int) {
		return func(a, b int) {
			if reported[[2]int{a, b}] {
				return
			}
			reported[[2]int{a, b}] = true
			line, _ := r.c.pos.find(path{"events", a})
			r.c.add(path{"events", b}, "contradicts the event at line %d (%s on %s): the same %s cannot be set two ways at once", line, r.f.Events[a].Kind(), r.f.Events[a].Date, what)
		}
	}
	isExplicit := func(ev int) bool { return b.explicitEnd[ev] }
	for c := range b.closed {
		contradictions(b.closed[c], isExplicit, report("crossing's opening"))
		contradictions(b.capacity[c], isExplicit, report("crossing's capacity"))
		contradictions(b.refusal[c], isExplicit, report("crossing's refusal rate"))
	}
	for i := range b.centreOpen {
		contradictions(b.centreOpen[i], isExplicit, report("centre's opening"))
		contradictions(b.centreCap[i], isExplicit, report("centre's capacity"))
	}
	contradictions(b.destLayers, isExplicit, report("destination shares"))
}

// resolveDays computes every crossing's and centre's state and the
// destination shares on every day of the period.
func (r *resolver) resolveDays(b *builder) *Timeline {
	net, days := r.net, r.s.Days()
	t := &Timeline{start: r.s.Start, end: r.s.End, centreIdx: b.centreIdx,
		crossings: make([][]CrossingState, days), centres: make([][]CentreState, days), dests: make([][]ExitShare, days)}
	member := func(country string, d Date) bool {
		if j, ok := b.joins[country]; ok && d >= j {
			return true
		}
		return schengenMember(country, d)
	}
	centres := net.Centres()
	for day := range days {
		d := r.s.Start + Date(day)
		cs := make([]CrossingState, net.NumCrossings())
		for c := range cs {
			x := net.Crossing(geo.CrossingID(c))
			ma, mb := member(x.A, d), member(x.B, d)
			capv := valueOn(b.capacity[c], d, -1)
			refv := valueOn(b.refusal[c], d, -1.0)
			st := CrossingState{External: ma != mb}
			switch {
			case valueOn(b.closed[c], d, false):
				st.Status = Closed
			case ma && mb && capv < 0 && refv < 0:
				st.Status = FreeFlow
			}
			if capv >= 0 {
				st.CapacityPerDay = capv
			} else if st.External {
				st.CapacityPerDay = r.s.Params.SchengenCapacityPerDay
			}
			if refv >= 0 {
				st.Refusal = refv
			} else if st.External {
				st.Refusal = r.s.Params.SchengenRefusal
			}
			cs[c] = st
		}
		t.crossings[day] = cs
		ce := make([]CentreState, len(centres))
		for i, v := range centres {
			info := net.Node(v).Centre
			ce[i] = CentreState{
				Open:                valueOn(b.centreOpen[i], d, info.Operating(d.Time())),
				Capacity:            valueOn(b.centreCap[i], d, info.Capacity),
				RegistrationsPerDay: int(math.Round(float64(info.RegistrationsPerDay) * r.s.Params.RegistrationScale)),
			}
		}
		t.centres[day] = ce
		t.dests[day] = b.destSets[valueOn(b.destLayers, d, 0)]
	}
	return t
}

// crossingsOf resolves a crossing id or a pair of countries (one of them).
func (r *resolver) crossingsOf(id string, between []string, p path) ([]geo.CrossingID, bool) {
	switch {
	case id != "" && between != nil:
		r.c.add(p, "give crossing or between, not both")
		return nil, false
	case id != "":
		c, ok := r.crossing(id, p.key("crossing"))
		return []geo.CrossingID{c}, ok
	case between != nil:
		return r.border(between, p.key("between"))
	}
	r.c.add(p, "give crossing: ID or between: [A, B]")
	return nil, false
}

// arrivalChange is an arrivals_change event waiting to be applied.
type arrivalChange struct {
	event int
	date  Date
}

// applyArrivalChanges scales or replaces streams' daily counts, in date order.
func (r *resolver) applyArrivalChanges(changes []arrivalChange) {
	slices.SortStableFunc(changes, func(a, b arrivalChange) int { return cmp.Compare(a.date, b.date) })
	for _, ch := range changes {
		e := &r.f.Events[ch.event]
		ac := e.ArrivalsChange
		p := path{"events", ch.event, "arrivals_change"}
		si := slices.IndexFunc(r.s.Streams, func(s Stream) bool { return s.Name == ac.Stream })
		if si < 0 {
			var names []string
			for _, s := range r.s.Streams {
				names = append(names, s.Name)
			}
			msg := fmt.Sprintf("no arrival stream %q", ac.Stream)
			if s := geo.Suggest(ac.Stream, names, 2); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", s[0])
			} else {
				msg += fmt.Sprintf(" (streams: %s)", strings.Join(names, ", "))
			}
			r.c.add(p.key("stream"), "%s", msg)
			continue
		}
		st := &r.s.Streams[si]
		if st.Daily == nil {
			continue
		}
		end := r.s.End
		if e.End != "" {
			if d, err := ParseDate(e.End); err == nil {
				end = d
			}
		}
		from, to := int(ch.date-r.s.Start), int(end-r.s.Start)
		switch {
		case ac.Scale != nil && ac.Daily == nil && ac.Monthly == nil:
			if !(*ac.Scale >= 0) || math.IsInf(*ac.Scale, 0) {
				r.c.add(p.key("scale"), "scale %v, want 0 or more", *ac.Scale)
				continue
			}
			for d := from; d <= to; d++ {
				st.Daily[d] *= *ac.Scale
			}
		case ac.Scale == nil && (ac.Daily == nil) != (ac.Monthly == nil):
			counts, ok := r.counts(ac.Daily, ac.Monthly, "", nil, p)
			if !ok {
				continue
			}
			for d := from; d <= to; d++ {
				st.Daily[d] = counts[d]
			}
		default:
			r.c.add(p, "give one of scale, daily and monthly")
		}
	}
}
