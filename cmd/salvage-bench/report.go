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

// summarize turns the runs of one regime into figures: salvage's crawl
// phase (--no-report) against wget.
func summarize(runs []measure) []figure {
	s, w := runsOf(runs, toolSalvage), runsOf(runs, toolWget)
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

func runsOf(runs []measure, tool string) []measure {
	var out []measure
	for _, m := range runs {
		if m.Tool == tool {
			out = append(out, m)
		}
	}
	return out
}

// wallFigure is one salvage run kind's wall time against wget's (ratios of
// runs paired in order: median, min, max), and the median time and share of
// its wall time after its last fetch.
type wallFigure struct {
	Tool           string  `json:"tool"`
	Seconds        float64 `json:"seconds"`
	Wget           float64 `json:"wgetSeconds"`
	Ratio          float64 `json:"ratio"`
	RatioMin       float64 `json:"ratioMin"`
	RatioMax       float64 `json:"ratioMax"`
	AfterLastFetch float64 `json:"afterLastFetchSeconds"`
	AfterShare     float64 `json:"afterLastFetchShare"`
}

// wallTimes compares the wall time of each salvage run kind with wget's.
func wallTimes(runs []measure) []wallFigure {
	wall := func(m measure) float64 { return m.Seconds }
	w := values(runsOf(runs, toolWget), wall)
	var out []wallFigure
	for _, tool := range []string{toolSalvage, toolSalvageDefault} {
		s := runsOf(runs, tool)
		sv := values(s, wall)
		var ratios []float64
		for i := range min(len(sv), len(w)) {
			ratios = append(ratios, sv[i]/w[i])
		}
		if len(ratios) == 0 {
			continue
		}
		slices.Sort(ratios)
		out = append(out, wallFigure{Tool: tool, Seconds: median(sv), Wget: median(w), Ratio: median(ratios),
			RatioMin: ratios[0], RatioMax: ratios[len(ratios)-1],
			AfterLastFetch: median(values(s, func(m measure) float64 { return m.AfterLastFetch })),
			AfterShare:     median(values(s, func(m measure) float64 { return m.AfterShare }))})
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
		r.Name, r.Articles, r.Latency, r.HostConc, r.WgetComp, len(runsOf(r.Runs, toolWget)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "figure (median)\tsalvage\twget\tsalvage/wget\tspread\t")
	for _, f := range r.Summary {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.2f\t%.2f–%.2f\t\n", f.Name, f.Salvage, f.Wget, f.Ratio, f.RatioMin, f.RatioMax)
	}
	tw.Flush()
	printWall(w, r.Wall)
}

// printWall writes the wall-time table: the crawl phase and the whole default run.
func printWall(w io.Writer, wall []wallFigure) {
	names := map[string]string{toolSalvage: "crawl phase (--no-report)", toolSalvageDefault: "whole default run (link report)"}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "wall time (median)\tsalvage s\twget s\tsalvage/wget\tspread\tafter last fetch s\tshare of wall\t")
	for _, f := range wall {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.2f\t%.2f–%.2f\t%.1f\t%.0f%%\t\n", names[f.Tool], f.Seconds, f.Wget,
			f.Ratio, f.RatioMin, f.RatioMax, f.AfterLastFetch, 100*f.AfterShare)
	}
	tw.Flush()
}
