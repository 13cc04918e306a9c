package crawltest

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"
)

// listener names, in ResolveSpecs order.
const (
	lnSite      = "site"       // https://minusma.unmissions.org and https://media.minusma.unmissions.org
	lnSitePlain = "site-plain" // http:// of both -> https
	lnRadio     = "radio"      // https://mikadofm.minusma.unmissions.org:8001
	lnExt       = "ext"        // every off-site host over https, and the *:443 catch-all
	lnExtPlain  = "ext-plain"  // every off-site host over http, and the *:80 catch-all
)

// listenLoopback opens a TCP listener on a random loopback port.
func listenLoopback() (net.Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	return ln, nil
}

// newServer is an http.Server for h behind the replica's instrumentation.
func (r *Replica) newServer(scheme string, h http.Handler) *http.Server {
	return &http.Server{
		Handler:           r.stats.instrument(scheme, r.cfg.Latency, h),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // TLS handshake failures are the client's test to report
	}
}

// serve runs srv on ln in a goroutine joined by Close.
func (r *Replica) serve(srv *http.Server, ln net.Listener, conf *tls.Config) {
	r.servers = append(r.servers, srv)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		if conf != nil {
			srv.TLSConfig = conf
			srv.ServeTLS(ln, "", "")
			return
		}
		srv.Serve(ln)
	}()
}

// httpsRedirect is Apache's port-80 virtual host of the site and its media
// host: everything 301s to https on the same host.
func httpsRedirect(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Server", "Apache")
	host := siteHost
	if hostOnly(r.Host) == mediaHost {
		host = mediaHost
	}
	redirectResponse(http.StatusMovedPermanently, "https://"+host+r.RequestURI).write(w, r)
}
