package crawltest

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// DefaultArticles is the number of generated news articles when
// Config.Articles is zero.
const DefaultArticles = 20

// DefaultSlowDelay is how long slow.example.org waits before answering when
// Config.SlowDelay is zero.
const DefaultSlowDelay = 3 * time.Second

// maxArticles bounds Config.Articles; the replica generates everything on
// the fly, the bound only keeps the manifest a sane size.
const maxArticles = 1_000_000

// Config sets up a Replica. The zero value is a small, fast replica: 20
// generated articles, no added latency, no Crawl-delay, no access log, the
// radio on air; only https://slow.example.org/report is slow (3s), and
// media.minusma.unmissions.org answers 429 for 2s from its first request.
type Config struct {
	// Articles is the number of generated news articles (/en/news/article-K)
	// beyond those the seed links; 0 means DefaultArticles. They are listed
	// 10 per page on /en/news, /en/news?page=1, ...
	Articles int
	// Latency is added to every response (before its headers), on every host.
	Latency time.Duration
	// CrawlDelay is written as robots.txt's Crawl-delay; 0 writes none.
	CrawlDelay time.Duration
	// SlowDelay is how long https://slow.example.org/report waits before it
	// answers (after Latency); 0 means DefaultSlowDelay.
	SlowDelay time.Duration
	// RadioDown starts the replica with the radio's port closed:
	// connections to mikadofm.minusma.unmissions.org:8001 are refused, as
	// when the stream is off the air, and Manifest.StreamBehaviour says
	// "refused". Replica.SetRadioDown changes it while running.
	RadioDown bool
	// MediaThrottle is how long media.minusma.unmissions.org answers 429
	// (Retry-After: this, rounded up to seconds) from its first request;
	// 0 means DefaultMediaThrottle, a negative value never throttles.
	MediaThrottle time.Duration
	// Version is the site's version: 0 or 1 is the site as it closed, 2 the
	// same site a month later (revision.go: pages edited, removed, moved
	// with a 301 and unlinked, new pages, a PDF replaced); Changes lists
	// what changed between two versions.
	Version int
	// Log, if set, receives one JSON line per request: time, host, method,
	// path, status, bytes, in_flight. Writes are serialised.
	Log io.Writer
}

// Validate reports every bad field.
func (c Config) Validate() error {
	var errs []error
	if c.Articles < 0 || c.Articles > maxArticles {
		errs = append(errs, fmt.Errorf("articles %d: want 0..%d", c.Articles, maxArticles))
	}
	if c.Latency < 0 {
		errs = append(errs, fmt.Errorf("latency %v: want >= 0", c.Latency))
	}
	if c.CrawlDelay < 0 {
		errs = append(errs, fmt.Errorf("crawl delay %v: want >= 0", c.CrawlDelay))
	}
	if c.Version < 0 || c.Version > LatestVersion {
		errs = append(errs, fmt.Errorf("version %d: want 0..%d", c.Version, LatestVersion))
	}
	if c.SlowDelay < 0 {
		errs = append(errs, fmt.Errorf("slow delay %v: want >= 0", c.SlowDelay))
	}
	return errors.Join(errs...)
}

// withDefaults returns c with zero fields replaced by their defaults.
func (c Config) withDefaults() Config {
	if c.Articles == 0 {
		c.Articles = DefaultArticles
	}
	if c.SlowDelay == 0 {
		c.SlowDelay = DefaultSlowDelay
	}
	if c.MediaThrottle == 0 {
		c.MediaThrottle = DefaultMediaThrottle
	}
	return c
}
