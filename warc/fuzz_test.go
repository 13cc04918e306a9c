package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/warc/warcfix"
)

// seedWARC writes a small WARC file with the Writer and returns it
// gzip-compressed (as written) and decompressed.
func seedWARC(f *testing.F) (gz, plain []byte) {
	dir := f.TempDir()
	w := newTestWriter(f, WriterConfig{Dir: dir})
	for i, body := range []string{"<html><a href=/a>a</a></html>", "", "plain text"} {
		if _, err := w.WriteExchange(synthExchange(f, "http://example.com/"+string(rune('a'+i)), 200, []byte(body), testEpoch)); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	gz, err := os.ReadFile(w.Files()[0])
	if err != nil {
		f.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		f.Fatal(err)
	}
	plain, err = io.ReadAll(zr)
	if err != nil {
		f.Fatal(err)
	}
	return gz, plain
}

// FuzzReadWARC: any bytes as a WARC file (plain or gzip) are read, verified,
// indexed and mined for documents without a panic or a hang.
func FuzzReadWARC(f *testing.F) {
	gz, plain := seedWARC(f)
	f.Add(plain)
	f.Add(gz)
	f.Add(plain[:len(plain)/2])
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: -5\r\n\r\n"))
	p := filepath.Join(f.TempDir(), "fuzz.warc") // one file, rewritten: a temp dir per input is slow
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for rec, err := range ReadFile(p) {
			if err != nil {
				break
			}
			if rec.Block != nil {
				_, _ = io.Copy(io.Discard, io.LimitReader(rec.Block, 1<<20))
			}
		}
		_, _ = Verify(p)
		_, _ = BuildIndex([]string{p})
		for _, err := range ArchivedDocuments([]string{p}, 1<<20) {
			if err != nil {
				break
			}
		}
	})
}

// FuzzRecordExchange: whatever bytes a server answers with, the recorder
// finishes within its limits and the WARC file it leaves is readable, with
// no digest failure and every response paired with its request.
func FuzzRecordExchange(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nbroken"))
	f.Add([]byte("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
	f.Add([]byte("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n"))
	f.Add([]byte("HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00"))
	f.Add([]byte("<html>HTTP/0.9</html>"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"))
	var answer atomic.Pointer[[]byte]
	addr := rawServer(f, func(c net.Conn) {
		if _, err := readRequestHead(bufio.NewReader(c)); err != nil {
			return
		}
		if b := answer.Load(); b != nil {
			_, _ = c.Write(*b)
		}
	})
	f.Fuzz(func(t *testing.T, resp []byte) {
		answer.Store(&resp)
		dir := t.TempDir()
		w := newTestWriter(t, WriterConfig{Dir: dir})
		rec, _ := newTestRecorder(t, w, RecorderConfig{MaxBody: 64 << 10, MaxFetchTime: 2 * time.Second})
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := rec.RoundTrip(req); err == nil {
			_, _ = io.Copy(io.Discard, r.Body)
			_ = r.Body.Close()
		}
		rec.CloseIdleConnections()
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		for _, p := range w.Files() {
			rep, err := Verify(p)
			if err != nil || len(rep.DigestFailures) > 0 || len(rep.Unpaired) > 0 {
				t.Fatalf("answer %q: verify: %v, digests %v, unpaired %v", resp, err, rep.DigestFailures, rep.Unpaired)
			}
		}
	})
}

// FuzzTolerantReader: any bytes, read as a file in any gzip layout (the seeds are
// the reader's fixtures: members per record or per file, empty members, plain,
// concatenated, cut, broken), are framed without a panic or a hang: every step
// reads on, faults name the file, every record found opens again at its offset.
func FuzzTolerantReader(f *testing.F) {
	for _, fx := range warcfix.Fixtures() {
		f.Add(fx.Data)
	}
	f.Add(append(warcfix.Empty(), []byte("WARC/1.1\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n\x1f\x8b\x08\x00")...))
	p := filepath.Join(f.TempDir(), "fuzz.warc.gz")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		steps := 0
		for e, err := range Entries(p) {
			if steps++; steps > len(data)+2 {
				t.Fatalf("%d steps over %d bytes", steps, len(data))
			}
			var fault *Fault
			switch {
			case errors.As(err, &fault):
				if fault.File != p || fault.Offset < 0 || fault.Offset > int64(len(data)) {
					t.Fatalf("fault %v", fault)
				}
			case err != nil:
				t.Fatal(err)
			case e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > int64(len(data)):
				t.Fatalf("record at %d length %d in %d bytes", e.Offset, e.Length, len(data))
			default:
				if rc, err := openBlock(p, e.Offset); err == nil {
					_, _ = io.Copy(io.Discard, rc)
					rc.Close()
				} else {
					t.Fatalf("record at %d does not open: %v", e.Offset, err)
				}
			}
		}
		for _, err := range ArchivedDocuments([]string{p}, 1<<20) {
			var fault *Fault
			if err != nil && !errors.As(err, &fault) {
				t.Fatal(err)
			}
		}
	})
}
