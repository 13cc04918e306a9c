package verify

import (
	"net/http"
	"strings"

	"github.com/salvage-archive/salvage/crawler/netfail"
	"github.com/salvage-archive/salvage/policy"
)

// ErrPrivateAddress is what a CheckerConfig.Dial returns to refuse a
// connection to an address it will not check (a private network, say); the
// link is then reported as policy.ErrPrivate. It is policy.ErrPrivateAddress,
// which the crawler's dialer uses too.
var ErrPrivateAddress = policy.ErrPrivateAddress

// failure turns a transport error into an answer, its kind as
// crawler/netfail classifies it for the crawler too. A SHOUTcast server's
// "ICY 200 OK" status line is not HTTP (net/http rejects its version), but
// it is a live stream, not a failure.
func failure(err error) answer {
	if msg := err.Error(); strings.Contains(msg, `malformed HTTP version "ICY"`) ||
		strings.Contains(msg, `malformed HTTP response "ICY 200`) {
		return answer{status: http.StatusOK, stream: true}
	}
	return answer{err: netfail.Kind(err), detail: err.Error()}
}
