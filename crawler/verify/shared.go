package verify

import (
	"context"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// SharedResults is a store of check results shared by the processes of one
// crawl (cmd/salvage wires a Redis store for the workers of a shared crawl,
// as robots.txt files are shared), so N workers do not each check every
// external link. Get returns only a fresh result (see FreshFor); a store
// error reads as "none", and Put may drop a result: the worker then checks
// itself.
type SharedResults interface {
	Get(ctx context.Context, url string) (Result, bool)
	Put(ctx context.Context, r Result)
}

// FreshFor is how long a result stays fresh in a shared store: as in the
// Cache by default, a day for ok and redirected, 10 minutes for the rest.
func FreshFor(r Result) time.Duration {
	if r.Class == policy.ClassOK || r.Class == policy.ClassRedirected {
		return 24 * time.Hour
	}
	return 10 * time.Minute
}
