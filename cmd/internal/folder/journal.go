package folder

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
	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

// Journal is one run's record of a crawl. It joins the crawler's events
// with the recorder's captures (by the URL on the wire) and writes
// crawl.log, crawl.jsonl, the per-page metadata records, index.cdxj lines
// and the run's event file (runlog.go), from which Build makes the folder's
// outputs. It is the crawler's Sink (and Syncer) and the recorder's OnCapture.
type Journal struct {
	mu      sync.Mutex
	pending map[string]warc.Capture
	w       *warc.Writer
	cdx     *cdxj.Writer
	logger  *slog.Logger
	stop    func(error)
	noLinks bool

	logFile, jsonFile *os.File
	logBuf, jsonBuf   *bufio.Writer
	jsonEnc           *json.Encoder // writes crawl.jsonl's lines into jsonBuf
	run               *runFile
	tally             Tally // this run's, for the progress display
	werr              error
	seeds             seedFates
	lastFetch         time.Time // when this run's last fetch ended
}

// JournalConfig says where a run's journal writes.
type JournalConfig struct {
	Dir     string
	Started time.Time
	Writer  *warc.Writer // the per-page metadata records
	Index   *cdxj.Writer // index.cdxj; nil: none
	Logger  *slog.Logger
	Stop    func(error) // stops the crawl on a WARC write error
	NoLinks bool        // no link report: the event file keeps no outlinks or feed elements
}

// OpenJournal opens crawl.log and crawl.jsonl for appending and creates the
// run's event file.
func OpenJournal(cfg JournalConfig) (*Journal, error) {
	lf, err := os.OpenFile(filepath.Join(cfg.Dir, "crawl.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open crawl.log: %w", err)
	}
	jf, err := os.OpenFile(filepath.Join(cfg.Dir, "crawl.jsonl"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		lf.Close()
		return nil, fmt.Errorf("open crawl.jsonl: %w", err)
	}
	rf, err := createRunFile(cfg.Dir, cfg.Started)
	if err != nil {
		lf.Close()
		jf.Close()
		return nil, err
	}
	j := &Journal{
		pending: make(map[string]warc.Capture), w: cfg.Writer, cdx: cfg.Index, logger: cfg.Logger, stop: cfg.Stop,
		noLinks: cfg.NoLinks, logFile: lf, jsonFile: jf, logBuf: bufio.NewWriter(lf), jsonBuf: bufio.NewWriter(jf),
		run: rf, tally: newTally(), seeds: newSeedFates(),
	}
	j.jsonEnc = json.NewEncoder(j.jsonBuf)
	return j, nil
}

// Capture is the recorder's OnCapture: it runs before the crawler's event
// for the same fetch.
func (j *Journal) Capture(c warc.Capture) {
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

// failWrite records the first write error and stops the crawl.
func (j *Journal) failWrite(err error) {
	if j.werr == nil {
		j.werr = err
		j.stop(err)
	}
}

// WriteError is the first WARC or run log write error, which stopped the crawl.
func (j *Journal) WriteError() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.werr
}

// Event is the crawler's Sink.
func (j *Journal) Event(ev crawler.Event) {
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
	j.tally.add(ev, cp)
	if ev.Kind == crawler.EventFetched {
		j.lastFetch = later(j.lastFetch, ev.Start.Add(ev.Duration))
	}
	j.writeLines(ev, cp)
	if cp != nil && ev.Kind == crawler.EventFetched && len(ev.Links) > 0 {
		j.writeMetadata(ev, cp)
	}
	if j.noLinks {
		ev.Links, ev.Elements = nil, nil
	}
	j.run.event(ev, cp)
}

// Sync is crawler.Syncer: the crawler calls it before the frontier marks a
// URL done, so every line written for that URL survives the process.
func (j *Journal) Sync() {
	j.mu.Lock()
	defer j.mu.Unlock()
	err := errors.Join(j.logBuf.Flush(), j.jsonBuf.Flush(), j.run.sync())
	if err != nil {
		j.failWrite(err)
	}
}

func (j *Journal) writeLines(ev crawler.Event, c *warc.Capture) {
	line := logLine(ev, c, time.Now())
	if _, err := j.logBuf.WriteString(line.heritrix() + "\n"); err != nil {
		j.logger.Error("write crawl.log", "err", err)
	}
	_ = j.jsonEnc.Encode(line) // the line and its '\n'; a write error shows at Sync's flush
}

// writeMetadata writes the page's outlinks as a metadata record next to its response.
func (j *Journal) writeMetadata(ev crawler.Event, c *warc.Capture) {
	fields := [][2]string{{"hopsFromSeed", dash(ev.HopPath)}}
	if ev.Via != "" {
		fields = append(fields, [2]string{"via", ev.Via})
	}
	if ev.OutlinksDropped > 0 {
		fields = append(fields, [2]string{"outlinksDropped", fmt.Sprint(ev.OutlinksDropped)})
	}
	for _, l := range ev.Links {
		// "URL H element/@attr", without fmt: a page has dozens.
		fields = append(fields, [2]string{"outlink", l.URL + " " + string(rune(byte(l.Hop))) + " " + l.Element + "/@" + l.Attr})
	}
	if err := j.w.WriteMetadata(c.URL, c.Date, c.RecordID, fields); err != nil {
		j.failWrite(err)
	}
}

// Snapshot is this run's counts so far.
func (j *Journal) Snapshot() Tally {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.tally
}

// LastFetch is when this run's last fetch ended (zero before any).
func (j *Journal) LastFetch() time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.lastFetch
}

// Close ends the run's event file with how the run ended and closes the logs.
func (j *Journal) Close(end time.Time, ended string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return errors.Join(j.logBuf.Flush(), j.jsonBuf.Flush(), j.run.close(end, ended), j.logFile.Close(), j.jsonFile.Close())
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
