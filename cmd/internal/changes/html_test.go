package changes

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// changes.html opens on what was lost, then changed, orphaned, broken
// links, closed feeds and the counts; page-derived strings are escaped.
func TestHTMLLostFirstAndEscaped(t *testing.T) {
	prev, cur := fixture(t)
	r := Compare(load(t, prev), load(t, cur), Options{})
	out := t.TempDir()
	paths, err := WriteAll(out, r)
	if err != nil || len(paths) != 2 {
		t.Fatalf("WriteAll: %v %v", paths, err)
	}
	raw, _ := os.ReadFile(filepath.Join(out, HTMLFile))
	page := string(raw)
	last := -1
	for _, id := range []string{`id="lost"`, `id="changed"`, `id="orphaned"`, `id="broken"`, `id="feeds"`, `id="counts"`} {
		i := strings.Index(page, id)
		if i < 0 || i < last {
			t.Errorf("section %s at %d, after %d: out of order or missing", id, i, last)
		}
		last = i
	}
	if strings.Contains(page, "<script>alert") || strings.Contains(page, `"><script`) {
		t.Errorf("the hostile URL reached the page unescaped")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the hostile URL is not shown escaped")
	}
	lost := page[strings.Index(page, `id="lost"`):strings.Index(page, `id="changed"`)]
	if !strings.Contains(lost, "https://ex.org/gone") || !strings.Contains(lost, `href="/20261101100100/https://ex.org/gone"`) ||
		!strings.Contains(lost, "→ <a href=\"https://ex.org/moved-here\">") {
		t.Errorf("lost section lacks the gone PDF's replay link or the moved target:\n%s", lost)
	}
	m := regexp.MustCompile(`script-src 'nonce-([^']+)'`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `<style nonce="`+m[1]+`">`) || strings.Contains(page, "<script") {
		t.Errorf("CSP nonce missing or a script in the page")
	}
}

// A verify --previous report has no URL sections: it opens on the broken links.
func TestHTMLLinksOnly(t *testing.T) {
	prev, cur := fixture(t)
	p, _ := LoadLinks(filepath.Join(prev, "links.json"))
	c, _ := LoadLinks(filepath.Join(cur, "links.json"))
	r := CompareReports(p, c, "old/links.json", Options{})
	var b strings.Builder
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, `id="lost"`) || !strings.Contains(page, `id="broken"`) || !strings.Contains(page, "https://other.org/broke") {
		t.Errorf("links-only page:\n%s", page)
	}
}
