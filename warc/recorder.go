package warc

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"time"
)

const (
	dialTimeout                  = 30 * time.Second
	handshakeTimeout             = 30 * time.Second
	defaultResponseHeaderTimeout = 60 * time.Second
	defaultMaxIdleConnsPerHost   = 8
	maxResponseHeaderBytes       = 1 << 20
)

// ErrMaxFetchTime is the cause of a fetch that ran out of RecorderConfig.MaxFetchTime
// before its response headers arrived.
// It is a net.Error whose Timeout is true, so callers that sort transport
// errors see a timeout.
var ErrMaxFetchTime error = fetchTimeout{}

type fetchTimeout struct{}

func (fetchTimeout) Error() string   { return "max fetch time exceeded" }
func (fetchTimeout) Timeout() bool   { return true }
func (fetchTimeout) Temporary() bool { return true }

// RecorderConfig configures a Recorder. The zero value of every field is usable.
type RecorderConfig struct {
	// Dial opens plain TCP connections; it receives the original "host:port" (this is
	// where a --resolve map applies). nil: net.Dialer. Dials time out after 30s.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// RootCAs verifies servers (nil: system roots); Insecure skips verification.
	RootCAs  *x509.CertPool
	Insecure bool

	MaxBody               int64         // body bytes kept per response; 0: unlimited
	MaxFetchTime          time.Duration // from request start to end of body; 0: none
	ResponseHeaderTimeout time.Duration // 0: 60s

	// Endless streams (see IsStream) are kept as a sample: at most StreamMaxBytes body
	// bytes (0: MaxBody) and StreamMaxTime from the response headers (0: MaxFetchTime).
	StreamMaxBytes int64
	StreamMaxTime  time.Duration

	Writer    ExchangeWriter // archives each exchange; nil: nothing is written
	OnCapture func(Capture)  // called before the response body's Close/EOF returns
	Clock     func() time.Time

	// Earlier, when set, makes a GET conditional on the URL's earlier capture
	// (If-None-Match / If-Modified-Since); a 304 answer is written as a
	// server-not-modified revisit (Exchange.NotModified). nil: no conditional requests.
	Earlier EarlierLookup

	TempDir             string // directory for response spools; "": os.TempDir()
	MaxIdleConnsPerHost int    // 0: 8
}

// Validate reports configuration values that cannot work.
func (c RecorderConfig) Validate() error {
	switch {
	case c.MaxBody < 0:
		return fmt.Errorf("recorder: max body %d is negative", c.MaxBody)
	case c.MaxFetchTime < 0:
		return fmt.Errorf("recorder: max fetch time %s is negative", c.MaxFetchTime)
	case c.ResponseHeaderTimeout < 0:
		return fmt.Errorf("recorder: response header timeout %s is negative", c.ResponseHeaderTimeout)
	case c.StreamMaxBytes < 0 || c.StreamMaxTime < 0:
		return fmt.Errorf("recorder: negative stream limit")
	case c.MaxIdleConnsPerHost < 0:
		return fmt.Errorf("recorder: max idle connections per host %d is negative", c.MaxIdleConnsPerHost)
	}
	return nil
}

func (c RecorderConfig) withDefaults() RecorderConfig {
	if c.ResponseHeaderTimeout == 0 {
		c.ResponseHeaderTimeout = defaultResponseHeaderTimeout
	}
	if c.MaxIdleConnsPerHost == 0 {
		c.MaxIdleConnsPerHost = defaultMaxIdleConnsPerHost
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	return c
}

// Recorder is an http.RoundTripper that records every request and response as raw
// HTTP/1.1 wire bytes and hands each finished exchange to its ExchangeWriter.
type Recorder struct {
	cfg RecorderConfig
	tr  *http.Transport
}

var _ http.RoundTripper = (*Recorder)(nil)

// NewRecorder returns a Recorder with its own http.Transport.
func NewRecorder(cfg RecorderConfig) (*Recorder, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &Recorder{cfg: cfg.withDefaults()}
	r.tr = &http.Transport{
		Proxy:                 nil,
		DialContext:           r.dialPlain,
		DialTLSContext:        r.dialTLS,
		ForceAttemptHTTP2:     false,
		TLSNextProto:          map[string]func(string, *tls.Conn) http.RoundTripper{},
		DisableCompression:    true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   r.cfg.MaxIdleConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: r.cfg.ResponseHeaderTimeout,
		ExpectContinueTimeout: time.Second,
		// net/http's default is 10 MiB; real header blocks are a few KiB, and a
		// bigger one is a broken or hostile server (the fetch fails, nothing is kept).
		MaxResponseHeaderBytes: maxResponseHeaderBytes,
	}
	return r, nil
}

// CloseIdleConnections closes the idle keep-alive connections of the Recorder.
func (r *Recorder) CloseIdleConnections() { r.tr.CloseIdleConnections() }

// RoundTrip sends req and returns its response with a recording body. The exchange is
// archived when the body reaches EOF or is closed (a close drains the rest of the body,
// within MaxBody and MaxFetchTime). A request that fails before a response is archived
// nowhere, and the error wraps the underlying one.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL == nil {
		return nil, errors.New("fetch: request without URL")
	}
	f := r.newFetch(req)
	out := f.outgoing(req)
	cond := addConditional(out, r.cfg.Earlier, f.ex.URL)
	resp, err := r.tr.RoundTrip(out)
	if err != nil {
		f.abort()
		return nil, fmt.Errorf("fetch %s: %w", f.ex.URL, f.cause(err))
	}
	f.ex.Status = resp.StatusCode
	if resp.StatusCode == http.StatusNotModified {
		f.ex.NotModified = cond
	}
	f.ex.ContentType = resp.Header.Get("Content-Type")
	resp.Request = req
	b := newBody(f, resp)
	if IsStream(resp) {
		f.sampleStream(b)
	}
	resp.Body = b
	return resp, nil
}

// dial opens a TCP connection through cfg.Dial or a net.Dialer, within dialTimeout.
func (r *Recorder) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	if r.cfg.Dial != nil {
		return r.cfg.Dial(ctx, network, addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

func (r *Recorder) dialPlain(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := r.dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return newRecConn(c, c.RemoteAddr()), nil
}

// dialTLS does the TLS handshake itself (ALPN http/1.1 only, a fresh tls.Config per
// connection) so that the recorder sits above TLS and records plaintext HTTP.
func (r *Recorder) dialTLS(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	raw, err := r.dial(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc := tls.Client(raw, &tls.Config{
		ServerName:         host,
		NextProtos:         []string{"http/1.1"},
		RootCAs:            r.cfg.RootCAs,
		InsecureSkipVerify: r.cfg.Insecure, //nolint:gosec // operator's explicit choice
	})
	hctx, cancel := context.WithTimeout(ctx, handshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		_ = raw.Close()
		return nil, fmt.Errorf("tls handshake with %s: %w", addr, err)
	}
	return newRecConn(tc, raw.RemoteAddr()), nil
}

// newFetch starts the recording state of one request.
func (r *Recorder) newFetch(req *http.Request) *fetch {
	u := *req.URL
	u.Fragment, u.RawFragment = "", ""
	ex := &Exchange{
		URL:    u.String(),
		Method: req.Method,
		Date:   r.cfg.Clock().UTC().Truncate(time.Millisecond),
	}
	if ex.Method == "" {
		ex.Method = http.MethodGet
	}
	return &fetch{rec: r, ex: ex, resp: NewSpool(r.cfg.TempDir)}
}

// outgoing returns the request handed to the transport: a clone carrying the connection
// trace, the fetch deadline, and Accept-Encoding so net/http never decodes the body.
func (f *fetch) outgoing(req *http.Request) *http.Request {
	ctx, cancel := context.WithCancelCause(req.Context())
	f.cancel = cancel
	if d := f.rec.cfg.MaxFetchTime; d > 0 {
		f.timer = time.AfterFunc(d, f.expire)
	}
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GotConn: f.gotConn})
	out := req.Clone(ctx)
	if out.Header == nil {
		out.Header = make(http.Header)
	}
	if out.Header.Get("Accept-Encoding") == "" {
		out.Header.Set("Accept-Encoding", "gzip")
	}
	return out
}
