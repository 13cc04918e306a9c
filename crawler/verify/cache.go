package verify

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/salvage-archive/salvage/policy"
)

// ErrCorruptCache is returned by OpenCache for a file that is not a link
// cache or has a line that does not decode. The cache is never silently
// discarded: the path may be wrong, and appending to someone else's file
// would damage it. Delete the file to start afresh.
var ErrCorruptCache = errors.New("corrupt link cache")

// cacheHeader is the first line of every cache file.
const cacheHeader = `{"salvage":"link-cache","version":1}`

// Cache keeps check results between runs so a re-run does not hit every host
// again. ok and redirected results are fresh for okAge, every other class
// for failAge. It is safe for concurrent use by one process.
//
// On disk it is a JSON-lines file: a header line, then one Result per line
// (without page bodies), appended as results come. The newest line of a URL
// wins. A last line cut short by a crash is dropped on open; any other bad
// line is ErrCorruptCache. On open, a file holding more dead lines
// (superseded or expired) than live ones is rewritten.
type Cache struct {
	path           string
	okAge, failAge time.Duration
	now            func() time.Time

	mu      sync.Mutex
	f       *os.File
	entries map[string]Result
	err     error // the first write error, returned by Close
}

// OpenCache opens or creates the cache file at path (its folder is created).
// okAge defaults to 24h, failAge to 10m.
func OpenCache(path string, okAge, failAge time.Duration) (*Cache, error) {
	c := &Cache{path: path, okAge: okAge, failAge: failAge, now: time.Now, entries: make(map[string]Result)}
	if c.okAge <= 0 {
		c.okAge = 24 * time.Hour
	}
	if c.failAge <= 0 {
		c.failAge = 10 * time.Minute
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open link cache %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open link cache %s: %w", path, err)
	}
	c.f = f
	lines, err := c.load()
	if err == nil && lines > 2*len(c.entries) {
		err = c.compact()
	}
	if err != nil {
		_ = c.f.Close()
		return nil, fmt.Errorf("open link cache %s: %w", path, err)
	}
	return c, nil
}

// load reads the file into entries and returns how many result lines it has.
func (c *Cache) load() (int, error) {
	r := bufio.NewReader(c.f)
	var good int64
	lines := 0
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return lines, c.endAt(good, n == 1 && strings.HasPrefix(cacheHeader, string(line)))
		}
		if err != nil {
			return lines, err
		}
		if err := c.decode(n, line); err != nil {
			return lines, err
		}
		good += int64(len(line))
		if n > 1 {
			lines++
		}
	}
}

// decode takes line n of the file.
func (c *Cache) decode(n int, line []byte) error {
	line = bytes.TrimSpace(line)
	if n == 1 {
		if string(line) != cacheHeader {
			return fmt.Errorf("%w: line 1 is not %s (delete the file to start afresh)", ErrCorruptCache, cacheHeader)
		}
		return nil
	}
	var r Result
	if err := json.Unmarshal(line, &r); err != nil || r.URL == "" {
		return fmt.Errorf("%w: line %d: %v (delete the file to start afresh)", ErrCorruptCache, n, err)
	}
	if c.fresh(r, c.now()) {
		c.entries[r.URL] = r
	} else {
		delete(c.entries, r.URL)
	}
	return nil
}

// endAt cuts a torn last line (no newline: a crash mid-write) at good, and
// writes the header into a new file (empty, or with a torn header).
func (c *Cache) endAt(good int64, fresh bool) error {
	if fresh {
		if err := c.f.Truncate(0); err != nil {
			return err
		}
		_, err := c.f.WriteString(cacheHeader + "\n")
		return err
	}
	if good == 0 {
		return fmt.Errorf("%w: line 1 is not %s (delete the file to start afresh)", ErrCorruptCache, cacheHeader)
	}
	return c.f.Truncate(good)
}

// compact rewrites the file with the live entries only.
func (c *Cache) compact() error {
	tmp, err := os.CreateTemp(filepath.Dir(c.path), filepath.Base(c.path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename it is already gone
	w := bufio.NewWriter(tmp)
	w.WriteString(cacheHeader + "\n")
	for _, r := range c.entries {
		b, err := json.Marshal(r)
		if err != nil {
			tmp.Close()
			return err
		}
		w.Write(append(b, '\n'))
	}
	if err := errors.Join(w.Flush(), tmp.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), c.path); err != nil {
		return err
	}
	_ = c.f.Close()
	c.f, err = os.OpenFile(c.path, os.O_RDWR|os.O_APPEND, 0o644)
	return err
}

// fresh: ok and redirected results live okAge, everything else failAge.
func (c *Cache) fresh(r Result, now time.Time) bool {
	age := c.failAge
	if r.Class == policy.ClassOK || r.Class == policy.ClassRedirected {
		age = c.okAge
	}
	return now.Sub(r.CheckedAt) < age
}

// Get returns the fresh result for url, marked Cached.
func (c *Cache) Get(url string) (Result, bool) {
	if c == nil {
		return Result{}, false
	}
	return c.getAt(url, c.now())
}

// getAt is Get at the checker's clock; a nil cache holds nothing.
func (c *Cache) getAt(url string, now time.Time) (Result, bool) {
	if c == nil {
		return Result{}, false
	}
	c.mu.Lock()
	r, ok := c.entries[url]
	c.mu.Unlock()
	if !ok || !c.fresh(r, now) {
		return Result{}, false
	}
	r.Cached = true
	return clone(r), true
}

// Put stores r under r.URL, without the page and probe bodies. A write error
// is kept and returned by Close; the entry is still served from memory. Put
// on a nil or closed cache does nothing.
func (c *Cache) Put(r Result) {
	if c == nil || r.URL == "" {
		return
	}
	r = stripped(r)
	b, err := json.Marshal(r)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.f == nil {
		return
	}
	c.entries[r.URL] = r
	if err == nil {
		_, err = c.f.Write(append(b, '\n')) // one write per line: lines stay whole
	}
	if err != nil && c.err == nil {
		c.err = fmt.Errorf("write link cache %s: %w", c.path, err)
	}
}

func stripped(r Result) Result {
	r = clone(r)
	r.Cached = false
	r.Observation.Body = ""
	if p := r.Observation.Probe; p != nil {
		cp := *p
		cp.Body = ""
		r.Observation.Probe = &cp
	}
	return r
}

// Close closes the file and returns the first write error, if any.
func (c *Cache) Close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.f == nil {
		return c.err
	}
	err := c.f.Close()
	c.f = nil
	return errors.Join(c.err, err)
}
