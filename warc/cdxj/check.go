package cdxj

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrNotIndex and ErrUnsorted are why Check refuses an input.
var (
	ErrNotIndex = errors.New("not a CDXJ or CDX index line")
	ErrUnsorted = errors.New("sorts before the line above it")
)

// CheckError says where an input stops being a sorted index.
type CheckError struct {
	Line int   // 1-based
	Err  error // ErrNotIndex or ErrUnsorted
}

func (e *CheckError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *CheckError) Unwrap() error { return e.Err }

// Check reads r to its end and reports, as a *CheckError, the first line that
// is not a CDXJ line ("KEY TIMESTAMP {json}"), a CDX line (a key, a 14-digit
// timestamp and at least seven more fields) or the CDX header (" CDX ..."), or
// that sorts bytewise before the line above it, as Merge needs. Empty lines
// are skipped, as Merge skips them.
func Check(r io.Reader) error {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 16<<20)
	var prev []byte
	for n := 1; s.Scan(); n++ {
		line := s.Bytes()
		if len(line) == 0 {
			continue
		}
		if !isIndexLine(string(line), n) {
			return &CheckError{Line: n, Err: ErrNotIndex}
		}
		if prev != nil && bytes.Compare(line, prev) < 0 {
			return &CheckError{Line: n, Err: ErrUnsorted}
		}
		prev = append(prev[:0], line...)
	}
	return s.Err()
}

// isIndexLine reports whether line n of a file reads as a CDXJ or CDX line.
func isIndexLine(line string, n int) bool {
	if n == 1 && strings.HasPrefix(line, " CDX ") {
		return true
	}
	key, rest, ok := strings.Cut(line, " ")
	if !ok || key == "" {
		return false
	}
	ts, rest, ok := strings.Cut(rest, " ")
	if ok && strings.HasPrefix(rest, "{") {
		return isDigits(ts, 4, 14) && json.Valid([]byte(rest))
	}
	return ok && isDigits(ts, 14, 14) && len(strings.Fields(rest)) >= 7
}

func isDigits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
