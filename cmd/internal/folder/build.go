package folder

import (
	"encoding/json"
	"log/slog"
	"net/url"
	"path/filepath"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// BuildOptions say what Build collects besides the summary.
type BuildOptions struct {
	Links    bool                // collect the link report's links
	Rules    *policy.LinkRules   // the link report's rules (nil: built-in)
	Internal func(*url.URL) bool // which URLs the crawl covers
	Logger   *slog.Logger
}

// Crawl is what an output folder's run files say of the whole crawl.
type Crawl struct {
	Summary Summary
	Links   *verify.Collector // with BuildOptions.Links
}

// Build reads every run file of the folder dir and makes the crawl's
// summary (without Deferred, which the crawl state knows) and, if asked,
// its link collection. Each URL counts once, by its final event: a URL
// fetched again because a killed run had not marked it done counts as its
// last fetch; a fetch beats a deferral, a deferral a refusal.
func Build(dir string, opt BuildOptions) (*Crawl, error) {
	files := runFiles(dir)
	final, err := finalEvents(files)
	if err != nil {
		return nil, err
	}
	out := &Crawl{Summary: Summary{Tally: newTally()}}
	if opt.Links {
		out.Links = verify.NewCollector(opt.Rules, opt.Internal)
	}
	langs := newLangCoverage(dir)
	for i, f := range files {
		run := runRecord{Ended: Killed}
		n := 0
		err := readRun(f, func(l runLine) {
			switch {
			case l.Start != nil:
				run.Started = *l.Start
			case l.End != nil:
				run.Finished, run.Ended = l.End.Finished, l.End.Ended
			case l.Event != nil:
				n++
				ev := *l.Event
				run.Fetches += fetchCount(ev)
				run.Finished = later(run.Finished, ev.Start.Add(ev.Duration))
				if isFinal(ev) && final[ev.URL] != (position{i, n}) {
					return // superseded by a later event of the same URL
				}
				out.Summary.Tally.add(ev, l.Capture)
				langs.add(ev)
				if out.Links != nil {
					collect(out.Links, ev, l.Capture)
				}
			}
		})
		if err != nil {
			return nil, err
		}
		out.Summary.addRun(run)
	}
	if out.Summary.Languages, err = langs.report(); err != nil && opt.Logger != nil {
		opt.Logger.Warn("summary without language coverage", "err", err)
	}
	out.Summary.WarcFiles, out.Summary.WarcBytes = warcFiles(dir)
	out.Summary.setRates()
	return out, nil
}

// position is an event's place: the run file's index, and the event's
// number in it (from 1).
type position struct{ file, event int }

// finalEvents is the place of each URL's final event (isFinal), the
// strongest by rank, the last of equal rank.
func finalEvents(files []string) (map[string]position, error) {
	best := map[string]position{}
	rank := map[string]int{}
	for i, f := range files {
		n := 0
		err := readRunLines(f, func(b []byte) error {
			var l finalLine
			if err := json.Unmarshal(b, &l); err != nil || l.Event == nil {
				return err
			}
			n++
			ev := crawler.Event{Kind: l.Event.Kind, URL: l.Event.URL, Status: l.Event.Status}
			if !isFinal(ev) {
				return nil
			}
			r := finalRank(ev)
			if old, ok := rank[ev.URL]; !ok || r >= old {
				best[ev.URL], rank[ev.URL] = position{i, n}, r
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return best, nil
}

// finalLine is the part of a run line that finalEvents reads (what isFinal
// and finalRank look at): decoding only these fields skips the outlinks,
// languages and capture that Build's own pass decodes (the first pass cost
// as much as the second).
type finalLine struct {
	Event *struct {
		Kind   crawler.EventKind
		URL    string
		Status int
	} `json:"event,omitempty"`
}

// isFinal: the event says what became of its URL (a retry does not).
func isFinal(ev crawler.Event) bool { return ev.Kind != crawler.EventRetry }

func finalRank(ev crawler.Event) int {
	switch {
	case ev.Kind == crawler.EventFetched && ev.Status > 0:
		return 3
	case ev.Kind == crawler.EventFetched:
		return 2
	case ev.Kind == crawler.EventDeferred:
		return 1
	}
	return 0
}

func fetchCount(ev crawler.Event) int {
	if ev.Kind == crawler.EventFetched {
		return 1
	}
	return 0
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// addRun appends a run: the crawl starts with its first run, ends with its
// last, and lasts as long as its runs together.
func (s *Summary) addRun(r runRecord) {
	r.Started, r.Finished = r.Started.UTC(), r.Finished.UTC()
	if r.Finished.Before(r.Started) {
		r.Finished = r.Started
	}
	if len(s.Runs) == 0 {
		s.Started = r.Started
	}
	s.Runs = append(s.Runs, r)
	s.Finished = r.Finished
	s.Seconds += r.Finished.Sub(r.Started).Seconds()
	s.Interrupted = r.Ended != Finished
}

func warcFiles(dir string) ([]string, int64) {
	names, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	var total int64
	for i, n := range names {
		if fi, err := statSize(n); err == nil {
			total += fi
		}
		names[i] = filepath.Base(n)
	}
	return names, total
}
