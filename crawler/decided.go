package crawler

import "sync"

// decidedCache remembers outlinks (as written, with their hop type) whose
// fate cannot change: queued, already seen, or refused by a rule that does
// not depend on the path they were found by. A site's menus repeat the same
// hundred links on every page; without it every page paid canonicalization,
// a scope decision and a frontier lookup (a Redis round trip, with a shared
// crawl) for each of them: a fifth of a crawl's CPU. It is bounded: when full
// it starts afresh, which costs only repeated work.
type decidedCache struct {
	mu  sync.Mutex
	m   map[string]struct{}
	max int
}

func newDecidedCache(max int) *decidedCache {
	return &decidedCache{m: make(map[string]struct{}), max: max}
}

func decidedKey(raw string, hop byte) string { return string(hop) + raw }

func (c *decidedCache) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[key]
	return ok
}

func (c *decidedCache) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[key] = struct{}{}
}

// settled says whether a refusal by rule would be the same from any page.
// An off-site link is refused wherever it is found; an off-site embed or
// redirect only where the chain of embeds behind it is too long.
func settled(rule string, hop byte) bool {
	switch rule {
	case "max-hops", "transclusion", "trap:calendar-steps", "seed", "seed-redirect":
		return false
	case "offsite":
		return hop == 'L' || hop == 'S'
	}
	return true
}
