package crawltest

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// media.minusma.unmissions.org is the site's media host, a subdomain in a
// crawl's scope: a few news pages show its photos and /en/publications
// links its PDFs (the files are indexed from the pages, like the site's
// own). It is a host that is rate-limited for a while and then recovers:
// from its first request, it answers every request but robots.txt with 429
// and Retry-After (the window rounded up to whole seconds) during
// Config.MediaThrottle, then serves its files.

const mediaHost = "media.minusma.unmissions.org"

// DefaultMediaThrottle is how long the media host answers 429 when
// Config.MediaThrottle is zero.
const DefaultMediaThrottle = 2 * time.Second

// throttle is the media host's 429 window, opened by its first request.
type throttle struct {
	window time.Duration // 0: never limited

	mu    sync.Mutex
	start time.Time
}

func newThrottle(window time.Duration) *throttle {
	return &throttle{window: max(window, 0)}
}

// limited reports whether a request arriving at now is refused.
func (t *throttle) limited(now time.Time) bool {
	if t.window == 0 {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.start.IsZero() {
		t.start = now
	}
	return now.Before(t.start.Add(t.window))
}

// retryAfter is the Retry-After value: the whole window in seconds, rounded
// up, so a client that waits that long finds the host recovered.
func (t *throttle) retryAfter() string {
	return strconv.Itoa(int(math.Ceil(t.window.Seconds())))
}

// mediaRoute answers for the media host.
func (s *site) mediaRoute(r *http.Request) response {
	p := r.URL.Path
	if p == "/robots.txt" {
		return textResponse(http.StatusOK, "text/plain; charset=utf-8", "User-agent: *\nDisallow:\n")
	}
	if s.throttle.limited(time.Now()) {
		return tooManyRequests(s.throttle.retryAfter())
	}
	if _, ok := s.media.byPath[p]; !ok {
		return textResponse(http.StatusNotFound, "text/html; charset=utf-8", nginxPage("404 Not Found"))
	}
	resp, _ := s.generated(p)
	return resp
}

// tooManyRequests is the media host's 429.
func tooManyRequests(retryAfter string) response {
	h := http.Header{}
	h.Set("Retry-After", retryAfter)
	return response{status: http.StatusTooManyRequests, ctype: "text/html; charset=utf-8", body: []byte(nginxPage("429 Too Many Requests")), header: h}
}

func nginxPage(title string) string {
	return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}
