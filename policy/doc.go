// Package policy holds salvage's pure decisions: what a URL is, whether to
// fetch it, and how to reach its host. It reads no clock, file, environment
// or network, and imports only the standard library, so every rule can be
// tested in isolation and explained to the user (`salvage explain URL`).
//
//   - Canonical URLs: Canonicalize resolves an href against its page and
//     returns the one spelling the crawler queues and deduplicates
//     (CanonicalString); SURT gives the index key replay tools look up.
//   - Hops: every URL carries its hop path from the seed, one Hop letter per
//     step ("LLE": link, link, embed), as in Heritrix.
//   - Scope: NewScope compiles a ScopeConfig (mode host, domain or prefix,
//     include/exclude regexes, hop limits, TrapConfig); Scope.Decide returns
//     a Decision with a stable Rule id for crawl.log and a Reason for people.
//   - Traps: TrapConfig.Check refuses over-long URLs, repeated or deep paths,
//     query floods and endless calendars.
//   - robots.txt: ParseRobots implements RFC 9309 (groups, longest match,
//     wildcards, Crawl-delay, Sitemap, unavailable hosts).
//   - Retries: RetryRuleFor says, by kind of failure or status, whether a
//     failed fetch is asked again and how often (RetryBudget).
//   - Changes between two crawls: ClassifyChange gives each URL a
//     ChangeKind (gone, moved, changed, orphaned, not-recrawled, new,
//     unchanged); LinkRegressed and FeedWasClosed say what link rot is.
//   - --resolve: ParseResolve builds a curl-style ResolveMap from host:port
//     to the address to dial.
package policy
