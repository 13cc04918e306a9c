package folder

import (
	"testing"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// TestFailureCause: the cause of a failed fetch is the network's, as the
// crawler's event carries it; without one, its negative status.
func TestFailureCause(t *testing.T) {
	tls := "tls: failed to verify certificate: x509: certificate signed by unknown authority"
	cases := []struct {
		ev   crawler.Event
		want string
	}{
		{crawler.Event{Kind: crawler.EventFetched, Status: crawler.StatusConnectFailed, Failure: policy.ErrRefused, FailureCause: "connection refused"}, "connection refused"},
		{crawler.Event{Kind: crawler.EventFetched, Status: crawler.StatusConnectFailed, Failure: policy.ErrTLS, FailureCause: tls}, tls},
		{crawler.Event{Kind: crawler.EventRefused, Status: crawler.StatusPrereqFailed, Cause: crawler.StatusDNSFailed,
			Failure: policy.ErrDNS, FailureCause: "no such host"}, "no such host"},
		{crawler.Event{Kind: crawler.EventRefused, Status: crawler.StatusPrereqFailed, Cause: crawler.StatusConnectBroken}, "fetch failed (status -3)"},
		{crawler.Event{Kind: crawler.EventFetched, Status: crawler.StatusRetriesExhausted}, "fetch failed (status -8)"},
	}
	for _, tc := range cases {
		if got := failureCause(tc.ev); got != tc.want {
			t.Errorf("failureCause(%+v) = %q, want %q", tc.ev, got, tc.want)
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
		Status: crawler.StatusConnectFailed, Err: "dial tcp 127.0.0.1:1: connect: connection refused",
		Failure: policy.ErrRefused, FailureCause: "connection refused"})
	s.note(crawler.Event{Kind: crawler.EventRefused, URL: seed, Rule: "robots-unavailable", Status: crawler.StatusPrereqFailed,
		Cause: crawler.StatusConnectFailed, Err: "robots.txt: the connection failed", Failure: policy.ErrRefused, FailureCause: "connection refused"})
	s.note(crawler.Event{Kind: crawler.EventRetry, URL: ok, Status: crawler.StatusConnectFailed, Err: "connect: connection refused"})
	s.note(crawler.Event{Kind: crawler.EventFetched, URL: ok, Status: 200})
	if f := s.seeds[seed]; f == nil || !f.failed || f.cause != "connection refused" {
		t.Errorf("refused seed: %+v, want failed with connection refused", f)
	}
	if f := s.seeds[ok]; f == nil || f.failed || !f.answered {
		t.Errorf("seed that answered after a retry: %+v", f)
	}
}
