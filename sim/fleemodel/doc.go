// Package fleemodel runs a Flee scenario folder (package flee) under the
// rules of Flee 3 (djgroen/flee), the reference refugee simulator, so that
// its published validation runs can be reproduced and compared: Run, with
// DefaultSeed when no seed is given, the run named by RunName.
//
// Flee's agents have no exit: they leave conflict zones and wander over the routes until they
// settle in camps. Its daily loop differs from the border-aware one at the
// level of the loop, not only of the route choice (a move chance per
// location, travel along a link at a daily speed, spawning driven by
// observed camp totals), so it is a second loop, with columnar agents of
// its own, over the core's (package sim) counter-based random numbers,
// workers and Result tables: camps are centres, cross-border routes are crossings,
// routes are edges, and the network is written into the run folder.
//
// Each day: conflicts for the day (conflicts.csv, or conflict_date) →
// spawn (day 0: each camp's observed population, with insert_day0; then
// the day's growth of
// the observed camp total, or of refugees.csv with sum_from_camps false,
// each new agent in a conflict zone drawn with weight population ×
// intensity × conflict_spawn_decay for the conflict's age; falls are a
// debt on the next day) → closures in force → scores, capacity
// multipliers, move chances and route weights from the occupancy at the
// start of the day → move every agent (in parallel, in chunks) → let in
// the late arrivals at camps in agent order (see Order below) → record
// the day → with Options.Check, check conservation.
//
//   - Move chance: an agent at a location leaves with the location's move
//     chance: camp_movechance, idpcamp_movechance, conflict_movechance while
//     in conflict, 1 for markers and forwarding hubs, default_movechance
//     otherwise; a closed camp takes default_movechance, and a location
//     whose move chance is below 0.005 is a camp.
//   - Route: it plans a route to one of the locations reachable in at most
//     awareness_level steps (markers pass without counting), each weighed
//     ((weight_softening + score) / (softening + km)^distance_power ×
//     capacity multiplier)^weight_power, with score foreign_weight ×
//     camp_weight × conflict_weight^(decay × intensity) as they apply;
//     awareness 0 picks a neighbour (not a marker) at random. It follows
//     the route on later moves; a route whose next link has closed, or
//     that ends in a camp whose capacity multiplier is under 0.5, is
//     dropped (a turn-away of that camp).
//   - Capacity: a camp's multiplier is 1 up to capacity_buffer × capacity ×
//     capacity_scaling, 0 at capacity × capacity_scaling, linear between.
//     With insert_day0, as in Flee, the capacity is first lowered by the
//     population the camp holds on day 0 (which it also counts in its
//     occupancy), and a camp left with less than one place has no limit.
//     This counts the day-0 population twice, which looks unintended, but
//     Flee's published validation figures are made with it: without it,
//     mali2012's ARD is 0.358 (Flee 0.347) and mali2017_adm1's 0.25 where
//     Flee's is 0.68; with it, 0.347 and 0.68. centres.csv reports the
//     capacity as locations.csv gives it.
//   - Travel: an agent covers max_move_speed km a day on a link
//     (max_walk_speed on its first link with start_on_foot, or with a
//     link's walk_probability). On arrival with less than the day's speed
//     travelled it decides again at once; with avoid_short_stints a town
//     then sends it on for sure while its recent travel (halved each day,
//     plus half the day's share of max_move_speed) is under 0.5. An agent
//     on a link that closed goes back to its start on arrival.
//   - Closures (closures.csv) hold from closure_start to closure_end − 1:
//     country (every link between the two), location (every link to or
//     from it), link (both directions) and camp (a town meanwhile).
//   - camps_are_sinks: an agent that reaches a camp stays for good;
//     take_from_population: the displaced leave the population that weighs
//     later spawns.
//   - optimisations.hasten h simulates one agent for h people.
//
// Where Flee's code does not do what it means, this does what it means:
//
//   - Link closures: Flee compares location names by identity, so a link
//     closure from closures.csv closes nothing (and would close one
//     direction only); here it closes both directions.
//   - Day-0 population: Flee adds refugees.csv's day-0 value to the camps'
//     day-0 total in its raw count; here the camps hold their day-0
//     population once.
//   - Dates: Flee's output prints each day's date one day late (after the
//     day's step); here day 0 is sim_period's StartDate.
//   - camps_are_sinks: Flee reads it under the misspelt key camps_are_sicks;
//     both keys are read (package flee).
//   - Conflict intensity: Flee notices a conflict only when it starts or
//     ends, ignoring later changes of intensity, and ages spawn decay from
//     the previous day; here each day's intensity and age apply.
//   - Awareness level 0: Flee's route is then a neighbour's index that it
//     never finds among the names, so nobody moves; here a neighbour is
//     drawn.
//   - Order: Flee moves agents one after another, each seeing the camps'
//     occupancy as left by the agents before it. Here route weights and
//     capacity multipliers are computed once a day, from the occupancy at
//     the start of the day, and agents move in parallel, which is what
//     makes the result independent of the number of workers. Flee's agents
//     too choose their first move of the day before any arrival (its loop
//     moves every agent onto its link, then finishes every journey), so
//     the difference lies in the moves chosen later in the day, after an
//     arrival: those late arrivals at a camp with a capacity wait at the
//     link's end until every agent has moved, and are then let in in agent
//     order (Flee's order) while the camp's multiplier stays at 0.5 or
//     more, as Flee's check on setting out would; the others stay where
//     they set out, turned away, and choose again the next day. A late
//     arrival that is let in ends its day there, even where camps are not
//     sinks. What a camp can still hold above its capacity is Flee's own:
//     agents who were on the link, or set out at the start of the day,
//     arrive whatever it holds. A closure that shuts or opens links
//     starting or ending makes every agent plan its route anew.
//   - Not implemented: forced redirection (routes.csv column 4, read and
//     kept), location_changes.csv, conflict-, flood- and food-driven
//     spawning, demographics and the population-based move chance scaling
//     (movechance_pop_scale_factor).
//
// # Cohorts
//
// The cohort engine (Options.Engine EngineCohorts, the default) runs the
// same rules on cohorts: agents alike in every column step together as
// one count; the agent engine (EngineAgents) steps them one by one and is
// the reference. The
// cohort key is every column an agent has: location, link and km
// travelled on it, planned route and its next hop, recent_travel_distance
// with the day it was stored, and the flags. When a cohort ends its day,
// and again at the day's merge, its key is cleared of what the rules will
// never read again, which changes nothing an agent does: a sunk agent
// keeps only its location; the hop only while a route is planned; the
// travelled flag only with start_on_foot; recent_travel_distance only
// with avoid_short_stints and while it is not 0. Cohorts with the same
// key are then added up: each worker merges the cohorts it ends, and the
// day's merge those of all workers, the day's spawns and the camps' late
// arrivals. Where agents draw apart, the cohort splits by an exact draw
// with the same chances: the move chance at each decision (binomial), the
// route among a location's routes with today's weights (a multinomial as
// sequential binomials; equal chances when all weights are 0, which is
// also awareness level 0's neighbour), walk_probability on each link, the
// spawns over conflict zones by weight (multinomial); day-0 placements are
// counts and travel is the same for every agent of a part. Each cohort's
// random stream is a hash of the seed, the day and its key, each part of
// a split has one derived from it, and the workers' results are sums or
// are merged by key, so the result does not depend on the number of
// workers; the draws are not the agents', so a run differs from the
// per-agent one seed by seed and agrees with it in distribution
// (TestFleeEnginesAgree: 50 seeds of mali2012, 99 figures).
//
// The one approximation: recent_travel_distance is a real number, the
// halving sum of an agent's daily travel (as a share of max_move_speed),
// so the agents' histories give it nearly as many values as there are
// agents who moved, and with avoid_short_stints (mali2012, ukraine2022)
// cohorts would hardly merge (mali2012: 31,745 keys on a day for 89,991
// agents, and five times slower than the agents). The cohort engine
// therefore keeps it as of yesterday, rounded to the nearest 1/64
// (recentGrid; 6.25 km at ukraine2022's 400 km a day). It is read in one
// place, the avoid_short_stints test of an agent that reaches a town with
// distance to spare (recent travel and today's under half a day's
// max_move_speed: the town sends it on), so the rounding changes a
// decision only for an agent whose recent travel lies within 1/128 of
// max_move_speed of that threshold. With it, mali2012 holds at most
// 1,445 cohorts and ukraine2022's 23.6 M agents 2,870. Where the rounding
// matters more than the draws, TestFleeEnginesAgree shows it: with steps
// of 1/4 or 1/8 it fails (largest z 14.2 and 6.6; 31 and 22 of the 99
// figures with z > 2, against 4.5 by chance); with 1/16 to 1/64 it passes
// with 9 to 11 figures over 2, a small effect; with 1/128 and 1/256, 3.
// 1/64 is the finest that keeps ukraine2022 under 15 s (1/128: 19 s).
//
// One rule differs, where agent order decided: the day's late arrivals at
// a camp are let in up to the count that keeps the camp's multiplier at
// 0.5 or more, counted from its occupancy after the day's other moves,
// and that count is shared among the cohorts arriving late in proportion
// to their sizes (largest remainders), which is what a random order gives
// on average; those turned away are added to the locations they set out
// from once every camp is settled (in agent order, one turned away into
// a camp that also has late arrivals counts towards that camp's limit).
//
// A cohort costs what its splits do: in mali2012 the movers, about a
// twentieth of the agent-days, end their days 1.4 to a cohort (their
// positions on links and travel histories differ), and the cohort engine
// runs it in about the agents' time, as it does FabFlee's smaller
// folders (0.7 to 1.4 times theirs); where agents wait alike by the
// million it pays: syria2013 in 6.8 s and 37 MB instead of 23.7 s and
// 128 MB, ukraine2022's 23.6 M agents in 11 s and 35 MB instead of 229 s
// and 592 MB.
//
// # Conservation
//
// With Options.Check, every day the engine counts the agents at each
// location and on each link (the cohort engine: the agents in its
// cohorts) and checks them against its tables, and that every spawned
// agent is present in some country.
//
// The package is named fleemodel so as not to clash with the flee reader.
package fleemodel
