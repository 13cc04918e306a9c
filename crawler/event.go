package crawler

import (
	"time"

	"github.com/salvage-archive/salvage/crawler/extract"
	"github.com/salvage-archive/salvage/policy"
)

// EventKind says what happened to a URL.
type EventKind string

const (
	// EventFetched: a fetch finished, with an HTTP status or a negative FetchStatus.
	EventFetched EventKind = "fetched"
	// EventRefused: a discovered URL will not be fetched (scope, robots, trap, budget).
	EventRefused EventKind = "refused"
	// EventRetry: a fetch failed in a way worth retrying; the URL went back to its queue.
	EventRetry EventKind = "retry"
	// EventDeferred: a URL set aside for the next run (Rule RuleDeferred): its
	// server asked for a wait beyond Config.MaxWait, or it was all that was
	// left to crawl while it waited. RetryAt is when the server asked for.
	EventDeferred EventKind = "deferred"
)

// Event is one thing the crawler did. Sinks receive events from many goroutines.
type Event struct {
	Kind        EventKind     `json:",omitzero"`
	URL         string        `json:",omitzero"` // canonical URL (the frontier's key)
	FetchURL    string        `json:",omitzero"` // the URL as sent on the wire; the recorder reports captures under it
	HopPath     string        `json:",omitzero"` // hop types from the seed, e.g. "LLE"; "" for a seed
	Via         string        `json:",omitzero"` // the URL this one was found on
	Status      int           `json:",omitzero"` // HTTP status, or a negative FetchStatus
	ContentType string        `json:",omitzero"`
	Location    string        `json:",omitzero"` // a redirect's resolved target
	Start       time.Time     `json:",omitzero"`
	Duration    time.Duration `json:",omitzero"`
	Worker      int           `json:",omitzero"`
	Attempt     int           `json:",omitzero"` // 1 for the first try
	Err         string        `json:",omitzero"` // what went wrong, one line
	// Failure is why a fetch got no answer (crawler/netfail.Kind of its
	// error; Status is the negative status it maps to). On a refusal for a
	// failed prerequisite (robots-unavailable) whose fetch got no answer, it
	// is that fetch's Failure. FailureCause says it in the network's words
	// ("connection refused", "tls: ..."): netfail.Cause of the error, or
	// netfail.Words of the kind on such a refusal.
	Failure      policy.ErrKind `json:",omitzero"`
	FailureCause string         `json:",omitzero"`
	Rule         string         `json:",omitzero"` // the policy rule behind a refusal
	// RetryRule is the retry rule (policy.RetryRuleFor) that decided a
	// failed fetch: "retry:refused" on a retry, "no-retry:malformed" or
	// "retries-spent:timeout" on the final answer; "" when none is about it.
	RetryRule string         `json:",omitzero"`
	Cause     int            `json:",omitzero"` // a refusal for a failed prerequisite (robots-unavailable): the status of that fetch (HTTP, or negative: no answer)
	Reason    string         `json:",omitzero"`
	Family    string         `json:",omitzero"` // the URL family a trap:no-novelty refusal closed (policy.Family)
	Lastmod   string         `json:",omitzero"` // the sitemap <lastmod> of the entry that queued this URL
	RetryAt   time.Time      `json:",omitzero"` // EventDeferred: when the server asked to be tried again
	Links     []extract.Link `json:",omitzero"` // outlinks found in the body (HTML, CSS, PDF) or the Location
	// OutlinksDropped is how many of the page's links Config.MaxOutlinks
	// left out of Links.
	OutlinksDropped int                  `json:",omitzero"`
	Elements        []policy.FeedElement `json:",omitzero"` // an HTML page's elements for feed detection
	Language        extract.Language     `json:",omitzero"` // an HTML page's lang (else Content-Language) and the translations it names
}

// RuleDeferred is the Rule of an EventDeferred.
const RuleDeferred = "retry:deferred"

// Sink receives events. Implementations must be safe for concurrent use.
type Sink interface {
	Event(Event)
}

// Syncer is a Sink that buffers: the crawler calls Sync after a URL's
// events and before the frontier settles the URL (done, retried or
// deferred), so what the sink wrote for it outlives the process whenever
// the frontier's record of it does.
type Syncer interface {
	Sink
	Sync()
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(Event)

// Event calls f.
func (f SinkFunc) Event(e Event) { f(e) }

// Fetch statuses below zero, numbered as Heritrix numbers them so crawl.log
// readers recognise them.
const (
	StatusDNSFailed        = -1
	StatusConnectFailed    = -2
	StatusConnectBroken    = -3
	StatusTimeout          = -4
	StatusRuntimeError     = -5
	StatusInvalidURI       = -7
	StatusRetriesExhausted = -8
	StatusPrereqFailed     = -61 // robots.txt could not be had (5xx or unreachable)
	StatusTrap             = -4000
	StatusTooManyHops      = -4001
	StatusOutOfScope       = -5000
	StatusBlocked          = -5001 // excluded by the operator's rules
	StatusBlockedPrivate   = -5002 // the host resolves to a private address (policy.PrivateAddr); nothing was sent
	StatusQuota            = -5003 // per-host page budget
	StatusFolded           = -5004 // the same page as a queued URL but for its session parameter (policy.SessionParam)
	StatusRobots           = -9998
)
