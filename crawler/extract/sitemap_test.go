package extract

import (
	"net/url"
	"testing"
)

func TestSitemap(t *testing.T) {
	base, _ := url.Parse("https://minusma.unmissions.org/sitemap.xml")
	cases := []struct {
		name, xml string
		want      []string
	}{
		{"urlset", `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc> https://minusma.unmissions.org/en/history </loc><lastmod>2023-12-01</lastmod></url>
 <url><loc>https://minusma.unmissions.org/en/a?x=1&amp;y=2</loc></url>
</urlset>`, []string{"https://minusma.unmissions.org/en/history", "https://minusma.unmissions.org/en/a?x=1&y=2"}},
		{"index", `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/sitemap-1.xml.gz</loc></sitemap></sitemapindex>`,
			[]string{"https://minusma.unmissions.org/sitemap-1.xml.gz"}},
		{"broken", `<urlset><url><loc>https://x.org/1</loc></url><url><loc>`, []string{"https://x.org/1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Sitemap([]byte(tc.xml), base)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i, l := range got {
				if l.URL != tc.want[i] || l.Hop != 'S' {
					t.Errorf("link %d = %+v, want %s (S)", i, l, tc.want[i])
				}
			}
		})
	}
}
