package cdxj

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// sortChunk is how many bytes of lines SortFile sorts in memory at once; a
// larger file is sorted in runs written beside it, then merged (Merge), so
// memory stays flat however large the crawl's index grows.
const sortChunk = 1 << 20

// mergeFanIn bounds how many runs one merge reads at a time (each costs a
// scanner buffer); more runs are merged in several passes.
const mergeFanIn = 16

// SortFile sorts the lines of a text file bytewise (as LC_ALL=C sort),
// dropping empty lines, and replaces it atomically.
func SortFile(path string) error {
	return sortFile(path, sortChunk)
}

func sortFile(path string, chunk int) error {
	s := &spill{path: path}
	defer s.removeRuns()
	if err := s.writeRuns(chunk); err != nil {
		return fmt.Errorf("sort cdxj: %w", err)
	}
	for len(s.runs) > mergeFanIn {
		if err := s.mergeRuns(mergeFanIn); err != nil {
			return fmt.Errorf("sort cdxj: %w", err)
		}
	}
	if err := s.mergeInto(path+".sorting", s.runs); err != nil {
		return fmt.Errorf("sort cdxj: %w", err)
	}
	if err := os.Rename(path+".sorting", path); err != nil {
		return fmt.Errorf("sort cdxj: %w", err)
	}
	return nil
}

// spill is the sorted runs of one SortFile, named PATH.runN.
type spill struct {
	path string
	runs []string
	n    int
}

func (s *spill) nextRun() string {
	s.n++
	return fmt.Sprintf("%s.run%d", s.path, s.n)
}

func (s *spill) removeRuns() {
	for _, r := range s.runs {
		os.Remove(r)
	}
}

// writeRuns cuts the file into sorted runs of about chunk bytes each.
func (s *spill) writeRuns(chunk int) error {
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var lines [][]byte
	size := 0
	for sc.Scan() {
		if len(sc.Bytes()) == 0 {
			continue
		}
		lines = append(lines, bytes.Clone(sc.Bytes()))
		if size += len(sc.Bytes()); size >= chunk {
			if err := s.writeRun(lines); err != nil {
				return err
			}
			lines, size = lines[:0], 0
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return s.writeRun(lines)
}

func (s *spill) writeRun(lines [][]byte) error {
	if len(lines) == 0 && len(s.runs) > 0 {
		return nil
	}
	run := s.nextRun()
	s.runs = append(s.runs, run)
	return writeLines(run, SortLines(lines))
}

// mergeRuns replaces the first k runs with their merge.
func (s *spill) mergeRuns(k int) error {
	run := s.nextRun()
	if err := s.mergeInto(run, s.runs[:k]); err != nil {
		return err
	}
	for _, r := range s.runs[:k] {
		os.Remove(r)
	}
	s.runs = append(s.runs[k:], run)
	return nil
}

func (s *spill) mergeInto(out string, runs []string) error {
	var readers []io.Reader
	for _, r := range runs {
		f, err := os.Open(r)
		if err != nil {
			return err
		}
		defer f.Close()
		readers = append(readers, f)
	}
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	return errors.Join(Merge(w, readers...), w.Close())
}
