package crawler

import "sync"

// decidedCache remembers outlinks (as written, with their hop type) whose
// fate cannot change: queued, already seen, or refused by a rule that does
// not depend on the path they were found by. A site's menus repeat the same
// hundred links on every page; without it every page paid canonicalization,
// a scope decision and a frontier lookup (a Redis round trip, with a shared
// crawl) for each of them: a fifth of a crawl's CPU. It is bounded, in two
// generations: when the current one is full it becomes the old one (the
// older is dropped), and a link found in the old one moves back, so the
// links every page repeats stay while one-off links age out.
type decidedCache struct {
	mu       sync.Mutex
	cur, old map[string]struct{}
	max      int // entries per generation
}

// newDecidedCache holds at most size entries.
func newDecidedCache(size int) *decidedCache {
	return &decidedCache{cur: make(map[string]struct{}), max: max(1, size/2)}
}

func decidedKey(raw string, hop byte) string { return string(hop) + raw }

func (c *decidedCache) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[key]; ok {
		return true
	}
	if _, ok := c.old[key]; ok {
		c.put(key)
		return true
	}
	return false
}

func (c *decidedCache) add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put(key)
}

func (c *decidedCache) put(key string) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[string]struct{}, c.max)
	}
	c.cur[key] = struct{}{}
}

func (c *decidedCache) len() int { return len(c.cur) + len(c.old) }

// settled says whether a refusal by rule would be the same from any page.
// An off-site link is refused wherever it is found; an off-site embed or
// redirect only where the chain of embeds behind it is too long.
func settled(rule string, hop byte) bool {
	switch rule {
	case "max-hops", "transclusion", "trap:calendar-steps", "trap:path-loop", "seed", "seed-redirect":
		return false
	case "offsite":
		return hop == 'L' || hop == 'S'
	}
	return true
}
