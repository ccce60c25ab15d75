// Package scenarios reads the what-if scenarios planners write: a period,
// who arrives where and how many, which exits they head for, model
// parameters, and dated events — border and crossing closures, walls,
// Schengen accession, crossing and centre capacities, refusal rates, centre
// closures, changes of arrivals and destinations.
//
// A scenario file is YAML, decoded strictly (github.com/goccy/go-yaml):
// unknown keys, wrong types, unknown ids, dates outside the period, shares
// that do not sum to one and contradictory events are all reported at once,
// each as file:line:column with the closest valid names suggested (see
// LoadFile and ErrorList). The format is the File type; Schema returns its
// JSON Schema, generated from the same types, for editors.
//
// Loading resolves a scenario against its network (geo.Network) into a
// Scenario: people per day for each arrival stream, and a Timeline that
// holds every crossing's and centre's state on every day, computed once
// before a run. Event.Kind, Event.Target and Event.Describe say in words
// what an event does.
//
// The rules of the timeline:
//   - An event takes effect on its date; with an end date it is undone the
//     day after its end. Among events in force on a day, the one that started
//     last (then the one later in the file) sets each attribute.
//   - Two events that set the same attribute of the same crossing or centre
//     differently are contradictory if they start on the same day, or if one
//     starts inside the other's explicit window.
//   - A crossing between two Schengen members is free flow (no post) unless
//     an event closes it or sets its capacity or refusal rate (a temporary
//     reintroduction of controls). Membership on each date is built in
//     (schengenMember), from 1995 on; join_schengen moves a country's
//     accession in a counterfactual. A crossing with a member on one side only
//     is a Schengen external border and gets params.schengen_capacity_per_day
//     and params.schengen_refusal unless an event sets its own.
//   - A centre is open on the days its network dates allow
//     (geo.CentreInfo.Operating: from its opening date through its closing
//     date, a month or year counting whole) and closed before and after;
//     an open_centre or close_centre event in force on a day overrides them.
//     Its RegistrationsPerDay comes from the network.
//   - A wall closes every border crossing whose edge it cuts, or gives it a
//     refusal rate; a wall that cuts no crossing is an error.
//
// A scenario may start with people already in the network (File.Initial,
// resolved into Scenario.Initial): a centre's residents (the centre must
// be open on the first day), people at a place outside any centre, or
// people in a country, shared equally among the towns beside its centres
// open on the first day (Scenario.TownsNear). A forecast sets stocks to
// what was observed on its as-of day with Scenario.Corrections.
//
// The built-in library (Builtins, Builtin, BuiltinSource) holds sourced
// scenarios of the 2015–16 Balkan route, the Bosnian route and later years;
// every number in them carries its source in a comment.
package scenarios
