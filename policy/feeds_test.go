package policy

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func el(tag, text string, attrs ...string) FeedElement {
	m := map[string]string{}
	for i := 0; i+1 < len(attrs); i += 2 {
		m[attrs[i]] = attrs[i+1]
	}
	return FeedElement{Tag: tag, Attrs: m, Text: text}
}

// minusmaElements are elements of testdata/minusma-home.html, in page
// order, as crawler/extract.FeedElements hands them over.
func minusmaElements() []FeedElement {
	return []FeedElement{
		el("link", "", "rel", "canonical", "href", "https://minusma.unmissions.org/en"),
		el("span", "Find MINUSMA on Twitter", "class", "on-the-web otw-twitter otw-0"),
		el("a", "Find MINUSMA on Twitter", "href", "https://twitter.com/un_minusma", "title", "Find MINUSMA on Twitter", "target", "_blank"),
		el("i", "", "class", "fa fa-twitter"),
		el("a", "Find MINUSMA on Facebook", "href", "https://www.facebook.com/MINUSMA", "title", "Find MINUSMA on Facebook", "target", "_blank"),
		el("a", "Find MINUSMA on YouTube", "href", "https://www.youtube.com/channel/UCKoAnAPDFPL3wlaQ4RECYhg", "title", "Find MINUSMA on YouTube", "target", "_blank"),
		el("span", "Find MINUSMA on Flickr", "class", "on-the-web otw-flickr otw-3"),
		el("a", "Find MINUSMA on Flickr", "href", "https://www.flickr.com/photos/MINUSMA/", "title", "Find MINUSMA on Flickr", "target", "_blank"),
		el("i", "", "class", "fa fa-flickr"),
		el("a", "Find MINUSMA on Instagram", "href", "https://www.instagram.com/un_minusma/", "title", "Find MINUSMA on Instagram", "target", "_blank"),
		el("a", "Find MINUSMA on Soundcloud", "href", "https://soundcloud.com/mikado-fm", "title", "Find MINUSMA on Soundcloud", "target", "_blank"),
		el("a", "MINUSMA RSS feed", "href", "https://mikadofm.minusma.unmissions.org:8001/feed1", "title", "MINUSMA RSS feed", "target", "_blank"),
		el("a", "Photos", "href", "https://www.flickr.com/photos/minusma", "class", "menu__link fa icon-photo"),
		el("a", "Videos", "href", "https://www.youtube.com/MINUSMA", "class", "menu__link fa icon-video"),
		el("a", "Radio", "href", "https://mikadofm.minusma.unmissions.org:8001/feed1", "class", "menu__link fa icon-radio"),
		el("a", "More", "href", "/en/videos"),
		el("iframe", "", "class", "media-youtube-player", "width", "100%", "height", "390",
			"title", "La police des Nations Unies sécurise le marché de Ménaka",
			"src", "https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls=", "frameborder", "0"),
		el("div", "Twitter Tweets by @UN_MINUSMA", "id", "block-multiblock-29", "class", "block block-multiblock box-style2 block-twitter-block block-twitter-block-1-instance even"),
		el("a", "Tweets by @UN_MINUSMA", "href", "https://twitter.com/@UN_MINUSMA", "class", "twitter-timeline",
			"data-widget-id", "547741285575319552", "data-height", "485", "data-chrome", "noheader", "lang", "en", "data-aria-polite", "polite"),
		el("div", "MINUSMA on FlickR No photos found. Please check your Flickr bricks settings",
			"id", "block-flickr-bricks-flickr-bricks", "class", "block block-flickr-bricks box-style2 odd"),
		el("ul", "No photos found. Please check your Flickr bricks settings", "id", "flickr_wrapper", "class", "flickr_wrapper"),
		el("a", "", "href", "https://www.instagram.com/un_minusma/", "class", "promobox-link", "target", "_self"),
		el("script", "", "src", "//platform.twitter.com/widgets.js"),
	}
}

// TestMinusmaElementsAreReal keeps the hand-built elements honest: every
// attribute is in the saved page as written.
func TestMinusmaElementsAreReal(t *testing.T) {
	page, err := os.ReadFile("../testdata/minusma-home.html")
	if err != nil {
		t.Fatal(err)
	}
	html := strings.ReplaceAll(string(page), "&amp;", "&")
	for _, e := range minusmaElements() {
		for name, value := range e.Attrs {
			if attr := name + `="` + value + `"`; !strings.Contains(html, attr) {
				t.Errorf("<%s %s> is not in testdata/minusma-home.html", e.Tag, attr)
			}
		}
		if e.Tag == "ul" && !strings.Contains(html, ">"+e.Text+"<") {
			t.Errorf("text %q is not in the page", e.Text)
		}
	}
}

func TestDetectFeedsMinusma(t *testing.T) {
	got := DefaultLinkRules().DetectFeeds(minusmaHome, minusmaElements())
	want := []FeedCandidate{
		{ID: "twitter-profile", Platform: "twitter", Kind: "profile", URL: "https://twitter.com/un_minusma"},
		{ID: "facebook-page", Platform: "facebook", Kind: "page", URL: "https://www.facebook.com/MINUSMA"},
		{ID: "youtube-channel", Platform: "youtube", Kind: "channel", URL: "https://www.youtube.com/channel/UCKoAnAPDFPL3wlaQ4RECYhg"},
		{ID: "instagram-profile", Platform: "instagram", Kind: "profile", URL: "https://www.instagram.com/un_minusma/"},
		{ID: "soundcloud-profile", Platform: "soundcloud", Kind: "profile", URL: "https://soundcloud.com/mikado-fm"},
		{ID: "audio-stream-port", Platform: "stream", Kind: "audio-stream", URL: "https://mikadofm.minusma.unmissions.org:8001/feed1"},
		{ID: "youtube-channel", Platform: "youtube", Kind: "channel", URL: "https://www.youtube.com/MINUSMA"},
		{ID: "youtube-embed", Platform: "youtube", Kind: "embed", URL: "https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls="},
		{ID: "twitter-timeline", Platform: "twitter", Kind: "timeline", URL: "https://twitter.com/@UN_MINUSMA",
			Requires: []string{"https://platform.twitter.com/widgets.js"}},
		{ID: "flickr-block", Platform: "flickr", Kind: "photos", ClosedText: "No photos found. Please check your Flickr bricks settings"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d candidates, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		want[i].Page = minusmaHome
		if !equalCandidate(got[i], want[i]) {
			t.Errorf("candidate %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func equalCandidate(a, b FeedCandidate) bool {
	return a.ID == b.ID && a.Platform == b.Platform && a.Kind == b.Kind && a.URL == b.URL && a.Page == b.Page &&
		slices.Equal(a.Requires, b.Requires) && a.ClosedText == b.ClosedText
}

func TestDetectFeedsOthers(t *testing.T) {
	page := "https://radio.example.org/fr/ecouter"
	tests := []struct {
		name string
		el   FeedElement
		id   string
		url  string
	}{
		{"rss link", el("link", "", "rel", "alternate", "type", "application/rss+xml", "href", "/rss.xml"), "rss-feed", "https://radio.example.org/rss.xml"},
		{"atom link", el("LINK", "", "rel", "Alternate", "type", "application/atom+xml", "href", "https://radio.example.org/feed"), "rss-feed", "https://radio.example.org/feed"},
		{"shoutcast mount", el("a", "Écouter", "href", "http://stream.example.org/;stream.mp3"), "audio-stream-path", "http://stream.example.org/;stream.mp3"},
		{"stream path", el("a", "Live", "href", "https://radio.example.org/live/stream"), "audio-stream-path", "https://radio.example.org/live/stream"},
		{"audio element", el("audio", "", "src", "https://radio.example.org/live.mp3", "controls", ""), "audio-element", "https://radio.example.org/live.mp3"},
		{"audio source", el("source", "", "src", "/live.ogg", "type", "audio/ogg"), "audio-source", "https://radio.example.org/live.ogg"},
		{"nocookie embed", el("iframe", "", "src", "//www.youtube-nocookie.com/embed/abc"), "youtube-embed", "https://www.youtube-nocookie.com/embed/abc"},
		{"tweet", el("blockquote", "Bamako, 12 June", "class", "twitter-tweet"), "twitter-tweet", ""},
		{"youtube handle", el("a", "", "href", "https://youtube.com/@MINUSMA"), "youtube-channel", "https://youtube.com/@MINUSMA"},
		{"x profile", el("a", "", "href", "https://x.com/UN_MINUSMA"), "twitter-profile", "https://x.com/UN_MINUSMA"},
	}
	for _, tt := range tests {
		got := DefaultLinkRules().DetectFeeds(page, []FeedElement{tt.el})
		if len(got) != 1 || got[0].ID != tt.id || got[0].URL != tt.url || got[0].Page != page {
			t.Errorf("%s: got %+v, want %s %s", tt.name, got, tt.id, tt.url)
		}
	}
}

func TestDetectFeedsIgnores(t *testing.T) {
	els := []FeedElement{
		el("a", "", "href", "https://www.youtube.com/watch?v=Lg0TXuQF_8s"),
		el("a", "", "href", "https://www.facebook.com/MINUSMA/photos/a.1/2/"),
		el("a", "", "href", "https://example.org/feed"),
		el("link", "", "rel", "stylesheet", "type", "text/css", "href", "/x.css"),
		el("source", "", "src", "/clip.mp4", "type", "video/mp4"),
		el("a", "", "href", "javascript:void(0)"),
		el("a", ""),
		el("iframe", "", "src", "https://www.google.com/maps/embed?pb=1"),
	}
	if got := DefaultLinkRules().DetectFeeds(minusmaHome, els); len(got) != 0 {
		t.Errorf("got %+v", got)
	}
	var nilRules *LinkRules
	if got := nilRules.DetectFeeds(minusmaHome, minusmaElements()); got != nil {
		t.Errorf("nil rules: %+v", got)
	}
}

// classes is what checking the MINUSMA homepage's links against the
// replica gives.
var minusmaClasses = map[string]LinkClass{
	"https://twitter.com/un_minusma":                                   ClassLoginWall,
	"https://twitter.com/@UN_MINUSMA":                                  ClassLoginWall,
	"https://platform.twitter.com/widgets.js":                          ClassNotFound,
	"https://www.facebook.com/MINUSMA":                                 ClassBotBlocked,
	"https://www.youtube.com/channel/UCKoAnAPDFPL3wlaQ4RECYhg":         ClassOK,
	"https://www.youtube.com/MINUSMA":                                  ClassOK,
	"https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls=": ClassOK,
	"https://www.instagram.com/un_minusma/":                            ClassLoginWall,
	"https://soundcloud.com/mikado-fm":                                 ClassNotFound,
	"https://mikadofm.minusma.unmissions.org:8001/feed1":               ClassStream,
}

func classOfMap(m map[string]LinkClass) func(string) (LinkClass, bool) {
	return func(u string) (LinkClass, bool) {
		c, ok := m[u]
		return c, ok
	}
}

func TestFeedStateMinusma(t *testing.T) {
	rules := DefaultLinkRules()
	want := map[string]struct {
		state    FeedState
		evidence []string
	}{
		"twitter-profile":    {FeedUnverifiable, []string{"feed url https://twitter.com/un_minusma: login-wall"}},
		"facebook-page":      {FeedUnverifiable, []string{"feed url https://www.facebook.com/MINUSMA: bot-blocked"}},
		"instagram-profile":  {FeedUnverifiable, []string{"feed url https://www.instagram.com/un_minusma/: login-wall"}},
		"soundcloud-profile": {FeedClosed, []string{"feed url https://soundcloud.com/mikado-fm: not-found"}},
		"audio-stream-port":  {FeedLive, []string{"feed url https://mikadofm.minusma.unmissions.org:8001/feed1: stream"}},
		"youtube-embed":      {FeedLive, []string{"feed url https://www.youtube.com/embed/Lg0TXuQF_8s?wmode=opaque&controls=: ok"}},
		"twitter-timeline": {FeedClosed, []string{
			"widget script https://platform.twitter.com/widgets.js: not-found",
			"feed url https://twitter.com/@UN_MINUSMA: login-wall"}},
		"flickr-block": {FeedClosed, []string{
			`block says "No photos found. Please check your Flickr bricks settings"`, "no feed url to check"}},
	}
	for _, c := range rules.DetectFeeds(minusmaHome, minusmaElements()) {
		w, ok := want[c.ID]
		if !ok {
			continue
		}
		state, evidence := rules.FeedState(c, classOfMap(minusmaClasses))
		if state != w.state || !slices.Equal(evidence, w.evidence) {
			t.Errorf("%s: got %s %q, want %s %q", c.ID, state, evidence, w.state, w.evidence)
		}
	}
}

func TestFeedStateRules(t *testing.T) {
	const radio = "https://mikadofm.minusma.unmissions.org:8001/feed1"
	timeline := FeedCandidate{ID: "twitter-timeline", URL: "https://twitter.com/@UN_MINUSMA", Requires: []string{"https://platform.twitter.com/widgets.js"}}
	tests := []struct {
		name    string
		c       FeedCandidate
		classes map[string]LinkClass
		want    FeedState
	}{
		{"radio off the air", FeedCandidate{URL: radio}, map[string]LinkClass{radio: ClassRefused}, FeedClosed},
		{"radio host gone", FeedCandidate{URL: radio}, map[string]LinkClass{radio: ClassUnreachable}, FeedClosed},
		{"radio hangs up", FeedCandidate{URL: radio}, map[string]LinkClass{radio: ClassEmptyReply}, FeedClosed},
		{"radio timed out", FeedCandidate{URL: radio}, map[string]LinkClass{radio: ClassTimeout}, FeedUnverifiable},
		{"radio not checked", FeedCandidate{URL: radio}, nil, FeedUnverifiable},
		{"timeline live", timeline, map[string]LinkClass{timeline.URL: ClassRedirected, timeline.Requires[0]: ClassOK}, FeedLive},
		{"script refused", timeline, map[string]LinkClass{timeline.URL: ClassOK, timeline.Requires[0]: ClassRefused}, FeedClosed},
		{"script not checked", timeline, map[string]LinkClass{timeline.URL: ClassOK}, FeedUnverifiable},
		{"account soft-404", FeedCandidate{URL: "https://www.instagram.com/gone/"}, map[string]LinkClass{"https://www.instagram.com/gone/": ClassSoft404}, FeedClosed},
		{"closed marker wins", FeedCandidate{URL: "https://www.flickr.com/photos/minusma", ClosedText: "No photos found."},
			map[string]LinkClass{"https://www.flickr.com/photos/minusma": ClassOK}, FeedClosed},
		{"no url", FeedCandidate{ID: "twitter-tweet", Requires: []string{"https://platform.twitter.com/widgets.js"}},
			map[string]LinkClass{"https://platform.twitter.com/widgets.js": ClassOK}, FeedUnverifiable},
	}
	for _, tt := range tests {
		if got, evidence := DefaultLinkRules().FeedState(tt.c, classOfMap(tt.classes)); got != tt.want {
			t.Errorf("%s: %s %q, want %s", tt.name, got, evidence, tt.want)
		}
	}
	if got, _ := DefaultLinkRules().FeedState(FeedCandidate{URL: radio}, nil); got != FeedUnverifiable {
		t.Errorf("nil classOf: %s", got)
	}
}
