// Package calibrate fits a scenario's free parameters to observed counts:
// the values under which the scenario, run as an ensemble, best explains
// the observations up to a date, and how well the observations pin each
// value down.
//
// The free parameters (Params lists those a scenario has, each with its
// bounds) are:
//   - arrivals.NAME.scale: the scale of each arrival stream given by daily
//     or monthly counts (0.2 to 5: registered arrivals undercount, or
//     count people twice);
//   - arrivals.NAME.share.ENTRY: for a stream with several entries, a
//     weight (0.1 to 10) on each entry's share but the first (by id), the
//     shares then brought back to a sum of 1;
//   - destinations.EXIT.weight: the same for the destination shares, each
//     exit but the first;
//   - refusal.TARGET.DATE: the rate of each refusal_rate event (0 to 0.99),
//     TARGET its crossing or its two countries joined by '-';
//   - params.schengen_refusal (0 to 0.99), where the scenario sets it, and
//     params.registration_scale (0.1 to 10, a factor on every
//     registration point's registrations a day), where the network has
//     registration points;
//   - params.walk_km_per_day (5 to 60 km), params.info_delay_days (the
//     days before people on the way learn of a closure, 0 to 14, whole),
//     params.rest_days (the days people stay at a centre on the way, 0 to
//     14, whole; it sets how long transit centres hold people) and
//     params.transport_km_per_day (50 to 1,000 km by bus or train).
//
// The objective is the Poisson deviance (score.PoissonDeviance) of the
// observations up to the date against the mean of the ensemble's members
// for the same place, metric and period (flows summed, stocks on the
// day): a count's error is weighed by its size, so neither the largest
// figures decide alone nor the smallest. Every evaluation runs the same
// members with the same seeds (common random numbers), so that the
// objective changes with the parameters and not with the draws, and a fit
// is deterministic for its seed.
//
// The search runs over the parameters mapped into their bounds (a logit
// of each one's place between them): gonum's Nelder–Mead, restarted from
// its best point while a run gains more than 1%; then a compass search of
// the parameters that are not whole, which takes up the directions
// Nelder–Mead's simplex collapsed along (a small stream next to a large
// one); then whole steps of the whole parameters, on whose rounded values
// the objective is flat between steps.
//
// Fit.Spread gives each parameter's uncertainty from the curvature of the
// deviance at the fit, widened by the quasi-Poisson dispersion, and
// Fit.Draw draws values from it for a forecast's members. It is taken one
// parameter at a time: where two parameters trade off against each other
// (two streams counted only together, in one country's entries) each
// one's spread is too narrow, and a parameter the observations do not
// move (walking speed against monthly country totals) gets no spread and
// keeps its fitted value.
package calibrate
