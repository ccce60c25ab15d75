package sim

// Model names: RunInfo.Model, summary.json's model and run --model.
const (
	ModelBorderAware = "border-aware"
	ModelFlee        = "flee"
)

// Engine names: Options.Engine, RunInfo.Engine, summary.json's engine and
// run --engine.
const (
	EngineAgents  = "agents"
	EngineCohorts = "cohorts"
)

// FleeNetworkFile is the name under which a Flee run's network is written
// into its run folder (RunInfo.NetworkName and summary.json's network name
// it).
const FleeNetworkFile = "network.geojson"
