package report

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"github.com/borderflow/borderflow/forecast"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/sim"
)

// WriteForecastMap draws a forecast's map on the run map's base (country
// outlines, roads by class): each border post a square sized by the
// members' median of their highest daily passes after the as-of day, each
// centre a circle sized by the median of their highest occupancy, both
// coloured by the probability that the post queues beyond its cap or the
// centre reaches its capacity in the horizon (the warnings' figure), and
// labels for the posts and centres most likely to. The PNG (1600×1200
// pixels) goes to png and the SVG to svg; either may be nil.
func WriteForecastMap(png, svg io.Writer, f *forecast.Forecast, ws []forecast.Warning, version string) error {
	if f == nil || f.Network == nil {
		return errors.New("forecast map: no forecast network")
	}
	sum := runfolder.Summary{Scenario: f.Name, Model: sim.ModelBorderAware, Network: f.NetworkName, Version: version}
	kind, err := runfolder.KindOf(sum, f.Network)
	if err != nil {
		return err
	}
	d := &runfolder.Data{Summary: sum, Network: f.Network, Kind: kind}
	_, err = renderMap(png, svg, d, forecastSpec(f, ws), nil)
	return err
}

// Probability classes of the forecast map: below the warnings' threshold,
// up to one in two, one in two or more.
var probColours = []color.NRGBA{colGreen, colAmber, colRed}

func probColour(p float64) color.NRGBA {
	switch {
	case p < forecast.WarningProbability:
		return probColours[0]
	case p < 0.5:
		return probColours[1]
	}
	return probColours[2]
}

// medianPeak returns the median over the members of each one's highest
// value of s after the as-of day.
func medianPeak(f *forecast.Forecast, s *forecast.Series) float64 {
	if s == nil {
		return 0
	}
	first := int(f.AsOf-f.Start) + 1
	peaks := make([]float64, f.Members)
	for k := range f.Members {
		for d := first; d < f.Days(); d++ {
			peaks[k] = math.Max(peaks[k], s.Value(d, k))
		}
	}
	slices.Sort(peaks)
	if n := len(peaks); n%2 == 1 {
		return peaks[n/2]
	} else if n > 0 {
		return (peaks[n/2-1] + peaks[n/2]) / 2
	}
	return 0
}

func forecastSpec(f *forecast.Forecast, ws []forecast.Warning) *mapSpec {
	net := f.Network
	prob := map[string]float64{}
	for _, w := range ws {
		prob[w.Kind+"/"+w.ID] = w.Probability
	}
	spec := &mapSpec{
		title: fmt.Sprintf("%s: forecast as of %s", f.Name, longDate(f.AsOf)),
		subtitle: fmt.Sprintf("%d members, %s – %s · median of each member's peak · colour: chance of exceeding capacity · all figures in people",
			f.Members, shortDate(f.AsOf+1), shortDate(f.End)),
	}
	var maxPass, maxOcc float64
	passes := make([]float64, net.NumCrossings())
	for i := range passes {
		passes[i] = medianPeak(f, f.Lookup(forecast.KindCrossing, net.Crossing(geo.CrossingID(i)).ID, "passed"))
		maxPass = math.Max(maxPass, passes[i])
	}
	centres := net.Centres()
	occ := make([]float64, len(centres))
	for i, c := range centres {
		occ[i] = medianPeak(f, f.Lookup(forecast.KindCentre, net.Node(c).ID, "occupancy"))
		maxOcc = math.Max(maxOcc, occ[i])
	}
	for i := range passes {
		x := net.Crossing(geo.CrossingID(i))
		p, capped := prob[forecast.KindCrossing+"/"+x.ID]
		if s := f.Lookup(forecast.KindCrossing, x.ID, "queue"); s != nil && s.Limit != nil {
			capped = true
		}
		sym := symbol{at: postPoint(net, geo.CrossingID(i)), square: true, rank: p*1e12 + passes[i], name: shortName(x.Name)}
		switch {
		case passes[i] == 0:
			sym.half, sym.fill = postIdleHalf, color.White
		default:
			sym.half = sqrtScale(passes[i], maxPass, postMinHalf, postMaxHalf)
			sym.fill = color.White
			if capped {
				sym.fill = probColour(p)
			}
			l := fmt.Sprintf("median peak %s/day", thousands(int64(math.Round(passes[i]))))
			if p > 0 {
				l += fmt.Sprintf(", %.0f%% chance of a queue", 100*p)
			}
			sym.details = []string{l}
		}
		spec.posts = append(spec.posts, sym)
	}
	for i, c := range centres {
		n := net.Node(c)
		p := prob[forecast.KindCentre+"/"+n.ID]
		sym := symbol{at: n.Point, rank: p*1e12 + occ[i], name: cmp.Or(n.Name, n.ID)}
		s := f.Lookup(forecast.KindCentre, n.ID, "occupancy")
		switch {
		case occ[i] == 0:
			sym.half, sym.fill = centreIdleR, color.White
		default:
			sym.half = sqrtScale(occ[i], maxOcc, centreMinR, centreMaxR)
			sym.fill = colUnknown
			l := fmt.Sprintf("median peak %s", thousands(int64(math.Round(occ[i]))))
			if s != nil && s.Limit != nil {
				sym.fill = probColour(p)
				l += fmt.Sprintf(", %.0f%% chance of full", 100*p)
			} else {
				l += ", capacity unknown"
			}
			sym.details = []string{l}
		}
		spec.centres = append(spec.centres, sym)
	}
	spec.labels = labelOrder(spec.posts, spec.centres, labelPosts, labelCentres)
	spec.legend = func(l *legendWriter) {
		l.roads(net)
		l.heading("Border posts")
		l.note("size: median of the members' peak people passing in a day")
		for _, v := range legendValues(maxPass, 3) {
			l.symbolRow(true, sqrtScale(v, maxPass, postMinHalf, postMaxHalf), color.White, thousands(int64(v))+" a day")
		}
		l.note("colour (posts with a cap): chance of a queue,")
		l.note("in the classes of the centres below")
		l.symbolRow(true, postIdleHalf, color.White, "no cap, or nobody passed")
		l.heading("Reception centres")
		l.note("size: median of the members' peak occupancy")
		for _, v := range legendValues(maxOcc, 3) {
			l.symbolRow(false, sqrtScale(v, maxOcc, centreMinR, centreMaxR), color.White, thousands(int64(v)))
		}
		l.note("colour: chance of reaching capacity in the horizon")
		pct := fmt.Sprintf("%.0f %%", 100*forecast.WarningProbability)
		l.symbolRow(false, 6, probColours[0], "below "+pct)
		l.symbolRow(false, 6, probColours[1], pct+" to 50 %")
		l.symbolRow(false, 6, probColours[2], "50 % or more")
		l.symbolRow(false, 6, colUnknown, "capacity unknown")
	}
	return spec
}
