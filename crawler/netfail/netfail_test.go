package netfail

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/policy"
)

// readRequest reads one request's header block from c.
func readRequest(c net.Conn) {
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil || line == "\r\n" {
			return
		}
	}
}

// nxdomain is a DNS server on loopback that answers every query "no such
// name" (RCODE 3), and a dialer whose resolver asks only it.
func nxdomain(t *testing.T) *net.Dialer {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 12 {
				continue
			}
			msg := append([]byte(nil), buf[:n]...)
			msg[2], msg[3] = 0x81, 0x83 // a response, recursion desired and available, NXDOMAIN; the query echoed
			pc.WriteTo(msg, from)
		}
	})
	t.Cleanup(func() {
		pc.Close()
		wg.Wait()
	})
	var d net.Dialer
	d.Resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
	return &d
}

// wrapping wraps its transport's errors, as the crawler's recorder does
// (net/http's Client then no longer reads them).
type wrapping struct{ http.RoundTripper }

func (w wrapping) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := w.RoundTripper.RoundTrip(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	return resp, nil
}

// TestKindAndCauseOnLoopback: the kind and cause of real failures, each
// made by a server on loopback (or a resolver there) as a network makes it.
func TestKindAndCauseOnLoopback(t *testing.T) {
	untrusted := httptest.NewUnstartedServer(http.NotFoundHandler())
	untrusted.Config.ErrorLog = stdlog.New(io.Discard, "", 0) // the refused handshake is the point
	untrusted.StartTLS()
	defer untrusted.Close()
	plain := crawltest.ServeConns(t, func(c *net.TCPConn) { io.WriteString(c, "HTTP/1.1 400 Bad Request\r\n\r\n") })
	hold := make(chan struct{})
	defer close(hold)
	tests := []struct {
		name   string
		url    string
		client *http.Client
		kind   policy.ErrKind
		cause  string
	}{
		{"closed port", "http://" + crawltest.ClosedPort(t) + "/", nil, policy.ErrRefused, "connection refused"},
		{"no such host", "http://nothing.test./", &http.Client{Transport: &http.Transport{DialContext: nxdomain(t).DialContext}},
			policy.ErrDNS, "no such host"},
		{"untrusted certificate", untrusted.URL + "/", nil, policy.ErrTLS,
			"tls: failed to verify certificate: x509: certificate signed by unknown authority"},
		{"plain HTTP port", "https://" + plain + "/", nil, policy.ErrTLS, "tls: server gave HTTP response to HTTPS client"},
		{"plain HTTP port, error wrapped", "https://" + plain + "/", &http.Client{Transport: wrapping{&http.Transport{}}},
			policy.ErrTLS, "tls: first record does not look like a TLS handshake"},
		{"closed after the request", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { readRequest(c) }) + "/",
			nil, policy.ErrReset, "empty reply"},
		{"reset after the request", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { readRequest(c); c.SetLinger(0) }) + "/",
			nil, policy.ErrReset, "connection reset"},
		{"no answer", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { readRequest(c); <-hold }) + "/",
			&http.Client{Timeout: 50 * time.Millisecond}, policy.ErrTimeout, "timeout"},
		{"garbage status line", "http://" + crawltest.ServeConns(t, func(c *net.TCPConn) { readRequest(c); io.WriteString(c, "garbage\r\n\r\n") }) + "/",
			nil, policy.ErrMalformed, `malformed response: malformed HTTP response "garbage"`},
	}
	for _, tt := range tests {
		client := tt.client
		if client == nil {
			client = &http.Client{Transport: &http.Transport{}}
		}
		resp, err := client.Get(tt.url)
		if err == nil {
			resp.Body.Close()
			t.Errorf("%s: got a response", tt.name)
			continue
		}
		if got := Kind(err); got != tt.kind {
			t.Errorf("%s: Kind(%v) = %q, want %q", tt.name, err, got, tt.kind)
		}
		if got := Cause(err); got != tt.cause {
			t.Errorf("%s: Cause(%v) = %q, want %q", tt.name, err, got, tt.cause)
		}
	}
}

// TestKindByType: the kinds come from the error's type, wrapped as
// net/http wraps them; only ECONNREFUSED is refused, and a dial that made
// no connection otherwise has no route.
func TestKindByType(t *testing.T) {
	get := func(err error) error { return &url.Error{Op: "Get", URL: "http://radio.example:8001/", Err: err} }
	dial := func(errno syscall.Errno) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
	}
	read := func(errno syscall.Errno) error {
		return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", errno)}
	}
	tests := []struct {
		name  string
		err   error
		kind  policy.ErrKind
		cause string
	}{
		{"none", nil, policy.ErrNone, ""},
		{"dns", get(&net.DNSError{Err: "no such host", Name: "radio.invalid", IsNotFound: true}), policy.ErrDNS, "no such host"},
		{"dns server", get(&net.DNSError{Err: "server misbehaving", Name: "radio.example"}), policy.ErrDNS, "dns: server misbehaving"},
		{"refused", get(dial(syscall.ECONNREFUSED)), policy.ErrRefused, "connection refused"},
		{"host unreachable", get(dial(syscall.EHOSTUNREACH)), policy.ErrNoRoute, "no route to host"},
		{"network unreachable", get(dial(syscall.ENETUNREACH)), policy.ErrNoRoute, "network is unreachable"},
		{"no local address", get(dial(syscall.EADDRNOTAVAIL)), policy.ErrNoRoute, "cannot assign requested address"},
		{"accepted then reset in the dial", get(dial(syscall.ECONNRESET)), policy.ErrReset, "connection reset"},
		{"reset before the answer", get(read(syscall.ECONNRESET)), policy.ErrReset, "connection reset"},
		{"closed before the answer", get(io.EOF), policy.ErrReset, "empty reply"},
		{"closed in the header", get(fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w", io.ErrUnexpectedEOF)), policy.ErrReset, "empty reply"},
		{"unknown", get(errors.New("http: server gave HTTP response to HTTPS client")), policy.ErrReset, "http: server gave HTTP response to HTTPS client"},
		{"deadline", get(context.DeadlineExceeded), policy.ErrTimeout, "timeout"},
		{"timeout in the dial", get(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ETIMEDOUT)}), policy.ErrTimeout, "timeout"},
		{"handshake timeout", get(fmt.Errorf("tls handshake with x:443: %w", context.DeadlineExceeded)), policy.ErrTimeout, "timeout"},
		{"remote tls alert", get(fmt.Errorf("tls handshake with x:443: %w", &net.OpError{Op: "remote error", Err: errors.New("tls: handshake failure")})),
			policy.ErrTLS, "tls: handshake failure"},
		{"private", get(fmt.Errorf("dial: %w", policy.ErrPrivateAddress)), policy.ErrPrivate, "private address"},
		{"malformed", get(errors.New(`net/http: HTTP/1.x transport connection broken: malformed HTTP status code "x"`)), policy.ErrMalformed,
			`malformed response: net/http: HTTP/1.x transport connection broken: malformed HTTP status code "x"`},
		{"joined", errors.Join(errors.New("first"), get(dial(syscall.ECONNREFUSED))), policy.ErrRefused, "connection refused"},
	}
	for _, tt := range tests {
		if got := Kind(tt.err); got != tt.kind {
			t.Errorf("%s: Kind(%v) = %q, want %q", tt.name, tt.err, got, tt.kind)
		}
		if got := Cause(tt.err); got != tt.cause {
			t.Errorf("%s: Cause(%v) = %q, want %q", tt.name, tt.err, got, tt.cause)
		}
	}
}
