package changes

import (
	"fmt"
	"strings"

	"github.com/salvage-archive/salvage/policy"
)

// maxListed is how many lost URLs and broken links Lines names.
const maxListed = 5

// Lines is the changes section of the printed summary: counts per kind,
// then the lost documents and the links that broke (at most maxListed
// each), then closed feeds.
func Lines(r *Report) []string {
	var out []string
	if r.CapturesCompared {
		out = append(out, "changes since the earlier crawl: "+countsLine(r.Counts))
		out = append(out, lostLines(r.Lost())...)
	}
	if !r.LinksCompared {
		return append(out, r.NotCompared)
	}
	rot := r.Links
	out = append(out, fmt.Sprintf("links: %d ok before and a problem now, %d no longer linked, %d newly linked; feeds closed: %d",
		len(rot.Broken), len(rot.Disappeared), len(rot.Appeared), len(r.Feeds)))
	for i, l := range rot.Broken {
		if i == maxListed {
			out = append(out, fmt.Sprintf("  ... and %d more (changes.html)", len(rot.Broken)-maxListed))
			break
		}
		out = append(out, fmt.Sprintf("  %s -> %s  %s", l.Before, l.After, printable(l.URL)))
	}
	for _, f := range r.Feeds {
		out = append(out, fmt.Sprintf("  feed closed: %s %s", printable(f.Platform), printable(f.URL)))
	}
	return out
}

// countsLine: "2 gone, 1 moved, 3 changed, ... 40 unchanged" (every kind).
func countsLine(c Counts) string {
	parts := make([]string, 0, len(c))
	for _, k := range policy.ChangeKinds() {
		parts = append(parts, fmt.Sprintf("%d %s", c[k], k))
	}
	return strings.Join(parts, ", ")
}

func lostLines(lost []Change) []string {
	var out []string
	for i, c := range lost {
		if i == maxListed {
			return append(out, fmt.Sprintf("  ... and %d more (changes.html)", len(lost)-maxListed))
		}
		out = append(out, "  "+string(c.Kind)+" "+printable(c.URL+lostDetail(c)))
	}
	return out
}

// lostDetail: " (404)", " (refused)", " -> TARGET".
func lostDetail(c Change) string {
	switch {
	case c.Target != "":
		return " -> " + c.Target
	case c.After != nil:
		return fmt.Sprintf(" (%d)", c.After.Status)
	case c.Class != "":
		return " (" + string(c.Class) + ")"
	}
	return ""
}

// printable replaces control characters (a terminal's escape sequences, line
// breaks) in a string from a page or index with "?".
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}
