package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// scalePoint is salvage's median figures on one replica size.
type scalePoint struct {
	Articles    int       `json:"articles"`
	Runs        []measure `json:"runs"`
	Captures    float64   `json:"captures"`
	PagesPerSec float64   `json:"pagesPerSec"`
	MaxRSSMB    float64   `json:"maxRSSMB"`
}

// parseSizes reads "3000,30000".
func parseSizes(v string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, cli.UsageError{Err: fmt.Errorf("--scale %q: want article counts like 3000,30000", v)}
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// runScale crawls the fast replica at each size with salvage alone and
// prints how pages/s and peak RSS change with the size of the site.
func (c *benchCmd) runScale(ctx context.Context, o options, dir string) ([]scalePoint, error) {
	var points []scalePoint
	for _, n := range o.scale {
		rg := regime{Name: "scale", Articles: n, HostConc: o.hostConc}
		p, err := c.scalePoint(ctx, o, rg, filepath.Join(dir, fmt.Sprintf("scale-%d", n)))
		if err != nil {
			return points, err
		}
		points = append(points, p)
	}
	printScale(c.stdout, points, o.hostConc)
	return points, nil
}

func (c *benchCmd) scalePoint(ctx context.Context, o options, rg regime, dir string) (scalePoint, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return scalePoint{}, err
	}
	fmt.Fprintf(c.stderr, "== scale: %d articles; starting the replica\n", rg.Articles)
	rep, err := startReplica(ctx, o.replica, dir, rg.Articles, 0)
	if err != nil {
		return scalePoint{}, err
	}
	defer rep.stop()
	p := scalePoint{Articles: rg.Articles}
	t := salvageTool(o.salvage, rg.HostConc)
	for i := range o.runs {
		runDir := filepath.Join(dir, fmt.Sprintf("salvage-%d", i+1))
		m, err := runOnce(ctx, t, rep, runDir)
		os.RemoveAll(runDir)
		if err != nil {
			return p, err
		}
		m.Run = i + 1
		fmt.Fprintf(c.stderr, "   salvage run %d: %d captures in %.1fs, %.0f MB peak RSS\n", m.Run, m.Captures, m.Seconds, m.rssMB())
		p.Runs = append(p.Runs, m)
	}
	p.Captures = median(values(p.Runs, func(m measure) float64 { return float64(m.Captures) }))
	p.PagesPerSec = median(values(p.Runs, measure.pagesPerSec))
	p.MaxRSSMB = median(values(p.Runs, measure.rssMB))
	return p, nil
}

// printScale writes the scale table, each size compared with the first.
func printScale(w io.Writer, points []scalePoint, hostConc int) {
	if len(points) == 0 {
		return
	}
	fmt.Fprintf(w, "\nscale: salvage alone, replica without latency, --host-concurrency %d; medians of %d runs\n", hostConc, len(points[0].Runs))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "articles\tcaptures\tpages/s\tpeak RSS MB\tpages/s vs first\tRSS vs first\t")
	for _, p := range points {
		fmt.Fprintf(tw, "%d\t%.0f\t%.1f\t%.1f\t%.2f\t%.2f\t\n", p.Articles, p.Captures, p.PagesPerSec, p.MaxRSSMB,
			p.PagesPerSec/points[0].PagesPerSec, p.MaxRSSMB/points[0].MaxRSSMB)
	}
	tw.Flush()
}
