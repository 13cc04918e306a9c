package crawler

import (
	"context"
	"time"
)

// Hurry ends Run's grace: once Run's context is cancelled (before or after
// Hurry is called), the exchanges in flight are cut at once instead of after
// Config.Grace. A cut exchange is recorded as far as it got, like one cut by
// the grace. Safe from any goroutine, any number of times.
func (cr *Crawler) Hurry() { cr.hurryOnce.Do(func() { close(cr.hurry) }) }

// Fetching is how many exchanges are in flight in this process: started
// and not finished. Safe to call while Run runs.
func (cr *Crawler) Fetching() int { return int(cr.fetching.Load()) }

// graceContext is cancelled grace after parent is, or as soon as both
// parent is cancelled and hurry is closed. The func releases it.
func graceContext(parent context.Context, grace time.Duration, hurry <-chan struct{}) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	stop := context.AfterFunc(parent, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C:
		case <-hurry:
		case <-ctx.Done(): // released
		}
		cancel()
	})
	return ctx, func() { stop(); cancel() }
}
