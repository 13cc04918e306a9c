// Command salvage saves a website into WARC files and reports on its links.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/salvage-archive/salvage/cmd/internal/cli"
)

type command interface {
	Run(ctx context.Context, args []string) error
}

// gcPercent is the garbage collector's target unless GOGC says otherwise:
// a crawl allocates per page and keeps little, so collecting at 3x the live
// heap instead of 2x cuts its CPU by a seventh for ~11 MB more peak memory
// (measured: 3,000-article replica, three alternating runs; docs/ARCHITECTURE.md).
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	cli.Main(func(ctx context.Context) int { return run(ctx, os.Args[1:], os.Stdout, os.Stderr) })
}

// run executes one subcommand and maps its outcome to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, topUsage)
		return cli.ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 && args[0] == "help" { // salvage help crawl
			return run(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, topUsage)
		return cli.ExitOK
	case "--version", "-version":
		args = append([]string{"version"}, args[1:]...)
	}
	cmd := lookup(args[0], stdout, stderr)
	if cmd == nil {
		fmt.Fprintf(stderr, "salvage: unknown command %q (try: salvage --help)\n", args[0])
		return cli.ExitUsage
	}
	err := cmd.Run(ctx, args[1:])
	if h, ok := errors.AsType[cli.Help](err); ok {
		cli.PrintHelp(stdout, h)
		return cli.ExitOK
	}
	code := exitCode(err, stderr)
	if cli.PointsToHelp(err) {
		fmt.Fprintln(stderr, cli.UsageHint(args[0]))
	}
	return code
}

// commandNames are the subcommands with flags, in help order.
var commandNames = []string{"crawl", "verify", "index", "pack", "replay", "status", "explain"}

func lookup(name string, stdout, stderr io.Writer) command {
	switch name {
	case "completion":
		return &completionCmd{stdout: stdout}
	case "crawl":
		return &crawlCmd{stdout: stdout, stderr: stderr}
	case "verify":
		return &verifyCmd{stdout: stdout, stderr: stderr}
	case "explain":
		return &explainCmd{stdout: stdout, stderr: stderr}
	case "index":
		return &indexCmd{stdout: stdout, stderr: stderr}
	case "pack":
		return &packCmd{stdout: stdout, stderr: stderr}
	case "replay":
		return &replayCmd{stdout: stdout, stderr: stderr}
	case "status":
		return &statusCmd{stdout: stdout, stderr: stderr}
	case "version":
		return &versionCmd{stdout: stdout}
	}
	return nil
}

// exitCode maps an outcome to its exit code (cli.ExitCode).
func exitCode(err error, stderr io.Writer) int { return cli.ExitCode("salvage", err, stderr) }

const topUsage = `salvage saves a website before it disappears.

Usage:
  salvage crawl [flags] SEED...     crawl a site into WARC files (salvage crawl --help for flags)
  salvage verify [flags] WARC...    classify every link of an archive, report feeds and what is missing
  salvage index [flags] WARC...     build a CDXJ (or CDX11, ZipNum) index of any WARC files
  salvage pack [flags] WARC...      package WARC files as WACZ; salvage pack --check FILE.wacz validates one
  salvage replay [flags] ARCHIVE... browse WARC/WACZ files on a local replay server
  salvage status --state redis://... --crawl-id ID   progress of a crawl shared by many workers
  salvage explain [flags] URL       say whether a URL is in scope, and which rule decided
  salvage version                   print the version, commit and Go version (also --version)
  salvage completion bash|zsh|fish  print a shell completion script
  salvage help COMMAND              the flags of a command (also salvage COMMAND --help)

Exit codes: 0 ok, 1 problems found, 2 usage or configuration error, 3 runtime failure.
`

type versionCmd struct{ stdout io.Writer }

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "0.1.0-dev"

func (c *versionCmd) Run(context.Context, []string) error {
	fmt.Fprint(c.stdout, cli.VersionText(Version))
	return nil
}

// completionCmd prints a completion script built from the commands' flag sets.
type completionCmd struct{ stdout io.Writer }

func (c *completionCmd) Run(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return cli.Usagef("completion: want one shell: bash, zsh or fish")
	}
	return cli.Completion(c.stdout, args[0], completionCommands(ctx))
}

// completionCommands are the subcommands with their flag sets, each asked
// for its help (which carries its flags).
func completionCommands(ctx context.Context) []cli.Command {
	cmds := make([]cli.Command, 0, len(commandNames)+2)
	for _, name := range commandNames {
		err := lookup(name, io.Discard, io.Discard).Run(ctx, []string{"--help"})
		h, _ := errors.AsType[cli.Help](err)
		cmds = append(cmds, cli.Command{Name: name, Flags: h.Flags})
	}
	return append(cmds, cli.Command{Name: "version"}, cli.Command{Name: "completion"}, cli.Command{Name: "help"})
}
