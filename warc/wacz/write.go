package wacz

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Version is the WACZ version written.
const Version = "1.1.1"

// ZipNumThreshold is the number of index lines above which Write uses the ZipNum
// form (indexes/index.cdx.gz and indexes/index.idx) instead of indexes/index.cdxj.
const ZipNumThreshold = 50000

// Config describes a package. Index lines must be sorted CDXJ lines whose filename
// fields are the base names of WARCs.
type Config struct {
	WARCs    []string // paths; stored under archive/ by base name
	Index    [][]byte
	ZipNum   bool // force the ZipNum index form (it is used anyway above ZipNumThreshold lines)
	Pages    []Page
	Title    string
	Software string
	Created  time.Time // zero: now
	// ZipNumIndex compresses the index; the caller supplies it (cdxj.ZipNum) so this
	// package stays independent of the index format. Nil disables ZipNum.
	ZipNumIndex func(lines [][]byte) (gz, idx []byte, err error)
}

// resource is one datapackage.json entry.
type resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Hash  string `json:"hash"`
	Bytes int64  `json:"bytes"`
}

// Write makes the package at path (written to path+".tmp" and renamed).
func Write(path string, cfg Config) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("create wacz: %w", err)
	}
	err = write(f, cfg)
	err = errors.Join(err, f.Close())
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write wacz %s: %w", path, err)
	}
	return nil
}

func write(out io.Writer, cfg Config) error {
	zw := zip.NewWriter(out)
	var res []resource
	for _, w := range cfg.WARCs {
		r, err := storeFile(zw, "archive/"+filepath.Base(w), w)
		if err != nil {
			return err
		}
		res = append(res, r)
	}
	idx, err := indexFiles(cfg)
	if err != nil {
		return err
	}
	for _, e := range append(idx, memFile{"pages/pages.jsonl", pagesJSONL(cfg.Pages), zip.Deflate}) {
		r, err := storeBytes(zw, e)
		if err != nil {
			return err
		}
		res = append(res, r)
	}
	dp, err := datapackage(cfg, res)
	if err != nil {
		return err
	}
	if _, err := storeBytes(zw, memFile{"datapackage.json", dp, zip.Deflate}); err != nil {
		return err
	}
	digest, _ := json.MarshalIndent(map[string]string{"path": "datapackage.json", "hash": sha256Of(dp)}, "", "  ")
	if _, err := storeBytes(zw, memFile{"datapackage-digest.json", digest, zip.Deflate}); err != nil {
		return err
	}
	return zw.Close()
}

// memFile is a package entry held in memory.
type memFile struct {
	name   string
	data   []byte
	method uint16
}

func indexFiles(cfg Config) ([]memFile, error) {
	if cfg.ZipNumIndex != nil && (cfg.ZipNum || len(cfg.Index) > ZipNumThreshold) {
		gz, idx, err := cfg.ZipNumIndex(cfg.Index)
		if err != nil {
			return nil, err
		}
		return []memFile{{"indexes/index.cdx.gz", gz, zip.Store}, {"indexes/index.idx", idx, zip.Store}}, nil
	}
	var b bytes.Buffer
	for _, l := range cfg.Index {
		b.Write(l)
		b.WriteByte('\n')
	}
	return []memFile{{"indexes/index.cdxj", b.Bytes(), zip.Store}}, nil
}

func pagesJSONL(pages []Page) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]string{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"})
	for i, p := range pages {
		line := struct {
			ID    string `json:"id"`
			URL   string `json:"url"`
			TS    string `json:"ts"`
			Title string `json:"title,omitempty"`
		}{"p" + strconv.Itoa(i+1), p.URL, p.Time.UTC().Format(time.RFC3339), p.Title}
		_ = enc.Encode(line)
	}
	return b.Bytes()
}

func datapackage(cfg Config, res []resource) ([]byte, error) {
	created := cfg.Created
	if created.IsZero() {
		created = time.Now()
	}
	ts := created.UTC().Format(time.RFC3339)
	dp := map[string]any{
		"profile": "data-package", "wacz_version": Version, "title": cfg.Title,
		"created": ts, "modified": ts, "software": cfg.Software, "resources": res,
	}
	if len(cfg.Pages) > 0 {
		dp["mainPageURL"] = cfg.Pages[0].URL
		dp["mainPageDate"] = cfg.Pages[0].Time.UTC().Format(time.RFC3339)
	}
	return json.MarshalIndent(dp, "", "  ")
}

func sha256Of(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

// storeBytes adds an in-memory entry.
func storeBytes(zw *zip.Writer, m memFile) (resource, error) {
	fh := &zip.FileHeader{Name: m.name, Method: m.method, Modified: time.Now().UTC()}
	fh.SetMode(0o644) // Unix attributes: unzip -Z lists "-rw-r--r--"
	w, err := zw.CreateHeader(fh)
	if err == nil {
		_, err = w.Write(m.data)
	}
	if err != nil {
		return resource{}, fmt.Errorf("add %s: %w", m.name, err)
	}
	return resource{filepath.Base(m.name), m.name, sha256Of(m.data), int64(len(m.data))}, nil
}

// storeFile adds a file in STORE mode with its sizes and CRC in the local header (no
// data descriptor), reading it twice: once to hash, once to copy.
func storeFile(zw *zip.Writer, name, path string) (resource, error) {
	f, err := os.Open(path)
	if err != nil {
		return resource{}, fmt.Errorf("add %s: %w", name, err)
	}
	defer f.Close()
	sh, crc := sha256.New(), crc32.NewIEEE()
	n, err := io.Copy(io.MultiWriter(sh, crc), f)
	if err != nil {
		return resource{}, fmt.Errorf("add %s: %w", name, err)
	}
	fh := &zip.FileHeader{Name: name, Method: zip.Store, CRC32: crc.Sum32(),
		CompressedSize64: uint64(n), UncompressedSize64: uint64(n), Modified: time.Now().UTC()}
	fh.SetMode(0o644)
	fh.SetModTime(fh.Modified) //nolint:staticcheck // CreateRaw writes the MS-DOS date fields as they are
	w, err := zw.CreateRaw(fh)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err == nil {
		var m int64
		m, err = io.Copy(w, f)
		if err == nil && m != n {
			err = fmt.Errorf("%s changed while packing (%d then %d bytes)", path, n, m)
		}
	}
	if err != nil {
		return resource{}, fmt.Errorf("add %s: %w", name, err)
	}
	return resource{filepath.Base(name), name, "sha256:" + hex.EncodeToString(sh.Sum(nil)), n}, nil
}
