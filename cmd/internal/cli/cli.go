// Package cli is what salvage's commands share at their edge: the exit
// codes, the usage error, the one place an outcome becomes an exit code, and
// main's signal handling.
package cli

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
	ExitOK       = 0
	ExitProblems = 1 // the command ran and found problems
	ExitUsage    = 2
	ExitRuntime  = 3
)

// UsageError marks errors that are the caller's to fix (exit 2). Syntax
// says the command line itself is wrong (an unknown flag, a value its
// flag cannot parse, no argument): the command's help is pointed to.
type UsageError struct {
	Err    error
	Syntax bool
}

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef is a UsageError with a formatted message.
func Usagef(format string, a ...any) error { return UsageError{Err: fmt.Errorf(format, a...)} }

// Syntaxf is a UsageError about the command line itself (Syntax).
func Syntaxf(format string, a ...any) error {
	return UsageError{Err: fmt.Errorf(format, a...), Syntax: true}
}

// PointsToHelp says whether err is a usage error that the command's help
// answers (UsageHint follows it).
func PointsToHelp(err error) bool {
	ue, ok := errors.AsType[UsageError](err)
	return ok && ue.Syntax
}

// ErrProblems says the command ran and found problems (exit 1); it prints nothing itself.
var ErrProblems = errors.New("problems found")

// ExitCode is the one place outcomes become exit codes; errors are printed
// on stderr as one line after the command's name.
func ExitCode(name string, err error, stderr io.Writer) int {
	var ue UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp): // -h printed the usage
		return ExitOK
	case errors.Is(err, ErrProblems):
		return ExitProblems
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitRuntime
	}
}

// Main runs run with a context cancelled on SIGINT or SIGTERM and exits
// with the code it returns. A second signal cancels the context's StopNow;
// a third exits at once (ExitRuntime).
func Main(run func(ctx context.Context) int) {
	sigs := make(chan os.Signal, 3)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, stop := Interrupts(context.Background(), sigs, func() { os.Exit(ExitRuntime) })
	code := run(ctx)
	signal.Stop(sigs)
	stop()
	os.Exit(code)
}
