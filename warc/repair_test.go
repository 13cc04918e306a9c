package warc

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestRepairOpenEveryCut writes a small WARC file, then cuts copies of it at
// many points as a kill would, and checks that every repaired file passes
// Verify, keeps as many records as were whole, and lost the .open suffix.
func TestRepairOpenEveryCut(t *testing.T) {
	w := newTestWriter(t, WriterConfig{})
	for i := range 4 {
		u := fmt.Sprintf("https://example.org/%d", i)
		if _, err := w.WriteExchange(synthExchange(t, u, 200, randomBytes(300+i*100), testEpoch)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(w.Files()[0])
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prevRecords := 0
	var cuts []int
	for cut := 0; cut < len(whole); cut += 41 {
		cuts = append(cuts, cut)
	}
	for _, cut := range append(cuts, len(whole)) {
		path := filepath.Join(dir, fmt.Sprintf("cut-%05d.warc.gz.open", cut))
		data := append(whole[:cut:cut], []byte("\x1f\x8b torn")...) // a torn member after the cut
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := RepairOpen(path)
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Fatalf("cut %d: %s still there", cut, path)
		}
		if rep.Records < prevRecords {
			t.Fatalf("cut %d kept %d records, a shorter cut kept %d", cut, rep.Records, prevRecords)
		}
		prevRecords = rep.Records
		if rep.Records == 0 {
			if rep.To != "" {
				t.Fatalf("cut %d: empty file renamed to %s", cut, rep.To)
			}
			continue
		}
		if rep.Records%2 == 0 {
			t.Errorf("cut %d kept %d records: want warcinfo plus whole pairs", cut, rep.Records)
		}
		vr, err := Verify(rep.To)
		if err != nil || !vr.OK() || vr.Records != rep.Records {
			t.Errorf("cut %d: %v %+v (kept %d)", cut, err, vr, rep.Records)
		}
		if rep.Size+rep.Cut != int64(len(data)) {
			t.Errorf("cut %d: kept %d + cut %d != %d", cut, rep.Size, rep.Cut, len(data))
		}
	}
	if prevRecords != 9 {
		t.Errorf("the whole file kept %d records, want 9", prevRecords)
	}
}

func TestRepairOpenRefusesOtherFiles(t *testing.T) {
	if _, err := RepairOpen(filepath.Join(t.TempDir(), "x.warc.gz")); err == nil {
		t.Error("a file without .open was accepted")
	}
}
