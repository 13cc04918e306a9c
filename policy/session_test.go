package policy

import (
	"net/url"
	"strings"
	"testing"
)

func TestSessionSeenKey(t *testing.T) {
	r := NewSessionRules(DefaultSessionParams)
	cases := []struct{ in, key, rule string }{
		{"https://e.org/subscribe?sid=3f2a9c1e8b7d4e6fa1b2c3d4e5f60718", "https://e.org/subscribe", "session:sid"},
		{"https://e.org/s/daily?SID=3F2A9C1E8B7D4E6FA1B2C3D4E5F60718&lang=fr", "https://e.org/s/daily?lang=fr", "session:sid"},
		{"https://e.org/shop;jsessionid=1A2B3C4D5E6F?item=3", "https://e.org/shop?item=3", "session:jsessionid"},
		{"https://e.org/x;JSESSIONID=abc", "https://e.org/x", "session:jsessionid"},
		{"https://e.org/p?PHPSESSID=k2j3h4g5f6d7s8a9&id=4", "https://e.org/p?id=4", "session:phpsessid"},
		{"https://e.org/p?ASPSESSIONIDQQGGQDTB=MCBLPLLCNPMHKJOFGHHKBPPH", "https://e.org/p", "session:aspsessionidqqggqdtb"},
		{"https://e.org/p?CFID=1234&CFTOKEN=5678&q=1", "https://e.org/p?q=1", "session:cfid+cftoken"},
		{"https://e.org/apps/roster/(S(lit1py2t2z1v2vlm2s2xyz))/default.aspx?x=1", "https://e.org/apps/roster/default.aspx?x=1", "session:aspnet-cookieless"},
		{"https://e.org/(S(abcdefghij0123456789ab))(A(xyzxyzxyz))/p.aspx", "https://e.org/p.aspx", "session:aspnet-cookieless"},
		// Not session ids: a short sid, a CFID alone, ordinary arguments, a parenthesised word.
		{"https://e.org/wiki/Mali_(country)", "https://e.org/wiki/Mali_(country)", ""},
		{"https://e.org/p?sid=3", "https://e.org/p?sid=3", ""},
		{"https://e.org/p?cfid=1234", "https://e.org/p?cfid=1234", ""},
		{"https://e.org/en/news?page=2", "https://e.org/en/news?page=2", ""},
	}
	for _, c := range cases {
		key, rule := r.SeenKey(mustURL(t, c.in))
		if key != c.key || rule != c.rule {
			t.Errorf("SeenKey(%s) = %q %q, want %q %q", c.in, key, rule, c.key, c.rule)
		}
	}
	if key, rule := NewSessionRules(nil).SeenKey(mustURL(t, cases[0].in)); rule != "" || key != cases[0].in {
		t.Errorf("no rules folded %q %q", key, rule)
	}
}

func TestLearnSessionParams(t *testing.T) {
	links := []string{
		"https://e.org/survey/step-2?visit=Ab3kQ9zX7mPq2Lw8Rt5y",
		"https://e.org/survey/thanks?visit=Ab3kQ9zX7mPq2Lw8Rt5y&lang=en",
		"https://e.org/files/a?h=3f2a9c1e8b7d4e6fa1b2c3d4e5f60718",
		"https://e.org/files/b?h=00aa11bb22cc33dd44ee55ff66778899",
		"https://e.org/news?page=2",
		"https://e.org/news?page=3",
	}
	var us []*url.URL
	for _, l := range links {
		us = append(us, mustURL(t, l))
	}
	got := LearnSessionParams(us)
	if len(got) != 1 || got[0] != "visit" {
		t.Errorf("learned %v, want [visit]: a content hash differs per link, a page number is no token", got)
	}
	r := NewSessionRules(DefaultSessionParams).WithLearned(got)
	if key, rule := r.SeenKey(mustURL(t, "https://e.org/survey?visit=Zz9kQ1zX7mPq2Lw8Rt5a&x=1")); key != "https://e.org/survey?x=1" || rule != "session:visit" {
		t.Errorf("learned fold: %q %q", key, rule)
	}
}

func TestFoldText(t *testing.T) {
	r := NewSessionRules(DefaultSessionParams).WithLearned([]string{"visit"})
	a := `<a href="/portal/tenders;jsessionid=87959EDF6AFC9AA1CD14CD2721775B85">t</a> <a href="/en/newsletter/press?sid=306bd5593381d7a983e21e99f9159b30&amp;lang=en">p</a> <a href="/survey/2?visit=6vt7Z6ped9lNxL_Vkc0M">s</a> <a href="/page?sid=3">section 3</a>`
	b := `<a href="/portal/tenders;jsessionid=8C2D0E7A41F9B3C65D1E0A7F29B48C3E">t</a> <a href="/en/newsletter/press?sid=aa1bd5593381d7a983e21e99f9159b99&amp;lang=en">p</a> <a href="/survey/2?visit=Zq9T2ped9lNxL_Vkc0M7">s</a> <a href="/page?sid=3">section 3</a>`
	if fa, fb := r.FoldText(a), r.FoldText(b); fa != fb {
		t.Errorf("folded texts differ:\n%s\n%s", fa, fb)
	}
	if got := r.FoldText(`<a href="/page?sid=3">`); got != `<a href="/page?sid=3">` {
		t.Errorf("sid=3 (not a token) folded: %s", got)
	}
	wa, wb := `<a href="/wp-action?action=trash&amp;post=7&amp;_wpnonce=e015a48323">`, `<a href="/wp-action?action=trash&amp;post=7&amp;_wpnonce=d79c4f4aa3">`
	if r.FoldText(wa) != r.FoldText(wb) {
		t.Errorf("WordPress nonces on links not folded: %s", r.FoldText(wa))
	}
	if r.FoldText(a) == r.FoldText(strings.Replace(a, "section 3", "section 4", 1)) {
		t.Error("a change of text folded away")
	}
}
