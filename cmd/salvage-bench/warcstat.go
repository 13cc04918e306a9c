package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/klauspost/compress/gzip"
)

// warcStat counts what one WARC file holds.
type warcStat struct {
	captures int   // response and revisit records
	pages    int   // of them, with an HTTP Content-Type of text/html
	gzipped  int   // responses with a gzip Content-Encoding (both crawlers must ask alike)
	bytes    int64 // file size
}

// countWARC reads a (multi-member) gzipped WARC file record by record: the
// WARC headers, then Content-Length bytes of block, of which only the HTTP
// header is looked at. Both crawlers are counted by the same code.
func countWARC(path string) (warcStat, error) {
	f, err := os.Open(path)
	if err != nil {
		return warcStat{}, err
	}
	defer f.Close()
	st, _ := f.Stat()
	s := warcStat{bytes: st.Size()}
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	for {
		typ, length, err := readWARCHeader(br)
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return s, fmt.Errorf("%s: %w", path, err)
		}
		if err := s.add(br, typ, length); err != nil {
			return s, fmt.Errorf("%s: %w", path, err)
		}
	}
}

// add counts one record and skips its block and the blank lines after it.
func (s *warcStat) add(br *bufio.Reader, typ string, length int64) error {
	block := io.LimitReader(br, length)
	if typ == "response" || typ == "revisit" {
		s.captures++
		if typ == "response" {
			html, gz := httpHead(block)
			if html {
				s.pages++
			}
			if gz {
				s.gzipped++
			}
		}
	}
	if _, err := io.Copy(io.Discard, block); err != nil {
		return err
	}
	_, err := br.Discard(4) // CRLF CRLF
	return err
}

// readWARCHeader reads one record's header block up to its blank line.
func readWARCHeader(br *bufio.Reader) (typ string, length int64, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return "", 0, err // io.EOF between records: the end
	}
	if !bytes.HasPrefix(line, []byte("WARC/")) {
		return "", 0, fmt.Errorf("record does not start with WARC/: %q", line)
	}
	length = -1
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return "", 0, fmt.Errorf("warc header: %w", err)
		}
		name, value, ok := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(":"))
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			if length < 0 {
				return "", 0, fmt.Errorf("record without Content-Length")
			}
			return typ, length, nil
		case !ok:
		case bytes.EqualFold(name, []byte("WARC-Type")):
			typ = string(bytes.TrimSpace(value))
		case bytes.EqualFold(name, []byte("Content-Length")):
			length, err = strconv.ParseInt(string(bytes.TrimSpace(value)), 10, 64)
			if err != nil {
				return "", 0, fmt.Errorf("content-length %q", value)
			}
		}
	}
}

// httpHead reads the HTTP header of a response block and reports whether its
// Content-Type is text/html and its Content-Encoding gzip.
func httpHead(block io.Reader) (html, gzipped bool) {
	hr := bufio.NewReaderSize(block, 4096)
	for {
		line, err := hr.ReadSlice('\n')
		if err != nil || len(bytes.TrimSpace(line)) == 0 {
			return html, gzipped
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		name, value = bytes.TrimSpace(name), bytes.ToLower(bytes.TrimSpace(value))
		switch {
		case !ok:
		case bytes.EqualFold(name, []byte("Content-Type")):
			html = bytes.HasPrefix(value, []byte("text/html"))
		case bytes.EqualFold(name, []byte("Content-Encoding")):
			gzipped = bytes.Contains(value, []byte("gzip"))
		}
	}
}
