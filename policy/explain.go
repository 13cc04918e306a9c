package policy

import (
	"fmt"
	"net/url"
	"strings"
)

// Explain describes Decide's verdict on c for people, one fact a line:
// the canonical URL, its SURT key, the hop path, the verdict, the rule and
// the reason. `salvage explain URL` prints it.
func (s *Scope) Explain(c Candidate) string { return s.ExplainRobots(c, nil) }

// RobotsFacts is what explain knows of the robots.txt of a URL's host.
type RobotsFacts struct {
	Rules     *Robots // the parsed file; nil: not known
	Failure   ErrKind // the fetch got no answer: why
	Source    string  // where the rules come from ("the crawl's state, fetched 2024-05-01 12:00:00 UTC")
	UserAgent string  // the agent they are matched for
	Ignored   bool    // the crawl does not obey robots.txt
}

// ExplainRobots is Explain with robots.txt: a URL the scope allows is
// refused by rule "robots" when rf's rules disallow it, and by rule
// "robots-unavailable" when its robots.txt could not be had, as the
// crawler refuses it. rf nil: robots.txt is said to be unknown.
func (s *Scope) ExplainRobots(c Candidate, rf *RobotsFacts) string {
	d := s.Decide(c)
	var b strings.Builder
	if c.URL == nil {
		line(&b, "url", "(none)")
	} else {
		explainURL(&b, s, c)
	}
	line(&b, "hop path", describeHops(c.HopPath))
	if c.Via != nil {
		line(&b, "via", CanonicalString(c.Via))
	}
	if c.URL != nil {
		line(&b, "robots", rf.describe(c.URL, &d))
	}
	line(&b, "decision", verdict(d.Allowed))
	line(&b, "rule", d.Rule)
	line(&b, "reason", d.Reason)
	return strings.TrimSuffix(b.String(), "\n")
}

func explainURL(b *strings.Builder, s *Scope, c Candidate) {
	line(b, "url", CanonicalString(c.URL))
	line(b, "surt", SURT(c.URL))
	key, rule := s.SeenKey(c.URL)
	if rule == "" {
		rule = "no session parameter"
	}
	line(b, "seen key", key+" ("+rule+")")
	fam, _ := Family(c.URL)
	line(b, "family", fam)
}

// describe says what robots.txt makes of u, and turns d into a refusal
// when the scope allowed u and robots.txt does not.
func (rf *RobotsFacts) describe(u *url.URL, d *Decision) string {
	switch {
	case rf == nil || rf.Rules == nil && !rf.Ignored:
		return "not known (give --out with the crawl's folder, or --check-robots)"
	case rf.Ignored:
		return "ignored (the crawl ran with --ignore-robots)"
	case rf.Rules.Unavailable():
		why := fmt.Sprintf("answered %d", rf.Rules.Status())
		if rf.Rules.Status() <= 0 {
			why = "got no answer (" + string(rf.Failure) + ")"
		}
		refuse(d, "robots-unavailable", "robots.txt "+why+": everything on the host is held")
		return "unavailable: robots.txt " + why + "; " + rf.Source
	}
	allowed, rule := rf.Rules.Verdict(rf.UserAgent, u.RequestURI())
	if allowed {
		if rule == "" {
			rule = "no rule matches"
		}
		return "allows it (" + rule + ") for " + rf.UserAgent + "; " + rf.Source
	}
	refuse(d, "robots", "disallowed by robots.txt ("+rule+")")
	return "disallows it (" + rule + ") for " + rf.UserAgent + "; " + rf.Source
}

// refuse makes an allowed decision a refusal by robots.txt; the scope's own
// refusal stands, as the crawler never asks robots.txt about it.
func refuse(d *Decision, rule, reason string) {
	if d.Allowed {
		d.Allowed, d.Rule, d.Reason = false, rule, reason
	}
}

func line(b *strings.Builder, key, value string) {
	fmt.Fprintf(b, "%-9s %s\n", key+":", value)
}

func verdict(allowed bool) string {
	if allowed {
		return "allowed"
	}
	return "refused"
}

// describeHops spells out a hop path: "LLE (2 link hops, 1 trailing embed hop)".
func describeHops(path string) string {
	if path == "" {
		return "- (seed)"
	}
	return fmt.Sprintf("%s (%d link hops, %d trailing embed hops)", path, linkHops(path), embedRun(path))
}
