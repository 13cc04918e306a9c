package policy

import (
	"strings"
	"testing"
)

// Bodies as the replica (crawler/crawltest) and the real hosts send them.
const (
	notFoundBody = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>soundcloud.com</p></body></html>\n"
	flickrBody   = "<!DOCTYPE html><html lang=\"en-us\"><head><title>MINUSMA | Flickr</title></head><body><div class=\"photo-list-view\"><h3>No photos found.</h3></div></body></html>\n"
	youtubeBody  = "<!DOCTYPE html><html lang=\"en\"><head><title>YouTube</title><style>body{margin:0;background:#000}</style></head><body><div id=\"player\"></div>" +
		"<script>var ytcfg={d:function(){return{}}};document.getElementById('player').textContent='Video unavailable';</script></body></html>\n"
	facebookBody = "<!DOCTYPE html><html><head><title>Error</title></head><body>Sorry, something went wrong.</body></html>\n"
	authBody     = "<html><head><title>401 - Unauthorized</title></head><body><h1>401 - Unauthorized: Access is denied due to invalid credentials.</h1></body></html>\n"
	loginForm    = `<form action="/user/login" method="post" id="user-login"><input type="text" name="name" /><input type="password" id="edit-pass" name="pass" /></form>`
	cfChallenge  = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></body></html>`
)

// minusmaPage is a page of the MINUSMA site: the shared Drupal template
// around an article.
func minusmaPage(title, article string) string {
	nav := strings.Repeat(`<li><a href="/en/mandate">Mandate</a></li><li><a href="/en/news">News</a></li> `, 3)
	return "<!DOCTYPE html><html lang=\"en\"><head><title>" + title + " | MINUSMA</title>" +
		"<script>jQuery.extend(Drupal.settings, {\"basePath\":\"\\/\"});</script></head><body>" +
		"<header><ul class=\"menu\">" + nav + "</ul><p>United Nations Multidimensional Integrated Stabilization Mission in Mali</p></header>" +
		"<main><h1>" + title + "</h1><p>" + article + "</p></main>" +
		"<footer>Copyright © 2025 United Nations. Find MINUSMA on Twitter, Facebook, YouTube, Flickr, Instagram and Soundcloud.</footer></body></html>"
}

const (
	articleA = "The United Nations police secured the Ménaka market on Tuesday together with the Malian defence and security forces, after weeks of tension in the region."
	articleB = "After ten years of presence, MINUSMA closes its base in Ansongo and hands it over to the civilian authorities of the Gao region in a ceremony attended by the governor."
	softPage = "The page you requested could not be found. It may have been moved or deleted. Use the search box or return to the home page to continue browsing the site."
)

func chain(hops ...ObservedHop) []ObservedHop { return hops }

func h(u string, status int, location string) ObservedHop {
	return ObservedHop{URL: u, Status: status, Location: location}
}

func TestClassify(t *testing.T) {
	const (
		tw    = "https://twitter.com/un_minusma"
		twIn  = "https://twitter.com/i/flow/login?redirect_after_login=%2Fun_minusma"
		ig    = "https://www.instagram.com/un_minusma/"
		radio = "https://mikadofm.minusma.unmissions.org:8001/feed1"
		site  = "https://minusma.unmissions.org"
	)
	probe := site + "/en/salvage-probe-8f3k2"
	tests := []struct {
		name     string
		o        Observation
		class    LinkClass
		evidence string
	}{
		{"twitter login redirect", Observation{URL: tw, Chain: chain(h(tw, 302, twIn), h(twIn, 200, "")), Status: 200, Body: "<html><head><title>X</title></head></html>"},
			ClassLoginWall, "login-url: redirected to https://twitter.com/i/flow/login?..."},
		{"instagram relative login redirect", Observation{URL: ig, Chain: chain(h(ig, 302, "/accounts/login/"), h("https://www.instagram.com/accounts/login/", 200, "")), Status: 200},
			ClassLoginWall, "login-url: redirected to https://www.instagram.com/accounts/login/"},
		{"google accounts host", Observation{URL: "https://docs.google.com/document/d/1", Chain: chain(h("https://docs.google.com/document/d/1", 302, "https://accounts.google.com/v3/signin/identifier?continue=x"), h("https://accounts.google.com/v3/signin/identifier?continue=x", 200, "")), Status: 200},
			ClassLoginWall, "login-url: redirected to https://accounts.google.com/v3/signin/identifier?..."},
		{"widgets.js 404", Observation{URL: "https://platform.twitter.com/widgets.js", Status: 404, Body: notFoundBody},
			ClassNotFound, "status: 404"},
		{"soundcloud 404", Observation{URL: "https://soundcloud.com/mikado-fm", Chain: chain(h("https://soundcloud.com/mikado-fm", 404, "")), Status: 404, Body: notFoundBody},
			ClassNotFound, "status: 404"},
		{"410 gone", Observation{URL: site + "/en/old", Status: 410}, ClassNotFound, "status: 410"},
		{"other 4xx", Observation{URL: site + "/en/search?q=%", Status: 400}, ClassNotFound, "status: 400"},
		{"flickr empty photostream is ok", Observation{URL: "https://www.flickr.com/photos/minusma", Status: 200, ContentType: "text/html; charset=utf-8", Body: flickrBody},
			ClassOK, "status: 200"},
		{"youtube embed", Observation{URL: "https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls=", Status: 200, Body: youtubeBody},
			ClassOK, "status: 200"},
		{"facebook 403", Observation{URL: "https://www.facebook.com/MINUSMA", Status: 403, Body: facebookBody},
			ClassBotBlocked, "bot-wall-host: status 403 from www.facebook.com"},
		{"linkedin 999", Observation{URL: "https://www.linkedin.com/company/minusma", Status: 999},
			ClassBotBlocked, "linkedin-999: status 999"},
		{"cloudflare challenge 503", Observation{URL: "https://example.org/report.pdf", Status: 503, Body: cfChallenge},
			ClassBotBlocked, `challenge-page: status 503 with body "<title>Just a moment"`},
		{"cloudflare header", Observation{URL: "https://example.org/", Status: 403, Header: map[string]string{"cf-mitigated": "challenge"}},
			ClassBotBlocked, "challenge-header: status 403 with cf-mitigated: challenge"},
		{"429", Observation{URL: "https://example.org/", Status: 429}, ClassBotBlocked, "rate-limited: status 429"},
		{"plain 403", Observation{URL: "https://example.org/private/", Status: 403}, ClassBotBlocked, "forbidden: status 403"},
		{"radio refused", Observation{URL: radio, Chain: chain(h(radio, 0, "")), Err: ErrRefused},
			ClassRefused, "refused: mikadofm.minusma.unmissions.org:8001 refused the connection"},
		{"accepted then closed", Observation{URL: radio, Err: ErrReset},
			ClassEmptyReply, "empty-reply: mikadofm.minusma.unmissions.org:8001 accepted the connection and closed it without answering"},
		{"no route", Observation{URL: radio, Err: ErrNoRoute},
			ClassUnreachable, "no-route: no route to mikadofm.minusma.unmissions.org:8001"},
		{"mail 401", Observation{URL: "https://mail.dfs.un.org/owa", Status: 401, Body: authBody, Header: map[string]string{"www-authenticate": `Basic realm="mail.dfs.un.org"`}},
			ClassLoginWall, `http-auth: status 401 with www-authenticate: Basic realm="mail.dfs.un.org"`},
		{"401 without challenge", Observation{URL: "https://example.org/", Status: 401}, ClassLoginWall, "auth-status: status 401"},
		{"407", Observation{URL: "https://example.org/", Status: 407}, ClassLoginWall, "auth-status: status 407"},
		{"sso login page", Observation{URL: "https://intranet.example.org/docs", Chain: chain(h("https://intranet.example.org/docs", 200, "")), Status: 200,
			Body: "<html><head><title>Sign in to your account</title></head><body>" + loginForm + "</body></html>"},
			ClassLoginWall, `login-form: status 200 with title "Sign in to your account" with body "<input type=\"password"`},
		{"soft-404 title", Observation{URL: site + "/en/removed", Status: 200, Body: minusmaPage("Page not found", softPage)},
			ClassSoft404, `soft-404-title: status 200 with title "Page not found | MINUSMA"`},
		{"soft-404 text", Observation{URL: site + "/fr/retire", Status: 200, Body: minusmaPage("MINUSMA", "Désolé : page introuvable.")},
			ClassSoft404, `soft-404-text: status 200 with body "page introuvable"`},
		{"soft-404 probe same page", Observation{URL: site + "/en/removed", Status: 200, Body: minusmaPage("Welcome", articleA),
			Probe: &Probe{URL: probe, Status: 200, FinalURL: probe, Body: minusmaPage("Welcome", articleA)}},
			ClassSoft404, "soft-404: probe of /en/salvage-probe-8f3k2 answered 200 with the same page (similarity 1.00)"},
		{"soft-404 probe same final url", Observation{URL: site + "/en/removed", Chain: chain(h(site+"/en/removed", 302, "/en/search"), h(site+"/en/search", 200, "")), Status: 200,
			Probe: &Probe{URL: probe, Status: 200, FinalURL: site + "/en/search"}},
			ClassSoft404, "soft-404: probe of /en/salvage-probe-8f3k2 answered 200 at the same final URL https://minusma.unmissions.org/en/search"},
		{"soft-404 redirect home", Observation{URL: site + "/en/old-page", Chain: chain(h(site+"/en/old-page", 301, "/"), h(site+"/", 200, "")), Status: 200},
			ClassSoft404, "home-redirect: redirected from /en/old-page to the home page https://minusma.unmissions.org/"},
		{"redirect loop", Observation{URL: site + "/a", Chain: chain(h(site+"/a", 302, "/b"), h(site+"/b", 302, "/a")), Status: 302, RedirectLoop: true},
			ClassServerError, "redirect-loop: https://minusma.unmissions.org/a -> https://minusma.unmissions.org/b -> https://minusma.unmissions.org/a"},
		{"too many redirects", Observation{URL: site + "/a", Chain: chain(h(site+"/a", 302, "/a?1"), h(site+"/a?1", 302, "/a?2")), Err: ErrTooManyRedirects},
			ClassTooManyRedirects, "too-many-redirects: gave up after 2 redirects at https://minusma.unmissions.org/a?1"},
		{"timeout", Observation{URL: "https://peacekeeping.un.org/en", Err: ErrTimeout}, ClassTimeout, "timeout: peacekeeping.un.org did not answer in time"},
		{"dns", Observation{URL: "http://www.minusma.example/", Err: ErrDNS}, ClassUnreachable, "dns: www.minusma.example does not resolve"},
		{"tls", Observation{URL: "https://self-signed.example/", Err: ErrTLS}, ClassTLSError, "tls: the TLS handshake with self-signed.example failed"},
		{"500", Observation{URL: site + "/en/search", Status: 500}, ClassServerError, "status: 500"},
		{"chain ends on a 3xx", Observation{URL: site + "/x", Chain: chain(h(site+"/x", 302, "")), Status: 302}, ClassServerError, "status: 302 ends the chain without a redirect to follow"},
		{"301 to https", Observation{URL: "http://www.un.org/en/", Chain: chain(h("http://www.un.org/en/", 301, "https://www.un.org/en/"), h("https://www.un.org/en/", 200, "")), Status: 200},
			ClassRedirected, "redirect: permanent 301 to https://www.un.org/en/"},
		{"two redirects", Observation{URL: site + "/", Chain: chain(h(site+"/", 301, "/fr"), h(site+"/fr", 302, "/en"), h(site+"/en", 200, "")), Status: 200},
			ClassRedirected, "redirect: permanent 301, temporary 302 to https://minusma.unmissions.org/en"},
		{"stream", Observation{URL: radio, Status: 200, ContentType: "audio/mpeg", Stream: true},
			ClassStream, "stream: mikadofm.minusma.unmissions.org:8001 answered audio/mpeg without an end"},
		{"stream read until timeout", Observation{URL: radio, Status: 200, ContentType: "audio/mpeg", Stream: true, Err: ErrTimeout},
			ClassStream, "stream: mikadofm.minusma.unmissions.org:8001 answered audio/mpeg without an end"},
		{"robots", Observation{URL: site + "/en/search?q=mali", Err: ErrRobots},
			ClassRobotsExcluded, "robots: the robots.txt of minusma.unmissions.org disallows https://minusma.unmissions.org/en/search?q=mali"},
		{"private", Observation{URL: "http://10.0.0.5/admin", Err: ErrPrivate}, ClassBlockedPrivate, "private: 10.0.0.5 resolves to a private or loopback address"},
		{"malformed", Observation{URL: "http://[::1", Err: ErrMalformed}, ClassMalformed, `malformed: "http://[::1" or its response could not be parsed`},
		{"unknown error kind", Observation{URL: site, Err: "eof"}, ClassUnreachable, "error: eof fetching https://minusma.unmissions.org"},
		{"no response", Observation{URL: site}, ClassNotChecked, "status: no response recorded"},
		{"1xx final", Observation{URL: site, Status: 101}, ClassMalformed, "status: 101 is not a final HTTP status"},
	}
	rules := DefaultLinkRules()
	for _, tt := range tests {
		class, evidence := rules.Classify(tt.o)
		if class != tt.class || evidence != tt.evidence {
			t.Errorf("%s:\n got %s, %q\nwant %s, %q", tt.name, class, evidence, tt.class, tt.evidence)
		}
	}
}

// TestClassifyNotFooled holds pages that look like a rule's trigger and
// are fine.
func TestClassifyNotFooled(t *testing.T) {
	const site = "https://minusma.unmissions.org"
	probe := site + "/en/salvage-probe-8f3k2"
	tests := []struct {
		name string
		o    Observation
		want LinkClass
	}{
		{"probe answers 200 with another article", Observation{URL: site + "/en/menaka", Status: 200, Body: minusmaPage("Ménaka", articleA),
			Probe: &Probe{URL: probe, Status: 200, FinalURL: probe, Body: minusmaPage("Ansongo", articleB)}}, ClassOK},
		{"probe redirected to the target itself", Observation{URL: site + "/en", Status: 200, Body: minusmaPage("Home", articleA),
			Probe: &Probe{URL: probe, Status: 200, FinalURL: site + "/en", Body: minusmaPage("Home", articleA)}}, ClassOK},
		{"probe 404", Observation{URL: site + "/en/menaka", Status: 200, Body: minusmaPage("Ménaka", articleA),
			Probe: &Probe{URL: probe, Status: 404, Body: notFoundBody}}, ClassOK},
		{"HEAD with a 2xx probe", Observation{URL: site + "/en/menaka", Status: 200,
			Probe: &Probe{URL: probe, Status: 200, FinalURL: probe, Body: minusmaPage("x", softPage)}}, ClassOK},
		{"link straight to the login page", Observation{URL: site + "/user/login", Status: 200,
			Body: "<html><head><title>User account | MINUSMA</title></head><body>" + loginForm + "</body></html>"}, ClassOK},
		{"login page titled log in, linked directly", Observation{URL: "https://twitter.com/i/flow/login", Status: 200,
			Body: "<html><head><title>Log in to X</title></head><body>" + loginForm + "</body></html>"}, ClassOK},
		{"language root to home", Observation{URL: site + "/fr", Chain: chain(h(site+"/fr", 301, "/"), h(site+"/", 200, "")), Status: 200}, ClassRedirected},
		{"home to language root", Observation{URL: site + "/", Chain: chain(h(site+"/", 302, "/en"), h(site+"/en", 200, "")), Status: 200}, ClassRedirected},
		{"deeper path to another site's home", Observation{URL: "http://un.org/en/aboutun/", Chain: chain(h("http://un.org/en/aboutun/", 301, "https://www.unmissions.org/")), Status: 200}, ClassRedirected},
		{"index page to home", Observation{URL: "http://www.un.org/index.html", Chain: chain(h("http://www.un.org/index.html", 301, "https://www.un.org/")), Status: 200}, ClassRedirected},
		{"a 404 page from facebook", Observation{URL: "https://www.facebook.com/nobody", Status: 404}, ClassNotFound},
		{"an article about 404 days", Observation{URL: site + "/en/x", Status: 200, Body: minusmaPage("4040 patrols in 2023", articleA)}, ClassOK},
	}
	for _, tt := range tests {
		if class, evidence := DefaultLinkRules().Classify(tt.o); class != tt.want {
			t.Errorf("%s: got %s (%s), want %s", tt.name, class, evidence, tt.want)
		}
	}
}

func TestClassifyNilRules(t *testing.T) {
	var r *LinkRules
	if class, _ := r.Classify(Observation{URL: "https://www.facebook.com/MINUSMA", Status: 403}); class != ClassNotFound {
		t.Errorf("nil rules: 403 is %s, want not-found from the status alone", class)
	}
}

func TestSimilarity(t *testing.T) {
	a, b := minusmaPage("Ménaka", articleA), minusmaPage("Ansongo", articleB)
	soft := strings.Replace(minusmaPage("Welcome", softPage), "requested", "requested (/en/removed-page)", 1)
	softEcho := strings.Replace(soft, "/en/removed-page", "/en/salvage-probe-8f3k2", 1)
	ignore := append(pathWords("https://x/en/removed-page"), pathWords("https://x/en/salvage-probe-8f3k2")...)
	tests := []struct {
		name   string
		x, y   string
		lo, hi float64
	}{
		{"same", a, a, 1, 1},
		{"two articles on one template", a, b, 0, 0.8},
		{"soft page echoing the path", soft, softEcho, 1, 1},
		{"empty", "", a, 0, 0},
		{"markup only", "<p></p><script>var a = 1 2 3;</script>", "<p></p>", 0, 0},
		{"short texts", "<p>Not found</p>", "<p>not FOUND</p>", 1, 1},
	}
	for _, tt := range tests {
		if s := similarity(tt.x, tt.y, ignore); s < tt.lo || s > tt.hi {
			t.Errorf("%s: similarity %.3f, want %.2f to %.2f", tt.name, s, tt.lo, tt.hi)
		}
	}
}

func TestPageTitle(t *testing.T) {
	tests := map[string]string{
		"<html><HEAD><Title lang=en>\n Page  not found &amp; gone </TITLE>": "Page not found & gone",
		"<p>İstanbul</p><title>Sayfa bulunamadı</title>":                    "Sayfa bulunamadı",
		"<title>unterminated": "unterminated",
		"no title at all":     "",
		"<title":              "",
		"<svg><title>icon</title></svg><title>second is ignored</title>": "icon",
	}
	for body, want := range tests {
		if got := pageTitle(body); got != want {
			t.Errorf("pageTitle(%q) = %q, want %q", body, got, want)
		}
	}
}

func TestDefaultLinkRules(t *testing.T) {
	r, err := ParseLinkRules(defaultRulesJSON)
	if err != nil {
		t.Fatalf("rules/default.json: %v", err)
	}
	if len(r.rules) == 0 || len(r.feeds) == 0 {
		t.Fatal("rules/default.json has no rules or no feeds")
	}
	for _, rl := range r.rules {
		if rl.note == "" || rl.disabled {
			t.Errorf("rule %q: every default rule is enabled and has a note", rl.id)
		}
	}
	for _, d := range r.feeds {
		if d.spec.Note == "" || d.spec.Disabled {
			t.Errorf("feed %q: every default detector is enabled and has a note", d.spec.ID)
		}
	}
	if DefaultLinkRules() != DefaultLinkRules() {
		t.Error("DefaultLinkRules parses more than once")
	}
}

func TestParseLinkRulesErrors(t *testing.T) {
	tests := []struct {
		name, json string
		want       []string
	}{
		{"not json", `{"rules": [`, []string{"link rules: unexpected EOF"}},
		{"two objects", `{"rules": []} {"rules": []}`, []string{"link rules: more data after the JSON object"}},
		{"wrong type", `{"rules": [{"id": "x", "class": "soft-404", "statuses": [404]}]}`, []string{"statuses"}},
		{"unknown field", `{"rules": [{"id": "x", "class": "soft-404", "redirecTo": ["/login"]}]}`, []string{`unknown field "redirecTo"`}},
		{"bad regex", `{"rules": [{"id": "login-url", "class": "login-wall", "redirectTo": ["(login"]}]}`,
			[]string{`rule "login-url": redirectTo regex "(login": error parsing regexp: missing closing )`}},
		{"bad header regex", `{"rules": [{"id": "h", "class": "bot-blocked", "headers": {"Server": "[x"}}]}`,
			[]string{`rule "h": headers Server regex "[x"`}},
		{"bad class", `{"rules": [{"id": "x", "class": "ok", "statuses": ["200"]}]}`,
			[]string{`rule "x": class "ok": rules give login-wall, bot-blocked or soft-404`}},
		{"missing id", `{"rules": [{"class": "soft-404", "statuses": ["200"]}]}`, []string{"rules[0]: missing id"}},
		{"no condition", `{"rules": [{"id": "x", "class": "soft-404"}]}`, []string{`rule "x": no condition`}},
		{"bad status", `{"rules": [{"id": "x", "class": "soft-404", "statuses": ["20x", "2xx", "099"]}]}`,
			[]string{`status "20x"`, `status "099"`}},
		{"bad similarity", `{"rules": [{"id": "x", "class": "soft-404", "probeSimilarity": 1.5}]}`, []string{`probeSimilarity 1.5`}},
		{"duplicate id", `{"rules": [{"id": "x", "class": "soft-404", "statuses": ["200"]}], "feeds": [{"id": "x", "platform": "p", "kind": "k", "tag": "a"}]}`,
			[]string{`id "x" is used twice`}},
		{"feed without platform", `{"feeds": [{"id": "f", "kind": "k", "tag": "a"}]}`, []string{`feed "f": id, platform and kind are required`}},
		{"feed pattern without attr", `{"feeds": [{"id": "f", "platform": "p", "kind": "k", "urlPattern": "x"}]}`, []string{`feed "f": urlPattern needs urlAttr`}},
		{"feed bad pattern", `{"feeds": [{"id": "f", "platform": "p", "kind": "k", "urlAttr": "href", "urlPattern": "*"}]}`, []string{`feed "f": urlPattern regex "*"`}},
		{"feed relative requires", `{"feeds": [{"id": "f", "platform": "p", "kind": "k", "tag": "a", "requires": ["//platform.twitter.com/widgets.js"]}]}`,
			[]string{`requires "//platform.twitter.com/widgets.js": want an absolute http(s) URL`}},
		{"feed no condition", `{"feeds": [{"id": "f", "platform": "p", "kind": "k"}]}`, []string{`feed "f": no condition`}},
	}
	for _, tt := range tests {
		_, err := ParseLinkRules([]byte(tt.json))
		for _, want := range tt.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error = %v, want it to contain %q", tt.name, err, want)
			}
		}
	}
}

func TestExtend(t *testing.T) {
	user, err := ParseLinkRules([]byte(`{
		"rules": [
			{"id": "bot-wall-host", "class": "bot-blocked", "statuses": ["403"], "hosts": ["intranet.example.org"]},
			{"id": "forbidden", "disabled": true},
			{"id": "idp", "class": "login-wall", "redirectTo": ["^https://idp\\.example\\.org/"]}
		],
		"feeds": [{"id": "facebook-page", "disabled": true}]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultLinkRules()
	ext := def.Extend(user)
	tests := []struct {
		r        *LinkRules
		o        Observation
		evidence string
	}{
		{ext, Observation{URL: "https://intranet.example.org/x", Status: 403}, "bot-wall-host: status 403 from intranet.example.org"},
		{ext, Observation{URL: "https://www.facebook.com/MINUSMA", Status: 403}, "status: 403"},
		{ext, Observation{URL: "https://wiki.example.org/", Chain: chain(h("https://wiki.example.org/", 302, "https://idp.example.org/saml?x=1")), Status: 200}, "idp: redirected to https://idp.example.org/saml?..."},
		{def, Observation{URL: "https://www.facebook.com/MINUSMA", Status: 403}, "bot-wall-host: status 403 from www.facebook.com"},
		{def, Observation{URL: "https://intranet.example.org/x", Status: 403}, "forbidden: status 403"},
	}
	for i, tt := range tests {
		if _, evidence := tt.r.Classify(tt.o); evidence != tt.evidence {
			t.Errorf("%d: evidence %q, want %q", i, evidence, tt.evidence)
		}
	}
	fb := []FeedElement{{Tag: "a", Attrs: map[string]string{"href": "https://www.facebook.com/MINUSMA"}}}
	if n := len(ext.DetectFeeds("https://minusma.unmissions.org/en", fb)); n != 0 {
		t.Errorf("disabled facebook-page still detects %d feeds", n)
	}
	if n := len(def.DetectFeeds("https://minusma.unmissions.org/en", fb)); n != 1 {
		t.Errorf("Extend changed the defaults: %d facebook feeds", n)
	}
	if got := len(ext.rules); got != len(def.rules)+1 {
		t.Errorf("extended rules: %d, want defaults + 1 = %d", got, len(def.rules)+1)
	}
}

func TestExtendNil(t *testing.T) {
	var r *LinkRules
	if got := r.Extend(nil); got == nil || len(got.rules) != 0 {
		t.Errorf("nil.Extend(nil) = %+v", got)
	}
	if got := DefaultLinkRules().Extend(nil); len(got.rules) != len(DefaultLinkRules().rules) {
		t.Error("Extend(nil) lost rules")
	}
}

func FuzzClassify(f *testing.F) {
	f.Add("https://twitter.com/x", 302, "/i/flow/login?x", 200, "<title>x</title>")
	f.Add("https://minusma.unmissions.org/en/x", 301, "/", 200, "")
	f.Add("http://[::1", 0, "", 404, "<title")
	rules := DefaultLinkRules()
	f.Fuzz(func(t *testing.T, u string, s1 int, loc string, s2 int, body string) {
		o := Observation{URL: u, Chain: chain(h(u, s1, loc), h(resolveRef(u, loc), s2, "")), Status: s2, Body: body,
			Probe: &Probe{URL: u + "-probe", Status: s2, Body: body}}
		class, evidence := rules.Classify(o)
		if !class.known() || evidence == "" {
			t.Errorf("Classify = %q, %q", class, evidence)
		}
	})
}

func FuzzParseLinkRules(f *testing.F) {
	f.Add(string(defaultRulesJSON))
	f.Add(`{"rules":[{"id":"x","class":"soft-404","statuses":["2xx"]}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		r, err := ParseLinkRules([]byte(data))
		if err == nil {
			r.Classify(Observation{URL: "https://example.org/", Status: 200, Body: data})
			r.DetectFeeds("https://example.org/", []FeedElement{{Tag: "a", Attrs: map[string]string{"href": data}, Text: data}})
		}
	})
}
