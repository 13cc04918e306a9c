package warc

import (
	"bytes"
	"io"
	"os"
	"slices"
	"testing"
)

// TestSpool: bytes past 1 MiB go to a temporary file that leaves nothing behind.
func TestSpool(t *testing.T) {
	dir := t.TempDir()
	sp := NewSpool(dir)
	data := randomBytes(spoolMemLimit + 12345)
	for chunk := range slices.Chunk(data, 64<<10) {
		if _, err := sp.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if sp.Bytes() != nil || sp.Size() != int64(len(data)) {
		t.Fatalf("in memory: %v, size %d", sp.Bytes() != nil, sp.Size())
	}
	got, err := io.ReadAll(sp.Reader(100))
	if err != nil || !bytes.Equal(got, data[100:]) {
		t.Fatalf("read back %d bytes, err %v", len(got), err)
	}
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if err := sp.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}
