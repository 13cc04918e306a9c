package verify

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/salvage-archive/salvage/policy"
)

// Result is what one live check of a URL found.
type Result struct {
	URL         string             `json:"url"`             // as asked, trimmed
	Chain       []Hop              `json:"chain,omitempty"` // every request, Locations resolved
	FinalURL    string             `json:"finalUrl,omitempty"`
	Status      int                `json:"status,omitempty"` // the last answer's status; 0 when none
	ContentType string             `json:"contentType,omitempty"`
	Class       policy.LinkClass   `json:"class"`
	Evidence    string             `json:"evidence,omitempty"`
	Error       string             `json:"error,omitempty"` // the transport error behind Observation.Err
	CheckedAt   time.Time          `json:"checkedAt"`
	Duration    time.Duration      `json:"duration"`
	Observation policy.Observation `json:"observation"` // what Rules classified
	Cached      bool               `json:"-"`           // served from the Cache
}

// Checker checks links live. It is safe for concurrent use: concurrent checks
// of one URL share one set of requests, and requests are limited per host
// and overall (see CheckerConfig).
type Checker struct {
	cfg    CheckerConfig
	rt     http.RoundTripper
	own    *http.Transport // the transport the checker made, closed by Close
	lim    *limiter
	flight singleflight.Group
	probes probes
}

// NewChecker validates cfg and returns a Checker.
func NewChecker(cfg CheckerConfig) (*Checker, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("link checker config: %w", err)
	}
	cfg.setDefaults()
	c := &Checker{cfg: cfg, rt: cfg.Transport, lim: newLimiter(cfg.Overall, cfg.PerHost, cfg.RatePerHost)}
	if c.rt == nil {
		c.own = cfg.transport()
		c.rt = c.own
	}
	c.probes.done = make(map[string]*policy.Probe)
	return c, nil
}

// Close closes the idle connections of the transport the checker made.
func (c *Checker) Close() error {
	if c.own != nil {
		c.own.CloseIdleConnections()
	}
	return nil
}

// Check checks rawURL and classifies it with the configured rules. A dead
// link is a result, not an error: Check always returns a Result. URLs that
// are not http(s) are classified without a request; a cache hit makes none.
// When ctx ends first, the result is ClassNotChecked with evidence
// "cancelled", and it is not cached.
func (c *Checker) Check(ctx context.Context, rawURL string) Result {
	rawURL = strings.TrimSpace(rawURL)
	start := c.cfg.Clock()
	u, res, done := c.screen(rawURL, start)
	if done {
		return res
	}
	if res, ok := c.cfg.Cache.getAt(rawURL, start); ok {
		return res
	}
	for {
		ch := c.flight.DoChan(rawURL, func() (any, error) { return c.check(ctx, rawURL, u) })
		select {
		case <-ctx.Done():
			return c.cancelled(rawURL, start, ctx.Err())
		case r := <-ch:
			if r.Err == nil {
				return clone(r.Val.(Result))
			}
			if ctx.Err() != nil {
				return c.cancelled(rawURL, start, ctx.Err())
			}
			// The caller that started the shared check was cancelled, this
			// one was not: check again.
		}
	}
}

// screen classifies, without a request, a URL that cannot or must not be
// fetched: unparsable, relative or without a host is malformed (through
// Rules), another scheme (mailto:, tel:, javascript:, data:, ftp: ...) is
// not-checked. done is false for an http(s) URL with a host.
func (c *Checker) screen(rawURL string, now time.Time) (u *url.URL, res Result, done bool) {
	u, err := url.Parse(rawURL)
	obs := policy.Observation{URL: rawURL}
	switch {
	case err != nil:
		obs.Err = policy.ErrMalformed
		return nil, c.classify(rawURL, obs, now, now, err.Error()), true
	case u.Scheme == "":
		obs.Err = policy.ErrMalformed
		return nil, c.classify(rawURL, obs, now, now, "not an absolute URL"), true
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, Result{URL: rawURL, Class: policy.ClassNotChecked, CheckedAt: now, Observation: obs,
			Evidence: "scheme: " + u.Scheme + ": links are not fetched"}, true
	case u.Host == "" || u.Hostname() == "":
		obs.Err = policy.ErrMalformed
		return nil, c.classify(rawURL, obs, now, now, "no host"), true
	}
	return u, Result{}, false
}

// check does the requests of one shared check. Its error is only ever the
// starting caller's cancellation.
func (c *Checker) check(ctx context.Context, rawURL string, u *url.URL) (Result, error) {
	start := c.cfg.Clock()
	if res, ok := c.fromShared(ctx, rawURL); ok {
		c.cfg.Cache.Put(res)
		return res, nil
	}
	obs, detail := c.follow(ctx, u, false)
	obs.URL = rawURL // as linked
	if c.wantsProbe(obs) {
		obs.Probe = c.probe(ctx, finalURL(obs))
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	res := c.classify(rawURL, obs, start, c.cfg.Clock(), detail)
	c.cfg.Cache.Put(res)
	if c.cfg.Shared != nil {
		c.cfg.Shared.Put(ctx, stripped(res))
	}
	return res, nil
}

// classify builds the Result of an observation.
func (c *Checker) classify(rawURL string, obs policy.Observation, start, end time.Time, detail string) Result {
	res := Result{
		URL: rawURL, Chain: hops(obs.Chain), FinalURL: finalURL(obs), Status: obs.Status,
		ContentType: obs.ContentType, Error: detail, CheckedAt: start, Duration: end.Sub(start), Observation: obs,
	}
	res.Class, res.Evidence = c.cfg.Rules.Classify(obs)
	return res
}

func (c *Checker) cancelled(rawURL string, start time.Time, err error) Result {
	return Result{URL: rawURL, Class: policy.ClassNotChecked, Evidence: "cancelled: " + err.Error(),
		CheckedAt: start, Duration: c.cfg.Clock().Sub(start), Observation: policy.Observation{URL: rawURL}}
}

// hops is the report's chain: Locations resolved against their hop's URL
// (the Observation keeps them as sent).
func hops(chain []policy.ObservedHop) []Hop {
	if len(chain) == 0 {
		return nil
	}
	out := make([]Hop, len(chain))
	for i, h := range chain {
		out[i] = Hop{URL: h.URL, Status: h.Status, Location: h.Location}
		if base, err := url.Parse(h.URL); err == nil && h.Location != "" {
			if loc, err := base.Parse(strings.TrimSpace(h.Location)); err == nil {
				out[i].Location = loc.String()
			}
		}
	}
	return out
}

func finalURL(obs policy.Observation) string {
	if len(obs.Chain) == 0 {
		return ""
	}
	return obs.Chain[len(obs.Chain)-1].URL
}

// clone copies the slices a shared result holds, so callers of one flight do
// not share them.
func clone(r Result) Result {
	r.Chain = slices.Clone(r.Chain)
	r.Observation.Chain = slices.Clone(r.Observation.Chain)
	r.Observation.Header = maps.Clone(r.Observation.Header)
	return r
}

// errCancelled marks a probe cut short by its starting caller.
var errCancelled = errors.New("cancelled")
