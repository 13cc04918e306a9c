package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

// journal joins the crawler's events with the recorder's captures (by the
// URL on the wire) and writes crawl.log, crawl.jsonl and the per-page
// metadata records. It is the crawler's Sink and the recorder's OnCapture.
type journal struct {
	mu      sync.Mutex
	pending map[string]warc.Capture
	w       *warc.Writer
	logger  *slog.Logger
	stop    func(error)

	logFile, jsonFile *os.File
	logBuf, jsonBuf   *bufio.Writer
	tally             tally
	langs             *langCoverage
	werr              error
	seeds             seedFates         // what became of the seeds (crawl_resume.go)
	links             *verify.Collector // the link report's collection
	rules             *policy.LinkRules
	cdx               *cdxj.Writer // index.cdxj, one line per capture (crawl_replay.go)
}

func openJournal(dir string, w *warc.Writer, logger *slog.Logger, stop func(error)) (*journal, error) {
	lf, err := os.OpenFile(filepath.Join(dir, "crawl.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open crawl.log: %w", err)
	}
	jf, err := os.OpenFile(filepath.Join(dir, "crawl.jsonl"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		lf.Close()
		return nil, fmt.Errorf("open crawl.jsonl: %w", err)
	}
	return &journal{
		pending: make(map[string]warc.Capture), w: w, logger: logger, stop: stop,
		logFile: lf, jsonFile: jf, logBuf: bufio.NewWriter(lf), jsonBuf: bufio.NewWriter(jf),
		tally: newTally(), langs: newLangCoverage(dir), seeds: newSeedFates(),
	}, nil
}

// capture is the recorder's OnCapture: it runs before the crawler's event
// for the same fetch.
func (j *journal) capture(c warc.Capture) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if c.Err != nil {
		j.failWrite(c.Err)
		return
	}
	j.pending[c.URL] = c
	if j.cdx != nil && c.File != "" {
		j.cdx.Add(cdxj.FromCapture(c))
	}
}

// failWrite records the first WARC write error and stops the crawl.
func (j *journal) failWrite(err error) {
	if j.werr == nil {
		j.werr = err
		j.stop(err)
	}
}

func (j *journal) writeError() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.werr
}

// Event is the crawler's Sink.
func (j *journal) Event(ev crawler.Event) {
	j.mu.Lock()
	defer j.mu.Unlock()
	c, ok := j.pending[ev.FetchURL]
	if ok {
		delete(j.pending, ev.FetchURL)
	}
	var cp *warc.Capture
	if ok {
		cp = &c
	}
	j.seeds.note(ev)
	j.collect(ev, cp)
	j.tally.add(ev, cp)
	j.langs.add(ev)
	j.writeLines(ev, cp)
	if cp != nil && ev.Kind == crawler.EventFetched && len(ev.Links) > 0 {
		j.writeMetadata(ev, cp)
	}
}

// collect feeds the link report: every page's outlinks and feed elements,
// and what became of every URL.
func (j *journal) collect(ev crawler.Event, c *warc.Capture) {
	if j.links == nil || ev.Kind == crawler.EventRetry {
		return
	}
	j.links.Know(ev.URL, known(ev, c))
	if len(ev.Links) > 0 {
		j.links.AddPage(ev.URL, ev.Links)
	}
	if len(ev.Elements) > 0 {
		j.links.AddElements(ev.URL, ev.Elements)
	}
}

func (j *journal) writeLines(ev crawler.Event, c *warc.Capture) {
	line := logLine(ev, c, time.Now())
	if _, err := j.logBuf.WriteString(line.heritrix() + "\n"); err != nil {
		j.logger.Error("write crawl.log", "err", err)
	}
	b, _ := json.Marshal(line)
	j.jsonBuf.Write(append(b, '\n'))
}

// writeMetadata writes the page's outlinks as a metadata record next to its response.
func (j *journal) writeMetadata(ev crawler.Event, c *warc.Capture) {
	fields := [][2]string{{"hopsFromSeed", dash(ev.HopPath)}}
	if ev.Via != "" {
		fields = append(fields, [2]string{"via", ev.Via})
	}
	for _, l := range ev.Links {
		fields = append(fields, [2]string{"outlink", fmt.Sprintf("%s %c %s/@%s", l.URL, byte(l.Hop), l.Element, l.Attr)})
	}
	if err := j.w.WriteMetadata(c.URL, c.Date, c.RecordID, fields); err != nil {
		j.failWrite(err)
	}
}

func (j *journal) close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return errors.Join(j.logBuf.Flush(), j.jsonBuf.Flush(), j.logFile.Close(), j.jsonFile.Close())
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
