package report

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
)

// job is one rendering of a format into its own files.
type job struct {
	format string
	cost   int // rough time in tens of milliseconds (BenchmarkWriteFormat), so that the longest start first
	run    func() (files []string, err error)
}

// jobResult is what a job wrote, and how it failed.
type jobResult struct {
	files []string
	err   error
}

// runJobs runs the jobs, at most workers at a time, the costliest first,
// and returns their files in the jobs' order: the list a run one after
// the other would give. On errors it returns the first failed job's error
// (wrapped with its format), with the files of the jobs before it and its
// own.
func runJobs(jobs []job, workers int) ([]string, error) {
	results := make([]jobResult, len(jobs))
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(jobs[b].cost, jobs[a].cost) })
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(1, workers), len(jobs)) {
		wg.Go(func() {
			for i := range next {
				files, err := jobs[i].run()
				results[i] = jobResult{files, err}
			}
		})
	}
	for _, i := range order {
		next <- i
	}
	close(next)
	wg.Wait()
	var files []string
	for i, r := range results {
		files = append(files, r.files...)
		if r.err != nil {
			return files, fmt.Errorf("%s: %w", jobs[i].format, r.err)
		}
	}
	return files, nil
}
