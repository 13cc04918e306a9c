package warc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// TestRotationNeverSplitsPairs: with a small MaxSize the Writer rotates between pairs,
// every file opens with warcinfo and stays within MaxSize, names follow the pattern with
// consecutive serials, and every capture points at its record.
func TestRotationNeverSplitsPairs(t *testing.T) {
	const maxSize = 12 << 10
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir, MaxSize: maxSize})
	clock := testClock()
	var caps []Capture
	for i := range 24 {
		ex := synthExchange(t, fmt.Sprintf("http://example.org/%d", i), 200, randomBytes(3000), clock())
		c, err := w.WriteExchange(ex)
		if err != nil {
			t.Fatal(err)
		}
		caps = append(caps, c)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := checkDir(t, dir)
	if len(files) < 4 {
		t.Fatalf("%d files, want rotation", len(files))
	}
	name := regexp.MustCompile(`^test-\d{17}-(\d{5})-testhost\.warc\.gz$`)
	for i, f := range files {
		m := name.FindStringSubmatch(filepath.Base(f))
		if m == nil || m[1] != fmt.Sprintf("%05d", i) {
			t.Errorf("file %d named %s", i, filepath.Base(f))
		}
		if fi, _ := os.Stat(f); fi.Size() > maxSize {
			t.Errorf("%s has %d bytes, over %d", filepath.Base(f), fi.Size(), maxSize)
		}
		recs := readAll(t, f)
		if recs[0].Type != "warcinfo" || recs[0].Get("WARC-Filename") != filepath.Base(f) {
			t.Errorf("%s starts with %s for %q", filepath.Base(f), recs[0].Type, recs[0].Get("WARC-Filename"))
		}
		for _, r := range recs[1:] {
			if r.Get("WARC-Warcinfo-ID") != recs[0].ID {
				t.Errorf("%s %s refers to warcinfo %s, not %s", r.Type, r.ID, r.Get("WARC-Warcinfo-ID"), recs[0].ID)
			}
		}
	}
	if got := w.Files(); len(got) != len(files) {
		t.Errorf("Files() = %d files, want %d", len(got), len(files))
	}
	for _, c := range caps {
		checkCaptureLocates(t, dir, c)
	}
}

// checkCaptureLocates reads the record a capture points at, by offset, as a CDXJ index would.
func checkCaptureLocates(t *testing.T, dir string, c Capture) {
	t.Helper()
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReader(filepath.Join(dir, c.File), c.Offset)
	gowarcMu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	gr, err := r.Next()
	if err != nil {
		t.Fatalf("record of %s at %s:%d: %v", c.URL, c.File, c.Offset, err)
	}
	defer gr.Close()
	h := gr.WarcRecord.WarcHeader()
	if h.Get(gowarc.WarcTargetURI) != c.URL || h.Get(gowarc.WarcRecordID) != c.RecordID || gr.Size != c.Size {
		t.Errorf("capture %s %s size %d points at %s %s size %d", c.URL, c.RecordID, c.Size,
			h.Get(gowarc.WarcTargetURI), h.Get(gowarc.WarcRecordID), gr.Size)
	}
}

// TestRevisitForIdenticalPayload: a 2xx payload seen before becomes a revisit record;
// truncated, non-2xx and empty payloads are always archived in full.
func TestRevisitForIdenticalPayload(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir, Index: NewMemoryIndex()})
	clock := testClock()
	same := []byte("<html>the same page</html>")
	write := func(url string, status int, body []byte, truncated string) Capture {
		ex := synthExchange(t, url, status, body, clock())
		ex.Truncated = truncated
		c, err := w.WriteExchange(ex)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := write("http://a.example/", 200, same, "")
	second := write("http://b.example/", 200, same, "")
	cut := write("http://c.example/", 200, same, TruncatedLength)
	missing := write("http://d.example/", 404, same, "")
	write("http://e.example/", 200, nil, "")
	empty := write("http://f.example/", 200, nil, "")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if first.Revisit || !second.Revisit || cut.Revisit || missing.Revisit || empty.Revisit {
		t.Fatalf("revisit flags: %v %v %v %v %v", first.Revisit, second.Revisit, cut.Revisit, missing.Revisit, empty.Revisit)
	}
	if second.RefersTo != first.RecordID || second.RefersToURI != first.URL || !second.RefersToDate.Equal(first.Date) ||
		second.PayloadDigest != first.PayloadDigest {
		t.Errorf("revisit %+v does not refer to %+v", second, first)
	}
	recs := recordsIn(t, dir)
	rv := byType(recs, "revisit")
	if len(rv) != 1 || len(byType(recs, "response")) != 5 {
		t.Fatalf("%d revisits, %d responses", len(rv), len(byType(recs, "response")))
	}
	want := map[string]string{
		"WARC-Profile":              gowarc.ProfileIdenticalPayloadDigestV1_1,
		"WARC-Refers-To":            first.RecordID,
		"WARC-Refers-To-Target-URI": "http://a.example/",
		"WARC-Refers-To-Date":       formatDate(first.Date),
		"WARC-Payload-Digest":       sha1Digest(same),
		"WARC-Target-URI":           "http://b.example/",
	}
	for k, v := range want {
		if got := rv[0].Get(k); got != v {
			t.Errorf("revisit %s = %q, want %q", k, got, v)
		}
	}
	if !bytes.HasPrefix(rv[0].block, []byte("HTTP/1.1 200 OK\r\n")) || !bytes.HasSuffix(rv[0].block, []byte("\r\n\r\n")) {
		t.Errorf("revisit block is not the header block: %q", rv[0].block)
	}
}

// failingWriter passes the first n bytes through and then fails, as a full disk does.
type failingWriter struct {
	w   io.Writer
	n   int
	hit func()
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	k, _ := f.w.Write(p[:f.n])
	f.n = 0
	if f.hit != nil {
		f.hit()
	}
	return k, errors.New("no space left on device (injected)")
}

// TestWriteErrorLeavesValidFiles: a write failing in the middle of a record stops the
// Writer with an error; the file is closed without ".open", its torn tail (and the
// half-written pair) cut, and every earlier record readable.
func TestWriteErrorLeavesValidFiles(t *testing.T) {
	tests := []struct {
		name      string
		failCall  int // which marshal call fails, counting from the one the hook is set before
		failAfter int // bytes it writes first
	}{
		{"request", 1, 10},
		{"response", 2, 150 << 10}, // gzip has flushed part of the record to disk
		{"warcinfo of a new file", 1, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			w := newTestWriter(t, WriterConfig{Dir: dir})
			clock := testClock()
			for i := range 3 {
				if _, err := w.WriteExchange(synthExchange(t, fmt.Sprintf("http://ok.example/%d", i), 200, []byte("fine"), clock())); err != nil {
					t.Fatal(err)
				}
			}
			if strings.HasPrefix(tt.name, "warcinfo") {
				if err := w.Rotate(); err != nil {
					t.Fatal(err)
				}
			}
			var tornSize int64
			calls := 0
			w.mu.Lock()
			w.wrapOutput = func(out io.Writer) io.Writer {
				if calls++; calls != tt.failCall {
					return out
				}
				return &failingWriter{w: out, n: tt.failAfter, hit: func() { tornSize = openSize(t, dir) }}
			}
			w.mu.Unlock()

			_, err := w.WriteExchange(synthExchange(t, "http://big.example/", 200, randomBytes(400<<10), clock()))
			if err == nil || !strings.Contains(err.Error(), "no space left") {
				t.Fatalf("write error %v", err)
			}
			if _, err := w.WriteExchange(synthExchange(t, "http://after.example/", 200, nil, clock())); !errors.Is(err, ErrWriterFailed) {
				t.Errorf("write after failure: %v", err)
			}
			if err := w.WriteMetadata("http://after.example/", clock(), "", nil); !errors.Is(err, ErrWriterFailed) {
				t.Errorf("metadata after failure: %v", err)
			}
			if err := w.Close(); err != nil {
				t.Errorf("close: %v", err)
			}
			files := warcFiles(t, dir)
			if fi, err := os.Stat(files[0]); err != nil || tt.failAfter > 1<<10 && fi.Size() >= tornSize {
				t.Errorf("file has %d bytes after the cut, %d when the write failed", fi.Size(), tornSize)
			}
			if len(files) != 1 || len(w.Files()) != 1 {
				t.Errorf("files %v, Files() %v, want only the first", files, w.Files())
			}
			recs := recordsIn(t, dir)
			if n := len(byType(recs, "response")); n != 3 {
				t.Errorf("%d responses survive, want 3", n)
			}
			for _, r := range recs {
				if strings.Contains(r.TargetURI, "big.example") || strings.Contains(r.TargetURI, "after.example") {
					t.Errorf("%s record of %s survived", r.Type, r.TargetURI)
				}
			}
		})
	}
}

// openSize returns the size of the ".open" file in dir.
func openSize(t *testing.T, dir string) int64 {
	matches, _ := filepath.Glob(filepath.Join(dir, "*"+openSuffix))
	if len(matches) != 1 {
		t.Errorf("open files: %v", matches)
		return 0
	}
	fi, err := os.Stat(matches[0])
	if err != nil {
		t.Error(err)
		return 0
	}
	return fi.Size()
}

// TestWarcinfo checks the fields of the warcinfo record.
func TestWarcinfo(t *testing.T) {
	dir := t.TempDir()
	cfg := map[string]any{"seeds": []string{"https://minusma.unmissions.org/"}, "maxHops": 3}
	w := newTestWriter(t, WriterConfig{
		Dir: dir, Software: "salvage/0.1", Operator: "Archive Team", Description: "MINUSMA",
		IsPartOf: "minusma-2026", Robots: "obey", Config: cfg,
	})
	if _, err := w.WriteExchange(synthExchange(t, "http://a.example/", 200, []byte("x"), testEpoch)); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	info := recordsIn(t, dir)[0]
	fields := string(info.block)
	for _, want := range []string{
		"software: salvage/0.1\r\n", "format: WARC File Format 1.1\r\n",
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
		"hostname: testhost\r\n", "operator: Archive Team\r\n", "description: MINUSMA\r\n",
		"isPartOf: minusma-2026\r\n", "robots: obey\r\n",
	} {
		if !strings.Contains(fields, want) {
			t.Errorf("warcinfo lacks %q:\n%s", want, fields)
		}
	}
	_, js, _ := strings.Cut(fields, "json: ")
	var back map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(js)), &back); err != nil || back["maxHops"] != 3.0 {
		t.Errorf("json field %q: %v", js, err)
	}
	if info.Get("WARC-Date") != "2026-03-01T12:00:00.000Z" || info.Get("Content-Type") != "application/warc-fields" {
		t.Errorf("warcinfo date %q type %q", info.Get("WARC-Date"), info.Get("Content-Type"))
	}
}

// TestMetadataRecord writes an outlink list.
func TestMetadataRecord(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	c, err := w.WriteExchange(synthExchange(t, "http://a.example/", 200, []byte("x"), testEpoch))
	if err != nil {
		t.Fatal(err)
	}
	fields := [][2]string{
		{"via", "http://seed.example/"}, {"hopsFromSeed", "LLE"},
		{"outlink", "http://a.example/y L a/@href"}, {"outlink", "http://a.example/z\r\nE img/@src"},
	}
	if err := w.WriteMetadata(c.URL, c.Date, c.RecordID, fields); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	md := byType(recordsIn(t, dir), "metadata")
	want := "via: http://seed.example/\r\nhopsFromSeed: LLE\r\noutlink: http://a.example/y L a/@href\r\noutlink: http://a.example/z E img/@src\r\n"
	if len(md) != 1 || string(md[0].block) != want || md[0].Get("WARC-Refers-To") != c.RecordID ||
		md[0].TargetURI != c.URL || md[0].Get("Content-Type") != "application/warc-fields" {
		t.Fatalf("metadata records %+v", md)
	}
}

// TestDeterministicOutput: with a fixed clock and record IDs the files are byte-identical.
func TestDeterministicOutput(t *testing.T) {
	write := func() []byte {
		dir := t.TempDir()
		w := newTestWriter(t, WriterConfig{Dir: dir, Config: map[string]int{"n": 1}})
		for i := range 3 {
			if _, err := w.WriteExchange(synthExchange(t, fmt.Sprintf("http://a.example/%d", i), 200, []byte("same"), testEpoch)); err != nil {
				t.Fatal(err)
			}
		}
		_ = w.Close()
		files := warcFiles(t, dir)
		b, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(write(), write()) {
		t.Error("two identical runs wrote different bytes")
	}
}

// TestWriterLifecycle: Close is idempotent, leaves no ".open", and refuses later writes;
// sha256 digests are base32 too.
func TestWriterLifecycle(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir, Digest: DigestSHA256})
	c, err := w.WriteExchange(synthExchange(t, "http://a.example/", 200, []byte("x"), testEpoch))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^sha256:[A-Z2-7]{52}$`).MatchString(c.PayloadDigest) {
		t.Errorf("sha256 payload digest %q", c.PayloadDigest)
	}
	for range 2 {
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.WriteExchange(synthExchange(t, "http://b.example/", 200, nil, testEpoch)); !errors.Is(err, ErrClosed) {
		t.Errorf("write after close: %v", err)
	}
	checkDir(t, dir)
	if _, err := NewWriter(WriterConfig{Dir: dir, Digest: "md5"}); err == nil {
		t.Error("md5 accepted")
	}
}

// TestSpoolMovesToDisk: a response larger than the memory limit is spooled to a file and
// archived whole.
func TestSpoolMovesToDisk(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	body := randomBytes(3 << 20)
	ex := synthExchange(t, "http://big.example/", 200, body, time.Time{})
	if ex.Response.Bytes() != nil {
		t.Fatal("3 MiB response still in memory")
	}
	c, err := w.WriteExchange(ex)
	if err != nil {
		t.Fatal(err)
	}
	if c.PayloadDigest != sha1Digest(body) || c.PayloadLength != int64(len(body)) {
		t.Errorf("capture %+v", c)
	}
	_ = w.Close()
	checkDir(t, dir)
}

// TestNoIndexNoRevisit: without an Index a repeated payload is archived in full.
func TestNoIndexNoRevisit(t *testing.T) {
	dir := t.TempDir()
	w := newTestWriter(t, WriterConfig{Dir: dir})
	clock := testClock()
	same := []byte("<html>the same page</html>")
	for _, url := range []string{"http://a.example/", "http://b.example/"} {
		c, err := w.WriteExchange(synthExchange(t, url, 200, same, clock()))
		if err != nil {
			t.Fatal(err)
		}
		if c.Revisit {
			t.Errorf("%s: revisit without an index", url)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs := recordsIn(t, dir)
	if rv, resp := len(byType(recs, "revisit")), len(byType(recs, "response")); rv != 0 || resp != 2 {
		t.Errorf("%d revisits, %d responses; want 0 and 2", rv, resp)
	}
}

// TestWarcFieldsFixes: names lose colons, white space and line breaks; values lose line breaks.
func TestWarcFieldsFixes(t *testing.T) {
	got := string(warcFields([][2]string{{"a:b c\td", "x\r\ny\nz\rw"}, {"plain", "v"}}))
	if want := "a-b-c-d: x y z w\r\nplain: v\r\n"; got != want {
		t.Errorf("warcFields = %q, want %q", got, want)
	}
}
