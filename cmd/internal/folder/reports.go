package folder

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/crawler/verify/report"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
)

// GatherArchive feeds every archived page's links and feed elements to the
// collector, and what the index knows of every archived URL. refs are WARC
// files the revisits of files refer into (an earlier crawl's, named by a
// recrawl's previous.txt): a page archived as a revisit is read from them.
// Damage was reported by the index; the documents whose body is read as stored
// are returned.
func GatherArchive(col *verify.Collector, files, refs []string, ix *warc.Index) ([]warc.Document, error) {
	var asStored []warc.Document
	for doc, err := range warc.ArchivedDocumentsOver(refs, files, 32<<20) {
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

// PrintAsStored notes, per file and reason, the documents whose body was read as
// stored because a header did not fit it (a finding about the archive, not an error).
func PrintAsStored(w io.Writer, docs []warc.Document) {
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

// WriteReports writes the report formats and the patch list into dir.
func WriteReports(dir, formats string, rep *verify.Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report folder %s: %w", dir, UnwrapPath(err))
	}
	var paths []string
	for _, name := range strings.Split(formats, ",") {
		f, err := report.ParseFormat(strings.TrimSpace(name))
		if err != nil {
			return nil, cli.Usagef("--format: %w", err)
		}
		p := filepath.Join(dir, f.FileName())
		if err := WriteFileWith(p, func(w io.Writer) error { return report.Write(w, f, rep) }); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	p := filepath.Join(dir, "missing.txt")
	err := WriteFileWith(p, func(w io.Writer) error {
		for _, u := range rep.Missing {
			if _, err := fmt.Fprintln(w, u); err != nil {
				return err
			}
		}
		return nil
	})
	return append(paths, p), err
}

// WriteFileWith writes a file through a temporary name, so a reader never sees half of it.
func WriteFileWith(path string, fill func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, UnwrapPath(err))
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

// PrintReportSummary prints what a link report found and where it was written.
func PrintReportSummary(w io.Writer, rep *verify.Report, paths []string) {
	fmt.Fprintf(w, "salvage: %d links checked\n", len(rep.Links))
	fmt.Fprintf(w, "  classes %s\n", CountsLine(rep.Counts))
	for _, f := range rep.Feeds {
		fmt.Fprintf(w, "  feed %s %s %s: %s (%s)\n", f.Platform, f.Kind, f.URL, f.State, strings.Join(f.Evidence, "; "))
	}
	fmt.Fprintf(w, "  missing from the archive: %d URLs (missing.txt; salvage crawl --seeds-from to fetch them)\n", len(rep.Missing))
	fmt.Fprintf(w, "  reports %s\n", strings.Join(paths, " "))
}

// RobustLink is one Robust Links decoration (robustlinks.mementoweb.org).
type RobustLink struct {
	OriginalURL string `json:"data-originalurl"`
	VersionURL  string `json:"data-versionurl"`
	VersionDate string `json:"data-versiondate"`
}

// WriteRobustLinks writes the Robust Links decorations of the report's archived links as JSON.
func WriteRobustLinks(path string, rep *verify.Report) error {
	m := map[string]RobustLink{}
	for _, l := range rep.Links {
		if l.Captured == nil {
			continue
		}
		ts := l.Captured.Date.UTC()
		m[l.URL] = RobustLink{OriginalURL: l.URL, VersionURL: replayURL(rep, l), VersionDate: ts.Format("2006-01-02")}
	}
	return WriteFileWith(path, func(w io.Writer) error {
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

// UnwrapPath is the cause inside an *os.PathError (the path is said by the caller).
func UnwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
