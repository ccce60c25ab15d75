package sweep

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// JobSpec is what a job file for a scheduler needs: the borderflow binary
// (or image), the sweep file and output folder as the tasks see them, how
// many shards, and each task's resources.
type JobSpec struct {
	Name      string // the sweep's name
	Binary    string // path of the borderflow binary on the cluster (Slurm)
	Image     string // container image with borderflow on its PATH (Kubernetes)
	SweepFile string // the sweep file, as the tasks see it
	Out       string // the output folder, shared by the tasks
	Shards    int
	// Parallelism is how many tasks run at once (0: all).
	Parallelism int
	CPUs        int    // per task
	Memory      string // per task, e.g. 2G (Slurm) or 2Gi (Kubernetes)
	Time        string // per task, Slurm's --time, e.g. 01:00:00
	// Claim is the Kubernetes PersistentVolumeClaim mounted at Out in
	// every pod (the shards and the merge share it).
	Claim string
}

var (
	jobNamePattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)
	memPattern     = regexp.MustCompile(`^[0-9]+([KMGT]i?)?$`)
	timePattern    = regexp.MustCompile(`^[0-9:-]+$`)
)

// check checks the spec's fields that go into a job file as they are.
func (j *JobSpec) check() error {
	switch {
	case !jobNamePattern.MatchString(j.Name) || len(j.Name) > 50:
		return fmt.Errorf("sweep name %q: a job name needs lower-case letters, digits and '-' (at most 50)", j.Name)
	case j.Shards < 1 || j.Shards > MaxShards:
		return fmt.Errorf("%d shards: want 1 to %d", j.Shards, MaxShards)
	case j.Parallelism < 0 || j.Parallelism > j.Shards:
		return fmt.Errorf("parallelism %d: want 0 (all) to the %d shards", j.Parallelism, j.Shards)
	case j.CPUs < 1 || j.CPUs > 1024:
		return fmt.Errorf("%d CPUs a task: want 1 to 1024", j.CPUs)
	case !memPattern.MatchString(j.Memory):
		return fmt.Errorf("memory %q: want a size such as 2G or 2Gi", j.Memory)
	case j.Time != "" && !timePattern.MatchString(j.Time):
		return fmt.Errorf("time %q: want Slurm's form, e.g. 01:00:00 or 1-00:00:00", j.Time)
	}
	return nil
}

// shellQuote quotes s for a POSIX shell: every character as written.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// yamlQuote quotes s as a YAML double-quoted string.
func yamlQuote(s string) string { return strconv.Quote(s) }

// WriteSlurm writes an sbatch script for a job array of j.Shards tasks,
// task i running shard i (borderflow reads SLURM_ARRAY_TASK_ID), and a
// comment saying how to submit it with the merge after it. Each task's
// log goes to j.Out, which must exist when the job is submitted.
func WriteSlurm(w io.Writer, j JobSpec) error {
	if err := j.check(); err != nil {
		return err
	}
	array := fmt.Sprintf("0-%d", j.Shards-1)
	if j.Parallelism > 0 {
		array += fmt.Sprintf("%%%d", j.Parallelism)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/bash\n")
	fmt.Fprintf(&b, "# borderflow sweep %s: %d shards as a Slurm job array. Submit, then merge when all are done:\n", j.Name, j.Shards)
	fmt.Fprintf(&b, "#   jobid=$(sbatch --parsable THIS_FILE)\n")
	fmt.Fprintf(&b, "#   sbatch --dependency=afterok:$jobid --wrap %s\n", shellQuote(shellQuote(j.Binary)+" merge "+shellQuote(j.Out)))
	fmt.Fprintf(&b, "#SBATCH --job-name=borderflow-%s\n", j.Name)
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", array)
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", j.CPUs)
	fmt.Fprintf(&b, "#SBATCH --mem=%s\n", j.Memory)
	if j.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", j.Time)
	}
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", strings.ReplaceAll(j.Out, " ", "_")+"/slurm-%A_%a.out")
	fmt.Fprintf(&b, "set -euo pipefail\n")
	fmt.Fprintf(&b, "mkdir -p %s\n", shellQuote(j.Out))
	fmt.Fprintf(&b, "exec %s sweep %s --out %s --workers %d\n", shellQuote(j.Binary), shellQuote(j.SweepFile), shellQuote(j.Out), j.CPUs)
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteKubernetes writes an Indexed Job of j.Shards completions (pod i
// runs shard i: borderflow reads JOB_COMPLETION_INDEX) and the Job that
// merges them, both mounting the claim j.Claim at j.Out; the merge is
// applied once the sweep's Job is complete (see the README).
func WriteKubernetes(w io.Writer, j JobSpec) error {
	if err := j.check(); err != nil {
		return err
	}
	if j.Image == "" || j.Claim == "" {
		return fmt.Errorf("a Kubernetes Job needs an image and a volume claim for %s", j.Out)
	}
	par := j.Parallelism
	if par == 0 {
		par = j.Shards
	}
	var b strings.Builder
	pod := func(cmd []string, cpu int) {
		quoted := make([]string, len(cmd))
		for i, c := range cmd {
			quoted[i] = yamlQuote(c)
		}
		fmt.Fprintf(&b, "  template:\n    spec:\n      restartPolicy: Never\n      containers:\n")
		fmt.Fprintf(&b, "        - name: borderflow\n          image: %s\n", yamlQuote(j.Image))
		fmt.Fprintf(&b, "          command: [%s]\n", strings.Join(quoted, ", "))
		fmt.Fprintf(&b, "          resources:\n            requests: {cpu: %s, memory: %s}\n            limits: {memory: %s}\n", yamlQuote(strconv.Itoa(cpu)), yamlQuote(j.Memory), yamlQuote(j.Memory))
		fmt.Fprintf(&b, "          volumeMounts:\n            - {name: out, mountPath: %s}\n", yamlQuote(j.Out))
		fmt.Fprintf(&b, "      volumes:\n        - name: out\n          persistentVolumeClaim: {claimName: %s}\n", yamlQuote(j.Claim))
	}
	fmt.Fprintf(&b, "# borderflow sweep %s: %d shards as a Kubernetes Indexed Job, then the merge.\n", j.Name, j.Shards)
	fmt.Fprintf(&b, "# kubectl apply -f THIS_FILE -l step=sweep; kubectl wait --for=condition=complete --timeout=24h job/borderflow-%s;\n", j.Name)
	fmt.Fprintf(&b, "# kubectl apply -f THIS_FILE -l step=merge\n")
	fmt.Fprintf(&b, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: borderflow-%s\n  labels: {app: borderflow, step: sweep}\nspec:\n", j.Name)
	fmt.Fprintf(&b, "  completionMode: Indexed\n  completions: %d\n  parallelism: %d\n  backoffLimitPerIndex: 2\n  maxFailedIndexes: %d\n", j.Shards, par, j.Shards)
	pod([]string{"borderflow", "sweep", j.SweepFile, "--out", j.Out, "--shard-count", strconv.Itoa(j.Shards), "--workers", strconv.Itoa(j.CPUs)}, j.CPUs)
	fmt.Fprintf(&b, "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: borderflow-%s-merge\n  labels: {app: borderflow, step: merge}\nspec:\n  backoffLimit: 2\n", j.Name)
	pod([]string{"borderflow", "merge", j.Out}, 1)
	_, err := io.WriteString(w, b.String())
	return err
}
