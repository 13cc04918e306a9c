package warc

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
)

// TestStoredMemberMatchesGzip: without store, a member is byte for byte the
// one klauspost's gzip.Writer writes at gzipLevel (the files salvage wrote before).
func TestStoredMemberMatchesGzip(t *testing.T) {
	for _, n := range []int{0, 1, 700, 40 << 10, 200 << 10} {
		data := append(bytes.Repeat([]byte("WARC-Type: response\r\n"), n/21), randomBytes(n%21)...)
		var want, got bytes.Buffer
		zw, _ := kgzip.NewWriterLevel(&want, gzipLevel)
		zw.Write(data)
		zw.Close()
		z := newStoredMember()
		if err := z.reset(&got); err != nil {
			t.Fatal(err)
		}
		z.Write(data)
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d bytes: member differs from klauspost's gzip.Writer", n)
		}
	}
}

// TestStoredMemberRoundTrip: a member switching to stored blocks (at any point,
// with bodies above one stored block's 65,535 bytes) reads back whole with the
// standard library's gzip reader, as one member.
func TestStoredMemberRoundTrip(t *testing.T) {
	for _, tc := range []struct{ head, body int }{{0, 0}, {500, 0}, {500, 10}, {0, 70000}, {900, 200 << 10}} {
		head, body := bytes.Repeat([]byte("h"), tc.head), randomBytes(tc.body)
		var out bytes.Buffer
		z := newStoredMember()
		z.reset(&out)
		z.Write(head)
		z.store()
		z.Write(body[:len(body)/2])
		z.Write(body[len(body)/2:])
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		out.WriteString("next member")
		zr, err := gzip.NewReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		if !bytes.Equal(got, append(head, body...)) {
			t.Errorf("%+v: read back %d bytes, want %d", tc, len(got), tc.head+tc.body)
		}
		if rest := out.String(); rest != "next member" {
			t.Errorf("%+v: member did not end where it should: %q left", tc, rest)
		}
	}
}

// TestEncodedBodyStored: a gzip-encoded response's body goes into its record
// uncompressed (the record takes about the body's size), and the file reads
// back with valid digests; an identity body is compressed as before.
func TestEncodedBodyStored(t *testing.T) {
	body := bytes.Repeat([]byte("compressible text "), 4000) // 72,000 bytes
	for _, enc := range []string{"gzip", ""} {
		w := newTestWriter(t, WriterConfig{})
		ex := synthExchange(t, "http://example.test/"+enc, http.StatusOK, nil, testEpoch)
		sp := NewSpool("")
		t.Cleanup(func() { _ = sp.Close() })
		head := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
		if enc != "" {
			head += "Content-Encoding: " + enc + "\r\n"
		}
		fmt.Fprintf(sp, "%sContent-Length: %d\r\n\r\n", head, len(body))
		sp.Write(body)
		ex.Response = sp
		c, err := w.WriteExchange(ex)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		stored := c.Size > int64(len(body))
		if stored != (enc != "") {
			t.Errorf("encoding %q: record of %d bytes for a body of %d", enc, c.Size, len(body))
		}
		for _, f := range w.Files() {
			rep, err := Verify(f)
			if err != nil || !rep.OK() {
				t.Errorf("encoding %q: verify: %v %+v", enc, err, rep)
			}
		}
	}
}
