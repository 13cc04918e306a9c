package crawler

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/salvage-archive/salvage/crawler/crawltest"
	"github.com/salvage-archive/salvage/crawler/netfail"
	"github.com/salvage-archive/salvage/policy"
)

// TestFailureStatusOfConnections: only a connection nobody accepted is -2
// (connect failed); one the server accepted and dropped without an answer
// is -3 (connection broken), however it was dropped.
func TestFailureStatusOfConnections(t *testing.T) {
	tests := []struct {
		name string
		addr string
		want int
	}{
		{"refused", crawltest.ClosedPort(t), StatusConnectFailed},
		{"closed at once", crawltest.ServeConns(t, func(*net.TCPConn) {}), StatusConnectBroken},
		{"closed after a pause", crawltest.ServeConns(t, func(*net.TCPConn) { time.Sleep(50 * time.Millisecond) }), StatusConnectBroken},
		{"reset at once", crawltest.ServeConns(t, func(c *net.TCPConn) { c.SetLinger(0) }), StatusConnectBroken},
		{"reset after the request", crawltest.ServeConns(t, func(c *net.TCPConn) { c.Read(make([]byte, 4096)); c.SetLinger(0) }), StatusConnectBroken},
	}
	for _, tt := range tests {
		client := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
		resp, err := client.Get("http://" + tt.addr + "/")
		if err == nil {
			resp.Body.Close()
			t.Errorf("%s: got a response", tt.name)
			continue
		}
		if got := failureStatus(netfail.Kind(err)); got != tt.want {
			t.Errorf("%s: failureStatus(%v) = %d, want %d", tt.name, err, got, tt.want)
		}
	}
}

// TestRobotsFailureCarriedToRefusal: a host whose robots.txt could not be
// fetched is refused robots-unavailable, and the refusal carries the failed
// fetch's status and kind, so a report can say what failed; a 5xx
// robots.txt gives its status and no kind.
func TestRobotsFailureCarriedToRefusal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	tests := []struct {
		name, seed string
		cause      int
		err        string
		failure    policy.ErrKind
		words      string
	}{
		{"refused", "http://" + crawltest.ClosedPort(t) + "/", StatusConnectFailed, "robots.txt: the connection failed", policy.ErrRefused, "connection refused"},
		{"empty reply", "http://" + crawltest.ServeConns(t, func(*net.TCPConn) {}) + "/", StatusConnectBroken,
			"robots.txt: the connection was closed or broke before an answer", policy.ErrReset, "empty reply"},
		{"503", srv.URL + "/", http.StatusServiceUnavailable, "robots.txt: answered 503", policy.ErrNone, ""},
	}
	for _, tt := range tests {
		log := crawl(t, tt.seed, Config{RetryDelay: time.Millisecond, MaxRetries: 1})
		robots := log.find(EventFetched, tt.seed+"robots.txt")
		if len(robots) != 2 || robots[0].Status != tt.cause || robots[0].Failure != tt.failure {
			t.Errorf("%s: robots.txt fetches %+v, want 2 with status %d, failure %q", tt.name, robots, tt.cause, tt.failure)
		}
		refused := log.find(EventRefused, tt.seed)
		if len(refused) != 1 {
			t.Fatalf("%s: refusals %+v, want 1", tt.name, refused)
		}
		r := refused[0]
		if r.Status != StatusPrereqFailed || r.Rule != "robots-unavailable" || r.Cause != tt.cause || r.Err != tt.err {
			t.Errorf("%s: refusal status %d rule %q cause %d err %q; want %d robots-unavailable %d %q",
				tt.name, r.Status, r.Rule, r.Cause, r.Err, StatusPrereqFailed, tt.cause, tt.err)
		}
		if r.Failure != tt.failure || r.FailureCause != tt.words {
			t.Errorf("%s: refusal failure %q (%q), want %q (%q)", tt.name, r.Failure, r.FailureCause, tt.failure, tt.words)
		}
	}
}
