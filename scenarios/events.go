package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/geo"
)

// eventKinds returns the kinds set in e, by their keys.
func eventKinds(e *Event) []string {
	var k []string
	add := func(set bool, name string) {
		if set {
			k = append(k, name)
		}
	}
	add(e.CloseBorder != nil, "close_border")
	add(e.OpenBorder != nil, "open_border")
	add(e.CloseCrossing != "", "close_crossing")
	add(e.OpenCrossing != "", "open_crossing")
	add(e.Wall != nil, "wall")
	add(e.JoinSchengen != "", "join_schengen")
	add(e.CrossingCapacity != nil, "crossing_capacity")
	add(e.RefusalRate != nil, "refusal_rate")
	add(e.CentreCapacity != nil, "centre_capacity")
	add(e.CloseCentre != "", "close_centre")
	add(e.OpenCentre != "", "open_centre")
	add(e.ArrivalsChange != nil, "arrivals_change")
	add(e.DestinationChange != nil, "destination_change")
	return k
}

// allEventKinds lists the event keys, for messages.
const allEventKinds = "close_border, open_border, close_crossing, open_crossing, wall, join_schengen, crossing_capacity, refusal_rate, centre_capacity, close_centre, open_centre, arrivals_change, destination_change"

// timeline checks the events and resolves them into a Timeline.
func (r *resolver) timeline(baseDests []ExitShare) {
	net := r.net
	nc := net.NumCrossings()
	closed := make([][]layer[bool], nc)
	capacity := make([][]layer[int], nc)
	refusal := make([][]layer[float64], nc)
	centreIdx := map[geo.NodeID]int{}
	for i, v := range net.Centres() {
		centreIdx[v] = i
	}
	centreOpen := make([][]layer[bool], len(net.Centres()))
	centreCap := make([][]layer[int], len(net.Centres()))
	destSets := [][]ExitShare{baseDests}
	var destLayers []layer[int]
	joins := map[string]Date{}
	explicitEnd := make([]bool, len(r.f.Events))

	var arrivalChanges []arrivalChange

	for i := range r.f.Events {
		e := &r.f.Events[i]
		p := path{"events", i}
		start, ok := r.date(e.Date, p.key("date"), "event date")
		if ok && !r.inPeriod(start, p.key("date"), "event date") {
			ok = false
		}
		end := r.s.End
		if e.End != "" {
			explicitEnd[i] = true
			if d, ok2 := r.date(e.End, p.key("end"), "event end"); ok2 {
				switch {
				case ok && d < start:
					r.c.add(p.key("end"), "event ends (%v) before it starts (%v)", d, start)
					ok = false
				case d > r.s.End:
					r.c.add(p.key("end"), "event end %v is after the period's end %v", d, r.s.End)
					ok = false
				default:
					end = d
				}
			} else {
				ok = false
			}
		}
		kinds := eventKinds(e)
		if len(kinds) != 1 {
			if len(kinds) == 0 {
				r.c.add(p, "event has no kind: give one of %s", allEventKinds)
			} else {
				r.c.add(p, "event has %d kinds (%s); give one per event", len(kinds), strings.Join(kinds, ", "))
			}
			continue
		}
		setCrossings := func(cs []geo.CrossingID, close bool) {
			for _, c := range cs {
				closed[c] = append(closed[c], layer[bool]{start, end, close, i})
			}
		}
		switch kinds[0] {
		case "close_border", "open_border":
			b := e.CloseBorder
			if b == nil {
				b = e.OpenBorder
			}
			kp := p.key(kinds[0])
			cs, okb := r.border(b.Between, kp.key("between"))
			if okb && len(b.Crossings) > 0 {
				all := cs
				cs = nil
				for j, id := range b.Crossings {
					c, okc := r.crossing(id, kp.key("crossings").idx(j))
					if !okc {
						continue
					}
					if !slices.Contains(all, c) {
						x := net.Crossing(c)
						r.c.add(kp.key("crossings").idx(j), "crossing %q is on the %s–%s border, not %s–%s", id, x.A, x.B, b.Between[0], b.Between[1])
						continue
					}
					cs = append(cs, c)
				}
			}
			if ok && okb {
				setCrossings(cs, kinds[0] == "close_border")
			}
		case "close_crossing", "open_crossing":
			id := cmpOr(e.CloseCrossing, e.OpenCrossing)
			if c, okc := r.crossing(id, p.key(kinds[0])); okc && ok {
				setCrossings([]geo.CrossingID{c}, kinds[0] == "close_crossing")
			}
		case "wall":
			line, okw := r.loadWall(e.Wall, p.key("wall"))
			if !okw {
				continue
			}
			var cs []geo.CrossingID
			for _, ed := range net.EdgesCrossedBy(line) {
				if c := net.EdgeCrossing(ed); c != geo.None && !slices.Contains(cs, c) {
					cs = append(cs, c)
				}
			}
			if len(cs) == 0 {
				r.c.add(p.key("wall"), "the wall crosses no border crossing of the network (it must cut a crossing's edge between the two sides of the border)")
				continue
			}
			if rf := e.Wall.Refusal; rf != nil {
				if !(*rf >= 0 && *rf <= 1) {
					r.c.add(p.key("wall").key("refusal"), "refusal %v, want a probability between 0 and 1", *rf)
					continue
				}
				if ok {
					for _, c := range cs {
						refusal[c] = append(refusal[c], layer[float64]{start, end, *rf, i})
					}
				}
			} else if ok {
				setCrossings(cs, true)
			}
		case "join_schengen":
			kp := p.key("join_schengen")
			if explicitEnd[i] {
				r.c.add(p.key("end"), "join_schengen has no end date: a country does not leave the Schengen area in a scenario")
				continue
			}
			if !r.country(e.JoinSchengen, kp) || !ok {
				continue
			}
			if a, member := SchengenAccession(e.JoinSchengen); member && a <= start {
				r.c.add(kp, "%s is already a Schengen member on %v (since %v)", e.JoinSchengen, start, a)
				continue
			}
			if prev, dup := joins[e.JoinSchengen]; dup {
				r.c.add(kp, "%s joins the Schengen area twice (also on %v)", e.JoinSchengen, prev)
				continue
			}
			joins[e.JoinSchengen] = start
		case "crossing_capacity":
			cc := e.CrossingCapacity
			kp := p.key("crossing_capacity")
			cs, okc := r.crossingsOf(cc.Crossing, cc.Between, kp)
			if !r.checkCapacity(cc.PerDay, kp.key("per_day"), "per_day") {
				okc = false
			}
			if okc && ok {
				for _, c := range cs {
					capacity[c] = append(capacity[c], layer[int]{start, end, cc.PerDay, i})
				}
			}
		case "refusal_rate":
			rr := e.RefusalRate
			kp := p.key("refusal_rate")
			cs, okc := r.crossingsOf(rr.Crossing, rr.Between, kp)
			if !(rr.Rate >= 0 && rr.Rate <= 1) {
				r.c.add(kp.key("rate"), "rate %v, want a probability between 0 and 1", rr.Rate)
				okc = false
			}
			if okc && ok {
				for _, c := range cs {
					refusal[c] = append(refusal[c], layer[float64]{start, end, rr.Rate, i})
				}
			}
		case "centre_capacity":
			cc := e.CentreCapacity
			kp := p.key("centre_capacity")
			v, okc := r.centre(cc.Centre, kp.key("centre"))
			if !r.checkCapacity(cc.Capacity, kp.key("capacity"), "capacity") {
				okc = false
			}
			if okc && ok {
				centreCap[centreIdx[v]] = append(centreCap[centreIdx[v]], layer[int]{start, end, cc.Capacity, i})
			}
		case "close_centre", "open_centre":
			v, okc := r.centre(cmpOr(e.CloseCentre, e.OpenCentre), p.key(kinds[0]))
			if okc && ok {
				centreOpen[centreIdx[v]] = append(centreOpen[centreIdx[v]], layer[bool]{start, end, kinds[0] == "open_centre", i})
			}
		case "arrivals_change":
			if ok {
				arrivalChanges = append(arrivalChanges, arrivalChange{i, start})
			}
		case "destination_change":
			ds := r.destinations(e.DestinationChange, p.key("destination_change"))
			if ok && ds != nil {
				destSets = append(destSets, ds)
				destLayers = append(destLayers, layer[int]{start, end, len(destSets) - 1, i})
			}
		}
	}

	// Contradictions, reported once per pair of events.
	reported := map[[2]int]bool{}
	report := func(what string) func(a, b int) {
		return func(a, b int) {
			if reported[[2]int{a, b}] {
				return
			}
			reported[[2]int{a, b}] = true
			line, _ := r.c.pos.find(path{"events", a})
			r.c.add(path{"events", b}, "contradicts the event at line %d (%s on %s): the same %s cannot be set two ways at once", line, eventKinds(&r.f.Events[a])[0], r.f.Events[a].Date, what)
		}
	}
	isExplicit := func(ev int) bool { return explicitEnd[ev] }
	for c := range nc {
		contradictions(closed[c], isExplicit, report("crossing's opening"))
		contradictions(capacity[c], isExplicit, report("crossing's capacity"))
		contradictions(refusal[c], isExplicit, report("crossing's refusal rate"))
	}
	for i := range centreOpen {
		contradictions(centreOpen[i], isExplicit, report("centre's opening"))
		contradictions(centreCap[i], isExplicit, report("centre's capacity"))
	}
	contradictions(destLayers, isExplicit, report("destination shares"))

	r.applyArrivalChanges(arrivalChanges)
	r.checkStreams()
	if len(r.c.errs) > 0 {
		return
	}

	// Resolve every day.
	days := r.s.Days()
	t := &Timeline{start: r.s.Start, end: r.s.End, net: net, centreIdx: centreIdx,
		crossings: make([][]CrossingState, days), centres: make([][]CentreState, days),
		dests: make([][]ExitShare, days), changes: make([][]Change, days)}
	member := func(country string, d Date) bool {
		if j, ok := joins[country]; ok && d >= j {
			return true
		}
		return SchengenMember(country, d)
	}
	centres := net.Centres()
	for day := range days {
		d := r.s.Start + Date(day)
		cs := make([]CrossingState, nc)
		for c := range nc {
			x := net.Crossing(geo.CrossingID(c))
			ma, mb := member(x.A, d), member(x.B, d)
			capv := valueOn(capacity[c], d, -1)
			refv := valueOn(refusal[c], d, -1.0)
			st := CrossingState{External: ma != mb}
			switch {
			case valueOn(closed[c], d, false):
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
			if day == 0 && st != (CrossingState{}) || day > 0 && st != t.crossings[day-1][c] {
				t.changes[day] = append(t.changes[day], Change{Kind: CrossingChange, Crossing: geo.CrossingID(c), Centre: geo.None, Cross: st})
			}
		}
		t.crossings[day] = cs
		ce := make([]CentreState, len(centres))
		for i, v := range centres {
			base := net.Node(v).Centre.Capacity
			st := CentreState{Open: valueOn(centreOpen[i], d, true), Capacity: valueOn(centreCap[i], d, base)}
			ce[i] = st
			if day == 0 && st != (CentreState{true, base}) || day > 0 && st != t.centres[day-1][i] {
				t.changes[day] = append(t.changes[day], Change{Kind: CentreChange, Crossing: geo.None, Centre: v, Cent: st})
			}
		}
		t.centres[day] = ce
		t.dests[day] = destSets[valueOn(destLayers, d, 0)]
		if day > 0 && !slices.Equal(t.dests[day], t.dests[day-1]) {
			t.changes[day] = append(t.changes[day], Change{Kind: DestinationChange, Crossing: geo.None, Centre: geo.None})
		}
	}
	r.s.Timeline = t
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
	slices.SortStableFunc(changes, func(a, b arrivalChange) int { return int(a.date - b.date) })
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
