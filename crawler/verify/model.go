package verify

import (
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// SchemaVersion is the version of the JSON report schema (docs/link-report.md).
const SchemaVersion = "1.0"

// Appearance is one place a link target is referenced from.
type Appearance struct {
	Page    string `json:"page"`    // the page (or CSS file, PDF) the link is on
	Element string `json:"element"` // a, img, script, link, iframe, embed, meta, css, pdf, ...
	Attr    string `json:"attr,omitempty"`
	Text    string `json:"text,omitempty"` // anchor text, alt or title
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
	Feeds     []Feed                    `json:"feeds"`
	Counts    map[string]int            `json:"counts"`  // links per class
	ByHost    map[string]map[string]int `json:"byHost"`  // host -> class -> links
	Missing   []string                  `json:"missing"` // the patch list: referenced by archived pages, not in the archive
}
