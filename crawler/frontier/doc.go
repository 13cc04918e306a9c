// Package frontier holds durable crawl frontiers: Bolt keeps the per-host
// queues, the seen set, the in-flight set and per-host politeness state in a
// bbolt file under the crawl's output folder, so a crawl resumes after any
// kill and its memory stays bounded however many URLs are queued. The same
// file holds the crawl's payload digests for revisit records (BoltDigests);
// RedisDigests is their shared-crawl counterpart.
//
// A store implements crawler.Frontier; cmd/salvage picks one and hands it to
// the crawler through crawler.Config.Frontier.
package frontier
