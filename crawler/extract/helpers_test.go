package extract

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const minusmaPage = "https://minusma.unmissions.org/en"

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func parseDoc(t testing.TB, markup string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(markup))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func readMinusma(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("../../testdata/minusma-home.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// brief renders a link as "E img/src URL", the form the table tests use.
func brief(l Link) string {
	return fmt.Sprintf("%c %s/%s %s", l.Hop, l.Element, l.Attr, l.URL)
}

func briefs(ls []Link) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = brief(l)
	}
	return out
}

func equalLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}
