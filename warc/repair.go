package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Repair is what RepairOpen did to a WARC file left open by a killed writer.
type Repair struct {
	From, To string // the .open file and the name it was finished under ("" when removed)
	Records  int    // complete records kept
	Size     int64  // bytes kept
	Cut      int64  // bytes of torn tail removed
}

// RepairOpen finishes a WARC file that a killed writer left with the ".open"
// suffix: it keeps the gzip members that each hold one complete WARC record,
// cuts off everything after the last of them, and renames the file without
// ".open". A file with no complete record is removed.
func RepairOpen(path string) (Repair, error) {
	rep := Repair{From: path}
	if !strings.HasSuffix(path, openSuffix) {
		return rep, fmt.Errorf("repair %s: not a %s file", path, openSuffix)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return rep, fmt.Errorf("repair %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return rep, fmt.Errorf("repair %s: %w", path, err)
	}
	rep.Size, rep.Records, err = completeMembers(f)
	if err != nil {
		return rep, fmt.Errorf("repair %s: %w", path, err)
	}
	rep.Cut = st.Size() - rep.Size
	if rep.Records == 0 {
		f.Close()
		return rep, os.Remove(path)
	}
	if err := f.Truncate(rep.Size); err != nil {
		return rep, fmt.Errorf("repair %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return rep, fmt.Errorf("repair %s: %w", path, err)
	}
	rep.To = strings.TrimSuffix(path, openSuffix)
	return rep, os.Rename(path, rep.To)
}

// member is one gzip member that holds one whole WARC record.
type member struct {
	end        int64 // offset just past it
	typ, id    string
	concurrent []string
}

// completeMembers returns the offset just past the last gzip member that
// holds a whole WARC record, dropping a trailing request or response whose
// partner (WARC-Concurrent-To) did not make it to the file.
func completeMembers(r io.Reader) (end int64, records int, err error) {
	ms := readMembers(r)
	for len(ms) > 0 && unpartnered(ms) {
		ms = ms[:len(ms)-1]
	}
	if len(ms) == 0 {
		return 0, 0, nil
	}
	return ms[len(ms)-1].end, len(ms), nil
}

func readMembers(r io.Reader) []member {
	cr := &countingReader{r: r}
	br := bufio.NewReader(cr)
	zr := new(gzip.Reader)
	var ms []member
	for {
		if _, err := br.Peek(1); err != nil {
			return ms // clean end of file
		}
		if err := zr.Reset(br); err != nil {
			return ms // torn or foreign gzip header
		}
		zr.Multistream(false)
		m, ok := wholeRecord(zr)
		if !ok {
			return ms
		}
		m.end = cr.n - int64(br.Buffered())
		ms = append(ms, m)
	}
}

// unpartnered reports whether the last member is a request, response or
// revisit that no other member names, and that names none of them.
func unpartnered(ms []member) bool {
	last := ms[len(ms)-1]
	switch last.typ {
	case "request", "response", "revisit":
	default:
		return false
	}
	for _, m := range ms[:len(ms)-1] {
		if slices.Contains(m.concurrent, last.id) || slices.Contains(last.concurrent, m.id) {
			return false
		}
	}
	return true
}

// wholeRecord reads one decompressed member and checks that it is a WARC
// record whose block is as long as its Content-Length says.
func wholeRecord(zr *gzip.Reader) (member, bool) {
	var head bytes.Buffer
	br := bufio.NewReader(zr)
	for {
		line, err := br.ReadBytes('\n')
		head.Write(line)
		if err != nil {
			return member{}, false
		}
		if bytes.Equal(line, []byte("\r\n")) {
			break
		}
	}
	if !bytes.HasPrefix(head.Bytes(), []byte("WARC/")) {
		return member{}, false
	}
	fields := headerFields(head.String())
	n, err := strconv.ParseInt(first(fields["content-length"]), 10, 64)
	if err != nil || n < 0 {
		return member{}, false
	}
	got, err := io.Copy(io.Discard, br)
	if err != nil && !errors.Is(err, io.EOF) {
		return member{}, false // checksum error, unexpected EOF: torn
	}
	m := member{typ: first(fields["warc-type"]), id: first(fields["warc-record-id"]), concurrent: fields["warc-concurrent-to"]}
	return m, got == n+4 // the block, then CRLF CRLF
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// headerFields parses "Name: value" lines, keyed by lower-case name.
func headerFields(head string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(head, "\r\n") {
		name, v, ok := strings.Cut(line, ":")
		if ok {
			k := strings.ToLower(strings.TrimSpace(name))
			out[k] = append(out[k], strings.TrimSpace(v))
		}
	}
	return out
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
