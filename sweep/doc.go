// Package sweep runs a scenario over a grid of parameter values, event
// sets and replicates, split into shards that any scheduler can run side
// by side, and merges what the shards wrote into one table that does not
// depend on how the work was split.
//
// A sweep file (File, read by Parse) names a scenario, a scale, a number
// of replicates, a base seed, the parameters that vary (each a list of
// values, as package calibrate names the parameters) and alternative
// event sets. Its points are the grid's product (parameters in name
// order, each's values in the order given) for each event set; item k is
// point k / replicates, replicate k % replicates, and runs with seed
// sim.ReplicateSeed(seed, k), so an item's result is the same whoever
// runs it.
//
// A shard (Shard; ShardFromEnv reads it from Kubernetes, Slurm, AWS Batch
// or Google Batch) runs the items k ≡ index (mod count) and writes them
// into DIR/items/ in batches of BatchItems: a Parquet file of the items'
// outputs and, written after it, a JSON manifest with its SHA-256. A
// batch is done when its manifest is there and matches; a retried shard
// writes the same batches again, byte for byte, each file replaced
// atomically.
//
// Merge checks that every item is in exactly one batch (naming the
// missing and the shard that owed them) and writes DIR/merged/sweep.csv
// and sweep.parquet: for each point and output, the mean and the 5th,
// 50th and 95th percentiles over the replicates; report.html, the points
// side by side on the outputs that differ most between them; and for a
// Morris or Sobol design, sensitivity.csv.
//
// The outputs of an item (Output) are, for every centre, its peak
// occupancy and the people it turned away; for every crossing (both
// directions), the people who passed, were refused, its peak queue and
// the person-days queued;
// for every country, its entries.
package sweep
