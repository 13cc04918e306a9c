package policy

import (
	"net/url"
	"testing"
)

// benchURLs are links as pages write them: relative, absolute, escaped,
// with dot segments, queries and fragments.
var benchURLs = []string{
	"/en/news/article-1234", "../fr/actualites/article-77?page=2#top", "https://MINUSMA.unmissions.org:443/en/%7Euser/./a/../b",
	"https://minusma.unmissions.org/sites/default/files/styles/full/public/image%c3%a9.jpg?itok=AbC-12",
	"//www.un.org/en/peacekeeping", "documents/report%20S-2023-123.pdf", "?q=mali&lang=fr", "#main-content",
}

// BenchmarkCanonicalize resolves and canonicalizes one link per op, then
// renders its canonical string, as the crawler does for every outlink.
func BenchmarkCanonicalize(b *testing.B) {
	base, _ := url.Parse("https://minusma.unmissions.org/en/news/some-page")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		u, err := Canonicalize(benchURLs[i%len(benchURLs)], base)
		if err != nil {
			b.Fatal(err)
		}
		_ = CanonicalString(u)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "URLs/s")
}
