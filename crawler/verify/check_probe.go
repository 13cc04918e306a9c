package verify

import (
	"context"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/salvage-archive/salvage/policy"
)

// ProbePrefix starts the last path segment of every soft-404 probe URL, so a
// site owner can tell the probes in their logs.
const ProbePrefix = "salvage-probe-"

// probes remembers one soft-404 probe per scheme, host and directory.
type probes struct {
	mu     sync.Mutex
	done   map[string]*policy.Probe
	flight singleflight.Group
}

// wantsProbe: a 2xx HTML answer whose body was read, unless NoProbe. A 2xx
// PDF or image is what it says it is; only a page can be a soft 404.
func (c *Checker) wantsProbe(obs policy.Observation) bool {
	return !c.cfg.NoProbe && obs.Err == policy.ErrNone && !obs.Stream && !obs.RedirectLoop &&
		obs.Status/100 == 2 && obs.Body != ""
}

// probe asks for a random sibling of final (same directory, a slug no site
// has) and returns what came back, at most one probe per host and directory.
// nil when final does not parse or the check was cancelled.
func (c *Checker) probe(ctx context.Context, final string) *policy.Probe {
	u, err := url.Parse(final)
	if err != nil {
		return nil
	}
	key := strings.ToLower(u.Scheme+"://"+u.Host) + dir(u.EscapedPath())
	for ctx.Err() == nil {
		if p := c.probes.get(key); p != nil {
			return p
		}
		v, err, _ := c.probes.flight.Do(key, func() (any, error) { return c.runProbe(ctx, key) })
		if err == nil {
			return v.(*policy.Probe)
		}
	}
	return nil
}

func (p *probes) get(key string) *policy.Probe {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done[key]
}

// runProbe fetches the probe URL of key (scheme://host/dir/) with GET,
// following redirects, and stores the probe. Its only error is errCancelled.
func (c *Checker) runProbe(ctx context.Context, key string) (*policy.Probe, error) {
	u, err := url.Parse(key + ProbePrefix + slug(12))
	if err != nil {
		return nil, nil // a host that does not print back (an IPv6 zone): no probe
	}
	obs, _ := c.follow(ctx, u, true)
	if ctx.Err() != nil {
		return nil, errCancelled
	}
	p := &policy.Probe{URL: u.String(), Status: obs.Status, FinalURL: finalURL(obs), Body: obs.Body}
	c.probes.mu.Lock()
	c.probes.done[key] = p
	c.probes.mu.Unlock()
	return p, nil
}

// dir is the directory of an escaped path: everything up to its last '/'.
func dir(path string) string {
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "/"
	}
	return path[:i+1]
}

// slug is n random lower-case letters and digits.
func slug(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}
