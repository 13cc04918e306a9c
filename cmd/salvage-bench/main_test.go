package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// buildBinaries builds salvage and salvage-replica for the harness to run.
func buildBinaries(t *testing.T) (salvage, replica string) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"salvage", "salvage-replica"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, name), "github.com/salvage-archive/salvage/cmd/"+name)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", name, err, out)
		}
	}
	return filepath.Join(dir, "salvage"), filepath.Join(dir, "salvage-replica")
}

func wgetPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("SKIPPED LOUDLY: GNU wget is not installed (apt-get install -y wget); the benchmark harness is untested")
	}
	return p
}

// The whole comparison, tiny: both regimes, both crawlers, the table and
// the JSON, with captures counted from the WARC files each one wrote.
func TestBenchComparesSalvageAndWget(t *testing.T) {
	wget := wgetPath(t)
	salvage, replica := buildBinaries(t)
	jsonOut := filepath.Join(t.TempDir(), "bench.json")
	var stdout, stderr bytes.Buffer
	cmd := &benchCmd{stdout: &stdout, stderr: &stderr}
	err := cmd.Run(context.Background(), []string{"--articles", "3", "--latency-articles", "2", "--latency", "5ms",
		"--runs", "1", "--salvage", salvage, "--replica", replica, "--wget", wget, "--json", jsonOut})
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for _, want := range []string{"regime fast", "regime latency", "pages/s", "CPU s per 1000 captures", "peak RSS MB",
		"crawl phase (--no-report)", "whole default run (link report)", "after last fetch s"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	var results []regimeResult
	raw, _ := os.ReadFile(jsonOut)
	if err := json.Unmarshal(raw, &results); err != nil || len(results) != 2 {
		t.Fatalf("json: %v, %d regimes: %s", err, len(results), raw)
	}
	for _, r := range results {
		for _, m := range r.Runs {
			if m.Captures < 50 || m.Pages < 10 || m.CPU <= 0 || m.MaxRSS <= 0 || m.WARCBytes <= 0 {
				t.Errorf("%s %s: implausible run %+v", r.Name, m.Tool, m)
			}
			// Both ask for gzip (wget --compression=auto), so the replica does the same work for both.
			if m.Gzipped < m.Pages {
				t.Errorf("%s %s: %d gzip-encoded responses for %d pages: the crawlers did not ask alike", r.Name, m.Tool, m.Gzipped, m.Pages)
			}
		}
		for _, m := range r.Runs {
			if m.Tool != toolWget && (m.AfterShare <= 0 || m.AfterShare >= 1) {
				t.Errorf("%s %s: share of wall time after the last fetch %v, not from summary.json", r.Name, m.Tool, m.AfterShare)
			}
		}
		if len(r.Wall) != 2 || r.Wall[1].Tool != toolSalvageDefault || r.Wall[1].Ratio <= 0 {
			t.Errorf("%s: wall times %+v: want the crawl phase and the default run against wget", r.Name, r.Wall)
		}
		// Same scope: the two crawlers capture nearly the same URLs.
		if c := r.Summary[0]; c.Ratio < 0.95 || c.Ratio > 1.05 {
			t.Errorf("%s: captures salvage %.0f, wget %.0f: scopes differ", r.Name, c.Salvage, c.Wget)
		}
	}
}

func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{{"--runs", "0"}, {"--regimes", "slow"}, {"--wget-compression", "br"}, {"--scale", "x"}, {"extra"}, {"--nope"}} {
		var out bytes.Buffer
		err := (&benchCmd{stdout: &out, stderr: &out}).Run(context.Background(), args)
		if code := exitCode(err, &out); code != cli.ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, cli.ExitUsage, out.String())
		}
	}
}
