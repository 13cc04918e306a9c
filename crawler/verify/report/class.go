package report

import (
	"cmp"
	"slices"

	"github.com/salvage-archive/salvage/crawler/verify"
	"github.com/salvage-archive/salvage/policy"
)

// describe returns the one-line description of class c that reports
// print; docs/link-report.md gives the same lines.
func describe(c policy.LinkClass) string {
	switch c {
	case policy.ClassOK:
		return "answered 2xx without a redirect"
	case policy.ClassRedirected:
		return "answered 2xx after one or more redirects"
	case policy.ClassNotFound:
		return "404, 410 or another 4xx no other rule claims: the target is gone"
	case policy.ClassServerError:
		return "5xx, a redirect loop or a chain ending on a 3xx"
	case policy.ClassTooManyRedirects:
		return "a redirect chain longer than the limit (20 in a crawl, as browsers and wget)"
	case policy.ClassUnreachable:
		return "the host name does not resolve, or no route leads to its address"
	case policy.ClassRefused:
		return "the connection was refused: nothing listens on that port"
	case policy.ClassEmptyReply:
		return "the host accepted the connection and closed or reset it without answering"
	case policy.ClassTLSError:
		return "the TLS handshake or the certificate check failed"
	case policy.ClassTimeout:
		return "no answer in time"
	case policy.ClassSoft404:
		return "a 2xx that is really a \"not found\" page"
	case policy.ClassLoginWall:
		return "the content is behind a login"
	case policy.ClassBotBlocked:
		return "the host refuses crawlers (403, 429, 999, challenge pages)"
	case policy.ClassRobotsExcluded:
		return "robots.txt forbids checking it"
	case policy.ClassStream:
		return "an endless stream (internet radio) that answered"
	case policy.ClassNotChecked:
		return "no request was made"
	case policy.ClassMalformed:
		return "the URL or the response could not be parsed"
	case policy.ClassBlockedPrivate:
		return "the host resolves to a private or loopback address; nothing was sent"
	}
	return "a link class this version of salvage does not describe"
}

// sarifLevel is the SARIF level of a problem class: walls a person can get
// past or a site owner chose are warnings, everything else is an error.
func sarifLevel(c policy.LinkClass) string {
	switch c {
	case policy.ClassLoginWall, policy.ClassBotBlocked, policy.ClassRobotsExcluded:
		return "warning"
	}
	return "error"
}

// classRank orders classes as policy.LinkClasses does; unknown classes
// sort last.
func classRank(c policy.LinkClass) int {
	if i := slices.Index(policy.LinkClasses(), c); i >= 0 {
		return i
	}
	return len(policy.LinkClasses())
}

func compareClass(a, b policy.LinkClass) int {
	return cmp.Or(cmp.Compare(classRank(a), classRank(b)), cmp.Compare(a, b))
}

// classCount is the number of links of one class.
type classCount struct {
	Class policy.LinkClass
	N     int
}

// countClasses counts links per class, in taxonomy order, leaving out
// classes with no links. It trusts r.Counts when the producer filled it and
// counts r.Links otherwise.
func countClasses(r *verify.Report) []classCount {
	if len(r.Counts) == 0 {
		return countLinks(r.Links)
	}
	out := make([]classCount, 0, len(r.Counts))
	for c, n := range r.Counts {
		if n > 0 {
			out = append(out, classCount{policy.LinkClass(c), n})
		}
	}
	slices.SortFunc(out, func(a, b classCount) int { return compareClass(a.Class, b.Class) })
	return out
}

// countLinks counts links per class, in taxonomy order.
func countLinks(links []verify.Link) []classCount {
	var out []classCount
	for _, l := range links {
		i := slices.IndexFunc(out, func(cc classCount) bool { return cc.Class == l.Class })
		if i < 0 {
			i = len(out)
			out = append(out, classCount{Class: l.Class})
		}
		out[i].N++
	}
	slices.SortFunc(out, func(a, b classCount) int { return compareClass(a.Class, b.Class) })
	return out
}

// problemClasses lists the problem classes that have links, in taxonomy
// order. It looks at the links themselves, not at r.Counts.
func problemClasses(r *verify.Report) []policy.LinkClass {
	var out []policy.LinkClass
	for _, l := range r.Links {
		if l.Class.Problem() && !slices.Contains(out, l.Class) {
			out = append(out, l.Class)
		}
	}
	slices.SortFunc(out, compareClass)
	return out
}

// linksOf returns the links of class c in report order.
func linksOf(r *verify.Report, c policy.LinkClass) []verify.Link {
	var out []verify.Link
	for _, l := range r.Links {
		if l.Class == c {
			out = append(out, l)
		}
	}
	return out
}
