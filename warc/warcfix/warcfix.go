// Package warcfix makes WARC files as other tools write them, and damaged ones, for the
// tests of the reader and of the commands that read archives: records written by hand,
// then laid out in gzip members in every way met in the field (one member per record,
// one for the whole file, empty members, plain, concatenated) or cut short.
package warcfix

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"strings"
)

// Record is an uncompressed WARC/1.1 record with its block digest, followed by the two
// CRLFs that end a record.
func Record(typ, id, uri, contentType, block string, extra ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Date: 2026-03-01T12:00:00Z\r\n", typ, id)
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	fmt.Fprintf(&b, "WARC-Block-Digest: %s\r\n", digest([]byte(block)))
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", contentType, len(block), block)
	return []byte(b.String())
}

func digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// Page is the HTML of the fixtures' home page: two links.
const Page = `<html><body><a href="/one">one</a> <a href="http://example.com/two">two</a></body></html>`

// id makes the n-th record ID.
func id(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// exchange is a request and a response record for uri.
func exchange(n int, uri, response string) [][]byte {
	reqID, respID := id(n), id(n+1)
	host := strings.SplitN(strings.TrimPrefix(uri, "http://"), "/", 2)[0]
	req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", strings.TrimPrefix(uri, "http://"+host), host)
	return [][]byte{
		Record("request", reqID, uri, "application/http;msgtype=request", req, "WARC-Concurrent-To: <urn:uuid:"+respID+">"),
		Record("response", respID, uri, "application/http;msgtype=response", response, "WARC-Concurrent-To: <urn:uuid:"+reqID+">"),
	}
}

// Records are the fixtures' records: a warcinfo, then request/response pairs of an HTML
// page (its header chunked over a body stored de-chunked), a page whose HTTP header
// lines end in CR CR LF, a response with an "HTTPX/1.1" status line, and a stylesheet.
func Records() [][]byte {
	recs := [][]byte{Record("warcinfo", id(1), "", "application/warc-fields", "software: warcfix\r\n")}
	recs = append(recs, exchange(10, "http://example.com/", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"+Page)...)
	recs = append(recs, exchange(20, "http://example.com/crcr", "HTTP/1.1 200 OK\r\r\nContent-Type: text/html; charset=utf-8\r\r\nContent-Length: 4\r\r\n\r\r\nbody")...)
	recs = append(recs, exchange(30, "http://example.com/httpx", "HTTPX/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")...)
	recs = append(recs, exchange(40, "http://example.com/style.css", "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\nContent-Length: 20\r\n\r\nbody { color: red }\n")...)
	return recs
}

// Gzip is b in one gzip member.
func Gzip(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// Empty is an empty gzip member.
func Empty() []byte { return Gzip(nil) }

// Plain is the records one after the other, uncompressed.
func Plain(recs [][]byte) []byte { return bytes.Join(recs, nil) }

// PerRecord is the records in one gzip member each, with extra members before record
// i where before[i] says so.
func PerRecord(recs [][]byte, before map[int][]byte) []byte {
	var out []byte
	for i, r := range recs {
		out = append(out, before[i]...)
		out = append(out, Gzip(r)...)
	}
	return append(out, before[len(recs)]...)
}

// Fixture is a file of the fixtures set and what a reader must make of it.
type Fixture struct {
	Name    string // file name, with its .warc or .warc.gz suffix
	Data    []byte
	Records int      // records that can be read
	Faults  []string // the kinds of fault a reader reports (warc.FaultKind names), in order
	// Warcio: warcio.js 2.4.11 reads it right, so its index is the reference. It does not
	// on the others: a record after an empty member gets the empty member's offset (and
	// its own member's length), one member for the whole file gets the file's size as offset, a
	// record's trailing CRLFs in their own member give the next record that member's
	// offset, a cut plain record is indexed, garbage or a broken member ends its read, and
	// a plain part after a gzip part (or the reverse) is lost.
	Warcio bool
}

// Fixtures are the files: each layout met in the field, and each damage.
func Fixtures() []Fixture {
	recs := Records()
	n := len(recs)
	plain, perRecord := Plain(recs), PerRecord(recs, nil)
	cutGz := perRecord[:len(perRecord)-len(Gzip(recs[n-1]))/2]
	cutPlain := plain[:len(plain)-len(recs[n-1])/2]
	return []Fixture{
		{Name: "per-record.warc.gz", Data: perRecord, Records: n, Warcio: true},
		{Name: "plain.warc", Data: plain, Records: n, Warcio: true},
		{Name: "one-member.warc.gz", Data: Gzip(plain), Records: n, Faults: []string{"shared-member"}},
		{Name: "empty-first.warc.gz", Warcio: true, Data: PerRecord(recs, map[int][]byte{0: Empty()}), Records: n},
		{Name: "empty-middle.warc.gz", Data: PerRecord(recs, map[int][]byte{3: Empty(), 4: append(Empty(), Empty()...)}), Records: n},
		{Name: "empty-last.warc.gz", Warcio: true, Data: PerRecord(recs, map[int][]byte{n: Empty()}), Records: n},
		{Name: "split-members.warc.gz", Data: splitMembers(recs), Records: n},
		{Name: "concatenated.warc.gz", Data: append(append([]byte{}, perRecord...), perRecord...), Records: 2 * n, Warcio: true},
		{Name: "gz-then-plain.warc.gz", Data: append(append([]byte{}, perRecord...), plain...), Records: 2 * n},
		{Name: "plain-then-gz.warc", Data: append(append([]byte{}, plain...), perRecord...), Records: 2 * n},
		{Name: "plain-junk-gz.warc", Data: bytes.Join([][]byte{plain, []byte("junk"), perRecord}, nil), Records: 2 * n, Faults: []string{"skipped"}},
		{Name: "cut.warc.gz", Data: cutGz, Records: n - 1, Faults: []string{"truncated"}, Warcio: true},
		{Name: "cut.warc", Data: cutPlain, Records: n - 1, Faults: []string{"truncated"}},
		{Name: "cut-block.warc", Data: plain[:len(plain)-10], Records: n - 1, Faults: []string{"truncated"}},
		{Name: "empty-members.warc.gz", Data: append(Empty(), Empty()...), Records: 0, Faults: []string{"unreadable"}, Warcio: true},
		{Name: "garbage-middle.warc.gz", Data: PerRecord(recs, map[int][]byte{3: []byte("garbage, not gzip\n")}), Records: n, Faults: []string{"skipped"}},
		{Name: "garbage-middle.warc", Data: bytes.Join([][]byte{plain[:len(bytes.Join(recs[:3], nil))], []byte("garbage\r\n"), bytes.Join(recs[3:], nil)}, nil), Records: n, Faults: []string{"skipped"}},
		{Name: "broken-member.warc.gz", Data: brokenMember(recs, 3), Records: n - 1, Faults: []string{"skipped"}},
		{Name: "long-length.warc.gz", Data: PerRecord(longLength(recs, 5), nil), Records: n - 1, Faults: []string{"skipped"}},
		{Name: "bad-checksum.warc.gz", Data: badChecksum(recs, 4), Records: n - 1, Faults: []string{"skipped"}},
		{Name: "empty.warc.gz", Data: nil, Records: 0, Faults: []string{"unreadable"}, Warcio: true},
		{Name: "not-warc.warc", Data: []byte("<html>this is no archive</html>\n"), Records: 0, Faults: []string{"skipped", "unreadable"}},
	}
}

// splitMembers puts each record's header and block in two members and its trailing
// CRLFs in a third.
func splitMembers(recs [][]byte) []byte {
	var out []byte
	for _, r := range recs {
		i := bytes.Index(r, []byte("\r\n\r\n")) + 4
		body := r[i : len(r)-4]
		out = append(out, Gzip(r[:i])...)
		out = append(out, Gzip(body)...)
		out = append(out, Gzip([]byte("\r\n\r\n"))...)
	}
	return out
}

// brokenMember is PerRecord with record i's member damaged in its middle.
func brokenMember(recs [][]byte, i int) []byte {
	var out []byte
	for j, r := range recs {
		m := Gzip(r)
		if j == i {
			m = append([]byte{}, m...)
			for k := 12; k < len(m)-8; k++ {
				m[k] ^= 0x55
			}
		}
		out = append(out, m...)
	}
	return out
}

// badChecksum is PerRecord with record i's member's CRC-32 wrong: its data decodes, its
// check fails.
func badChecksum(recs [][]byte, i int) []byte {
	var out []byte
	for j, r := range recs {
		m := append([]byte{}, Gzip(r)...)
		if j == i {
			m[len(m)-8] ^= 0xff
		}
		out = append(out, m...)
	}
	return out
}

// longLength is recs with record i's Content-Length 100 bytes too large.
func longLength(recs [][]byte, i int) [][]byte {
	out := append([][]byte{}, recs...)
	r := string(recs[i])
	start := strings.Index(r, "Content-Length: ") + len("Content-Length: ")
	end := start + strings.Index(r[start:], "\r\n")
	var n int
	fmt.Sscan(r[start:end], &n)
	out[i] = []byte(r[:start] + fmt.Sprint(n+100) + r[end:])
	return out
}
