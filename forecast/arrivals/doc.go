// Package arrivals forecasts a stream's arrivals after the as-of day from
// their history, with prediction intervals: the model an ensemble
// forecast draws each member's arrival path from.
//
// The model is exponential smoothing with a damped additive trend on the
// logarithm of monthly totals, y = log(1 + people in the month) — ETS(A,
// Ad, N) in Hyndman and Athanasopoulos' taxonomy ("Forecasting:
// principles and practice", 3rd ed., ch. 8) — with additive month-of-year
// seasonality, ETS(A, Ad, A), where two years of history or more exist:
//
//	forecast  ŷ(t)  = ℓ(t−1) + φ b(t−1) + s(t−12)
//	error     e(t)  = y(t) − ŷ(t)
//	level     ℓ(t)  = ℓ(t−1) + φ b(t−1) + α e(t)
//	trend     b(t)  = φ b(t−1) + β e(t)
//	season    s(t)  = s(t−12) + γ e(t)
//
// Logs, because arrivals grow and fall by factors (a surge doubles them, a
// closure divides them) and cannot go below zero; a damped trend (φ < 1),
// because a surge's growth does not go on for ever and undamped trends
// overshoot at 60–90 days; seasonality only with two full years to
// estimate it. α, β, φ and γ are fitted by minimising the one-step-ahead
// squared errors with gonum's Nelder–Mead, within α ∈ [0.05, 0.95], β ∈
// [0, α], φ ∈ [0.80, 0.98], γ ∈ [0, 1 − α], and σ is the errors' standard
// deviation. Each path draws its own errors, N(0, σ²), through the same
// equations, so the spread of the paths grows with the horizon as the
// model's own uncertainty does; it leaves out the uncertainty of α, β, φ
// and γ themselves, and an event the history has never shown (a closure,
// a new route) is no part of it: that is the scenario's what-if.
package arrivals
