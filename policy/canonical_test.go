package policy

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return u
}

const minusmaHome = "https://minusma.unmissions.org/en"

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, raw, base, want string
	}{
		{"seed", "https://minusma.unmissions.org/en", "", "https://minusma.unmissions.org/en"},
		{"root relative", "/en/news", minusmaHome, "https://minusma.unmissions.org/en/news"},
		{"protocol relative", "//minusma.unmissions.org/sites/all/themes/unmpk/images/un-logo.png", minusmaHome,
			"https://minusma.unmissions.org/sites/all/themes/unmpk/images/un-logo.png"},
		{"protocol relative http base", "//platform.twitter.com/widgets.js", "http://minusma.unmissions.org/en",
			"http://platform.twitter.com/widgets.js"},
		{"nbsp escape kept upper", "/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo", minusmaHome,
			"https://minusma.unmissions.org/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo"},
		{"nbsp escape already upper", "/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo", minusmaHome,
			"https://minusma.unmissions.org/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo"},
		{"apostrophe escape", "/en/minusma%E2%80%99s-nepalese-explosive-ordnance-disposal-company", minusmaHome,
			"https://minusma.unmissions.org/en/minusma%E2%80%99s-nepalese-explosive-ordnance-disposal-company"},
		{"many nbsp", "/en/minusma-hands-over%C2%A0two%C2%A0annexes", minusmaHome,
			"https://minusma.unmissions.org/en/minusma-hands-over%C2%A0two%C2%A0annexes"},
		{"raw non-ascii path", "/en/café", minusmaHome, "https://minusma.unmissions.org/en/caf%C3%A9"},
		{"fragment", "/en#main-menu", minusmaHome, "https://minusma.unmissions.org/en"},
		{"fragment only", "#main-menu", minusmaHome + "?a=1#x", "https://minusma.unmissions.org/en?a=1"},
		{"hashbang", "#!slide", minusmaHome, "https://minusma.unmissions.org/en"},
		{"default https port and dots", "HTTPS://MINUSMA.unmissions.org:443/en/../fr/./x", "",
			"https://minusma.unmissions.org/fr/x"},
		{"default http port", "http://www.un.org:80/en/aboutun/copyright/", "", "http://www.un.org/en/aboutun/copyright/"},
		{"https on 80 keeps port", "https://minusma.unmissions.org:80/", "", "https://minusma.unmissions.org:80/"},
		{"radio port", "http://mikadofm.minusma.unmissions.org:8001/stream", "", "http://mikadofm.minusma.unmissions.org:8001/stream"},
		{"port leading zeros", "http://example.org:0080/", "", "http://example.org/"},
		{"empty port", "http://example.org:/a", "", "http://example.org/a"},
		{"empty path", "http://www.un.org", "", "http://www.un.org/"},
		{"unreserved decoded", "http://example.org/%7Euser/%41%2d%5F%2E", "", "http://example.org/~user/A-_."},
		{"reserved escapes kept", "http://example.org/a%2fb%3F%23", "", "http://example.org/a%2Fb%3F%23"},
		{"encoded dots are dots", "http://example.org/a/%2E%2e/b", "", "http://example.org/b"},
		{"trailing dotdot", "http://example.org/a/b/..", "", "http://example.org/a/"},
		{"above root", "../../x", "http://example.org/a/", "http://example.org/x"},
		{"relative", "img/x.png", "http://example.org/a/b.html", "http://example.org/a/img/x.png"},
		{"space escaped", "/a b/c d?q=x y", minusmaHome, "https://minusma.unmissions.org/a%20b/c%20d?q=x%20y"},
		{"whitespace trimmed", "  \n /en/news \t", minusmaHome, "https://minusma.unmissions.org/en/news"},
		{"newline inside removed", "/en/ne\nws", minusmaHome, "https://minusma.unmissions.org/en/news"},
		{"stray percent", "/100%/x%zz", minusmaHome, "https://minusma.unmissions.org/100%25/x%25zz"},
		{"query order kept", "/s?b=2&a=1&b=1", minusmaHome, "https://minusma.unmissions.org/s?b=2&a=1&b=1"},
		{"query escapes", "/s?q=%e2%80%99&r=%7e&t=a+b", minusmaHome, "https://minusma.unmissions.org/s?q=%E2%80%99&r=~&t=a+b"},
		{"query apostrophe", "/s?q=it's", minusmaHome, "https://minusma.unmissions.org/s?q=it%27s"},
		{"query keeps slash and question", "/s?u=http://x/y?z", minusmaHome, "https://minusma.unmissions.org/s?u=http://x/y?z"},
		{"empty query dropped", "http://example.org/a?", "", "http://example.org/a"},
		{"empty query with fragment", "http://example.org/a?#f", "", "http://example.org/a"},
		{"query only", "?page=2", "http://example.org/list?page=1", "http://example.org/list?page=2"},
		{"itok query", "https://minusma.unmissions.org/sites/default/files/styles/380x220/public/field/image/img_8444.jpeg?itok=ubfiR971", "",
			"https://minusma.unmissions.org/sites/default/files/styles/380x220/public/field/image/img_8444.jpeg?itok=ubfiR971"},
		{"backslashes", `\en\news`, minusmaHome, "https://minusma.unmissions.org/en/news"},
		{"colon in first segment", "1:2", "http://example.org/a/", "http://example.org/a/1:2"},
		{"ipv6", "http://[2001:DB8::1]:80/x", "", "http://[2001:db8::1]/x"},
		{"ipv6 port", "http://[::1]:8443/", "", "http://[::1]:8443/"},
		{"ipv6 whatwg form", "http://[0:0:0:0:0:ffff:1.2.3.4]/", "", "http://[::ffff:102:304]/"},
		{"ipv6 zero runs", "http://[1:0:0:2:0:0:0:3]/", "", "http://[1:0:0:2::3]/"},
		{"ipv4 number", "//0#0", "http://example.org/", "http://0.0.0.0/"},
		{"ipv4 hex and short", "http://0x7F.1/", "", "http://127.0.0.1/"},
		{"ipv4 octal", "http://010.0.0.012./", "", "http://8.0.0.10/"},
		{"ipv4 dword", "http://2130706433/", "", "http://127.0.0.1/"},
		{"not ipv4", "http://1.2.3.com/", "", "http://1.2.3.com/"},
		{"dashed digits are a name", "http://10-0-0-1/", "", "http://10-0-0-1/"},
		{"trailing dot name", "http://a.b./x", "", "http://a.b./x"},
		{"userinfo kept", "http://user:pw@example.org/", "", "http://user:pw@example.org/"},
		{"empty userinfo dropped", "http://@example.org/", "", "http://example.org/"},
		{"empty password dropped", "http://user:@example.org/", "", "http://user@example.org/"},
		{"non-ascii host", "http://bücher.EXAMPLE/", "", "http://b%C3%BCcher.example/"},
		{"upper scheme relative", "//EXAMPLE.org", "HTTP://a.org/", "http://example.org/"},
		{"double slash kept", "http://example.org//a//b", "", "http://example.org//a//b"},
		{"sub-delims kept", "http://example.org/a!$&'()*+,;=:@b", "", "http://example.org/a!$&'()*+,;=:@b"},
		{"brackets escaped", "http://example.org/a[b]{c}|d^e`f\"g<h>", "", "http://example.org/a%5Bb%5D%7Bc%7D%7Cd%5Ee%60f%22g%3Ch%3E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base *url.URL
			if tt.base != "" {
				base = mustParse(t, tt.base)
			}
			u, err := Canonicalize(tt.raw, base)
			if err != nil {
				t.Fatalf("Canonicalize(%q): %v", tt.raw, err)
			}
			if got := CanonicalString(u); got != tt.want {
				t.Errorf("CanonicalString = %q, want %q", got, tt.want)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			assertIdempotent(t, tt.want)
		})
	}
}

func assertIdempotent(t *testing.T, s string) {
	t.Helper()
	u, err := Canonicalize(s, nil)
	if err != nil {
		t.Fatalf("canonical %q does not canonicalize: %v", s, err)
	}
	if got := CanonicalString(u); got != s {
		t.Fatalf("not idempotent: %q -> %q", s, got)
	}
}

func TestCanonicalizeErrors(t *testing.T) {
	tests := []struct {
		name, raw, base string
		want            error
	}{
		{"empty", "", minusmaHome, ErrMalformedURL},
		{"blank", " \t\n", minusmaHome, ErrMalformedURL},
		{"mailto", "mailto:info@un.org", minusmaHome, ErrUnsupportedScheme},
		{"tel", "tel:+22344970000", minusmaHome, ErrUnsupportedScheme},
		{"javascript", "javascript:void(0)", minusmaHome, ErrUnsupportedScheme},
		{"javascript upper", " JavaScript:alert(1)", minusmaHome, ErrUnsupportedScheme},
		{"data", "data:image/png;base64,iVBORw0KGgo=", minusmaHome, ErrUnsupportedScheme},
		{"ftp", "ftp://ftp.un.org/", "", ErrUnsupportedScheme},
		{"relative without base", "/en", "", ErrMalformedURL},
		{"relative against ftp base", "/en", "ftp://x.org/", ErrUnsupportedScheme},
		{"no host", "http:///en", "", ErrMalformedURL},
		{"opaque", "http:en", "", ErrMalformedURL},
		{"bad host char", "http://exa mple.org/", "", ErrMalformedURL},
		{"bad host percent", "http://a%25b.org/", "", ErrMalformedURL},
		{"bad ipv6", "http://[::1/", "", ErrMalformedURL},
		{"ipv6 zone", "http://[fe80::1%25en0]/", "", ErrMalformedURL},
		{"bad port", "http://example.org:99999/", "", ErrMalformedURL},
		{"port letters", "http://example.org:8o/", "", ErrMalformedURL},
		{"ipv4 too big", "http://256.1.1.1/", "", ErrMalformedURL},
		{"ipv4 bad octal", "http://foo.08/", "", ErrMalformedURL},
		{"ipv4 five parts", "http://1.2.3.4.5/", "", ErrMalformedURL},
		{"ipv4 hex overflow", "http://a.0xffffffffffffffffffff/", "", ErrMalformedURL},
		{"signed number host", "//+0", minusmaHome, ErrMalformedURL}, // colly reads 0.0.0.0, WHATWG a name
		{"signed hex host", "http://x.0x-1/", "", ErrMalformedURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base *url.URL
			if tt.base != "" {
				base = mustParse(t, tt.base)
			}
			u, err := Canonicalize(tt.raw, base)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Canonicalize(%q) = %v, %v; want error %v", tt.raw, u, err, tt.want)
			}
			if msg := err.Error(); msg != strings.ToLower(msg[:1])+msg[1:] || strings.Contains(msg, "\n") {
				t.Errorf("error %q should be one lowercase line", msg)
			}
		})
	}
}

func TestCanonicalStringOfForeignURL(t *testing.T) {
	tests := []struct {
		u    *url.URL
		want string
	}{
		{nil, ""},
		{&url.URL{Scheme: "HTTP", Host: "EXAMPLE.org:80", Path: "/a b/../c", Fragment: "x"}, "http://example.org/c"},
		{&url.URL{Scheme: "https", Host: "example.org", RawQuery: "a=%7e", ForceQuery: true}, "https://example.org/?a=~"},
		{&url.URL{Scheme: "https", Host: "example.org", ForceQuery: true}, "https://example.org/"},
	}
	for _, tt := range tests {
		if got := CanonicalString(tt.u); got != tt.want {
			t.Errorf("CanonicalString(%v) = %q, want %q", tt.u, got, tt.want)
		}
	}
}

func TestRemoveDotSegments(t *testing.T) {
	tests := map[string]string{
		"":                 "/",
		"/":                "/",
		"/.":               "/",
		"/..":              "/",
		"/a/./b":           "/a/b",
		"/a/b/.":           "/a/b/",
		"/a/b/..":          "/a/",
		"/a/b/../../c":     "/c",
		"/a//../b":         "/a/b",
		"/a/.../b":         "/a/.../b",
		"/a/..b/c":         "/a/..b/c",
		"a/b":              "/a/b",
		"/../../a/.":       "/a/",
		"/a/b/c/./../../g": "/a/g", // RFC 3986 §5.4.2 style
	}
	for in, want := range tests {
		if got := removeDotSegments(in); got != want {
			t.Errorf("removeDotSegments(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{
		"https://minusma.unmissions.org/en",
		"//minusma.unmissions.org/sites/all/themes/unmpk/images/pk-logo-blue.png",
		"/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo",
		"/en#main-menu",
		"HTTPS://MINUSMA.unmissions.org:443/en/../fr/./x",
		"../a/./b/%2e%2E/c?x=1&y=%7e#frag",
		"http://[::1]:8080/a b?c d",
		"mailto:x@y", "javascript:void(0)", "?", "#", `\\x\y`, "http://u:p@h/%zz",
	} {
		f.Add(s)
	}
	base := mustParse(f, "https://minusma.unmissions.org/en/news/page.html?x=1")
	f.Fuzz(func(t *testing.T, raw string) {
		for _, b := range []*url.URL{nil, base} {
			u, err := Canonicalize(raw, b)
			if err != nil {
				if !errors.Is(err, ErrMalformedURL) && !errors.Is(err, ErrUnsupportedScheme) {
					t.Fatalf("Canonicalize(%q): error %v wraps no sentinel", raw, err)
				}
				continue
			}
			s := CanonicalString(u)
			if u.String() != s {
				t.Fatalf("Canonicalize(%q): String() %q != CanonicalString %q", raw, u.String(), s)
			}
			u2, err := Canonicalize(s, nil)
			if err != nil {
				t.Fatalf("Canonicalize(%q) = %q, which fails: %v", raw, s, err)
			}
			if s2 := CanonicalString(u2); s2 != s {
				t.Fatalf("not idempotent: %q -> %q -> %q", raw, s, s2)
			}
			if s3 := CanonicalString(mustParse(t, s)); s3 != s {
				t.Fatalf("url.Parse round trip: %q -> %q", s, s3)
			}
		}
	})
}
