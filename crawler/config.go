package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// DefaultUserAgent names salvage and where to read about it, so site owners
// can tell who is crawling them.
const DefaultUserAgent = "Mozilla/5.0 (compatible; salvage/0.1; +https://github.com/salvage-archive/salvage)"

// Config is a crawl's configuration. The zero value of every optional field
// means the documented default.
type Config struct {
	Seeds     []string          // absolute http(s) URLs; required
	Scope     *policy.Scope     // required
	Transport http.RoundTripper // required: the recording transport
	Sink      Sink              // required: receives every Event
	Frontier  Frontier          // where URLs wait (e.g. crawler/frontier's durable stores); nil: in memory
	Robots    RobotsStore       // robots.txt files shared with the crawl's other processes; nil: this process only

	// EarlierURLs are an earlier crawl's URLs (salvage crawl --previous),
	// queued at the start through the scope (earlier.go), so a page no
	// longer linked from anywhere is still checked.
	EarlierURLs []EarlierURL
	// EarlierPages reads a 304 Not Modified page's links from its earlier
	// capture; nil: a 304 yields no links.
	EarlierPages EarlierPages

	Workers         int           // fetches in flight overall; default 8
	HostConcurrency int           // fetches in flight per host:port; default 2
	Delay           time.Duration // pause per host:port after each fetch; robots Crawl-delay wins when longer
	UserAgent       string        // default DefaultUserAgent
	IgnoreRobots    bool          // fetch and archive robots.txt, but do not obey it
	NoSitemaps      bool          // do not follow the Sitemap: lines of robots.txt
	RequisitesOnly  bool          // fetch the seeds, their requisites and redirects, but follow no links (patch crawls)
	NoFeedElements  bool          // leave Event.Elements empty (nobody reads them, e.g. no link report): ~6% of a crawl's CPU
	MaxHTMLParse    int           // bytes of an HTML or CSS body parsed for links; default 32 MiB (the WARC keeps the whole body)
	MaxPagesPerHost int           // HTML pages per host; 0 = unlimited
	NoveltyLimit    int           // barren pages in a row that close a URL family (novelty.go); default NoveltyLimit, negative: off
	MaxRetries      int           // retries allowed by the retry rules (policy.RetryRuleFor); default 3
	// MaxRedirects is the most redirects followed in a row, across frontier
	// hops (a hop path's trailing Rs); the target of one more is refused as
	// too-many-redirects. Default DefaultMaxRedirects; negative: none followed.
	MaxRedirects int
	// MaxOutlinks is the most links taken from one page (embeds first, then
	// the rest, each in document order; a redirect's Location always); the
	// rest are dropped and counted (Event.OutlinksDropped). Default
	// DefaultMaxOutlinks; negative: no cap.
	MaxOutlinks int
	RetryDelay  time.Duration // first backoff when no Retry-After; default 5s, doubled each retry
	// MaxWait caps every wait: a host's pause and a URL's own wait. A URL
	// whose server asks for longer is deferred to the next run (Deferrer).
	// Default 3m.
	MaxWait time.Duration
	// LongWait: a URL whose own wait is longer is set aside instead of
	// queued (Deferral.Until): fetched in this run if the crawl is still
	// running at its time, deferred to the next run if nothing else is left.
	// Default 30s.
	LongWait time.Duration
	Grace    time.Duration // after cancel, how long in-flight exchanges may finish; default 5s
	Clock    func() time.Time
	Logger   *slog.Logger
}

func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = 8
	}
	if c.HostConcurrency <= 0 {
		c.HostConcurrency = 2
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.MaxHTMLParse <= 0 {
		c.MaxHTMLParse = 32 << 20
	}
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	} else if c.MaxRetries == 0 {
		c.MaxRetries = 3
	}
	c.MaxRedirects = countOrDefault(c.MaxRedirects, DefaultMaxRedirects)
	c.MaxOutlinks = countOrDefault(c.MaxOutlinks, DefaultMaxOutlinks)
	if c.RetryDelay <= 0 {
		c.RetryDelay = 5 * time.Second
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 3 * time.Minute
	}
	if c.LongWait <= 0 {
		c.LongWait = 30 * time.Second
	}
	if c.NoveltyLimit == 0 {
		c.NoveltyLimit = NoveltyLimit
	} else if c.NoveltyLimit < 0 {
		c.NoveltyLimit = 0
	}
	if c.Grace <= 0 {
		c.Grace = 5 * time.Second
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Defaults of the crawl's limits: browsers and wget follow 20 redirects;
// Heritrix takes at most 6,000 outlinks from one page.
const (
	DefaultMaxRedirects = 20
	DefaultMaxOutlinks  = 6000
)

// countOrDefault is n, def for 0, and 0 for a negative n; with MaxOutlinks
// 0 is then read as no cap.
func countOrDefault(n, def int) int {
	switch {
	case n == 0:
		return def
	case n < 0:
		return 0
	}
	return n
}

// Validate reports every missing or inconsistent setting.
func (c *Config) Validate() error {
	var errs []error
	if c.Transport == nil {
		errs = append(errs, errors.New("no transport"))
	}
	if c.Sink == nil {
		errs = append(errs, errors.New("no event sink"))
	}
	return errors.Join(append(errs, c.ValidateSettings())...)
}

// ValidateSettings reports the first setting that cannot work, leaving out
// the parts only a running crawl has (Transport, Sink, Frontier, Robots), so
// a command can check its configuration before it opens anything.
func (c *Config) ValidateSettings() error {
	switch {
	case len(c.Seeds) == 0:
		return errors.New("no seed URL")
	case c.Scope == nil:
		return errors.New("no scope")
	}
	for _, n := range []struct {
		name string
		v    int
	}{{"workers", c.Workers}, {"host concurrency", c.HostConcurrency},
		{"max HTML parse", c.MaxHTMLParse}, {"max pages per host", c.MaxPagesPerHost}} {
		if n.v < 0 {
			return fmt.Errorf("negative %s %d", n.name, n.v)
		}
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"delay", c.Delay}, {"retry delay", c.RetryDelay}, {"max wait", c.MaxWait},
		{"long wait", c.LongWait}, {"grace", c.Grace}} {
		if d.v < 0 {
			return fmt.Errorf("negative %s %s", d.name, d.v)
		}
	}
	return nil
}
