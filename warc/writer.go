package warc

import (
	"bufio"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

const (
	defaultMaxSize   = 1_000_000_000
	defaultPrefix    = "salvage"
	defaultSoftware  = "salvage"
	compressedSuffix = ".gz"
	openSuffix       = ".open"
	recordOverhead   = 1024     // bytes allowed for a record's WARC header when estimating its size
	writeBufSize     = 64 << 10 // a typical page's request and response reach the file in one write
)

var (
	// ErrClosed is returned by a Writer after Close.
	ErrClosed = errors.New("warc writer is closed")
	// ErrWriterFailed is returned by a Writer after a write error: it accepts no more
	// records, and the file it was writing ends at its last complete record.
	ErrWriterFailed = errors.New("warc writer stopped after a write error")
)

// WriterConfig configures a Writer. Zero values select the documented defaults.
type WriterConfig struct {
	Dir     string // directory for WARC files, created if missing; "": current directory
	Prefix  string // file name prefix; "": "salvage"
	MaxSize int64  // rotate before a file would exceed this many bytes; 0: 1e9
	Digest  string // "sha1" (base32, default) or "sha256" (base32)

	// warcinfo fields. Software "": "salvage"; Hostname "": os.Hostname (also in file names).
	Software, Hostname, Operator, Description, IsPartOf, Robots string
	Config                                                      any // rendered as JSON in warcinfo

	// Index holds the payloads archived so far; given, the Writer writes a revisit
	// record for a payload already in it (NewMemoryIndex: this Writer's own). nil:
	// no dedup, every response is written whole.
	Index    DigestIndex
	Clock    func() time.Time // nil: time.Now; dates the warcinfo records and file names
	RecordID func() string    // nil: "<urn:uuid:...>" from crypto/rand
}

// Validate reports configuration values that cannot work.
func (c WriterConfig) Validate() error {
	if c.MaxSize < 0 {
		return fmt.Errorf("warc writer: max size %d is negative", c.MaxSize)
	}
	if c.Digest != "" {
		if _, err := newHash(c.Digest); err != nil {
			return fmt.Errorf("warc writer: %w", err)
		}
	}
	if strings.ContainsAny(c.Prefix, `/\`) {
		return fmt.Errorf("warc writer: prefix %q contains a path separator", c.Prefix)
	}
	return nil
}

func (c WriterConfig) withDefaults() WriterConfig {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&c.Dir, ".")
	def(&c.Prefix, defaultPrefix)
	def(&c.Digest, DigestSHA1)
	def(&c.Software, defaultSoftware)
	def(&c.Hostname, defaultHostname())
	if c.MaxSize == 0 {
		c.MaxSize = defaultMaxSize
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.RecordID == nil {
		c.RecordID = newUUIDURN
	}
	return c
}

// newUUIDURN returns a random (version 4) UUID as a WARC record ID.
func newUUIDURN() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Writer writes gzip-compressed WARC/1.1 files, one gzip member per record. gowarc
// builds and validates the record headers; the Writer digests the blocks, marshals the
// records (gzipMarshaler) and owns the files. It is safe for concurrent use; all
// records go through one mutex.
type Writer struct {
	cfg        WriterConfig
	alg        string
	configJSON string
	recOpts    []gowarc.WarcRecordOption
	names      *nameGenerator

	mu      sync.Mutex
	marshal *gzipMarshaler
	buf     *bufio.Writer // between the marshaler and the file; empty between calls
	cur     *openFile     // nil when no file is open
	files   []string      // every file begun, by final path
	err     error         // the write error that stopped the Writer
	closed  bool

	// wrapOutput, when set (by tests), wraps the writer each record's gzip member goes to.
	wrapOutput func(io.Writer) io.Writer
}

// openFile is the WARC file being written.
type openFile struct {
	name    string // final base name, e.g. "salvage-...-00000-host.warc.gz"
	path    string // path while open, with the ".open" suffix
	infoID  string // record ID of its warcinfo record
	infoEnd int64  // size after the warcinfo record
	size    int64  // bytes written
	f       *os.File
}

// NewWriter prepares a Writer; the first file is created with the first record.
func NewWriter(cfg WriterConfig) (*Writer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	configJSON, err := marshalConfig(cfg.Config)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("warc writer: %w", err)
	}
	w := &Writer{
		cfg:        cfg,
		alg:        cfg.Digest,
		configJSON: configJSON,
		names:      &nameGenerator{prefix: safeNamePart(cfg.Prefix), host: safeNamePart(cfg.Hostname)},
	}
	w.recOpts = []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),     // broken servers send broken headers
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore), // our payload digest is de-chunked; gowarc's is not
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithDefaultDigestAlgorithm(w.alg),
		gowarc.WithDefaultDigestEncoding(gowarc.Base32),
		gowarc.WithSkipParseBlock(),     // blocks are wireBlocks, digested by the Writer
		gowarc.WithBufferMaxMemBytes(0), // and the builders hold no content: no buffer
		// Every record gets its ID from us; this only keeps gowarc off uuid.New.
		gowarc.WithRecordIdFunc(func() (string, error) { return strings.Trim(w.newID(), "<>"), nil }),
	}
	w.marshal = newGzipMarshaler(w)
	w.buf = bufio.NewWriterSize(nil, writeBufSize)
	return w, nil
}

// newID returns a new record ID in header form. It runs under w.mu.
func (w *Writer) newID() string { return bracketID(w.cfg.RecordID()) }

// usable reports why the Writer accepts no records, if it does not.
func (w *Writer) usable() error {
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return fmt.Errorf("%w: %w", ErrWriterFailed, w.err)
	}
	return nil
}

// WriteExchange writes the request record and the response record (or, with an Index, a
// revisit record) of ex in one file, linked by WARC-Concurrent-To. It sets
// ex.PayloadDigest and ex.PayloadLength.
func (w *Writer) WriteExchange(ex *Exchange) (Capture, error) {
	if ex == nil || ex.Response == nil || len(ex.Request) == 0 {
		return Capture{}, errors.New("write exchange: no request or no response bytes")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return captureOf(ex), err
	}
	p, err := w.buildPair(ex)
	if err != nil {
		return captureOf(ex), fmt.Errorf("archive %s: %w", ex.URL, err)
	}
	res, err := w.write(p.req, p.resp)
	if err != nil {
		return captureOf(ex), err
	}
	return w.captured(p, res[1]), nil
}

// pair is the request record and the response or revisit record of one exchange.
type pair struct {
	ex        *Exchange
	req, resp gowarc.WarcRecord
	id        string // ID of resp
	d         blockDigests
	ref       *Ref // the original, when resp is a revisit
}

func (w *Writer) buildPair(ex *Exchange) (*pair, error) {
	reqID, id := w.newID(), w.newID()
	resp, d, err := w.responseRecord(ex, id)
	if err != nil {
		return nil, err
	}
	p := &pair{ex: ex, resp: resp, id: id, d: d}
	w.fillExchange(ex, d)
	if notModified(ex) {
		closeAll(p.resp)
		p.ref = &ex.NotModified.Ref
		ex.PayloadDigest = ex.NotModified.PayloadDigest
		if p.resp, err = w.notModifiedRecord(ex, id, d); err != nil {
			return nil, err
		}
	} else if ref, ok := w.duplicate(ex, d); ok {
		closeAll(p.resp)
		p.ref = &ref
		if p.resp, err = w.revisitRecord(ex, id, d, ref); err != nil {
			return nil, err
		}
	}
	if p.req, err = w.requestRecord(ex, reqID); err != nil {
		closeAll(p.resp)
		return nil, err
	}
	return p, nil
}

// fillExchange records the payload digest, and the status and content type when the
// exchange did not come from net/http.
func (w *Writer) fillExchange(ex *Exchange, d blockDigests) {
	ex.PayloadDigest, ex.PayloadLength = d.payload, d.payloadLength
	ex.Date = ex.Date.UTC().Truncate(time.Millisecond) // as in WARC-Date
	if ex.Status == 0 {
		ex.Status = d.head.status
	}
	if ex.ContentType == "" {
		ex.ContentType = d.head.contentType
	}
}

// dedupable reports whether a response may be stored as, or replaced by, a reference:
// complete, 2xx, with a non-empty payload.
func (w *Writer) dedupable(ex *Exchange, d blockDigests) bool {
	return w.cfg.Index != nil && ex.Truncated == "" &&
		ex.Status >= 200 && ex.Status < 300 && d.payloadLength > 0
}

func (w *Writer) duplicate(ex *Exchange, d blockDigests) (Ref, bool) {
	if !w.dedupable(ex, d) {
		return Ref{}, false
	}
	return w.cfg.Index.Lookup(d.payload)
}

// captured describes the written pair and remembers a full response for dedup.
func (w *Writer) captured(p *pair, res placed) Capture {
	c := captureOf(p.ex)
	c.RecordID, c.File, c.Offset, c.Size = p.id, res.file, res.offset, res.size
	if p.ref != nil {
		c.Revisit, c.RefersTo, c.RefersToURI, c.RefersToDate = true, p.ref.RecordID, p.ref.URI, p.ref.Date
		c.NotModified = notModified(p.ex)
	} else if w.dedupable(p.ex, p.d) {
		w.cfg.Index.Store(p.d.payload, Ref{RecordID: p.id, URI: p.ex.URL, Date: p.ex.Date})
	}
	return c
}

// WriteMetadata writes a metadata record (application/warc-fields, one "name: value"
// line per field) about targetURI; refersTo, if not empty, is the record it describes.
func (w *Writer) WriteMetadata(targetURI string, date time.Time, refersTo string, fields [][2]string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return err
	}
	rec, err := w.metadataRecord(targetURI, date, refersTo, fields)
	if err != nil {
		return fmt.Errorf("metadata for %s: %w", targetURI, err)
	}
	_, err = w.write(rec)
	return err
}

// Rotate closes the current file; the next record starts a new one.
func (w *Writer) Rotate() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return err
	}
	return w.rotate()
}

// Files returns the paths of every file the Writer has begun, in order. After Close
// they are all complete.
func (w *Writer) Files() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.files...)
}

// Close finishes the current file (renaming it without ".open") and stops the Writer.
// It is idempotent.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	return w.rotate()
}

// gzipLevel of every record's gzip member. Records are small and each is
// its own member, so the per-member Huffman set-up dominates; klauspost's
// level 1 costs a third less CPU than its default for about 5 % more bytes
// (see BenchmarkWriteExchange and make bench).
const gzipLevel = 1
