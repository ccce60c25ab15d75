// Package runfolder owns borderflow's run folders: what is in them, how they
// are written, read back and verified, and how they are put in place.
//
// # What a run folder is
//
// A run folder (by default ./out/<scenario>) is everything one run of
// borderflow run produced, self-contained: reading it needs nothing but
// borderflow (no scenario file, no Flee folder, no network file). It holds
//
//	countries.csv    date,country,entries,exits,present
//	crossings.csv    date,crossing,from,to,arrived,passed,refused,queue (one row per direction)
//	centres.csv      date,centre,country,occupancy,capacity,turned_away,registered
//	edges.csv        date,from,to,people (only segments anyone set out along that day)
//	summary.json     the run's parameters and peaks (Summary)
//	scenario.yaml    the scenario as run (border-aware runs)
//	network.geojson  the network, whenever it is not the embedded westernbalkans one
//	bands.csv        date,kind,id,series,mean,p05,p95 (with --replicates)
//	replicates/r00001/ …  one run folder per replicate (with --replicates)
//	manifest.json    see below
//
// and the reports derived from the data: loads.geojson, daily.parquet,
// map.png/svg, the charts' PNG/SVG, report.html. Every figure is in people;
// dates are YYYY-MM-DD; ids are the network's. The CSV files are written
// with encoding/csv, so an id holding a comma or a quote is quoted and reads
// back as it was. Header returns a table's columns; the names and columns
// are a public contract, and any change to them raises FormatVersion.
//
// # Replicates
//
// ReplicateDir(root, k) is root/replicates/r followed by k in five digits
// (r00001 … r10000 sort as numbers do); Replicates lists the replicate
// folders of a run folder by number, reading any rN whatever its width.
// Each replicate folder is a run folder with its own manifest; the top
// folder's tables are the replicates' mean.
//
// # The manifest
//
// manifest.json records the format (FormatVersion, an integer), the
// borderflow version that wrote the folder, its kind (run; compare for
// borderflow compare's output; forecast for borderflow forecast's, whose
// forecast.csv, warnings.csv and forecast.json are its data), its name (the scenario's), and two lists of
// files with their size, rows (CSV tables: records after the header) and
// SHA-256:
//
//   - files: the data, including each replicate's manifest.json, so the
//     top manifest seals the whole tree. Read and Verify check them first and
//     refuse a folder where one is missing, truncated or edited, naming the
//     file and what differs; a folder without a manifest ("DIR: not a
//     borderflow run folder (no manifest.json)"), with someone else's, or of
//     another format ("DIR: written by borderflow X in run-folder format N;
//     this borderflow reads format M: re-run it").
//   - reports: the derived files, as last rendered. borderflow report
//     rewrites this list (Update, then Commit). They are not verified:
//     they can always be rendered again from the data. They are listed so
//     that every file of a folder is known: a folder holding a file that
//     neither list names is never replaced.
//
// # Committing
//
// A folder is never written in place. Create (a new folder) or Update (new
// reports for a run folder) returns a Tx whose Dir, a staging folder
// .<base>.partial-* beside the target, is written into; Commit lists the
// reports in the manifest and moves the staging folder into place (the old
// folder, if any, moved aside into .<base>.old-* and then removed), and
// Abort removes it. The rules:
//
//   - The target's lock (.<base>.lock beside it) is held from Create or
//     Update to Commit or Abort, so a second borderflow writing the same
//     folder fails at once (ErrBusy: "another run is writing DIR"). The lock
//     is github.com/gofrs/flock: an flock(2) (LockFileEx on Windows) that
//     the kernel drops when the process dies, so a crashed run never leaves
//     a lock that blocks the next one (unlike an O_EXCL lock file), with a
//     non-blocking TryLock. The lock file is removed at Commit and Abort;
//     whoever locks checks that the file it locked is still the one at the
//     path, so removing it is safe. Only a process killed outright (SIGKILL)
//     leaves the empty lock file, which the next run takes over and removes.
//   - Only an absent folder, an empty one, or a borderflow folder holding
//     nothing its manifest does not list is replaced; a borderflow folder of
//     the same kind and name (a previous run of the same scenario) without
//     asking, one of another name or kind only with Options.Replace
//     (--force: ErrOtherRun). Anything else is never removed, whatever the
//     options (ErrNotRun), nor /, the home folder, the current folder or a
//     folder holding them (ErrProtected).
//   - A read-only folder (or sub-folder) is refused before anything is
//     moved, since removing it would stop half-way.
//   - Nothing half-made remains after a failure or an Abort: no staging or
//     old folder, no lock file, no parent folder Create made. The commands
//     Abort on SIGINT, SIGTERM and SIGHUP.
package runfolder
