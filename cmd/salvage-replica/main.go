// Command salvage-replica serves crawler/crawltest's replica of
// minusma.unmissions.org (and its radio stream and off-site hosts) on
// loopback until SIGINT or SIGTERM, for `make demo` and `make bench`.
//
//	salvage-replica [--articles N] [--latency D] [--crawl-delay D]
//	                [--ca-file PATH] [--flags-file PATH] [--log PATH]
//	                [--proxy-file PATH]
//
// It prints the crawler flags that reach it (one --resolve SPEC per line,
// then --ca-cert PATH) and writes the same lines to --flags-file, so
// `salvage crawl $(cat FLAGS-FILE) https://minusma.unmissions.org/en` works.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, one meaning each.
const (
	exitOK      = 0
	exitUsage   = 2
	exitRuntime = 3
)

// usageError marks errors that are the caller's to fix (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := &replicaCmd{stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(exitCode(cmd.Run(ctx, os.Args[1:]), os.Stderr))
}

// exitCode is the one place outcomes become exit codes.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "salvage-replica: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "salvage-replica: %v\n", err)
	return exitRuntime
}
