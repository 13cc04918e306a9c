// Package crawler schedules and parses a crawl: it drives colly collectors from
// its own frontier (per host:port queues with politeness), decides robots.txt
// and scope through package policy, extracts links with package extract, and
// reports everything it does as Events to a Sink.
//
// The crawler never sees WARC records: it fetches through an http.RoundTripper
// (in salvage, the recording transport of package warc) and cmd/salvage joins
// the two sides.
package crawler
