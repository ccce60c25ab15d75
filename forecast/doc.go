// Package forecast forecasts the load of every centre, crossing and
// country from the observations known on an as-of day, with bands, and
// back-tests such forecasts against what was observed after.
//
// A forecast is an ensemble of members. Each member runs the scenario
// from its start to the as-of day plus the horizon with the cohort engine
// and its own seed, and with its own arrivals after the as-of day:
//
//   - Each arrival stream's history is what was known on the as-of day:
//     the scenario's counts up to its last known day (the as-of day for
//     daily counts; the end of the last whole month by then for monthly
//     counts, since a month's figure is published after it ends), with
//     whole months of arrivals observations at the stream (its name or
//     its one entry) in their place or before the scenario's start.
//   - Its monthly totals are fitted with the damped-trend model of
//     package arrivals (a random walk on logs under arrivals.MinMonths
//     months), and member k draws path k: after the last known day the
//     member's arrivals are its path, each month spread evenly over its
//     days.
//   - The scenario's events after the as-of day are the what-if and apply
//     (Options.NoFutureEvents drops them). An arrivals_change of a stream
//     dated on or before its last known day is in the history already and
//     is not applied again.
//   - The members' state on the as-of day is corrected to the stocks
//     observed by then (Correction): for each centre with an occupancy
//     and each country with a present observed in the CorrectionWindow
//     days up to the as-of day, the latest figure is set at the end of
//     the as-of day in every member (people added or taken out, see
//     package borderaware), so the forecast starts from what was seen,
//     not from what the model made of the months before.
//     Options.NoCorrection leaves the model's state as it is.
//
// So the spread of the members is the arrivals model's uncertainty and
// the engine's chance; the uncertainty of the model's own parameters
// (walking speed, refusal rates) is not in it.
//
// forecast.csv gives, for each series (countries: entries, present,
// refused into them; crossings, both directions added: passed, refused,
// queue; centres: occupancy, turned_away) and each day, the members' 5th,
// 25th, 50th, 75th and 95th percentiles and the part ("fit" up to the
// as-of day, "forecast" after). warnings.csv lists the centres and posts
// likely to exceed their capacity in the horizon (Forecast.Warnings).
package forecast
