package policy_test

import (
	"fmt"

	"github.com/salvage-archive/salvage/policy"
)

func ExampleLinkRules_Classify() {
	rules := policy.DefaultLinkRules()
	for _, o := range []policy.Observation{
		{
			URL: "https://twitter.com/un_minusma",
			Chain: []policy.ObservedHop{
				{URL: "https://twitter.com/un_minusma", Status: 302, Location: "https://twitter.com/i/flow/login?redirect_after_login=%2Fun_minusma"},
				{URL: "https://twitter.com/i/flow/login?redirect_after_login=%2Fun_minusma", Status: 200},
			},
			Status: 200,
		},
		{URL: "https://www.facebook.com/MINUSMA", Status: 403},
		{URL: "https://mikadofm.minusma.unmissions.org:8001/feed1", Err: policy.ErrRefused},
		{URL: "https://platform.twitter.com/widgets.js", Status: 404},
	} {
		class, evidence := rules.Classify(o)
		fmt.Printf("%-11s %-5v %s\n", class, class.Problem(), evidence)
	}
	// Output:
	// login-wall  true  login-url: redirected to https://twitter.com/i/flow/login?...
	// bot-blocked true  bot-wall-host: status 403 from www.facebook.com
	// refused     true  refused: mikadofm.minusma.unmissions.org:8001 refused the connection
	// not-found   true  status: 404
}

func ExampleLinkRules_FeedState() {
	rules := policy.DefaultLinkRules()
	els := []policy.FeedElement{{
		Tag:   "a",
		Attrs: map[string]string{"href": "https://twitter.com/@UN_MINUSMA", "class": "twitter-timeline", "data-widget-id": "547741285575319552"},
		Text:  "Tweets by @UN_MINUSMA",
	}}
	checked := map[string]policy.LinkClass{
		"https://twitter.com/@UN_MINUSMA":         policy.ClassLoginWall,
		"https://platform.twitter.com/widgets.js": policy.ClassNotFound,
	}
	classOf := func(u string) (policy.LinkClass, bool) { c, ok := checked[u]; return c, ok }
	for _, c := range rules.DetectFeeds("https://minusma.unmissions.org/en", els) {
		state, evidence := rules.FeedState(c, classOf)
		fmt.Println(c.Platform, c.Kind, c.URL, state)
		for _, e := range evidence {
			fmt.Println("  " + e)
		}
	}
	// Output:
	// twitter timeline https://twitter.com/@UN_MINUSMA closed
	//   widget script https://platform.twitter.com/widgets.js: not-found
	//   feed url https://twitter.com/@UN_MINUSMA: login-wall
}

func ExampleParseClasses() {
	classes, err := policy.ParseClasses("not-found,server-error")
	fmt.Println(classes, err)
	_, err = policy.ParseClasses("not-foud")
	fmt.Println(err != nil)
	// Output:
	// [not-found server-error] <nil>
	// true
}
