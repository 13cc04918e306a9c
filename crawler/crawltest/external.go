package crawltest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// What an off-site URL does, as Manifest.External reports it.
const (
	ExternalOK            = "ok"             // 200
	ExternalNotFound      = "not-found"      // 404
	ExternalLoginRedirect = "login-redirect" // 302 to a login page that answers 200
	ExternalNoPhotos      = "no-photos"      // 200, an empty Flickr photostream
	ExternalForbiddenBot  = "forbidden-bot"  // 403 unless the User-Agent is a browser's (see isBrowser)
	ExternalAuthRequired  = "auth-required"  // 401 with WWW-Authenticate: Basic
	ExternalSoft404       = "soft-404"       // 200 with a themed "Page not found" page, the same for every path
	ExternalRedirectLoop  = "redirect-loop"  // 302 to a URL that redirects back (/a -> /b -> /a)
	ExternalSlow          = "slow"           // 200 after Config.SlowDelay

	// The radio stream's behaviour, as Manifest.StreamBehaviour reports it.
	ExternalStream  = "stream"  // an endless HTTP/1.0 MP3 stream
	ExternalRefused = "refused" // the port is closed (Config.RadioDown): connection refused
)

// externalRule says what a path prefix of an off-site host does.
type externalRule struct {
	Prefix    string // matched case-insensitively; "" matches every path
	Behaviour string
	Body      string // for 200s: "html", "js", "embed" (a YouTube player page) or "soft404"
}

// externalHost is one off-site host as the real platform shows it to a
// crawler today. robots.txt is 404 on every one of them (allow all), so a
// crawler's politeness does not hide their behaviour.
type externalHost struct {
	Name      string
	PlainHTTP bool                     // also serves content on port 80 (else 80 redirects to https)
	Login     func(path string) string // login-redirect target
	Loop      func(path string) string // redirect-loop target
	Rules     []externalRule           // first match wins; unmatched paths are 404
}

var externalHosts = []externalHost{
	{Name: "twitter.com", Login: twitterLogin, Rules: []externalRule{{"/i/flow/login", ExternalOK, "html"}, {"", ExternalLoginRedirect, ""}}},
	{Name: "platform.twitter.com", Rules: []externalRule{{"", ExternalNotFound, ""}}},
	{Name: "www.flickr.com", Rules: []externalRule{{"/photos/minusma", ExternalNoPhotos, "html"}}},
	{Name: "www.instagram.com", Login: instagramLogin, Rules: []externalRule{{"/accounts/login/", ExternalOK, "html"}, {"", ExternalLoginRedirect, ""}}},
	{Name: "www.facebook.com", Rules: []externalRule{{"", ExternalForbiddenBot, "html"}}},
	{Name: "www.youtube.com", Rules: []externalRule{{"/embed/", ExternalOK, "embed"}, {"", ExternalOK, "html"}}},
	{Name: "soundcloud.com", Rules: []externalRule{{"", ExternalNotFound, ""}}},
	{Name: "apis.google.com", Rules: []externalRule{{"/js/platform.js", ExternalOK, "js"}}},
	{Name: "www.googletagmanager.com", Rules: []externalRule{{"/gtag/js", ExternalOK, "js"}}},
	{Name: "mail.dfs.un.org", Rules: []externalRule{{"", ExternalAuthRequired, ""}}},
	{Name: "webanalytics.dfs.un.org", Rules: []externalRule{{"/matomo/piwik.js", ExternalOK, "js"}, {"/matomo/", ExternalOK, "html"}}},
	{Name: "www.un.org", PlainHTTP: true, Rules: []externalRule{{"", ExternalOK, "html"}}},
	{Name: "peacekeeping.un.org", Rules: []externalRule{{"", ExternalOK, "html"}}},
	{Name: "www.unmissions.org", PlainHTTP: true, Rules: []externalRule{{"", ExternalOK, "html"}}},
	{Name: "conduct.unmissions.org", Rules: []externalRule{{"", ExternalOK, "html"}}},
	// Link-health cases: a host that never says 404, a redirect loop, a slow answer.
	{Name: "soft404.example.org", Rules: []externalRule{{"", ExternalSoft404, "soft404"}}},
	{Name: "loop.example.org", Loop: loopPartner, Rules: []externalRule{{"/a", ExternalRedirectLoop, ""}, {"/b", ExternalRedirectLoop, ""}}},
	{Name: "slow.example.org", Rules: []externalRule{{"/report", ExternalSlow, "html"}}},
}

func twitterLogin(path string) string {
	return "https://twitter.com/i/flow/login?redirect_after_login=" + url.QueryEscape(path)
}

func instagramLogin(string) string { return "https://www.instagram.com/accounts/login/" }

// loopPartner sends /a to /b and /b to /a.
func loopPartner(path string) string {
	if strings.HasPrefix(strings.ToLower(path), "/a") {
		return "https://loop.example.org/b"
	}
	return "https://loop.example.org/a"
}

// redirectTarget is where a redirecting rule sends path ("" for the others).
func (h *externalHost) redirectTarget(behaviour, path string) string {
	switch behaviour {
	case ExternalLoginRedirect:
		return h.Login(path)
	case ExternalRedirectLoop:
		return h.Loop(path)
	}
	return ""
}

// externalNames are the off-site host names, sorted.
func externalNames() []string {
	names := make([]string, len(externalHosts))
	for i, h := range externalHosts {
		names[i] = h.Name
	}
	sort.Strings(names)
	return names
}

func findExternal(host string) *externalHost {
	for i := range externalHosts {
		if externalHosts[i].Name == host {
			return &externalHosts[i]
		}
	}
	return nil
}

// rule returns the rule for path, or a not-found rule.
func (h *externalHost) rule(path string) externalRule {
	lp := strings.ToLower(path)
	for _, r := range h.Rules {
		if strings.HasPrefix(lp, strings.ToLower(r.Prefix)) {
			return r
		}
	}
	return externalRule{Behaviour: ExternalNotFound}
}

// classify says what an off-site URL does; unknown hosts are not found.
func classify(u *url.URL) string {
	h := findExternal(strings.ToLower(u.Hostname()))
	if h == nil || u.Path == "/robots.txt" {
		return ExternalNotFound
	}
	return h.rule(u.EscapedPath()).Behaviour
}

// externalSite serves every off-site host, dispatching on the Host header.
// With secure false it is the port-80 server: hosts without PlainHTTP
// redirect to https there. Slow rules wait slow before answering. Rules
// that serve a page (ok, no-photos, slow) serve it only at the URLs the
// site references (pages, by offsiteKey) and 404 elsewhere, as real sites
// do, so a probe for a made-up path tells them from a soft 404.
type externalSite struct {
	secure bool
	slow   time.Duration
	pages  map[string]bool
}

// servesPage reports whether a behaviour answers 200 with content.
func servesPage(behaviour string) bool {
	return behaviour == ExternalOK || behaviour == ExternalNoPhotos || behaviour == ExternalSlow
}

// offsiteKey is a canonical URL without scheme and port: an off-site page
// is the same over http and https.
func offsiteKey(raw string) string {
	u, err := url.Parse(canonicalString(raw))
	if err != nil {
		return raw
	}
	u.Scheme, u.Host = "", u.Hostname()
	return u.String()
}

// offsitePages are the offsiteKeys of the External URLs that serve a page.
func offsitePages(external map[string]string) map[string]bool {
	pages := map[string]bool{}
	for u, b := range external {
		if servesPage(b) {
			pages[offsiteKey(u)] = true
		}
	}
	return pages
}

func (e externalSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.route(r).write(w, r)
}

func (e externalSite) route(r *http.Request) response {
	name := hostOnly(r.Host)
	h := findExternal(name)
	switch {
	case h == nil || r.URL.Path == "/robots.txt":
		return notFoundPage(name)
	case !e.secure && !h.PlainHTTP:
		return redirectResponse(http.StatusMovedPermanently, "https://"+name+r.RequestURI)
	}
	rule := h.rule(r.URL.EscapedPath())
	if servesPage(rule.Behaviour) && !e.pages[offsiteKey("https://"+name+r.RequestURI)] {
		return notFoundPage(name)
	}
	if rule.Behaviour == ExternalSlow && !sleepCtx(r.Context(), e.slow) {
		return textResponse(http.StatusServiceUnavailable, "text/plain; charset=utf-8", "shutting down\n")
	}
	return h.respond(rule, r)
}

// sleepCtx waits d unless ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// respond plays a rule's behaviour.
func (h *externalHost) respond(rule externalRule, r *http.Request) response {
	switch rule.Behaviour {
	case ExternalLoginRedirect, ExternalRedirectLoop:
		return redirectResponse(http.StatusFound, h.redirectTarget(rule.Behaviour, r.URL.Path))
	case ExternalAuthRequired:
		resp := textResponse(http.StatusUnauthorized, "text/html; charset=utf-8", "<html><head><title>401 - Unauthorized</title></head><body><h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1></body></html>\n")
		resp.header = http.Header{"Www-Authenticate": {`Basic realm="` + h.Name + `"`}}
		return resp
	case ExternalForbiddenBot:
		if !isBrowser(r.UserAgent()) {
			return textResponse(http.StatusForbidden, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Error</title></head><body>Sorry, something went wrong.</body></html>\n")
		}
	case ExternalNotFound:
		return notFoundPage(h.Name)
	}
	return textResponse(http.StatusOK, bodyType(rule.Body), externalBody(h.Name, r.URL.Path, rule))
}

func bodyType(kind string) string {
	if kind == "js" {
		return "application/javascript; charset=utf-8"
	}
	return "text/html; charset=utf-8"
}

// externalBody is a small page or script without links, so an off-site hop
// ends there.
func externalBody(host, path string, rule externalRule) string {
	switch {
	case rule.Body == "js":
		return fmt.Sprintf("/* %s%s */\n(function(){var w=window;w.__replica=w.__replica||[];w.__replica.push(%q);})();\n", host, path, host)
	case rule.Body == "embed":
		return "<!DOCTYPE html><html lang=\"en\"><head><title>YouTube</title><style>body{margin:0;background:#000}</style></head><body><div id=\"player\"></div>" +
			"<script>var ytcfg={d:function(){return{}}};document.getElementById('player').textContent='Video unavailable';</script></body></html>\n"
	case rule.Body == "soft404":
		return soft404Page
	case rule.Behaviour == ExternalNoPhotos:
		return "<!DOCTYPE html><html lang=\"en-us\"><head><title>MINUSMA | Flickr</title></head><body><div class=\"photo-list-view\"><h3>No photos found.</h3></div></body></html>\n"
	}
	return fmt.Sprintf("<!DOCTYPE html><html><head><title>%s</title></head><body><h1>%s</h1><p>%s</p></body></html>\n", htmlEscape(host), htmlEscape(host), htmlEscape(path))
}

// soft404Page is what soft404.example.org answers, with 200, for every path:
// a themed "Page not found" page that does not even name the path (and has no
// links, so an off-site hop ends there). Its robots.txt is 404, like every
// off-site host's.
const soft404Page = "<!DOCTYPE html><html lang=\"en\"><head><title>Page not found | Example Organization</title></head><body>" +
	"<header>Example Organization</header><main><h1>Page not found</h1>" +
	"<p>Sorry, the page you are looking for may have been moved or deleted.</p></main></body></html>\n"

func notFoundPage(host string) response {
	return textResponse(http.StatusNotFound, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>"+htmlEscape(host)+"</p></body></html>\n")
}

// hostOnly is the lower-cased host of a Host header, without port.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		hostport = h
	}
	return strings.ToLower(strings.TrimSuffix(hostport, "."))
}

// isBrowser is how bot walls tell browsers from crawlers: a Mozilla token
// without the "compatible;" or bot marks that polite crawlers (salvage too) declare.
func isBrowser(ua string) bool {
	l := strings.ToLower(ua)
	return strings.Contains(l, "mozilla/") && !strings.Contains(l, "compatible;") &&
		!strings.Contains(l, "bot") && !strings.Contains(l, "salvage")
}
