package crawltest

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startReplica starts a replica closed at the end of the test.
func startReplica(t testing.TB, cfg Config) *Replica {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

// testClient reaches the replica the way a crawler does: through the
// --resolve specs (parsed here, independently of Replica.DialContext) and
// the CA PEM. It follows no redirects and does not decompress.
func testClient(t testing.TB, r *Replica) *http.Client {
	t.Helper()
	routes := map[string]string{}
	for _, s := range r.ResolveSpecs() {
		parts := strings.Split(s, ":")
		if len(parts) != 4 || parts[2] != "127.0.0.1" {
			t.Fatalf("resolve spec %q: want HOST:PORT:127.0.0.1:PORT", s)
		}
		routes[parts[0]+":"+parts[1]] = parts[2] + ":" + parts[3]
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(r.CACertPEM()) {
		t.Fatal("CACertPEM holds no certificate")
	}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		_, port, _ := net.SplitHostPort(addr)
		target, ok := routes[addr]
		if !ok {
			target, ok = routes["*:"+port]
		}
		if !ok {
			t.Errorf("dial %s: no resolve spec", addr)
			return nil, net.UnknownNetworkError(addr)
		}
		return (&net.Dialer{}).DialContext(ctx, network, target)
	}
	tr := &http.Transport{DialContext: dial, TLSClientConfig: &tls.Config{RootCAs: pool}, DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{
		Transport:     tr,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// fetched is a response read whole, its body decoded when gzipped.
type fetched struct {
	*http.Response
	Raw  []byte // bytes on the wire (after de-chunking, which must not happen)
	Body []byte // Raw, gunzipped if Content-Encoding is gzip
}

// get fetches url with the given User-Agent and Accept-Encoding, or fails
// the test.
func get(t testing.TB, c *http.Client, method, url, ua, acceptEncoding string) fetched {
	t.Helper()
	f, err := fetch(c, method, url, ua, acceptEncoding)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fetch is get for goroutines: it returns the error.
func fetch(c *http.Client, method, url, ua, acceptEncoding string) (fetched, error) {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		return fetched{}, err
	}
	req.Header.Set("User-Agent", ua)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	resp, err := c.Do(req)
	if err != nil {
		return fetched{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fetched{}, fmt.Errorf("read %s: %w", url, err)
	}
	f := fetched{Response: resp, Raw: raw, Body: raw}
	if resp.Header.Get("Content-Encoding") == "gzip" && method != http.MethodHead {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err == nil {
			f.Body, err = io.ReadAll(zr)
		}
		if err != nil {
			return fetched{}, fmt.Errorf("%s: bad gzip: %w", url, err)
		}
	}
	return f, nil
}

// framingProblem describes what is wrong with a response's framing for an
// archive (no Content-Length, a length that is not the body's, chunking),
// or returns "".
func framingProblem(f fetched, head bool) string {
	switch {
	case len(f.TransferEncoding) > 0:
		return fmt.Sprintf("Transfer-Encoding %v, want none", f.TransferEncoding)
	case f.Header.Get("Content-Length") == "" || f.ContentLength < 0:
		return "no Content-Length"
	case !head && f.ContentLength != int64(len(f.Raw)):
		return fmt.Sprintf("Content-Length %d, body %d bytes", f.ContentLength, len(f.Raw))
	}
	return ""
}

// checkFraming asserts the archive-friendly framing every replica response
// has: an explicit Content-Length matching the body, no chunking.
func checkFraming(t testing.TB, url string, f fetched, head bool) {
	t.Helper()
	if p := framingProblem(f, head); p != "" {
		t.Errorf("%s: %s", url, p)
	}
}
