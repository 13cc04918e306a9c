package crawler

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HostTroubleRun is how many different URLs of one host:port must answer
// 503, or not answer at all (connection refused or broken, timeout), in a
// row before the host itself is paused. Fewer are one URL's trouble: only
// that URL waits.
const HostTroubleRun = 3

// answerKind is what an answer says about waiting.
type answerKind int

const (
	answerFine        answerKind = iota // nothing about load: no wait, and a run of trouble is broken
	answerSlowDown                      // 429: the host asks the crawler to slow down
	answerUnavailable                   // 502/503/504 or no answer: the URL waits; several in a row pause the host
	answerLater                         // another 5xx with a Retry-After: that URL waits
)

func classifyAnswer(status int, retryAfter bool) answerKind {
	switch {
	case status == http.StatusTooManyRequests:
		return answerSlowDown
	case status == http.StatusServiceUnavailable, status == http.StatusBadGateway, status == http.StatusGatewayTimeout,
		status == StatusConnectFailed, status == StatusConnectBroken, status == StatusTimeout, status == StatusDNSFailed:
		return answerUnavailable
	case status >= 500 && retryAfter:
		return answerLater
	}
	return answerFine
}

// answer is one fetch's result as the wait rules read it.
type answer struct {
	host, url  string        // host:port and URL
	status     int           // HTTP status or a negative FetchStatus
	retryAfter time.Duration // the server's Retry-After
	asked      bool          // it sent one
	backoff    time.Duration // the retry backoff of this attempt
}

// waitPlan is how long a URL and its host wait after an answer.
type waitPlan struct {
	retry   bool          // the answer is worth another try
	url     time.Duration // the URL's own wait before it
	host    time.Duration // the host's pause; 0: its normal pace
	deferIt bool          // the server asked for longer than MaxWait: the next run tries it
	reason  string        // for crawl.log: "503 Retry-After 3600s, beyond --max-wait 3m0s"
	label   string        // for the progress line: "503 Retry-After", "retry backoff"
}

// hostTrouble is one host's recent run of trouble and its pause.
type hostTrouble struct {
	run    []string // different URLs in a row that answered 503 or not at all
	until  time.Time
	reason string
}

// urlWait is a URL waiting for its own time.
type urlWait struct {
	until time.Time
	label string
	aside bool // set aside in a Deferrer (Deferral.Until), not queued
}

// waitBoard applies the wait rules and remembers the waits for Waiting.
// State is per host:port, in memory, of this process.
type waitBoard struct {
	maxWait time.Duration
	mu      sync.Mutex
	hosts   map[string]*hostTrouble
	urls    map[string]urlWait
	nURLs   atomic.Int64 // len(urls), read without the lock on every Next
}

func newWaitBoard(maxWait time.Duration) *waitBoard {
	return &waitBoard{maxWait: maxWait, hosts: make(map[string]*hostTrouble), urls: make(map[string]urlWait)}
}

// decide applies the wait rules to an answer at now:
//   - 429: the host is paused for its Retry-After (or the backoff), at most
//     maxWait, and the URL waits as long;
//   - 503 or no answer: the URL waits its Retry-After (or the backoff);
//     HostTroubleRun different URLs in a row pause the host as long;
//   - another 5xx with a Retry-After: the URL waits it;
//   - every wait is at most maxWait; a server asking for more has the URL
//     deferred to the next run.
func (b *waitBoard) decide(a answer, now time.Time) waitPlan {
	kind := classifyAnswer(a.status, a.asked)
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.trouble(a.host, kind != answerFine)
	if h == nil {
		return waitPlan{}
	}
	if kind != answerUnavailable {
		h.run = h.run[:0]
	}
	if kind == answerFine {
		b.forget(a.host, h, now)
		return waitPlan{}
	}
	p := b.urlPlan(a)
	if pause, why := b.hostPause(a, kind, h, p.url); pause > 0 {
		p.host = pause
		h.until, h.reason = now.Add(pause), why
	}
	return p
}

// trouble returns host's record, made when create is set; nil otherwise.
func (b *waitBoard) trouble(host string, create bool) *hostTrouble {
	h := b.hosts[host]
	if h == nil && create {
		h = &hostTrouble{}
		b.hosts[host] = h
	}
	return h
}

// forget drops a host's record once it holds no run and no pause.
func (b *waitBoard) forget(host string, h *hostTrouble, now time.Time) {
	if len(h.run) == 0 && !h.until.After(now) {
		delete(b.hosts, host)
	}
}

// urlPlan is the URL's own wait: what the server asked, else the backoff,
// at most maxWait; beyond it, deferred.
func (b *waitBoard) urlPlan(a answer) waitPlan {
	p := waitPlan{retry: true, url: min(a.backoff, b.maxWait), label: "retry backoff",
		reason: fmt.Sprintf("%s, retry backoff %s", statusText(a.status), a.backoff)}
	if !a.asked {
		return p
	}
	p.url, p.label = min(a.retryAfter, b.maxWait), statusText(a.status)+" Retry-After"
	p.reason = fmt.Sprintf("%s Retry-After %ds", statusText(a.status), int64(a.retryAfter.Seconds()))
	if a.retryAfter > b.maxWait {
		p.deferIt = true
		p.reason += fmt.Sprintf(", beyond --max-wait %s", b.maxWait)
	}
	return p
}

// hostPause is how long the host waits, and why; 0 when one URL's trouble.
func (b *waitBoard) hostPause(a answer, kind answerKind, h *hostTrouble, wait time.Duration) (time.Duration, string) {
	switch kind {
	case answerSlowDown:
		if a.asked {
			return wait, "429 Retry-After"
		}
		return wait, "429"
	case answerUnavailable:
		if !slices.Contains(h.run, a.url) {
			h.run = append(h.run, a.url)
		}
		if len(h.run) >= HostTroubleRun {
			h.run = h.run[len(h.run)-HostTroubleRun:]
			return wait, fmt.Sprintf("%s on %d URLs in a row", troubleText(a.status), len(h.run))
		}
	}
	return 0, ""
}

func statusText(status int) string {
	if status > 0 {
		return fmt.Sprint(status)
	}
	return fmt.Sprintf("status %d", status)
}

func troubleText(status int) string {
	if status == http.StatusServiceUnavailable {
		return "503"
	}
	return "503 or no answer"
}

// waitFor records that url waits until then (queued, or set aside).
func (b *waitBoard) waitFor(url string, until time.Time, label string, aside bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.urls[url] = urlWait{until: until, label: label, aside: aside}
	b.nURLs.Store(int64(len(b.urls)))
}

// taken: url was handed out again; it waits no more.
func (b *waitBoard) taken(url string) {
	if b.nURLs.Load() == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.urls, url)
	b.nURLs.Store(int64(len(b.urls)))
}

// setAside lists the URLs set aside in a Deferrer and not handed out since.
func (b *waitBoard) setAside() map[string]bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make(map[string]bool)
	for u, w := range b.urls {
		if w.aside {
			out[u] = true
		}
	}
	return out
}

// Wait is one thing the crawl is waiting on, for progress displays.
type Wait struct {
	Host   string    // a host:port whose fetches are paused; "" for URLs waiting their own time
	URLs   int       // with Host "": how many URLs wait
	Until  time.Time // when the pause ends; for URLs, when the first of them may go
	Reason string    // "429 Retry-After", "503 on 3 URLs in a row", "503 Retry-After", "retry backoff"
}

// waiting lists the paused hosts (the longest pause first), then the URLs
// waiting their own time as one Wait.
func (b *waitBoard) waiting(now time.Time) []Wait {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Wait
	for host, h := range b.hosts {
		if h.until.After(now) {
			out = append(out, Wait{Host: host, Until: h.until, Reason: h.reason})
		}
	}
	slices.SortFunc(out, func(x, y Wait) int {
		if c := y.Until.Compare(x.Until); c != 0 {
			return c
		}
		return strings.Compare(x.Host, y.Host)
	})
	if w, ok := b.urlsWaiting(now); ok {
		out = append(out, w)
	}
	return out
}

func (b *waitBoard) urlsWaiting(now time.Time) (Wait, bool) {
	var w Wait
	for _, u := range b.urls {
		if !u.until.After(now) {
			continue
		}
		w.URLs++
		if w.Until.IsZero() || u.until.Before(w.Until) {
			w.Until = u.until
		}
		switch w.Reason {
		case "":
			w.Reason = u.label
		case u.label:
		default:
			w.Reason = "retries"
		}
	}
	return w, w.URLs > 0
}

// Waiting says what the crawl is waiting on: paused hosts and URLs waiting
// for their own retry time, as this process knows them. Safe to call while
// Run runs.
func (cr *Crawler) Waiting() []Wait { return cr.waits.waiting(cr.cfg.Clock()) }
