package crawltest

import (
	"bytes"
	"context"
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		cfg Config
		ok  bool
	}{
		{Config{}, true},
		{Config{Articles: 3000, Latency: time.Millisecond, CrawlDelay: time.Second}, true},
		{Config{Articles: -1}, false},
		{Config{Articles: maxArticles + 1}, false},
		{Config{Latency: -time.Second}, false},
		{Config{CrawlDelay: -time.Second}, false},
		{Config{SlowDelay: -time.Second}, false},
		{Config{SlowDelay: time.Millisecond, RadioDown: true}, true},
		{Config{MediaThrottle: -time.Second}, true},
	} {
		_, err := New(tc.cfg)
		if (err == nil) != tc.ok {
			t.Errorf("New(%+v): %v", tc.cfg, err)
		}
	}
}

var specRe = regexp.MustCompile(`^(\*|[a-z0-9.-]+):(\d+):127\.0\.0\.1:(\d+)$`)

func TestResolveSpecs(t *testing.T) {
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if r.ResolveSpecs() != nil {
		t.Error("ResolveSpecs before Start should be nil")
	}
	r.Close() // before Start: harmless
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	if err := r.Start(); err == nil {
		t.Error("second Start should fail")
	}
	specs := r.ResolveSpecs()
	if want := 3 + 2*(len(r.Hosts())-2) + 2; len(specs) != want {
		t.Fatalf("%d specs, want %d", len(specs), want)
	}
	for _, s := range specs {
		if !specRe.MatchString(s) {
			t.Errorf("bad spec %q", s)
		}
	}
	for i, prefix := range []string{"minusma.unmissions.org:443:", "minusma.unmissions.org:80:", "mikadofm.minusma.unmissions.org:8001:",
		"media.minusma.unmissions.org:443:", "media.minusma.unmissions.org:80:"} {
		if !strings.HasPrefix(specs[i], prefix) {
			t.Errorf("spec %d = %q, want prefix %q", i, specs[i], prefix)
		}
	}
	if !strings.HasPrefix(specs[len(specs)-2], "*:443:") || !strings.HasPrefix(specs[len(specs)-1], "*:80:") {
		t.Errorf("catch-alls not last: %v", specs[len(specs)-2:])
	}
}

// Every served host presents a certificate the CA vouches for.
func TestCertificates(t *testing.T) {
	r := startReplica(t, Config{})
	for _, host := range append(r.Hosts(), "anything.minusma.unmissions.org", "unknown.example") {
		port := "443"
		if host == radioHost {
			port = radioPort
		}
		conn, err := r.DialContext(context.Background(), "tcp", host+":"+port)
		if err != nil {
			t.Fatal(err)
		}
		tc := tls.Client(conn, &tls.Config{ServerName: host, RootCAs: r.CertPool()})
		if err := tc.Handshake(); err != nil {
			t.Errorf("%s: %v", host, err)
		}
		tc.Close()
	}
}

func TestDialContextStaysOnLoopback(t *testing.T) {
	r := startReplica(t, Config{})
	if _, err := r.DialContext(context.Background(), "tcp", "example.com:8080"); err == nil {
		t.Error("dial to a port no spec covers should fail")
	}
	resp, err := (&http.Client{Transport: r.Transport()}).Get(siteOrigin + "/en/old-mandate")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.String() != siteOrigin+"/en/mandate-0" || resp.StatusCode != 200 {
		t.Errorf("Transport: ended at %s with %s", resp.Request.URL, resp.Status)
	}
}

func TestWriteCAFile(t *testing.T) {
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := r.WriteCAFile(path); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, r.CACertPEM()) || !bytes.HasPrefix(got, []byte("-----BEGIN CERTIFICATE-----")) {
		t.Errorf("CA file %q, %v", got, err)
	}
	if err := r.WriteCAFile(filepath.Join(path, "no", "such", "dir")); err == nil {
		t.Error("WriteCAFile to a bad path should fail")
	}
}
