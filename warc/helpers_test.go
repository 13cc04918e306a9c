package warc

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // WARC digests
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testEpoch is the start of every test clock.
var testEpoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// testClock returns a clock that advances 1ms per reading, safe for concurrent use.
func testClock() func() time.Time {
	var n atomic.Int64
	return func() time.Time { return testEpoch.Add(time.Duration(n.Add(1)-1) * time.Millisecond) }
}

// testIDs returns a deterministic record ID generator.
func testIDs() func() string {
	var n atomic.Int64
	return func() string { return fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", n.Add(1)) }
}

// newTestWriter returns a Writer into a fresh directory, closed at cleanup.
func newTestWriter(t testing.TB, cfg WriterConfig) *Writer {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "test"
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "testhost"
	}
	if cfg.Clock == nil {
		cfg.Clock = testClock()
	}
	if cfg.RecordID == nil {
		cfg.RecordID = testIDs()
	}
	w, err := NewWriter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// captures collects what OnCapture reports.
type captures struct {
	mu   sync.Mutex
	list []Capture
}

func (c *captures) add(cp Capture) {
	c.mu.Lock()
	c.list = append(c.list, cp)
	c.mu.Unlock()
}

func (c *captures) all() []Capture {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Capture(nil), c.list...)
}

// newTestRecorder returns a Recorder writing to w (which may be nil) and its captures.
func newTestRecorder(t testing.TB, w ExchangeWriter, cfg RecorderConfig) (*Recorder, *captures) {
	t.Helper()
	caps := &captures{}
	cfg.Writer = w
	cfg.OnCapture = caps.add
	if cfg.Clock == nil {
		cfg.Clock = testClock()
	}
	r, err := NewRecorder(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.CloseIdleConnections)
	return r, caps
}

// get sends a GET through rt and returns the response.
func get(t testing.TB, rt http.RoundTripper, url string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp
}

// fetchAll GETs url and reads and closes the body.
func fetchAll(t testing.TB, rt http.RoundTripper, url string) []byte {
	t.Helper()
	resp := get(t, rt, url)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	if err := resp.Body.Close(); err != nil {
		t.Fatal(err)
	}
	return b
}

// rawServer accepts TCP connections on loopback and serves each with handle. At cleanup
// it closes the listener and every connection and waits for the handlers.
func rawServer(t testing.TB, handle func(c net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		conns []net.Conn
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return ln.Addr().String()
}

// readRequestHead reads one request header block from br.
func readRequestHead(br *bufio.Reader) ([]byte, error) {
	var buf bytes.Buffer
	for {
		line, err := br.ReadBytes('\n')
		buf.Write(line)
		if err != nil {
			return buf.Bytes(), err
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return buf.Bytes(), nil
		}
	}
}

// sha1Digest is the expected "sha1:BASE32" digest of b.
func sha1Digest(b []byte) string {
	sum := sha1.Sum(b) //nolint:gosec // WARC digests
	return "sha1:" + base32NoPad.EncodeToString(sum[:])
}

// rec is a record read back for assertions, with its block in memory.
type rec struct {
	Record
	block []byte
}

// readAll reads every record of a WARC file.
func readAll(t testing.TB, path string) []rec {
	t.Helper()
	var out []rec
	for r, err := range ReadFile(path) {
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		b, err := io.ReadAll(r.Block)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec{Record: r, block: b})
	}
	return out
}

// warcFiles lists the WARC files of dir, failing on any left ".open".
func warcFiles(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		switch {
		case strings.HasSuffix(e.Name(), openSuffix):
			t.Errorf("file left open: %s", e.Name())
		case strings.HasSuffix(e.Name(), ".warc.gz"):
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	return files
}

// recordsIn reads every record of every WARC file in dir after checking each file.
func recordsIn(t testing.TB, dir string) []rec {
	t.Helper()
	var out []rec
	for _, f := range checkDir(t, dir) {
		out = append(out, readAll(t, f)...)
	}
	return out
}

// checkDir checks every WARC file in dir with Verify and with gowarc's own reader and
// full validation, and returns the files.
func checkDir(t testing.TB, dir string) []string {
	t.Helper()
	files := warcFiles(t, dir)
	for _, f := range files {
		rep, err := Verify(f)
		if err != nil {
			t.Fatalf("verify %s: %v", f, err)
		}
		if !rep.OK() {
			t.Errorf("verify %s: digest failures %q, unpaired %q, problems %q",
				filepath.Base(f), rep.DigestFailures, rep.Unpaired, rep.Problems)
		}
		checkWithGowarc(t, f)
	}
	return files
}

// checkWithGowarc reads a file with gowarc's default validation, which checks block and
// (gowarc-style) payload digests. The only finding allowed is gowarc's payload digest of
// a chunked response, which includes the chunk framing by gowarc's convention.
func checkWithGowarc(t testing.TB, path string) {
	t.Helper()
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReader(path, 0)
	gowarcMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for gr, err := range r.Records() {
		if err != nil {
			t.Fatalf("gowarc read %s: %v", path, err)
		}
		for _, v := range gr.Validation {
			if !gowarcChunkedPayloadFinding(gr.WarcRecord, v) {
				t.Errorf("gowarc %s %s: %v", gr.WarcRecord.Type(), gr.WarcRecord.RecordId(), v)
			}
		}
		_ = gr.Close()
	}
}

func gowarcChunkedPayloadFinding(wr gowarc.WarcRecord, v error) bool {
	var de *gowarc.DigestError
	if !errors.As(v, &de) || !strings.HasPrefix(v.Error(), "payload:") {
		return false
	}
	hb, ok := wr.Block().(gowarc.ProtocolHeaderBlock)
	return ok && isChunkedHead(hb.ProtocolHeaderBytes())
}

// isChunkedHead reports whether a raw header block declares chunked transfer coding.
func isChunkedHead(raw []byte) bool {
	h, _ := readHead(bufio.NewReader(bytes.NewReader(raw)))
	return h.chunked
}

// byType returns the records of one type.
func byType(recs []rec, typ string) []rec {
	var out []rec
	for _, r := range recs {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// httpBody parses a response block and returns its decoded (de-chunked) body.
func httpBody(t testing.TB, block []byte) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
	if err != nil {
		t.Fatalf("parse response block: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// selfSigned returns a self-signed certificate for hosts and 127.0.0.1, and a pool
// trusting it.
func selfSigned(t testing.TB, hosts ...string) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "salvage test"},
		DNSNames:              hosts,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// synthExchange builds an exchange without the network: a GET of url answered with
// status and body (Content-Length framing).
func synthExchange(t testing.TB, url string, status int, body []byte, date time.Time) *Exchange {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqBytes := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: salvage-test\r\n\r\n", req.URL.RequestURI(), req.URL.Host)
	sp := NewSpool("")
	fmt.Fprintf(sp, "HTTP/1.1 %d %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n", status, http.StatusText(status), len(body))
	_, _ = sp.Write(body)
	t.Cleanup(func() { _ = sp.Close() })
	return &Exchange{URL: url, Method: http.MethodGet, Request: []byte(reqBytes), Response: sp, IP: "127.0.0.1", Date: date}
}

// randomBytes returns n bytes that do not compress.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
