package policy

import (
	"net/url"
	"testing"
)

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := Canonicalize(raw, nil)
	if err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return u
}

func TestFamilyTemplates(t *testing.T) {
	same := [][]string{
		{"https://e.org/en/calendar/2023-12", "https://e.org/en/calendar/1995-01", "https://e.org/en/calendar/2052-01-01"},
		{"https://e.org/en/agenda/20520101", "https://e.org/en/agenda/19950131"},
		{"https://e.org/en/news?page=1", "https://e.org/en/news?page=299"},
		{"https://e.org/subscribe?sid=3f2a9c1e8b7d4e6fa1b2c3d4e5f60718", "https://e.org/subscribe?SID=00aa11bb22cc33dd44ee55ff66778899"},
		{"https://e.org/a/b/a/b/c", "https://e.org/a/b/a/b/a/b/c", "https://e.org/a/b/a/x.html", "https://e.org/b/a/b/"},
		{"https://e.org/en/careers/vacancies/internships/vacancies/", "https://e.org/en/careers/faq/internships/faq/vacancies/", "https://e.org/en/careers/internships/internships/"},
		{"https://e.org/fr/agenda/d%C3%A9cembre-2023", "https://e.org/fr/agenda/janvier-2024", "https://e.org/fr/agenda/f%C3%A9vrier-1871"},
		{"https://e.org/en/news/article-115", "https://e.org/en/news/article-117"},
		{"https://e.org/cal/2023/12/05/", "https://e.org/cal/1999/01/31/"},
		{"https://e.org/s?b=1&a=2", "https://e.org/s?a=9&b=8&a=1"},
		{"https://e.org/search?f%5B0%5D=tags%3A2", "https://e.org/search?f%5B0%5D=tags%3A2&f%5B1%5D=tags%3A5", "https://e.org/search?f[0]=x&f[1]=y&f[2]=z"},
		{"https://e.org/d/550e8400-e29b-41d4-a716-446655440000/view", "https://e.org/d/6ba7b810-9dad-11d1-80b4-00c04fd430c8/view"},
	}
	for _, group := range same {
		want, _ := Family(mustURL(t, group[0]))
		for _, raw := range group[1:] {
			if got, _ := Family(mustURL(t, raw)); got != want {
				t.Errorf("Family(%s) = %q, want %q (as %s)", raw, got, want, group[0])
			}
		}
	}
	differ := [][2]string{
		{"https://e.org/en/news?page=1", "https://e.org/en/news?tag=1"},
		{"https://e.org/en/about", "https://e.org/en/contact"},
		{"https://e.org/en/after-ten-years-presence-minusma-closes-its-base", "https://e.org/en/after-ten-years-presence-minusma-closes-its-camp"},
		{"https://e.org/en/calendar/2023-12", "https://e.org/en/agenda/2023-12"},
		{"https://a.e.org/x/1", "https://b.e.org/x/1"},
		{"https://e.org/en/news/2", "https://e.org/en/news/117520"},
	}
	for _, p := range differ {
		a, _ := Family(mustURL(t, p[0]))
		b, _ := Family(mustURL(t, p[1]))
		if a == b {
			t.Errorf("%s and %s share family %q", p[0], p[1], a)
		}
	}
	if tpl, gen := Family(mustURL(t, "https://e.org/en/about-us")); gen || tpl != "e.org/en/about-us" {
		t.Errorf("a plain page: %q generalized=%v", tpl, gen)
	}
	if tpl, _ := Family(mustURL(t, "https://e.org/en/calendar/2023-12?x=1")); tpl != "e.org/en/calendar/#?x" {
		t.Errorf("template %q", tpl)
	}
}

func TestIsToken(t *testing.T) {
	tokens := []string{"3f2a9c1e8b7d4e6fa1b2c3d4e5f60718", "550e8400-e29b-41d4-a716-446655440000",
		"Ab3kQ9zX_7mPq2Lw8Rt5", "a1b2c3d4e5f6g7h8i9j0k1l2m3", "1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D",
		"8b61f0d2aae9c4b7f0e5da7ebc1f2a39", "dfcbea0123456789ebcadfcb01"} // random hex with long runs (a test flaked on one)
	for _, s := range tokens {
		if !IsToken(s) {
			t.Errorf("IsToken(%q) = false", s)
		}
	}
	words := []string{"after-ten-years-presence-minusma-closes-its-base", "annual-report-2023-final",
		"abc", "Djinguereber_Mosque", "res_2690_2023_en", "itokAbC12xyZ", "20231205123456789012"}
	for _, s := range words {
		if IsToken(s) {
			t.Errorf("IsToken(%q) = true", s)
		}
	}
}

func TestNoveltyKey(t *testing.T) {
	a, ta := NoveltyKey(mustURL(t, "https://e.org/subscribe?visit=Ab3kQ9zX7mPq2Lw8Rt5y&lang=en"))
	b, tb := NoveltyKey(mustURL(t, "https://e.org/subscribe?visit=Zz9kQ1zX7mPq2Lw8Rt5a&lang=en"))
	if a != b || !ta || !tb {
		t.Errorf("token churn: %q %v, %q %v", a, ta, b, tb)
	}
	if k, tok := NoveltyKey(mustURL(t, "https://e.org/en/news?page=2")); tok || k != "https://e.org/en/news?page=2" {
		t.Errorf("no token: %q %v", k, tok)
	}
	c, _ := NoveltyKey(mustURL(t, "https://e.org/p/3f2a9c1e8b7d4e6fa1b2c3d4e5f60718/x"))
	d, _ := NoveltyKey(mustURL(t, "https://e.org/p/00aa11bb22cc33dd44ee55ff66778899/x"))
	if c != d {
		t.Errorf("token segments: %q != %q", c, d)
	}
}

func FuzzFamily(f *testing.F) {
	f.Add("https://e.org/a/b/a/b?x=1&y=2")
	f.Add("https://e.org/cal/2023-12-05;jsessionid=ABC")
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := Canonicalize(raw, nil)
		if err != nil {
			return
		}
		tpl, _ := Family(u)
		again, _ := Family(u)
		if tpl != again {
			t.Fatalf("unstable family %q %q", tpl, again)
		}
		NoveltyKey(u)
		NewSessionRules(DefaultSessionParams).SeenKey(u)
	})
}
