package folder

import (
	"testing"

	"github.com/salvage-archive/salvage/crawler"
)

// TestFailureCause: the cause of a failed fetch is the network's, from its
// status and error text.
func TestFailureCause(t *testing.T) {
	cases := []struct {
		status int
		err    string
		want   string
	}{
		{crawler.StatusConnectFailed, `Get "http://127.0.0.1:1/robots.txt": dial tcp 127.0.0.1:1: connect: connection refused`, "connection refused"},
		{crawler.StatusDNSFailed, `Get "http://x.invalid/": dial tcp: lookup x.invalid on 127.0.0.53:53: no such host`, "no such host"},
		{crawler.StatusDNSFailed, "", "no such host"},
		{crawler.StatusConnectFailed, `Get "https://127.0.0.1:2/": tls: failed to verify certificate: x509: certificate signed by unknown authority`, "tls: failed to verify certificate: x509: certificate signed by unknown authority"},
		{crawler.StatusTimeout, `Get "http://127.0.0.1:3/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, "timeout"},
		{crawler.StatusConnectBroken, "", "fetch failed (status -3)"},
	}
	for _, tc := range cases {
		if got := failureCause(tc.status, tc.err); got != tc.want {
			t.Errorf("failureCause(%d, %q) = %q, want %q", tc.status, tc.err, got, tc.want)
		}
	}
}

// TestSeedFatesRobotsCause: a seed refused because its host's robots.txt
// got no answer failed with the robots.txt fetch's cause; a seed that
// answered is no failure.
func TestSeedFatesRobotsCause(t *testing.T) {
	s := newSeedFates()
	seed, ok := "http://127.0.0.1:1/", "http://127.0.0.1:2/"
	s.note(crawler.Event{Kind: crawler.EventFetched, URL: "http://127.0.0.1:1/robots.txt", HopPath: "P", Via: seed,
		Status: crawler.StatusConnectFailed, Err: "dial tcp 127.0.0.1:1: connect: connection refused"})
	s.note(crawler.Event{Kind: crawler.EventRefused, URL: seed, Rule: "robots-unavailable", Status: crawler.StatusPrereqFailed,
		Cause: crawler.StatusConnectFailed, Err: "robots.txt: the connection failed"})
	s.note(crawler.Event{Kind: crawler.EventRetry, URL: ok, Status: crawler.StatusConnectFailed, Err: "connect: connection refused"})
	s.note(crawler.Event{Kind: crawler.EventFetched, URL: ok, Status: 200})
	if f := s.seeds[seed]; f == nil || !f.failed || f.cause != "connection refused" {
		t.Errorf("refused seed: %+v, want failed with connection refused", f)
	}
	if f := s.seeds[ok]; f == nil || f.failed || !f.answered {
		t.Errorf("seed that answered after a retry: %+v", f)
	}
}
