package folder

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

// Tally counts what the crawl did, for the progress display and summary.json.
type Tally struct {
	Fetches      int            `json:"fetches"`
	Pages        int            `json:"pages"`
	Requisites   int            `json:"requisites"`
	PDFs         int            `json:"pdfs"`
	Revisits     int            `json:"revisits"`    // unchanged captures: revisit records of either profile
	NotModified  int            `json:"notModified"` // of them, 304 answers to conditional requests (crawl --previous)
	Truncated    int            `json:"truncated"`
	Failed       int            `json:"failed"`
	Retries      int            `json:"retries"`
	PayloadBytes int64          `json:"payloadBytes"`
	Statuses     map[string]int `json:"statuses"`
	Refused      map[string]int `json:"refused"`
	// TrapFamilies counts, per URL family the novelty budget closed, the
	// URLs refused with trap:no-novelty.
	TrapFamilies map[string]int `json:"trapFamilies,omitempty"`
	// CappedPages counts, per page that had more links than --max-outlinks,
	// the links dropped (crawl.log: outlinks-capped:N).
	CappedPages map[string]int `json:"cappedPages,omitempty"`
}

func newTally() Tally {
	return Tally{Statuses: map[string]int{}, Refused: map[string]int{}, TrapFamilies: map[string]int{}, CappedPages: map[string]int{}}
}

func (t *Tally) add(ev crawler.Event, c *warc.Capture) {
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
	if ev.OutlinksDropped > 0 {
		t.CappedPages[ev.URL] = ev.OutlinksDropped
	}
	if ev.Status <= 0 {
		t.Failed++
	}
	if c == nil {
		return
	}
	t.PayloadBytes += c.PayloadLength
	t.countKind(ev, c)
}

func (t *Tally) countKind(ev crawler.Event, c *warc.Capture) {
	if c.Revisit {
		t.Revisits++
	}
	if c.NotModified {
		t.NotModified++
	}
	if c.Truncated != "" {
		t.Truncated++
	}
	mt := mimeOnly(ev.ContentType)
	ok := ev.Status >= 200 && ev.Status < 300 || c.NotModified // a 304 page is the earlier page, unchanged
	switch {
	case mt == "application/pdf" && ok:
		t.PDFs++
	case (mt == "text/html" || mt == "application/xhtml+xml") && ok:
		t.Pages++
	case strings.HasSuffix(ev.HopPath, "E") && ok:
		t.Requisites++
	}
}

// Summary is summary.json.
type Summary struct {
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished"`
	Seconds     float64   `json:"seconds"`
	Interrupted bool      `json:"interrupted"`
	Tally
	WarcFiles   []string `json:"warcFiles"`
	WarcBytes   int64    `json:"warcBytes"`
	FetchesPerS float64  `json:"fetchesPerSecond"`
	PagesPerS   float64  `json:"pagesPerSecond"`
	MBPerS      float64  `json:"payloadMBPerSecond"`

	Languages *LanguageReport `json:"languages,omitempty"`
	// Previous is the earlier archive a crawl made with --previous refers
	// into (its revisit records name records of these WARC files).
	Previous *PreviousArchive `json:"previous,omitempty"`
	Deferred []DeferredURL    `json:"deferred"`
	// Runs are the runs of the crawl in this folder, first to last, each
	// with the fetches it made. The counts above are the crawl's: each URL
	// once, by what finally became of it (a URL fetched again by a later
	// run, robots.txt or a page a killed run had not marked done, counts once).
	Runs []runRecord `json:"runs"`
	// Times are this run's moments, from its start to the command's exit.
	Times *Times `json:"times,omitempty"`
}

// Times are the moments of one run of salvage crawl, in order, and how
// much of its wall time came after its last fetch (the link report's live
// checks, the index, the WACZ...).
type Times struct {
	Started        time.Time `json:"started"`
	LastFetch      time.Time `json:"lastFetch"`      // the end of the run's last fetch; Started if none
	CrawlFinished  time.Time `json:"crawlFinished"`  // the frontier was done (or the crawl stopped)
	ReportsWritten time.Time `json:"reportsWritten"` // summary, index, WACZ and link report written
	Exited         time.Time `json:"exited"`         // when summary.json was written for the last time
	// AfterLastFetchSeconds is Exited - LastFetch.
	AfterLastFetchSeconds float64 `json:"afterLastFetchSeconds"`
	// AfterLastFetchShare is AfterLastFetchSeconds over the wall time, Exited - Started.
	AfterLastFetchShare float64 `json:"afterLastFetchShare"`
}

// Settle puts the moments in UTC (a run without a fetch has its LastFetch
// at Started) and derives the seconds and share after the last fetch.
func (t Times) Settle() *Times {
	if t.LastFetch.IsZero() {
		t.LastFetch = t.Started
	}
	t.Started, t.LastFetch, t.CrawlFinished = t.Started.UTC(), t.LastFetch.UTC(), t.CrawlFinished.UTC()
	t.ReportsWritten, t.Exited = t.ReportsWritten.UTC(), t.Exited.UTC()
	t.AfterLastFetchSeconds = t.Exited.Sub(t.LastFetch).Seconds()
	if wall := t.Exited.Sub(t.Started).Seconds(); wall > 0 {
		t.AfterLastFetchShare = t.AfterLastFetchSeconds / wall
	}
	return &t
}

// PrintTimes prints the run's times on one line.
func PrintTimes(w io.Writer, t *Times) {
	fmt.Fprintf(w, "salvage: %.1fs wall: crawl %.1fs to its last fetch, %.1fs after it (%.0f%%; reports written %.1fs after the crawl finished)\n",
		t.Exited.Sub(t.Started).Seconds(), t.LastFetch.Sub(t.Started).Seconds(), t.AfterLastFetchSeconds,
		100*t.AfterLastFetchShare, t.ReportsWritten.Sub(t.CrawlFinished).Seconds())
}

// PreviousArchive is the earlier crawl of `salvage crawl --previous`.
type PreviousArchive struct {
	Path      string   `json:"path"`      // the folder or CDXJ given
	WarcFiles []string `json:"warcFiles"` // its WARC files this crawl's revisits refer into
}

// runRecord is one run of a crawl: a first run, or a resume.
type runRecord struct {
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Ended    string    `json:"ended"` // Finished, Interrupted or Killed
	Fetches  int       `json:"fetches"`
}

// DeferredURL is a URL deferred to the next run (the same command again).
type DeferredURL struct {
	URL               string    `json:"url"`
	Status            int       `json:"status"`
	RetryAfterSeconds float64   `json:"retryAfterSeconds"` // what the server asked (or the backoff)
	RetryAt           time.Time `json:"retryAt"`           // when the server asked to be tried again
	Reason            string    `json:"reason"`
	Via               string    `json:"via,omitempty"`
}

// DeferredList is the crawl state's deferred URLs as summary.json lists them.
func DeferredList(ds []crawler.Deferral) []DeferredURL {
	out := make([]DeferredURL, 0, len(ds))
	for _, d := range ds {
		out = append(out, DeferredURL{URL: d.Item.URL, Status: d.Status, RetryAfterSeconds: d.RetryAfter.Seconds(),
			RetryAt: d.Asked.UTC(), Reason: d.Reason, Via: d.Item.Via})
	}
	return out
}

func (s *Summary) setRates() {
	if s.Seconds > 0 {
		s.FetchesPerS = float64(s.Fetches) / s.Seconds
		s.PagesPerS = float64(s.Pages) / s.Seconds
		s.MBPerS = float64(s.PayloadBytes) / 1e6 / s.Seconds
	}
}

// WriteSummary writes summary.json.
func WriteSummary(path string, s Summary) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	return nil
}

// PrintSummary prints the crawl's summary; out is the output folder.
func PrintSummary(w io.Writer, s Summary, out string) {
	fmt.Fprintf(w, "salvage: crawl %s in %.1fs\n", map[bool]string{true: "interrupted", false: "finished"}[s.Interrupted], s.Seconds)
	if len(s.Runs) > 1 {
		fmt.Fprintf(w, "  %d runs; the counts below are the whole crawl's\n", len(s.Runs))
	}
	fmt.Fprintf(w, "  fetches %d (pages %d, requisites %d, PDFs %d), revisits %d, truncated %d, failed %d, retries %d\n",
		s.Fetches, s.Pages, s.Requisites, s.PDFs, s.Revisits, s.Truncated, s.Failed, s.Retries)
	fmt.Fprintf(w, "  payload %s, WARC %s in %d file(s); %.1f fetches/s, %.1f pages/s, %.2f MB/s\n",
		Human(s.PayloadBytes), Human(s.WarcBytes), len(s.WarcFiles), s.FetchesPerS, s.PagesPerS, s.MBPerS)
	fmt.Fprintf(w, "  statuses %s\n", CountsLine(s.Statuses))
	if s.Previous != nil {
		fmt.Fprintf(w, "  unchanged since %s: %d revisits (%d of them 304 Not Modified)\n", s.Previous.Path, s.Revisits, s.NotModified)
	}
	if len(s.Refused) > 0 {
		fmt.Fprintf(w, "  not fetched %s\n", CountsLine(s.Refused))
	}
	if len(s.TrapFamilies) > 0 {
		fmt.Fprintf(w, "  trap families closed (trap:no-novelty, URLs refused): %s\n", CountsLine(s.TrapFamilies))
	}
	if len(s.CappedPages) > 0 {
		fmt.Fprintf(w, "  %d page(s) with more links than --max-outlinks: the rest were not followed (summary.json lists them)\n", len(s.CappedPages))
	}
	if len(s.Deferred) > 0 {
		fmt.Fprintf(w, "  deferred %d URL(s): rerun the same command to retry them (summary.json lists them)\n", len(s.Deferred))
	}
	printLanguages(w, s.Languages)
	fmt.Fprintf(w, "  output %s (crawl.log, crawl.jsonl, summary.json)\n", absOr(out))
}

// CountsLine is "key:count" pairs in key order.
func CountsLine(m map[string]int) string {
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

// Human is a byte count for people: "1.2 MB".
func Human(n int64) string {
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

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func statSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
