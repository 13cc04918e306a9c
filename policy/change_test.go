package policy

import "testing"

func TestClassifyChange(t *testing.T) {
	ok := func(d string) *Fetch { return &Fetch{Status: 200, Digest: d} }
	st := func(s int) *Fetch { return &Fetch{Status: s, Digest: "X"} }
	tests := []struct {
		name string
		f    ChangeFacts
		want ChangeKind
	}{
		{"not before", ChangeFacts{After: ok("A")}, ChangeNew},
		{"same digest", ChangeFacts{Before: ok("A"), After: ok("A")}, ChangeUnchanged},
		{"other digest", ChangeFacts{Before: ok("A"), After: ok("B")}, ChangeChanged},
		{"identical-payload revisit", ChangeFacts{Before: ok("A"), After: &Fetch{Status: 200, Digest: "A", Revisit: true}}, ChangeUnchanged},
		{"revisit without digest", ChangeFacts{Before: ok("A"), After: &Fetch{Status: 200, Revisit: true}}, ChangeUnchanged},
		{"server-not-modified", ChangeFacts{Before: ok("A"), After: &Fetch{Status: 304, Revisit: true}}, ChangeUnchanged},
		{"revisit of another payload", ChangeFacts{Before: ok("A"), After: &Fetch{Status: 200, Digest: "B", Revisit: true}}, ChangeChanged},
		{"revisit of a 404 page", ChangeFacts{Before: ok("A"), After: &Fetch{Status: 404, Digest: "B", Revisit: true}}, ChangeGone},
		{"404", ChangeFacts{Before: ok("A"), After: st(404)}, ChangeGone},
		{"410", ChangeFacts{Before: ok("A"), After: st(410)}, ChangeGone},
		{"503", ChangeFacts{Before: ok("A"), After: st(503)}, ChangeGone},
		{"301", ChangeFacts{Before: ok("A"), After: st(301)}, ChangeMoved},
		{"304 without revisit", ChangeFacts{Before: ok("A"), After: st(304)}, ChangeMoved},
		{"failed", ChangeFacts{Before: ok("A"), Failed: true}, ChangeGone},
		{"failed, was 404", ChangeFacts{Before: st(404), Failed: true}, ChangeNotRecrawled},
		{"not fetched", ChangeFacts{Before: ok("A")}, ChangeNotRecrawled},
		{"404 both", ChangeFacts{Before: st(404), After: st(404)}, ChangeUnchanged},
		{"404 then 200", ChangeFacts{Before: st(404), After: ok("A")}, ChangeChanged},
		{"unlinked now", ChangeFacts{Before: ok("A"), After: ok("A"), LinkedBefore: true}, ChangeOrphaned},
		{"unlinked and changed", ChangeFacts{Before: ok("A"), After: ok("B"), LinkedBefore: true}, ChangeOrphaned},
		{"unlinked, not modified", ChangeFacts{Before: ok("A"), After: &Fetch{Status: 304, Revisit: true}, LinkedBefore: true}, ChangeOrphaned},
		{"still linked", ChangeFacts{Before: ok("A"), After: ok("A"), LinkedBefore: true, LinkedNow: true}, ChangeUnchanged},
		{"never linked (a seed)", ChangeFacts{Before: ok("A"), After: ok("A")}, ChangeUnchanged},
		{"unlinked and gone", ChangeFacts{Before: ok("A"), After: st(404), LinkedBefore: true}, ChangeGone},
	}
	for _, tt := range tests {
		if got := ClassifyChange(tt.f); got != tt.want {
			t.Errorf("%s: ClassifyChange = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestLinkRegressedAndFeedClosed(t *testing.T) {
	if !LinkRegressed(ClassOK, ClassNotFound) || !LinkRegressed(ClassRedirected, ClassTimeout) || !LinkRegressed(ClassOK, "some-new-class") {
		t.Error("ok/redirected -> problem is a regression")
	}
	if LinkRegressed(ClassNotFound, ClassServerError) || LinkRegressed(ClassOK, ClassRedirected) || LinkRegressed(ClassNotChecked, ClassNotFound) {
		t.Error("problem -> problem, ok -> redirected and not-checked -> problem are not regressions")
	}
	if !FeedWasClosed(FeedLive, FeedClosed) || FeedWasClosed(FeedUnverifiable, FeedClosed) || FeedWasClosed(FeedLive, FeedUnverifiable) {
		t.Error("only live -> closed closes a feed")
	}
}

func TestDocumentType(t *testing.T) {
	for _, m := range []string{"text/html", "Application/PDF", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} {
		if !DocumentType(m) {
			t.Errorf("DocumentType(%q) = false", m)
		}
	}
	for _, m := range []string{"image/png", "text/css", "application/javascript", "warc/revisit", ""} {
		if DocumentType(m) {
			t.Errorf("DocumentType(%q) = true", m)
		}
	}
}

func TestDiscoveryResource(t *testing.T) {
	for _, tt := range []struct {
		path, mime string
		want       bool
	}{
		{"/sitemap.xml", "application/xml", true},
		{"/feed", "application/rss+xml", true},
		{"/atom", "application/atom+xml; charset=utf-8", true},
		{"/sitemap-archive.xml.gz", "application/x-gzip", true},
		{"/news.rss", "", true},
		{"/", "text/html", false},
		{"/page", "application/xhtml+xml", false},
		{"/logo.svg", "image/svg+xml", false},
		{"/release.tar.gz", "application/x-gzip", false},
		// what the crawler's XML tap reads (moved from crawler's TestXMLCandidate)
		{"/feed", "application/rss+xml; charset=utf-8", true},
		{"/s.xml.gz", "application/octet-stream", true},
		{"/sitemap.xml", "text/html", false},
		{"/radio", "audio/mpeg", false},
	} {
		if got := DiscoveryResource(tt.path, tt.mime); got != tt.want {
			t.Errorf("%s %q: %v, want %v", tt.path, tt.mime, got, tt.want)
		}
	}
}
