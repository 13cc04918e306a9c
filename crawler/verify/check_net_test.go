package verify

import (
	"bufio"
	"crypto/x509"
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

	"github.com/salvage-archive/salvage/policy"
)

// rawServer is a loopback listener whose connections are handed to serve;
// every connection is cut after 5 s, and the test's cleanup waits for them.
type rawServer struct {
	ln    net.Listener
	wg    sync.WaitGroup
	conns atomic.Int32
}

func startRaw(t *testing.T, serve func(c net.Conn, r *bufio.Reader)) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln}
	s.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			s.wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				serve(c, bufio.NewReader(c))
			})
		}
	})
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *rawServer) url(path string) string { return "http://" + s.ln.Addr().String() + path }

// readRequest reads a request's head and returns its first line.
func readRequest(r *bufio.Reader) string {
	first, _ := r.ReadString('\n')
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\r\n" {
			return first
		}
	}
}

// endless writes bytes until the client goes away (or the 5 s deadline).
func endless(c net.Conn) {
	chunk := make([]byte, 4096)
	for {
		if _, err := c.Write(chunk); err != nil {
			return
		}
	}
}

func TestCheckStream(t *testing.T) {
	for name, head := range map[string]string{
		"icy header":                "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\nicy-name: Radio Mali\r\nicy-br: 128\r\n\r\n",
		"no length":                 "HTTP/1.0 200 OK\r\nContent-Type: audio/ogg\r\n\r\n",
		"ICY status":                "ICY 200 OK\r\nicy-name: Radio Mali\r\ncontent-type: audio/mpeg\r\n\r\n",
		"ICY status, own transport": "ICY 200 OK\r\nicy-name: Radio Mali\r\ncontent-type: audio/mpeg\r\n\r\n",
	} {
		t.Run(name, func(t *testing.T) {
			s := startRaw(t, func(c net.Conn, r *bufio.Reader) {
				readRequest(r)
				io.WriteString(c, head)
				endless(c)
			})
			c := newChecker(t, CheckerConfig{AllowPrivate: true})
			if name == "ICY status, own transport" {
				tr := &http.Transport{}
				t.Cleanup(tr.CloseIdleConnections)
				c = newChecker(t, CheckerConfig{Transport: tr})
			}
			start := time.Now()
			r := c.Check(t.Context(), s.url("/radio"))
			if d := time.Since(start); d > 2*time.Second { // the server would stream for 5 s
				t.Errorf("took %s", d)
			}
			if r.Class != policy.ClassStream || !r.Observation.Stream || r.Observation.Probe != nil {
				t.Errorf("%s %q stream %v (%s)", r.Class, r.Evidence, r.Observation.Stream, r.Error)
			}
			if n := s.conns.Load(); n != 1 {
				t.Errorf("%d connections", n)
			}
		})
	}
}

func TestCheckSlowHostTimesOut(t *testing.T) {
	s := startRaw(t, func(c net.Conn, r *bufio.Reader) {
		readRequest(r)
		io.Copy(io.Discard, r) // never answer; return when the client hangs up
	})
	c := newChecker(t, CheckerConfig{AllowPrivate: true, Timeout: 200 * time.Millisecond})
	start := time.Now()
	r := c.Check(t.Context(), s.url("/slow"))
	if d := time.Since(start); d > 2*time.Second { // the server would wait 5 s
		t.Errorf("took %s", d)
	}
	if r.Class != policy.ClassTimeout || r.Observation.Err != policy.ErrTimeout || r.Error == "" {
		t.Errorf("%s %q err %q (%s)", r.Class, r.Evidence, r.Observation.Err, r.Error)
	}
}

func TestCheckRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := newChecker(t, CheckerConfig{AllowPrivate: true})
	r := c.Check(t.Context(), "http://"+addr+"/")
	if r.Class != policy.ClassRefused || r.Observation.Err != policy.ErrRefused || !strings.HasPrefix(r.Evidence, "refused:") {
		t.Errorf("%s %q err %q (%s)", r.Class, r.Evidence, r.Observation.Err, r.Error)
	}
}

// TestCheckReset: a host that hangs up before answering is retried
// (Retries times: a page with GET, a file with HEAD, then GET) and reported
// empty-reply.
func TestCheckReset(t *testing.T) {
	for path, want := range map[string]int32{"/": 3, "/report.pdf": 6} {
		s := startRaw(t, func(c net.Conn, r *bufio.Reader) { readRequest(r) })
		c := newChecker(t, CheckerConfig{AllowPrivate: true})
		r := c.Check(t.Context(), s.url(path))
		if r.Class != policy.ClassEmptyReply || r.Observation.Err != policy.ErrReset || !strings.HasPrefix(r.Evidence, "empty-reply:") {
			t.Errorf("%s: %s %q err %q (%s)", path, r.Class, r.Evidence, r.Observation.Err, r.Error)
		}
		if n := s.conns.Load(); n != want {
			t.Errorf("%s: %d connections, want %d", path, n, want)
		}
	}
}

// TestCheckEmptyReply: a server that accepts the connection and closes it
// without a byte (at once, after a pause without reading the request, or
// with a reset) is empty-reply, never refused: something listens there.
func TestCheckEmptyReply(t *testing.T) {
	for name, serve := range map[string]func(c net.Conn, r *bufio.Reader){
		"close at once":     func(net.Conn, *bufio.Reader) {},
		"close after pause": func(net.Conn, *bufio.Reader) { time.Sleep(50 * time.Millisecond) },
		"reset at once":     func(c net.Conn, _ *bufio.Reader) { c.(*net.TCPConn).SetLinger(0) },
	} {
		t.Run(name, func(t *testing.T) {
			s := startRaw(t, serve)
			c := newChecker(t, CheckerConfig{AllowPrivate: true})
			r := c.Check(t.Context(), s.url("/radio"))
			if r.Class != policy.ClassEmptyReply || r.Observation.Err != policy.ErrReset {
				t.Errorf("%s %q err %q (%s)", r.Class, r.Evidence, r.Observation.Err, r.Error)
			}
		})
	}
}

func TestCheckDNSFailure(t *testing.T) {
	c := newChecker(t, CheckerConfig{Dial: hosts{}.dial})
	r := c.Check(t.Context(), "https://minusma.unmissions.org/en")
	if r.Class != policy.ClassUnreachable || r.Observation.Err != policy.ErrDNS || len(r.Chain) != 1 || r.Chain[0].Status != 0 {
		t.Errorf("%s %q err %q chain %+v", r.Class, r.Evidence, r.Observation.Err, r.Chain)
	}
}

func TestCheckTLS(t *testing.T) {
	var proto atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(r.Proto)
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		page(w, 200, "Secure", news)
	}))
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusted client's handshake errors
	srv.StartTLS()
	defer srv.Close()

	untrusted := newChecker(t, CheckerConfig{AllowPrivate: true})
	r := untrusted.Check(t.Context(), srv.URL+"/")
	if r.Class != policy.ClassTLSError || r.Observation.Err != policy.ErrTLS {
		t.Errorf("untrusted: %s %q err %q (%s)", r.Class, r.Evidence, r.Observation.Err, r.Error)
	}

	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	trusted := newChecker(t, CheckerConfig{AllowPrivate: true, RootCAs: roots})
	if r := trusted.Check(t.Context(), srv.URL+"/"); r.Class != policy.ClassOK {
		t.Errorf("trusted: %s %q (%s)", r.Class, r.Evidence, r.Error)
	}
	if p, _ := proto.Load().(string); p != "HTTP/2.0" {
		t.Errorf("protocol %q, want h2", p)
	}

	insecure := newChecker(t, CheckerConfig{AllowPrivate: true, Insecure: true})
	if r := insecure.Check(t.Context(), srv.URL+"/"); r.Class != policy.ClassOK {
		t.Errorf("insecure: %s %q (%s)", r.Class, r.Evidence, r.Error)
	}
}

// TestCheckPrivateRefused: by default the built-in dialer sends nothing to
// a loopback or private address.
func TestCheckPrivateRefused(t *testing.T) {
	h := &hits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.add(r) }))
	defer srv.Close()
	c := newChecker(t, CheckerConfig{})
	r := c.Check(t.Context(), srv.URL+"/admin")
	if r.Class != policy.ClassBlockedPrivate || r.Observation.Err != policy.ErrPrivate {
		t.Errorf("%s %q err %q (%s)", r.Class, r.Evidence, r.Observation.Err, r.Error)
	}
	if n := h.total(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestIsPrivate(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": true, "10.1.2.3": true, "172.16.0.1": true, "192.168.1.1": true, "169.254.169.254": true,
		"100.64.0.1": true, "::1": true, "fc00::1": true, "fe80::1": true, "0.0.0.0": true, "224.0.0.1": true,
		"93.184.215.14": false, "2001:db8::1": false, "8.8.8.8": false,
	} {
		err := RefusePrivate(t.Context(), "tcp", net.JoinHostPort(addr, "80"), nil)
		if got := err != nil; got != want {
			t.Errorf("%s: refused %v, want %v", addr, got, want)
		}
	}
}
