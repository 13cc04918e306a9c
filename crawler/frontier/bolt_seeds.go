package frontier

import (
	"encoding/json"
	"fmt"

	"github.com/salvage-archive/salvage/crawler"
)

var (
	bucketFailed = []byte("failed") // seed URL -> why its fetch failed without an answer
	keySeeds     = []byte("seeds")  // in bucketMeta: the crawl's seeds, a JSON list
)

// Seeds is the crawl's seeds as stored by SetSeeds; nil when none were.
func (f *Bolt) Seeds() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tx == nil {
		return nil, f.err
	}
	v := f.tx.Bucket(bucketMeta).Get(keySeeds)
	if v == nil {
		return nil, nil
	}
	var seeds []string
	if err := json.Unmarshal(v, &seeds); err != nil {
		return nil, fmt.Errorf("crawl state: stored seeds: %w", err)
	}
	return seeds, nil
}

// SetSeeds stores the crawl's seeds and commits.
func (f *Bolt) SetSeeds(seeds []string) error {
	b, err := json.Marshal(seeds)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	if err := f.tx.Bucket(bucketMeta).Put(keySeeds, b); err != nil {
		f.fail(err)
		return f.err
	}
	if f.mayCommit() { // else the group commit takes it
		f.commitNow()
	}
	return f.err
}

// FailSeed records a seed whose fetch failed without an answer, and why;
// RequeueFailed queues it again. Committed with the next commit (Close).
func (f *Bolt) FailSeed(url, cause string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return
	}
	if err := f.tx.Bucket(bucketFailed).Put([]byte(url), []byte(cause)); err != nil {
		f.fail(err)
	}
	f.pending++
}

// FailedSeeds lists the seeds recorded by FailSeed: URL -> cause.
func (f *Bolt) FailedSeeds() map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]string)
	if f.tx == nil {
		return out
	}
	err := f.tx.Bucket(bucketFailed).ForEach(func(k, v []byte) error {
		out[string(k)] = string(v)
		return nil
	})
	if err != nil {
		f.fail(err)
	}
	return out
}

// RequeueFailed queues the failed seeds again (they stay in the seen set,
// which is why Add would not) and forgets their failure; it commits and
// returns how many it queued.
func (f *Bolt) RequeueFailed() int {
	failed := f.FailedSeeds()
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for u := range failed {
		if f.err != nil {
			break
		}
		if err := f.tx.Bucket(bucketFailed).Delete([]byte(u)); err != nil {
			f.fail(err)
			break
		}
		if err := f.put(crawler.Item{URL: u}); err != nil {
			f.fail(err)
			break
		}
		n++
	}
	if f.mayCommit() { // else the group commit takes it
		f.commitNow()
	}
	f.signal()
	return n
}
