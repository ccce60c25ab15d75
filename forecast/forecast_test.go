package forecast

import (
	"bytes"
	"context"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
)

func builtin(t testing.TB, name string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func date(t testing.TB, s string) scenarios.Date {
	t.Helper()
	d, err := scenarios.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestForecastIsDeterministic(t *testing.T) {
	s := builtin(t, "balkan-route-2015")
	opts := Options{AsOf: date(t, "2015-10-15"), Horizon: 30, Members: 6, Seed: 7, Scale: 0.1}
	var outs [2][]byte
	for i, workers := range []int{1, 3} {
		opts.Workers = workers
		f, err := Run(context.Background(), s, ".", nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := f.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if err := WriteWarnings(&b, f.Warnings()); err != nil {
			t.Fatal(err)
		}
		outs[i] = b.Bytes()
		t.Logf("%d workers: %.2f s, %d bytes", workers, f.Seconds, b.Len())
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("1 and 3 workers give different forecasts")
	}
}
