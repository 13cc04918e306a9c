package verify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// DefaultUserAgent is the checker's User-Agent: the crawler's, so a site
// owner sees one name for salvage (a test keeps the two equal; verify does not
// import crawler to stay a leaf).
const DefaultUserAgent = "Mozilla/5.0 (compatible; salvage/0.1; +https://github.com/salvage-archive/salvage)"

// MaxBody is how much decoded text of a final HTML body is read for markers.
const MaxBody = 64 << 10

// MaxRetryAfter caps how long a server's Retry-After makes a check wait.
const MaxRetryAfter = 30 * time.Second

// CheckerConfig configures a Checker. The zero value of every field means its
// documented default.
type CheckerConfig struct {
	// Transport sends every request. nil: a new *http.Transport (HTTP/1.1 and
	// h2) built from Dial, RootCAs and Insecure, which apply only to it.
	Transport http.RoundTripper
	Dial      func(ctx context.Context, network, addr string) (net.Conn, error) // nil: net.Dialer
	RootCAs   *x509.CertPool                                                    // nil: the system roots
	Insecure  bool                                                              // skip certificate verification
	// AllowPrivate lets the built-in dialer connect to loopback, private,
	// link-local and multicast addresses. By default such a host is refused
	// before anything is sent (policy.ErrPrivate): a link on an archived page
	// must not reach into the checking machine's network. A Dial of your own
	// decides for itself (return ErrPrivateAddress to refuse).
	AllowPrivate bool

	UserAgent    string        // default DefaultUserAgent
	PerHost      int           // requests in flight per host:port; default 2
	Overall      int           // requests in flight overall; default 16
	RatePerHost  float64       // requests per second per host:port; default 4
	Timeout      time.Duration // per request, headers and body read; default 15s
	Retries      int           // retries of 429, 503 and a reset connection; default 2, negative: none
	MaxRedirects int           // redirects followed; default 10, negative: none

	Rules *policy.LinkRules // default policy.DefaultLinkRules()
	Cache *Cache            // optional: results are read from and written to it
	// Shared is optional: results other processes of the crawl stored are
	// read from it (after Cache), and each live check's result is written to it.
	Shared  SharedResults
	NoProbe bool // skip the soft-404 probe

	Clock func() time.Time                                 // default time.Now
	Sleep func(ctx context.Context, d time.Duration) error // default: a timer that ctx can cut short
}

// Validate reports every negative limit and every inconsistent setting.
func (c *CheckerConfig) Validate() error {
	var errs []error
	if c.PerHost < 0 {
		errs = append(errs, fmt.Errorf("negative per-host concurrency %d", c.PerHost))
	}
	if c.Overall < 0 {
		errs = append(errs, fmt.Errorf("negative overall concurrency %d", c.Overall))
	}
	if c.RatePerHost < 0 || math.IsNaN(c.RatePerHost) {
		errs = append(errs, fmt.Errorf("invalid per-host rate %v", c.RatePerHost))
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("negative timeout %s", c.Timeout))
	}
	if c.Transport != nil && (c.Dial != nil || c.RootCAs != nil || c.Insecure || c.AllowPrivate) {
		errs = append(errs, errors.New("Dial, RootCAs, Insecure and AllowPrivate configure the built-in transport: set them on Transport instead"))
	}
	return errors.Join(errs...)
}

func (c *CheckerConfig) setDefaults() {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	c.PerHost = orDefault(c.PerHost, 2)
	c.Overall = orDefault(c.Overall, 16)
	if c.RatePerHost == 0 {
		c.RatePerHost = 4
	}
	if c.Timeout == 0 {
		c.Timeout = 15 * time.Second
	}
	c.Retries = countDefault(c.Retries, 2)
	c.MaxRedirects = countDefault(c.MaxRedirects, 10)
	if c.Rules == nil {
		c.Rules = policy.DefaultLinkRules()
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// countDefault: zero means def, negative means none.
func countDefault(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// transport builds the default transport. Compression is off because the
// checker asks for gzip itself and decodes it, with any transport.
func (c *CheckerConfig) transport() *http.Transport {
	dial := c.Dial
	if dial == nil {
		d := &net.Dialer{Timeout: c.Timeout, KeepAlive: 30 * time.Second}
		if !c.AllowPrivate {
			d.ControlContext = RefusePrivate
		}
		dial = d.DialContext
	}
	return &http.Transport{
		DialContext:           icyDial(dial),
		TLSClientConfig:       &tls.Config{RootCAs: c.RootCAs, InsecureSkipVerify: c.Insecure}, //nolint:gosec // the user asked
		ForceAttemptHTTP2:     true,
		DisableCompression:    true,
		MaxIdleConns:          2 * c.Overall,
		MaxIdleConnsPerHost:   c.PerHost,
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   c.Timeout,
		ResponseHeaderTimeout: c.Timeout,
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
