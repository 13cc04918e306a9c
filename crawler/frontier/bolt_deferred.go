package frontier

import (
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

var _ crawler.Deferrer = (*Bolt)(nil)

// Defer records in-flight d.Item as deferred, committed with its group (as
// Done): the crawl can end without it, and the next open queues it again. With d.Until set it
// goes back to its queue at that time if the crawl is still running.
func (f *Bolt) Defer(d crawler.Deferral, hostDelay time.Duration) {
	f.settling(func() { f.deferLocked(d, hostDelay) })
}

func (f *Bolt) deferLocked(d crawler.Deferral, hostDelay time.Duration) {
	f.release(d.Item, hostDelay)
	if f.err == nil {
		if err := f.tx.Bucket(bucketDeferred).Put([]byte(d.Item.URL), encodeDeferral(d)); err != nil {
			f.fail(err)
		}
	}
	if !d.Until.IsZero() {
		f.aside[d.Item.URL] = d.Until
		if f.soonest.IsZero() || d.Until.Before(f.soonest) {
			f.soonest = d.Until
		}
	}
}

// Deferred lists the deferred URLs, by URL.
func (f *Bolt) Deferred() []crawler.Deferral {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []crawler.Deferral
	if f.tx == nil {
		return out
	}
	err := f.tx.Bucket(bucketDeferred).ForEach(func(_, v []byte) error {
		d, err := decodeDeferral(v)
		out = append(out, d)
		return err
	})
	if err != nil {
		f.fail(err)
	}
	return out
}

// RequeuedDeferred is how many deferred URLs went back to the queue on open.
func (f *Bolt) RequeuedDeferred() int { return f.requeued }

// requeueDeferred queues the previous runs' deferred URLs again, their
// attempts reset: a rerun tries them afresh.
func (f *Bolt) requeueDeferred() error {
	b := f.tx.Bucket(bucketDeferred)
	var items []crawler.Item
	err := b.ForEach(func(_, v []byte) error {
		d, err := decodeDeferral(v)
		items = append(items, d.Item)
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := b.Delete([]byte(it.URL)); err != nil {
			return err
		}
		it.Attempt, it.NotBefore = 0, time.Time{}
		if err := f.put(it); err != nil {
			return err
		}
	}
	f.requeued = len(items)
	return nil
}

// undefer queues again the deferred URLs whose Until has come. Callers hold mu.
func (f *Bolt) undefer(now time.Time) error {
	if f.soonest.IsZero() || now.Before(f.soonest) {
		return nil
	}
	f.soonest = time.Time{}
	b := f.tx.Bucket(bucketDeferred)
	for u, until := range f.aside {
		if now.Before(until) {
			if f.soonest.IsZero() || until.Before(f.soonest) {
				f.soonest = until
			}
			continue
		}
		delete(f.aside, u)
		v := b.Get([]byte(u))
		if v == nil {
			continue
		}
		d, err := decodeDeferral(v)
		if err != nil {
			return err
		}
		if err := b.Delete([]byte(u)); err != nil {
			return err
		}
		d.Item.NotBefore = time.Time{}
		if err := f.put(d.Item); err != nil {
			return err
		}
	}
	return nil
}

// asideWait is how long until the next deferred URL is due, at most def.
func (f *Bolt) asideWait(now time.Time, def time.Duration) time.Duration {
	if f.soonest.IsZero() {
		return def
	}
	return max(min(def, f.soonest.Sub(now)), time.Millisecond)
}
