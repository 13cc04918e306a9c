package policy

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// FeedElement is one element of a page, as the crawler's extractor hands it
// over: tag and attribute names lower-case, Text the element's text content.
type FeedElement struct {
	Tag   string
	Attrs map[string]string
	Text  string
}

// FeedCandidate is an embedded third-party feed or widget found on a page.
type FeedCandidate struct {
	ID       string // the detector's id
	Platform string // twitter, flickr, youtube, instagram, facebook, soundcloud, stream, rss
	Kind     string // timeline, photos, embed, channel, profile, page, audio-stream, feed
	URL      string // the feed's URL, canonical; "" when the element has none
	Page     string // the page it is on
	Requires []string
	// ClosedText is the element's text (white space collapsed, at most 80
	// characters) when it contains one of the detector's closed markers.
	ClosedText string
}

// feedSpec is one feed detector as written in JSON.
type feedSpec struct {
	ID                string            `json:"id"`
	Platform          string            `json:"platform"`
	Kind              string            `json:"kind"`
	Note              string            `json:"note,omitempty"`
	Disabled          bool              `json:"disabled,omitempty"`
	Tag               string            `json:"tag,omitempty"`
	Class             string            `json:"class,omitempty"`
	IDOrClassContains string            `json:"idOrClassContains,omitempty"`
	Attrs             map[string]string `json:"attrs,omitempty"`
	URLAttr           string            `json:"urlAttr,omitempty"`
	URLPattern        string            `json:"urlPattern,omitempty"`
	Requires          []string          `json:"requires,omitempty"`
	ClosedText        []string          `json:"closedText,omitempty"`
}

// feedDetector is a compiled feedSpec.
type feedDetector struct {
	spec       feedSpec
	attrs      []attrMatch
	urlPattern *regexp.Regexp // nil: any URL
}

func compileFeed(s feedSpec) (feedDetector, error) {
	var e specErrors
	d := feedDetector{spec: s, attrs: e.matches("attrs", s.Attrs)}
	d.spec.Tag, d.spec.URLAttr = strings.ToLower(s.Tag), strings.ToLower(s.URLAttr)
	if s.URLPattern != "" {
		if re := e.regexps("urlPattern", []string{s.URLPattern}); len(re) == 1 {
			d.urlPattern = re[0]
		}
	}
	e.check(s.ID != "" && (s.Disabled || s.Platform != "" && s.Kind != ""), "id, platform and kind are required")
	e.check(s.Disabled || s.Tag+s.Class+s.IDOrClassContains+s.URLPattern != "" || len(s.Attrs) > 0,
		"no condition: set tag, class, idOrClassContains, attrs or urlPattern")
	e.check(s.URLPattern == "" || s.URLAttr != "", "urlPattern needs urlAttr")
	for _, req := range s.Requires {
		u, err := url.Parse(req)
		e.check(err == nil && isHTTPScheme(u.Scheme) && u.Host != "", "requires %q: want an absolute http(s) URL", req)
	}
	return d, errors.Join(e...)
}

// DetectFeeds returns the feeds and widgets among a page's elements. Each
// element is given to the enabled detectors in order and the first that
// matches makes a candidate; a candidate whose URL (or, without a URL,
// whose detector id) was already found is dropped.
//
// A detector ("feeds" in the JSON) has an "id", a "platform", a "kind", a
// "note", and conditions that must all hold: "tag" (the element's tag),
// "class" (a token of its class attribute), "idOrClassContains" (a
// case-insensitive substring of its id or class), "attrs" (attribute ->
// regex, "" for present) and "urlPattern" (a regex on the absolute URL in
// attribute "urlAttr"; relative URLs are resolved against page). "requires"
// lists scripts the widget needs; "closedText" lists case-insensitive
// markers that, in the element's text, say the feed is closed.
func (r *LinkRules) DetectFeeds(page string, els []FeedElement) []FeedCandidate {
	if r == nil {
		return nil
	}
	base, _ := url.Parse(page)
	var found []FeedCandidate
	seen := map[string]bool{}
	for _, el := range els {
		c, ok := r.detect(base, el)
		key := cmp.Or(c.URL, "detector:"+c.ID)
		if !ok || seen[key] {
			continue
		}
		seen[key] = true
		c.Page = page
		found = append(found, c)
	}
	return found
}

func (r *LinkRules) detect(base *url.URL, el FeedElement) (FeedCandidate, bool) {
	var canon elementURLs // each attribute's URL canonicalized once, not once per detector
	for i := range r.feeds {
		d := &r.feeds[i]
		if d.spec.Disabled || !d.selects(el) {
			continue
		}
		if u, ok := d.url(base, el, &canon); ok {
			return d.candidate(u, el), true
		}
	}
	return FeedCandidate{}, false
}

// selects checks everything but the URL.
func (d *feedDetector) selects(el FeedElement) bool {
	s := d.spec
	switch {
	case s.Tag != "" && s.Tag != strings.ToLower(el.Tag):
		return false
	case s.Class != "" && !slices.Contains(strings.Fields(el.Attrs["class"]), s.Class):
		return false
	case s.IDOrClassContains != "" && !containsFold(el.Attrs["id"]+" "+el.Attrs["class"], s.IDOrClassContains):
		return false
	}
	for _, m := range d.attrs {
		v, ok := el.Attrs[m.name]
		if !ok || !m.re.MatchString(v) {
			return false
		}
	}
	return true
}

// url returns the element's feed URL, absolute and canonical when it can
// be, and whether it fits urlPattern. Without urlAttr it is "".
func (d *feedDetector) url(base *url.URL, el FeedElement, canon *elementURLs) (string, bool) {
	if d.spec.URLAttr == "" {
		return "", true
	}
	raw := canon.get(base, el, d.spec.URLAttr)
	if raw == "" {
		return "", false
	}
	return raw, d.urlPattern == nil || d.urlPattern.MatchString(raw)
}

// elementURLs memoizes the canonical URL of an element's attributes.
type elementURLs struct {
	attrs, urls []string
}

// get is the attribute's value, trimmed and canonicalized against base when
// it parses.
func (e *elementURLs) get(base *url.URL, el FeedElement, attr string) string {
	if i := slices.Index(e.attrs, attr); i >= 0 {
		return e.urls[i]
	}
	raw := strings.TrimSpace(el.Attrs[attr])
	if raw != "" {
		if u, err := Canonicalize(raw, base); err == nil {
			raw = u.String()
		}
	}
	e.attrs, e.urls = append(e.attrs, attr), append(e.urls, raw)
	return raw
}

func (d *feedDetector) candidate(u string, el FeedElement) FeedCandidate {
	c := FeedCandidate{ID: d.spec.ID, Platform: d.spec.Platform, Kind: d.spec.Kind, URL: u,
		Requires: slices.Clone(d.spec.Requires)}
	for _, marker := range d.spec.ClosedText {
		if containsFold(el.Text, marker) {
			c.ClosedText = clip(el.Text, 80)
			break
		}
	}
	return c
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// FeedState judges a candidate from its closed marker and the classes of
// its URL and required scripts (classOf returns false for a URL that was
// not checked). It is:
//
//   - closed when the element showed a closed marker (`block says "No
//     photos found. ..."`), or a required script or the feed URL is
//     not-found, unreachable, refused or soft-404 (`widget script
//     https://platform.twitter.com/widgets.js: not-found`; a radio stream
//     whose port refuses connections is closed);
//   - otherwise unverifiable when a URL is login-wall, bot-blocked, of any
//     other problem class, not checked, or when there is no feed URL;
//   - otherwise live: the URL and the scripts are ok, redirected or stream.
//
// The evidence has one line for the marker and one per URL looked at.
func (r *LinkRules) FeedState(c FeedCandidate, classOf func(url string) (LinkClass, bool)) (FeedState, []string) {
	state, evidence := FeedLive, []string(nil)
	if c.ClosedText != "" {
		state, evidence = FeedClosed, append(evidence, fmt.Sprintf("block says %q", c.ClosedText))
	}
	for _, req := range c.Requires {
		s, line := judgeURL("widget script", req, classOf)
		state, evidence = worse(state, s), append(evidence, line)
	}
	if c.URL == "" {
		return worse(state, FeedUnverifiable), append(evidence, "no feed url to check")
	}
	s, line := judgeURL("feed url", c.URL, classOf)
	return worse(state, s), append(evidence, line)
}

func judgeURL(what, u string, classOf func(string) (LinkClass, bool)) (FeedState, string) {
	class, ok := LinkClass(""), false
	if classOf != nil {
		class, ok = classOf(u)
	}
	if !ok {
		return FeedUnverifiable, fmt.Sprintf("%s %s: not checked", what, u)
	}
	return feedStateOf(class), fmt.Sprintf("%s %s: %s", what, u, class)
}

// feedStateOf is what one URL's class says about a feed.
func feedStateOf(c LinkClass) FeedState {
	switch c {
	case ClassNotFound, ClassUnreachable, ClassRefused, ClassEmptyReply, ClassSoft404:
		return FeedClosed
	case ClassOK, ClassRedirected, ClassStream:
		return FeedLive
	}
	return FeedUnverifiable
}

// worse orders states closed > unverifiable > live.
func worse(a, b FeedState) FeedState {
	rank := map[FeedState]int{FeedLive: 0, FeedUnverifiable: 1, FeedClosed: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}
