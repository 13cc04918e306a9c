package frontier

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/policy"
)

// storedRobots is a robots.txt file as the bolt state keeps it (JSON).
type storedRobots struct {
	Status   int       `json:"status"`
	Failure  string    `json:"failure,omitempty"`
	Body     []byte    `json:"body,omitempty"`
	Fetched  time.Time `json:"fetched"`
	Attempts int       `json:"attempts"`
}

// PutRobots keeps the robots.txt last fetched for host (a host:port, as
// crawler.HostKey gives it) in the state file, so that `salvage explain`
// can tell later which rules the crawl obeyed. It joins the open
// transaction; a storage error stops the frontier as any other does.
func (f *Bolt) PutRobots(host string, rf crawler.RobotsFile) {
	v, err := json.Marshal(storedRobots{Status: rf.Status, Failure: string(rf.Failure), Body: rf.Body,
		Fetched: rf.Fetched.UTC(), Attempts: rf.Attempts})
	if err != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil || f.tx == nil {
		return
	}
	if err := f.tx.Bucket(bucketRobots).Put([]byte(host), v); err != nil {
		f.fail(err)
		return
	}
	f.pending++
	f.maybeCommit()
}

// ErrStateBusy: the state file is held by a running crawl.
var ErrStateBusy = errors.New("crawl state in use by a running crawl")

// BoltView reads a crawl's bbolt state file without changing it, for
// `salvage explain --out`.
type BoltView struct {
	path string
	db   *bolt.DB
}

// OpenBoltView opens the state file read-only; ErrStateBusy when a running
// crawl holds it.
func OpenBoltView(path string) (*BoltView, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("read crawl state %s: %w", path, ErrStateBusy)
	}
	if err != nil {
		return nil, fmt.Errorf("read crawl state %s: %w", path, err)
	}
	return &BoltView{path: path, db: db}, nil
}

// Close releases the file.
func (v *BoltView) Close() error { return v.db.Close() }

// get returns a copy of key's value in bucket; nil when there is none.
func (v *BoltView) get(bucket, key []byte) ([]byte, error) {
	var val []byte
	err := v.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucket); b != nil {
			val = append(val, b.Get(key)...)
		}
		return nil
	})
	if len(val) == 0 {
		val = nil
	}
	return val, err
}

// Seeds is the crawl's seeds; nil when none were stored.
func (v *BoltView) Seeds() ([]string, error) {
	val, err := v.get(bucketMeta, keySeeds)
	if err != nil || val == nil {
		return nil, err
	}
	var seeds []string
	if err := json.Unmarshal(val, &seeds); err != nil {
		return nil, fmt.Errorf("read crawl state %s: stored seeds: %w", v.path, err)
	}
	return seeds, nil
}

// Robots returns the robots.txt the crawl last fetched for host
// (host:port). ok is false when it kept none for host (it did not reach it,
// or was made before states kept robots.txt files).
func (v *BoltView) Robots(host string) (rf crawler.RobotsFile, ok bool, err error) {
	val, err := v.get(bucketRobots, []byte(host))
	if err != nil || val == nil {
		return rf, false, err
	}
	var s storedRobots
	if err := json.Unmarshal(val, &s); err != nil {
		return rf, false, fmt.Errorf("read crawl state %s: robots.txt of %s: %w", v.path, host, err)
	}
	return crawler.RobotsFile{Status: s.Status, Failure: policy.ErrKind(s.Failure), Body: s.Body, Fetched: s.Fetched, Attempts: s.Attempts}, true, nil
}
