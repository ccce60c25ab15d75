// Package plan answers a capacity planner's question over a scenario:
// where would N more beds (or N more passes a day at a border post) cut
// the people turned away (or kept queuing) most?
//
// Run tries every candidate placement — each centre with a known
// capacity that turns anyone away in the scenario as it is, or each
// capped post where people queue — with the whole addition, over the
// same replicates (the same seeds: common random numbers, so each
// candidate's gain is measured against the same chance), and ranks them
// by the mean reduction, with its 5th–95th percentile band over the
// replicates. With Steps above 1 it also builds a greedy combination: the
// addition in Steps equal parts, each given to the candidate that gains
// most on top of the parts already given.
package plan
