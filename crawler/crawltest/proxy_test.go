package crawltest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// proxyClient reaches the replica through its forward proxy only: it knows
// neither ResolveSpecs nor DialContext.
func proxyClient(t *testing.T, r *Replica) *http.Client {
	t.Helper()
	addr, err := r.StartProxy()
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{
		Proxy:              http.ProxyURL(&url.URL{Scheme: "http", Host: addr}),
		TLSClientConfig:    &tls.Config{RootCAs: r.CertPool()},
		DisableCompression: true,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestProxy(t *testing.T) {
	r := startReplica(t, Config{})
	c := proxyClient(t, r)
	for _, tc := range []struct {
		url      string
		status   int
		location string
	}{
		{siteOrigin + "/en", 200, ""},
		{siteOrigin + "/en/old-mandate", 301, siteOrigin + "/en/mandate-old"},
		{"http://minusma.unmissions.org/en/leadership", 301, siteOrigin + "/en/leadership"},
		{"http://www.un.org/en/aboutun/terms/", 200, ""},
		{"https://soft404.example.org/anything", 200, ""},
		{"https://example.com/", 404, ""},
	} {
		f := get(t, c, http.MethodGet, tc.url, ua, "gzip")
		checkFraming(t, tc.url, f, false)
		if f.StatusCode != tc.status || f.Header.Get("Location") != tc.location {
			t.Errorf("%s: %s -> %q, want %d -> %q", tc.url, f.Status, f.Header.Get("Location"), tc.status, tc.location)
		}
	}
	if f := get(t, c, http.MethodGet, siteOrigin+"/en", ua, "gzip"); !bytes.Equal(f.Body, seedHTML) || f.Header.Get("Content-Encoding") != "gzip" {
		t.Error("the seed does not come through the tunnel intact")
	}
	if _, err := c.Get("https://example.com:8443/"); err == nil {
		t.Error("CONNECT to a port the replica does not serve should fail")
	}
}

// The endless stream can be tunnelled, and Close cuts open tunnels.
func TestProxyStreamAndClose(t *testing.T) {
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.StartProxy(); err == nil {
		t.Error("StartProxy before Start should fail")
	}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	c := proxyClient(t, r)
	resp, err := c.Get(radioURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(resp.Body, make([]byte, 20_000)); err != nil || resp.Header.Get("icy-name") != "Mikado FM" {
		t.Fatalf("stream through the proxy: %v %v", err, resp.Header)
	}
	addr, err := r.StartProxy()
	if err != nil {
		t.Fatal(err)
	}
	idle := connectRaw(t, addr, siteHost+":443") // a tunnel nobody uses
	defer idle.Close()

	start := time.Now()
	r.Close()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Close took %v with open tunnels", took)
	}
	io.Copy(io.Discard, resp.Body) // ends: the tunnel is cut
	resp.Body.Close()
	idle.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := idle.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Errorf("idle tunnel still open after Close: %v", err)
	}
	if _, err := r.StartProxy(); err == nil {
		t.Error("StartProxy after Close should fail")
	}
}

// connectRaw opens a CONNECT tunnel to target through the proxy at addr.
func connectRaw(t *testing.T, addr, target string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, "CONNECT "+target+" HTTP/1.1\r\nHost: "+target+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Fatalf("CONNECT %s: %q %v", target, line, err)
	}
	if blank, _ := br.ReadString('\n'); blank != "\r\n" {
		t.Fatalf("CONNECT %s: header %q", target, blank)
	}
	return conn
}

func isTimeout(err error) bool {
	var ne net.Error
	return err != nil && errors.As(err, &ne) && ne.Timeout()
}

// The proxy refuses what is neither CONNECT nor an absolute http:// URI.
func TestProxyRefusesOriginForm(t *testing.T) {
	r := startReplica(t, Config{})
	addr, err := r.StartProxy()
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get("http://" + addr + "/en")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("origin-form request: %s, want 400", resp.Status)
	}
}
