package sweep

import (
	"fmt"
	"strconv"
)

// Shard is the part of a sweep one task runs: the items k with
// k mod Count == Index. The zero value is the whole sweep.
type Shard struct {
	Index, Count int
	// From says where the shard came from: "flags", a scheduler's
	// environment ("kubernetes", "slurm", "aws-batch", "google-batch"), or
	// "" for the whole sweep.
	From string
}

// MaxShards bounds a shard count.
const MaxShards = 100_000

// ShardFromEnv returns the shard a task runs: from the flags when the
// index is given (index ≥ 0, with count), and otherwise from the
// scheduler's environment (getenv), the flag's count standing for a
// count the scheduler does not pass, in this order:
//   - Kubernetes Indexed Job: JOB_COMPLETION_INDEX, the count from the
//     flag (the Job's completions, which the pod is not told);
//   - Slurm job array: SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of
//     SLURM_ARRAY_TASK_COUNT;
//   - AWS Batch array job: AWS_BATCH_JOB_ARRAY_INDEX, the count from the
//     flag;
//   - Google Batch: BATCH_TASK_INDEX of BATCH_TASK_COUNT.
//
// With none, the task runs the whole sweep. An index not below its count,
// a count below 1 or a value that is not a number is an error naming the
// variable.
func ShardFromEnv(index, count int, getenv func(string) string) (Shard, error) {
	num := func(name string) (int, bool, error) {
		s := getenv(name)
		if s == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return 0, true, fmt.Errorf("%s=%q: want a whole number, 0 or more", name, s)
		}
		return n, true, nil
	}
	check := func(sh Shard, what string) (Shard, error) {
		switch {
		case sh.Count < 1 || sh.Count > MaxShards:
			return Shard{}, fmt.Errorf("%s: shard count %d: want 1 to %d", what, sh.Count, MaxShards)
		case sh.Index < 0 || sh.Index >= sh.Count:
			return Shard{}, fmt.Errorf("%s: shard index %d is not below the shard count %d", what, sh.Index, sh.Count)
		}
		return sh, nil
	}
	if index >= 0 {
		if count <= 0 {
			return Shard{}, fmt.Errorf("--shard-index %d without --shard-count", index)
		}
		return check(Shard{Index: index, Count: count, From: "flags"}, "--shard-index/--shard-count")
	}
	if i, ok, err := num("JOB_COMPLETION_INDEX"); err != nil || ok {
		if err != nil {
			return Shard{}, err
		}
		if count <= 0 {
			return Shard{}, fmt.Errorf("JOB_COMPLETION_INDEX=%d (a Kubernetes Indexed Job): give --shard-count, the Job's completions", i)
		}
		return check(Shard{Index: i, Count: count, From: "kubernetes"}, "JOB_COMPLETION_INDEX")
	}
	if id, ok, err := num("SLURM_ARRAY_TASK_ID"); err != nil || ok {
		if err != nil {
			return Shard{}, err
		}
		lo, _, err := num("SLURM_ARRAY_TASK_MIN")
		if err != nil {
			return Shard{}, err
		}
		n, hasN, err := num("SLURM_ARRAY_TASK_COUNT")
		if err != nil {
			return Shard{}, err
		}
		if !hasN {
			if count <= 0 {
				return Shard{}, fmt.Errorf("SLURM_ARRAY_TASK_ID=%d without SLURM_ARRAY_TASK_COUNT: give --shard-count", id)
			}
			n = count
		}
		return check(Shard{Index: id - lo, Count: n, From: "slurm"}, "SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN")
	}
	if i, ok, err := num("AWS_BATCH_JOB_ARRAY_INDEX"); err != nil || ok {
		if err != nil {
			return Shard{}, err
		}
		if count <= 0 {
			return Shard{}, fmt.Errorf("AWS_BATCH_JOB_ARRAY_INDEX=%d (an AWS Batch array job): give --shard-count, the array's size", i)
		}
		return check(Shard{Index: i, Count: count, From: "aws-batch"}, "AWS_BATCH_JOB_ARRAY_INDEX")
	}
	if i, ok, err := num("BATCH_TASK_INDEX"); err != nil || ok {
		if err != nil {
			return Shard{}, err
		}
		n, hasN, err := num("BATCH_TASK_COUNT")
		if err != nil {
			return Shard{}, err
		}
		if !hasN {
			return Shard{}, fmt.Errorf("BATCH_TASK_INDEX=%d without BATCH_TASK_COUNT", i)
		}
		return check(Shard{Index: i, Count: n, From: "google-batch"}, "BATCH_TASK_INDEX")
	}
	if count > 0 {
		return Shard{}, fmt.Errorf("--shard-count %d without --shard-index or a scheduler's index (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, BATCH_TASK_INDEX)", count)
	}
	return Shard{Index: 0, Count: 1}, nil
}
