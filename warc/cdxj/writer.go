package cdxj

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Writer appends CDXJ lines to a file as captures are written, in arrival order;
// Close sorts the file. It is safe for concurrent use.
type Writer struct {
	mu   sync.Mutex
	path string
	f    *os.File
	bw   *bufio.Writer
	key  KeyFunc
	err  error
}

// Create opens path for appending (a crawl that resumes keeps its lines).
func Create(path string, key KeyFunc) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open cdxj: %w", err)
	}
	return &Writer{path: path, f: f, bw: bufio.NewWriter(f), key: key}, nil
}

// Add writes the line of r; the first write error is kept and returned by Close.
func (w *Writer) Add(r Record) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return
	}
	if _, err := w.bw.WriteString(r.Line(w.key) + "\n"); err != nil {
		w.err = fmt.Errorf("write cdxj %s: %w", w.path, err)
	}
}

// Close flushes the file and sorts it bytewise.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	err := errors.Join(w.err, w.bw.Flush(), w.f.Close())
	if err != nil {
		return err
	}
	return SortFile(w.path)
}

// SortLines drops empty lines and sorts the others bytewise.
func SortLines(lines [][]byte) [][]byte {
	lines = slices.DeleteFunc(lines, func(l []byte) bool { return len(l) == 0 })
	slices.SortFunc(lines, bytes.Compare)
	return lines
}

func writeLines(path string, lines [][]byte) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	err = WriteLines(f, lines)
	return errors.Join(err, f.Close())
}

// WriteLines writes each line followed by a newline.
func WriteLines(w io.Writer, lines [][]byte) error {
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		bw.Write(l)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
