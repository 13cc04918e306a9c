package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// figure is one measured quantity: each crawler's median over its runs, and
// the salvage/wget ratio of runs paired in order (median, min, max).
type figure struct {
	Name     string  `json:"name"`
	Salvage  float64 `json:"salvage"`
	Wget     float64 `json:"wget"`
	Ratio    float64 `json:"ratio"`
	RatioMin float64 `json:"ratioMin"`
	RatioMax float64 `json:"ratioMax"`
}

// figures lists what is reported, in order.
var figures = []struct {
	name string
	of   func(measure) float64
}{
	{"captures", func(m measure) float64 { return float64(m.Captures) }},
	{"pages/s", measure.pagesPerSec},
	{"MB/s written", measure.mbPerSec},
	{"CPU s per 1000 captures", measure.cpuPerK},
	{"peak RSS MB", measure.rssMB},
}

// summarize turns the runs of one regime into figures.
func summarize(runs []measure) []figure {
	var s, w []measure
	for _, m := range runs {
		if m.Tool == "salvage" {
			s = append(s, m)
		} else {
			w = append(w, m)
		}
	}
	var out []figure
	for _, f := range figures {
		sv, wv := values(s, f.of), values(w, f.of)
		var ratios []float64
		for i := range min(len(sv), len(wv)) {
			ratios = append(ratios, sv[i]/wv[i])
		}
		slices.Sort(ratios)
		out = append(out, figure{Name: f.name, Salvage: median(sv), Wget: median(wv),
			Ratio: median(ratios), RatioMin: ratios[0], RatioMax: ratios[len(ratios)-1]})
	}
	return out
}

func values(ms []measure, of func(measure) float64) []float64 {
	v := make([]float64, len(ms))
	for i, m := range ms {
		v[i] = of(m)
	}
	return v
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// printRegime writes one regime's table.
func printRegime(w io.Writer, r regimeResult) {
	fmt.Fprintf(w, "\nregime %s: %d articles, latency %v, salvage --host-concurrency %d, wget one connection, --compression=%s; %d runs each\n",
		r.Name, r.Articles, r.Latency, r.HostConc, r.WgetComp, len(r.Runs)/2)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "figure (median)\tsalvage\twget\tsalvage/wget\tspread\t")
	for _, f := range r.Summary {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.2f\t%.2f–%.2f\t\n", f.Name, f.Salvage, f.Wget, f.Ratio, f.RatioMin, f.RatioMax)
	}
	tw.Flush()
}
