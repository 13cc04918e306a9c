package cdxj

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// DefaultBlockLines is the number of CDXJ lines ZipNum puts in one gzip member
// (pywb and py-wacz use 3000).
const DefaultBlockLines = 3000

// ZipNum compresses sorted CDXJ lines in blocks of blockLines (DefaultBlockLines when
// 0 or less), each block its own gzip member, and returns that file (to be named
// gzName, e.g. "index.cdx.gz") and its secondary index (".idx"): a "!meta" line, then
// one line per block, "KEY TIMESTAMP {offset, length, digest, filename}" with the first
// key of the block, in the form ReplayWeb.page and pywb read.
func ZipNum(lines [][]byte, blockLines int, gzName string) (gz, idx []byte, err error) {
	if blockLines <= 0 {
		blockLines = DefaultBlockLines
	}
	var gzBuf, idxBuf bytes.Buffer
	meta, _ := json.Marshal(map[string]string{"format": "cdxj-gzip-1.0", "filename": gzName})
	fmt.Fprintf(&idxBuf, "!meta 0 %s\n", meta)
	for start := 0; start < len(lines); start += blockLines {
		block := lines[start:min(start+blockLines, len(lines))]
		off := gzBuf.Len()
		if err := gzipBlock(&gzBuf, block); err != nil {
			return nil, nil, err
		}
		member := gzBuf.Bytes()[off:]
		sum := sha256.Sum256(member)
		loc, _ := json.Marshal(struct {
			Offset   int    `json:"offset"`
			Length   int    `json:"length"`
			Digest   string `json:"digest"`
			Filename string `json:"filename"`
		}{off, len(member), "sha256:" + hex.EncodeToString(sum[:]), gzName})
		fmt.Fprintf(&idxBuf, "%s %s\n", keyAndTime(block[0]), loc)
	}
	return gzBuf.Bytes(), idxBuf.Bytes(), nil
}

func gzipBlock(buf *bytes.Buffer, block [][]byte) error {
	zw := gzip.NewWriter(buf)
	if err := WriteLines(zw, block); err != nil {
		return fmt.Errorf("zipnum block: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zipnum block: %w", err)
	}
	return nil
}

// keyAndTime is "KEY TIMESTAMP" of a CDXJ line.
func keyAndTime(line []byte) []byte {
	if i := bytes.Index(line, []byte(" {")); i >= 0 {
		return line[:i]
	}
	return line
}
