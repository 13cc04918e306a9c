// Command storebench runs the Bolt frontier's storage workload on bbolt and
// on pebble, to choose the embedded store with a measurement (issue 4):
//
//	make bench-store                 # both stores, 1,000,000 URLs, each in its own process (STORE_ROUNDS=3: medians)
//	go run . -n 100000 -store pebble # one store, printed as JSON
//
// The workload is crawler/frontier/bolt.go's, on the raw stores: enqueue is
// a seen-set test-and-set of the URL's 16-byte host-prefixed fingerprint,
// then a put under its host's queue key (host, NUL, sequence) and of the
// sequence counter; dequeue (Next) takes the first key of a host's queue,
// deletes it and puts the URL in the in-flight set; Done deletes it from
// the in-flight set. Changes wait in one open transaction (bbolt) or indexed
// batch (pebble) and are committed every 1,024 changes without fsync, as the
// frontier does; the "each" phase commits at every Done, as the frontier's
// Done does. Hosts are taken round robin, 1,000 of them.
//
// It is its own Go module so that pebble stays out of salvage's dependency
// graph.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// result is one store's run.
type result struct {
	Store      string  `json:"store"`
	URLs       int     `json:"urls"`
	EnqueuePS  float64 `json:"enqueue_per_s"`
	EachPS     float64 `json:"next_done_commit_each_per_s"`
	DequeuePS  float64 `json:"next_done_batched_per_s"`
	FileBytes  int64   `json:"file_bytes"`
	PeakRSSMB  float64 `json:"peak_rss_mb"` // filled in by the parent from the child's rusage
	EachCommit int     `json:"commit_each_ops"`
}

// kv is what the workload needs of a store. Keys start with a table byte.
type kv interface {
	get(k []byte) ([]byte, error)
	put(k, v []byte) error
	del(k []byte) error
	first(prefix []byte) (k, v []byte, err error) // nil k: none
	commit() error
	close() error
}

const (
	tabSeen     = 's'
	tabQueue    = 'q'
	tabInFlight = 'f'
	tabMeta     = 'm'
	batchOps    = 1024
	hosts       = 1000
	eachOps     = 10_000
)

func main() {
	n := flag.Int("n", 1_000_000, "URLs to queue (and then take)")
	store := flag.String("store", "", "bolt or pebble: run one store in this process and print JSON; empty: run both, each in a child process")
	dir := flag.String("dir", "", "folder for the store's files (default: a temporary folder)")
	rounds := flag.Int("rounds", 1, "runs of each store, alternating (medians reported)")
	flag.Parse()
	var err error
	if *store == "" {
		err = compare(*n, *rounds)
	} else {
		err = runOne(*store, *n, *dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "storebench:", err)
		os.Exit(1)
	}
}

// compare runs each store in its own process (so peak RSS is its own),
// alternating the stores for rounds rounds, and prints each run and the
// medians with pebble's figures as ratios of bbolt's.
func compare(n, rounds int) error {
	runs := map[string][]result{}
	fmt.Printf("%d URLs over %d hosts; commits every %d changes, no fsync; %d Next+Done committed each\n", n, hosts, batchOps, eachOps)
	fmt.Printf("%-8s %14s %18s %18s %12s %10s\n", "store", "enqueue/s", "Next+Done/s batch", "Next+Done/s each", "peak RSS MB", "files MB")
	for range rounds {
		for _, s := range []string{"bolt", "pebble"} {
			r, err := child(s, n)
			if err != nil {
				return err
			}
			runs[s] = append(runs[s], r)
			printRow(r.Store, r)
		}
	}
	b, p := median(runs["bolt"]), median(runs["pebble"])
	if rounds > 1 {
		printRow("bolt med", b)
		printRow("pebb med", p)
	}
	fmt.Printf("%-8s %13.2fx %17.2fx %17.2fx %11.2fx %9.2fx\n", "p/b", p.EnqueuePS/b.EnqueuePS, p.DequeuePS/b.DequeuePS,
		p.EachPS/b.EachPS, p.PeakRSSMB/b.PeakRSSMB, float64(p.FileBytes)/float64(b.FileBytes))
	return nil
}

func printRow(name string, r result) {
	fmt.Printf("%-8s %14.0f %18.0f %18.0f %12.0f %10.0f\n", name, r.EnqueuePS, r.DequeuePS, r.EachPS, r.PeakRSSMB, float64(r.FileBytes)/1e6)
}

// child runs one store in a child process.
func child(store string, n int) (result, error) {
	var r result
	cmd := exec.Command(os.Args[0], "-store", store, "-n", fmt.Sprint(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return r, fmt.Errorf("%s: %w", store, err)
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return r, fmt.Errorf("%s: %w: %s", store, err, out)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSMB = float64(ru.Maxrss) / 1024 // kB on Linux
	}
	return r, nil
}

// median is each figure's median over runs (the upper one of an even count).
func median(runs []result) result {
	m := runs[0]
	pick := func(get func(result) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	m.EnqueuePS = pick(func(r result) float64 { return r.EnqueuePS })
	m.DequeuePS = pick(func(r result) float64 { return r.DequeuePS })
	m.EachPS = pick(func(r result) float64 { return r.EachPS })
	m.PeakRSSMB = pick(func(r result) float64 { return r.PeakRSSMB })
	m.FileBytes = int64(pick(func(r result) float64 { return float64(r.FileBytes) }))
	return m
}

func runOne(store string, n int, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "storebench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var db kv
	var err error
	switch store {
	case "bolt":
		db, err = openBolt(filepath.Join(dir, "state.db"))
	case "pebble":
		db, err = openPebble(filepath.Join(dir, "state"))
	default:
		return fmt.Errorf("-store %q: want bolt or pebble", store)
	}
	if err != nil {
		return err
	}
	r, err := workload(db, n)
	if cerr := db.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	r.Store, r.FileBytes = store, dirSize(dir)
	return json.NewEncoder(os.Stdout).Encode(r)
}

// workload queues n URLs, takes eachOps of them committing at every Done,
// then takes the rest in batches.
func workload(db kv, n int) (result, error) {
	w := &work{db: db}
	r := result{URLs: n, EachCommit: eachOps}
	start := time.Now()
	for i := range n {
		if err := w.add(i); err != nil {
			return r, fmt.Errorf("enqueue %d: %w", i, err)
		}
	}
	if err := w.flush(); err != nil {
		return r, err
	}
	r.EnqueuePS = float64(n) / time.Since(start).Seconds()
	start = time.Now()
	each := min(eachOps, n)
	for range each {
		if err := w.nextDone(true); err != nil {
			return r, err
		}
	}
	r.EachPS = float64(each) / time.Since(start).Seconds()
	start = time.Now()
	for range n - each {
		if err := w.nextDone(false); err != nil {
			return r, err
		}
	}
	if err := w.flush(); err != nil {
		return r, err
	}
	r.DequeuePS = float64(n-each) / time.Since(start).Seconds()
	return r, nil
}

type work struct {
	db      kv
	seq     uint64
	pending int
	host    int // round robin
}

func benchURL(i int) (host, url string) {
	host = fmt.Sprintf("host%d.example.org:443", i%hosts)
	return host, fmt.Sprintf("https://host%d.example.org/section/%d/article-%d?page=%d", i%hosts, i%97, i, i%7)
}

func (w *work) add(i int) error {
	host, url := benchURL(i)
	seen := append([]byte{tabSeen}, fingerprint(host, url)...)
	v, err := w.db.get(seen)
	if err != nil || v != nil {
		return err
	}
	w.seq++
	value := append([]byte(url), "\x00LL\x00\x00\x00\x00"...) // about an encoded crawler.Item
	for _, p := range [][2][]byte{{seen, {1}}, {queueKey(host, w.seq), value}, {{tabMeta, 's'}, be64(w.seq)}} {
		if err := w.db.put(p[0], p[1]); err != nil {
			return err
		}
	}
	return w.changed(false)
}

// nextDone takes the first URL of the next host's queue into the in-flight
// set and then deletes it from there.
func (w *work) nextDone(commitDone bool) error {
	host := fmt.Sprintf("host%d.example.org:443", w.host)
	w.host = (w.host + 1) % hosts
	prefix := append(append([]byte{tabQueue}, host...), 0)
	k, v, err := w.db.first(prefix)
	if err != nil || k == nil {
		return fmt.Errorf("take from %s: %v (queue empty: %v)", host, err, k == nil)
	}
	url, _, _ := bytes.Cut(v, []byte{0})
	fl := append([]byte{tabInFlight}, url...)
	if err := w.db.del(k); err != nil {
		return err
	}
	if err := w.db.put(fl, v); err != nil {
		return err
	}
	if err := w.changed(false); err != nil {
		return err
	}
	if err := w.db.del(fl); err != nil {
		return err
	}
	return w.changed(commitDone)
}

func (w *work) changed(now bool) error {
	w.pending++
	if now || w.pending >= batchOps {
		return w.flush()
	}
	return nil
}

func (w *work) flush() error {
	w.pending = 0
	return w.db.commit()
}

func queueKey(host string, seq uint64) []byte {
	k := append([]byte{tabQueue}, host...)
	k = append(k, 0)
	return append(k, be64(seq)...)
}

func be64(v uint64) []byte {
	var b [8]byte
	for i := range b {
		b[7-i] = byte(v >> (8 * i))
	}
	return b[:]
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
