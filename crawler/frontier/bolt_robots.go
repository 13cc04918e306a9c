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

// ReadRobots returns the robots.txt the crawl whose state file is path last
// fetched for host (host:port), opening the file read-only. ok is false when
// the crawl kept none for host (it did not reach it, or was made before
// states kept robots.txt files).
func ReadRobots(path, host string) (rf crawler.RobotsFile, ok bool, err error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return rf, false, fmt.Errorf("read crawl state %s: %w", path, ErrStateBusy)
	}
	if err != nil {
		return rf, false, fmt.Errorf("read crawl state %s: %w", path, err)
	}
	defer db.Close()
	var v []byte
	err = db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketRobots); b != nil {
			v = append(v, b.Get([]byte(host))...)
		}
		return nil
	})
	if err != nil || v == nil {
		return rf, false, err
	}
	var s storedRobots
	if err := json.Unmarshal(v, &s); err != nil {
		return rf, false, fmt.Errorf("read crawl state %s: robots.txt of %s: %w", path, host, err)
	}
	return crawler.RobotsFile{Status: s.Status, Failure: policy.ErrKind(s.Failure), Body: s.Body, Fetched: s.Fetched, Attempts: s.Attempts}, true, nil
}
