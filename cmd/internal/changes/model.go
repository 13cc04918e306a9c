package changes

import (
	"time"

	"github.com/salvage-archive/salvage/policy"
	"github.com/salvage-archive/salvage/warc/cdxj"
)

// SchemaVersion is the version of changes.json (docs/changes.md).
const SchemaVersion = "1.0"

// Report is the comparison of an earlier crawl (or link report) with this one.
type Report struct {
	Schema    string    `json:"schema"` // SchemaVersion
	Tool      string    `json:"tool,omitempty"`
	Generated time.Time `json:"generated"`
	Previous  Origin    `json:"previous"`
	Current   Origin    `json:"current"`
	// CapturesCompared: both sides had a capture index, so URLs holds what
	// became of each URL (false for `salvage verify --previous`).
	CapturesCompared bool `json:"capturesCompared"`
	// LinksCompared: both sides had a link report, so Links and Feeds are
	// filled; NotCompared says why not, when they are not.
	LinksCompared bool     `json:"linksCompared"`
	NotCompared   string   `json:"notCompared,omitempty"`
	URLs          []Change `json:"urls"` // by kind (ChangeKinds order), then URL
	Links         LinkRot  `json:"links"`
	Feeds         []Feed   `json:"feeds"`  // feeds that went from live to closed
	Counts        Counts   `json:"counts"` // URLs per kind, every kind present
	// Replay says how to open the replay links ("salvage replay FOLDER"),
	// when they are absolute.
	Replay string `json:"replay,omitempty"`
}

// Counts is URLs per change kind.
type Counts map[policy.ChangeKind]int

// Origin is where one side of the comparison was read from.
type Origin struct {
	Path  string `json:"path"`
	Index string `json:"index,omitempty"` // the CDXJ file read
	Links string `json:"links,omitempty"` // the links.json read
	// Generated is the time of the link report, when one was read.
	Generated time.Time `json:"generated,omitzero"`
}

// Change is what became of one URL.
type Change struct {
	URL      string            `json:"url"`
	Kind     policy.ChangeKind `json:"kind"`
	Document bool              `json:"document"` // a page or document (HTML, PDF, ...), not a requisite
	Before   *Capture          `json:"before,omitempty"`
	After    *Capture          `json:"after,omitempty"`
	Target   string            `json:"target,omitempty"` // moved: where the redirect leads
	// Class is, for a URL gone without a capture, its class in this crawl's
	// link report (refused, robots-excluded, timeout, ...).
	Class policy.LinkClass `json:"class,omitempty"`
	// ReplayURL replays the earlier crawl's last capture (relative
	// "/TIMESTAMP/URL", or under Options.ReplayBase).
	ReplayURL string `json:"replayUrl,omitempty"`
}

// Capture is a crawl's latest capture of a URL, from its CDXJ line.
type Capture struct {
	Date     time.Time `json:"date"`
	Status   int       `json:"status"`
	Digest   string    `json:"digest,omitempty"`
	Mime     string    `json:"mime,omitempty"` // "warc/revisit" for a revisit record
	Filename string    `json:"filename"`
	Offset   int64     `json:"offset"`
}

// Revisit reports whether the capture is a revisit record.
func (c *Capture) Revisit() bool { return c.Mime == cdxj.RevisitMime }

// LinkRot compares the link targets of two link reports.
type LinkRot struct {
	Broken      []Link   `json:"broken"`      // ok or redirected before, a problem class now
	Disappeared []string `json:"disappeared"` // linked before, linked from no page now
	Appeared    []string `json:"appeared"`    // linked now, not before
}

// Link is a link target whose class went from working to a problem.
type Link struct {
	URL      string           `json:"url"`
	Before   policy.LinkClass `json:"before"`
	After    policy.LinkClass `json:"after"`
	Status   int              `json:"status,omitempty"`
	Evidence string           `json:"evidence,omitempty"`
	Pages    []string         `json:"pages"` // the pages of this crawl it is on
}

// Feed is an embedded feed that was live and is now closed.
type Feed struct {
	Platform string           `json:"platform"`
	Kind     string           `json:"kind"`
	URL      string           `json:"url"`
	Before   policy.FeedState `json:"before"`
	After    policy.FeedState `json:"after"`
	Evidence []string         `json:"evidence"`
	Pages    []string         `json:"pages"`
}

// Lost is the URLs gone or moved, documents first.
func (r *Report) Lost() []Change { return r.kinds(policy.ChangeGone, policy.ChangeMoved) }

// Of is the URLs of one kind.
func (r *Report) Of(k policy.ChangeKind) []Change { return r.kinds(k) }

func (r *Report) kinds(ks ...policy.ChangeKind) []Change {
	var out []Change
	for _, c := range r.URLs {
		for _, k := range ks {
			if c.Kind == k {
				out = append(out, c)
			}
		}
	}
	return out
}
