package frontier

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped drops the state file's pages from this process's resident
// set after a commit (MADV_DONTNEED on bbolt's read-only shared mapping:
// the pages stay in the page cache and fault back in when read). Without it
// every page a crawl ever touched counts as resident, and a frontier of a
// million URLs would cost its whole file size in RSS.
func releaseMapped(db *bolt.DB, size int64) {
	if size <= 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, db.Info().Data, uintptr(size), uintptr(syscall.MADV_DONTNEED))
}
