package verify

import (
	"cmp"
	"slices"
	"strings"
)

// Group fills each link's Placements from its Appearances and the report's
// ToFix list from the problem links' placements. It is idempotent, and is
// what Collector.Report calls; a report assembled by hand calls it before
// it is written.
func (r *Report) Group() {
	r.ToFix = []Fix{}
	for i := range r.Links {
		l := &r.Links[i]
		l.Placements = placements(l.Appearances)
		if !l.Class.Problem() {
			continue
		}
		for _, p := range l.Placements {
			r.ToFix = append(r.ToFix, Fix{URL: l.URL, Class: l.Class, Place: p.Place, Pages: len(p.Pages)})
		}
	}
	slices.SortStableFunc(r.ToFix, func(a, b Fix) int {
		return cmp.Or(cmp.Compare(b.Pages, a.Pages), strings.Compare(a.URL, b.URL), strings.Compare(a.Place, b.Place))
	})
}

// placements groups appearances by place, most pages first (then by
// place, for a stable order); pages and texts keep the order they were
// found in.
func placements(apps []Appearance) []Placement {
	out := []Placement{}
	at := map[string]int{}
	for _, a := range apps {
		i, ok := at[a.Place]
		if !ok {
			i = len(out)
			at[a.Place] = i
			out = append(out, Placement{Place: a.Place, Element: a.Element})
		}
		if a.Text != "" && !slices.Contains(out[i].Texts, a.Text) {
			out[i].Texts = append(out[i].Texts, a.Text)
		}
		if n := len(out[i].Pages); n == 0 || out[i].Pages[n-1] != a.Page {
			out[i].Pages = append(out[i].Pages, a.Page)
		}
	}
	slices.SortStableFunc(out, func(a, b Placement) int {
		return cmp.Or(cmp.Compare(len(b.Pages), len(a.Pages)), strings.Compare(a.Place, b.Place))
	})
	return out
}
