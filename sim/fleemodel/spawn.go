package fleemodel

import (
	"fmt"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/scenarios"
)

// updateConflicts sets every location's conflict intensity for today and
// the day its conflict began.
func (e *engine) updateConflicts() {
	for i := range e.locs {
		l := &e.locs[i]
		c := 0.0
		switch {
		case l.series != nil:
			c = l.series[min(e.day, len(l.series)-1)]
		case l.conflictDay >= 0 && e.day >= l.conflictDay:
			c = 1
		}
		if c > 0 && l.conflict <= 0 {
			l.since = e.day
		}
		l.conflict = c
	}
}

// spawn adds today's agents: on day 0 the camps' populations, then the
// day's new displaced people, each in a conflict zone chosen with weight
// population × intensity × spawn decay.
func (e *engine) spawn() error {
	a := &e.a
	add := func(l int32) {
		i := e.born
		a.loc[i], a.arc[i], a.route[i] = l, -1, -1
		e.occ[l]++
		e.born++
	}
	if e.day == 0 {
		for l, n := range e.day0 {
			for range n {
				add(int32(l))
			}
		}
	}
	n := int(e.daily[e.day])
	if n == 0 {
		return nil
	}
	tot, err := e.spawnWeights(int64(n))
	if err != nil {
		return err
	}
	w := e.spawnCum
	for range n {
		u := e.rand(fdSpawn, 0, int32(e.born)) * tot
		l := searchCum(w, u)
		add(int32(l))
		if e.set.TakeFromPopulation {
			// take_from_population: the displaced leave the population
			// that weighs later spawns (one agent is 1/scale people).
			e.locs[l].pop = max(0, e.locs[l].pop-1/e.opts.Scale)
		}
	}
	return nil
}

// spawnDecay is spawn_rules.conflict_spawn_decay for a location in
// conflict: the factor for the interval its conflict has lasted.
func (e *engine) spawnDecay(l *location) float64 {
	dec := e.set.ConflictSpawnDecay
	if len(dec) == 0 {
		return 1
	}
	k := (e.day - l.since) / e.set.ConflictSpawnDecayInterval
	if k >= len(dec) {
		k = len(dec) - 1
	}
	return dec[k]
}

// searchCum returns the first index whose cumulative weight exceeds u.
func searchCum(cum []float64, u float64) int {
	lo, hi := 0, len(cum)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cum[m] <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(cum) {
		lo = len(cum) - 1
	}
	return lo
}

// spawnWeights sets e.spawnCum to the cumulative spawn weights of the
// locations (population × conflict intensity × spawn decay, 0 outside
// conflict) and returns their total; with n people to spawn and no weight
// it stops the run, as Flee does (an assertion).
func (e *engine) spawnWeights(n int64) (float64, error) {
	w := e.spawnCum
	var tot float64
	for i := range e.locs {
		l := &e.locs[i]
		if l.conflict > 0 {
			tot += l.pop * l.conflict * e.spawnDecay(l)
		}
		w[i] = tot
	}
	if tot <= 0 {
		return 0, fmt.Errorf("%s: day %d (%s): %d people to spawn but no location with a population is in conflict (%s, or conflict_date in %s)",
			e.fs.Dir, e.day, e.res.Info.Start+scenarios.Date(e.day), n, flee.ConflictsFile, flee.LocationsFile)
	}
	return tot, nil
}
