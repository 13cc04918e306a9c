package wacz

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Fault is one thing wrong with a package.
type Fault struct {
	Where string // the entry, e.g. "datapackage.json" or "indexes/index.cdxj line 3"
	What  string
}

func (f Fault) String() string { return f.Where + ": " + f.What }

// Check validates a WACZ package: the ZIP, STORE mode for archive/ and compressed
// indexes, datapackage.json (profile, version, the size and sha256 of every resource,
// no unlisted file), datapackage-digest.json, pages/pages.jsonl (url and RFC 3339 ts on
// every line), and every index line (sorted, naming a WARC of archive/ and an offset
// and length where a WARC record of that URL starts). An error means the file could not
// be read at all.
func Check(path string) ([]Fault, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open wacz: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("open wacz: %w", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return []Fault{{path, "not a readable ZIP: " + err.Error()}}, nil
	}
	c := &checker{zr: zr, ra: f, files: map[string]*zip.File{}}
	c.run()
	return c.faults, nil
}

type checker struct {
	zr     *zip.Reader
	ra     io.ReaderAt
	files  map[string]*zip.File
	faults []Fault
}

func (c *checker) fault(where, format string, a ...any) {
	c.faults = append(c.faults, Fault{where, fmt.Sprintf(format, a...)})
}

func (c *checker) run() {
	for _, zf := range c.zr.File {
		c.files[zf.Name] = zf
		stored := strings.HasPrefix(zf.Name, "archive/") || strings.HasSuffix(zf.Name, ".cdx.gz") || strings.HasSuffix(zf.Name, ".idx")
		if stored && !strings.HasSuffix(zf.Name, "/") && zf.Method != zip.Store {
			c.fault(zf.Name, "compressed with method %d; WACZ needs STORE for archive/ and compressed indexes", zf.Method)
		}
	}
	c.datapackage()
	c.pages()
	c.indexes()
}

func (c *checker) read(name string) ([]byte, bool) {
	zf, ok := c.files[name]
	if !ok {
		c.fault(name, "missing")
		return nil, false
	}
	rc, err := zf.Open()
	if err != nil {
		c.fault(name, "unreadable: %v", err)
		return nil, false
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		c.fault(name, "unreadable: %v", err)
		return nil, false
	}
	return b, true
}

func (c *checker) datapackage() {
	raw, ok := c.read("datapackage.json")
	if !ok {
		return
	}
	var dp struct {
		Profile     string     `json:"profile"`
		WACZVersion string     `json:"wacz_version"`
		Resources   []resource `json:"resources"`
	}
	if err := json.Unmarshal(raw, &dp); err != nil {
		c.fault("datapackage.json", "not JSON: %v", err)
		return
	}
	if dp.Profile != "data-package" {
		c.fault("datapackage.json", "profile is %q, not \"data-package\"", dp.Profile)
	}
	if dp.WACZVersion == "" {
		c.fault("datapackage.json", "no wacz_version")
	}
	listed := map[string]bool{}
	for _, r := range dp.Resources {
		listed[r.Path] = true
		c.resource(r)
	}
	for name := range c.files {
		if !strings.HasSuffix(name, "/") && name != "datapackage.json" && name != "datapackage-digest.json" && !listed[name] {
			c.fault(name, "in the ZIP but not listed in datapackage.json")
		}
	}
	c.digest(raw)
}

func (c *checker) resource(r resource) {
	zf, ok := c.files[r.Path]
	if !ok {
		c.fault("datapackage.json", "resource %q is not in the ZIP", r.Path)
		return
	}
	if int64(zf.UncompressedSize64) != r.Bytes {
		c.fault(r.Path, "datapackage.json says %d bytes, the file has %d", r.Bytes, zf.UncompressedSize64)
	}
	rc, err := zf.Open()
	if err != nil {
		c.fault(r.Path, "unreadable: %v", err)
		return
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); errors.Is(err, zip.ErrChecksum) {
		c.fault(r.Path, "content corrupted: the ZIP CRC-32 does not match")
	} else if err != nil {
		c.fault(r.Path, "unreadable: %v", err)
		return
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != r.Hash {
		c.fault(r.Path, "hash mismatch: datapackage.json says %s, the file has %s", r.Hash, got)
	}
}

func (c *checker) digest(dp []byte) {
	raw, ok := c.read("datapackage-digest.json")
	if !ok {
		return
	}
	var d struct{ Path, Hash string }
	if err := json.Unmarshal(raw, &d); err != nil {
		c.fault("datapackage-digest.json", "not JSON: %v", err)
		return
	}
	if d.Path != "datapackage.json" {
		c.fault("datapackage-digest.json", "path is %q, not datapackage.json", d.Path)
	}
	if got := sha256Of(dp); d.Hash != got {
		c.fault("datapackage-digest.json", "hash %s does not match datapackage.json (%s)", d.Hash, got)
	}
}

func (c *checker) pages() {
	raw, ok := c.read("pages/pages.jsonl")
	if !ok {
		return
	}
	for i, line := range bytes.Split(raw, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		where := "pages/pages.jsonl line " + strconv.Itoa(i+1)
		var p struct{ Format, URL, TS string }
		if err := json.Unmarshal(line, &p); err != nil {
			c.fault(where, "not JSON: %v", err)
			continue
		}
		if i == 0 && p.Format != "" {
			continue
		}
		if p.URL == "" {
			c.fault(where, "no url")
		}
		if _, err := time.Parse(time.RFC3339, p.TS); err != nil {
			c.fault(where, "ts %q is not RFC 3339", p.TS)
		}
	}
}

// indexes checks every CDXJ index (plain, or ZipNum via its .cdx.gz).
func (c *checker) indexes() {
	n := 0
	for name := range c.files {
		switch {
		case strings.HasPrefix(name, "indexes/") && strings.HasSuffix(name, ".cdxj"):
			if raw, ok := c.read(name); ok {
				c.indexLines(name, raw)
			}
		case strings.HasPrefix(name, "indexes/") && strings.HasSuffix(name, ".cdx.gz"):
			if raw, ok := c.read(name); ok {
				c.gzIndex(name, raw)
			}
		default:
			continue
		}
		n++
	}
	if n == 0 {
		c.fault("indexes/", "no CDXJ index")
	}
}

func (c *checker) gzIndex(name string, raw []byte) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		c.fault(name, "not gzip: %v", err)
		return
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		c.fault(name, "not gzip: %v", err)
		return
	}
	c.indexLines(name, b)
}

func (c *checker) indexLines(name string, raw []byte) {
	var prev []byte
	for i, line := range bytes.Split(raw, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		where := fmt.Sprintf("%s line %d", name, i+1)
		if prev != nil && bytes.Compare(prev, line) > 0 {
			c.fault(where, "not sorted bytewise after the line before")
		}
		prev = line
		c.indexLine(where, line)
	}
}

// indexLine checks that a CDXJ line points at a WARC record of its URL.
func (c *checker) indexLine(where string, line []byte) {
	j := bytes.Index(line, []byte(" {"))
	if j < 0 {
		c.fault(where, "not a CDXJ line")
		return
	}
	var f struct{ URL, Filename, Offset, Length string }
	if err := json.Unmarshal(line[j+1:], &f); err != nil {
		c.fault(where, "JSON: %v", err)
		return
	}
	zf, ok := c.files["archive/"+f.Filename]
	if !ok {
		c.fault(where, "filename %q is not in archive/", f.Filename)
		return
	}
	off, err1 := strconv.ParseInt(f.Offset, 10, 64)
	length, err2 := strconv.ParseInt(f.Length, 10, 64)
	if err1 != nil || err2 != nil || off < 0 || length <= 0 || off+length > int64(zf.UncompressedSize64) {
		c.fault(where, "offset %q length %q out of archive/%s (%d bytes)", f.Offset, f.Length, f.Filename, zf.UncompressedSize64)
		return
	}
	if zf.Method != zip.Store {
		return
	}
	if msg := c.recordAt(zf, off, length, f.URL); msg != "" {
		c.fault(where, "%s", msg)
	}
}

// recordAt reads the record at off in a stored WARC and says what is wrong with it.
func (c *checker) recordAt(zf *zip.File, off, length int64, url string) string {
	start, err := zf.DataOffset()
	if err != nil {
		return err.Error()
	}
	var r io.Reader = io.NewSectionReader(c.ra, start+off, length)
	if strings.HasSuffix(zf.Name, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Sprintf("no gzip member at offset %d of %s: %v", off, zf.Name, err)
		}
		zr.Multistream(false)
		r = zr
	}
	head, err := readWARCHead(r)
	if err != nil {
		return fmt.Sprintf("no WARC record at offset %d of %s: %v", off, zf.Name, err)
	}
	if !strings.Contains(head, "WARC-Target-URI: "+url) && !strings.Contains(head, "WARC-Target-URI: <"+url+">") {
		return fmt.Sprintf("the record at offset %d of %s is not of %s", off, zf.Name, url)
	}
	return ""
}

func readWARCHead(r io.Reader) (string, error) {
	br := bufio.NewReader(io.LimitReader(r, 64<<10))
	var b strings.Builder
	for {
		line, err := br.ReadString('\n')
		if b.Len() == 0 && !strings.HasPrefix(line, "WARC/") {
			return "", fmt.Errorf("starts with %q", strings.TrimSpace(line))
		}
		b.WriteString(strings.TrimRight(line, "\r\n") + "\n")
		if strings.TrimSpace(line) == "" || err != nil {
			if err != nil && err != io.EOF {
				return "", err
			}
			return b.String(), nil
		}
	}
}
