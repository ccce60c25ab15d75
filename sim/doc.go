// Package sim is borderflow's engine: it moves people, as agents, day by day
// across a geo.Network under a scenarios.Scenario and records how many reach,
// pass and are refused at each border post, how full each reception centre
// is, and how many enter, leave and are present in each country.
//
// # The daily loop
//
// Each day: spawn the day's arrivals at their entry points (agents, one per
// 1/scale people, rounded on cumulative totals so no fraction is lost) →
// apply the day's events from the scenario's Timeline → move every agent
// (in parallel over contiguous shards of agents) → resolve the border posts
// and then the centres, in a fixed order → record the day.
//
// Agents are columns, not objects: parallel slices of node, arc, km left on
// the arc, state, destination, group, flags, avoided crossing and the day a
// centre stay began — BytesPerAgent (20) bytes per agent.
//
// # The border-aware model (the default)
//
//   - Destination: each agent draws an exit from the scenario's destination
//     shares on its arrival day.
//   - Route: an agent steers by its exit's reverse shortest-path tree; where
//     other next hops lead to the exit on a way at most RouteSpread (3%)
//     longer, it picks among them at random, so flows spread over parallel
//     roads. The tables of such hops are rebuilt only when a closure changes.
//   - Speed: an agent covers params.transport_km_per_day (default 400: buses
//     and trains, as in 2015–16) on roads, railways and ferries, and
//     params.walk_km_per_day (default 25; a group may set its own) on
//     footpaths and green-border crossings. A day's travel may cross many
//     edges; an edge not finished is carried on the next day.
//   - Information: an agent that has not met a closure steers by the state
//     of params.info_delay_days (default 2) ago; one that has met a closed
//     or refusing post knows today's state from then on.
//   - Border posts: each crossing direction is a post. A free-flow crossing
//     (both sides Schengen members, no control in force) has none: agents
//     walk through. A closed post turns everyone back. A checked post queues
//     arrivals first in, first out (ties by agent number), lets through at
//     most its daily capacity (0: no limit), and refuses each person it
//     processes with its refusal probability.
//   - Refusal: a refused or blocked agent stays on its side of the border
//     and re-plans: after a refusal it routes around that crossing (a tree
//     with the crossing closed) while any other way is open, and tries the
//     same crossing again otherwise; the avoidance ends at the next border
//     it passes.
//   - Centres: an agent that reaches a town with an open reception centre
//     and has not yet registered in the current country asks for a place and
//     ends its day there. If the centre has room (capacity × scale; unknown
//     capacity: no limit) it stays params.rest_days (default 1) days;
//     otherwise it is counted as turned away (sleeping outside) and moves on
//     the next day. Requests are served in agent order. A closing centre
//     sends its residents on their way. Agents of a group with needs_centre
//     (e.g. families) ask at every centre town they reach, not once per
//     country.
//   - Stranding: an agent with no open way to its exit stays where it is,
//     counted as stranded, and moves again if a way opens (Idomeni after
//     9 March 2016).
//   - Exit: an agent that reaches its exit leaves the simulation.
//
// The rules that choose a move and decide at a post sit behind the Model
// interface; the loop, queues, capacities, centres and records do not
// depend on them.
//
// # The Flee model (RunFlee, run --model flee)
//
// RunFlee runs a Flee scenario folder (package flee) under the rules of Flee
// 3 (djgroen/flee), the reference refugee simulator, so that its published
// validation runs can be reproduced and compared. Flee's agents have no
// exit: they leave conflict zones and wander over the routes until they
// settle in camps. Its daily loop differs from the border-aware one at the
// level of the loop, not only of the route choice (a move chance per
// location, travel along a link at a daily speed, spawning driven by
// observed camp totals), so it is a second loop over the same columnar
// agents, counter-based random numbers, dynamic chunks of workers and
// Result tables: camps are centres, cross-border routes are crossings,
// routes are edges, and the network is written into the run folder.
//
// Each day: conflicts for the day (conflicts.csv, or conflict_date) →
// spawn (day 0: each camp's observed population; then the day's growth of
// the observed camp total, or of refugees.csv with sum_from_camps false,
// each new agent in a conflict zone drawn with weight population ×
// intensity × conflict_spawn_decay for the conflict's age; falls are a
// debt on the next day) → closures in force → scores and weights → move.
//
//   - Move chance: an agent at a location leaves with the location's move
//     chance: camp_movechance, idpcamp_movechance, conflict_movechance while
//     in conflict, 1 for markers and forwarding hubs, default_movechance
//     otherwise (a location type below 0.005 is a camp).
//   - Route: it plans a route to one of the locations reachable in at most
//     awareness_level steps (markers pass without counting), each weighed
//     ((weight_softening + score) / (softening + km)^distance_power ×
//     capacity multiplier)^weight_power, with score foreign_weight ×
//     camp_weight × conflict_weight^(decay × intensity) as they apply;
//     awareness 0 picks a neighbour at random. It follows the route on later
//     moves; a route whose next link has closed, or that ends in a camp
//     whose capacity multiplier is under 0.5, is dropped (a turn-away of
//     that camp).
//   - Capacity: a camp's multiplier is 1 up to capacity_buffer × capacity ×
//     capacity_scaling, 0 at capacity × capacity_scaling, linear between.
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
//     day-0 total in its raw count, and lowers each camp's capacity by its
//     day-0 population while the camp already holds it; here the camps hold
//     their day-0 population once and keep their capacity.
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
//     occupancy as left by the agents before it; here every agent sees the
//     occupancy at the start of the day (capacity multipliers are computed
//     once a day), which is what makes the result independent of the
//     number of workers. A camp can therefore overshoot its capacity within
//     a day. A change of closures makes agents holding a multi-link route
//     plan anew.
//   - Not implemented: forced redirection (routes.csv column 4, read and
//     kept), location_changes.csv, conflict-, flood- and food-driven
//     spawning, demographics and the population-based move chance scaling
//     (movechance_pop_scale_factor).
//
// # Determinism and conservation
//
// Random numbers are hashes of (seed, agent, day, purpose): an agent's draws
// do not depend on the worker that moves it. Everything workers collect is
// merged in shard order, so lists come out in agent order and sums are
// exact integers: the output is byte-identical for any number of workers.
// With Options.Check, every day the engine counts the agents by state and
// checks arrived = moving + queued + in centres + stranded + exited, and
// that presence by country matches the entries and exits recorded.
package sim
