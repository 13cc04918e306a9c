package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/warc"
)

// tally counts what the crawl did, for the progress display and summary.json.
type tally struct {
	Fetches      int            `json:"fetches"`
	Pages        int            `json:"pages"`
	Requisites   int            `json:"requisites"`
	PDFs         int            `json:"pdfs"`
	Revisits     int            `json:"revisits"`
	Truncated    int            `json:"truncated"`
	Failed       int            `json:"failed"`
	Retries      int            `json:"retries"`
	PayloadBytes int64          `json:"payloadBytes"`
	Statuses     map[string]int `json:"statuses"`
	Refused      map[string]int `json:"refused"`
	// TrapFamilies counts, per URL family the novelty budget closed, the
	// URLs refused with trap:no-novelty.
	TrapFamilies map[string]int `json:"trapFamilies,omitempty"`
}

func newTally() tally {
	return tally{Statuses: map[string]int{}, Refused: map[string]int{}, TrapFamilies: map[string]int{}}
}

func (t *tally) add(ev crawler.Event, c *warc.Capture) {
	switch ev.Kind {
	case crawler.EventRefused:
		t.Refused[ev.Rule]++
		if ev.Family != "" {
			t.TrapFamilies[ev.Family]++
		}
		return
	case crawler.EventRetry:
		t.Retries++
		return
	case crawler.EventDeferred:
		return // listed in summary.json's deferred
	}
	t.Fetches++
	t.Statuses[strconv.Itoa(ev.Status)]++
	if ev.Status <= 0 {
		t.Failed++
	}
	if c == nil {
		return
	}
	t.PayloadBytes += c.PayloadLength
	t.countKind(ev, c)
}

func (t *tally) countKind(ev crawler.Event, c *warc.Capture) {
	if c.Revisit {
		t.Revisits++
	}
	if c.Truncated != "" {
		t.Truncated++
	}
	mt := mimeOnly(ev.ContentType)
	ok := ev.Status >= 200 && ev.Status < 300
	switch {
	case mt == "application/pdf" && ok:
		t.PDFs++
	case (mt == "text/html" || mt == "application/xhtml+xml") && ok:
		t.Pages++
	case strings.HasSuffix(ev.HopPath, "E") && ok:
		t.Requisites++
	}
}

// summary is summary.json.
type summary struct {
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished"`
	Seconds     float64   `json:"seconds"`
	Interrupted bool      `json:"interrupted"`
	tally
	WarcFiles   []string `json:"warcFiles"`
	WarcBytes   int64    `json:"warcBytes"`
	FetchesPerS float64  `json:"fetchesPerSecond"`
	PagesPerS   float64  `json:"pagesPerSecond"`
	MBPerS      float64  `json:"payloadMBPerSecond"`

	Languages *languageReport `json:"languages,omitempty"`
	Deferred  []deferredURL   `json:"deferred"`
	// Runs are the runs of the crawl in this folder, first to last; the
	// counts above are the crawl's totals over all of them.
	Runs []runRecord `json:"runs"`
}

// runRecord is one run of a crawl: a first run, or a resume.
type runRecord struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Ended    string    `json:"ended"` // "finished" or "interrupted"
	Fetches  int       `json:"fetches"`
}

// withEarlierRuns adds the runs an earlier summary.json of the same crawl
// recorded: the totals become the crawl's, Runs lists every run. A summary
// without runs (written before runs were recorded) counts as one run.
func (s summary) withEarlierRuns(prev summary) summary {
	runs := prev.Runs
	if len(runs) == 0 {
		runs = []runRecord{{Started: prev.Started, Finished: prev.Finished, Ended: ended(prev.Interrupted), Fetches: prev.Fetches}}
	}
	s.Runs = append(runs, s.Runs...)
	s.Started = prev.Started
	s.Seconds += prev.Seconds
	s.tally = prev.tally.plus(s.tally)
	s.setRates()
	return s
}

func ended(interrupted bool) string {
	if interrupted {
		return "interrupted"
	}
	return "finished"
}

// plus is the sum of two tallies.
func (t tally) plus(o tally) tally {
	sum := newTally()
	sum.Fetches, sum.Pages, sum.Requisites, sum.PDFs = t.Fetches+o.Fetches, t.Pages+o.Pages, t.Requisites+o.Requisites, t.PDFs+o.PDFs
	sum.Revisits, sum.Truncated, sum.Failed, sum.Retries = t.Revisits+o.Revisits, t.Truncated+o.Truncated, t.Failed+o.Failed, t.Retries+o.Retries
	sum.PayloadBytes = t.PayloadBytes + o.PayloadBytes
	for _, pair := range [][2]map[string]int{{sum.Statuses, t.Statuses}, {sum.Statuses, o.Statuses}, {sum.Refused, t.Refused},
		{sum.Refused, o.Refused}, {sum.TrapFamilies, t.TrapFamilies}, {sum.TrapFamilies, o.TrapFamilies}} {
		for k, v := range pair[1] {
			pair[0][k] += v
		}
	}
	return sum
}

// readSummary reads a folder's summary.json; false when there is none or
// it does not parse.
func readSummary(path string) (summary, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return summary{}, false
	}
	var s summary
	return s, json.Unmarshal(b, &s) == nil
}

// deferredURL is a URL deferred to the next run (the same command again).
type deferredURL struct {
	URL               string    `json:"url"`
	Status            int       `json:"status"`
	RetryAfterSeconds float64   `json:"retryAfterSeconds"` // what the server asked (or the backoff)
	RetryAt           time.Time `json:"retryAt"`           // when the server asked to be tried again
	Reason            string    `json:"reason"`
	Via               string    `json:"via,omitempty"`
}

func deferredList(ds []crawler.Deferral) []deferredURL {
	out := make([]deferredURL, 0, len(ds))
	for _, d := range ds {
		out = append(out, deferredURL{URL: d.Item.URL, Status: d.Status, RetryAfterSeconds: d.RetryAfter.Seconds(),
			RetryAt: d.Asked.UTC(), Reason: d.Reason, Via: d.Item.Via})
	}
	return out
}

func (j *journal) summary(start, end time.Time, interrupted bool) summary {
	j.mu.Lock()
	defer j.mu.Unlock()
	s := summary{Started: start.UTC(), Finished: end.UTC(), Seconds: end.Sub(start).Seconds(), Interrupted: interrupted, tally: j.tally}
	dir := filepath.Dir(j.logFile.Name())
	s.WarcFiles, s.WarcBytes = warcFiles(dir)
	var err error
	if s.Languages, err = j.langs.report(); err != nil {
		j.logger.Warn("summary without language coverage", "err", err)
	}
	s.Runs = []runRecord{{Started: s.Started, Finished: s.Finished, Ended: ended(interrupted), Fetches: s.Fetches}}
	s.setRates()
	return s
}

func (s *summary) setRates() {
	if s.Seconds > 0 {
		s.FetchesPerS = float64(s.Fetches) / s.Seconds
		s.PagesPerS = float64(s.Pages) / s.Seconds
		s.MBPerS = float64(s.PayloadBytes) / 1e6 / s.Seconds
	}
}

func warcFiles(dir string) ([]string, int64) {
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	var total int64
	for i, n := range names {
		if fi, err := os.Stat(n); err == nil {
			total += fi.Size()
		}
		names[i] = filepath.Base(n)
	}
	return names, total
}

func writeSummary(path string, s summary) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

func printSummary(w io.Writer, s summary, out string) {
	fmt.Fprintf(w, "salvage: crawl %s in %.1fs\n", map[bool]string{true: "interrupted", false: "finished"}[s.Interrupted], s.Seconds)
	if len(s.Runs) > 1 {
		fmt.Fprintf(w, "  %d runs; the counts below are the whole crawl's\n", len(s.Runs))
	}
	fmt.Fprintf(w, "  fetches %d (pages %d, requisites %d, PDFs %d), revisits %d, truncated %d, failed %d, retries %d\n",
		s.Fetches, s.Pages, s.Requisites, s.PDFs, s.Revisits, s.Truncated, s.Failed, s.Retries)
	fmt.Fprintf(w, "  payload %s, WARC %s in %d file(s); %.1f fetches/s, %.1f pages/s, %.2f MB/s\n",
		human(s.PayloadBytes), human(s.WarcBytes), len(s.WarcFiles), s.FetchesPerS, s.PagesPerS, s.MBPerS)
	fmt.Fprintf(w, "  statuses %s\n", countsLine(s.Statuses))
	if len(s.Refused) > 0 {
		fmt.Fprintf(w, "  not fetched %s\n", countsLine(s.Refused))
	}
	if len(s.TrapFamilies) > 0 {
		fmt.Fprintf(w, "  trap families closed (trap:no-novelty, URLs refused): %s\n", countsLine(s.TrapFamilies))
	}
	if len(s.Deferred) > 0 {
		fmt.Fprintf(w, "  deferred %d URL(s): rerun the same command to retry them (summary.json lists them)\n", len(s.Deferred))
	}
	printLanguages(w, s.Languages)
	fmt.Fprintf(w, "  output %s (crawl.log, crawl.jsonl, summary.json)\n", absOr(out))
}

func countsLine(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

func human(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
