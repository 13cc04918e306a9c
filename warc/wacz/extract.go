package wacz

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ExtractWARCs copies the WARC files of a package's archive/ into dir and returns
// their paths. Entry names are reduced to their base name, so nothing is written
// outside dir.
func ExtractWARCs(waczPath, dir string) ([]string, error) {
	zr, err := zip.OpenReader(waczPath)
	if err != nil {
		return nil, fmt.Errorf("open wacz %s: %w", waczPath, err)
	}
	defer zr.Close()
	var out []string
	for _, zf := range zr.File {
		name := path.Base(zf.Name)
		if !strings.HasPrefix(zf.Name, "archive/") || !(strings.HasSuffix(name, ".warc") || strings.HasSuffix(name, ".warc.gz")) {
			continue
		}
		dst := filepath.Join(dir, name)
		if err := extract(zf, dst); err != nil {
			return out, fmt.Errorf("extract %s from %s: %w", zf.Name, waczPath, err)
		}
		out = append(out, dst)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("wacz %s: no WARC file in archive/", waczPath)
	}
	return out, nil
}

func extract(zf *zip.File, dst string) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	// At most the size the zip directory declares: an entry that inflates
	// past it (a zip bomb, or a lying directory) is refused, not copied on.
	n, err := io.Copy(f, io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err == nil && uint64(n) > zf.UncompressedSize64 {
		err = fmt.Errorf("entry inflates past its declared %d bytes", zf.UncompressedSize64)
	}
	return errors.Join(err, f.Close())
}
