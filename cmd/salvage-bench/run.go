package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
)

// seed is the replica's home page, where both crawlers start.
const seed = "https://minusma.unmissions.org/en"

// tool builds the command line of one crawler for one run.
type tool struct {
	name string
	args func(r *replica, dir string) (bin string, args []string)
	// okExit reports whether an exit code counts as a finished crawl.
	okExit func(code int) bool
}

// salvageTool crawls with salvage in the scope wget gets: the seed's host
// only (wget without --span-hosts), no sitemaps (wget reads none), the
// radio, the trap families and the session mazes excluded (the replica's
// wget --reject-regex, crawltest.WgetReject), no link report.
func salvageTool(bin string, hostConc int) tool {
	t := salvageDefaultTool(bin, hostConc)
	args := t.args
	t.name = toolSalvage
	t.args = func(r *replica, dir string) (string, []string) {
		bin, a := args(r, dir)
		return bin, append([]string{a[0], "--no-report"}, a[1:]...)
	}
	return t
}

// salvageDefaultTool is salvageTool with its link report: the whole default
// run (external links checked live, reports written), in the same scope.
func salvageDefaultTool(bin string, hostConc int) tool {
	return tool{name: toolSalvageDefault, okExit: func(c int) bool { return c == 0 || c == 1 },
		args: func(r *replica, dir string) (string, []string) {
			a := []string{"crawl", "--out", dir, "--delay", "0", "--progress", "off",
				"--scope", "host", "--transclusion-hops", "0", "--no-sitemaps",
				"--exclude", crawltest.WgetReject,
				"--host-concurrency", fmt.Sprint(hostConc), "--workers", fmt.Sprint(max(8, hostConc))}
			return bin, append(append(a, r.flags...), seed)
		}}
}

// The tools' names.
const (
	toolWget           = "wget"
	toolSalvage        = "salvage"         // the crawl phase: --no-report
	toolSalvageDefault = "salvage-default" // the whole default run, with its link report
)

// wgetTool mirrors with GNU wget's WARC output through the replica's proxy
// (wget has no --resolve). Exit 8 (some 404s) is a finished crawl.
// compression is wget's --compression: with auto, wget asks for gzip as
// salvage does; with none (wget's default) the replica serves it identity
// bodies, which cost the replica half the CPU (1.45 against 2.95 s for a
// crawl of 3,000 articles) on the cores both share with the crawler.
func wgetTool(bin, compression string) tool {
	return tool{name: toolWget, okExit: func(c int) bool { return c == 0 || c == 8 },
		args: func(r *replica, dir string) (string, []string) {
			proxy := "http://" + r.proxy
			return bin, []string{"--no-config", "--compression=" + compression, "--recursive", "--level=inf", "--page-requisites",
				"--warc-file=" + filepath.Join(dir, "wget"), "--no-verbose", "--tries=1", "--timeout=10",
				"-e", "robots=on", "-e", "use_proxy=yes", "-e", "https_proxy=" + proxy, "-e", "http_proxy=" + proxy,
				"--ca-certificate=" + r.ca, "--directory-prefix=" + filepath.Join(dir, "mirror"),
				"--reject-regex=" + crawltest.WgetReject, "--domains=minusma.unmissions.org", seed}
		}}
}

// measure is one run of one crawler.
type measure struct {
	Tool      string  `json:"tool"`
	Run       int     `json:"run"`
	Captures  int     `json:"captures"` // response and revisit records
	Pages     int     `json:"pages"`    // of them, text/html
	Gzipped   int     `json:"gzipped"`  // responses the server sent gzip-encoded
	Seconds   float64 `json:"seconds"`  // wall clock
	CPU       float64 `json:"cpuSeconds"`
	MaxRSS    int64   `json:"maxRSSBytes"`
	WARCBytes int64   `json:"warcBytes"`
	// AfterLastFetch is how long salvage ran after its last fetch, and
	// AfterShare that time's share of its wall time (summary.json's times).
	AfterLastFetch float64 `json:"afterLastFetchSeconds,omitempty"`
	AfterShare     float64 `json:"afterLastFetchShare,omitempty"`
}

func (m measure) pagesPerSec() float64 { return float64(m.Pages) / m.Seconds }
func (m measure) mbPerSec() float64    { return float64(m.WARCBytes) / 1e6 / m.Seconds }
func (m measure) cpuPerK() float64     { return m.CPU * 1000 / float64(m.Captures) }
func (m measure) rssMB() float64       { return float64(m.MaxRSS) / (1 << 20) }

// runOnce runs t against r in a fresh dir and measures it: wall time,
// user+system CPU and peak RSS from the child's rusage, captures from the
// WARC files it wrote.
func runOnce(ctx context.Context, t tool, r *replica, dir string) (measure, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return measure{}, err
	}
	bin, args := t.args(r, dir)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "LC_ALL=C"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && t.okExit(exit.ExitCode())) {
		return measure{}, fmt.Errorf("%s: %w: %s", t.name, err, tail(out.Bytes(), 400))
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	m := measure{Tool: t.name, Seconds: wall.Seconds(),
		CPU:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds(),
		MaxRSS: ru.Maxrss * 1024} // Linux reports kilobytes
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	for _, f := range files {
		st, err := countWARC(f)
		if err != nil {
			return measure{}, fmt.Errorf("%s: %w", t.name, err)
		}
		m.Captures, m.Pages, m.WARCBytes = m.Captures+st.captures, m.Pages+st.pages, m.WARCBytes+st.bytes
		m.Gzipped += st.gzipped
	}
	if m.Captures == 0 {
		return measure{}, fmt.Errorf("%s captured nothing: %s", t.name, tail(out.Bytes(), 400))
	}
	m.AfterLastFetch, m.AfterShare = afterLastFetch(dir)
	return m, nil
}

// afterLastFetch reads salvage's summary.json times (zero for wget).
func afterLastFetch(dir string) (seconds, share float64) {
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		return 0, 0
	}
	var sum struct {
		Times struct {
			Seconds float64 `json:"afterLastFetchSeconds"`
			Share   float64 `json:"afterLastFetchShare"`
		} `json:"times"`
	}
	if json.Unmarshal(raw, &sum) != nil {
		return 0, 0
	}
	return sum.Times.Seconds, sum.Times.Share
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
