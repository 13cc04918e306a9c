package warc

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMemLimit is how many bytes a Spool keeps in memory before moving to a temporary file.
const spoolMemLimit = 1 << 20

// Spool buffers a byte stream of unknown length: in memory up to 1 MiB, then in a
// temporary file, so a large response is never held whole in memory. It is not safe
// for concurrent use. Close removes the temporary file.
type Spool struct {
	dir  string
	mem  []byte
	file *os.File
	size int64
	err  error
}

// NewSpool returns an empty Spool whose temporary file, if one is needed, is created in
// dir ("" means os.TempDir()).
func NewSpool(dir string) *Spool {
	return &Spool{dir: dir}
}

// Write appends p. After a failed write every later write fails with the same error.
func (s *Spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil && len(s.mem)+len(p) <= spoolMemLimit {
		s.mem = append(s.mem, p...)
		s.size += int64(len(p))
		return len(p), nil
	}
	if s.file == nil {
		if s.err = s.spill(); s.err != nil {
			return 0, s.err
		}
	}
	n, err := s.file.Write(p)
	s.size += int64(n)
	if err != nil {
		s.err = fmt.Errorf("spool write: %w", err)
	}
	return n, s.err
}

// spill moves the in-memory bytes to a new temporary file.
func (s *Spool) spill() error {
	f, err := os.CreateTemp(s.dir, "salvage-spool-*")
	if err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	// Unlink at once where the OS allows it: the open descriptor keeps the data and a
	// crash leaves nothing behind. Close removes it otherwise.
	_ = os.Remove(f.Name())
	if _, err := f.Write(s.mem); err != nil {
		_ = f.Close()
		return fmt.Errorf("spool write: %w", err)
	}
	s.file, s.mem = f, nil
	return nil
}

// Size returns the number of bytes written.
func (s *Spool) Size() int64 { return s.size }

// Err returns the first write error, if any.
func (s *Spool) Err() error { return s.err }

// Reader returns a reader of the bytes from offset off to the current end.
func (s *Spool) Reader(off int64) io.Reader {
	off = min(max(off, 0), s.size)
	if s.file == nil {
		return bytes.NewReader(s.mem[off:])
	}
	return io.NewSectionReader(s.file, off, s.size-off)
}

// Bytes returns the content when it is still in memory, and nil otherwise.
func (s *Spool) Bytes() []byte {
	if s.file != nil {
		return nil
	}
	return s.mem
}

// Close releases the memory and removes the temporary file. It is idempotent.
func (s *Spool) Close() error {
	s.mem, s.size = nil, 0
	if s.file == nil {
		return nil
	}
	f := s.file
	s.file = nil
	err := f.Close()
	if rerr := os.Remove(f.Name()); rerr != nil && !os.IsNotExist(rerr) && err == nil {
		err = rerr
	}
	return err
}
