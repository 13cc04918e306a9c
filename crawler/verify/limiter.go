package verify

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// limiter bounds the requests in flight overall and per host, and paces
// each host's requests. It is taken around each request (one hop of a
// chain), not around a whole check, so a redirect to another host is
// limited by that host.
//
// A request waits, in this order, for a slot of its host, then for its
// host's rate, then for an overall slot: a request never holds an overall
// slot while it waits on one busy or slow host, so other hosts keep going.
type limiter struct {
	overall chan struct{}
	perHost int
	rate    rate.Limit

	mu    sync.Mutex
	hosts map[string]*hostLimit
}

type hostLimit struct {
	slots chan struct{}
	pace  *rate.Limiter
}

func newLimiter(overall, perHost int, perSecond float64) *limiter {
	return &limiter{
		overall: make(chan struct{}, overall),
		perHost: perHost,
		rate:    rate.Limit(perSecond),
		hosts:   make(map[string]*hostLimit),
	}
}

// hostKey is what the limits are counted per: the lower-case host name and
// the port, explicit or the scheme's default ("example.org:443").
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// host returns the limits of host (a hostKey), made on first use.
func (l *limiter) host(host string) *hostLimit {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hosts[host]
	if h == nil {
		h = &hostLimit{slots: make(chan struct{}, l.perHost), pace: rate.NewLimiter(l.rate, 1)}
		l.hosts[host] = h
	}
	return h
}

// acquire waits for a request to host to be allowed. The returned release
// must be called once the response body is closed.
func (l *limiter) acquire(ctx context.Context, host string) (release func(), err error) {
	h := l.host(host)
	if err := take(ctx, h.slots); err != nil {
		return nil, err
	}
	if err := h.pace.Wait(ctx); err != nil {
		<-h.slots
		return nil, err
	}
	if err := take(ctx, l.overall); err != nil {
		<-h.slots
		return nil, err
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-l.overall
			<-h.slots
		})
	}, nil
}

// take puts a token into sem, waiting while it is full.
func take(ctx context.Context, sem chan struct{}) error {
	select {
	case sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Paced wraps next so that its requests keep the checker's limits, per host
// and overall: a RobotsGate's robots.txt fetches then count with the checks.
func (c *Checker) Paced(next http.RoundTripper) http.RoundTripper {
	return pacedTransport{lim: c.lim, next: next}
}

type pacedTransport struct {
	lim  *limiter
	next http.RoundTripper
}

func (p pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	release, err := p.lim.acquire(req.Context(), hostKey(req.URL))
	if err != nil {
		return nil, err
	}
	resp, err := p.next.RoundTrip(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// releasingBody gives the request's slot back when its body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
