// Package baseline gives the naive forecasts a back-test compares the
// model with, from the observations known on the as-of day: persistence
// (the last observed rate, or level, carried forward) and seasonal naive
// (the same period a year before, where it was observed). A model that
// does not beat them at a horizon has no skill there.
package baseline
