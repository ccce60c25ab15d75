package scenarios

// The types in this file are the scenario file format. Their json tags name
// the YAML keys (github.com/goccy/go-yaml reads json tags), and the JSON
// Schema published by `borderflow scenarios schema` is generated from them
// (go generate), so the two cannot disagree.

// File is a scenario file as written.
type File struct {
	Name         string         `json:"name" jsonschema:"description=Short identifier of the scenario (letters\\, digits\\, '-'),pattern=^[a-z0-9][a-z0-9-]*$"`
	Description  string         `json:"description,omitempty" jsonschema:"description=What the scenario asks\\, in a few sentences"`
	Period       Period         `json:"period" jsonschema:"description=First and last simulated day"`
	Network      string         `json:"network,omitempty" jsonschema:"description=The embedded network (westernbalkans\\, the default) or the path of a GeoJSON network file\\, relative to the scenario file"`
	Seed         uint64         `json:"seed,omitempty" jsonschema:"description=Random seed; runs with the same seed give identical output"`
	Arrivals     []Arrival      `json:"arrivals" jsonschema:"description=Streams of people appearing at entry points,minItems=1"`
	Destinations []Destination  `json:"destinations" jsonschema:"description=Shares of people heading for each exit; they sum to 1,minItems=1"`
	Groups       []Group        `json:"groups,omitempty" jsonschema:"description=Population groups that move or shelter differently (e.g. families); the rest are single adults"`
	Params       Params         `json:"params,omitempty" jsonschema:"description=Model parameters; each has a documented default"`
	Events       []Event        `json:"events,omitempty" jsonschema:"description=Dated shocks: closures\\, walls\\, capacities\\, Schengen accession\\, changes of arrivals or destinations"`
	Initial      []InitialStock `json:"initial,omitempty" jsonschema:"description=People already in the network on the first day: in a centre\\, at a place\\, or in a country (near its open centres)"`
}

// InitialStock is a number of people in the network on the period's first
// day. Exactly one of Centre, Place and Country says where.
type InitialStock struct {
	Centre  string  `json:"centre,omitempty" jsonschema:"description=Id of a centre whose residents they are"`
	Place   string  `json:"place,omitempty" jsonschema:"description=Id of a node where they are\\, outside any centre"`
	Country string  `json:"country,omitempty" jsonschema:"description=ISO code of a country: they are shared equally among the towns beside its centres open on the first day"`
	People  float64 `json:"people" jsonschema:"description=Number of people,minimum=0"`
	Source  string  `json:"source,omitempty" jsonschema:"description=Where the figure comes from"`
}

// Period is the simulated span, both days included.
type Period struct {
	Start string `json:"start" jsonschema:"description=First day (YYYY-MM-DD),format=date"`
	End   string `json:"end" jsonschema:"description=Last day (YYYY-MM-DD),format=date"`
}

// Arrival is a stream of people appearing at one entry point, or split among
// several. Exactly one of Daily, Monthly and CSV gives the counts.
type Arrival struct {
	Name    string             `json:"name,omitempty" jsonschema:"description=Name of the stream\\, for arrivals_change events (default: the entry id)"`
	Entry   string             `json:"entry,omitempty" jsonschema:"description=Id of the node where people appear"`
	Entries map[string]float64 `json:"entries,omitempty" jsonschema:"description=Several entry ids with the share of the stream arriving at each; shares sum to 1"`
	Daily   map[string]float64 `json:"daily,omitempty" jsonschema:"description=People arriving on each date (YYYY-MM-DD: count); days not listed have none"`
	Monthly map[string]float64 `json:"monthly,omitempty" jsonschema:"description=People arriving in each month (YYYY-MM: count)\\, spread over its days evenly or by profile"`
	CSV     string             `json:"csv,omitempty" jsonschema:"description=Path of a CSV file with a header and rows date\\,count (relative to the scenario file)"`
	Profile []float64          `json:"profile,omitempty" jsonschema:"description=Relative weights by day of month (up to 31 values) for spreading monthly counts; default even"`
}

// Destination is the share of people heading for one exit.
type Destination struct {
	Exit  string  `json:"exit" jsonschema:"description=Id of an exit node"`
	Share float64 `json:"share" jsonschema:"description=Share of people heading there (0-1),minimum=0,maximum=1"`
}

// Group is a population group.
type Group struct {
	Name         string   `json:"name" jsonschema:"description=Name of the group (e.g. families)"`
	Share        float64  `json:"share" jsonschema:"description=Share of arrivals in the group (0-1),minimum=0,maximum=1"`
	WalkKmPerDay *float64 `json:"walk_km_per_day,omitempty" jsonschema:"description=Walking speed of the group (default: params.walk_km_per_day),exclusiveMinimum=0"`
	NeedsCentre  bool     `json:"needs_centre,omitempty" jsonschema:"description=Whether the group stops only where a centre has room"`
}

// Params are the model parameters. A missing value takes its default (see
// defaultParams).
type Params struct {
	WalkKmPerDay      *float64 `json:"walk_km_per_day,omitempty" jsonschema:"description=Distance walked per day (default 25),exclusiveMinimum=0"`
	TransportKmPerDay *float64 `json:"transport_km_per_day,omitempty" jsonschema:"description=Distance per day when carried by bus or train (default 400),exclusiveMinimum=0"`
	InfoDelayDays     *int     `json:"info_delay_days,omitempty" jsonschema:"description=Days before people still on the way learn of a closure (default 2),minimum=0"`
	RestDays          *int     `json:"rest_days,omitempty" jsonschema:"description=Days spent at a reception centre passed on the way (default 1),minimum=0"`
	// SchengenCapacityPerDay and SchengenRefusal apply to crossings on a
	// Schengen external border unless an event sets them.
	SchengenCapacityPerDay *int     `json:"schengen_capacity_per_day,omitempty" jsonschema:"description=Daily throughput of a Schengen external border post; 0 means unlimited (default 0),minimum=0"`
	SchengenRefusal        *float64 `json:"schengen_refusal,omitempty" jsonschema:"description=Refusal probability at a Schengen external border post (default 0),minimum=0,maximum=1"`
	RegistrationScale      *float64 `json:"registration_scale,omitempty" jsonschema:"description=Factor on every registration point's registrations a day from the network (default 1),exclusiveMinimum=0"`
}

// Event is one dated shock. Exactly one of the kind fields is set.
type Event struct {
	Date   string `json:"date" jsonschema:"description=Day the event takes effect (YYYY-MM-DD),format=date"`
	End    string `json:"end,omitempty" jsonschema:"description=Last day of the event; the change is undone the day after (YYYY-MM-DD),format=date"`
	Source string `json:"source,omitempty" jsonschema:"description=Where the event comes from"`

	CloseBorder       *BorderRef        `json:"close_border,omitempty" jsonschema:"description=Close the border between two countries (all its crossings or those named)"`
	OpenBorder        *BorderRef        `json:"open_border,omitempty" jsonschema:"description=Open the border between two countries (all its crossings or those named)"`
	CloseCrossing     string            `json:"close_crossing,omitempty" jsonschema:"description=Close one border crossing (its id)"`
	OpenCrossing      string            `json:"open_crossing,omitempty" jsonschema:"description=Open one border crossing (its id)"`
	Wall              *Wall             `json:"wall,omitempty" jsonschema:"description=A wall or fence: every crossing it cuts closes or refuses"`
	JoinSchengen      string            `json:"join_schengen,omitempty" jsonschema:"description=ISO alpha-3 code of a country that joins the Schengen area"`
	CrossingCapacity  *CrossingCapacity `json:"crossing_capacity,omitempty" jsonschema:"description=Cap the daily throughput of a crossing or of every crossing of a border"`
	RefusalRate       *RefusalRate      `json:"refusal_rate,omitempty" jsonschema:"description=Probability that a person is refused (pushed back) at a crossing or border"`
	CentreCapacity    *CentreCapacity   `json:"centre_capacity,omitempty" jsonschema:"description=Set a centre's capacity"`
	CloseCentre       string            `json:"close_centre,omitempty" jsonschema:"description=Close a centre (its id); overrides the network's opening and closing dates"`
	OpenCentre        string            `json:"open_centre,omitempty" jsonschema:"description=Open a centre (its id); overrides the network's opening and closing dates"`
	ArrivalsChange    *ArrivalsChange   `json:"arrivals_change,omitempty" jsonschema:"description=Scale or replace an arrival stream from the event's date"`
	DestinationChange []Destination     `json:"destination_change,omitempty" jsonschema:"description=New destination shares from the event's date"`
}

// BorderRef names a border between two countries and, optionally, some of
// its crossings.
type BorderRef struct {
	Between   []string `json:"between" jsonschema:"description=The two countries (ISO alpha-3),minItems=2,maxItems=2"`
	Crossings []string `json:"crossings,omitempty" jsonschema:"description=Only these crossings (ids); default all"`
}

// Wall is a barrier drawn as a polyline.
type Wall struct {
	Line    [][]float64 `json:"line,omitempty" jsonschema:"description=The wall as [longitude\\, latitude] points"`
	File    string      `json:"file,omitempty" jsonschema:"description=A GeoJSON file with the wall as a LineString (relative to the scenario file)"`
	Refusal *float64    `json:"refusal,omitempty" jsonschema:"description=Instead of closing the crossings\\, refuse people with this probability,minimum=0,maximum=1"`
}

// CrossingCapacity caps a crossing's (or a border's) daily throughput.
type CrossingCapacity struct {
	Crossing string   `json:"crossing,omitempty" jsonschema:"description=Id of the crossing"`
	Between  []string `json:"between,omitempty" jsonschema:"description=Or every crossing between two countries,minItems=2,maxItems=2"`
	PerDay   int      `json:"per_day" jsonschema:"description=People who may pass per day,minimum=0"`
}

// RefusalRate sets the refusal probability at a crossing or border.
type RefusalRate struct {
	Crossing string   `json:"crossing,omitempty" jsonschema:"description=Id of the crossing"`
	Between  []string `json:"between,omitempty" jsonschema:"description=Or every crossing between two countries,minItems=2,maxItems=2"`
	Rate     float64  `json:"rate" jsonschema:"description=Probability of refusal (0-1),minimum=0,maximum=1"`
}

// CentreCapacity sets a centre's capacity.
type CentreCapacity struct {
	Centre   string `json:"centre" jsonschema:"description=Id of the centre"`
	Capacity int    `json:"capacity" jsonschema:"description=Places,minimum=0"`
}

// ArrivalsChange scales or replaces an arrival stream from its event's date.
type ArrivalsChange struct {
	Stream  string             `json:"stream" jsonschema:"description=Name of the arrival stream (its name or entry id)"`
	Scale   *float64           `json:"scale,omitempty" jsonschema:"description=Multiply the stream's counts by this factor,minimum=0"`
	Daily   map[string]float64 `json:"daily,omitempty" jsonschema:"description=Replace the counts with these (YYYY-MM-DD: count)"`
	Monthly map[string]float64 `json:"monthly,omitempty" jsonschema:"description=Replace the counts with these (YYYY-MM: count)"`
}
