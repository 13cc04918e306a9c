package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/cdxj"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// An earlier crawl known by a CDXJ index alone (salvage crawl --previous
// FILE.cdxj): another tool's archive indexed with salvage index.

// loadCDXJ reads a CDXJ index. When the WARC files it names are beside it,
// they are read instead (record IDs and validators come from them).
func (p *previousCrawl) loadCDXJ(path string) error {
	lines, files, err := readCDXJ(path)
	if err != nil {
		return cli.Usagef("crawl: --previous %s: %w", path, err)
	}
	if len(lines) == 0 {
		return cli.Usagef("crawl: --previous %s: no capture in the index", path)
	}
	if len(files) > 0 {
		for _, f := range files {
			p.readWARC(f, true)
		}
		return nil
	}
	for _, l := range lines {
		p.addLine(l)
	}
	return nil
}

// readCDXJ parses the index lines at path (lines that are no CDXJ are
// skipped) and finds the WARC files they name beside it (none unless all
// of them are there).
func readCDXJ(path string) ([]cdxj.Record, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var lines []cdxj.Record
	names := map[string]bool{}
	for rec, err := range cdxj.Read(f) {
		var bad *cdxj.CheckError
		switch {
		case errors.As(err, &bad):
			continue
		case err != nil:
			return nil, nil, err
		case rec.URL == "":
			continue
		}
		lines = append(lines, rec)
		names[rec.Filename] = true
	}
	var files []string
	for name := range names {
		f := filepath.Join(filepath.Dir(path), filepath.Base(name))
		if _, err := os.Stat(f); err != nil || name == "" {
			return lines, nil, nil
		}
		files = append(files, f)
	}
	slices.Sort(files)
	return lines, files, nil
}

// addLine adds a capture known only from its index line: no record ID, no
// validators. Leaves (not HTML or CSS) are asked If-Modified-Since their
// capture time; pages are fetched whole, so their links are always read.
func (p *previousCrawl) addLine(l cdxj.Record) {
	if l.Mime == cdxj.RevisitMime || l.Status < 200 || l.Status >= 400 {
		return
	}
	p.addURL(l.URL, l.Mime)
	digest := l.Digest
	if digest != "" && !strings.Contains(digest, ":") {
		digest = "sha1:" + digest
	}
	c := earlierCapture{Earlier: warc.Earlier{Ref: warc.Ref{URI: l.URL, Date: l.Time}, PayloadDigest: digest},
		mime: l.Mime, status: l.Status}
	if l.Status < 300 && crawler.RevalidationOf(l.URL, l.Mime) == crawler.RevalidateLeaf {
		c.Since = l.Time
	}
	p.add(c)
}
