package warc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/nlnwa/gowarc/v3"
)

// placed is where a record was written: the file's base name, the offset and size of
// its gzip member.
type placed struct {
	file         string
	offset, size int64
}

// write appends records to the current file, each naming the others in
// WARC-Concurrent-To, after rotating if they would overflow it. It runs under w.mu and
// takes ownership of recs.
func (w *Writer) write(recs ...gowarc.WarcRecord) ([]placed, error) {
	defer closeAll(recs...)
	if err := w.makeRoom(estimate(recs)); err != nil {
		return nil, err
	}
	for _, r := range recs {
		r.WarcHeader().Set(gowarc.WarcWarcinfoID, w.cur.infoID)
	}
	addConcurrentTo(recs)
	return w.append(recs...)
}

// addConcurrentTo links records written together, as gowarc's file writer does.
func addConcurrentTo(recs []gowarc.WarcRecord) {
	for i, r := range recs {
		for j, other := range recs {
			if i != j {
				r.WarcHeader().AddId(gowarc.WarcConcurrentTo, other.WarcHeader().GetId(gowarc.WarcRecordID))
			}
		}
	}
}

// append marshals records to the end of the open file, one gzip member each, in one
// buffered write when they fit. A failed write stops the Writer.
func (w *Writer) append(recs ...gowarc.WarcRecord) ([]placed, error) {
	at := w.cur.size
	res := make([]placed, len(recs))
	w.buf.Reset(w.cur.f)
	defer w.buf.Reset(nil)
	for i, r := range recs {
		out := &countWriter{w: w.buf}
		_, _, err := w.marshal.Marshal(out, r, 0)
		res[i] = placed{file: w.cur.name, offset: w.cur.size, size: out.n}
		w.cur.size += out.n
		if err != nil {
			return nil, w.fail(at, err)
		}
	}
	if err := w.buf.Flush(); err != nil {
		return nil, w.fail(at, err)
	}
	return res, nil
}

// estimate bounds the compressed size of records by their uncompressed size.
func estimate(recs []gowarc.WarcRecord) int64 {
	var n int64
	for _, r := range recs {
		l, _ := r.ContentLength()
		n += l + recordOverhead
	}
	return n
}

// makeRoom rotates when the records would push a file that already holds captures past
// MaxSize, then opens a file if none is open. A record larger than MaxSize gets a file
// of its own.
func (w *Writer) makeRoom(size int64) error {
	if c := w.cur; c != nil && c.size > c.infoEnd && c.size+size > w.cfg.MaxSize {
		if err := w.rotate(); err != nil {
			return err
		}
	}
	if w.cur == nil {
		return w.open()
	}
	return nil
}

// open creates a new ".open" file and writes its warcinfo record.
func (w *Writer) open() error {
	now := w.cfg.Clock()
	name := w.names.next(now)
	info, err := w.warcinfoRecord(name, now)
	if err != nil {
		return fmt.Errorf("warcinfo for %s: %w", name, err)
	}
	defer closeAll(info)
	path := filepath.Join(w.cfg.Dir, name+openSuffix)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
	if err != nil {
		w.err = fmt.Errorf("create warc %s: %w", name, err)
		return w.err
	}
	w.cur = &openFile{name: name, path: path, f: f, infoID: info.WarcHeader().Get(gowarc.WarcRecordID)}
	w.files = append(w.files, filepath.Join(w.cfg.Dir, name))
	if _, err := w.append(info); err != nil {
		return err
	}
	w.cur.infoEnd = w.cur.size
	return nil
}

// rotate closes the current file and renames it without ".open".
func (w *Writer) rotate() error {
	if w.cur == nil {
		return nil
	}
	c := w.cur
	w.cur = nil
	if err := finishFile(c.f, c.path, filepath.Join(w.cfg.Dir, c.name)); err != nil {
		w.err = fmt.Errorf("close warc %s: %w", c.name, err)
		return w.err
	}
	return nil
}

// finishFile closes f and renames it from open to final, then syncs the directory so
// the rename survives a crash.
func finishFile(f *os.File, open, final string) error {
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(open, final); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(final))
	if err != nil {
		return err
	}
	if err := dir.Sync(); err != nil {
		_ = dir.Close()
		return err
	}
	return dir.Close()
}

// fail stops the Writer after a write error. The file is closed and cut back to keep
// bytes (where this write began), so it ends with its last complete record (a torn gzip
// member would hang some readers), or removed if nothing complete is left.
func (w *Writer) fail(keep int64, cause error) error {
	c := w.cur
	w.cur = nil
	w.err = fmt.Errorf("write warc %s: %w", c.name, cause)
	errs := []error{w.err}
	path := filepath.Join(w.cfg.Dir, c.name)
	if err := finishFile(c.f, c.path, path); err != nil {
		errs = append(errs, err)
	}
	if err := cutTail(path, keep); err != nil {
		errs = append(errs, err)
	}
	if keep == 0 {
		w.files = slices.DeleteFunc(w.files, func(f string) bool { return f == path })
	}
	return errors.Join(errs...)
}

// cutTail finishes a failed file: renamed without ".open" if finishFile could not, truncated
// to keep bytes, or removed when keep is 0.
func cutTail(path string, keep int64) error {
	if _, err := os.Stat(path + openSuffix); err == nil {
		if err := os.Rename(path+openSuffix, path); err != nil {
			return fmt.Errorf("finish failed warc: %w", err)
		}
	}
	if keep == 0 {
		return os.Remove(path)
	}
	if err := os.Truncate(path, keep); err != nil {
		return fmt.Errorf("cut torn record: %w", err)
	}
	return nil
}
