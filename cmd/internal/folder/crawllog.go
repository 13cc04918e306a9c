package folder

import (
	"fmt"
	"strings"
	"time"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/warc"
)

// LogEntry is one crawl.log line; crawl.jsonl carries the same fields as JSON.
type LogEntry struct {
	Time        time.Time `json:"time"`
	Event       string    `json:"event"`
	Status      int       `json:"status"`
	Size        int64     `json:"size"` // payload bytes; -1 when nothing was fetched
	URL         string    `json:"url"`
	HopPath     string    `json:"hopPath"`
	Via         string    `json:"via,omitempty"`
	Mime        string    `json:"mime,omitempty"`
	Worker      int       `json:"worker"`
	FetchStart  time.Time `json:"fetchStart,omitzero"`
	DurationMS  int64     `json:"durationMs"`
	Digest      string    `json:"digest,omitempty"`
	Annotations []string  `json:"annotations,omitempty"`
	WarcFile    string    `json:"warcFile,omitempty"`
	WarcOffset  int64     `json:"warcOffset,omitempty"`
	Location    string    `json:"location,omitempty"`
	Rule        string    `json:"rule,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Error       string    `json:"error,omitempty"`
	Failure     string    `json:"failure,omitempty"` // why a fetch got no answer (policy.ErrKind: dns, refused, tls, timeout, ...)
	RetryAt     time.Time `json:"retryAt,omitzero"`  // a deferred URL: when the server asked to be tried again
}

func logLine(ev crawler.Event, c *warc.Capture, now time.Time) LogEntry {
	e := LogEntry{
		Time: now.UTC(), Event: string(ev.Kind), Status: ev.Status, Size: -1, URL: ev.URL,
		HopPath: ev.HopPath, Via: ev.Via, Mime: mimeOnly(ev.ContentType), Worker: ev.Worker,
		FetchStart: ev.Start.UTC(), DurationMS: ev.Duration.Milliseconds(),
		Location: ev.Location, Rule: ev.Rule, Reason: ev.Reason, Error: ev.Err, Failure: string(ev.Failure),
		RetryAt: ev.RetryAt.UTC(),
	}
	if ev.RetryAt.IsZero() {
		e.RetryAt = time.Time{}
	}
	if ev.Start.IsZero() {
		e.FetchStart = time.Time{}
	}
	e.Annotations = annotations(ev, c)
	if c != nil {
		e.Size, e.Digest, e.WarcFile, e.WarcOffset = c.PayloadLength, c.PayloadDigest, c.File, c.Offset
	}
	return e
}

func annotations(ev crawler.Event, c *warc.Capture) []string {
	var a []string
	if c != nil && c.Revisit {
		a = append(a, "duplicate:digest")
	}
	if c != nil {
		switch c.Truncated {
		case "length":
			a = append(a, "lenTrunc")
		case "time":
			a = append(a, "timeTrunc")
		case "":
		default:
			a = append(a, "trunc:"+c.Truncated)
		}
	}
	if ev.Attempt > 1 {
		a = append(a, fmt.Sprintf("%dt", ev.Attempt))
	}
	if ev.Kind == crawler.EventRetry {
		a = append(a, "retry")
	}
	if ev.Rule != "" {
		a = append(a, "rule:"+ev.Rule)
	}
	if ev.RetryRule != "" {
		a = append(a, ev.RetryRule)
	}
	if ev.OutlinksDropped > 0 {
		a = append(a, fmt.Sprintf("outlinks-capped:%d", ev.OutlinksDropped))
	}
	if !ev.RetryAt.IsZero() {
		a = append(a, "retryAt:"+ev.RetryAt.UTC().Format("20060102150405"))
	}
	if ev.Lastmod != "" {
		a = append(a, "lastmod:"+annotationSafe(ev.Lastmod))
	}
	if ev.Status == crawler.StatusBlockedPrivate {
		a = append(a, "blocked-private")
	}
	return a
}

func mimeOnly(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// heritrix formats the entry as Heritrix 3 writes crawl.log: timestamp,
// status, size, URI, hop path, via, mime, thread, fetch start+duration,
// digest, source tag, annotations.
func (e LogEntry) heritrix() string {
	size := "-"
	if e.Size >= 0 {
		size = fmt.Sprint(e.Size)
	}
	fetch := "-"
	if !e.FetchStart.IsZero() {
		fetch = e.FetchStart.Format("20060102150405.000")
		fetch = strings.Replace(fetch, ".", "", 1) + fmt.Sprintf("+%d", e.DurationMS)
	}
	mime := dash(e.Mime)
	if mime == "-" && e.Status > 0 {
		mime = "unknown"
	}
	return fmt.Sprintf("%s %5d %10s %s %s %s %s #%03d %s %s - %s",
		e.Time.Format("2006-01-02T15:04:05.000Z"), e.Status, size, e.URL, dash(e.HopPath),
		dash(e.Via), mime, e.Worker, fetch, dash(e.Digest), dash(strings.Join(e.Annotations, ",")))
}

// annotationSafe keeps a value from breaking the annotation list: no
// commas, spaces or control characters, at most 40 bytes.
func annotationSafe(v string) string {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' || r == ',' || r == 0x7f {
			return -1
		}
		return r
	}, v)
	if len(v) > 40 {
		v = v[:40]
	}
	return v
}
