// Package borderaware is borderflow's own engine: it moves people, as
// agents, day by day across a geo.Network under a scenarios.Scenario and
// records how many reach, pass and are refused at each border post, how
// full each reception centre is, and how many enter, leave and are present
// in each country. Run runs a scenario under the BorderAware model;
// RunModel under another Model.
//
// # The daily loop
//
// Each day: apply the day's events from the scenario's Timeline (crossing
// and centre states; the routers and hop tables are rebuilt when a closure
// changed) → spawn the day's arrivals at their entry points (agents, one
// per 1/scale people: the run's people so far × scale is rounded once a
// day over all streams and entries, and the day's agents are shared among
// the entries by largest remainder, so the run holds exactly as many
// people as the scenario and no entry drifts from its share; each draws
// its exit from the day's destination shares) → move every
// agent (in parallel over contiguous shards of agents) → resolve the
// border posts' queues, then the centres' requests, each in a fixed order
// → record the day → with Options.Check, check conservation.
//
// In the agent engine, agents are columns, not objects: parallel slices
// of node, arc, km left on the arc, state, destination, group, flags,
// avoided crossing and the day a centre stay began — BytesPerAgent (20)
// bytes per agent. The cohort engine keeps the same columns once per
// cohort (see Cohorts).
//
// # The rules
//
//   - Destination: each agent draws an exit from the scenario's destination
//     shares on its arrival day.
//   - Route: an agent steers by its exit's reverse shortest-path tree; where
//     other next hops lead to the exit on a way at most RouteSpread (3%)
//     longer, it picks among them at random, so flows spread over parallel
//     roads. The tables of such hops are rebuilt only when a crossing's
//     state changes.
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
//     processes with its refusal probability. Capacities are in people
//     whatever the scale: a post lets capacity × scale agents through a
//     day, the fraction of an agent it could not pass carried to the next
//     day, so runs at --scale 0.1, 1 and 10 agree within noise.
//   - Queues: a queue forms only where a daily capacity is below the
//     flow. In balkan-route-2015 that is Slovenia's quota of 2,500 a day
//     from Croatia on 18–20 October 2015 (thousands waited at the border);
//     Austria's cap of 3,280 a day from 19 February 2016 came when fewer
//     people than that reached Šentilj, so it makes no queue there.
//   - Refusal: a refused or blocked agent stays on its side of the border
//     and re-plans: after a refusal it routes around that crossing (a tree
//     with the crossing closed) while any other way is open, and tries the
//     same crossing again otherwise; the avoidance ends at the next border
//     it passes.
//   - Centres: an agent that reaches a town with an open centre and has not
//     yet registered in the current country asks at the town's first open
//     centre and ends its day there. People in transit do not ask at
//     asylum or detention centres (they house people who applied for
//     asylum or are held). A registration point (registrations_per_day in
//     the network) registers that many people a day × scale without a
//     place, in agent order, and they move on the next day (Result's
//     Registered). The others, and everyone at a centre that registers
//     nobody in transit, need a place: with room (capacity × scale;
//     unknown capacity: no limit) they stay params.rest_days (default 1)
//     days; without, they are counted as turned away (sleeping outside).
//     One turned away by a registration point has not registered and asks
//     again the next day; one turned away elsewhere moves on. A centre is
//     open between the opened and closed dates the network gives it unless
//     a scenario event opens or closes it; a closing centre sends its
//     residents on their way. Agents of a group with needs_centre (e.g.
//     families) ask at every centre town they reach, not once per country.
//   - Stranding: an agent with no open way to its exit stays where it is,
//     counted as stranded, and moves again if a way opens (Idomeni after
//     9 March 2016).
//   - Exit: an agent that reaches its exit leaves the simulation.
//   - Stocks: a scenario's initial stocks are put in on the first day
//     before anyone moves (a centre's residents stay rest_days from it;
//     people at a place move on), agents for people × scale rounded once
//     over all stocks. A correction (Scenario.Corrections, a forecast's
//     observed stocks) sets a centre's residents, then a country's
//     present, to its figure at the end of its day: people added to a
//     centre have stayed a number of days drawn evenly up to rest_days,
//     as a centre's residents on a day are of every age of stay alike, so
//     they leave over the next rest_days; people added to a country are
//     shared equally among the correction's towns; people taken out are
//     drawn evenly from the centre's residents, or from those in the
//     country neither in a centre nor queued (the cohort engine takes
//     them from each cohort in proportion). Result.Placed counts both.
//
// The two rules that choose a move and decide at a checked post sit behind
// the Model interface (see Model for what stays the loop's).
//
// # Cohorts
//
// Two engines step the agents (Options.Engine). The agent engine, the
// reference, keeps every agent's columns and moves agents one by one;
// under BorderAware, an agent arriving at a node with nothing to decide
// (one way on toward its exit, no post on it, no centre, not its exit)
// takes that way from a table built per exit tree whenever the closures
// change, without asking the model, which picks the same way. The
// cohort engine, the default, keeps cohorts: agents whose columns are all
// equal — node, arc and km left on it, state, exit, group, flags (informed,
// registered), avoided crossing and the day a centre stay began — held as
// one key with a count. As the rules read nothing but these columns, the
// agents of a cohort are alike for every rule, and a cohort is a complete
// description of them: nothing is lost. Each day:
//
//   - cohorts with the same key are merged, and each gets a stream of
//     random numbers from the seed, the day and its key;
//   - where agents would draw apart, the cohort splits by exact draws: an
//     entry's arrivals among exits and groups (multinomial, the day's
//     shares), a choice among next hops (multinomial, equal chances), a
//     post's refusals (binomial), through gonum's exact binomial sampler;
//   - a post's capacity and a centre's registrations and places, which
//     agents take in agent order, are taken first in first out by day of
//     arrival, and the arrivals of one day share what is left in
//     proportion (largest remainder): the one rule that differs, as a
//     cohort has no agent numbers; over runs it gives each kind of agent
//     the share a random order would;
//   - travel, exits, centre stays and stranding are the same for all the
//     agents of a cohort and cost one step, whatever the count.
//
// A run costs what it decides: the default scenario holds at most 614
// cohorts on a day for its 971,156 people. TestCohortsAgreeWithAgents
// checks that the two engines agree in distribution on every built-in
// scenario (50 seeds each, week by week, per country, crossing and
// centre). Results are identical for any number of workers under either
// engine; a Model other than BorderAware runs agent by agent.
//
// # Conservation
//
// With Options.Check, every day the engine counts the agents by state and
// checks arrived = moving + queued + in centres + stranded + exited, that
// the queues, centres and stranded count hold as many, and that presence by
// country matches the entries and exits recorded (Result.StateCounts gets
// the day's counts).
package borderaware
