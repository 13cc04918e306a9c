package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// benchCmd is the whole benchmark: both regimes, both crawlers.
type benchCmd struct {
	stdout, stderr io.Writer
}

type options struct {
	articles, latencyArticles, runs, hostConc int
	latency                                   time.Duration
	regimes                                   []string
	scale                                     []int
	salvage, replica, wget, jsonOut, dir      string
	wgetCompression                           string
}

// regime is one server behaviour under test.
type regime struct {
	Name     string        `json:"name"`
	Articles int           `json:"articles"`
	Latency  time.Duration `json:"latencyNs"`
	HostConc int           `json:"salvageHostConcurrency"`
	WgetComp string        `json:"wgetCompression"`
}

// regimeResult is every run of a regime and the summary of them.
type regimeResult struct {
	regime
	Runs    []measure    `json:"runs"`
	Summary []figure     `json:"summary"` // the crawl phase: salvage --no-report against wget
	Wall    []wallFigure `json:"wall"`    // each salvage run's wall time against wget's
}

func (c *benchCmd) parse(args []string) (options, error) {
	var o options
	var regimes, scale string
	fs := flag.NewFlagSet("salvage-bench", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.IntVar(&o.articles, "articles", 3000, "replica size for the fast regime (generated news articles, each with its images and PDFs)")
	fs.IntVar(&o.latencyArticles, "latency-articles", 300, "replica size for the latency regime (wget fetches one at a time, so this bounds the run time)")
	fs.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency the replica adds to every response in the latency regime")
	fs.IntVar(&o.runs, "runs", 3, "runs of each crawler per regime, alternating")
	fs.IntVar(&o.hostConc, "host-concurrency", 4, "salvage --host-concurrency (both regimes)")
	fs.StringVar(&regimes, "regimes", "fast,latency", "regimes to run: fast (replica answers at once), latency (replica adds --latency)")
	fs.StringVar(&o.salvage, "salvage", besideSelf("salvage"), "salvage binary")
	fs.StringVar(&o.replica, "replica", besideSelf("salvage-replica"), "salvage-replica binary")
	fs.StringVar(&o.wget, "wget", "wget", "GNU wget binary")
	fs.StringVar(&o.wgetCompression, "wget-compression", "auto", "wget --compression: auto sends Accept-Encoding: gzip as salvage (and browsers) do, so the replica does the same work for both; none is wget's default")
	fs.StringVar(&o.jsonOut, "json", "", "also write every run and the summary as JSON here")
	fs.StringVar(&scale, "scale", "", "instead of the comparison, crawl with salvage alone at each of these sizes (e.g. 3000,30000) and compare pages/s and peak RSS")
	fs.StringVar(&o.dir, "dir", "", "work folder for the crawls (default: a temporary folder, removed after)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, cli.UsageError{Err: fmt.Errorf("%w (try: salvage-bench -h)", err)}
	}
	o.regimes = strings.Split(regimes, ",")
	if scale != "" {
		sizes, err := parseSizes(scale)
		if err != nil {
			return o, err
		}
		o.scale = sizes
	}
	return o, o.validate(fs)
}

func (o options) validate(fs *flag.FlagSet) error {
	switch {
	case fs.NArg() > 0:
		return cli.UsageError{Err: fmt.Errorf("unexpected argument %q (try: salvage-bench -h)", fs.Arg(0))}
	case o.runs < 1 || o.articles < 1 || o.latencyArticles < 1 || o.hostConc < 1:
		return cli.UsageError{Err: errors.New("--runs, --articles, --latency-articles and --host-concurrency must be at least 1")}
	case o.wgetCompression != "auto" && o.wgetCompression != "gzip" && o.wgetCompression != "none":
		return cli.UsageError{Err: fmt.Errorf("--wget-compression %q: want auto, gzip or none", o.wgetCompression)}
	}
	for _, r := range o.regimes {
		if r != "fast" && r != "latency" {
			return cli.UsageError{Err: fmt.Errorf("regime %q: want fast or latency", r)}
		}
	}
	return nil
}

// besideSelf is the path of a sibling binary of this one (make build puts
// them all in bin/).
func besideSelf(name string) string {
	exe, err := os.Executable()
	if err != nil {
		return name
	}
	return filepath.Join(filepath.Dir(exe), name)
}

// Run runs every regime and prints (and writes) the results.
func (c *benchCmd) Run(ctx context.Context, args []string) error {
	o, err := c.parse(args)
	if err != nil {
		return err
	}
	dir, cleanup, err := workDir(o.dir)
	if err != nil {
		return err
	}
	defer cleanup()
	if len(o.scale) > 0 {
		points, err := c.runScale(ctx, o, dir)
		if err != nil {
			return err
		}
		return writeJSON(o.jsonOut, points)
	}
	var results []regimeResult
	for _, name := range o.regimes {
		res, err := c.runRegime(ctx, o, o.regimeFor(name), filepath.Join(dir, name))
		if err != nil {
			return err
		}
		printRegime(c.stdout, res)
		results = append(results, res)
	}
	return writeJSON(o.jsonOut, results)
}

func (o options) regimeFor(name string) regime {
	if name == "latency" {
		return regime{Name: name, Articles: o.latencyArticles, Latency: o.latency, HostConc: o.hostConc, WgetComp: o.wgetCompression}
	}
	return regime{Name: name, Articles: o.articles, HostConc: o.hostConc, WgetComp: o.wgetCompression}
}

func workDir(dir string) (string, func(), error) {
	if dir != "" {
		return dir, func() {}, os.MkdirAll(dir, 0o755)
	}
	tmp, err := os.MkdirTemp("", "salvage-bench-")
	return tmp, func() { os.RemoveAll(tmp) }, err
}

// runRegime starts a replica for the regime and alternates the crawlers
// against it, wget first, then salvage --no-report, then salvage's default
// run (with its link report), runs times. Each run's output is
// removed after it is counted.
func (c *benchCmd) runRegime(ctx context.Context, o options, rg regime, dir string) (regimeResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return regimeResult{}, err
	}
	fmt.Fprintf(c.stderr, "== regime %s: %d articles, latency %v; starting the replica\n", rg.Name, rg.Articles, rg.Latency)
	rep, err := startReplica(ctx, o.replica, dir, rg.Articles, rg.Latency)
	if err != nil {
		return regimeResult{}, err
	}
	defer rep.stop()
	res := regimeResult{regime: rg}
	tools := []tool{wgetTool(o.wget, rg.WgetComp), salvageTool(o.salvage, rg.HostConc), salvageDefaultTool(o.salvage, rg.HostConc)}
	for i := range o.runs {
		for _, t := range tools {
			runDir := filepath.Join(dir, fmt.Sprintf("%s-%d", t.name, i+1))
			m, err := runOnce(ctx, t, rep, runDir)
			os.RemoveAll(runDir)
			if err != nil {
				return res, err
			}
			m.Run = i + 1
			fmt.Fprintf(c.stderr, "   %-7s run %d: %d captures in %.1fs, %.1f CPU s, %.0f MB peak RSS\n",
				m.Tool, m.Run, m.Captures, m.Seconds, m.CPU, m.rssMB())
			res.Runs = append(res.Runs, m)
		}
	}
	res.Summary = summarize(res.Runs)
	res.Wall = wallTimes(res.Runs)
	return res, nil
}

func writeJSON(path string, results any) error {
	if path == "" {
		return nil
	}
	raw, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}
