package main

import (
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// boltKV is bbolt as crawler/frontier.Bolt opens it: no fsync at commit, no
// freelist sync, one bucket a table, the queue filled to 90%, and the mapped
// pages released after each commit (frontier's releaseMapped).
type boltKV struct {
	db *bolt.DB
	tx *bolt.Tx
}

func openBolt(path string) (*boltKV, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, NoSync: true, NoFreelistSync: true})
	if err != nil {
		return nil, err
	}
	b := &boltKV{db: db}
	if err := b.begin(); err != nil {
		db.Close()
		return nil, err
	}
	for _, t := range []byte{tabSeen, tabQueue, tabInFlight, tabMeta} {
		if _, err := b.tx.CreateBucketIfNotExists([]byte{t}); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func (b *boltKV) begin() error {
	tx, err := b.db.Begin(true)
	if err != nil {
		return err
	}
	if q := tx.Bucket([]byte{tabQueue}); q != nil {
		q.FillPercent = 0.9
	}
	b.tx = tx
	return nil
}

func (b *boltKV) bucket(k []byte) *bolt.Bucket { return b.tx.Bucket(k[:1]) }

func (b *boltKV) get(k []byte) ([]byte, error) { return b.bucket(k).Get(k[1:]), nil }
func (b *boltKV) put(k, v []byte) error        { return b.bucket(k).Put(k[1:], v) }
func (b *boltKV) del(k []byte) error           { return b.bucket(k).Delete(k[1:]) }

func (b *boltKV) first(prefix []byte) ([]byte, []byte, error) {
	c := b.bucket(prefix).Cursor()
	k, v := c.Seek(prefix[1:])
	if k == nil || len(k) < len(prefix)-1 || string(k[:len(prefix)-1]) != string(prefix[1:]) {
		return nil, nil, nil
	}
	return append(prefix[:1:1], k...), append([]byte(nil), v...), nil
}

func (b *boltKV) commit() error {
	size := b.tx.Size()
	if err := b.tx.Commit(); err != nil {
		return err
	}
	if size > 0 {
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, b.db.Info().Data, uintptr(size), uintptr(syscall.MADV_DONTNEED))
	}
	return b.begin()
}

func (b *boltKV) close() error {
	if err := b.tx.Commit(); err != nil {
		return err
	}
	return b.db.Close()
}
