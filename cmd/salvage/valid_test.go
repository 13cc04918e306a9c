package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// TestInvalidFlagWritesNothing: every invalid flag is refused with exit 2
// and one line on stderr (a value the flag package refuses: followed by the
// pointer to --help) before anything is created: --out does not exist
// afterwards.
func TestInvalidFlagWritesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	badRules := filepath.Join(dir, "rules.json")
	os.WriteFile(notPEM, []byte("no certificate"), 0o644)
	os.WriteFile(badRules, []byte("{not json"), 0o644)
	cases := []struct {
		name string
		args []string
	}{
		{"negative delay", []string{"--delay", "-1s"}},
		{"negative workers", []string{"--workers", "-1"}},
		{"zero workers", []string{"--workers", "0"}},
		{"negative host concurrency", []string{"--host-concurrency", "-1"}},
		{"bad digest", []string{"--digest", "md5"}},
		{"bad resolve", []string{"--resolve", "nonsense"}},
		{"missing ca-cert", []string{"--ca-cert", filepath.Join(dir, "missing.pem")}},
		{"ca-cert without PEM", []string{"--ca-cert", notPEM}},
		{"bad state", []string{"--state", "elsewhere"}},
		{"redis state without crawl id", []string{"--state", "redis://127.0.0.1:6379/0"}},
		{"bad fail-on", []string{"--fail-on", "nonsense"}},
		{"missing rules file", []string{"--rules", filepath.Join(dir, "missing.json")}},
		{"bad rules file", []string{"--rules", badRules}},
		{"zero max-wait", []string{"--max-wait", "0"}},
		{"negative novelty limit", []string{"--novelty-limit", "-1"}},
		{"zero header timeout", []string{"--header-timeout", "0"}},
		{"negative header timeout", []string{"--header-timeout", "-5s"}},
		{"negative max-redirects", []string{"--max-redirects", "-1"}},
		{"negative max-outlinks", []string{"--max-outlinks", "-1"}},
		{"max-outlinks not a number", []string{"--max-outlinks", "many"}},
		{"bad scope", []string{"--scope", "planet"}},
		{"bad include regex", []string{"--include", "("}},
		{"bad exclude regex", []string{"--exclude", "("}},
		{"negative max-body", []string{"--max-body", "-1"}},
		{"negative max-fetch-time", []string{"--max-fetch-time", "-1s"}},
		{"negative max-stream-time", []string{"--max-stream-time", "-1s"}},
		{"zero warc-size", []string{"--warc-size", "0"}},
		{"negative retries", []string{"--retries", "-1"}},
		{"negative retry delay", []string{"--retry-delay", "-1s"}},
		{"negative grace", []string{"--grace", "-1s"}},
		{"prefix with separator", []string{"--prefix", "a/b"}},
		{"bad progress", []string{"--progress", "sometimes"}},
		{"negative progress interval", []string{"--progress-interval", "-1s"}},
		{"bad log level", []string{"--log-level", "loud"}},
		{"bad metrics address", []string{"--metrics", "no-port"}},
		{"missing seeds-from file", []string{"--seeds-from", filepath.Join(dir, "missing.txt")}},
		{"size that is no size", []string{"--max-body", "banana"}},
		{"negative size", []string{"--warc-size", "-5MB"}},
		{"number that is no number", []string{"--workers", "many"}},
		{"unknown flag", []string{"--frobnicate"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append(append([]string{"crawl", "--out", out}, tc.args...), "http://127.0.0.1:1/")
			res := salvage(context.Background(), args...)
			if res.code != cli.ExitUsage {
				t.Errorf("exit %d, want %d; stderr %q", res.code, cli.ExitUsage, res.stderr)
			}
			lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
			if lines[len(lines)-1] == cli.UsageHint("crawl") {
				lines = lines[:len(lines)-1] // a flag the flag package refused: the pointer to --help
			}
			if len(lines) != 1 {
				t.Errorf("stderr has %d lines, want one: %q", len(lines), res.stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				entries, _ := os.ReadDir(out)
				t.Errorf("--out %s exists after an invalid flag (%v), holding %d entries", out, err, len(entries))
			}
		})
	}
}

// TestNoDedupWritesNoRevisit: the same payload at two URLs is one response
// and one revisit record, and two responses with --no-dedup, whose warcinfo
// then says "dedup": false.
func TestNoDedupWritesNoRevisit(t *testing.T) {
	t.Parallel()
	srv := samePayloadSite(t)
	for _, tc := range []struct {
		flags     []string
		revisits  int
		responses int
		dedup     bool
	}{
		{nil, 1, 1, true},
		{[]string{"--no-dedup"}, 0, 2, false},
		{[]string{"--no-dedup", "--state", "memory"}, 0, 2, false},
		{[]string{"--state", "memory"}, 1, 1, true},
	} {
		t.Run(strings.Join(append([]string{"flags"}, tc.flags...), " "), func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--no-report", "--no-sitemaps"}, tc.flags...)
			if res := salvage(context.Background(), append(args, srv.URL+"/one", srv.URL+"/two")...); res.code != 0 {
				t.Fatalf("crawl: exit %d\n%s", res.code, res.stderr)
			}
			types, dedup := recordTypes(t, out)
			if types["revisit"] != tc.revisits || types["response"] != tc.responses {
				t.Errorf("%d revisit and %d response records, want %d and %d", types["revisit"], types["response"], tc.revisits, tc.responses)
			}
			if len(dedup) == 0 {
				t.Fatal("no warcinfo record")
			}
			for _, d := range dedup {
				if d != tc.dedup {
					t.Errorf("warcinfo says dedup %v, want %v", d, tc.dedup)
				}
			}
		})
	}
}

// recordTypes counts the records of the WARC files in dir by type, the 2xx
// responses only (robots.txt is a 404), and reads each warcinfo's "dedup".
func recordTypes(t *testing.T, dir string) (map[string]int, []bool) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	types := map[string]int{}
	var dedup []bool
	for _, f := range files {
		for rec, err := range warc.ReadFile(f) {
			if err != nil {
				t.Fatalf("read %s: %v", f, err)
			}
			switch rec.Type {
			case "warcinfo":
				dedup = append(dedup, warcinfoDedup(t, rec.Block))
			case "response":
				if strings.HasSuffix(rec.TargetURI, "/robots.txt") {
					continue
				}
			}
			types[rec.Type]++
		}
	}
	return types, dedup
}

// warcinfoDedup reads "dedup" from the configuration JSON of a warcinfo block.
func warcinfoDedup(t *testing.T, block io.Reader) bool {
	t.Helper()
	raw, err := io.ReadAll(block)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		name, value, _ := strings.Cut(line, ":")
		if name != "json" {
			continue
		}
		var cfg struct{ Dedup *bool }
		if err := json.Unmarshal([]byte(strings.TrimSpace(value)), &cfg); err != nil || cfg.Dedup == nil {
			t.Fatalf("warcinfo configuration %q: %v", value, err)
		}
		return *cfg.Dedup
	}
	t.Fatalf("warcinfo without a json field: %q", raw)
	return false
}
