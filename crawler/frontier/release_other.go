//go:build !linux

package frontier

import bolt "go.etcd.io/bbolt"

// releaseMapped is a no-op where madvise is not wired up.
func releaseMapped(*bolt.DB, int64) {}
