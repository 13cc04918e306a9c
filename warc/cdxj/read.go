package cdxj

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
)

// ParseLine reads one CDXJ line ("KEY TIMESTAMP {json}") back into a Record:
// the fields Line writes, with status, offset and length as strings (warcio.js)
// or numbers (other indexers), and a timestamp of 4 to 14 digits (the missing
// digits are the earliest). Digest is as written (no algorithm prefix added).
func ParseLine(line string) (Record, error) {
	_, rest, ok := strings.Cut(line, " ")
	ts, obj, ok2 := strings.Cut(rest, " ")
	if !ok || !ok2 || !strings.HasPrefix(obj, "{") || !isDigits(ts, 4, 14) {
		return Record{}, ErrNotIndex
	}
	t, err := time.Parse("20060102150405", ts+"00000101000000"[len(ts):])
	if err != nil {
		return Record{}, fmt.Errorf("timestamp %q: %w", ts, err)
	}
	var f struct {
		URL, Mime, Digest, Filename, Method string
		Body                                string `json:"requestBody"`
		Status, Length, Offset              number
	}
	if err := json.Unmarshal([]byte(obj), &f); err != nil {
		return Record{}, fmt.Errorf("%w: %v", ErrNotIndex, err)
	}
	return Record{
		URL: f.URL, Time: t, Mime: f.Mime, Status: int(f.Status), Digest: f.Digest,
		Length: int64(f.Length), Offset: int64(f.Offset), Filename: f.Filename, Method: f.Method, RequestBody: f.Body,
	}, nil
}

// number is an index field written as a JSON string ("200") or number (200);
// "-" or "" is 0.
type number int64

func (n *number) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "-" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	*n = number(v)
	return err
}

// Read yields the Record of every CDXJ line of r, with its 1-based line
// number; empty lines are skipped. A line that does not parse is yielded as a
// *CheckError (Err: ErrNotIndex, or the parse error) and reading goes on.
func Read(r io.Reader) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		s := bufio.NewScanner(r)
		s.Buffer(make([]byte, 64<<10), 16<<20)
		for n := 1; s.Scan(); n++ {
			if len(s.Bytes()) == 0 {
				continue
			}
			rec, err := ParseLine(s.Text())
			if err != nil {
				err = &CheckError{Line: n, Err: err}
			}
			if !yield(rec, err) {
				return
			}
		}
		if err := s.Err(); err != nil {
			yield(Record{}, err)
		}
	}
}
