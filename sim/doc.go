// Package sim is the core that borderflow's two engines share: it holds
// what a run is given (Options), what it returns (Result, with its RunInfo
// and Post tables), and the machinery both daily loops use: the
// counter-based random numbers (Mix64), the workers (ForShards for
// contiguous shards, ForChunks for chunks taken as workers finish, Padded
// counters, Block between looks at the context), the network's posts and
// countries (BuildPosts, CountryIndex), the limits of a run (MaxWorkers,
// MaxAgents, AgentCount, NoAgents), the model names, and ensembles of
// replicates (ReplicateSeed, RunReplicates, Mean, Bands).
//
// The engines are packages of their own:
//
//   - sim/borderaware: borderflow's own rules for people crossing the
//     Western Balkans under a scenarios.Scenario (the default; run --model
//     border-aware);
//   - sim/fleemodel: the rules of Flee 3, the reference refugee simulator,
//     over a Flee scenario folder (package flee; run --model flee).
//
// Both simulate people as agents (Options.Scale agents per person) day by
// day, stored as columns of parallel slices rather than objects, and fill
// the same Result tables, in agents: camps and reception centres are
// centres, cross-border links are the posts of crossings, links are edges.
//
// # Determinism
//
// Random numbers are hashes of the seed and of what they decide (agent,
// day, purpose): an agent's draws do not depend on the worker that moves
// it. What workers collect is merged in shard order or is a sum of
// integers, so lists come out in agent order and sums are exact: the
// output is byte-identical for any number of workers.
//
// # Limits
//
// A run asks for at most MaxWorkers workers and starts no more than it has
// agents (or chunks of agents) to move; it simulates at most MaxAgents
// agents, and counts of agents that do not fit are errors naming them, as
// is a scale at which nobody is simulated. The loops look at the context
// before every day and every Block agents, so a cancelled run stops within
// a few milliseconds of work.
package sim
