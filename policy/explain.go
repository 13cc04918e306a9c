package policy

import (
	"fmt"
	"strings"
)

// Explain describes Decide's verdict on c for people, one fact a line:
// the canonical URL, its SURT key, the hop path, the verdict, the rule and
// the reason. `salvage explain URL` prints it.
func (s *Scope) Explain(c Candidate) string {
	d := s.Decide(c)
	var b strings.Builder
	if c.URL == nil {
		line(&b, "url", "(none)")
	} else {
		line(&b, "url", CanonicalString(c.URL))
		line(&b, "surt", SURT(c.URL))
		key, rule := s.SeenKey(c.URL)
		if rule == "" {
			rule = "no session parameter"
		}
		line(&b, "seen key", key+" ("+rule+")")
		fam, _ := Family(c.URL)
		line(&b, "family", fam)
	}
	line(&b, "hop path", describeHops(c.HopPath))
	if c.Via != nil {
		line(&b, "via", CanonicalString(c.Via))
	}
	line(&b, "decision", verdict(d.Allowed))
	line(&b, "rule", d.Rule)
	line(&b, "reason", d.Reason)
	return strings.TrimSuffix(b.String(), "\n")
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
