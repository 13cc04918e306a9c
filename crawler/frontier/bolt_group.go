package frontier

import (
	"time"

	"github.com/salvage-archive/salvage/crawler"
)

// Group commits. Done, Retry and Defer settle a URL in the open
// transaction; the group of URLs settled since the last commit is committed
// GroupEvery after at most, or at once when it holds GroupSettled. The sync
// hook (the crawl journal's Sync, handed over by the crawler) runs before
// each commit that settles URLs, so a URL the state holds as done has its
// events out of the process first.
//
// The hook runs without mu: the journal's lock is taken before the WARC
// writer's, whose payload-digest lookups take mu (BoltDigests), so calling
// it under mu could deadlock. The group lock keeps settles out instead: a
// settle holds it to read, and a group commit holds it to write from before
// the hook until the commit, so every URL in the commit was settled (and its
// events handed to the sink) before the hook ran.

var _ crawler.GroupCommitter = (*Bolt)(nil)

// SyncBeforeCommit sets the hook that runs before each commit that settles
// URLs; nil removes it.
func (f *Bolt) SyncBeforeCommit(sync func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sync = sync
}

// Commit makes the group commit now.
func (f *Bolt) Commit() error {
	f.groupCommit()
	return f.Err()
}

// settling runs change, which settles one URL in the open transaction, and
// makes the group commit when the group is full.
func (f *Bolt) settling(change func()) {
	f.group.RLock()
	f.mu.Lock()
	change()
	f.settled++
	full := f.settled >= f.cfg.GroupSettled
	f.signal()
	f.mu.Unlock()
	f.group.RUnlock()
	if full {
		f.groupCommit()
	}
}

// groupCommit runs the sync hook if URLs were settled, then commits.
func (f *Bolt) groupCommit() {
	f.group.Lock()
	defer f.group.Unlock()
	f.mu.Lock()
	sync, settled, pending := f.sync, f.settled, f.pending
	f.mu.Unlock()
	if pending == 0 {
		return
	}
	if settled > 0 && sync != nil {
		sync()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tx != nil {
		f.commitNow()
	}
}

// flusher makes the timed group commits and the periodic fsync.
func (f *Bolt) flusher() {
	defer close(f.done)
	group := time.NewTimer(f.cfg.GroupEvery)
	defer group.Stop()
	flush := time.NewTicker(f.cfg.FlushEvery)
	defer flush.Stop()
	for {
		select {
		case <-f.stop:
			return
		case <-group.C:
			group.Reset(f.timedCommit())
		case <-flush.C:
			f.groupCommit()
			f.releasePages()
			if !f.cfg.NoSync {
				_ = f.db.Sync() // outside the lock: fetches go on while the disk catches up
			}
		}
	}
}

// timedCommit makes the group commit when the open transaction is
// GroupEvery old and says when to look again. The timer counts from the last
// commit, whatever made it: on a fast crawl full groups commit more often
// than GroupEvery, and a fixed ticker committed a second, smaller group
// between them (more than half the commits of a replica crawl, each
// rewriting the pages of the seen, variants and digests trees). A change
// still waits at most GroupEvery.
func (f *Bolt) timedCommit() time.Duration {
	f.mu.Lock()
	wait := f.cfg.GroupEvery - time.Since(f.committed)
	f.mu.Unlock()
	if wait > 0 {
		return wait
	}
	f.groupCommit()
	return f.cfg.GroupEvery
}

// releasePages drops the state file's mapped pages from the resident set
// (releaseMapped) every FlushEvery. After every commit, as before, each
// commit's page reads faulted the whole working set back in: ~5% of a
// replica crawl's CPU (bbolt's Page.FastCheck, the first read of a page,
// and the madvise calls). The pages a crawl keeps resident are still at
// most those it touched in FlushEvery.
func (f *Bolt) releasePages() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tx != nil {
		releaseMapped(f.db, f.tx.Size())
	}
}
