package main

import (
	"bytes"
	"cmp"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/crawler/verify/report"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
)

// checkFlags configure live link checks (verify, and the report of crawl).
type checkFlags struct {
	resolve, caCerts listFlag
	insecure         bool
	userAgent        string
	perHost          int
	rate             float64
	timeout          time.Duration
	allowPrivate     bool
	approvedHosts    []string // URLs whose hosts may be private (a crawl's seeds)
}

func (c *checkFlags) register(fs *flag.FlagSet) {
	fs.Var(&c.resolve, "resolve", "HOST:PORT:ADDR[:PORT2] dial ADDR (and PORT2) for HOST:PORT (repeatable)")
	fs.Var(&c.caCerts, "ca-cert", "PEM file of extra trusted certificate authorities (repeatable)")
	fs.BoolVar(&c.insecure, "insecure", false, "accept any TLS certificate")
	fs.BoolVar(&c.allowPrivate, "allow-private", false, "check links to hosts that resolve to loopback, private, CGNAT, link-local or multicast addresses (--resolve targets always are)")
	fs.StringVar(&c.userAgent, "user-agent", "", "User-Agent of live checks (default names salvage)")
	fs.IntVar(&c.perHost, "check-per-host", 2, "live checks in flight per host")
	fs.Float64Var(&c.rate, "check-rate", 4, "live checks per second per host")
	fs.DurationVar(&c.timeout, "check-timeout", 15*time.Second, "timeout of one live check request")
}

// network parses --resolve and --ca-cert, which every client of the checks dials and trusts by.
func (c *checkFlags) network() (policy.ResolveMap, *x509.CertPool, error) {
	resolve, err := policy.ParseResolve(c.resolve)
	if err != nil {
		return policy.ResolveMap{}, nil, cli.Usagef("--resolve: %w", err)
	}
	roots, err := loadRoots(c.caCerts)
	if err != nil {
		return policy.ResolveMap{}, nil, cli.Usagef("--ca-cert: %w", err)
	}
	return resolve, roots, nil
}

// robotsClient fetches the robots.txt files of live checks: it dials and
// refuses private addresses as the checks do (a link that may not be checked
// gets no robots.txt request either), and gives up when a check would.
func (c *checkFlags) robotsClient() (*http.Client, error) {
	resolve, roots, err := c.network()
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{DialContext: newDialer(resolve, guardFor(c.allowPrivate, c.approvedHosts)),
		TLSClientConfig: &tls.Config{RootCAs: roots, InsecureSkipVerify: c.insecure}}
	return &http.Client{Transport: tr, Timeout: cmp.Or(c.timeout, 15*time.Second),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, nil
}

func (c *checkFlags) build(rules *policy.LinkRules, cacheFile string) (*verify.Checker, error) {
	resolve, roots, err := c.network()
	if err != nil {
		return nil, err
	}
	cfg := verify.CheckerConfig{Dial: newDialer(resolve, guardFor(c.allowPrivate, c.approvedHosts)), RootCAs: roots, Insecure: c.insecure,
		UserAgent: c.userAgent, PerHost: c.perHost, RatePerHost: c.rate, Timeout: c.timeout, Rules: rules}
	if cacheFile != "" {
		cache, err := verify.OpenCache(cacheFile, 24*time.Hour, 10*time.Minute)
		if err != nil {
			return nil, fmt.Errorf("link-check cache: %w", err)
		}
		cfg.Cache = cache
	}
	return verify.NewChecker(cfg)
}

// gatherArchive feeds every archived page's links and feed elements to the
// collector, and what the index knows of every archived URL. Damage was reported by
// the index; the documents whose body is read as stored are returned.
func gatherArchive(col *verify.Collector, files []string, ix *warc.Index) ([]warc.Document, error) {
	var asStored []warc.Document
	for doc, err := range warc.ArchivedDocuments(files, 32<<20) {
		var f *warc.Fault
		switch {
		case errors.As(err, &f):
			continue
		case err != nil:
			return nil, fmt.Errorf("read archive: %w", err)
		case doc.AsStored:
			asStored = append(asStored, warc.Document{File: doc.File, Note: doc.Note})
		}
		gatherDocument(col, doc)
	}
	for _, u := range ix.URLs() {
		if s, ok := latest(ix, u); ok {
			col.Know(u, verify.Known{Status: s.Status, Location: s.Location, ContentType: s.Mime})
		}
	}
	return asStored, nil
}

// printAsStored notes, per file and reason, the documents whose body was read as
// stored because a header did not fit it (a finding about the archive, not an error).
func printAsStored(w io.Writer, docs []warc.Document) {
	type key struct{ file, note string }
	counts := map[key]int{}
	var order []key
	for _, d := range docs {
		k := key{d.File, d.Note}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	for _, k := range order {
		fmt.Fprintf(w, "salvage: %s: %d documents read as stored: %s\n", k.file, counts[k], k.note)
	}
}

func gatherDocument(col *verify.Collector, doc warc.Document) {
	page, err := url.Parse(doc.URL)
	if err != nil {
		return
	}
	switch {
	case doc.ContentType == "text/html" || doc.ContentType == "application/xhtml+xml":
		d, err := goquery.NewDocumentFromReader(bytes.NewReader(doc.Body))
		if err != nil {
			return
		}
		col.AddPage(doc.URL, extract.HTML(d, page))
		col.AddElements(doc.URL, extract.FeedElements(d))
	case doc.ContentType == "text/css":
		col.AddPage(doc.URL, extract.CSS(doc.Body, page))
	case doc.ContentType == "application/pdf":
		s := extract.NewPDFScanner(page)
		s.Write(doc.Body)
		col.AddPage(doc.URL, s.Links())
	}
	if loc := doc.Header.Get("Location"); loc != "" && doc.Status/100 == 3 {
		if target, err := page.Parse(loc); err == nil {
			col.AddPage(doc.URL, []extract.Link{{URL: target.String(), Hop: policy.HopRedirect, Element: "http", Attr: "location"}})
		}
	}
}

// writeReports writes the report formats and the patch list into dir.
func writeReports(dir, formats string, rep *verify.Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report folder %s: %w", dir, unwrapPath(err))
	}
	var paths []string
	for _, name := range strings.Split(formats, ",") {
		f, err := report.ParseFormat(strings.TrimSpace(name))
		if err != nil {
			return nil, cli.Usagef("--format: %w", err)
		}
		p := filepath.Join(dir, f.FileName())
		if err := writeFileWith(p, func(w io.Writer) error { return report.Write(w, f, rep) }); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	p := filepath.Join(dir, "missing.txt")
	err := writeFileWith(p, func(w io.Writer) error {
		for _, u := range rep.Missing {
			if _, err := fmt.Fprintln(w, u); err != nil {
				return err
			}
		}
		return nil
	})
	return append(paths, p), err
}

// writeFileWith writes a file through a temporary name, so a reader never sees half of it.
func writeFileWith(path string, fill func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	err = fill(f)
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func printVerifySummary(w io.Writer, rep *verify.Report, paths []string) {
	fmt.Fprintf(w, "salvage: %d links checked\n", len(rep.Links))
	fmt.Fprintf(w, "  classes %s\n", folder.CountsLine(rep.Counts))
	for _, f := range rep.Feeds {
		fmt.Fprintf(w, "  feed %s %s %s: %s (%s)\n", f.Platform, f.Kind, f.URL, f.State, strings.Join(f.Evidence, "; "))
	}
	fmt.Fprintf(w, "  missing from the archive: %d URLs (missing.txt; salvage crawl --seeds-from to fetch them)\n", len(rep.Missing))
	fmt.Fprintf(w, "  reports %s\n", strings.Join(paths, " "))
}

// robustLink is one Robust Links decoration (robustlinks.mementoweb.org).
type robustLink struct {
	OriginalURL string `json:"data-originalurl"`
	VersionURL  string `json:"data-versionurl"`
	VersionDate string `json:"data-versiondate"`
}

func writeRobustLinks(path string, rep *verify.Report) error {
	m := map[string]robustLink{}
	for _, l := range rep.Links {
		if l.Captured == nil {
			continue
		}
		ts := l.Captured.Date.UTC()
		m[l.URL] = robustLink{OriginalURL: l.URL, VersionURL: replayURL(rep, l), VersionDate: ts.Format("2006-01-02")}
	}
	return writeFileWith(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
}

func replayURL(rep *verify.Report, l verify.Link) string {
	if l.ReplayURL != "" {
		return l.ReplayURL
	}
	return "/" + l.Captured.Date.UTC().Format("20060102150405") + "/" + l.URL
}

// latest is the capture that says what became of u: the best usable one, or
// else the last one whatever its status (a 404 is an answer too).
func latest(ix *warc.Index, u string) (warc.Snapshot, bool) {
	if s, ok := ix.Best(u); ok {
		return s, true
	}
	all := ix.Lookup(u)
	if len(all) == 0 || all[len(all)-1].Status == 0 {
		return warc.Snapshot{}, false
	}
	return all[len(all)-1], true
}
