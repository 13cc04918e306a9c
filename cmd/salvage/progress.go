package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/cmd/internal/folder"
	"github.com/salvage-archive/salvage/crawler"
)

// startProgress shows the crawl's progress on stderr: a live line on a
// terminal, plain periodic lines otherwise. The returned func stops it.
func startProgress(ctx context.Context, c *crawlCmd, cr *crawler.Crawler, jr *folder.Journal) func() {
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
	start := time.Now()
	sample := func() []string { return progressFields(time.Since(start), cr, jr) }
	wg.Go(func() { progressLoop(ctx, c.stderr, every, live, sample) })
	return func() { cancel(); wg.Wait() }
}

// progressLoop writes a progress line every tick: live, it redraws one
// line in place, fitted to the terminal's width (fields dropped from the
// right, never wrapped), and clears it at the end for the summary;
// otherwise each tick is a plain line.
func progressLoop(ctx context.Context, w io.Writer, every time.Duration, live bool, sample func() []string) {
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
			fields := sample()
			if live {
				fmt.Fprintf(w, "\r\033[K%s", cli.FitLine(fields, progressSep, liveWidth(w)))
			} else {
				fmt.Fprintln(w, strings.Join(fields, progressSep))
			}
		}
	}
}

const progressSep = "  "

// liveWidth is the room of the live line: the terminal's width less one
// column (a character in the last column makes some terminals wrap).
func liveWidth(w io.Writer) int {
	width := 80
	if f, ok := w.(*os.File); ok {
		width = cli.TerminalWidth(f, width)
	}
	return max(width-1, 1)
}

// progressFields are the fields of one progress line, most important first.
func progressFields(el time.Duration, cr *crawler.Crawler, jr *folder.Journal) []string {
	st := cr.Stats()
	fields := progressLine(el, st, jr.Snapshot())
	if st.InFlight == 0 && st.Queued > 0 {
		fields = append(fields, waitingText(cr.Waiting(), time.Now()))
	}
	return fields
}

func progressLine(el time.Duration, st crawler.Stats, t folder.Tally) []string {
	rate := float64(t.Fetches) / max(el.Seconds(), 0.001)
	return []string{"salvage " + el.Truncate(time.Second).String(), fmt.Sprintf("pages %d", t.Pages),
		fmt.Sprintf("fetched %d", t.Fetches), fmt.Sprintf("queued %d", st.Queued), fmt.Sprintf("in flight %d", st.InFlight),
		folder.Human(t.PayloadBytes), fmt.Sprintf("%.1f/s", rate), fmt.Sprintf("errors %d", t.Failed)}
}

// waitingText says what a crawl with nothing in flight and URLs queued is
// waiting on: "waiting: HOST paused 42s (429 Retry-After)", "waiting: 2
// URL(s) until 15:04:05 (503 Retry-After)".
func waitingText(waits []crawler.Wait, now time.Time) string {
	if len(waits) == 0 {
		return "waiting: politeness delay (--delay, robots.txt Crawl-delay)"
	}
	const shown = 2
	parts := make([]string, 0, shown+1)
	for _, w := range waits[:min(len(waits), shown)] {
		if w.Host != "" {
			left := (w.Until.Sub(now) + time.Second - 1).Truncate(time.Second) // 1.2s left reads "2s"
			parts = append(parts, fmt.Sprintf("%s paused %s (%s)", w.Host, left, w.Reason))
		} else {
			parts = append(parts, fmt.Sprintf("%d URL(s) until %s (%s)", w.URLs, w.Until.Local().Format("15:04:05"), w.Reason))
		}
	}
	if len(waits) > shown {
		parts = append(parts, fmt.Sprintf("%d more", len(waits)-shown))
	}
	return "waiting: " + strings.Join(parts, "; ")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
