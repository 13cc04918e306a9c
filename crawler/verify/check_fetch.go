package verify

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// answer is one response, or one failure, as the checker saw it.
type answer struct {
	status   int
	location string // the raw Location header
	header   http.Header
	body     string // read only from an HTML GET
	stream   bool
	err      policy.ErrKind
	detail   string // the transport error's text
}

// follow fetches u and follows its redirects itself, one request per hop, so
// every hop is recorded. Each chain has its own cookie jar: a site that sets
// a cookie and redirects back to the same URL is not a loop. A loop is a URL
// asked twice with the same cookies; more than MaxRedirects redirects is
// ErrTooManyRedirects. wantBody skips HEAD (the soft-404 probe).
func (c *Checker) follow(ctx context.Context, u *url.URL, wantBody bool) (policy.Observation, string) {
	jar, _ := cookiejar.New(nil) // never fails without options
	client := &http.Client{Transport: c.rt, Jar: jar, CheckRedirect: lastResponse}
	obs := policy.Observation{URL: u.String()}
	seen := make(map[string]bool)
	for redirects := 0; ; redirects++ {
		key := u.String() + "\n" + cookieLine(jar.Cookies(u))
		if seen[key] {
			obs.RedirectLoop = true
			return obs, "redirect loop at " + u.String()
		}
		seen[key] = true
		next, detail := record(&obs, u, c.fetch(ctx, client, u, wantBody))
		if next == nil {
			return obs, detail
		}
		if redirects >= c.cfg.MaxRedirects {
			obs.Err = policy.ErrTooManyRedirects
			return obs, fmt.Sprintf("more than %d redirects", c.cfg.MaxRedirects)
		}
		u = next
	}
}

func lastResponse(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func cookieLine(cs []*http.Cookie) string {
	parts := make([]string, len(cs))
	for i, ck := range cs {
		parts[i] = ck.String()
	}
	return strings.Join(parts, "; ")
}

// record adds a's hop to obs and returns the next URL of the chain, nil at
// its end (an answer that is not a redirect, a failure, a stream, or a
// redirect to a URL that is not http(s)).
func record(obs *policy.Observation, u *url.URL, a answer) (*url.URL, string) {
	hop := policy.ObservedHop{URL: u.String(), Status: a.status}
	var next *url.URL
	if isRedirect(a.status) && a.location != "" && a.err == policy.ErrNone && !a.stream {
		hop.Location = a.location // as sent, as policy asks
		n, err := u.Parse(strings.TrimSpace(a.location))
		if err != nil {
			a.err, a.detail = policy.ErrMalformed, "bad Location: "+err.Error()
		} else {
			next = n
		}
	}
	obs.Chain = append(obs.Chain, hop)
	obs.Status, obs.Err, obs.Stream, obs.Body = a.status, a.err, a.stream, a.body
	obs.ContentType, obs.Header = policy.MediaType(a.header.Get("Content-Type")), lowerHeader(a.header)
	if next != nil && next.Scheme != "http" && next.Scheme != "https" {
		next = nil
	}
	return next, a.detail
}

func isRedirect(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// fetch asks for u. A URL that names a file (policy.NamesFile: a PDF, an
// image, an archive) is asked with HEAD first, then GET when HEAD's answer
// is not enough (headNotEnough); any other URL is most likely a page, whose
// body is read for soft-404 markers anyway, and goes straight to GET (one
// request instead of two, as browsers and lychee ask), as does wantBody.
func (c *Checker) fetch(ctx context.Context, client *http.Client, u *url.URL, wantBody bool) answer {
	if !wantBody && policy.NamesFile(u.Path) {
		a := c.request(ctx, client, http.MethodHead, u)
		if !headNotEnough(a) {
			return a
		}
	}
	return c.request(ctx, client, http.MethodGet, u)
}

// headNotEnough is the HEAD→GET fallback rule. HEAD's answer stands for a
// failure to connect (DNS, refused, TLS, timeout: a GET fails the same way),
// a stream, a 1xx or 3xx, a 429 (already retried; a GET is limited the same),
// and a 2xx that is not HTML. GET asks again after:
//   - any status >= 400 but 429: many servers answer HEAD wrongly (400, 403,
//     404, 405, 500, 501 ...) and the GET's answer is the one recorded;
//   - a reset or empty answer: some servers drop HEAD requests;
//   - a 2xx HTML (or untyped) answer: its body is read for soft-404 and
//     login-wall markers.
func headNotEnough(a answer) bool {
	switch {
	case a.stream:
		return false
	case a.err == policy.ErrReset:
		return true
	case a.err != policy.ErrNone, a.status == http.StatusTooManyRequests:
		return false
	case a.status >= 400:
		return true
	case a.status/100 == 2:
		return isHTML(a.header)
	}
	return false
}

// request sends one method to u, retrying a 429, a 503 and a reset
// connection up to Retries times. The wait is Retry-After, capped at
// MaxRetryAfter, or 1s doubled each retry.
func (c *Checker) request(ctx context.Context, client *http.Client, method string, u *url.URL) answer {
	for attempt := 0; ; attempt++ {
		a := c.attempt(ctx, client, method, u)
		if attempt >= c.cfg.Retries || !retryable(a) || ctx.Err() != nil {
			return a
		}
		wait := time.Second << attempt
		if d, ok := extract.RetryAfter(a.header.Get("Retry-After"), c.cfg.Clock()); ok {
			wait = min(d, MaxRetryAfter)
		}
		if err := c.cfg.Sleep(ctx, wait); err != nil {
			return a
		}
	}
}

func retryable(a answer) bool {
	return a.err == policy.ErrReset ||
		a.status == http.StatusTooManyRequests || a.status == http.StatusServiceUnavailable
}

// attempt sends one request within the host limits and the per-request
// timeout, and reads what the checker needs of the response.
func (c *Checker) attempt(ctx context.Context, client *http.Client, method string, u *url.URL) answer {
	release, err := c.lim.acquire(ctx, hostKey(u))
	if err != nil {
		return failure(err)
	}
	defer release()
	rctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, u.String(), nil)
	if err != nil {
		return answer{header: http.Header{}, err: policy.ErrMalformed, detail: err.Error()}
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client.Do(req)
	if err != nil {
		return failure(err)
	}
	defer resp.Body.Close()
	return read(resp, method)
}

// read takes what the checker needs from resp: a stream is recognised from
// its headers and its body left unread; an HTML GET, whatever its status,
// gives up to MaxBody of decoded text (soft-404, login and bot-challenge
// markers); any other body is drained a little for connection reuse.
func read(resp *http.Response, method string) answer {
	a := answer{status: resp.StatusCode, location: resp.Header.Get("Location"), header: resp.Header}
	switch {
	case isStream(resp):
		a.stream = true
	case method == http.MethodGet && isHTML(resp.Header):
		a.body = readText(resp)
	default:
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
	}
	return a
}

// isStream: an Icecast/SHOUTcast icy-* header, or audio or video of no
// announced length.
func isStream(resp *http.Response) bool {
	for name := range resp.Header {
		if strings.HasPrefix(strings.ToLower(name), "icy-") {
			return true
		}
	}
	mt := policy.MediaType(resp.Header.Get("Content-Type"))
	av := strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/") || mt == "application/ogg"
	return av && resp.ContentLength < 0
}

func isHTML(h http.Header) bool {
	switch policy.MediaType(h.Get("Content-Type")) {
	case "", "text/html", "application/xhtml+xml":
		return true
	}
	return false
}

// readText reads up to MaxBody bytes of decoded body. Only gzip (the one
// encoding asked for) and identity are decoded; anything else reads as "".
func readText(resp *http.Response) string {
	var r io.Reader = resp.Body
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return ""
		}
		defer zr.Close()
		r = zr
	default:
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(r, MaxBody)) // a body cut short is still evidence
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// lowerHeader flattens h with lower-case names, values joined by ", ".
func lowerHeader(h http.Header) map[string]string {
	if len(h) == 0 {
		return nil
	}
	out := make(map[string]string, len(h))
	for name, vs := range h {
		out[strings.ToLower(name)] = strings.Join(vs, ", ")
	}
	return out
}
