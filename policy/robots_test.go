package policy

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const minusmaRobots = "\ufeff# robots.txt for minusma\r\n" +
	"Disallow: /ignored-before-any-group\r\n" +
	"User-agent: *\r\n" +
	"Disallow: /sites/default/files/private/\r\n" +
	"Allow: /sites/default/files/private/public-*.pdf$\r\n" +
	"Disallow: /*.php$\r\n" +
	"Crawl-delay: 2.5\r\n" +
	"Sitemap: https://minusma.unmissions.org/sitemap.xml\r\n" +
	"\r\n" +
	"User-agent: Salvage\n" +
	"useragent: other-bot # comment\n" +
	"Disallow: /en/search\n" +
	"Crawl-delay: 1\n" +
	"Sitemap: https://minusma.unmissions.org/sitemap.xml\n" +
	"\n" +
	"User-agent: salvage/2.0\r" +
	"Disallow: /fr/\r" +
	"Unknown-directive: whatever\r" +
	"Sitemap: https://minusma.unmissions.org/fr/sitemap.xml\r"

func TestRobotsAllowed(t *testing.T) {
	r := ParseRobots(200, []byte(minusmaRobots))
	tests := []struct {
		ua, path string
		want     bool
	}{
		{"Salvage/0.1 (+https://github.com/salvage-archive/salvage)", "/en/search?q=mali", false},
		{"salvage", "/fr/x", false}, // groups of one agent are merged
		{"SALVAGE", "/en", true},
		{"salvage", "/sites/default/files/private/x", true}, // the * group does not apply
		{"other-bot", "/en/search", false},
		{"somebot", "/sites/default/files/private/a.pdf", false},
		{"somebot", "/sites/default/files/private/public-1.pdf", true},
		{"somebot", "/sites/default/files/private/public-1.pdf?x=1", false},
		{"somebot", "/index.php", false},
		{"somebot", "/index.php?x", true},
		{"somebot", "/ignored-before-any-group", true},
		{"somebot", "", true},
		{"", "/index.php", false}, // no product token: the * group
		{"somebot", "/robots.txt", true},
	}
	for _, tt := range tests {
		if got := r.Allowed(tt.ua, tt.path); got != tt.want {
			t.Errorf("Allowed(%q, %q) = %v, want %v", tt.ua, tt.path, got, tt.want)
		}
	}
}

func TestRobotsPrecedence(t *testing.T) {
	tests := []struct {
		name, body, path string
		want             bool
	}{
		{"longest allow wins", "User-agent: *\nDisallow: /\nAllow: /page", "/page.html", true},
		{"longest disallow wins", "User-agent: *\nAllow: /p\nDisallow: /page", "/page.html", false},
		{"allow wins tie", "User-agent: *\nDisallow: /page\nAllow: /page", "/page", true},
		{"allow wins tie either order", "User-agent: *\nAllow: /page\nDisallow: /page", "/page", true},
		{"empty disallow allows", "User-agent: *\nDisallow:", "/x", true},
		{"disallow all", "User-agent: *\nDisallow: /", "/x", false},
		{"robots.txt always allowed", "User-agent: *\nDisallow: /", "/robots.txt", true},
		{"robots.txt with query", "User-agent: *\nDisallow: /", "/robots.txt?x=1", true},
		{"star in middle", "User-agent: *\nDisallow: /a/*/c", "/a/b/b/c/d", false},
		{"star no match", "User-agent: *\nDisallow: /a/*/c", "/a/b/d", true},
		{"anchored", "User-agent: *\nDisallow: /a$", "/a", false},
		{"anchored prefix", "User-agent: *\nDisallow: /a$", "/ab", true},
		{"leading star", "User-agent: *\nDisallow: *.pdf", "/x/y.pdf", false},
		{"dollar inside is literal", "User-agent: *\nDisallow: /a$b", "/a$b", false},
		{"pattern without slash", "User-agent: *\nDisallow: private", "/private/x", false},
		{"escaped unreserved in pattern", "User-agent: *\nDisallow: /%7Ejoe", "/~joe/x", false},
		{"escaped unreserved in path", "User-agent: *\nDisallow: /~joe", "/%7ejoe/x", false},
		{"escape case", "User-agent: *\nDisallow: /a%3cd", "/a%3Cd", false},
		{"reserved escape not decoded", "User-agent: *\nDisallow: /a/b", "/a%2Fb", true},
		{"utf-8 pattern", "User-agent: *\nDisallow: /foo/bar/ツ", "/foo/bar/%E3%83%84", false},
		{"utf-8 path", "User-agent: *\nDisallow: /foo/bar/%E3%83%84", "/foo/bar/ツ", false},
		{"no group for us", "User-agent: googlebot\nDisallow: /", "/x", true},
		{"product token prefix is no match", "User-agent: salvage-bot\nDisallow: /", "/x", true},
		{"agent with version", "User-agent: Salvage/1.0\nDisallow: /", "/x", false},
		{"rules before agent ignored", "Disallow: /\nUser-agent: *\nAllow: /x", "/y", true},
		{"sitemap does not split group", "User-agent: a\nSitemap: /s.xml\nUser-agent: salvage\nDisallow: /", "/x", false},
		{"lines without colon ignored", "User-agent: *\nDisallow /x\nDisallow: /y", "/x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ParseRobots(200, []byte(tt.body))
			if got := r.Allowed("salvage/0.1", tt.path); got != tt.want {
				t.Errorf("Allowed(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestRobotsStatus(t *testing.T) {
	body := []byte("User-agent: *\nDisallow: /")
	tests := []struct {
		status           int
		allowed, unavail bool
	}{
		{200, false, false},
		{204, false, false},
		{301, true, false},
		{401, true, false},
		{403, true, false},
		{404, true, false},
		{410, true, false},
		{429, false, true},
		{500, false, true},
		{503, false, true},
		{0, false, true},
		{-2, false, true}, // a crawler's "connect failed"
		{100, false, true},
		{600, false, true},
	}
	for _, tt := range tests {
		r := ParseRobots(tt.status, body)
		if got := r.Allowed("salvage", "/en"); got != tt.allowed {
			t.Errorf("status %d: Allowed = %v, want %v", tt.status, got, tt.allowed)
		}
		if got := r.Unavailable(); got != tt.unavail {
			t.Errorf("status %d: Unavailable = %v, want %v", tt.status, got, tt.unavail)
		}
		if !r.Allowed("salvage", "/robots.txt") {
			t.Errorf("status %d: /robots.txt refused", tt.status)
		}
		if r.Status() != tt.status {
			t.Errorf("status %d: Status = %d", tt.status, r.Status())
		}
	}
	if (*Robots)(nil).Status() != 0 {
		t.Error("nil Robots: Status is not 0")
	}
}

func TestRobotsCrawlDelayAndSitemaps(t *testing.T) {
	r := ParseRobots(200, []byte(minusmaRobots))
	for ua, want := range map[string]time.Duration{"salvage": time.Second, "other-bot": time.Second, "x": 2500 * time.Millisecond} {
		if got := r.CrawlDelay(ua); got != want {
			t.Errorf("CrawlDelay(%q) = %v, want %v", ua, got, want)
		}
	}
	want := []string{"https://minusma.unmissions.org/sitemap.xml", "https://minusma.unmissions.org/fr/sitemap.xml"}
	if got := r.Sitemaps(); !slices.Equal(got, want) {
		t.Errorf("Sitemaps() = %q, want %q", got, want)
	}
	for body, want := range map[string]time.Duration{
		"User-agent: *\nCrawl-delay: -1":   0,
		"User-agent: *\nCrawl-delay: soon": 0,
		"User-agent: *\nCrawl-delay: NaN":  0,
		"User-agent: *\nCrawl-delay: 1e9":  24 * time.Hour,
		"User-agent: *\nCrawl-delay: 0.25": 250 * time.Millisecond,
		"Crawl-delay: 5":                   0,
	} {
		if got := ParseRobots(200, []byte(body)).CrawlDelay("salvage"); got != want {
			t.Errorf("%q: CrawlDelay = %v, want %v", body, got, want)
		}
	}
}

func TestRobotsNil(t *testing.T) {
	var r *Robots
	if !r.Allowed("salvage", "/x") || r.CrawlDelay("salvage") != 0 || r.Sitemaps() != nil || r.Unavailable() {
		t.Error("a nil *Robots must allow everything")
	}
}

func TestRobotsSizeLimit(t *testing.T) {
	pad := "# " + strings.Repeat("x", 1000) + "\n"
	body := "User-agent: *\nDisallow: /early\n" + strings.Repeat(pad, MaxRobotsSize/len(pad)+1) + "Disallow: /late\n"
	r := ParseRobots(200, []byte(body))
	if r.Allowed("salvage", "/early") {
		t.Error("rule before the limit ignored")
	}
	if !r.Allowed("salvage", "/late") {
		t.Error("rule after the limit applied")
	}
}

// robotsRegexp is the obvious (slow) reading of a pattern, to check robotsMatch.
func robotsRegexp(pattern string, anchored bool) *regexp.Regexp {
	expr := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, ".*")
	if anchored {
		expr += "$"
	}
	return regexp.MustCompile("(?s)" + expr)
}

func FuzzParseRobots(f *testing.F) {
	f.Add([]byte(minusmaRobots), "salvage/1.0", "/en/search?q=1")
	f.Add([]byte("User-agent: *\nDisallow: /*a*b*c$\nAllow: /a"), "x", "/aXbYc")
	f.Add([]byte("user-agent:*\ndisallow:/%7e%2f\n"), "*", "/~%2F")
	f.Add([]byte("User-agent: a\nUser-agent: b\nCrawl-delay: 3\nAllow: $"), "b", "/")
	f.Fuzz(func(t *testing.T, body []byte, ua, path string) {
		r := ParseRobots(200, body)
		got := r.Allowed(ua, path)
		if again := r.Allowed(ua, path); again != got {
			t.Fatal("Allowed is not deterministic")
		}
		if !r.Allowed(ua, "/robots.txt") {
			t.Fatal("/robots.txt refused")
		}
		if d := r.CrawlDelay(ua); d < 0 || d > maxCrawlDelay {
			t.Fatalf("CrawlDelay = %v", d)
		}
		norm := robotsPath(path)
		for _, g := range r.groups {
			for _, rule := range g.rules {
				want := robotsRegexp(rule.pattern, rule.anchored).MatchString(norm)
				if robotsMatch(rule.pattern, rule.anchored, norm) != want {
					t.Fatalf("robotsMatch(%q, %v, %q) != %v", rule.pattern, rule.anchored, norm, want)
				}
			}
		}
	})
}
