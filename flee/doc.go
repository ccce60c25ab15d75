// Package flee reads Flee scenario directories.
//
// Flee (https://github.com/djgroen/flee, with the FabFlee tool chain) is the
// reference agent-based simulator of refugee movement; its scenario
// directories are the field's common input format. Read turns one such
// directory into Go values, and Scenario.Network turns its locations and
// routes into a geo.Network.
//
// # Layout
//
// A scenario directory holds:
//
//	input_csv/locations.csv                required
//	input_csv/routes.csv                   required
//	input_csv/closures.csv                 required
//	input_csv/sim_period.csv               required
//	input_csv/conflicts.csv                optional (Scenario.Conflicts is nil without it)
//	input_csv/registration_corrections.csv optional
//	simsetting.yml                         optional (Scenario.Settings is nil without it)
//	source_data/data_layout.csv            optional, with the files it names
//	source_data/refugees.csv               optional
//
// Every other file (for example location_changes.csv, major_routes.csv,
// region_attributes_*.csv, source_data/notes.txt, religion.csv, tribes.csv,
// or a reference output) is ignored.
//
// # CSV conventions
//
// Files are comma separated; fields are trimmed of surrounding spaces; blank
// lines are skipped; a UTF-8 byte-order mark is dropped. As in Flee, a row
// whose first field begins with '#' is a comment or header, and columns are
// taken by position, not by header name. Extra columns of locations.csv
// (beyond the eighth) and routes.csv (beyond the fourth) are kept as
// attributes under the names given in the '#' header row.
//
// # Columns read
//
// locations.csv: name, region, country, latitude, longitude, location_type,
// conflict_date, population. The name must be unique. latitude and longitude
// are decimal degrees and required. location_type is kept as written
// (conflict_zone, town, camp, idpcamp, forwarding_hub, marker, …); as in Flee a
// type containing "conflict" is a conflict zone and one containing "camp" is a
// camp. conflict_date is the simulation day the conflict starts; it is
// required for conflict zones and may be blank elsewhere (ConflictDay −1).
// population is an integer, 0 when blank; for camps it is the capacity.
//
// routes.csv: name1, name2, distance, forced_redirection. Both names must be
// locations; distance is in kilometres and must be a non-negative number;
// forced_redirection is 0 (none; also when blank or absent), 1 or 2 (a
// forced redirection, from name1 to name2 or from name2 to name1 as Flee
// defines it), kept as a number.
//
// closures.csv: closure_type, name1, name2, closure_start, closure_end.
// For type "country" the names must be countries named in locations.csv.
// For location, camp and idpcamp closures only name1 is read (it must be a
// location; name2 may be blank or anything, as Flee ignores it); for every
// other type (link, …) both must be location names. The start and end days
// are integers.
//
// conflicts.csv: the first row is the header: a day column (named #Day or
// anything else) followed by one column per location. As in Flee, a column
// with no name (a header ending in a comma) is skipped, and a column naming
// no location is ignored with a warning (Scenario.Warnings). Every later row
// gives the day, which must count up from 0 in steps of one (Flee indexes
// the table by row), and one non-negative intensity per named location (0/1
// or a fraction); it may stop short of trailing unnamed columns.
//
// sim_period.csv: rows "StartDate,YYYY-MM-DD" and "Length,N" (days). Other
// rows are ignored.
//
// registration_corrections.csv: location name, date (YYYY-MM-DD) and the
// correction (e.g. normalize), kept as written.
//
// simsetting.yml: read with github.com/goccy/go-yaml. The whole document is
// kept in Settings.Raw; the values Flee's spawn and move rules use are also
// decoded into typed fields of Settings, with Flee's defaults where a key is
// absent (see Settings). As with Flee's loader, a key given twice keeps its
// last value. Settings.Unsupported names the settings that switch on rules
// borderflow does not implement (conflict-, flood- and starvation-driven
// spawning, flood move rules, Flee 1's route rules, population-scaled move
// chances, stay-close-to-home).
//
// source_data/data_layout.csv: rows "name,file[,file…]": "total" or a name,
// then files in source_data. A name that is no location is kept with a
// warning: as in Flee its series counts towards the spawn total, but no camp
// is compared with it. Further files on a row are summed into the first as
// Flee's AddCSVTables sums them (AddSeries; e.g. a camp's count of people
// living outside it). Each such file, like refugees.csv, has rows
// "YYYY-MM-DD,count" (the count may be written as a whole-valued decimal),
// after an optional header row whose first field is Date or DateTime.
// Further columns of these files are ignored.
//
// registration_corrections.csv is applied when the scenario is read
// (Scenario.CampSeries): a correction's date must be one of the camp's
// observation dates, after its first.
//
// # Errors
//
// Read goes on past a problem and reports every one it finds as Problems, a
// list of *Error values whose messages name the file and, where one
// applies, the line: "…/routes.csv:12: unknown location \"Gaoo\" in name2".
//
// # Countries
//
// As in Flee a country is a label. Scenario.Network maps it to its ISO
// 3166-1 alpha-3 code where CountryCode knows it ("RC" → COG, "Equador" →
// ECU) and gives any other label a user-assigned code (QMA, QMB, …).
//
// # Where Flee's code has a bug
//
// AddSeries keeps AddCSVTables' merge exactly (its sums depend on it),
// including that the sum ends with the further file. A value in a
// conflicts.csv column with no name, on which Flee stops with a KeyError,
// is ignored. A registration correction dated before the period, which
// Flee ignores, must still be one of the camp's observation dates.
package flee
