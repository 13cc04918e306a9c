package verify

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/salvage-archive/salvage/policy"
)

// TestMain checks that no test leaves a goroutine behind. It is the
// package's only TestMain.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// hosts maps "name:port" to a loopback address for CheckerConfig.Dial, so
// tests use real host names without DNS; any other name fails as an unknown
// host does.
type hosts map[string]string

func (h hosts) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	target, ok := h[addr]
	if !ok {
		name, _, _ := net.SplitHostPort(addr)
		return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, target)
}

// newChecker makes a checker for tests: no pacing and a Sleep that does not
// wait. The timeout stays generous (a loaded 2-core CI machine), except where
// a test sets its own.
func newChecker(t testing.TB, cfg CheckerConfig) *Checker {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.RatePerHost == 0 {
		cfg.RatePerHost = 1e6
	}
	if cfg.Sleep == nil {
		cfg.Sleep = func(context.Context, time.Duration) error { return nil }
	}
	c, err := NewChecker(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// hits counts requests by "METHOD host/path" and remembers User-Agents.
type hits struct {
	mu  sync.Mutex
	n   map[string]int
	all int
	uas []string
}

func (h *hits) add(r *http.Request) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.all++
	h.uas = append(h.uas, r.UserAgent())
	h.n[r.Method+" "+hostname(r.Host)+r.URL.Path]++
	return h.n["HEAD "+hostname(r.Host)+r.URL.Path] + h.n["GET "+hostname(r.Host)+r.URL.Path]
}

func (h *hits) get(key string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[key]
}

func (h *hits) total() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.all
}

func (h *hits) probes() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for k, v := range h.n {
		if strings.Contains(k, ProbePrefix) {
			n += v
		}
	}
	return n
}

func hostname(hostport string) string {
	h, _, _ := strings.Cut(hostport, ":")
	return h
}

func page(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1><p>%s</p></body></html>", title, title, text)
}

const news = "MINUSMA supports the peace process in Mali: patrols in Gao, Kidal and Timbuktu, " +
	"quick-impact projects and the protection of civilians."

// site serves several hosts from one listener, by Host header.
func site(h *hits) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.add(r)
		switch hostname(r.Host) + r.URL.Path {
		case "www.example.org/", "www.example.org/en/page":
			page(w, 200, "News", news)
		case "www.example.org/old":
			http.Redirect(w, r, "/en/page", http.StatusMovedPermanently)
		case "www.example.org/gone":
			http.NotFound(w, r)
		case "www.example.org/removed":
			page(w, http.StatusGone, "Gone", "This page was removed.")
		case "www.example.org/broken":
			page(w, http.StatusInternalServerError, "Error", "Something broke.")
		case "www.example.org/loop/a":
			http.Redirect(w, r, "/loop/b", http.StatusFound)
		case "www.example.org/loop/b":
			http.Redirect(w, r, "/loop/a", http.StatusFound)
		case "www.example.org/deep/old-news":
			http.Redirect(w, r, "/", http.StatusMovedPermanently)
		case "www.example.org/head-shy.pdf":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
				return
			}
			page(w, 200, "Shy", news)
		case "www.example.org/zipped":
			zipped(w, r)
		case "www.example.org/big":
			w.Header().Set("Content-Type", "text/html")
			w.Write(bytes.Repeat([]byte("<p>a</p> "), 1<<17))
		case "www.example.org/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Length", "4")
			w.Write([]byte("%PDF"))
		case "www.example.org/busy":
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			page(w, 200, "Busy", news)
		case "x.com/minusma":
			http.Redirect(w, r, "/i/flow/login?redirect_after_login=%2Fminusma", http.StatusFound)
		case "x.com/i/flow/login":
			page(w, 200, "Log in to X", "Happening now")
		case "www.facebook.com/minusma":
			if ua := r.UserAgent(); strings.Contains(ua, "salvage") || strings.Contains(ua, "compatible") {
				page(w, http.StatusForbidden, "Error", "Sorry, something went wrong.")
				return
			}
			page(w, 200, "MINUSMA | Facebook", news)
		case "mail.example.org/owa/":
			w.Header().Set("WWW-Authenticate", `Basic realm="mail"`)
			w.WriteHeader(http.StatusUnauthorized)
		default:
			switch hostname(r.Host) {
			case "soft.example.org":
				page(w, 200, "Page not found", "Sorry, we could not find that.")
			case "generic.example.org":
				page(w, 200, "Welcome", news+" Browse our sections from the menu above.")
			default:
				http.NotFound(w, r)
			}
		}
	})
}

func zipped(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	fmt.Fprintf(zw, "<html><head><title>Zipped</title></head><body>%s</body></html>", news)
	zw.Close()
	w.Header().Set("Content-Type", "text/html")
	w.Header().Set("Content-Encoding", "gzip")
	w.Write(buf.Bytes())
}

// startSite serves site on loopback under all its host names.
func startSite(t *testing.T) (*hits, hosts) {
	h := &hits{}
	srv := httptest.NewServer(site(h))
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	m := hosts{}
	for _, name := range []string{"www.example.org", "x.com", "www.facebook.com", "mail.example.org",
		"soft.example.org", "generic.example.org"} {
		m[name+":80"] = addr
	}
	return h, m
}

func TestCheckClasses(t *testing.T) {
	h, m := startSite(t)
	c := newChecker(t, CheckerConfig{Dial: m.dial})
	tests := []struct {
		name, url string
		class     policy.LinkClass
		evidence  string // prefix
		status    int
		hops      int
		check     func(t *testing.T, r Result)
	}{
		{"ok", "http://www.example.org/en/page", policy.ClassOK, "status: 200", 200, 1, nil},
		{"moved", "http://www.example.org/old", policy.ClassRedirected, "redirect: permanent 301", 200, 2, func(t *testing.T, r Result) {
			if r.FinalURL != "http://www.example.org/en/page" || r.Chain[0].Location != "http://www.example.org/en/page" ||
				r.Observation.Chain[0].Location != "/en/page" {
				t.Errorf("final %q, chain %+v, observed %+v", r.FinalURL, r.Chain, r.Observation.Chain)
			}
		}},
		{"login redirect", "http://x.com/minusma", policy.ClassLoginWall, "login-url: redirected to http://x.com/i/flow/login", 200, 2, nil},
		{"404", "http://www.example.org/gone", policy.ClassNotFound, "status: 404", 404, 1, nil},
		{"410", "http://www.example.org/removed", policy.ClassNotFound, "status: 410", 410, 1, nil},
		{"500", "http://www.example.org/broken", policy.ClassServerError, "status: 500", 500, 1, nil},
		{"bot UA refused", "http://www.facebook.com/minusma", policy.ClassBotBlocked, "bot-wall-host: status 403", 403, 1, nil},
		{"401 mail", "http://mail.example.org/owa/", policy.ClassLoginWall, "http-auth: status 401", 401, 1, nil},
		{"soft-404 title", "http://soft.example.org/en/missing", policy.ClassSoft404, "soft-404-title:", 200, 1, nil},
		{"soft-404 probe", "http://generic.example.org/en/missing", policy.ClassSoft404, "soft-404: probe of /en/" + ProbePrefix, 200, 1, func(t *testing.T, r Result) {
			if p := r.Observation.Probe; p == nil || p.Status != 200 || !strings.HasPrefix(p.URL, "http://generic.example.org/en/"+ProbePrefix) ||
				len(p.URL) != len("http://generic.example.org/en/"+ProbePrefix)+12 {
				t.Errorf("probe %+v", p)
			}
		}},
		{"home redirect", "http://www.example.org/deep/old-news", policy.ClassSoft404, "home-redirect:", 200, 2, nil},
		{"redirect loop", "http://www.example.org/loop/a", policy.ClassServerError, "redirect-loop:", 302, 2, func(t *testing.T, r Result) {
			if !r.Observation.RedirectLoop {
				t.Error("RedirectLoop not set")
			}
		}},
		{"HEAD 405 then GET", "http://www.example.org/head-shy.pdf", policy.ClassOK, "status: 200", 200, 1, func(t *testing.T, r Result) {
			if h.get("HEAD www.example.org/head-shy.pdf") != 1 || h.get("GET www.example.org/head-shy.pdf") != 1 {
				t.Errorf("HEAD %d, GET %d", h.get("HEAD www.example.org/head-shy.pdf"), h.get("GET www.example.org/head-shy.pdf"))
			}
		}},
		{"gzip body", "http://www.example.org/zipped", policy.ClassOK, "status: 200", 200, 1, func(t *testing.T, r Result) {
			if !strings.Contains(r.Observation.Body, "peace process") {
				t.Errorf("body %q", r.Observation.Body)
			}
		}},
		{"body capped", "http://www.example.org/big", policy.ClassOK, "status: 200", 200, 1, func(t *testing.T, r Result) {
			if len(r.Observation.Body) != MaxBody {
				t.Errorf("body of %d bytes", len(r.Observation.Body))
			}
		}},
		{"pdf: HEAD only, no probe", "http://www.example.org/report.pdf", policy.ClassOK, "status: 200", 200, 1, func(t *testing.T, r Result) {
			if h.get("GET www.example.org/report.pdf") != 0 || r.Observation.Probe != nil || r.ContentType != "application/pdf" {
				t.Errorf("GETs %d, probe %+v, type %q", h.get("GET www.example.org/report.pdf"), r.Observation.Probe, r.ContentType)
			}
		}},
		{"dns failure", "http://nowhere.example.net/x", policy.ClassUnreachable, "dns: nowhere.example.net", 0, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Check(t.Context(), tt.url)
			if r.Class != tt.class || !strings.HasPrefix(r.Evidence, tt.evidence) || r.Status != tt.status || len(r.Chain) != tt.hops {
				t.Errorf("got %s %q status %d, %d hops (%+v); want %s %q status %d, %d hops",
					r.Class, r.Evidence, r.Status, len(r.Chain), r.Chain, tt.class, tt.evidence, tt.status, tt.hops)
			}
			if r.URL != tt.url || r.CheckedAt.IsZero() {
				t.Errorf("url %q checked at %v", r.URL, r.CheckedAt)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ua := range h.uas {
		if ua != DefaultUserAgent {
			t.Fatalf("User-Agent %q", ua)
		}
	}
}

func TestCheckWithoutRequest(t *testing.T) {
	h, m := startSite(t)
	c := newChecker(t, CheckerConfig{Dial: m.dial})
	for _, tt := range []struct {
		url   string
		class policy.LinkClass
	}{
		{"mailto:info@example.org", policy.ClassNotChecked},
		{"tel:+223-20-22-00-00", policy.ClassNotChecked},
		{"javascript:void(0)", policy.ClassNotChecked},
		{"data:text/plain,hi", policy.ClassNotChecked},
		{"ftp://ftp.example.org/pub/", policy.ClassNotChecked},
		{"http://exa mple.org/", policy.ClassMalformed},
		{"http:///no-host", policy.ClassMalformed},
		{"/en/relative", policy.ClassMalformed},
		{"http://[::1", policy.ClassMalformed},
	} {
		r := c.Check(t.Context(), tt.url)
		if r.Class != tt.class || r.Evidence == "" {
			t.Errorf("%s: %s %q, want %s", tt.url, r.Class, r.Evidence, tt.class)
		}
	}
	if n := h.total(); n != 0 {
		t.Errorf("%d requests", n)
	}
}

// TestCheckUserAgent: the User-Agent is configurable; a browser's gets past
// the test server that refuses crawlers.
func TestCheckUserAgent(t *testing.T) {
	_, m := startSite(t)
	c := newChecker(t, CheckerConfig{Dial: m.dial, UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"})
	if r := c.Check(t.Context(), "http://www.facebook.com/minusma"); r.Class != policy.ClassOK {
		t.Errorf("%s %q", r.Class, r.Evidence)
	}
}

func TestCheckerConfigValidate(t *testing.T) {
	bad := []CheckerConfig{
		{PerHost: -1}, {Overall: -1}, {RatePerHost: -1}, {Timeout: -time.Second},
		{Transport: http.DefaultTransport, Insecure: true},
		{Transport: http.DefaultTransport, AllowPrivate: true},
	}
	for _, cfg := range bad {
		if _, err := NewChecker(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	c, err := NewChecker(CheckerConfig{Retries: -1, MaxRedirects: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got := c.cfg
	if got.Retries != 0 || got.MaxRedirects != 0 || got.PerHost != 2 || got.Overall != 16 || got.RatePerHost != 4 ||
		got.Timeout != 15*time.Second || got.UserAgent != DefaultUserAgent || got.Rules == nil {
		t.Errorf("defaults %+v", got)
	}
}

func TestCheckMaxRedirects(t *testing.T) {
	h := &hits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		http.Redirect(w, r, fmt.Sprintf("/step/%d", h.total()), http.StatusFound)
	}))
	defer srv.Close()
	c := newChecker(t, CheckerConfig{AllowPrivate: true, MaxRedirects: 3})
	r := c.Check(t.Context(), srv.URL+"/start")
	if r.Observation.Err != policy.ErrTooManyRedirects || r.Class != policy.ClassTooManyRedirects || len(r.Chain) != 4 {
		t.Errorf("%s %q err %q, chain %+v", r.Class, r.Evidence, r.Observation.Err, r.Chain)
	}
}

// TestCheckCookieRedirect: a site that sets a cookie and redirects to the
// same URL is not a loop.
func TestCheckCookieRedirect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("seen"); err != nil {
			http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1", Path: "/"})
			http.Redirect(w, r, r.URL.Path, http.StatusFound)
			return
		}
		page(w, 200, "Cookies", news)
	}))
	defer srv.Close()
	c := newChecker(t, CheckerConfig{AllowPrivate: true, NoProbe: true})
	r := c.Check(t.Context(), srv.URL+"/en/page")
	if r.Class != policy.ClassRedirected || len(r.Chain) != 2 {
		t.Errorf("%s %q chain %+v", r.Class, r.Evidence, r.Chain)
	}
}
