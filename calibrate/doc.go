// Package calibrate fits a scenario's free parameters to observed counts:
// the values under which the scenario, run as an ensemble, best explains
// the observations up to a date.
//
// The free parameters (Params lists those a scenario has, each with its
// bounds) are the scale of each arrival stream given by daily or monthly
// counts (0.2 to 5: registered arrivals undercount, or count people twice),
// the walking speed (params.walk_km_per_day, 5 to 60 km), the days
// before people on the way learn of a closure (params.info_delay_days, 0
// to 14, rounded to whole days), the days people rest at a centre on the
// way (params.rest_days, 0 to 14, whole; it sets how long transit centres
// hold people) and the distance a day by bus or train
// (params.transport_km_per_day, 50 to 1,000 km).
//
// The objective is the Poisson deviance (score.PoissonDeviance) of the
// observations up to the date against the mean of the ensemble's members
// for the same place, metric and period (flows summed, stocks on the
// day): a count's error is weighed by its size, so neither the largest
// figures decide alone nor the smallest. Every evaluation runs the same
// members with the same seeds (common random numbers), so that the
// objective changes with the parameters and not with the draws, and a fit
// is deterministic for its seed. It is minimised by gonum's Nelder–Mead
// over the parameters mapped into their bounds.
package calibrate
