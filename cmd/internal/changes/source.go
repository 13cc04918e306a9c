package changes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

// Source is one crawl as the comparison reads it.
type Source struct {
	Origin
	Dir      string              // the crawl folder ("" for a bare CDXJ): WARC files for redirect targets
	Captures map[string]*Capture // the latest GET capture of each URL
	Links    *verify.Report      // nil: no link report
}

// Load reads a crawl folder (its index.cdxj, and links.json when there is
// one) or a CDXJ file. Errors are one line, naming the file.
func Load(path string) (*Source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("changes: %w", err)
	}
	if !fi.IsDir() {
		return loadIndex(&Source{Origin: Origin{Path: path}}, path)
	}
	s, err := loadIndex(&Source{Origin: Origin{Path: path}, Dir: path}, filepath.Join(path, "index.cdxj"))
	if err != nil {
		return nil, err
	}
	links := filepath.Join(path, "links.json")
	if s.Links, err = LoadLinks(links); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if s.Links != nil {
		s.Origin.Links, s.Origin.Generated = links, s.Links.Generated
	}
	return s, nil
}

func loadIndex(s *Source, path string) (*Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s.Index = path
	if s.Captures, err = ReadIndex(f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// ReadIndex reads CDXJ lines into the latest capture of each URL (the later
// line wins a tie). Captures of other methods than GET and records without an
// HTTP status (metadata, resource records) are left out.
func ReadIndex(r io.Reader) (map[string]*Capture, error) {
	caps := map[string]*Capture{}
	for rec, err := range cdxj.Read(r) {
		if err != nil {
			return nil, err
		}
		if rec.Method != "" || rec.Status == 0 || rec.URL == "" {
			continue
		}
		if old, ok := caps[rec.URL]; ok && old.Date.After(rec.Time) {
			continue
		}
		caps[rec.URL] = &Capture{Date: rec.Time, Status: rec.Status, Digest: rec.Digest, Mime: rec.Mime, Filename: rec.Filename, Offset: rec.Offset}
	}
	return caps, nil
}

// LoadLinks reads a link report (links.json of schema 1.x). The error is one
// line: the file, and what is wrong with it.
func LoadLinks(path string) (*verify.Report, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep verify.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		return nil, fmt.Errorf("%s: not a link report: %v", path, oneLine(err))
	}
	if major, _, _ := strings.Cut(rep.Schema, "."); major != "1" {
		return nil, fmt.Errorf("%s: not a link report of schema 1.x (schema %q)", path, rep.Schema)
	}
	return &rep, nil
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
