package policy_test

import (
	"fmt"
	"net/url"

	"github.com/salvage-archive/salvage/policy"
)

func ExampleCanonicalize() {
	page, _ := url.Parse("https://minusma.unmissions.org/en")
	for _, href := range []string{
		"HTTPS://MINUSMA.unmissions.org:443/en/../fr/./x",
		"/en/after-ten-years-presence-minusma-closes-its-base-%c2%a0ansongo",
		"//minusma.unmissions.org/sites/all/themes/unmpk/images/un-logo.png",
		"/en#main-menu",
		"mailto:info@un.org",
	} {
		u, err := policy.Canonicalize(href, page)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(u)
	}
	// Output:
	// https://minusma.unmissions.org/fr/x
	// https://minusma.unmissions.org/en/after-ten-years-presence-minusma-closes-its-base-%C2%A0ansongo
	// https://minusma.unmissions.org/sites/all/themes/unmpk/images/un-logo.png
	// https://minusma.unmissions.org/en
	// error: canonicalize "mailto:info@un.org": unsupported scheme "mailto": only http and https are crawlable
}

func ExampleSURT() {
	u, _ := url.Parse("https://www.Example.org:8001/A%c2%a0?b=2&a=1")
	fmt.Println(policy.SURT(u))
	u, _ = url.Parse("https://minusma.unmissions.org/en?x=1")
	fmt.Println(policy.SURT(u))
	// Output:
	// org,example:8001)/a%c2%a0?a=1&b=2
	// org,unmissions,minusma)/en?x=1
}

func ExampleScope_Decide() {
	cfg := policy.DefaultScopeConfig()
	cfg.Seeds = []string{"https://minusma.unmissions.org/en"}
	cfg.Exclude = []string{`/en/jobs$`}
	cfg.Traps = policy.DefaultTrapConfig(2026)
	scope, err := policy.NewScope(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []struct{ url, hops string }{
		{"https://minusma.unmissions.org/en", ""},
		{"http://mikadofm.minusma.unmissions.org:8001/stream", "LE"},
		{"https://platform.twitter.com/widgets.js", "LE"},
		{"http://www.un.org/en/aboutun/copyright/", "L"},
		{"https://minusma.unmissions.org/en/jobs", "L"},
		{"https://minusma.unmissions.org/events/2099/01/", "LL"},
	} {
		u, _ := url.Parse(c.url)
		d := scope.Decide(policy.Candidate{URL: u, HopPath: c.hops})
		fmt.Printf("%-5v %-22s %s\n", d.Allowed, d.Rule, c.url)
	}
	// Output:
	// true  seed                   https://minusma.unmissions.org/en
	// true  scope:domain           http://mikadofm.minusma.unmissions.org:8001/stream
	// true  transclusion           https://platform.twitter.com/widgets.js
	// false offsite                http://www.un.org/en/aboutun/copyright/
	// false exclude:/en/jobs$      https://minusma.unmissions.org/en/jobs
	// false trap:calendar          https://minusma.unmissions.org/events/2099/01/
}
