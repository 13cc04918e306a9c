package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/frontier"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// previousFileName lists, in a crawl made with --previous, the earlier
// archive and the WARC files its revisit records refer into.
const previousFileName = "previous.txt"

// earlierCapture is one capture of the earlier crawl.
type earlierCapture struct {
	warc.Earlier
	file   string // its WARC file; "" from a CDXJ whose WARC files are not at hand
	offset int64
	mime   string
	status int
}

// previousCrawl is an earlier crawl read for `salvage crawl --previous`:
// its seeds, its URLs, its latest capture of each URL and its payloads by
// digest. It is held in memory (about 300 bytes a capture).
type previousCrawl struct {
	path   string   // as given, absolute: a folder or a CDXJ file
	warcs  []string // every earlier WARC file read (the folder's, and those its own previous.txt names)
	seeds  []string
	urls   []crawler.EarlierURL // 2xx/3xx captures of the earlier crawl itself, canonical
	byURL  map[string]earlierCapture
	digest map[string]earlierCapture // first full 2xx capture of each payload
	fileOf map[string]string         // record ID -> WARC file

	mu   sync.Mutex
	used map[string]bool // WARC files a revisit of this crawl refers into
}

// loadPrevious reads the earlier crawl at path: a crawl folder, its
// index.cdxj, or any CDXJ index (another tool's, made by salvage index).
func loadPrevious(path string) (*previousCrawl, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	p := &previousCrawl{path: abs, byURL: map[string]earlierCapture{}, digest: map[string]earlierCapture{},
		fileOf: map[string]string{}, used: map[string]bool{}}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, cli.Usagef("crawl: --previous: %w", err)
	}
	if fi.IsDir() {
		return p, p.loadFolder(abs)
	}
	return p, p.loadCDXJ(abs)
}

// loadFolder reads a crawl folder's WARC files (and those of the crawls it
// depends on) and its seeds.
func (p *previousCrawl) loadFolder(dir string) error {
	own := folderWARCs(dir)
	if len(own) == 0 {
		return cli.Usagef("crawl: --previous %s: no WARC file in the folder", dir)
	}
	p.seeds = folderSeeds(dir, own)
	for _, f := range own {
		p.readWARC(f, true)
	}
	for _, f := range previousWARCs(dir) {
		p.readWARC(f, false)
	}
	return nil
}

// folderSeeds is the seeds a crawl folder's state holds, else those its
// first WARC file's warcinfo names (a worker of a shared crawl keeps no
// state in its folder); nil when unknown.
func folderSeeds(dir string, warcs []string) []string {
	if v, err := frontier.OpenBoltView(filepath.Join(dir, stateFileName)); err == nil {
		seeds, _ := v.Seeds()
		v.Close()
		if len(seeds) > 0 {
			return seeds
		}
	}
	for rec, err := range warc.ReadFile(warcs[0]) {
		if err != nil || rec.Type != "warcinfo" {
			return nil
		}
		return warcinfoSeeds(rec.Block)
	}
	return nil
}

// warcinfoSeeds reads the seeds of the effective configuration a salvage
// warcinfo block holds in its "json" field.
func warcinfoSeeds(block io.Reader) []string {
	sc := bufio.NewScanner(block)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "json: "); ok {
			var ec effectiveConfig
			if json.Unmarshal([]byte(v), &ec) == nil {
				return ec.Seeds
			}
		}
	}
	return nil
}

// previousWARCs is the existing WARC files a folder's previous.txt names.
func previousWARCs(dir string) []string {
	f, err := os.Open(filepath.Join(dir, previousFileName))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if name, ok := strings.CutPrefix(line, "warc "); ok {
			if _, err := os.Stat(name); err == nil {
				out = append(out, name)
			}
		}
	}
	return out
}

// readWARC adds the response records of one WARC file; own: the earlier
// crawl's own file, whose URLs join this crawl's frontier.
func (p *previousCrawl) readWARC(file string, own bool) {
	p.warcs = append(p.warcs, file)
	for e, err := range warc.Entries(file) {
		if err != nil || !e.HTTP || (e.Type != "response" && e.Type != "revisit") {
			continue
		}
		if own && e.Status >= 200 && e.Status < 400 {
			p.addURL(e.URI, policy.MediaType(e.Header.Get("Content-Type")))
		}
		if e.Type != "response" {
			continue
		}
		p.fileOf[e.ID] = file
		p.add(earlierCapture{Earlier: warc.Earlier{Ref: warc.Ref{RecordID: e.ID, URI: e.URI, Date: e.Date},
			PayloadDigest: e.Digest, ETag: e.Header.Get("ETag"), LastModified: e.Header.Get("Last-Modified")},
			file: file, offset: e.Offset, mime: policy.MediaType(e.Header.Get("Content-Type")), status: e.Status})
	}
}

// add keeps c as its URL's latest capture and as its payload's first.
func (p *previousCrawl) add(c earlierCapture) {
	if c.status < 200 || c.status >= 400 {
		return
	}
	key := canonicalURL(c.URI)
	if old, ok := p.byURL[key]; !ok || c.Date.After(old.Date) {
		p.byURL[key] = c
	}
	if c.status < 300 && c.PayloadDigest != "" {
		if _, ok := p.digest[c.PayloadDigest]; !ok {
			p.digest[c.PayloadDigest] = c
		}
	}
}

// addURL adds an earlier URL for the frontier (not robots.txt).
func (p *previousCrawl) addURL(raw, mime string) {
	u := canonicalURL(raw)
	if !strings.HasSuffix(u, "/robots.txt") {
		p.urls = append(p.urls, crawler.EarlierURL{URL: u, ContentType: mime})
	}
}

func canonicalURL(raw string) string {
	u, err := policy.Canonicalize(raw, nil)
	if err != nil {
		return raw
	}
	return policy.CanonicalString(u)
}

// Earlier is the earlier capture of url to make a request conditional on:
// one with validators, whose payload can be read again when it is a page
// (a 304 page's links are read from it).
func (p *previousCrawl) Earlier(url string) (warc.Earlier, bool) {
	c, ok := p.byURL[canonicalURL(url)]
	if !ok || c.status >= 300 {
		return warc.Earlier{}, false
	}
	switch crawler.RevalidationOf(c.URI, c.mime) {
	case crawler.RevalidateLeaf:
		return c.Earlier, true
	case crawler.RevalidateWithPayload:
		return c.Earlier, c.file != "" // a bare CDXJ has no payload to read links from
	}
	return warc.Earlier{}, false
}

// Open reads the earlier payload of url, decoded, for a 304's links.
func (p *previousCrawl) Open(url string) (io.ReadCloser, string, bool) {
	c, ok := p.byURL[url]
	if !ok || c.file == "" {
		return nil, "", false
	}
	r, err := warc.OpenResponse(c.file, c.offset)
	if err != nil {
		return nil, "", false
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(r.Body, maxEarlierPayload), r}, r.Header.Get("Content-Type"), true
}

// maxEarlierPayload bounds what is read of an earlier payload for a 304's
// links (a PDF is scanned as it streams; a page is cut at --max-html-parse).
const maxEarlierPayload = 1 << 30

// use notes a WARC file a revisit of this crawl refers into.
func (p *previousCrawl) use(file string) {
	if file == "" {
		return
	}
	p.mu.Lock()
	p.used[file] = true
	p.mu.Unlock()
}

// noteCapture notes the earlier WARC file a revisit refers into.
func (p *previousCrawl) noteCapture(c warc.Capture) {
	if c.Revisit {
		p.use(p.fileOf[c.RefersTo])
	}
}

// usedFiles is the earlier WARC files this crawl's revisits refer into,
// with those an earlier run of it noted in previous.txt.
func (p *previousCrawl) usedFiles(out string) []string {
	p.mu.Lock()
	files := make([]string, 0, len(p.used))
	for f := range p.used {
		files = append(files, f)
	}
	p.mu.Unlock()
	for _, f := range previousWARCs(out) {
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return files
}

// seedDigests puts the earlier payloads in the crawl's digest index, so that
// a payload archived before is written as a revisit.
func (p *previousCrawl) seedDigests(ix warc.DigestIndex) int {
	for d, c := range p.digest {
		ix.Store(d, c.Ref)
	}
	return len(p.digest)
}

// writeRecord writes out/previous.txt: the earlier archive and the WARC
// files this crawl's revisits need (replay reads them with the folder).
func (p *previousCrawl) writeRecord(out string, files []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# salvage crawl --previous: revisit records in this folder refer to records of the earlier archive\n")
	fmt.Fprintf(&b, "previous %s\n", p.path)
	for _, f := range files {
		fmt.Fprintf(&b, "warc %s\n", f)
	}
	return os.WriteFile(filepath.Join(out, previousFileName), []byte(b.String()), 0o644)
}

// crawlerURLs gives the crawler the earlier crawl's URLs.
func (p *previousCrawl) crawlerURLs(cc *crawler.Config) {
	cc.EarlierURLs = p.urls
}

// errSamePrevious says why --previous cannot be --out.
var errSamePrevious = errors.New("crawl: --previous must be another folder than --out (a recrawl writes a new folder)")

// checkPreviousOut refuses --out inside or equal to the earlier crawl's folder.
func checkPreviousOut(previous, out string) error {
	prev, err1 := filepath.Abs(previous)
	o, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return nil
	}
	if fi, err := os.Stat(prev); err == nil && !fi.IsDir() {
		prev = filepath.Dir(prev)
	}
	if filepath.Clean(prev) == filepath.Clean(o) {
		return cli.Usagef("%w", errSamePrevious)
	}
	return nil
}

var (
	_ warc.EarlierLookup   = (*previousCrawl)(nil)
	_ crawler.EarlierPages = (*previousCrawl)(nil)
)

// readPrevious reads --previous, if given; without seeds on the command
// line the earlier crawl's are used.
func (c *crawlCmd) readPrevious(seeds []string) ([]string, error) {
	if c.previous == "" {
		return seeds, nil
	}
	if err := checkPreviousOut(c.previous, c.out); err != nil {
		return nil, err
	}
	prev, err := loadPrevious(c.previous)
	if err != nil {
		return nil, err
	}
	c.prev = prev
	if len(seeds) > 0 {
		return seeds, nil
	}
	if len(prev.seeds) == 0 {
		return nil, cli.Usagef("crawl: --previous %s: its seeds are unknown (no crawl state); give the seed URLs", c.previous)
	}
	return prev.seeds, nil
}

// onCapture notes each capture's reference before next sees it; p nil: next.
func (p *previousCrawl) onCapture(next func(warc.Capture)) func(warc.Capture) {
	if p == nil {
		return next
	}
	return func(c warc.Capture) {
		p.noteCapture(c)
		next(c)
	}
}

// previousFiles is the earlier WARC files the crawl's revisits need.
func (j *crawlJob) previousFiles() []string {
	if j.cmd.prev == nil {
		return nil
	}
	return j.cmd.prev.usedFiles(j.cmd.out)
}

// usePrevious wires the earlier crawl into a run. Once per crawl (a new
// Bolt or in-memory state, or the first worker of a shared Redis crawl,
// guarded by a Redis key) its payloads go into the crawl's digest index and
// its URLs into the frontier. Every run makes requests conditional on it and
// reads 304 pages' links from it; --no-dedup (no index): no conditional
// requests, so no revisit record at all.
func (j *crawlJob) usePrevious(ctx context.Context, st *crawlState, ix warc.DigestIndex, rc *warc.RecorderConfig, cc *crawler.Config) error {
	p := j.cmd.prev
	if p == nil {
		return nil
	}
	first := !j.resumed
	if st.claimOnce != nil {
		var err error
		if first, err = st.claimOnce(ctx, "previous-loaded"); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
	}
	cc.EarlierPages = p
	if first {
		p.crawlerURLs(cc)
	}
	if ix == nil {
		return nil
	}
	rc.Earlier = p
	if first {
		n := p.seedDigests(ix)
		j.logger.Info("earlier crawl loaded", "previous", p.path, "payloads", n, "urls", len(cc.EarlierURLs))
	}
	return nil
}
