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
// depend on them, so another variant (Flee's rules) plugs in there.
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
