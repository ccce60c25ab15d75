package observe

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzRead reads any bytes as an observations file: never a panic, every
// error names the file, and what is read is valid.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"date,place,metric,value,source\n2015-10-16,HUN,entries,8500,police\n2015-10,HUN,entries,9000,\n",
		"date,place,metric,value\n2015-09-16..2015-11-02,miral,entries,4\n2019-05-01,miral,occupancy,780\n",
		"\ufeffdate,place,metric,value\r\n2015-10-16,SRB,present,1\r\n",
		"date,place,metric,value\n2015-10-16,HUN,entries,4\n2015-10-16,HUN,entries,4\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := Read(bytes.NewReader(data), "obs.csv", places)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "obs.csv:") {
				t.Errorf("error names no file and line: %v", err)
			}
			return
		}
		for _, o := range obs {
			if o.Period.To < o.Period.From || o.Value < 0 || o.Metric == 0 || !places.Has(o.Place) || (o.Metric.Stock() && o.Period.Days() != 1) {
				t.Errorf("read an invalid observation %+v", o)
			}
		}
	})
}
