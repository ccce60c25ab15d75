package runfolder

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
)

// replicateWidth is the digits of a replicate folder's number: enough that
// the names of up to 99999 replicates sort as their numbers do.
const replicateWidth = 5

// ReplicateDir returns the folder of replicate k (from 1) of the run folder
// root: root/replicates/r00001 for k = 1.
func ReplicateDir(root string, k int) string {
	return filepath.Join(root, ReplicatesDir, fmt.Sprintf("r%0*d", replicateWidth, k))
}

// replicateNumber returns the number of a replicate folder's name ("r7",
// "r007", "r00007": 7), and whether it is one.
func replicateNumber(name string) (int, bool) {
	if len(name) < 2 || name[0] != 'r' {
		return 0, false
	}
	for _, c := range name[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	k, err := strconv.Atoi(name[1:])
	return k, err == nil && k > 0
}

// Replicates returns the replicate folders of the run folder root (any
// root/replicates/rN, whatever N's width), sorted by number; none when root
// has no replicates folder. Two folders of one number are an error.
func Replicates(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, ReplicatesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	type rep struct {
		k    int
		name string
	}
	var reps []rep
	for _, e := range entries {
		if k, ok := replicateNumber(e.Name()); ok && e.IsDir() {
			reps = append(reps, rep{k, e.Name()})
		}
	}
	slices.SortFunc(reps, func(a, b rep) int { return cmp.Compare(a.k, b.k) })
	out := make([]string, len(reps))
	for i, r := range reps {
		if i > 0 && reps[i-1].k == r.k {
			return nil, fmt.Errorf("%s: %s and %s are both replicate %d", filepath.Join(root, ReplicatesDir), reps[i-1].name, r.name, r.k)
		}
		out[i] = filepath.Join(root, ReplicatesDir, r.name)
	}
	return out, nil
}
