package main

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// The outputs of a crawl that was stopped and resumed are those of the
// same crawl run in one go: the folder's outputs are built from every
// run's files, not from the last run's.

// wholeArgs crawls a small replica (no throttled host: the crawl has no
// long waits) with --wacz and an offline link report, without its session
// mazes and facet search: their URLs carry new session ids in every crawl,
// and which of them the novelty budget lets through depends on the order
// of fetches, so two uninterrupted crawls differ there too.
func wholeArgs(t *testing.T, r *crawltest.Replica, out string) []string {
	args := append([]string{"crawl", "--out", out, "--delay", "0", "--progress", "off", "--workers", "4",
		"--max-stream-time", "1s", "--wacz", "--offline-report",
		"--exclude", `/(portal|gallery|en/survey|en/newsletter|en/search)\b`}, replicaArgs(t, r)...)
	return append(args, minusmaSeed)
}

// TestInterruptedCrawlOutputsWhole: SIGINT, then the same command, and
// SIGKILL twice, then the same command: the WACZ, summary.json, the link
// report and missing.txt say what the uninterrupted crawl's say.
func TestInterruptedCrawlOutputsWhole(t *testing.T) {
	r := startReplica(t, crawltest.Config{Latency: 15 * time.Millisecond, Articles: 20, MediaThrottle: -1})
	whole := t.TempDir()
	if res := salvage(context.Background(), wholeArgs(t, r, whole)...); res.code != 0 {
		t.Fatalf("uninterrupted crawl: exit %d\n%s", res.code, res.stderr)
	}
	want := readFacts(t, whole)
	t.Logf("uninterrupted: %d WACZ URLs, %d pages, %d links, %d missing", len(want.WACZ), len(want.Pages), len(want.Links), len(want.Missing))

	t.Run("SIGINT", func(t *testing.T) {
		out := t.TempDir()
		args := wholeArgs(t, r, out)
		interruptAfter(t, args, out, syscall.SIGINT, 700*time.Millisecond)
		resumeToEnd(t, args)
		compareFacts(t, readFacts(t, out), want, false)
	})
	t.Run("kill -9 twice", func(t *testing.T) {
		out := t.TempDir()
		args := wholeArgs(t, r, out)
		runUntilKilled(t, args, out, 500*time.Millisecond)
		runUntilKilled(t, args, out, 900*time.Millisecond)
		resumeToEnd(t, args)
		compareFacts(t, readFacts(t, out), want, true)
	})
}

// interruptAfter runs salvage as its own process and sends it sig after d
// of crawling (from its first WARC file); it must stop with cli.ExitRuntime.
func interruptAfter(t *testing.T, args []string, out string, sig syscall.Signal, d time.Duration) {
	t.Helper()
	cmd, stderr := startCrawling(t, args, out)
	time.Sleep(d)
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal: %v (the crawl ended before it: make it longer)", err)
	}
	if err := cmd.Wait(); cmd.ProcessState.ExitCode() != cli.ExitRuntime {
		t.Fatalf("interrupted crawl: %v, want exit %d (it ended before the signal?)\n%s", err, cli.ExitRuntime, stderr.String())
	}
}

func resumeToEnd(t *testing.T, args []string) {
	t.Helper()
	res := salvage(context.Background(), args...)
	if res.code != 0 {
		t.Fatalf("resume: exit %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "salvage: resuming the crawl in ") {
		t.Errorf("the last run did not say it resumes:\n%s", res.stderr)
	}
}

// crawlFacts is what a folder's outputs say, without times and file names.
// URLs are keyed without their tokens (policy.NoveltyKey): the replica's
// session mazes hand out new session ids to every crawl.
type crawlFacts struct {
	WACZ     []string          // URLs in the WACZ's index
	Index    []string          // URLs in the folder's index.cdxj
	Pages    []string          // pages/pages.jsonl
	Counts   map[string]int    // summary.json: fetches, pages, ... and statuses, refusals
	Runs     int               // summary.json runs
	Links    map[string]string // links.json: URL -> classes of the URLs with that key
	Classes  map[string]int    // links.json counts
	Missing  []string          // missing.txt
	Revisits int
}

func readFacts(t *testing.T, out string) crawlFacts {
	t.Helper()
	f := crawlFacts{Counts: map[string]int{}, Links: map[string]string{}}
	f.WACZ, f.Pages = waczURLs(t, filepath.Join(out, "salvage.wacz"))
	f.Index = indexURLs(t, filepath.Join(out, "index.cdxj"))
	sum := loadSummary(t, out)
	for k, v := range map[string]int{"fetches": sum.Fetches, "pages": sum.Pages, "requisites": sum.Requisites,
		"pdfs": sum.PDFs, "truncated": sum.Truncated, "failed": sum.Failed} {
		f.Counts[k] = v
	}
	for k, v := range sum.Statuses {
		f.Counts["status "+k] = v
	}
	for k, v := range sum.Refused {
		f.Counts["refused "+k] = v
	}
	f.Runs, f.Revisits = len(sum.Runs), sum.Revisits
	var rep verify.Report
	if err := json.Unmarshal([]byte(readFileString(t, filepath.Join(out, "links.json"))), &rep); err != nil {
		t.Fatal(err)
	}
	for _, l := range rep.Links {
		f.Links[tokenless(l.URL)] += string(l.Class) + " "
	}
	f.Classes = rep.Counts
	f.Missing = tokenlessAll(strings.Fields(readFileString(t, filepath.Join(out, "missing.txt"))))
	return f
}

// tokenless is u without its session parameters (policy.Scope.SeenKey)
// and tokens (policy.NoveltyKey).
func tokenless(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u, err = url.Parse(first(sessionless.SeenKey(u))); err != nil {
		return raw
	}
	k, _ := policy.NoveltyKey(u)
	return k
}

var sessionless = func() *policy.Scope {
	s, err := policy.NewScope(policy.ScopeConfig{Mode: policy.ScopeHost, Seeds: []string{minusmaSeed}})
	if err != nil {
		panic(err)
	}
	return s
}()

// tokenlessAll is each URL tokenless, sorted (repeats kept: they count).
func tokenlessAll(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = tokenless(u)
	}
	slices.Sort(out)
	return out
}

// waczURLs reads the URLs of a WACZ's CDXJ index and of its pages.jsonl.
func waczURLs(t *testing.T, path string) (index, pages []string) {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	for _, zf := range z.File {
		switch {
		case strings.HasPrefix(zf.Name, "indexes/"):
			index = append(index, jsonLines(t, zf, "url")...)
		case zf.Name == "pages/pages.jsonl":
			pages = append(pages, jsonLines(t, zf, "url")...)
		}
	}
	return tokenlessAll(slices.Compact(slices.Sorted(slices.Values(index)))), tokenlessAll(pages)
}

// indexURLs is the URLs of a CDXJ file, each once; a line that does not
// parse fails the test.
func indexURLs(t *testing.T, path string) []string {
	t.Helper()
	var urls []string
	for _, line := range strings.Split(strings.TrimSpace(readFileString(t, path)), "\n") {
		var m struct{ URL string }
		_, obj, _ := strings.Cut(line, " {")
		if json.Unmarshal([]byte("{"+obj), &m) != nil || m.URL == "" {
			t.Fatalf("%s: bad line %q", path, line)
		}
		urls = append(urls, m.URL)
	}
	return tokenlessAll(slices.Compact(slices.Sorted(slices.Values(urls))))
}

// jsonLines is field of each JSON object in a zip entry (CDXJ lines: the
// object after the key and timestamp); gzip entries are inflated.
func jsonLines(t *testing.T, zf *zip.File, field string) []string {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var r io.Reader = rc
	if strings.HasSuffix(zf.Name, ".gz") {
		if r, err = gzip.NewReader(rc); err != nil {
			t.Fatal(err)
		}
	}
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '{'); i >= 0 {
			var m map[string]any
			if json.Unmarshal([]byte(line[i:]), &m) == nil && m[field] != nil {
				out = append(out, fmt.Sprint(m[field]))
			}
		}
	}
	return out
}

// compareFacts: a crawl killed mid-fetch fetches the URLs in flight again,
// as revisits of their first capture: killed allows more revisits.
func compareFacts(t *testing.T, got, want crawlFacts, killed bool) {
	t.Helper()
	if !slices.Equal(got.WACZ, want.WACZ) {
		t.Errorf("WACZ index: %d URLs, want %d; only here %v, only uninterrupted %v",
			len(got.WACZ), len(want.WACZ), minus(got.WACZ, want.WACZ), minus(want.WACZ, got.WACZ))
	}
	if !slices.Equal(got.Index, want.Index) {
		t.Errorf("index.cdxj: %d URLs, want %d; only here %v, only uninterrupted %v",
			len(got.Index), len(want.Index), minus(got.Index, want.Index), minus(want.Index, got.Index))
	}
	if !slices.Equal(got.Pages, want.Pages) {
		t.Errorf("WACZ pages: %d, want %d; only here %v, only uninterrupted %v",
			len(got.Pages), len(want.Pages), minus(got.Pages, want.Pages), minus(want.Pages, got.Pages))
	}
	if !maps.Equal(got.Counts, want.Counts) {
		t.Errorf("summary.json counts\n %v\nwant %v", got.Counts, want.Counts)
	}
	if got.Runs < 2 {
		t.Errorf("summary.json lists %d run(s), want every run", got.Runs)
	}
	if got.Revisits != want.Revisits && (!killed || got.Revisits < want.Revisits) {
		t.Errorf("revisits %d, want %d", got.Revisits, want.Revisits)
	}
	for u, c := range want.Links {
		if got.Links[u] != c {
			t.Errorf("link %s: classes %q, want %q", u, got.Links[u], c)
		}
	}
	if len(got.Links) != len(want.Links) || !maps.Equal(got.Classes, want.Classes) {
		t.Errorf("links.json: %d links %v, want %d %v", len(got.Links), got.Classes, len(want.Links), want.Classes)
	}
	if !slices.Equal(got.Missing, want.Missing) {
		t.Errorf("missing.txt: %v, want %v", got.Missing, want.Missing)
	}
}

// minus is what a holds and b does not (both sorted), at most 10.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok && len(out) < 10 {
			out = append(out, s)
		}
	}
	return out
}

func first(key, _ string) string { return key }
