package report

import "github.com/borderflow/borderflow/geo"

// loadTinyNetwork is a two-node network unlike the embedded one.
func loadTinyNetwork() (*geo.Network, error) {
	return geo.Decode([]byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.6,42.3]},"properties":{"id":"a","country":"SRB"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.9,42.5]},"properties":{"id":"b","country":"SRB"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[21.6,42.3],[21.9,42.5]]},"properties":{"from":"a","to":"b","km":40}}]}`), "tiny")
}
