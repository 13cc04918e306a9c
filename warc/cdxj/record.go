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

	// Method is the method of the request a capture answers, when not GET ("POST",
	// "PUT"): the key gets "__wb_method=post&" and the request's query appended, as
	// warcio.js and pywb make it. "" for GET.
	Method string
	// RequestBody is that query (a form body as sent, a JSON body as form
	// parameters, other bodies "__wb_post_data=BASE64"); "" leaves the field out.
	RequestBody string
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
	Method   string `json:"method,omitempty"`
	Body     string `json:"requestBody,omitempty"`
}

// Line is the CDXJ line of r, without the newline.
func (r Record) Line(key KeyFunc) string {
	f := fields{
		URL: r.URL, Mime: r.Mime, Digest: bareDigest(r.Digest),
		Length: strconv.FormatInt(r.Length, 10), Offset: strconv.FormatInt(r.Offset, 10), Filename: r.Filename,
		Method: r.Method, Body: r.RequestBody,
	}
	if r.Status != 0 {
		f.Status = strconv.Itoa(r.Status)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(f) // strings only: cannot fail
	return r.Key(key) + " " + Timestamp(r.Time) + " " + asJSONStringify(strings.TrimSuffix(b.String(), "\n"))
}

// asJSONStringify turns the escapes Go's encoder writes and JSON.stringify does not
// back into the characters: \u2028, \u2029, and \ufffd (Go's for invalid UTF-8).
func asJSONStringify(s string) string {
	if !strings.Contains(s, `\u202`) && !strings.Contains(s, `\ufffd`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch esc := s[i+1 : min(i+6, len(s))]; esc {
		case "u2028", "u2029", "ufffd":
			r, _ := strconv.ParseUint(esc[1:], 16, 32)
			b.WriteRune(rune(r))
			i += 5
		default:
			b.WriteString(s[i : i+2]) // any other escape, "\\" included
			i++
		}
	}
	return b.String()
}

// Key is the sort key of r: key of its URL, with the method and request query
// appended for a capture answering a non-GET request.
func (r Record) Key(key KeyFunc) string {
	if r.Method == "" {
		return key(r.URL)
	}
	return methodKey(key, r.URL, r.Method, r.RequestBody)
}

// CDX11Line is the classic CDX line of r (" CDX N b a m s k r M S V g"): always 11
// fields, white space in the key, url, mime and filename escaped ("%20"), an empty
// field "-". (warcio.js writes the fields raw, so a key with a space splits.)
func (r Record) CDX11Line(key KeyFunc) string {
	status := "-"
	if r.Status != 0 {
		status = strconv.Itoa(r.Status)
	}
	return strings.Join([]string{
		dashIfEmpty(noSpace(r.Key(key))), Timestamp(r.Time), dashIfEmpty(noSpace(r.URL)), dashIfEmpty(noSpace(r.Mime)), status,
		dashIfEmpty(bareDigest(r.Digest)), "-", "-", strconv.FormatInt(r.Length, 10),
		strconv.FormatInt(r.Offset, 10), dashIfEmpty(noSpace(r.Filename)),
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

// noSpace escapes the white space that would split a CDX11 field.
var noSpace = strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D", "\v", "%0B", "\f", "%0C").Replace

// FromCapture makes the Record of a response or revisit the recorder wrote.
func FromCapture(c warc.Capture) Record {
	r := Record{
		URL: c.URL, Time: c.Date, Mime: mediaType(c.ContentType), Status: c.Status,
		Digest: c.PayloadDigest, Length: c.Size, Offset: c.Offset, Filename: filepath.Base(c.File),
	}
	if c.Revisit {
		r.Mime = RevisitMime
	}
	if c.Method == "HEAD" { // no body, no Content-Type: the query Build makes of the request record
		r.Method, r.RequestBody = c.Method, requestQuery("", nil)
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
		r.Mime = RevisitMime
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
