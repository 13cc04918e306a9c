package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/salvage-archive/salvage/crawler"
)

// startProgress shows the crawl's progress on stderr: a live line on a
// terminal, plain periodic lines otherwise. The returned func stops it.
func startProgress(ctx context.Context, c *crawlCmd, cr *crawler.Crawler, jr *journal) func() {
	mode := c.progress
	live := isTerminal(c.stderr)
	if mode == "off" || (mode == "auto" && !live && c.progressEvery <= 0) {
		return func() {}
	}
	if mode == "lines" {
		live = false
	}
	every := c.progressEvery
	if live {
		every = 250 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { progressLoop(ctx, c.stderr, every, live, cr, jr) })
	return func() { cancel(); wg.Wait() }
}

func progressLoop(ctx context.Context, w io.Writer, every time.Duration, live bool, cr *crawler.Crawler, jr *journal) {
	start := time.Now()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			if live {
				fmt.Fprint(w, "\r\033[K")
			}
			return
		case <-t.C:
			line := progressLine(time.Since(start), cr.Stats(), jr.snapshot())
			if live {
				fmt.Fprintf(w, "\r\033[K%s", line)
			} else {
				fmt.Fprintln(w, line)
			}
		}
	}
}

func progressLine(el time.Duration, st crawler.Stats, t tally) string {
	rate := float64(t.Fetches) / max(el.Seconds(), 0.001)
	return fmt.Sprintf("salvage %s  pages %d  fetched %d  queued %d  in flight %d  %s  %.1f/s  errors %d",
		el.Truncate(time.Second), t.Pages, t.Fetches, st.Queued, st.InFlight, human(t.PayloadBytes), rate, t.Failed)
}

func (j *journal) snapshot() tally {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.tally
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
