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
	"io"
	"os"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

func main() {
	cli.Main(func(ctx context.Context) int {
		return exitCode((&benchCmd{stdout: os.Stdout, stderr: os.Stderr}).Run(ctx, os.Args[1:]), os.Stderr)
	})
}

// exitCode maps an outcome to its exit code (cli.ExitCode).
func exitCode(err error, stderr io.Writer) int { return cli.ExitCode("salvage-bench", err, stderr) }
