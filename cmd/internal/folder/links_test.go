package folder

import (
	"testing"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// TestKnownFromRobotsRefusal: a URL refused because its host's robots.txt
// could not be fetched takes the kind of that failure; a robots.txt that
// answered (5xx, or a redirect loop: Cause 0 or above, no failure) keeps
// robots.
func TestKnownFromRobotsRefusal(t *testing.T) {
	tests := []struct {
		cause   int
		failure policy.ErrKind
		want    policy.ErrKind
	}{
		{crawler.StatusDNSFailed, policy.ErrDNS, policy.ErrDNS},
		{crawler.StatusConnectFailed, policy.ErrRefused, policy.ErrRefused},
		{crawler.StatusConnectFailed, policy.ErrNoRoute, policy.ErrNoRoute},
		{crawler.StatusConnectBroken, policy.ErrReset, policy.ErrReset},
		{crawler.StatusConnectBroken, policy.ErrMalformed, policy.ErrMalformed},
		{crawler.StatusTimeout, policy.ErrTimeout, policy.ErrTimeout},
		{503, policy.ErrNone, policy.ErrRobots},
		{0, policy.ErrNone, policy.ErrRobots},
	}
	for _, tt := range tests {
		ev := crawler.Event{Kind: crawler.EventRefused, URL: "http://radio.example:8001/", Status: crawler.StatusPrereqFailed,
			Rule: "robots-unavailable", Cause: tt.cause, Failure: tt.failure, Err: "robots.txt: x"}
		k := known(ev, nil)
		if k.Err != tt.want || k.Refusal != "robots-unavailable" || k.Evidence != "robots.txt: x" {
			t.Errorf("cause %d, failure %q: %+v, want kind %q", tt.cause, tt.failure, k, tt.want)
		}
	}
	robots := known(crawler.Event{Kind: crawler.EventRefused, Status: crawler.StatusRobots, Rule: "robots"}, nil)
	if robots.Err != policy.ErrRobots {
		t.Errorf("disallowed by robots.txt: kind %q", robots.Err)
	}
}
