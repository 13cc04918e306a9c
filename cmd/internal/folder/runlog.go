package folder

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/salvage-archive/salvage/crawler"
	"github.com/salvage-archive/salvage/warc"
)

// Each run of a crawl keeps its events in a file of its own under
// OUT/.salvage-runs: one JSON line per crawler event, with what the
// recorder wrote for it, between a start line and an end line. The folder's
// outputs are built from these files (Build), so they describe the whole
// crawl whichever runs wrote it. The journal syncs the file before the
// frontier marks a URL done (crawler.Syncer): a URL the state holds as done
// has its event here, whatever killed the process. A run killed before its
// end line ended "killed"; its file ends at its last complete line.

// RunsDir is the folder of the run files inside an output folder.
const RunsDir = ".salvage-runs"

// runLine is one line of a run file: exactly one field is set.
type runLine struct {
	Start   *time.Time     `json:"start,omitempty"`
	End     *runEnd        `json:"end,omitempty"`
	Event   *crawler.Event `json:"event,omitempty"`
	Capture *warc.Capture  `json:"capture,omitempty"` // with Event: the record the fetch wrote
}

type runEnd struct {
	Finished time.Time `json:"finished"`
	Ended    string    `json:"ended"` // Finished, Interrupted
}

// How a run ended.
const (
	Finished    = "finished"
	Interrupted = "interrupted"
	Killed      = "killed" // the run's file has no end line
)

// runFile is the run's event file, gzip-compressed and flushed on Sync.
// klauspost's gzip (the WARC writer's) at its fastest level and one JSON
// encoder writing into the buffer cost less than compress/gzip and a
// json.Marshal per line; the file is the same gzip and the same lines.
type runFile struct {
	f   *os.File
	z   *gzip.Writer
	b   *bufio.Writer
	enc *json.Encoder
	ok  bool // no write failed
}

func createRunFile(dir string, start time.Time) (*runFile, error) {
	rd := filepath.Join(dir, RunsDir)
	if err := os.MkdirAll(rd, 0o755); err != nil {
		return nil, fmt.Errorf("run log: %w", err)
	}
	name := filepath.Join(rd, "run-"+start.UTC().Format("20060102T150405.000000000Z")+".jsonl.gz"+openSuffix)
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run log: %w", err)
	}
	z, _ := gzip.NewWriterLevel(f, gzip.BestSpeed) // a valid level: no error
	rf := &runFile{f: f, z: z, b: bufio.NewWriterSize(z, 64<<10), ok: true}
	rf.enc = json.NewEncoder(rf.b)
	st := start.UTC()
	rf.put(runLine{Start: &st})
	return rf, rf.sync()
}

// put appends one line; a failure is remembered and returned by sync and close.
func (rf *runFile) put(l runLine) {
	err := rf.enc.Encode(l) // the line and its '\n', as json.Marshal would write it
	rf.ok = rf.ok && err == nil
}

func (rf *runFile) event(ev crawler.Event, c *warc.Capture) {
	if c != nil {
		cp := *c
		cp.Err = nil
		c = &cp
	}
	rf.put(runLine{Event: &ev, Capture: c})
}

// sync hands every line put so far to the operating system.
func (rf *runFile) sync() error {
	if err := errors.Join(rf.b.Flush(), rf.z.Flush()); err != nil || !rf.ok {
		return errors.Join(errors.New("run log: write failed"), err)
	}
	return nil
}

func (rf *runFile) close(end time.Time, ended string) error {
	rf.put(runLine{End: &runEnd{Finished: end.UTC(), Ended: ended}})
	name := rf.f.Name()
	err := errors.Join(rf.sync(), rf.z.Close(), rf.f.Close())
	if err == nil {
		err = os.Rename(name, strings.TrimSuffix(name, openSuffix))
	}
	return err
}

// openSuffix ends the name of a run file while its run writes it, as a WARC
// file's: a run file still named so after its run is a killed run's.
const openSuffix = ".open"

// runFiles lists a folder's run files, oldest first (their names sort by start).
func runFiles(dir string) []string {
	names, _ := filepath.Glob(filepath.Join(dir, RunsDir, "run-*.jsonl.gz*"))
	sort.Strings(names)
	return names
}

// readRun calls fn with each complete line of a run file in order. A file
// cut short (a killed run) ends at its last complete line without error.
func readRun(path string, fn func(runLine)) error {
	return readRunLines(path, func(b []byte) error {
		var l runLine
		err := json.Unmarshal(b, &l)
		if err == nil {
			fn(l)
		}
		return err
	})
}

// readRunLines calls decode with each complete line of a run file in order;
// decode's error says the line does not parse, which only the last line may
// (a run killed while it wrote the line).
func readRunLines(path string, decode func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil // killed before its first flush: nothing in it
	}
	r := bufio.NewReaderSize(z, 1<<20)
	var torn error // a line that does not parse: only the last line may be torn
	for {
		b, err := r.ReadBytes('\n')
		if len(b) > 0 && torn != nil {
			return fmt.Errorf("%s: %w", filepath.Base(path), torn)
		}
		if len(b) > 0 && b[len(b)-1] == '\n' {
			torn = decode(b)
		}
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil
			}
			return fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
	}
}

// LastRunKilled reports whether the folder's last run was killed (or the
// machine stopped) before it ended: its run file still has its open name,
// so files it appended to without syncing (index.cdxj) may have lost or
// torn lines. It reads no run file.
func LastRunKilled(dir string) bool {
	files := runFiles(dir)
	return len(files) > 0 && strings.HasSuffix(files[len(files)-1], openSuffix)
}
