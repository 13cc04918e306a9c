package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
	"github.com/salvage-archive/salvage/crawler"
)

// onInterrupt wires the command line's stop in stages to a crawl: when an
// interrupt cancels ctx it says on w how many fetches it lets finish, and
// the second interrupt (cli.StopNow) ends their grace. A cancel of the
// crawl's own (a write error) says nothing. The func unwires it.
func onInterrupt(ctx context.Context, w io.Writer, cr *crawler.Crawler) func() {
	live := isTerminal(w)
	announce := context.AfterFunc(ctx, func() {
		if errors.Is(context.Cause(ctx), context.Canceled) {
			fmt.Fprint(w, stoppingLine(cr.Fetching(), live))
		}
	})
	hurry := context.AfterFunc(cli.StopNow(ctx), cr.Hurry)
	return func() { announce(); hurry() }
}

// stoppingLine is the line the first interrupt prints; on a terminal it
// first clears the progress line.
func stoppingLine(fetching int, live bool) string {
	clear := ""
	if live {
		clear = "\r\033[K"
	}
	return fmt.Sprintf("%sstopping: letting %d fetches finish (Ctrl-C again to stop now)\n", clear, fetching)
}
