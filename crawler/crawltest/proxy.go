package crawltest

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"sync"
	"time"
)

// StartProxy starts an HTTP forward proxy on 127.0.0.1 for clients that
// cannot be told where the replica's hosts are (GNU wget has no --resolve):
// CONNECT host:port is tunnelled, byte for byte, to where DialContext sends
// it, and absolute-URI http:// requests are forwarded through a Transport
// that neither follows redirects nor touches compression. It returns the
// proxy's "127.0.0.1:port". Close stops it and cuts its tunnels. It needs
// Start first; each call starts another proxy.
func (r *Replica) StartProxy() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.addrs == nil || r.closed {
		return "", errors.New("crawltest: start the replica before its proxy")
	}
	ln, err := listenLoopback()
	if err != nil {
		return "", err
	}
	p := newProxy(r)
	r.proxies = append(r.proxies, p)
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	r.serve(srv, ln, nil)
	return ln.Addr().String(), nil
}

// proxy is the forward proxy; it owns the tunnels it hijacked from its
// server, which http.Server.Close does not track.
type proxy struct {
	tr      *http.Transport
	forward *httputil.ReverseProxy

	mu      sync.Mutex
	closed  bool
	tunnels map[net.Conn]struct{}
	wg      sync.WaitGroup
}

func newProxy(r *Replica) *proxy {
	tr := r.Transport()
	tr.DisableCompression = true
	p := &proxy{tr: tr, tunnels: map[net.Conn]struct{}{}}
	p.forward = &httputil.ReverseProxy{
		Rewrite:   func(pr *httputil.ProxyRequest) { pr.Out.Host = pr.In.Host },
		Transport: tr,
		ErrorLog:  log.New(io.Discard, "", 0),
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			http.Error(w, "crawltest proxy: "+err.Error(), http.StatusBadGateway)
		},
	}
	return p
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	switch {
	case req.Method == http.MethodConnect:
		p.connect(w, req)
	case req.URL.Scheme == "http" && req.URL.Host != "":
		p.forward.ServeHTTP(w, req)
	default:
		http.Error(w, "crawltest proxy: send CONNECT or an absolute http:// URI", http.StatusBadRequest)
	}
}

// connect answers CONNECT: it dials the target, then tunnels in both
// directions until both ends have finished or the proxy closes.
func (p *proxy) connect(w http.ResponseWriter, req *http.Request) {
	target := req.Host
	if _, _, err := net.SplitHostPort(target); err != nil {
		target = net.JoinHostPort(target, "443")
	}
	up, err := p.tr.DialContext(req.Context(), "tcp", target)
	if err != nil {
		http.Error(w, "crawltest proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	client, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		up.Close()
		http.Error(w, "crawltest proxy: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if !p.track(client, up) {
		client.Close()
		up.Close()
		return
	}
	defer p.untrack(client, up)
	if _, err := io.WriteString(client, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	tunnel(client, buf.Reader, up)
}

// tunnel copies both ways; when one side stops sending, the other side's
// write half is closed, so each end sees EOF in turn.
func tunnel(client net.Conn, fromClient *bufio.Reader, up net.Conn) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(up, fromClient)
		closeWrite(up)
	}()
	io.Copy(client, up)
	closeWrite(client)
	<-done
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
		return
	}
	c.Close()
}

// track registers a tunnel's connections, unless the proxy is closed.
func (p *proxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	for _, c := range conns {
		p.tunnels[c] = struct{}{}
	}
	p.wg.Add(1)
	return true
}

func (p *proxy) untrack(conns ...net.Conn) {
	p.mu.Lock()
	for _, c := range conns {
		delete(p.tunnels, c)
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Done()
}

// close cuts every tunnel, waits for them and drops idle forwarding
// connections. The proxy's server is closed with the replica's others.
func (p *proxy) close() {
	p.mu.Lock()
	p.closed = true
	for c := range p.tunnels {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	p.tr.CloseIdleConnections()
}
