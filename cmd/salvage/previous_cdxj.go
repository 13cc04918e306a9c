package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/warc"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

// An earlier crawl known by a CDXJ index alone (salvage crawl --previous
// FILE.cdxj): another tool's archive indexed with salvage index.

// cdxjFields is what loadCDXJ reads of an index line.
type cdxjFields struct {
	URL      string `json:"url"`
	Mime     string `json:"mime"`
	Status   string `json:"status"`
	Digest   string `json:"digest"`
	Offset   string `json:"offset"`
	Filename string `json:"filename"`
}

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

// readCDXJ parses the index lines at path and finds the WARC files they
// name beside it (none unless all of them are there).
func readCDXJ(path string) ([]cdxjLine, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var lines []cdxjLine
	names := map[string]bool{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		l, ok := parseCDXJLine(sc.Text())
		if !ok {
			continue
		}
		lines = append(lines, l)
		names[l.Filename] = true
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
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

// cdxjLine is one parsed index line.
type cdxjLine struct {
	cdxjFields
	time   time.Time
	status int
}

func parseCDXJLine(s string) (cdxjLine, bool) {
	parts := strings.SplitN(s, " ", 3)
	if len(parts) != 3 {
		return cdxjLine{}, false
	}
	var l cdxjLine
	if err := json.Unmarshal([]byte(parts[2]), &l.cdxjFields); err != nil || l.URL == "" {
		return cdxjLine{}, false
	}
	t, err := time.Parse("20060102150405", parts[1])
	if err != nil {
		return cdxjLine{}, false
	}
	l.time = t
	l.status, _ = strconv.Atoi(l.Status)
	return l, true
}

// addLine adds a capture known only from its index line: no record ID, no
// validators. Leaves (not HTML or CSS) are asked If-Modified-Since their
// capture time; pages are fetched whole, so their links are always read.
func (p *previousCrawl) addLine(l cdxjLine) {
	if l.Mime == "warc/revisit" || l.status < 200 || l.status >= 400 {
		return
	}
	p.addURL(l.URL, l.Mime)
	digest := l.Digest
	if digest != "" && !strings.Contains(digest, ":") {
		digest = "sha1:" + digest
	}
	c := earlierCapture{Earlier: warc.Earlier{Ref: warc.Ref{URI: l.URL, Date: l.time}, PayloadDigest: digest},
		mime: l.Mime, status: l.status}
	if l.status < 300 && crawler.RevalidationOf(l.URL, l.Mime) == crawler.RevalidateLeaf {
		c.Since = l.time
	}
	p.add(c)
}
