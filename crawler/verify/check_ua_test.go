package verify_test

import (
	"testing"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/crawler/verify"
)

// TestUserAgentIsTheCrawlers: site owners see one name for salvage.
func TestUserAgentIsTheCrawlers(t *testing.T) {
	if verify.DefaultUserAgent != crawler.DefaultUserAgent {
		t.Errorf("verify %q, crawler %q", verify.DefaultUserAgent, crawler.DefaultUserAgent)
	}
}
