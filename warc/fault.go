package warc

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// FaultKind classifies damage the reader found in a file and stepped over.
type FaultKind int

// The kinds of damage. Every one means something in the file was not read as a record
// (or, for FaultShared, cannot be located by offset alone).
const (
	FaultUnreadable FaultKind = iota + 1 // the file holds no record at all (empty, not WARC)
	FaultCut                             // a record cut short by the end of the file
	FaultSkipped                         // bytes that are no record, or a damaged record, stepped over
	FaultShared                          // records share one gzip member: their offsets name the member
)

func (k FaultKind) String() string {
	switch k {
	case FaultUnreadable:
		return "unreadable"
	case FaultCut:
		return "truncated"
	case FaultSkipped:
		return "skipped"
	case FaultShared:
		return "shared-member"
	}
	return "fault"
}

// Fault is damage in a file: where it starts, its kind and what it is. Readers report
// it and go on with the next record.
type Fault struct {
	File   string
	Offset int64 // in the file: the cut record, the first byte skipped, the shared member
	Kind   FaultKind
	What   string // e.g. "record cut short: 120 of 5000 block bytes"
}

func (f *Fault) Error() string {
	return fmt.Sprintf("%s at offset %d: %s: %s", f.File, f.Offset, f.Kind, f.What)
}

// FilesRead is what reading a set of files found: the records read in each file and
// the faults stepped over. As an error (BuildIndex, cdxj.Build) it means at least one
// fault; the records read are kept all the same.
type FilesRead struct {
	Files   []string       // in the order read
	Records map[string]int // records read per file
	Faults  []*Fault       // in file order
	Errs    []error        // files that could not be opened at all
}

// NewFilesRead is an empty tally.
func NewFilesRead() *FilesRead { return &FilesRead{Records: map[string]int{}} }

// Start notes a file before its records are counted.
func (r *FilesRead) Start(file string) {
	r.Files = append(r.Files, file)
	r.Records[file] += 0
}

// Add counts what one step of a file's iteration gave: a record (err nil), a Fault, or
// an error that ended the file.
func (r *FilesRead) Add(file string, err error) {
	var f *Fault
	switch {
	case err == nil:
		r.Records[file]++
	case errors.As(err, &f):
		r.Faults = append(r.Faults, f)
	default:
		r.Errs = append(r.Errs, err)
	}
}

// Lost reports whether anything was skipped or cut short, or a file could not be
// read: every fault but FaultShared, whose records are all read.
func (r *FilesRead) Lost() bool {
	for _, f := range r.Faults {
		if f.Kind != FaultShared {
			return true
		}
	}
	return len(r.Errs) > 0
}

// Total is the number of records read in all files.
func (r *FilesRead) Total() int {
	n := 0
	for _, c := range r.Records {
		n += c
	}
	return n
}

// Err is r as an error, or nil when every file was read whole.
func (r *FilesRead) Err() error {
	if len(r.Faults) == 0 && len(r.Errs) == 0 {
		return nil
	}
	return r
}

func (r *FilesRead) Error() string {
	var parts []string
	for _, f := range r.Faults {
		parts = append(parts, f.Error())
	}
	for _, e := range r.Errs {
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}

// Unwrap gives the faults and errors, for errors.Is and errors.As.
func (r *FilesRead) Unwrap() []error {
	var errs []error
	for _, f := range r.Faults {
		errs = append(errs, f)
	}
	return append(errs, r.Errs...)
}

// Lines are the report of r: per damaged file, the records read and one line per
// fault; files read whole are not named.
func (r *FilesRead) Lines() []string {
	byFile := map[string][]*Fault{}
	for _, f := range r.Faults {
		byFile[f.File] = append(byFile[f.File], f)
	}
	var out []string
	for _, file := range r.Files {
		faults := byFile[file]
		if len(faults) == 0 {
			continue
		}
		sort.SliceStable(faults, func(a, b int) bool { return faults[a].Offset < faults[b].Offset })
		out = append(out, fmt.Sprintf("%s: %d records read, %d fault(s)", file, r.Records[file], len(faults)))
		for _, f := range faults {
			out = append(out, fmt.Sprintf("%s at offset %d: %s: %s", file, f.Offset, f.Kind, f.What))
		}
	}
	for _, e := range r.Errs {
		out = append(out, e.Error())
	}
	return out
}

// Nothing says, in one line, why no record could be read: per file, its first fault.
func (r *FilesRead) Nothing() string {
	first := map[string]*Fault{}
	for _, f := range r.Faults {
		if first[f.File] == nil {
			first[f.File] = f
		}
	}
	var parts []string
	for _, file := range r.Files {
		if f := first[file]; f != nil {
			parts = append(parts, fmt.Sprintf("%s at offset %d: %s", file, f.Offset, f.What))
		}
	}
	for _, e := range r.Errs {
		parts = append(parts, e.Error())
	}
	return "no WARC record could be read: " + strings.Join(parts, "; ")
}
