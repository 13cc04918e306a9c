package warc

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/nlnwa/gowarc/v3"
)

// write appends records to the current file in one gowarc call (so they reference each
// other with WARC-Concurrent-To), after rotating if they would overflow it. It runs
// under w.mu and takes ownership of recs.
func (w *Writer) write(recs ...gowarc.WarcRecord) ([]gowarc.WriteResponse, error) {
	if err := w.makeRoom(estimate(recs)); err != nil {
		closeAll(recs...)
		return nil, err
	}
	for _, r := range recs {
		r.WarcHeader().Set(gowarc.WarcWarcinfoID, w.cur.infoID)
	}
	res := w.fw.Write(recs...)
	if err := writeErr(res, len(recs)); err != nil {
		closeAll(recs...)
		return nil, w.fail(res, err)
	}
	if err := w.updateSize(); err != nil {
		return nil, w.fail(res, err)
	}
	return res, nil
}

// writeErr returns the first error of a gowarc write of n records.
func writeErr(res []gowarc.WriteResponse, n int) error {
	if len(res) != n {
		return errors.New("gowarc writer is closed")
	}
	for _, r := range res {
		if r.Err != nil {
			return r.Err
		}
	}
	return nil
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

// open starts a new file with its warcinfo record.
func (w *Writer) open() error {
	now := w.cfg.Clock()
	name := w.names.next(now)
	info, err := w.warcinfoRecord(name, now)
	if err != nil {
		return fmt.Errorf("warcinfo for %s: %w", name, err)
	}
	infoID := info.WarcHeader().Get(gowarc.WarcRecordID)
	res := w.fw.Write(info)
	if err := writeErr(res, 1); err != nil {
		closeAll(info)
		return w.fail(res, err)
	}
	w.cur = &openFile{name: res[0].FileName, path: filepath.Join(w.cfg.Dir, res[0].FileName+openSuffix), infoID: infoID}
	w.files = append(w.files, filepath.Join(w.cfg.Dir, res[0].FileName))
	if err := w.updateSize(); err != nil {
		return w.fail(res, err)
	}
	w.cur.infoEnd = w.cur.size
	return nil
}

// updateSize reads the size of the open file.
func (w *Writer) updateSize() error {
	fi, err := os.Stat(w.cur.path)
	if err != nil {
		return err
	}
	w.cur.size = fi.Size()
	return nil
}

// rotate closes the current file, which gowarc renames without ".open".
func (w *Writer) rotate() error {
	if w.cur == nil {
		return nil
	}
	name := w.cur.name
	w.cur = nil
	if err := w.fw.Rotate(); err != nil {
		w.err = fmt.Errorf("close warc %s: %w", name, err)
		return w.err
	}
	return nil
}

// fail stops the Writer after a write error. The file is closed and cut back to where
// this write began, so it ends with its last complete record (a torn gzip member would
// hang some readers), or removed if nothing complete is left.
func (w *Writer) fail(res []gowarc.WriteResponse, cause error) error {
	name := ""
	if len(res) > 0 {
		name = res[0].FileName
	}
	w.err = fmt.Errorf("write warc %s: %w", name, cause)
	errs := []error{w.err}
	w.cur = nil
	if err := w.fw.Rotate(); err != nil {
		errs = append(errs, err)
	}
	if name != "" {
		path := filepath.Join(w.cfg.Dir, name)
		if err := cutTail(path, res[0].FileOffset); err != nil {
			errs = append(errs, err)
		}
		if res[0].FileOffset == 0 {
			w.files = slices.DeleteFunc(w.files, func(f string) bool { return f == path })
		}
	}
	return errors.Join(errs...)
}

// cutTail finishes a failed file: renamed without ".open" if gowarc could not, truncated
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

// hookMarshaler lets tests interpose on the bytes gowarc marshals (to inject a failing
// disk); otherwise it is gowarc's own marshaler.
type hookMarshaler struct {
	w     *Writer
	inner gowarc.Marshaler
}

func (m hookMarshaler) Marshal(out io.Writer, r gowarc.WarcRecord, maxSize int64) (gowarc.WarcRecord, int64, error) {
	if wrap := m.w.wrapOutput; wrap != nil {
		out = wrap(out)
	}
	return m.inner.Marshal(out, r, maxSize)
}
