package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
)

// Help is the outcome of --help or -h: the command's help, printed on
// standard output with exit code 0. It unwraps to flag.ErrHelp.
type Help struct {
	Cmd    string // the subcommand, e.g. "crawl"
	Header string // the text above the flags
	Flags  *flag.FlagSet
}

func (h Help) Error() string { return "help requested" }
func (h Help) Unwrap() error { return flag.ErrHelp }

// Group is a heading of the flags in a command's help.
type Group string

// The groups, in the order help shows them.
const (
	GroupScope      Group = "Scope"
	GroupPoliteness Group = "Politeness"
	GroupOutput     Group = "Output"
	GroupLimits     Group = "Limits"
	GroupNetwork    Group = "Network"
	GroupState      Group = "State"
	GroupReport     Group = "Link report and checks"
	GroupOther      Group = "Other"
)

var groupOrder = []Group{GroupScope, GroupPoliteness, GroupOutput, GroupLimits, GroupNetwork, GroupState, GroupReport, GroupOther}

// flagGroups is the one table of which group a flag is shown under, for
// every command; a flag not in it is shown under Other.
var flagGroups = map[string]Group{
	// scope
	"scope": GroupScope, "include": GroupScope, "exclude": GroupScope, "max-hops": GroupScope,
	"transclusion-hops": GroupScope, "seed": GroupScope, "seeds-from": GroupScope, "hops": GroupScope,
	"requisites-only": GroupScope, "sitemaps": GroupScope, "no-sitemaps": GroupScope,
	"ignore-robots": GroupScope,
	// politeness
	"delay": GroupPoliteness, "workers": GroupPoliteness, "host-concurrency": GroupPoliteness,
	"user-agent": GroupPoliteness, "retries": GroupPoliteness, "retry-delay": GroupPoliteness,
	"max-wait": GroupPoliteness, "check-per-host": GroupPoliteness, "check-rate": GroupPoliteness,
	// output
	"out": GroupOutput, "prefix": GroupOutput, "warc-size": GroupOutput, "digest": GroupOutput,
	"no-dedup": GroupOutput, "operator": GroupOutput, "description": GroupOutput, "is-part-of": GroupOutput,
	"wacz": GroupOutput, "format": GroupOutput, "progress": GroupOutput, "progress-interval": GroupOutput,
	"log-level": GroupOutput, "title": GroupOutput, "zipnum": GroupOutput, "block-lines": GroupOutput,
	"merge": GroupOutput, "robust-links": GroupOutput, "replay-base": GroupOutput, "collection": GroupOutput,
	"warc": GroupOutput, "check": GroupOutput, "no-banner": GroupOutput,
	// limits
	"max-body": GroupLimits, "max-fetch-time": GroupLimits, "header-timeout": GroupLimits,
	"max-redirects": GroupLimits, "max-outlinks": GroupLimits, "max-parse": GroupLimits,
	"max-stream-size": GroupLimits, "max-stream-time": GroupLimits, "max-url-length": GroupLimits,
	"max-pages-per-host": GroupLimits, "calendar-steps": GroupLimits, "novelty-limit": GroupLimits,
	"grace": GroupLimits, "check-timeout": GroupLimits,
	// network
	"resolve": GroupNetwork, "ca-cert": GroupNetwork, "insecure": GroupNetwork, "allow-private": GroupNetwork,
	"listen": GroupNetwork,
	// state
	"state": GroupState, "crawl-id": GroupState, "worker-id": GroupState, "metrics": GroupState,
	"add-seeds": GroupState, "lease-ttl": GroupState, "previous": GroupState,
	// link report
	"no-report": GroupReport, "offline-report": GroupReport, "fail-on": GroupReport, "rules": GroupReport,
	"offline": GroupReport, "memento": GroupReport, "cache": GroupReport,
}

// GroupOf is the help group of a flag.
func GroupOf(name string) Group {
	if g, ok := flagGroups[name]; ok {
		return g
	}
	return GroupOther
}

// PrintHelp writes a command's help: its header, then its flags by group,
// each with two dashes.
func PrintHelp(w io.Writer, h Help) {
	fmt.Fprint(w, strings.TrimSuffix(h.Header, "Flags:\n")) // the groups head the flags
	byGroup := map[Group][]*flag.Flag{}
	h.Flags.VisitAll(func(f *flag.Flag) { byGroup[GroupOf(f.Name)] = append(byGroup[GroupOf(f.Name)], f) })
	first := true
	for _, g := range groupOrder {
		if len(byGroup[g]) == 0 {
			continue
		}
		if !first {
			fmt.Fprintln(w)
		}
		first = false
		fmt.Fprintf(w, "%s:\n", g)
		for _, f := range byGroup[g] {
			printFlag(w, f)
		}
	}
}

func printFlag(w io.Writer, f *flag.Flag) {
	typ, usage := flag.UnquoteUsage(f)
	name := "  --" + f.Name
	if typ != "" {
		name += " " + typ
	}
	if def := shownDefault(f); def != "" {
		usage += " (default " + def + ")"
	}
	fmt.Fprintf(w, "%s\n        %s\n", name, usage)
}

// shownDefault is a flag's default as help shows it, "" for a zero value.
func shownDefault(f *flag.Flag) string {
	if isZeroDefault(f) {
		return ""
	}
	if g, ok := f.Value.(flag.Getter); ok {
		if _, isStr := g.Get().(string); isStr {
			return fmt.Sprintf("%q", f.DefValue)
		}
	}
	return f.DefValue
}

func isZeroDefault(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "false", "0", "0s", "[]":
		return true
	}
	return false
}

// FlagError turns a parse error of the flag package into the one line of a
// usage error: flags named with two dashes, a "did you mean" for an
// unknown flag close to a registered one, a hint for a bad duration.
func FlagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag --" + name
		if s := Suggest(name, fs); s != "" {
			msg += " (did you mean --" + s + "?)"
		}
		return UsageError{Err: errors.New(msg), Syntax: true}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if val, tail, ok := strings.Cut(rest, " for flag -"); ok {
			name, why, _ := strings.Cut(tail, ": ")
			if f := fs.Lookup(name); f != nil {
				why = cmp.Or(valueHint(f), why)
			}
			return UsageError{Err: fmt.Errorf("--%s %s: %s", name, val, why), Syntax: true}
		}
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return UsageError{Err: fmt.Errorf("--%s needs a value", name), Syntax: true}
	}
	return UsageError{Err: err, Syntax: true}
}

// valueHint says what a flag of a standard type wants, "" for other types
// (whose own error says it).
func valueHint(f *flag.Flag) string {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	switch reflect.TypeOf(g.Get()) {
	case reflect.TypeFor[time.Duration]():
		return "want a duration such as 5s, 250ms or 1m30s"
	case reflect.TypeFor[int](), reflect.TypeFor[int64](), reflect.TypeFor[uint](), reflect.TypeFor[uint64]():
		return "want a whole number"
	case reflect.TypeFor[float64]():
		return "want a number"
	case reflect.TypeFor[bool]():
		return "want true or false"
	}
	return ""
}

// Suggest is the registered flag nearest to a mistyped name, "" when none
// is close (at most 2 edits, and fewer than half the name's letters).
func Suggest(name string, fs *flag.FlagSet) string {
	best, bestD := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		d := editDistance(name, f.Name)
		if d < bestD && d*2 < len(f.Name) {
			best, bestD = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance of two strings (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// UsageHint is the line printed after a subcommand's usage error.
func UsageHint(cmd string) string { return fmt.Sprintf("Run 'salvage %s --help' for usage.", cmd) }
