package policy

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func newTestScope(t *testing.T, edit func(*ScopeConfig)) *Scope {
	t.Helper()
	cfg := DefaultScopeConfig()
	cfg.Seeds = []string{minusmaHome}
	cfg.Traps = DefaultTrapConfig(2026)
	if edit != nil {
		edit(&cfg)
	}
	s, err := NewScope(cfg)
	if err != nil {
		t.Fatalf("NewScope: %v", err)
	}
	return s
}

func TestScopeDecide(t *testing.T) {
	const (
		css     = "https://minusma.unmissions.org/sites/default/files/advagg_css/x.css"
		twitter = "https://platform.twitter.com/widgets.js"
	)
	tests := []struct {
		name     string
		edit     func(*ScopeConfig)
		url, via string
		hops     string
		allowed  bool
		rule     string
	}{
		{"seed", nil, minusmaHome, "", "", true, "seed"},
		{"seed on another host", nil, "https://www.un.org/", "", "", true, "seed"},
		{"seed redirect off-site", nil, "https://www.un.org/en", "", "R", true, "seed-redirect"},
		{"in-scope link", nil, "https://minusma.unmissions.org/en/news", "", "L", true, "scope:domain"},
		{"http of seed host", nil, "http://minusma.unmissions.org/en/news", "", "L", true, "scope:domain"},
		{"subdomain other port", nil, "http://mikadofm.minusma.unmissions.org:8001/stream", "", "LE", true, "scope:domain"},
		{"parent domain", nil, "https://www.unmissions.org/", "", "L", false, "offsite"},
		{"suffix not subdomain", nil, "https://evilminusma.unmissions.org/", "", "L", false, "offsite"},
		{"off-site link", nil, "http://www.un.org/en/aboutun/copyright/", "", "L", false, "offsite"},
		{"off-site embed", nil, twitter, "", "LE", true, "transclusion"},
		{"off-site embed of seed", nil, twitter, "", "E", true, "transclusion"},
		{"off-site embed of embed", nil, "https://fonts.example/f.woff", "", "LEE", false, "offsite"},
		{"off-site embed of in-scope css", nil, "https://fonts.example/f.woff", css, "LEE", true, "transclusion"},
		{"off-site embed of off-site css", nil, "https://fonts.example/f.woff", "https://cdn.example/x.css", "LEE", false, "offsite"},
		{"embed that redirected", nil, "https://cdn.example/img.png", "", "LER", true, "transclusion"},
		{"link that redirected off-site", nil, "https://www.un.org/", "", "LR", false, "offsite"},
		{"embed of off-site page", nil, twitter, "", "LLE", true, "transclusion"},
		{"no transclusion", func(c *ScopeConfig) { c.TransclusionHops = 0 }, twitter, "", "LE", false, "offsite"},
		{"two transclusion hops", func(c *ScopeConfig) { c.TransclusionHops = 2 }, "https://fonts.example/f.woff", "", "LEE", true, "transclusion"},
		{"speculative off-site", nil, twitter, "", "LX", false, "offsite"},
		{"exclude in scope", func(c *ScopeConfig) { c.Exclude = []string{`/en/jobs$`} },
			"https://minusma.unmissions.org/en/jobs", "", "L", false, "exclude:/en/jobs$"},
		{"exclude spares seed", func(c *ScopeConfig) { c.Exclude = []string{`minusma`} }, minusmaHome, "", "", true, "seed"},
		{"include off-site", func(c *ScopeConfig) { c.Include = []string{`^https?://www\.un\.org/en/`} },
			"http://www.un.org/en/aboutun/fraudalert/", "", "L", true, `include:^https?://www\.un\.org/en/`},
		{"exclude beats include", func(c *ScopeConfig) {
			c.Include = []string{`un\.org`}
			c.Exclude = []string{`fraud`}
		}, "http://www.un.org/en/aboutun/fraudalert/", "", "L", false, "exclude:fraud"},
		{"max hops reached", func(c *ScopeConfig) { c.MaxHops = 2 }, "https://minusma.unmissions.org/en/a", "", "LL", true, "scope:domain"},
		{"max hops exceeded", func(c *ScopeConfig) { c.MaxHops = 2 }, "https://minusma.unmissions.org/en/a", "", "LSL", false, "max-hops"},
		{"embeds do not count as hops", func(c *ScopeConfig) { c.MaxHops = 2 }, "https://minusma.unmissions.org/a.png", "", "LLE", true, "scope:domain"},
		{"host mode same host", func(c *ScopeConfig) { c.Mode = ScopeHost }, "https://minusma.unmissions.org:8443/x", "", "L", true, "scope:host"},
		{"host mode subdomain", func(c *ScopeConfig) { c.Mode = ScopeHost }, "http://mikadofm.minusma.unmissions.org:8001/", "", "L", false, "offsite"},
		{"prefix mode other port", func(c *ScopeConfig) {
			c.Mode, c.Seeds = ScopePrefix, []string{"https://minusma.unmissions.org/en/news/index.html"}
		}, "http://minusma.unmissions.org:443/en/news/2023/x", "", "L", false, "offsite"},
		{"prefix mode inside", func(c *ScopeConfig) {
			c.Mode, c.Seeds = ScopePrefix, []string{"https://minusma.unmissions.org/en/news/index.html"}
		}, "https://minusma.unmissions.org/en/news/2023/x", "", "L", true, "scope:prefix"},
		{"prefix mode other scheme", func(c *ScopeConfig) {
			c.Mode, c.Seeds = ScopePrefix, []string{"https://minusma.unmissions.org/en/news/index.html"}
		}, "http://minusma.unmissions.org/en/news/", "", "L", true, "scope:prefix"},
		{"prefix mode outside", func(c *ScopeConfig) {
			c.Mode, c.Seeds = ScopePrefix, []string{"https://minusma.unmissions.org/en/news/index.html"}
		}, "https://minusma.unmissions.org/en/newsletter", "", "L", false, "offsite"},
		{"trap repeated segment", nil, "https://minusma.unmissions.org/en/a/a/a/a", "", "L", false, "trap:repeated-segment"},
		{"trap calendar", nil, "https://minusma.unmissions.org/events/2099/01/", "", "L", false, "trap:calendar"},
		{"trap on transclusion", nil, "https://cdn.example/" + strings.Repeat("x", 2100), "", "LE", false, "trap:url-length"},
		{"seed skips traps", nil, "https://minusma.unmissions.org/en/a/a/a/a", "", "", true, "seed"},
		{"archive years pass", nil, "https://minusma.unmissions.org/en/2013/07/minusma-starts", "", "L", true, "scope:domain"},
		{"not http", nil, "ftp://minusma.unmissions.org/x", "", "L", false, "scheme"},
		{"no host", nil, "https:///x", "", "L", false, "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestScope(t, tt.edit)
			c := Candidate{URL: mustParse(t, tt.url), HopPath: tt.hops}
			if tt.via != "" {
				c.Via = mustParse(t, tt.via)
			}
			d := s.Decide(c)
			if d.Allowed != tt.allowed || d.Rule != tt.rule {
				t.Errorf("Decide = %+v, want allowed=%v rule=%q", d, tt.allowed, tt.rule)
			}
			if d.Reason == "" {
				t.Errorf("Decide(%s) gave no reason", tt.url)
			}
		})
	}
}

func TestScopeDecideNilURL(t *testing.T) {
	d := newTestScope(t, nil).Decide(Candidate{HopPath: "L"})
	if d.Allowed || d.Rule != "invalid" {
		t.Errorf("Decide(nil) = %+v", d)
	}
}

func TestNewScopeErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*ScopeConfig)
		want string
	}{
		{"no seeds", func(c *ScopeConfig) { c.Seeds = nil }, "no seeds"},
		{"bad mode", func(c *ScopeConfig) { c.Mode = "site" }, `unknown scope mode "site"`},
		{"bad include", func(c *ScopeConfig) { c.Include = []string{"(un"} }, `include regex "(un"`},
		{"bad exclude", func(c *ScopeConfig) { c.Exclude = []string{"ok", "a[z"} }, `exclude regex "a[z"`},
		{"bad seed", func(c *ScopeConfig) { c.Seeds = []string{"mailto:info@un.org"} }, "seed: canonicalize"},
		{"negative hops", func(c *ScopeConfig) { c.MaxHops = -1 }, "must not be negative"},
		{"negative trap", func(c *ScopeConfig) { c.Traps.MaxPathDepth = -1 }, "trap limits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultScopeConfig()
			cfg.Seeds = []string{minusmaHome}
			tt.edit(&cfg)
			_, err := NewScope(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewScope error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestNewScopeSeedErrorWrapsSentinel(t *testing.T) {
	cfg := DefaultScopeConfig()
	cfg.Seeds = []string{"javascript:void(0)"}
	if _, err := NewScope(cfg); !errors.Is(err, ErrUnsupportedScheme) {
		t.Fatalf("NewScope error = %v, want ErrUnsupportedScheme", err)
	}
}

func TestScopeDefaults(t *testing.T) {
	s, err := NewScope(ScopeConfig{Seeds: []string{minusmaHome}})
	if err != nil {
		t.Fatal(err)
	}
	// Zero config: domain mode, no transclusion, no traps.
	if d := s.Decide(Candidate{URL: mustParse(t, "https://a.minusma.unmissions.org/x/x/x/x"), HopPath: "L"}); d.Rule != "scope:domain" {
		t.Errorf("zero config in-scope = %+v", d)
	}
	if d := s.Decide(Candidate{URL: mustParse(t, "https://cdn.example/x.png"), HopPath: "LE"}); d.Allowed {
		t.Errorf("zero config transclusion = %+v", d)
	}
	def := DefaultScopeConfig()
	if def.Mode != ScopeDomain || def.TransclusionHops != 1 || def.Traps.MaxURLLength != 2048 || def.Traps.Year != 0 {
		t.Errorf("DefaultScopeConfig() = %+v", def)
	}
}

func TestScopeConcurrent(t *testing.T) {
	s := newTestScope(t, nil)
	u := mustParse(t, "https://minusma.unmissions.org/en/news")
	done := make(chan bool)
	for range 4 {
		go func() {
			for range 100 {
				s.Decide(Candidate{URL: u, HopPath: "L", Via: &url.URL{Scheme: "https", Host: "minusma.unmissions.org"}})
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}

func TestEmbedRun(t *testing.T) {
	tests := map[string]int{"": 0, "L": 0, "E": 1, "LE": 1, "LEE": 2, "LER": 1, "LERE": 2, "LEP": 1, "LR": 0, "ELX": 0, "EEL": 0}
	for path, want := range tests {
		if got := embedRun(path); got != want {
			t.Errorf("embedRun(%q) = %d, want %d", path, got, want)
		}
	}
}

// TestScopeWWWSeed: a www. seed stands for its domain: the bare host and
// the site's other subdomains are in scope, other domains are not.
func TestScopeWWWSeed(t *testing.T) {
	cfg := DefaultScopeConfig()
	cfg.Seeds = []string{"http://www.mission.test/en"}
	s, err := NewScope(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]bool{
		"http://mission.test/fr":             true,
		"http://media.mission.test/gallery/": true,
		"http://www.mission.test/en/about":   true,
		"http://www.othermission.test/":      false,
		"http://mission.test.evil.example/":  false,
	} {
		u, _ := Canonicalize(raw, nil)
		if d := s.Decide(Candidate{URL: u, HopPath: "L"}); d.Allowed != want {
			t.Errorf("%s: %+v, want allowed=%v", raw, d, want)
		}
	}
}

// TestScopeOnSite: the site is the seeds' scope, whatever an exclusion or a
// trap rule refuses in it; another host, an included off-site URL and a
// non-http URL are not on it.
func TestScopeOnSite(t *testing.T) {
	s := newTestScope(t, func(c *ScopeConfig) {
		c.Exclude = []string{`/private/`}
		c.Include = []string{`^https://www\.un\.org/`}
	})
	for raw, want := range map[string]bool{
		"https://minusma.unmissions.org/en/news":            true,
		"https://minusma.unmissions.org/private/minutes":    true, // excluded, still the site's
		"https://minusma.unmissions.org/en/agenda?month=1":  true,
		"http://mikadofm.minusma.unmissions.org:8001/radio": true,
		"https://www.un.org/en":                             false, // included, another site
		"https://evilminusma.unmissions.org/":               false,
		"mailto:info@minusma.unmissions.org":                false,
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.OnSite(u); got != want {
			t.Errorf("OnSite(%s) = %v, want %v", raw, got, want)
		}
	}
}
