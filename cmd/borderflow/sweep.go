package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/borderflow/borderflow/internal/yamlguard"
	"github.com/borderflow/borderflow/sweep"
)

// runSweep is the sweep command: one shard of a sweep (the whole sweep
// without a shard), or a scheduler's job file for it.
func runSweep(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sweep", "sweep SWEEP.yaml --out DIR [--shard-index I --shard-count N] [--workers N]\n"+
		"       borderflow sweep SWEEP.yaml --out DIR --emit slurm|k8s --shards N [--cpus N] [--mem SIZE] [--time T] [--parallelism N] [--binary PATH] [--image IMAGE] [--claim PVC]\n\n"+
		"Runs a sweep (go doc ./sweep): the scenario over every point of its grid of parameters and\n"+
		"event sets, each several replicates, writing each item's outputs into DIR/items/ in batches.\n"+
		"A task of a scheduler runs its own shard, items k with k mod N = I: from the flags, or from\n"+
		"JOB_COMPLETION_INDEX (Kubernetes, with --shard-count), SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX\n"+
		"(with --shard-count) or BATCH_TASK_INDEX. `borderflow merge DIR` then checks and merges them.\n"+
		"With --emit it prints a Slurm array script or a Kubernetes Indexed Job (and its merge Job)\n"+
		"that runs the sweep in --shards tasks.", stderr)
	out := fs.String("out", "", "the sweep's `folder`, shared by its shards")
	index := fs.Int("shard-index", -1, "the shard this task runs (0 to N−1; default: from the scheduler's environment, or the whole sweep)")
	count := fs.Int("shard-count", 0, "the number of shards N")
	workers := fs.Int("workers", 0, "items run side by side (default: one per CPU)")
	emit := fs.String("emit", "", "print a job file instead of running: `slurm` or k8s")
	shards := fs.Int("shards", 0, "with --emit: the number of tasks")
	cpus := fs.Int("cpus", 2, "with --emit: CPUs a task")
	mem := fs.String("mem", "2G", "with --emit: memory a task (Slurm: 2G; Kubernetes: 2Gi)")
	wall := fs.String("time", "01:00:00", "with --emit slurm: wall-clock limit a task")
	parallelism := fs.Int("parallelism", 0, "with --emit: tasks at once (default all)")
	binary := fs.String("binary", "", "with --emit slurm: the borderflow binary as the nodes see it (default: this one)")
	image := fs.String("image", "", "with --emit k8s: the container image with borderflow on its PATH")
	claim := fs.String("claim", "", "with --emit k8s: the PersistentVolumeClaim that holds --out")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one sweep file, got %d arguments", len(pos))
	case *out == "":
		return usagef("--out is required: the folder the shards share")
	}
	data, err := yamlguard.ReadFile(pos[0], yamlguard.Default)
	if err != nil {
		return err
	}
	f, err := sweep.Parse(data, pos[0])
	if err != nil {
		return err
	}
	scenarioArg := f.Scenario
	if isScenarioFile(scenarioArg) && !filepath.IsAbs(scenarioArg) {
		scenarioArg = filepath.Join(filepath.Dir(pos[0]), scenarioArg)
	}
	s, err := loadScenario(scenarioArg, nil, "")
	if err != nil {
		return fmt.Errorf("%s: scenario: %w", pos[0], err)
	}
	sw, err := sweep.New(f, s, scenarioDir(scenarioArg), pos[0], data)
	if err != nil {
		return err
	}
	if *emit != "" {
		abs := func(p string) string {
			if a, err := filepath.Abs(p); err == nil {
				return a
			}
			return p
		}
		bin := *binary
		if bin == "" {
			if bin, err = os.Executable(); err != nil {
				return err
			}
		}
		if *shards < 1 {
			return usagef("--emit needs --shards: the number of tasks")
		}
		spec := sweep.JobSpec{Name: f.Name, Binary: bin, Image: *image, SweepFile: abs(pos[0]), Out: abs(*out), Shards: *shards,
			Parallelism: *parallelism, CPUs: *cpus, Memory: *mem, Time: *wall, Claim: *claim}
		switch *emit {
		case "slurm":
			// Slurm opens each task's log in --out before the task starts:
			// the folder must be there at submission, made once the script
			// is.
			var script bytes.Buffer
			if err = sweep.WriteSlurm(&script, spec); err == nil {
				if err := os.MkdirAll(spec.Out, 0o755); err != nil {
					return err
				}
				_, err = stdout.Write(script.Bytes())
			}
		case "k8s":
			spec.SweepFile, spec.Out = filepath.Base(pos[0]), *out
			if !filepath.IsAbs(spec.Out) {
				return usagef("--emit k8s: --out %s: give the folder's path inside the pods (absolute), where --claim is mounted", *out)
			}
			spec.SweepFile = filepath.Join(spec.Out, spec.SweepFile)
			err = sweep.WriteKubernetes(stdout, spec)
		default:
			return usagef("--emit %q: want slurm or k8s", *emit)
		}
		if err != nil {
			return usagef("--emit %s: %v", *emit, err)
		}
		return nil
	}
	sh, err := sweep.ShardFromEnv(*index, *count, os.Getenv)
	if err != nil {
		return usagef("%v", err)
	}
	ctx, stop := signalContext()
	defer stop()
	n := (sw.Items() - sh.Index + sh.Count - 1) / sh.Count
	bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr), progressbar.OptionSetVisibility(isTerminal(stderr)),
		progressbar.OptionSetDescription("sweeping"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	began := time.Now()
	ran, err := sw.Run(ctx, *out, sh, sweep.Options{Workers: *workers, Progress: func(done, _ int) { bar.Set(done) }})
	bar.Finish()
	if err != nil {
		if err := interrupted(ctx, fmt.Sprintf("the batches written so far in %s are whole; run the shard again to finish", *out)); err != nil {
			return err
		}
		return fmt.Errorf("sweep %s: %w", pos[0], err)
	}
	from := ""
	if sh.From != "" {
		from = " (from " + sh.From + ")"
	}
	fmt.Fprintf(stdout, "%s: shard %d of %d%s: %d of %d items (%d points × %d replicates) in %.1f s\nwrote %s\n",
		f.Name, sh.Index, sh.Count, from, ran, sw.Items(), len(sw.Points), f.Replicates, time.Since(began).Seconds(), filepath.Join(*out, sweep.ItemsDir))
	return nil
}

// runMerge is the merge command: a sweep's shards checked and merged.
func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("merge", "merge DIR\n\n"+
		"Checks that the sweep in DIR has every item exactly once, each batch whole, and writes\n"+
		"DIR/merged/sweep.csv and sweep.parquet: per point and output, the mean and the 5th, 50th\n"+
		"and 95th percentiles over the replicates. The same bytes however many shards ran it.", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one sweep folder, got %d arguments", len(pos))
	}
	m, err := sweep.Merge(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d items of %d points from %d batches (%d shards)\nwrote %s\n", m.Name, m.Items, m.Points, m.Batches, m.Shards, filepath.Join(pos[0], sweep.MergedDir))
	return nil
}
