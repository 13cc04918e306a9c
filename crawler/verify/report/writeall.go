package report

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/salvage-archive/salvage/crawler/verify"
)

// WriteAll writes r in every format into dir (which must exist), under the
// names of Format.FileName, and returns the path written for each format.
// Each file is written under a temporary name and renamed into place, so a
// failed run never leaves a half-written report behind.
func WriteAll(dir string, r *verify.Report) (map[Format]string, error) {
	if r == nil {
		return nil, errNilReport
	}
	paths := make(map[Format]string, len(Formats()))
	for _, f := range Formats() {
		path := filepath.Join(dir, f.FileName())
		if err := writeFile(path, f, r); err != nil {
			return paths, err
		}
		paths[f] = path
	}
	return paths, nil
}

// writeFile renders one format to path through a temporary file.
func writeFile(path string, f Format, r *verify.Report) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, removeIfPresent(tmp.Name()))
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := errors.Join(Write(bw, f, r), bw.Flush(), tmp.Chmod(0o644), tmp.Close()); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename %s: %w", path, err)
	}
	return nil
}

func removeIfPresent(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
