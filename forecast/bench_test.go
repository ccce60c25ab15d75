package forecast

import (
	"context"
	"testing"
)

// BenchmarkForecast100x90 is the target: a 100-member 90-day
// forecast of the default scenario at scale 1.
func BenchmarkForecast100x90(b *testing.B) {
	s := builtin(b, "balkan-route-2015")
	opts := Options{AsOf: date(b, "2015-12-31"), Horizon: 90, Members: 100, Seed: 1}
	for b.Loop() {
		if _, err := Run(context.Background(), s, ".", nil, opts); err != nil {
			b.Fatal(err)
		}
	}
}
