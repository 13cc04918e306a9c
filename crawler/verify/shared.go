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
// itself. Claim asks to be the one worker checking url for the next ttl:
// false when another worker holds the claim (this one then waits for its
// result); a store error reads as true.
type SharedResults interface {
	Get(ctx context.Context, url string) (Result, bool)
	Put(ctx context.Context, r Result)
	Claim(ctx context.Context, url string, ttl time.Duration) bool
}

// claimPoll is how often a worker looks for the result of a check another
// worker claimed.
const claimPoll = 100 * time.Millisecond

// fromShared returns the shared result of rawURL: stored already, or
// stored by the worker that claimed its check, waited for while the claim
// lasts. false: this worker checks it (it holds the claim, or the claim
// lapsed, or there is no store).
func (c *Checker) fromShared(ctx context.Context, rawURL string) (Result, bool) {
	sh := c.cfg.Shared
	if sh == nil {
		return Result{}, false
	}
	if res, ok := sh.Get(ctx, rawURL); ok {
		return res, true
	}
	ttl := c.claimTTL()
	if sh.Claim(ctx, rawURL, ttl) {
		return Result{}, false
	}
	t := time.NewTicker(claimPoll)
	defer t.Stop()
	deadline := time.NewTimer(ttl)
	defer deadline.Stop()
	for {
		select {
		case <-ctx.Done():
			return Result{}, false
		case <-deadline.C:
			return Result{}, false // the claimant died or was slow: check it here
		case <-t.C:
			if res, ok := sh.Get(ctx, rawURL); ok {
				return res, true
			}
		}
	}
}

// claimTTL bounds one check: each hop of a redirect chain may take the
// timeout, and a HEAD may be followed by a GET; a soft-404 probe adds one.
func (c *Checker) claimTTL() time.Duration {
	return c.cfg.Timeout * time.Duration(2*(min(c.cfg.MaxRedirects, 5)+1)+1)
}

// FreshFor is how long a result stays fresh in a shared store: as in the
// Cache by default, a day for ok and redirected, 10 minutes for the rest.
func FreshFor(r Result) time.Duration {
	if r.Class == policy.ClassOK || r.Class == policy.ClassRedirected {
		return 24 * time.Hour
	}
	return 10 * time.Minute
}
