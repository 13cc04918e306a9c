// Command salvage-bench crawls the bundled replica with salvage and with GNU
// wget, alternating runs, and prints what each captured and what it cost:
// captures, pages/s, MB/s of WARC written, CPU seconds per 1,000 captures and
// peak RSS, with salvage/wget ratios and their spread. `make bench` runs it.
//
//	salvage-bench [--articles N] [--runs N] [--regimes fast,latency]
//	              [--latency D] [--latency-articles N] [--json PATH]
//
// The replica runs as its own process (salvage-replica) on loopback; wget
// reaches it through the replica's forward proxy, salvage through --resolve.
// CPU time and peak RSS come from the kernel's rusage of each child.
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
	cmd := &benchCmd{stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(exitCode(cmd.Run(ctx, os.Args[1:]), os.Stderr))
}

// exitCode is the one place outcomes become exit codes.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "salvage-bench: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "salvage-bench: %v\n", err)
	return exitRuntime
}
