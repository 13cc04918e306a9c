package cli

import (
	"context"
	"os"
	"sync"
)

// Interrupts turns the signals received on sigs into a stop in stages: the
// first cancels the returned context (the command winds down: a crawl lets
// its fetches in flight finish), the second cancels StopNow of that context
// (the command stops at once, still closing its files), the third calls
// exit. The func stops watching sigs and releases the contexts.
func Interrupts(parent context.Context, sigs <-chan os.Signal, exit func()) (context.Context, func()) {
	now, hurry := context.WithCancel(context.Background())
	ctx, cancel := context.WithCancel(context.WithValue(parent, stopNowKey{}, now))
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { stages(sigs, done, cancel, hurry, exit) })
	return ctx, func() {
		close(done)
		wg.Wait()
		cancel()
		hurry()
	}
}

// stages runs one stage per signal until done is closed or none is left.
func stages(sigs <-chan os.Signal, done <-chan struct{}, stage ...func()) {
	for _, next := range stage {
		select {
		case <-done:
			return
		case <-sigs:
			next()
		}
	}
}

type stopNowKey struct{}

// StopNow is cancelled when the command is asked to stop at once: by a
// second signal to a context from Interrupts. It is never cancelled for
// other contexts.
func StopNow(ctx context.Context) context.Context {
	if now, ok := ctx.Value(stopNowKey{}).(context.Context); ok {
		return now
	}
	return context.Background()
}
