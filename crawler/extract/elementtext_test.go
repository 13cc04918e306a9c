package extract

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// clippedText must give what the whole-text form gave, on every element of
// a real page and on edge cases of white space, limits and bad UTF-8.
func TestClippedTextMatchesWholeText(t *testing.T) {
	pages := []string{
		string(readMinusma(t)),
		"<div class=x>  a \t b\n\nc  <b>d</b>e </div>",
		"<p class=y>\xff\xfe bad  utf8 \xe2\x80</p>",
		"<div class=z>" + strings.Repeat("wörd\u00a0 ", 300) + "</div>",
		"<div class=e>   </div>",
	}
	for _, page := range pages {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		doc.Find("*").Each(func(_ int, s *goquery.Selection) {
			for _, limit := range []int{0, 1, 7, maxElementText} {
				want := strings.Join(strings.Fields(s.Text()), " ")
				if len(want) > limit {
					want = want[:limit]
				}
				if got := clippedText(s.Get(0), limit); got != want {
					t.Fatalf("<%s> limit %d: got %q, want %q", s.Get(0).Data, limit, got, want)
				}
			}
		})
	}
}
