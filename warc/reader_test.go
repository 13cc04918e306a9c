package warc

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawRecord renders an uncompressed WARC record with a correct block digest unless
// blockDigest is given.
func rawRecord(typ, id, uri, contentType, block string, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: %s\r\nWARC-Date: 2026-03-01T12:00:00.000Z\r\n", typ, id)
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	hasBlockDigest := false
	for _, e := range extra {
		b.WriteString(e + "\r\n")
		hasBlockDigest = hasBlockDigest || strings.HasPrefix(e, "WARC-Block-Digest:")
	}
	if !hasBlockDigest {
		fmt.Fprintf(&b, "WARC-Block-Digest: %s\r\n", sha1Digest([]byte(block)))
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", contentType, len(block), block)
	return b.String()
}

// TestVerifyFindsProblems: Verify checks payload digests by the de-chunked convention,
// block digests, pairing and the leading warcinfo.
func TestVerifyFindsProblems(t *testing.T) {
	const (
		httpResp = "application/http;msgtype=response"
		httpReq  = "application/http;msgtype=request"
	)
	chunked := "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
	framingDigest := sha1Digest([]byte(chunked[strings.Index(chunked, "\r\n\r\n")+4:]))
	req := "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"
	tests := []struct {
		name                        string
		records                     []string
		digests, unpaired, problems int
	}{
		{"good pair, de-chunked payload digest", []string{
			rawRecord("warcinfo", "<urn:x:0>", "", "application/warc-fields", "software: t\r\n"),
			rawRecord("request", "<urn:x:1>", "http://a.example/", httpReq, req, "WARC-Concurrent-To: <urn:x:2>"),
			rawRecord("response", "<urn:x:2>", "http://a.example/", httpResp, chunked,
				"WARC-Payload-Digest: "+sha1Digest([]byte("hello world")), "WARC-Concurrent-To: <urn:x:1>"),
		}, 0, 0, 0},
		{"payload digest over chunk framing", []string{
			rawRecord("warcinfo", "<urn:x:0>", "", "application/warc-fields", "software: t\r\n"),
			rawRecord("request", "<urn:x:1>", "http://a.example/", httpReq, req),
			rawRecord("response", "<urn:x:2>", "http://a.example/", httpResp, chunked,
				"WARC-Payload-Digest: "+framingDigest, "WARC-Concurrent-To: <urn:x:1>"),
		}, 1, 0, 0},
		{"bad block digest, lone request, no warcinfo", []string{
			rawRecord("request", "<urn:x:1>", "http://a.example/", httpReq, req,
				"WARC-Block-Digest: "+sha1Digest([]byte("other"))),
		}, 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.warc")
			if err := os.WriteFile(path, []byte(strings.Join(tt.records, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Verify(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.DigestFailures) != tt.digests || len(rep.Unpaired) != tt.unpaired || len(rep.Problems) != tt.problems {
				t.Errorf("digest failures %q, unpaired %q, problems %q", rep.DigestFailures, rep.Unpaired, rep.Problems)
			}
			if rep.Records != len(tt.records) {
				t.Errorf("%d records, want %d", rep.Records, len(tt.records))
			}
		})
	}
}

// TestVerifyTornFile: a file cut inside its last record is a fault naming the cut
// record, not a hang; the records before it are read.
func TestVerifyTornFile(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	if _, err := w.WriteExchange(synthExchange(t, "http://a.example/", 200, randomBytes(5000), testEpoch)); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	f := warcFiles(t, dir)[0]
	fi, _ := os.Stat(f)
	if err := os.Truncate(f, fi.Size()-100); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(f)
	if err != nil || rep.OK() || len(rep.Faults) != 1 || rep.Faults[0].Kind != FaultCut || rep.Records != 2 {
		t.Errorf("torn file: err %v, ok %v, %d records, faults %v", err, rep.OK(), rep.Records, rep.Faults)
	}
}

// TestReadFileStopsEarly: breaking out of ReadFile releases the file.
func TestReadFileStopsEarly(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	for i := range 3 {
		if _, err := w.WriteExchange(synthExchange(t, fmt.Sprintf("http://a.example/%d", i), 200, []byte("x"), testEpoch)); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	n := 0
	for r, err := range ReadFile(warcFiles(t, dir)[0]) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; r.Type == "request" {
			break
		}
	}
	if n != 2 {
		t.Errorf("stopped after %d records", n)
	}
}
