package policy

import (
	"net/url"
	"strings"
	"testing"
)

// The wants below were checked against warcio.js 2.4.11's getSurt.
func TestSURT(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"https://minusma.unmissions.org/en", "org,unmissions,minusma)/en"},
		{"https://minusma.unmissions.org/en?x=1", "org,unmissions,minusma)/en?x=1"},
		{"https://www.un.org/en/", "org,un)/en/"},
		{"http://www2.example.com/", "com,example)/"},
		{"http://wwwx.example.com/", "com,example,wwwx)/"},
		{"http://www.org/", "org)/"},
		{"http://mikadofm.minusma.unmissions.org:8001/stream", "org,unmissions,minusma,mikadofm:8001)/stream"},
		{"https://example.org:443/", "org,example)/"},
		{"https://minusma.unmissions.org/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo",
			"org,unmissions,minusma)/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo"},
		{"http://example.org/s?b=2&a=1", "org,example)/s?a=1&b=2"},
		{"http://example.org/s?b=2&a=1&b=1", "org,example)/s?a=1&b=1&b=2"},
		{"http://example.org/s?a=2&a-b=1", "org,example)/s?a-b=1&a=2"},
		{"https://minusma.unmissions.org/img.jpeg?itok=ubfiR971", "org,unmissions,minusma)/img.jpeg?itok=ubfir971"},
		{"http://example.org/s?a&b=1", "org,example)/s?a&b=1"},
		{"http://example.org/s?q=a+b&q=a%20b", "org,example)/s?q=a%20b&q=a+b"},
		{"http://example.org/s?u=http://x/y", "org,example)/s?u=http://x/y"},
		{"http://example.org/s?&&", "org,example)/s?&&"},
		{"http://example.org/s?", "org,example)/s"},
		{"http://example.org/s?z=%e2%80%99&Z=1", "org,example)/s?z=%e2%80%99&z=1"},
		{"http://127.0.0.1:8080/x", "1,0,0,127:8080)/x"},
		{"http://[::1]/", "[::1])/"},
		{"HTTP://WWW.EXAMPLE.COM/A/B/", "com,example)/a/b/"},
		{"http://user:pw@example.org/x#frag", "org,example)/x"},
		{"http://example.org/%7Efoo%2Fbar", "org,example)/~foo%2fbar"},
		{"http://bücher.example/", "example,b%c3%bccher)/"}, // warcio: example,xn--bcher-kva)/ (no IDNA here)
	}
	for _, tt := range tests {
		u, err := Canonicalize(tt.raw, nil)
		if err != nil {
			t.Fatalf("Canonicalize(%q): %v", tt.raw, err)
		}
		if got := SURT(u); got != tt.want {
			t.Errorf("SURT(%q) = %q, want %q", tt.raw, got, tt.want)
		}
		if got := SURT(mustParse(t, tt.raw)); got != tt.want {
			t.Errorf("SURT(url.Parse(%q)) = %q, want %q", tt.raw, got, tt.want)
		}
	}
	if got := SURT(nil); got != "" {
		t.Errorf("SURT(nil) = %q", got)
	}
}

func FuzzSURT(f *testing.F) {
	for _, s := range []string{
		"https://minusma.unmissions.org/en?x=1",
		"http://www3.Example.org:8001/A/%c2%a0/?b=2&a=1&&",
		"http://[2001:db8::1]:80/",
		"http://0x7f.1/x?year=2019",
		"https://www.un.org/en/sections/about-website/z-site-index/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		_ = SURT(u) // must not panic on any parsed URL
		c, err := Canonicalize(raw, nil)
		if err != nil {
			return
		}
		key := SURT(c)
		if got := SURT(mustParse(t, CanonicalString(c))); got != key {
			t.Fatalf("SURT differs for %q: canonical %q, parsed %q", raw, key, got)
		}
		if !strings.Contains(key, ")/") {
			t.Fatalf("SURT(%q) = %q has no \")/\"", raw, key)
		}
		if key != strings.ToLower(key) {
			t.Fatalf("SURT(%q) = %q is not lower case", raw, key)
		}
		again, err := Canonicalize(CanonicalString(c), nil)
		if err != nil || SURT(again) != key {
			t.Fatalf("SURT not stable through CanonicalString for %q: %q vs %v %v", raw, key, again, err)
		}
	})
}
