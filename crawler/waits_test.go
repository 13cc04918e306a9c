package crawler

import (
	"strings"
	"testing"
	"time"
)

// TestWaitRules: one URL's trouble delays that URL only; a 429, or 503s on
// HostTroubleRun different URLs in a row, pause the host; every wait is
// capped, and a server asking for more has the URL deferred.
func TestWaitRules(t *testing.T) {
	const host = "a.example:443"
	u := func(p string) string { return "https://a.example/" + p }
	ra := func(url string, status int, d time.Duration) answer {
		return answer{host: host, url: url, status: status, retryAfter: d, asked: true, backoff: 5 * time.Second}
	}
	plain := func(url string, status int) answer {
		return answer{host: host, url: url, status: status, backoff: 5 * time.Second}
	}
	type step struct {
		a       answer
		url     time.Duration // the URL's wait (retries only)
		host    time.Duration // the host's pause
		retry   bool
		deferIt bool
		reason  string // a part of the plan's reason
	}
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"one URL's 503 Retry-After leaves the host unpaused, however often", []step{
			{a: ra(u("x"), 503, 40*time.Second), url: 40 * time.Second, retry: true, reason: "503 Retry-After 40s"},
			{a: ra(u("x"), 503, 40*time.Second), url: 40 * time.Second, retry: true},
			{a: ra(u("x"), 503, 40*time.Second), url: 40 * time.Second, retry: true},
		}},
		{"503 on three different URLs in a row pauses the host", []step{
			{a: ra(u("1"), 503, 20*time.Second), url: 20 * time.Second, retry: true},
			{a: plain(u("2"), 503), url: 5 * time.Second, retry: true, reason: "503, retry backoff 5s"},
			{a: ra(u("3"), 503, 30*time.Second), url: 30 * time.Second, host: 30 * time.Second, retry: true},
			{a: ra(u("4"), 503, 10*time.Second), url: 10 * time.Second, host: 10 * time.Second, retry: true},
		}},
		{"an answer in between breaks the run", []step{
			{a: ra(u("1"), 503, time.Second), url: time.Second, retry: true},
			{a: ra(u("2"), 503, time.Second), url: time.Second, retry: true},
			{a: plain(u("ok"), 200)},
			{a: ra(u("3"), 503, time.Second), url: time.Second, retry: true},
		}},
		{"no answer counts as trouble too", []step{
			{a: plain(u("1"), StatusConnectFailed), url: 5 * time.Second, retry: true},
			{a: plain(u("2"), StatusTimeout), url: 5 * time.Second, retry: true},
			{a: plain(u("3"), StatusConnectBroken), url: 5 * time.Second, host: 5 * time.Second, retry: true},
		}},
		{"429 pauses the host at once", []step{
			{a: ra(u("x"), 429, 42*time.Second), url: 42 * time.Second, host: 42 * time.Second, retry: true, reason: "429 Retry-After 42s"},
			{a: plain(u("y"), 429), url: 5 * time.Second, host: 5 * time.Second, retry: true},
		}},
		{"a wait beyond --max-wait defers the URL; the host's pause is capped", []step{
			{a: ra(u("x"), 503, time.Hour), url: 3 * time.Minute, retry: true, deferIt: true, reason: "503 Retry-After 3600s, beyond --max-wait 3m0s"},
			{a: ra(u("y"), 429, time.Hour), url: 3 * time.Minute, host: 3 * time.Minute, retry: true, deferIt: true},
		}},
		{"500 with Retry-After delays that URL; without, it is final", []step{
			{a: ra(u("x"), 500, 10*time.Second), url: 10 * time.Second, retry: true, reason: "500 Retry-After 10s"},
			{a: plain(u("y"), 500)},
			{a: plain(u("z"), 404)},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newWaitBoard(3 * time.Minute)
			now := time.Unix(1000, 0)
			for i, s := range tc.steps {
				p := b.decide(s.a, now)
				if p.retry != s.retry || p.deferIt != s.deferIt || p.host != s.host || (s.retry && p.url != s.url) {
					t.Errorf("step %d (%s %d): plan %+v, want retry %v url %s host %s defer %v",
						i+1, s.a.url, s.a.status, p, s.retry, s.url, s.host, s.deferIt)
				}
				if !strings.Contains(p.reason, s.reason) {
					t.Errorf("step %d: reason %q, want %q in it", i+1, p.reason, s.reason)
				}
			}
		})
	}
}

// TestWaitingNamesPausesAndURLs: what Waiting reports, for the progress line.
func TestWaitingNamesPausesAndURLs(t *testing.T) {
	b := newWaitBoard(3 * time.Minute)
	now := time.Unix(1000, 0)
	b.decide(answer{host: "a.example:443", url: "https://a.example/x", status: 429, retryAfter: 42 * time.Second, asked: true}, now)
	b.waitFor("https://b.example/1", now.Add(10*time.Second), "503 Retry-After", false)
	b.waitFor("https://b.example/2", now.Add(40*time.Second), "503 Retry-After", true)
	got := b.waiting(now)
	if len(got) != 2 {
		t.Fatalf("waits %+v, want a host and the URLs", got)
	}
	if h := got[0]; h.Host != "a.example:443" || h.Reason != "429 Retry-After" || !h.Until.Equal(now.Add(42*time.Second)) {
		t.Errorf("host wait %+v", h)
	}
	if w := got[1]; w.Host != "" || w.URLs != 2 || !w.Until.Equal(now.Add(10*time.Second)) || w.Reason != "503 Retry-After" {
		t.Errorf("URL wait %+v", w)
	}
	b.taken("https://b.example/1")
	if aside := b.setAside(); len(aside) != 1 || !aside["https://b.example/2"] {
		t.Errorf("set aside %v", aside)
	}
	if got := b.waiting(now.Add(time.Hour)); len(got) != 0 {
		t.Errorf("waits after they ended: %+v", got)
	}
}

func TestBackoffCapped(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		want    time.Duration
	}{{0, 5 * time.Second}, {2, 20 * time.Second}, {6, 3 * time.Minute}, {200, 3 * time.Minute}} {
		if got := backoff(5*time.Second, tc.attempt, 3*time.Minute); got != tc.want {
			t.Errorf("backoff(attempt %d) = %s, want %s", tc.attempt, got, tc.want)
		}
	}
}
