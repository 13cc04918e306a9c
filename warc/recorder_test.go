package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// chunk frames b as one HTTP/1.1 chunk with an optional extension.
func chunk(b []byte, ext string) string {
	return fmt.Sprintf("%x%s\r\n%s\r\n", len(b), ext, b)
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRecordsExactWireBytes: odd header case and order, chunk framing with extensions and
// a gzip body are archived byte for byte; the payload digest is over the de-chunked,
// still gzipped body.
func TestRecordsExactWireBytes(t *testing.T) {
	var page bytes.Buffer
	for i := range 500 {
		fmt.Fprintf(&page, "<p>MINUSMA line %d %x</p>\n", i, i*i*7919)
	}
	gz := gzipped(t, page.Bytes())
	wire := "HTTP/1.1 200 OK\r\ncontent-TYPE: text/html\r\nX-Weird:  spaced\r\nContent-Encoding: gzip\r\n" +
		"Transfer-Encoding: chunked\r\n\r\n" +
		chunk(gz[:10], "") + chunk(gz[10:100], ";ext=1") + chunk(gz[100:], "") + "0\r\n\r\n"
	gotReq := make(chan []byte, 1)
	addr := rawServer(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		head, err := readRequestHead(br)
		gotReq <- head
		if err != nil {
			return
		}
		_, _ = io.WriteString(c, wire)
		_, _ = io.Copy(io.Discard, br) // keep the connection until the client goes
	})
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, caps := newTestRecorder(t, w, RecorderConfig{})

	body := fetchAll(t, r, "http://"+addr+"/page#fragment")
	if !bytes.Equal(body, gz) {
		t.Fatalf("body handed to the client is not the gzip bytes (%d vs %d bytes)", len(body), len(gz))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs := recordsIn(t, dir)
	resp, req := byType(recs, "response")[0], byType(recs, "request")[0]
	if string(resp.block) != wire {
		t.Errorf("response block differs from the wire:\n got %q\nwant %q", resp.block, wire)
	}
	if sent := <-gotReq; !bytes.Equal(req.block, sent) {
		t.Errorf("request block differs from what the server received:\n got %q\nwant %q", req.block, sent)
	}
	if got, want := resp.Get("WARC-Payload-Digest"), sha1Digest(gz); got != want {
		t.Errorf("payload digest %s, want %s (sha1 of the de-chunked gzip body)", got, want)
	}
	if resp.TargetURI != "http://"+addr+"/page" || resp.Get("WARC-IP-Address") != "127.0.0.1" {
		t.Errorf("target %q ip %q", resp.TargetURI, resp.Get("WARC-IP-Address"))
	}
	c := caps.all()[0]
	if c.PayloadDigest != sha1Digest(gz) || c.PayloadLength != int64(len(gz)) || c.Status != 200 ||
		c.ContentType != "text/html" || c.Offset != resp.Offset || c.Size != resp.Size || c.RecordID != resp.ID {
		t.Errorf("capture %+v does not describe record at %d+%d %s", c, resp.Offset, resp.Size, resp.ID)
	}
}

// TestKeepAliveBindsEachResponseToItsRequest sends sequential and concurrent requests
// over reused connections with instant responses: every response record must carry the
// body of its own URL.
func TestKeepAliveBindsEachResponseToItsRequest(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		_, _ = io.WriteString(rw, "body of "+req.URL.Path)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, _ := newTestRecorder(t, w, RecorderConfig{})

	for i := range 50 {
		if got := string(fetchAll(t, r, fmt.Sprintf("%s/seq/%d", srv.URL, i))); got != fmt.Sprintf("body of /seq/%d", i) {
			t.Fatalf("client got %q", got)
		}
	}
	var wg sync.WaitGroup
	for g := range 10 {
		wg.Go(func() {
			for i := range 5 {
				fetchAll(t, r, fmt.Sprintf("%s/par/%d-%d", srv.URL, g, i))
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d connections for 100 requests", conns.Load())
	if n := conns.Load(); n > 20 {
		t.Errorf("%d connections for 100 requests: keep-alive was not exercised", n)
	}
	checkPairsMatch(t, recordsIn(t, dir), 100)
}

// checkPairsMatch checks that each response body and each linked request line name the
// record's own target URI.
func checkPairsMatch(t *testing.T, recs []rec, want int) {
	t.Helper()
	reqs := map[string]rec{}
	for _, r := range byType(recs, "request") {
		reqs[r.ID] = r
	}
	resps := byType(recs, "response")
	if len(resps) != want || len(reqs) != want {
		t.Fatalf("%d responses and %d requests, want %d each", len(resps), len(reqs), want)
	}
	for _, r := range resps {
		path := r.TargetURI[strings.Index(r.TargetURI[len("http://"):], "/")+len("http://"):]
		if _, body := httpBody(t, r.block); string(body) != "body of "+path {
			t.Errorf("response for %s holds %q", r.TargetURI, body)
		}
		req := reqs[r.Get("WARC-Concurrent-To")]
		if !bytes.HasPrefix(req.block, []byte("GET "+path+" HTTP/1.1\r\n")) || req.TargetURI != r.TargetURI {
			t.Errorf("response for %s is linked to request %q", r.TargetURI, firstLine(req.block))
		}
	}
}

func firstLine(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\r\n"))
	return string(line)
}

// TestHTTPSRecordsPlaintext: the recorder does TLS itself (ALPN http/1.1 even though the
// server offers h2), dials through cfg.Dial as --resolve does, and records plaintext.
func TestHTTPSRecordsPlaintext(t *testing.T) {
	cert, pool := selfSigned(t, "salvage.test")
	var proto atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		proto.Store(req.Proto)
		_, _ = io.WriteString(rw, "secret")
	}))
	srv.EnableHTTP2 = true
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	defer srv.Close()
	var dialed atomic.Value
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		dialed.Store(addr)
		var d net.Dialer
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, _ := newTestRecorder(t, w, RecorderConfig{RootCAs: pool, Dial: dial})

	if got := string(fetchAll(t, r, "https://salvage.test/secure?x=1#top")); got != "secret" {
		t.Fatalf("body %q", got)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if proto.Load() != "HTTP/1.1" || dialed.Load() != "salvage.test:443" {
		t.Errorf("server saw %v, dial got %v", proto.Load(), dialed.Load())
	}
	recs := recordsIn(t, dir)
	req, resp := byType(recs, "request")[0], byType(recs, "response")[0]
	if !bytes.HasPrefix(req.block, []byte("GET /secure?x=1 HTTP/1.1\r\nHost: salvage.test\r\n")) {
		t.Errorf("request block %q", req.block)
	}
	if !bytes.HasPrefix(resp.block, []byte("HTTP/1.1 200 OK\r\n")) || !bytes.HasSuffix(resp.block, []byte("\r\n\r\nsecret")) {
		t.Errorf("response block %q", resp.block)
	}
	if resp.TargetURI != "https://salvage.test/secure?x=1" || resp.Get("WARC-IP-Address") != "127.0.0.1" {
		t.Errorf("target %q ip %q", resp.TargetURI, resp.Get("WARC-IP-Address"))
	}
}

// TestFailuresBeforeResponseArchiveNothing: dial, TLS and malformed-response failures
// return an inspectable error and write nothing.
func TestFailuresBeforeResponseArchiveNothing(t *testing.T) {
	cert, _ := selfSigned(t, "salvage.test")
	tlsSrv := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsSrv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the expected handshake failure
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	garbage := rawServer(t, func(c net.Conn) {
		_, _ = readRequestHead(bufio.NewReader(c))
		_, _ = io.WriteString(c, "NOT HTTP AT ALL\r\n\r\n")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	_ = ln.Close()

	tests := []struct {
		name, url string
		check     func(error) bool
	}{
		{"refused", "http://" + closed + "/", func(err error) bool { var e *net.OpError; return errors.As(err, &e) }},
		{"untrusted", tlsSrv.URL + "/", func(err error) bool {
			var v *tls.CertificateVerificationError
			var u x509.UnknownAuthorityError
			return errors.As(err, &v) && errors.As(err, &u)
		}},
		{"malformed", "http://" + garbage + "/", func(err error) bool { return strings.Contains(err.Error(), "malformed") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			w := newTestWriter(t, WriterConfig{Dir: dir})
			r, caps := newTestRecorder(t, w, RecorderConfig{})
			req, _ := http.NewRequest(http.MethodGet, tt.url, nil)
			resp, err := r.RoundTrip(req)
			if err == nil {
				_ = resp.Body.Close()
				t.Fatal("no error")
			}
			if !tt.check(err) {
				t.Errorf("error %v (%T) is not the expected kind", err, errors.Unwrap(err))
			}
			_ = w.Close()
			if n := len(caps.all()); n != 0 || len(warcFiles(t, dir)) != 0 {
				t.Errorf("%d captures and files %v after a failed fetch", n, warcFiles(t, dir))
			}
		})
	}
}

// TestMaxBodyTruncates: a body past MaxBody ends the read at the limit and is archived
// with WARC-Truncated: length.
func TestMaxBodyTruncates(t *testing.T) {
	big := randomBytes(1 << 20)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Length", fmt.Sprint(len(big)))
		_, _ = rw.Write(big)
	}))
	defer srv.Close()
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, caps := newTestRecorder(t, w, RecorderConfig{MaxBody: 64 << 10})

	if body := fetchAll(t, r, srv.URL+"/big"); len(body) != 64<<10 || !bytes.Equal(body, big[:64<<10]) {
		t.Fatalf("client read %d bytes, want the first %d", len(body), 64<<10)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c := caps.all()[0]
	if c.Truncated != TruncatedLength || c.PayloadLength < 64<<10 {
		t.Errorf("capture truncated %q payload %d", c.Truncated, c.PayloadLength)
	}
	resp := byType(recordsIn(t, dir), "response")[0]
	if resp.Get("WARC-Truncated") != "length" {
		t.Errorf("WARC-Truncated %q", resp.Get("WARC-Truncated"))
	}
}

// TestMaxBodyExactIsComplete: a body of exactly MaxBody bytes is not truncated.
func TestMaxBodyExactIsComplete(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(rw, "0123456789")
	}))
	defer srv.Close()
	r, caps := newTestRecorder(t, nil, RecorderConfig{MaxBody: 10})
	if got := string(fetchAll(t, r, srv.URL)); got != "0123456789" {
		t.Fatalf("body %q", got)
	}
	if c := caps.all()[0]; c.Truncated != "" {
		t.Errorf("truncated %q", c.Truncated)
	}
}

// streamServer serves an endless audio stream after the given status line, and returns
// the address and the bytes sent on the first connection.
func streamServer(t *testing.T, status string) (string, func() []byte) {
	var mu sync.Mutex
	var sent bytes.Buffer
	addr := rawServer(t, func(c net.Conn) {
		if _, err := readRequestHead(bufio.NewReader(c)); err != nil {
			return
		}
		out := io.MultiWriter(c, lockedWriter{&mu, &sent})
		if _, err := io.WriteString(out, status+"\r\ncontent-type: audio/mpeg\r\nicy-name: Radio Mikado\r\nicy-br: 128\r\n\r\n"); err != nil {
			return
		}
		frame := bytes.Repeat([]byte{0xff, 0xfb, 0x90, 0x64}, 256)
		for {
			if _, err := out.Write(frame); err != nil {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
	return addr, func() []byte {
		mu.Lock()
		defer mu.Unlock()
		return bytes.Clone(sent.Bytes())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// TestMaxFetchTimeStopsEndlessStreams: an endless stream, HTTP/1.0 or SHOUTcast's
// "ICY 200 OK", stops at MaxFetchTime and is archived as truncated by time, its status
// line recorded as sent.
func TestMaxFetchTimeStopsEndlessStreams(t *testing.T) {
	for _, status := range []string{"HTTP/1.0 200 OK", "ICY 200 OK"} {
		t.Run(strings.Fields(status)[0], func(t *testing.T) {
			addr, sent := streamServer(t, status)
			dir := t.TempDir()
			w := newTestWriter(t, WriterConfig{Dir: dir})
			r, caps := newTestRecorder(t, w, RecorderConfig{MaxFetchTime: 300 * time.Millisecond})
			start := time.Now()
			resp := get(t, r, "http://"+addr+"/stream")
			if resp.StatusCode != 200 || resp.Header.Get("icy-name") != "Radio Mikado" {
				t.Fatalf("status %d header %v", resp.StatusCode, resp.Header)
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil || len(body) == 0 {
				t.Fatalf("read %d bytes, err %v", len(body), err)
			}
			_ = resp.Body.Close()
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("stream ran %s", d)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if c := caps.all()[0]; c.Truncated != TruncatedTime || c.Status != 200 || c.ContentType != "audio/mpeg" {
				t.Errorf("capture %+v", c)
			}
			rec := byType(recordsIn(t, dir), "response")[0]
			if rec.Get("WARC-Truncated") != "time" || !bytes.HasPrefix(rec.block, []byte(status+"\r\n")) ||
				!bytes.HasPrefix(sent(), rec.block) {
				t.Errorf("record truncated %q, block starts %q, not a prefix of what was sent",
					rec.Get("WARC-Truncated"), firstLine(rec.block))
			}
		})
	}
}

// TestDisconnectMidBody: a server that hangs up inside the body gives the client its
// error and an archived record truncated by disconnect.
func TestDisconnectMidBody(t *testing.T) {
	addr := rawServer(t, func(c net.Conn) {
		_, _ = readRequestHead(bufio.NewReader(c))
		_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"+strings.Repeat("x", 500))
	})
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, caps := newTestRecorder(t, w, RecorderConfig{})
	resp := get(t, r, "http://"+addr+"/")
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read error %v, want unexpected EOF", err)
	}
	_ = resp.Body.Close()
	_ = w.Close()
	if c := caps.all(); len(c) != 1 || c[0].Err != nil || c[0].Truncated != TruncatedDisconnect || c[0].PayloadLength != 500 {
		t.Errorf("captures %+v", c)
	}
	if rec := byType(recordsIn(t, dir), "response")[0]; rec.Get("WARC-Truncated") != "disconnect" {
		t.Errorf("WARC-Truncated %q", rec.Get("WARC-Truncated"))
	}
}

// TestCloseBeforeEOFDrains: closing a body early (as colly does for non-HTML) still
// archives all of it, and the capture is reported before Close returns.
func TestCloseBeforeEOFDrains(t *testing.T) {
	pdf := randomBytes(300 << 10)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "application/pdf")
		_, _ = rw.Write(pdf)
	}))
	defer srv.Close()
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, caps := newTestRecorder(t, w, RecorderConfig{})
	resp := get(t, r, srv.URL+"/report.pdf")
	if _, err := io.ReadFull(resp.Body, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	c := caps.all()
	if len(c) != 1 {
		t.Fatalf("%d captures when Close returned", len(c))
	}
	if c[0].Truncated != "" || c[0].PayloadLength != int64(len(pdf)) || c[0].PayloadDigest != sha1Digest(pdf) {
		t.Errorf("capture %+v", c[0])
	}
	if n, err := resp.Body.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("read after close: %d %v", n, err)
	}
	_ = w.Close()
	_, body := httpBody(t, byType(recordsIn(t, dir), "response")[0].block)
	if !bytes.Equal(body, pdf) {
		t.Errorf("archived body has %d bytes, want %d", len(body), len(pdf))
	}
}

// TestBodilessResponses: HEAD, 204 and 304 have empty payloads.
func TestBodilessResponses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		switch req.URL.Path {
		case "/204":
			rw.WriteHeader(http.StatusNoContent)
		case "/304":
			rw.WriteHeader(http.StatusNotModified)
		default:
			rw.Header().Set("Content-Length", "5")
			_, _ = io.WriteString(rw, "hello")
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, caps := newTestRecorder(t, w, RecorderConfig{})
	head, _ := http.NewRequest(http.MethodHead, srv.URL+"/head", nil)
	resp, err := r.RoundTrip(head)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	fetchAll(t, r, srv.URL+"/204")
	fetchAll(t, r, srv.URL+"/304")
	_ = w.Close()
	for _, c := range caps.all() {
		if c.PayloadLength != 0 || c.PayloadDigest != sha1Digest(nil) {
			t.Errorf("%s %s: payload %d %s", c.Method, c.URL, c.PayloadLength, c.PayloadDigest)
		}
	}
	if n := len(byType(recordsIn(t, dir), "response")); n != 3 {
		t.Errorf("%d responses", n)
	}
}

// TestInterimResponsesAreNotArchived: a 103 Early Hints before the final response is
// left out of the response record, which starts at the final status line.
func TestInterimResponsesAreNotArchived(t *testing.T) {
	final := "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
	addr := rawServer(t, func(c net.Conn) {
		_, _ = readRequestHead(bufio.NewReader(c))
		_, _ = io.WriteString(c, "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"+final)
	})
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, _ := newTestRecorder(t, w, RecorderConfig{})
	if got := string(fetchAll(t, r, "http://"+addr+"/")); got != "ok" {
		t.Fatalf("body %q", got)
	}
	_ = w.Close()
	if rec := byType(recordsIn(t, dir), "response")[0]; string(rec.block) != final {
		t.Errorf("block %q", rec.block)
	}
}

// TestAcceptEncoding: gzip is asked for when the caller did not choose, a caller's choice
// is kept, and net/http never decodes the body.
func TestAcceptEncoding(t *testing.T) {
	gz := gzipped(t, []byte("compressed page"))
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		rw.Header().Set("X-Asked", req.Header.Get("Accept-Encoding"))
		rw.Header().Set("Content-Encoding", "gzip")
		_, _ = rw.Write(gz)
	}))
	defer srv.Close()
	r, _ := newTestRecorder(t, nil, RecorderConfig{})
	resp := get(t, r, srv.URL)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.Header.Get("X-Asked") != "gzip" || !bytes.Equal(body, gz) {
		t.Errorf("asked %q, body decoded: %v", resp.Header.Get("X-Asked"), !bytes.Equal(body, gz))
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := r.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.Header.Get("X-Asked") != "identity" || req.Header.Get("Accept-Encoding") != "identity" {
		t.Errorf("asked %q", resp.Header.Get("X-Asked"))
	}
}

// TestRetryOnNewConnectionStartsClean: when a reused connection turns out closed,
// net/http resends the request on a new one; the archived request holds one attempt.
func TestRetryOnNewConnectionStartsClean(t *testing.T) {
	var requests atomic.Int32
	addr := rawServer(t, func(c net.Conn) {
		br := bufio.NewReader(c)
		for n := 0; ; n++ {
			head, err := readRequestHead(br)
			if err != nil {
				return
			}
			requests.Add(1)
			if n == 1 {
				return // hang up on the second request of a connection, before answering
			}
			body := "body of " + strings.Fields(string(head))[1]
			_, _ = fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		}
	})
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	r, _ := newTestRecorder(t, w, RecorderConfig{})
	fetchAll(t, r, "http://"+addr+"/one")
	fetchAll(t, r, "http://"+addr+"/two")
	_ = w.Close()
	if n := requests.Load(); n != 3 {
		t.Fatalf("server saw %d requests, want 3 (one retried)", n)
	}
	recs := recordsIn(t, dir)
	checkPairsMatch(t, recs, 2)
	for _, r := range byType(recs, "request") {
		if n := bytes.Count(r.block, []byte("GET ")); n != 1 {
			t.Errorf("request record of %s holds %d requests", r.TargetURI, n)
		}
	}
}
