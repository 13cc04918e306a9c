package crawltest

import (
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/salvage-archive/salvage/policy"
)

// TestChanges: the replica's own list of changes between its versions,
// computed from its answers, is exactly the revision and its consequences.
func TestChanges(t *testing.T) {
	same, err := Changes(Config{}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for u, k := range same {
		if k != policy.ChangeUnchanged {
			t.Errorf("version 1 against itself: %s is %s", u, k)
		}
	}
	got, err := Changes(Config{}, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]policy.ChangeKind{
		siteOrigin + "/en/procurement":                        policy.ChangeChanged, // edited
		siteOrigin + "/en/police":                             policy.ChangeChanged,
		siteOrigin + "/en/archives-2015":                      policy.ChangeGone, // removed
		siteOrigin + "/en/jobs":                               policy.ChangeMoved,
		siteOrigin + "/en/careers":                            policy.ChangeNew, // where it moved
		siteOrigin + "/en/archives-2016":                      policy.ChangeOrphaned,
		siteOrigin + "/en/archives-2024":                      policy.ChangeNew,
		siteOrigin + "/en/liquidation":                        policy.ChangeNew,
		siteOrigin + "/sites/default/files/s_2023_236-en.pdf": policy.ChangeChanged,
		// consequences: the listings of the sections, the moved page's translation
		siteOrigin + "/en/about-minusma":      policy.ChangeChanged,
		siteOrigin + "/en/bimonthly-bulletin": policy.ChangeChanged,
		siteOrigin + "/emplois":               policy.ChangeChanged,
		siteOrigin + "/en":                    policy.ChangeChanged, // its menu
	}
	// and the removed page's image went with it; the new pages have theirs
	v1, v2 := testSite(t, 1), testSite(t, 2)
	want[imageOf(v1, "/en/archives-2015")] = policy.ChangeGone
	want[imageOf(v2, "/en/archives-2024")] = policy.ChangeNew
	want[imageOf(v2, "/en/liquidation")] = policy.ChangeNew
	want[imageOf(v2, "/en/archives-2016")] = policy.ChangeOrphaned // embedded by the orphan alone
	changed := maps.Clone(got)
	maps.DeleteFunc(changed, func(_ string, k policy.ChangeKind) bool { return k == policy.ChangeUnchanged })
	if !maps.Equal(changed, want) {
		for _, u := range slices.Sorted(maps.Keys(changed)) {
			t.Logf("%s %s", changed[u], u)
		}
		t.Errorf("%d changes, want the %d of the revision", len(changed), len(want))
	}
	if unchanged := len(got) - len(changed); unchanged < 9*len(got)/10 {
		t.Errorf("%d unchanged URLs of %d, want the rest of the site", unchanged, len(got))
	}
}

func testSite(t *testing.T, version int) *site {
	s, err := newSite(Config{Version: version}.withDefaults(), seedHTML)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// imageOf is the canonical URL of a page's node image.
func imageOf(s *site, path string) string {
	return canonicalString(siteOrigin + pageImage(s.nid[s.byHref(path)]))
}

// TestSecondVersionAnswersConditionalRequests: what did not change answers
// 304 to the first version's Last-Modified; what changed answers 200.
func TestSecondVersionAnswersConditionalRequests(t *testing.T) {
	first, second := startReplica(t, Config{}), startReplica(t, Config{Version: 2})
	c1, c2 := testClient(t, first), testClient(t, second)
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/en/contact", http.StatusNotModified},
		{"/en/procurement", http.StatusOK},
		{"/en/bimonthly-bulletin", http.StatusOK},
		{"/sites/default/files/res_2690_2023_en.pdf", http.StatusNotModified},
		{"/sites/default/files/s_2023_236-en.pdf", http.StatusOK},
		{"/en/archives-2016", http.StatusNotModified},
		{"/en/archives-2015", http.StatusNotFound},
		{"/en/jobs", http.StatusMovedPermanently},
		{"/en", http.StatusOK},
	} {
		resp, err := c1.Get(siteOrigin + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		req, _ := http.NewRequest(http.MethodGet, siteOrigin+tc.path, nil)
		req.Header.Set("If-Modified-Since", resp.Header.Get("Last-Modified"))
		resp, err = c2.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
	}
}
