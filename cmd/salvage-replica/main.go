// Command salvage-replica serves crawler/crawltest's replica of
// minusma.unmissions.org (and its radio stream and off-site hosts) on
// loopback until SIGINT or SIGTERM, for `make demo` and `make bench`.
//
//	salvage-replica [--articles N] [--latency D] [--crawl-delay D]
//	                [--media-throttle D] [--retry-later=false]
//	                [--ca-file PATH] [--flags-file PATH] [--log PATH]
//	                [--proxy-file PATH]
//
// It prints the crawler flags that reach it (one --resolve SPEC per line,
// then --ca-cert PATH) and writes the same lines to --flags-file, so
// `salvage crawl $(cat FLAGS-FILE) https://minusma.unmissions.org/en` works.
package main

import (
	"context"
	"io"
	"os"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

func main() {
	cli.Main(func(ctx context.Context) int {
		return exitCode((&replicaCmd{stdout: os.Stdout, stderr: os.Stderr}).Run(ctx, os.Args[1:]), os.Stderr)
	})
}

// exitCode maps an outcome to its exit code (cli.ExitCode).
func exitCode(err error, stderr io.Writer) int { return cli.ExitCode("salvage-replica", err, stderr) }
