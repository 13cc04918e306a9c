package cdxj

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/warc"
)

// KeyFunc makes the sort key (a SURT such as "org,unmissions,minusma)/en") of a URL.
type KeyFunc func(url string) string

// Record is one index line.
type Record struct {
	URL      string
	Time     time.Time
	Mime     string // "" leaves the field out
	Status   int    // 0 leaves the field out
	Digest   string // payload digest as written ("sha1:BASE32"); the prefix is dropped on output
	Length   int64  // bytes of the record (its gzip member) in the file
	Offset   int64
	Filename string // base name of the WARC file
}

// Timestamp is the 14-digit form of t in UTC.
func Timestamp(t time.Time) string { return t.UTC().Format("20060102150405") }

// fields is the JSON object of a line, in warcio.js's order.
type fields struct {
	URL      string `json:"url"`
	Mime     string `json:"mime,omitempty"`
	Status   string `json:"status,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Length   string `json:"length"`
	Offset   string `json:"offset"`
	Filename string `json:"filename"`
}

// Line is the CDXJ line of r, without the newline.
func (r Record) Line(key KeyFunc) string {
	f := fields{
		URL: r.URL, Mime: r.Mime, Digest: bareDigest(r.Digest),
		Length: strconv.FormatInt(r.Length, 10), Offset: strconv.FormatInt(r.Offset, 10), Filename: r.Filename,
	}
	if r.Status != 0 {
		f.Status = strconv.Itoa(r.Status)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(f) // strings only: cannot fail
	return key(r.URL) + " " + Timestamp(r.Time) + " " + strings.TrimSuffix(b.String(), "\n")
}

// CDX11Line is the classic CDX line of r (" CDX N b a m s k r M S V g").
func (r Record) CDX11Line(key KeyFunc) string {
	status := "-"
	if r.Status != 0 {
		status = strconv.Itoa(r.Status)
	}
	return strings.Join([]string{
		key(r.URL), Timestamp(r.Time), noSpace(r.URL), dashIfEmpty(noSpace(r.Mime)), status,
		dashIfEmpty(bareDigest(r.Digest)), "-", "-", strconv.FormatInt(r.Length, 10),
		strconv.FormatInt(r.Offset, 10), noSpace(r.Filename),
	}, " ")
}

// CDX11Header is the first line of a CDX11 file.
const CDX11Header = " CDX N b a m s k r M S V g"

func bareDigest(d string) string {
	if _, v, ok := strings.Cut(d, ":"); ok {
		return v
	}
	return d
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func noSpace(s string) string { return strings.ReplaceAll(s, " ", "%20") }

// FromCapture makes the Record of a response or revisit the recorder wrote.
func FromCapture(c warc.Capture) Record {
	r := Record{
		URL: c.URL, Time: c.Date, Mime: mediaType(c.ContentType), Status: c.Status,
		Digest: c.PayloadDigest, Length: c.Size, Offset: c.Offset, Filename: filepath.Base(c.File),
	}
	if c.Revisit {
		r.Mime = "warc/revisit"
	}
	return r
}

// FromEntry makes the Record of a WARC record, if an index lists it: every record but
// requests, warcinfo, and metadata or resource records of application/warc-fields (the
// choice warcio.js makes).
func FromEntry(file string, e warc.Entry) (Record, bool) {
	switch {
	case e.Type == "request" || e.Type == "warcinfo" || e.URI == "":
		return Record{}, false
	case (e.Type == "metadata" || e.Type == "resource") && e.ContentType == "application/warc-fields":
		return Record{}, false
	}
	r := Record{URL: e.URI, Time: e.Date, Digest: e.Digest, Length: e.Length, Offset: e.Offset, Filename: filepath.Base(file)}
	switch e.Type {
	case "revisit":
		r.Mime = "warc/revisit"
	case "response", "request":
		if e.HTTP {
			r.Mime = mediaType(e.Header.Get("Content-Type"))
		}
	default:
		r.Mime = e.ContentType
	}
	if e.HTTP && (e.Type == "response" || e.Type == "revisit") {
		r.Status = e.Status
	}
	return r, true
}

// mediaType is a Content-Type value up to its first ";", trimmed (case kept, as
// warcio.js keeps it).
func mediaType(v string) string {
	mt, _, _ := strings.Cut(v, ";")
	return strings.TrimSpace(mt)
}
