package verify

import (
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// SchemaVersion is the version of the JSON report schema (docs/link-report.md).
const SchemaVersion = "1.2"

// Appearance is one place a link target is referenced from.
type Appearance struct {
	Page    string `json:"page"`    // the page (or CSS file, PDF) the link is on
	Element string `json:"element"` // a, img, script, link, iframe, embed, meta, css, pdf, ...
	Attr    string `json:"attr,omitempty"`
	Text    string `json:"text,omitempty"`  // anchor text, alt or title
	Place   string `json:"place,omitempty"` // where in the page: "footer #block-on-the-web-0", "nav", "head", ...
}

// Placement is every page on which one link target sits at one place: a
// link in a site's footer template is one placement on all its pages, and
// one fix.
type Placement struct {
	Place   string   `json:"place"`           // Appearance.Place; "" for a PDF's or a stylesheet's links
	Element string   `json:"element"`         // the element of its first appearance there
	Texts   []string `json:"texts,omitempty"` // the distinct anchor texts there
	Pages   []string `json:"pages"`
}

// Fix is one row of the report's "to fix" list: a problem link at one
// placement, and how many pages fixing it there repairs.
type Fix struct {
	URL   string           `json:"url"`
	Class policy.LinkClass `json:"class"`
	Place string           `json:"place"`
	Pages int              `json:"pages"`
}

// Hop is one step of a fetch chain.
type Hop struct {
	URL      string `json:"url"`
	Status   int    `json:"status"`             // HTTP status; 0 when no response
	Location string `json:"location,omitempty"` // redirect target
}

// Capture is where an archive holds a copy of a URL.
type Capture struct {
	File   string    `json:"file"`
	Offset int64     `json:"offset"`
	Date   time.Time `json:"date"`
	Status int       `json:"status"`
	Mime   string    `json:"mime,omitempty"`
}

// Link is one link target and everything known about it.
type Link struct {
	URL         string           `json:"url"`
	Internal    bool             `json:"internal"` // in the crawl's scope: judged from the crawl
	Appearances []Appearance     `json:"appearances"`
	Placements  []Placement      `json:"placements"` // Appearances grouped by place, most pages first
	Chain       []Hop            `json:"chain,omitempty"`
	FinalURL    string           `json:"finalUrl,omitempty"`
	Status      int              `json:"status,omitempty"`
	ContentType string           `json:"contentType,omitempty"`
	CheckedAt   time.Time        `json:"checkedAt,omitzero"`
	DurationMS  int64            `json:"durationMs,omitempty"`
	Class       policy.LinkClass `json:"class"`
	Evidence    string           `json:"evidence,omitempty"` // why this class: a rule id and what it saw
	Captured    *Capture         `json:"captured,omitempty"` // nil: the archive does not hold it
	ReplayURL   string           `json:"replayUrl,omitempty"`
	Memento     string           `json:"memento,omitempty"` // from a Memento TimeGate, when asked
}

// Feed is an embedded third-party feed or widget found on a page.
type Feed struct {
	Platform string           `json:"platform"` // twitter, flickr, instagram, facebook, youtube, soundcloud, stream, rss
	Kind     string           `json:"kind"`     // timeline, photos, channel, embed, audio-stream, feed, ...
	URL      string           `json:"url"`
	Pages    []string         `json:"pages"`
	State    policy.FeedState `json:"state"` // live, closed, unverifiable
	Evidence []string         `json:"evidence"`
}

// Report is the whole result of a verification.
type Report struct {
	Schema    string                    `json:"schema"` // SchemaVersion
	Tool      string                    `json:"tool"`
	Generated time.Time                 `json:"generated"`
	Seeds     []string                  `json:"seeds,omitempty"`
	Archives  []string                  `json:"archives,omitempty"`
	Links     []Link                    `json:"links"`
	ToFix     []Fix                     `json:"toFix"` // the problem placements, most pages first
	Feeds     []Feed                    `json:"feeds"`
	Counts    map[string]int            `json:"counts"`  // links per class
	ByHost    map[string]map[string]int `json:"byHost"`  // host -> class -> links
	Missing   []string                  `json:"missing"` // the patch list: referenced by archived pages, not in the archive
	// OutOfTime counts the links whose live check had not finished by
	// Options.Until (not-checked, "out of time"): `salvage verify` checks
	// them later.
	OutOfTime int `json:"outOfTime,omitempty"`
}
