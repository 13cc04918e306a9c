package cli

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func newTestFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.String("out", "out", "output folder")
	fs.Duration("delay", time.Second, "pause")
	fs.Int("workers", 8, "fetches in flight")
	fs.Bool("insecure", false, "accept any TLS certificate")
	fs.String("frobnicate", "", "a flag of no group")
	return fs
}

func TestFlagError(t *testing.T) {
	cases := map[string]string{
		"--ouut":         "unknown flag --ouut (did you mean --out?)",
		"--zzzzzz":       "unknown flag --zzzzzz",
		"--delay=5":      `--delay "5": want a duration such as 5s, 250ms or 1m30s`,
		"--out":          "--out needs a value",
		"--workers=many": `--workers "many": want a whole number`,
	}
	for arg, want := range cases {
		err := newTestFlags().Parse([]string{arg})
		got := FlagError(newTestFlags(), err)
		if got.Error() != want || !errors.As(got, new(UsageError)) {
			t.Errorf("%s: %q, want %q", arg, got, want)
		}
	}
}

func TestPrintHelpGroups(t *testing.T) {
	var b strings.Builder
	PrintHelp(&b, Help{Cmd: "crawl", Header: "Usage: salvage crawl\n\nFlags:\n", Flags: newTestFlags()})
	want := `Usage: salvage crawl

Politeness:
  --delay duration
        pause (default 1s)
  --workers int
        fetches in flight (default 8)

Output:
  --out string
        output folder (default "out")

Network:
  --insecure
        accept any TLS certificate

Other:
  --frobnicate string
        a flag of no group
`
	if got := b.String(); got != want {
		t.Errorf("help:\n%s\nwant\n%s", got, want)
	}
}

func TestCompletionScripts(t *testing.T) {
	cmds := []Command{{Name: "crawl", Flags: newTestFlags()}, {Name: "version"}}
	for _, sh := range Shells {
		var b strings.Builder
		if err := Completion(&b, sh, cmds); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "crawl") || !strings.Contains(b.String(), "out") || !strings.Contains(b.String(), "delay") {
			t.Errorf("%s script lacks the command or its flags:\n%s", sh, b.String())
		}
	}
	if err := Completion(io.Discard, "tcsh", cmds); !errors.As(err, new(UsageError)) {
		t.Errorf("tcsh: %v", err)
	}
}
