package sweep

import (
	"strings"
	"testing"
)

// TestShardFromEnv: the shard comes from the flags, then each scheduler's
// environment in turn; bad values are errors naming the variable.
func TestShardFromEnv(t *testing.T) {
	for _, c := range []struct {
		name         string
		index, count int
		env          map[string]string
		want         Shard
		err          string
	}{
		{"none: the whole sweep", -1, 0, nil, Shard{0, 1, ""}, ""},
		{"flags", 2, 5, map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "9"}, Shard{2, 5, "flags"}, ""},
		{"flags: index not below count", 5, 5, nil, Shard{}, "shard index 5 is not below the shard count 5"},
		{"flags: index without count", 1, 0, nil, Shard{}, "--shard-index 1 without --shard-count"},
		{"kubernetes", -1, 8, map[string]string{"JOB_COMPLETION_INDEX": "7"}, Shard{7, 8, "kubernetes"}, ""},
		{"kubernetes without count", -1, 0, map[string]string{"JOB_COMPLETION_INDEX": "3"}, Shard{}, "give --shard-count"},
		{"kubernetes beyond", -1, 4, map[string]string{"JOB_COMPLETION_INDEX": "4"}, Shard{}, "JOB_COMPLETION_INDEX: shard index 4 is not below the shard count 4"},
		{"slurm", -1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard{2, 4, "slurm"}, ""},
		{"slurm from 0", -1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "1"}, Shard{0, 1, "slurm"}, ""},
		{"slurm beyond", -1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "14", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard{}, "shard index 4 is not below the shard count 4"},
		{"slurm bad", -1, 0, map[string]string{"SLURM_ARRAY_TASK_ID": "x1"}, Shard{}, `SLURM_ARRAY_TASK_ID="x1": want a whole number`},
		{"aws batch", -1, 3, map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "2"}, Shard{2, 3, "aws-batch"}, ""},
		{"google batch", -1, 0, map[string]string{"BATCH_TASK_INDEX": "1", "BATCH_TASK_COUNT": "6"}, Shard{1, 6, "google-batch"}, ""},
		{"google batch without count", -1, 0, map[string]string{"BATCH_TASK_INDEX": "1"}, Shard{}, "without BATCH_TASK_COUNT"},
		{"kubernetes before slurm", -1, 2, map[string]string{"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "5"}, Shard{1, 2, "kubernetes"}, ""},
		{"count alone", -1, 4, nil, Shard{}, "--shard-count 4 without --shard-index"},
		{"negative", -1, 0, map[string]string{"BATCH_TASK_INDEX": "-1", "BATCH_TASK_COUNT": "6"}, Shard{}, `BATCH_TASK_INDEX="-1"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := ShardFromEnv(c.index, c.count, func(k string) string { return c.env[k] })
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("ShardFromEnv = %+v, %v; want an error containing %q", got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("ShardFromEnv = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}
