package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"net/http/httptest"
	"path"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc"
)

// hostileServer is a raw HTTP/1.x server on loopback whose handlers write
// whatever bytes they like: net/http's server would refuse to misbehave.
// Every connection serves one request and is closed. A route "/dir/*"
// answers every path directly under /dir without a route of its own. Its
// request log (hits) is what the tests count requests from.
type hostileServer struct {
	ln     net.Listener
	routes map[string]func(c net.Conn)
	hits   sync.Map // path -> *atomic.Int64
	held   sync.Map // path -> *atomic.Int64: nanoseconds its connections were open, all requests
	wg     sync.WaitGroup
	done   chan struct{}
}

func startHostile(t *testing.T, routes map[string]func(c net.Conn)) *hostileServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &hostileServer{ln: ln, routes: routes, done: make(chan struct{})}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.close)
	return s
}

func (s *hostileServer) url(path string) string { return "http://" + s.ln.Addr().String() + path }

func (s *hostileServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.handle(c)
		}()
	}
}

func (s *hostileServer) handle(c net.Conn) {
	stop := context.AfterFunc(contextOf(s.done), func() { c.Close() })
	defer stop()
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	n, _ := s.hits.LoadOrStore(req.URL.Path, new(atomic.Int64))
	n.(*atomic.Int64).Add(1)
	held, _ := s.held.LoadOrStore(req.URL.Path, new(atomic.Int64))
	defer func(start time.Time) { held.(*atomic.Int64).Add(int64(time.Since(start))) }(time.Now())
	h, ok := s.routes[req.URL.Path]
	if !ok {
		h, ok = s.routes[path.Dir(req.URL.Path)+"/*"]
	}
	if !ok {
		io.WriteString(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		return
	}
	h(c)
}

// heldFor is how long the connections that asked for p stayed open, in all
// (for the test's log: the tests assert no times).
func (s *hostileServer) heldFor(p string) time.Duration {
	if n, ok := s.held.Load(p); ok {
		return time.Duration(n.(*atomic.Int64).Load()).Round(time.Millisecond)
	}
	return 0
}

// hits lists the paths requested, with how many times.
func (s *hostileServer) hitList() map[string]int64 {
	out := map[string]int64{}
	s.hits.Range(func(k, v any) bool {
		out[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return out
}

func (s *hostileServer) hitCount(path string) int64 {
	if n, ok := s.hits.Load(path); ok {
		return n.(*atomic.Int64).Load()
	}
	return 0
}

func (s *hostileServer) close() {
	close(s.done)
	s.ln.Close()
	s.wg.Wait()
}

func contextOf(done chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-done; cancel() }()
	return ctx
}

// respond writes a complete, honest response.
func respond(ctype, body string) func(c net.Conn) { return raw(okResponse(ctype, body)) }

func okResponse(ctype, body string) string {
	return fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", ctype, len(body), body)
}

func raw(s string) func(c net.Conn) {
	return func(c net.Conn) { io.WriteString(c, s) }
}

func redirect(to string) func(c net.Conn) {
	return raw("HTTP/1.1 302 Found\r\nLocation: " + to + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

// drip sends its headers, then one byte per tick until the client leaves.
func drip(tick time.Duration) func(c net.Conn) {
	return func(c net.Conn) {
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n")
		for {
			if _, err := c.Write([]byte("<")); err != nil {
				return
			}
			time.Sleep(tick)
		}
	}
}

// endlessHeaders never finishes its header block.
func endlessHeaders(c net.Conn) {
	io.WriteString(c, "HTTP/1.1 200 OK\r\n")
	for i := 0; ; i++ {
		if _, err := fmt.Fprintf(c, "X-Never-%d: ends\r\n", i); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// hugeHeaders sends a 10 MB header block as fast as the client reads it.
func hugeHeaders(c net.Conn) {
	io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
	line := "X-Padding: " + strings.Repeat("a", 1000) + "\r\n"
	for range 10 << 10 {
		if _, err := io.WriteString(c, line); err != nil {
			return
		}
	}
	io.WriteString(c, "Content-Length: 0\r\n\r\n")
}

// resetMidway promises 100000 bytes, sends 5000 and resets the connection.
func resetMidway(c net.Conn) {
	io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n")
	io.WriteString(c, "<html><body>"+strings.Repeat("x", 5000))
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
}

// endlessHTML claims a gigabyte of HTML and sends it until the client leaves.
func endlessHTML(c net.Conn) {
	io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n<html><body>")
	chunk := []byte("<p>" + strings.Repeat("words and more words ", 3000) + "</p>\n")
	for sent := 0; sent < 1<<30; sent += len(chunk) {
		if _, err := c.Write(chunk); err != nil {
			return
		}
	}
}

// gzipBomb is 1 GiB of zeros inflated, about 1 MB on the wire: 256 gzip
// members of 4 MiB each (a gzip reader reads concatenated members as one).
func gzipBomb(t *testing.T) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 4 {
		zw.Write(zeros)
	}
	zw.Close()
	return bytes.Repeat(member.Bytes(), 256)
}

func serveBomb(bomb []byte) func(c net.Conn) {
	return func(c net.Conn) {
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(bomb))
		c.Write(bomb)
	}
}

func manyLinks(n int) string {
	var b strings.Builder
	b.WriteString("<html><body>")
	for i := range n {
		fmt.Fprintf(&b, `<a href="http://elsewhere.invalid/p%d">%d</a>`, i, i)
	}
	return b.String()
}

func redirectChain(routes map[string]func(net.Conn), n int) {
	for i := 1; i < n; i++ {
		routes[fmt.Sprintf("/chain/%d", i)] = redirect(fmt.Sprintf("/chain/%d", i+1))
	}
	routes[fmt.Sprintf("/chain/%d", n)] = respond("text/html", "<html><body>end of the chain</body></html>")
}

var hostilePaths = []string{
	"/drip", "/endless-headers", "/huge-headers", "/bad-chunked", "/bomb", "/reset", "/garbage", "/http09",
	"/early-hints", "/chain/1", "/loop-a", "/refresh-a", "/big", "/binary", "/bad-utf8",
}

func hostileIndex() string {
	var b strings.Builder
	b.WriteString("<html><body>")
	for _, p := range hostilePaths {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, p, p)
	}
	return b.String()
}

func hostileRoutes(t *testing.T) map[string]func(net.Conn) {
	binary := make([]byte, 64<<10)
	for i := range binary {
		binary[i] = byte(i*7 + i>>8)
	}
	r := map[string]func(net.Conn){
		"/":                respond("text/html", hostileIndex()),
		"/drip":            drip(time.Second),
		"/endless-headers": endlessHeaders,
		"/huge-headers":    hugeHeaders,
		"/bad-chunked":     raw("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n<html\r\nzz-not-hex\r\nbody\r\n0\r\n\r\n"),
		"/bomb":            serveBomb(gzipBomb(t)),
		"/reset":           resetMidway,
		"/garbage":         raw("SSH-2.0-OpenSSH_9.6 \x00\xff garbage\r\n\r\n"),
		"/http09":          raw("<html><body>HTTP/0.9 has no status line</body></html>"),
		"/early-hints": raw("HTTP/1.1 103 Early Hints\r\nLink: </hinted.css>; rel=preload\r\n\r\n" +
			"HTTP/1.1 100 Continue\r\n\r\n" + okResponse("text/html", "<html><body>after 1xx</body></html>")),
		"/loop-a":    redirect("/loop-b"),
		"/loop-b":    redirect("/loop-a"),
		"/refresh-a": respond("text/html", `<html><head><meta http-equiv="refresh" content="0; url=/refresh-b"></head></html>`),
		"/refresh-b": respond("text/html", `<html><head><meta http-equiv="refresh" content="0; url=/refresh-a"></head></html>`),
		"/big":       endlessHTML,
		"/binary":    respond("text/html", string(binary)),
		"/bad-utf8": respond("text/html; charset=utf-8", "<html><head><meta charset=\"shift_jis\"></head><body>\xff\xfe\xc3\x28 \xed\xa0\x80"+
			`<a href="/utf8-target">bad bytes around me</a></body></html>`),
		"/utf8-target": respond("text/html", "<html><body>reached</body></html>"),
	}
	redirectChain(r, 50)
	return r
}

type crawlLine struct {
	Status      int      `json:"status"`
	URL         string   `json:"url"`
	Annotations []string `json:"annotations"`
	Error       string   `json:"error"`
	Event       string   `json:"event"`
	Rule        string   `json:"rule"`
	DurationMS  int64    `json:"durationMs"`
}

// readCrawlLog returns crawl.jsonl's last line per URL.
func readCrawlLog(t *testing.T, out string) map[string]crawlLine {
	t.Helper()
	lines := map[string]crawlLine{}
	for _, l := range strings.Split(readFileString(t, out+"/crawl.jsonl"), "\n") {
		if l == "" {
			continue
		}
		var e crawlLine
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("crawl.jsonl: %v: %q", err, l)
		}
		lines[e.URL] = e
	}
	return lines
}

// peakHeap samples the live heap every few milliseconds until stop is called.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

type hostileCase struct {
	path      string
	status    int
	annot     string // an annotation crawl.log must carry
	truncated string // WARC-Truncated of the response record
	class     policy.LinkClass
	evidence  string // a prefix of the link report's evidence
}

// TestHostileServers crawls a raw server that misbehaves in every way at once:
// each case lands in crawl.log and the link report with its class, within the
// fetch-time and body limits, memory stays bounded (the gzip bomb inflates to
// 1 GiB; the "1 GB" page is cut at --max-body), and the WARC files are valid.
func TestHostileServers(t *testing.T) {
	s := startHostile(t, hostileRoutes(t))
	out := t.TempDir()
	runtime.GC()
	stop, began := peakHeap(), time.Now()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--retries", "0",
		"--max-fetch-time", "2s", "--max-body", "4MB", "--max-parse", "1MB", "--offline-report", "--workers", "8", "--host-concurrency", "8", s.url("/"))
	peak := stop()
	if res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	if peak > 256<<20 {
		t.Errorf("peak live heap %d MiB during the crawl, want under 256 MiB (gzip bomb 1 GiB, big page 1 GiB)", peak>>20)
	}
	t.Logf("peak live heap %d MiB, crawl %s", peak>>20, time.Since(began))
	log := readCrawlLog(t, out)
	_, links := loadReport(t, filepath.Join(out, "links.json"))
	a := readArchive(t, out)
	for _, c := range []hostileCase{
		{path: "/drip", status: 200, annot: "timeTrunc", truncated: "time", class: policy.ClassOK},
		{path: "/endless-headers", status: crawler.StatusTimeout, class: policy.ClassTimeout},
		{path: "/huge-headers", status: crawler.StatusConnectBroken, class: policy.ClassMalformed},
		{path: "/bad-chunked", status: 200, annot: "trunc:disconnect", truncated: "disconnect", class: policy.ClassOK},
		{path: "/bomb", status: 200, class: policy.ClassOK},
		{path: "/reset", status: 200, annot: "trunc:disconnect", truncated: "disconnect", class: policy.ClassOK},
		{path: "/garbage", status: crawler.StatusConnectBroken, class: policy.ClassMalformed},
		{path: "/http09", status: crawler.StatusConnectBroken, class: policy.ClassMalformed},
		{path: "/early-hints", status: 200, class: policy.ClassOK},
		{path: "/chain/1", status: 302, class: policy.ClassTooManyRedirects, evidence: "too-many-redirects"},
		{path: "/chain/21", status: 302, class: policy.ClassTooManyRedirects, evidence: "too-many-redirects"},
		{path: "/loop-a", status: 302, class: policy.ClassServerError, evidence: "redirect-loop"},
		{path: "/refresh-a", status: 200, class: policy.ClassOK},
		{path: "/refresh-b", status: 200, class: policy.ClassOK},
		{path: "/big", status: 200, annot: "lenTrunc", truncated: "length", class: policy.ClassOK},
		{path: "/binary", status: 200, class: policy.ClassOK},
		{path: "/bad-utf8", status: 200, class: policy.ClassOK},
		{path: "/utf8-target", status: 200, class: policy.ClassOK},
	} {
		checkHostileCase(t, c, s.url(c.path), log, links, a)
		if n := s.hitCount(c.path); n != 1 {
			t.Errorf("%s requested %d times, want once", c.path, n)
		}
	}
	if n := s.hitCount("/chain/22"); n != 0 {
		t.Errorf("/chain/22, 21 redirects from /chain/1, requested %d times, want never (--max-redirects 20)", n)
	}
	checkBombArchived(t, a, s.url("/bomb"))
	if got := a.status[s.url("/early-hints")]; got != "HTTP/1.1 200 OK" {
		t.Errorf("1xx before the answer: response record starts %q, want the final 200 (replay tools read the first status line)", got)
	}
}

func checkHostileCase(t *testing.T, c hostileCase, u string, log map[string]crawlLine, links map[string]verify.Link, a archive) {
	t.Helper()
	e, ok := log[u]
	switch {
	case !ok:
		t.Errorf("%s: not in crawl.log", c.path)
	case e.Status != c.status:
		t.Errorf("%s: crawl.log status %d, want %d (%s)", c.path, e.Status, c.status, e.Error)
	case c.annot != "" && !contains(e.Annotations, c.annot):
		t.Errorf("%s: crawl.log annotations %v, want %s", c.path, e.Annotations, c.annot)
	}
	if got := a.truncated[u]; got != c.truncated {
		t.Errorf("%s: WARC-Truncated %q, want %q", c.path, got, c.truncated)
	}
	if c.status > 0 && len(a.responses[u]) != 1 {
		t.Errorf("%s: %d response records, want 1", c.path, len(a.responses[u]))
	}
	l := links[u]
	if l.Class != c.class || !strings.HasPrefix(l.Evidence, c.evidence) {
		t.Errorf("%s: link report class %s (%s), want %s (%s...)", c.path, l.Class, l.Evidence, c.class, c.evidence)
	}
}

// checkBombArchived: the bomb is archived as sent (compressed, whole).
func checkBombArchived(t *testing.T, a archive, u string) {
	t.Helper()
	recs := a.responses[u]
	if len(recs) != 1 {
		return
	}
	if ce := a.status[u]; !strings.HasPrefix(ce, "HTTP/1.1 200") {
		t.Errorf("bomb record status line %q", ce)
	}
	if n, _ := strconv.ParseInt(recs[0].Get("Content-Length"), 10, 64); n < 512<<10 || n > 4<<20 {
		t.Errorf("bomb record is %d bytes, want the ~1 MB sent on the wire (not the 1 GiB inflated)", n)
	}
}

// TestSelfSignedTLS: a self-signed certificate is a tls-error (crawl.log -2,
// nothing archived) unless --insecure, which fetches it and says so in
// warcinfo.
func TestSelfSignedTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>self-signed</body></html>")
	}))
	srv.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.StartTLS()
	defer srv.Close()
	target := srv.URL + "/"
	page := startHostile(t, map[string]func(net.Conn){"/": respond("text/html", `<a href="`+target+`">tls</a>`)})
	seed := page.url("/")
	base := []string{"crawl", "--delay", "0", "--progress", "off", "--retries", "0", "--offline-report"}

	out := t.TempDir()
	if res := salvage(context.Background(), append(base, "--out", out, seed)...); res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	if e := readCrawlLog(t, out)[target]; e.Status != crawler.StatusConnectFailed {
		t.Errorf("crawl.log: status %d (%s), want %d", e.Status, e.Error, crawler.StatusConnectFailed)
	}
	_, links := loadReport(t, filepath.Join(out, "links.json"))
	if l := links[target]; l.Class != policy.ClassTLSError {
		t.Errorf("link report: %s (%s), want tls-error", l.Class, l.Evidence)
	}
	if a := readArchive(t, out); len(a.responses[target]) != 0 {
		t.Errorf("a response was archived without a trusted certificate")
	}

	out = t.TempDir()
	if res := salvage(context.Background(), append(base, "--out", out, "--insecure", seed)...); res.code != 0 {
		t.Fatalf("crawl --insecure exit %d: %s", res.code, res.stderr)
	}
	if e := readCrawlLog(t, out)[target]; e.Status != 200 {
		t.Errorf("--insecure crawl.log: status %d (%s), want 200", e.Status, e.Error)
	}
	a := readArchive(t, out)
	if len(a.responses[target]) != 1 {
		t.Errorf("--insecure: %d responses for the TLS page, want 1", len(a.responses[target]))
	}
	if !warcinfoSays(t, a.files, `"insecureTLS":true`) {
		t.Error("warcinfo does not record --insecure")
	}
}

func warcinfoSays(t *testing.T, files []string, want string) bool {
	t.Helper()
	for _, f := range files {
		for rec, err := range warc.ReadFile(f) {
			if err != nil {
				t.Fatal(err)
			}
			if rec.Type == "warcinfo" && rec.Block != nil {
				b, _ := io.ReadAll(rec.Block)
				if strings.Contains(strings.ReplaceAll(string(b), " ", ""), want) {
					return true
				}
			}
		}
	}
	return false
}

// TestHundredThousandLinks: a page with 100,000 off-site links is parsed,
// every link is refused by scope in crawl.log and listed in the link report.
// Under the race detector the page has 10,000 links (100,000 take minutes
// there); `make test` runs this test a second time without it, at 100,000
// (about 7 s, 9.5 s of CPU, linear in the links).
func TestHundredThousandLinks(t *testing.T) {
	n := 100_000
	if raceDetector {
		n = 10_000
		t.Logf("race detector on: %d links (make test also runs this test without it, at 100,000)", n)
	}
	s := startHostile(t, map[string]func(net.Conn){"/": respond("text/html", manyLinks(n))})
	out := t.TempDir()
	stop := peakHeap()
	res := salvage(context.Background(), "crawl", "--out", out, "--delay", "0", "--progress", "off", "--offline-report", "--scope", "host",
		"--max-outlinks", "0", s.url("/")) // no cap: every link is read and decided
	peak := stop()
	if res.code != 0 {
		t.Fatalf("crawl exit %d: %s", res.code, res.stderr)
	}
	t.Logf("peak live heap %d MiB", peak>>20)
	if peak > 512<<20 {
		t.Errorf("peak live heap %d MiB, want under 512 MiB", peak>>20)
	}
	log := readCrawlLog(t, out)
	refused := 0
	for u, e := range log {
		if strings.HasPrefix(u, "http://elsewhere.invalid/p") && e.Event == "refused" {
			refused++
		}
	}
	if refused != n {
		t.Errorf("%d links refused by scope in crawl.log, want %d", refused, n)
	}
	rep, links := loadReport(t, filepath.Join(out, "links.json"))
	if l := links[fmt.Sprintf("http://elsewhere.invalid/p%d", n-1)]; l.Class != policy.ClassNotChecked {
		t.Errorf("last link: %s (%s), want not-checked (offline report)", l.Class, l.Evidence)
	}
	if len(rep.Links) < n {
		t.Errorf("link report lists %d links, want at least %d", len(rep.Links), n)
	}
	readArchive(t, out)
}
