package changes

import (
	"maps"
	"slices"
	"testing"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// TestReachable: what links from the seeds reach, through pages, redirect
// chains and robots.txt; not a page only the frontier brought back, nor
// what it alone links (itself, its image, a second orphan it links).
func TestReachable(t *testing.T) {
	moved := link(home+"old", policy.ClassRedirected, home)
	moved.Chain = []verify.Hop{{URL: home + "old", Status: 301, Location: "/new"}, {URL: home + "new", Status: 200}}
	rep := &verify.Report{Seeds: []string{home}, Links: []verify.Link{
		link(home+"a", policy.ClassOK, home), moved,
		link(home+"from-new", policy.ClassOK, home+"new"),
		link(home+"robots.txt", policy.ClassOK), link(home+"sitemap.xml", policy.ClassOK, home+"robots.txt"),
		link(home+"listed", policy.ClassOK, home+"sitemap.xml"),
		link(home+"orphan", policy.ClassOK, home+"orphan", home+"orphan2"),
		link(home+"orphan.png", policy.ClassOK, home+"orphan"), link(home+"orphan2", policy.ClassOK, home+"orphan"),
	}}
	k := newKeyer()
	reached := k.reachable(rep)
	var got []string
	for u := range maps.Keys(reached) {
		got = append(got, u[len(home)-1:])
	}
	slices.Sort(got)
	want := []string{"/", "/a", "/from-new", "/listed", "/new", "/old", "/robots.txt", "/sitemap.xml"}
	if !slices.Equal(got, want) {
		t.Errorf("reached %v, want %v", got, want)
	}
	if k.reachable(&verify.Report{Links: rep.Links}) != nil {
		t.Error("a report without seeds: want nil (every linked URL counts as linked)")
	}
}
