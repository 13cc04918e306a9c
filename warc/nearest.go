package warc

import "time"

// Nearest returns the capture of url closest in time to t (the later one on a tie;
// a t of whole seconds, as a 14-digit timestamp gives, is compared with the
// captures' seconds, so the capture of that second wins over one a few
// milliseconds nearer in the second before),
// with a revisit's status, media type and Location filled from its original, and the
// record whose payload it replays: the capture itself, or a revisit's original. ok is
// false when url has no capture, or the nearest is a revisit whose original is not in
// the Index.
func (ix *Index) Nearest(url string, t time.Time) (capture, payload Snapshot, ok bool) {
	list := ix.byURL[canonicalKey(url)]
	precision := time.Millisecond
	if t.Equal(t.Truncate(time.Second)) {
		precision = time.Second
	}
	best := -1
	var bestDist time.Duration
	for _, n := range list {
		d := ix.entries[n].Date.Truncate(precision).Sub(t).Abs()
		if best < 0 || d <= bestDist {
			best, bestDist = n, d
		}
	}
	if best < 0 {
		return Snapshot{}, Snapshot{}, false
	}
	e := ix.entries[best]
	if e.Type != "revisit" {
		return e.Snapshot, e.Snapshot, true
	}
	orig, found := ix.original(e)
	return ix.resolve(e), orig, found
}
