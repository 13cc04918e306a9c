package cdxj

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSortFileSpills: a file larger than the chunk is sorted in runs on disk
// (more than one merge pass's worth) with the same result as sorting it in
// memory, and the runs are gone afterwards.
func TestSortFileSpills(t *testing.T) {
	for _, chunk := range []int{1, 300, 5000, 1 << 20} {
		t.Run(fmt.Sprint(chunk), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "index.cdxj")
			r := rand.New(rand.NewPCG(1, uint64(chunk)))
			var lines []string
			for i := range 2000 {
				l := fmt.Sprintf("org,example)/p%d %014d {\"url\":\"https://example.org/p%d\"}", r.IntN(500), r.IntN(50), i%7)
				lines = append(lines, l)
				if i%97 == 0 {
					lines = append(lines, "") // empty lines are dropped
				}
			}
			if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := sortFile(path, chunk); err != nil {
				t.Fatal(err)
			}
			want := SortLines(bytes.Split([]byte(strings.Join(lines, "\n")), []byte("\n")))
			var buf bytes.Buffer
			WriteLines(&buf, want)
			if got, _ := os.ReadFile(path); !bytes.Equal(got, buf.Bytes()) {
				t.Errorf("chunk %d: sorted file differs from the in-memory sort (%d vs %d bytes)", chunk, len(got), buf.Len())
			}
			if names, _ := filepath.Glob(filepath.Join(dir, "*")); !slices.Equal(names, []string{path}) {
				t.Errorf("left behind: %v", names)
			}
		})
	}
}

func TestSortFileEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.cdxj")
	if err := os.WriteFile(path, []byte("\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := sortFile(path, 10); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || len(got) != 0 {
		t.Errorf("got %q, %v; want an empty file", got, err)
	}
}
