package sim

// MaxWorkers is the most workers a run may use.
const MaxWorkers = 1024
