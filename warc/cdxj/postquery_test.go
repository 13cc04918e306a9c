package cdxj

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/warc"
	"github.com/salvage-archive/salvage/warc/warcfix"
)

// miniSurt is warcio.js's getSurt for the plain ASCII URLs of the test cases (the
// commands use policy.SURT, which warc/cdxj may not import).
func miniSurt(raw string) string {
	if !strings.HasPrefix(raw, "http:") && !strings.HasPrefix(raw, "https:") {
		return raw
	}
	u, err := url.Parse(strings.ToLower(raw))
	if err != nil {
		return raw
	}
	labels := strings.Split(strings.TrimPrefix(u.Hostname(), "www."), ".")
	slices.Reverse(labels)
	key := strings.Join(labels, ",") + ")" + u.EscapedPath()
	if u.RawQuery != "" {
		args := strings.Split(u.RawQuery, "&")
		slices.Sort(args)
		key += "?" + strings.Join(args, "&")
	}
	return key
}

// The key and requestBody of a capture answering a non-GET request are warcio.js's:
// form, JSON, text/plain, multipart and binary bodies, a query already in the URL, a
// body decodeURI refuses, a non-http URL, a body over the 4096-unit limit, JSON key
// order and repeated names, numbers as JavaScript prints them, HEAD.
func TestRequestQueryMatchesWarcioJS(t *testing.T) {
	raw, err := os.ReadFile("testdata/warcio-postquery.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Cases []struct {
			URL, Method, Body64, Key, RequestBody string
			CT                                    *string
		}
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	for _, c := range golden.Cases {
		body, _ := base64.StdEncoding.DecodeString(c.Body64)
		ct := ""
		if c.CT != nil {
			ct = *c.CT
		}
		r := Record{URL: c.URL, Method: c.Method, RequestBody: requestQuery(ct, body)}
		if r.RequestBody != c.RequestBody {
			t.Errorf("%s %s %q: requestBody\n got %q\nwant %q", c.Method, c.URL, ct, r.RequestBody, c.RequestBody)
		}
		if got := r.Key(miniSurt); got != c.Key {
			t.Errorf("%s %s %q: key\n got %q\nwant %q", c.Method, c.URL, ct, got, c.Key)
		}
	}
}

// JavaScript's Number.prototype.toString.
func TestJSNumber(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0", 1: "1", -1.5: "-1.5", 1e21: "1e+21", 1e20: "100000000000000000000", 1.5e-7: "1.5e-7",
		0.000001: "0.000001", 123456789012: "123456789012", 0.1: "0.1", 5e-324: "5e-324", 1.7976931348623157e308: "1.7976931348623157e+308",
	} {
		if got := jsNumber(f); got != want {
			t.Errorf("jsNumber(%v) = %q, want %q", f, got, want)
		}
	}
}

// JavaScript's decodeURI: reserved characters stay escaped, a broken escape fails.
func TestDecodeURI(t *testing.T) {
	for in, want := range map[string]string{
		"a%20b": "a b", "%2F%26%3d": "%2F%26%3d", "caf%C3%A9": "café", "%F0%9F%98%80": "😀", "x": "x",
		"%E0%A4%A": "", "%": "", "%C3": "", "%C3%28": "", "%ED%A0%80": "",
	} {
		got, ok := decodeURI(in)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("decodeURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// A CDX11 line always has 11 fields: white space in the key (a non-http URL keeps
// its spaces), url, mime and filename is escaped, empty fields are "-".
func TestCDX11ElevenFields(t *testing.T) {
	for _, r := range []Record{
		{URL: "file:///example with spaces.png", Mime: "image/png", Status: 200, Filename: "a b.warc"},
		{URL: "urn:x:y", Method: "POST", RequestBody: "a=B c", Filename: "x.warc"},
		{URL: "http://example.org/\ttab", Mime: "text/html; charset=utf-8"},
	} {
		line := r.CDX11Line(miniSurt)
		if n := len(strings.Fields(line)); n != 11 {
			t.Errorf("%d fields in %q", n, line)
		}
	}
	got := Record{URL: "file:///example with spaces.png", Mime: "image/png", Status: 200, Filename: "x.warc"}.CDX11Line(miniSurt)
	if want := "file:///example%20with%20spaces.png 00010101000000 file:///example%20with%20spaces.png image/png 200 - - - 0 0 x.warc"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// A HEAD capture's line written while crawling is the line Build makes of the request
// and response records (warcio.js keys HEAD as "?__wb_method=head&__wb_post_data=").
func TestHeadCaptureLineEqualsBuild(t *testing.T) {
	dir := t.TempDir()
	w, err := warc.NewWriter(warc.WriterConfig{Dir: dir, Hostname: "testhost"})
	if err != nil {
		t.Fatal(err)
	}
	sp := warc.NewSpool("")
	defer sp.Close()
	io.WriteString(sp, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10\r\n\r\n")
	c, err := w.WriteExchange(&warc.Exchange{
		URL: "https://example.org/page", Method: "HEAD", Request: []byte("HEAD /page HTTP/1.1\r\nHost: example.org\r\n\r\n"),
		Response: sp, Date: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Status: 200,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines, err := Build(w.Files(), miniSurt, CDXJ)
	if err != nil || len(lines) != 1 {
		t.Fatalf("%d lines, %v", len(lines), err)
	}
	got := FromCapture(c).Line(miniSurt)
	if got != string(lines[0]) || !strings.HasPrefix(got, "org,example)/page?__wb_method=head&__wb_post_data= ") {
		t.Errorf("capture line %s\nbuild line   %s", got, lines[0])
	}
}

// JSON fields are written as JSON.stringify writes them: U+2028 and U+2029 raw, an
// invalid byte as a raw U+FFFD, an escaped backslash before "u2028" left alone.
func TestLineEscapesAsJSONStringify(t *testing.T) {
	line := Record{URL: "http://x/\u2028\\u2028\"\xff\u2029", Filename: "f"}.Line(miniSurt)
	if want := `{"url":"http://x/` + "\u2028" + `\\u2028\"` + "\uFFFD\u2029" + `","length":"0"`; !strings.Contains(line, want) {
		t.Errorf("line %q\nlacks %q", line, want)
	}
}

// Invalid UTF-8 decodes as TextDecoder decodes it (node's output for each sequence).
func TestUTF8TextAsTextDecoder(t *testing.T) {
	for in, want := range map[string]string{
		"\xe2\x82": "\uFFFD", "\xe2\x82A": "\uFFFDA", "\xf0\x9f\x98": "\uFFFD", "\xf0\x9f\x98A": "\uFFFDA",
		"\xc0\xaf": "\uFFFD\uFFFD", "\xed\xa0\x80": "\uFFFD\uFFFD\uFFFD", "\xffA": "\uFFFDA",
		"\xf4\x90\x80\x80": "\uFFFD\uFFFD\uFFFD\uFFFD", "\xe0\x80\x80A": "\uFFFD\uFFFD\uFFFDA", "\xc3": "\uFFFD",
		"a\xe2": "a\uFFFD", "\xef\xbb\xbfab\uFFFD": "ab\uFFFD",
	} {
		if got := utf8Text([]byte(in)); got != want {
			t.Errorf("utf8Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// Records sharing one gzip member are paired with the request they answer, not with
// the member's first record: a POST's key and requestBody, a GET's none, whatever the
// layout.
func TestSharedMemberRequestsPaired(t *testing.T) {
	post := "POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\nq=ferry"
	get := "GET /page HTTP/1.1\r\nHost: example.com\r\n\r\n"
	resp := "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
	recs := [][]byte{
		warcfix.Record("warcinfo", "00000000-0000-4000-8000-000000000001", "", "application/warc-fields", "software: warcfix\r\n"),
		warcfix.Record("request", "00000000-0000-4000-8000-000000000002", "http://example.com/form", "application/http;msgtype=request", post),
		warcfix.Record("response", "00000000-0000-4000-8000-000000000003", "http://example.com/form", "application/http;msgtype=response", resp),
		warcfix.Record("request", "00000000-0000-4000-8000-000000000004", "http://example.com/page", "application/http;msgtype=request", get),
		warcfix.Record("response", "00000000-0000-4000-8000-000000000005", "http://example.com/page", "application/http;msgtype=response", resp),
	}
	dir := t.TempDir()
	var keys []string
	for name, content := range map[string][]byte{
		"members.warc.gz": warcfix.PerRecord(recs, nil),
		"one.warc.gz":     warcfix.Gzip(warcfix.Plain(recs)),
	} {
		path := dir + "/" + name
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		lines, _ := Build([]string{path}, miniSurt, CDXJ)
		var got []string
		for _, l := range lines {
			var fields map[string]string
			key, rest, _ := strings.Cut(string(l), " ")
			_, js, _ := strings.Cut(rest, " ")
			if err := json.Unmarshal([]byte(js), &fields); err != nil {
				t.Fatal(err)
			}
			got = append(got, key+" "+fields["method"]+" "+fields["requestBody"])
		}
		keys = append(keys, strings.Join(got, "\n"))
	}
	want := "com,example)/form?__wb_method=post&q=ferry POST q=ferry\ncom,example)/page  "
	for _, k := range keys {
		if k != want {
			t.Errorf("keys:\n%s\nwant\n%s", k, want)
		}
	}
}
