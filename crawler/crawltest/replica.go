package crawltest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// Replica serves minusma.unmissions.org, its radio stream and the off-site
// hosts it links, all on 127.0.0.1. Create it with New, then Start; Close
// stops it. Its methods are safe for concurrent use.
type Replica struct {
	cfg   Config
	site  *site
	ca    *authority
	stats *stats

	mu        sync.Mutex
	started   bool
	closed    bool
	radioDown bool              // the radio's port is closed
	addrs     map[string]string // listener name -> "127.0.0.1:port"
	servers   []*http.Server
	radio     *radio
	proxies   []*proxy
	wg        sync.WaitGroup
}

// New validates cfg and prepares the replica: certificates and the site's
// indexes. Nothing listens before Start.
func New(cfg Config) (*Replica, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("crawltest config: %w", err)
	}
	cfg = cfg.withDefaults()
	s, err := newSite(cfg, seedHTML)
	if err != nil {
		return nil, fmt.Errorf("crawltest site: %w", err)
	}
	names := append([]string{siteHost, "*." + siteHost}, externalNames()...)
	ca, err := newAuthority(names, time.Now())
	if err != nil {
		return nil, fmt.Errorf("crawltest certificates: %w", err)
	}
	return &Replica{cfg: cfg, site: s, ca: ca, stats: newStats(cfg.Log), radioDown: cfg.RadioDown}, nil
}

// Start opens the five loopback listeners and serves (with Config.RadioDown
// the radio's listener is closed at once: see SetRadioDown). It fails if
// called twice.
func (r *Replica) Start() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return errors.New("crawltest: replica already started")
	}
	lns, err := listenAll()
	if err != nil {
		return err
	}
	r.started = true
	r.addrs = map[string]string{}
	for name, ln := range lns {
		r.addrs[name] = ln.Addr().String()
	}
	r.serve(r.newServer("https", r.site), lns[lnSite], r.ca.serverConfig())
	r.serve(r.newServer("http", http.HandlerFunc(httpsRedirect)), lns[lnSitePlain], nil)
	ext, _ := r.site.externalURLs()
	pages := offsitePages(ext)
	r.serve(r.newServer("https", externalSite{secure: true, slow: r.cfg.SlowDelay, pages: pages}), lns[lnExt], r.ca.serverConfig())
	r.serve(r.newServer("http", externalSite{slow: r.cfg.SlowDelay, pages: pages}), lns[lnExtPlain], nil)
	if r.radioDown {
		lns[lnRadio].Close() // the port now refuses connections
	} else {
		r.startRadio(lns[lnRadio])
	}
	return nil
}

// SetRadioDown takes the radio off the air (down: its port is closed, so
// connections are refused, and open streams are cut) or puts it back on,
// on the same port. Manifest's StreamBehaviour follows. It needs Start.
func (r *Replica) SetRadioDown(down bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.addrs == nil || r.closed {
		return errors.New("crawltest: the replica is not running")
	}
	if down == r.radioDown {
		return nil
	}
	if down {
		r.radioDown = true
		rd := r.radio
		r.radio = nil
		rd.Close()
		return nil
	}
	ln, err := net.Listen("tcp", r.addrs[lnRadio])
	if err != nil {
		return fmt.Errorf("crawltest: radio back on air: %w", err)
	}
	r.radioDown = false
	r.startRadio(ln)
	return nil
}

// startRadio serves the stream on ln; r.mu is held.
func (r *Replica) startRadio(ln net.Listener) {
	rd := newRadio(ln, r.ca.serverConfig(), r.cfg.Latency, r.stats)
	r.radio = rd
	r.wg.Add(1)
	go func() { defer r.wg.Done(); rd.serve() }()
}

func listenAll() (map[string]net.Listener, error) {
	lns := map[string]net.Listener{}
	for _, name := range []string{lnSite, lnSitePlain, lnRadio, lnExt, lnExtPlain} {
		ln, err := listenLoopback()
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, err
		}
		lns[name] = ln
	}
	return lns, nil
}

// Close stops every server, proxy and stream and waits for them. It is
// safe to call more than once, and before Start.
func (r *Replica) Close() {
	r.mu.Lock()
	servers, rd, proxies := r.servers, r.radio, r.proxies
	r.servers, r.radio, r.proxies = nil, nil, nil
	r.closed = true
	r.mu.Unlock()
	for _, srv := range servers {
		srv.Close()
	}
	for _, p := range proxies {
		p.close()
	}
	if rd != nil {
		rd.Close()
	}
	r.wg.Wait()
	r.stats.idle(5 * time.Second)
}

// Hosts are the host names the replica serves: the site, the radio, the
// site's media host and every off-site host, in that order (the off-site
// ones sorted).
func (r *Replica) Hosts() []string {
	return append([]string{siteHost, radioHost, mediaHost}, externalNames()...)
}

// ResolveSpecs are curl --resolve entries extended with the dial port
// ("HOST:PORT:127.0.0.1:DIALPORT"), one per served host and port (the site,
// its radio, its media host, the off-site hosts, in Hosts order), then the
// catch-alls "*:443:..." and "*:80:..." that send every other host to the
// off-site servers (which answer 404), so nothing leaves loopback. Nil
// before Start.
func (r *Replica) ResolveSpecs() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.addrs == nil {
		return nil
	}
	spec := func(host, port, ln string) string { return host + ":" + port + ":" + r.addrs[ln] }
	specs := []string{spec(siteHost, "443", lnSite), spec(siteHost, "80", lnSitePlain), spec(radioHost, radioPort, lnRadio),
		spec(mediaHost, "443", lnSite), spec(mediaHost, "80", lnSitePlain)}
	for _, h := range externalNames() {
		specs = append(specs, spec(h, "443", lnExt), spec(h, "80", lnExtPlain))
	}
	return append(specs, spec("*", "443", lnExt), spec("*", "80", lnExtPlain))
}

// DialContext dials addr ("host:port") where ResolveSpecs sends it; it
// refuses what they do not cover. Use it as a transport's DialContext.
func (r *Replica) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	target, err := r.lookup(addr)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	return d.DialContext(ctx, network, target)
}

func (r *Replica) lookup(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("crawltest dial %s: %w", addr, err)
	}
	host = hostOnly(host)
	for _, s := range r.ResolveSpecs() {
		f := strings.SplitN(s, ":", 3) // host, port, "127.0.0.1:dialport"
		if (f[0] == host || f[0] == "*") && f[1] == port {
			return f[2], nil
		}
	}
	return "", fmt.Errorf("crawltest dial %s: not served by the replica (started?)", addr)
}

// CACertPEM is the replica CA's certificate in PEM.
func (r *Replica) CACertPEM() []byte { return append([]byte(nil), r.ca.caPEM...) }

// WriteCAFile writes CACertPEM to path (mode 0644).
func (r *Replica) WriteCAFile(path string) error {
	if err := os.WriteFile(path, r.ca.caPEM, 0o644); err != nil {
		return fmt.Errorf("write ca file: %w", err)
	}
	return nil
}

// CertPool is a new pool holding only the replica CA.
func (r *Replica) CertPool() *x509.CertPool { return r.ca.pool() }

// Transport is a new HTTP/1.1 transport that dials through DialContext and
// trusts only the replica CA. Redirect handling is the client's.
func (r *Replica) Transport() *http.Transport {
	return &http.Transport{
		DialContext:         r.DialContext,
		TLSClientConfig:     &tls.Config{RootCAs: r.CertPool()},
		MaxIdleConnsPerHost: 8,
	}
}

// streamBehaviour is ExternalStream, or ExternalRefused while the radio is down.
func (r *Replica) streamBehaviour() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.radioDown {
		return ExternalRefused
	}
	return ExternalStream
}

// MaxInFlight is the largest number of concurrent requests host has seen
// (host without port, any scheme).
func (r *Replica) MaxInFlight(host string) int { return r.stats.maxInFlight(host) }

// Requests are the requests answered so far, in the order their status was
// decided.
func (r *Replica) Requests() []Hit { return r.stats.requests() }
