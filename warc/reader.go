package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Record is one WARC record read from a file.
type Record struct {
	Type      string    // WARC-Type
	ID        string    // WARC-Record-ID, "<urn:uuid:...>"
	TargetURI string    // WARC-Target-URI
	Date      time.Time // WARC-Date
	Offset    int64     // where the record (its gzip member) starts in the file
	Size      int64     // bytes it occupies in the file
	Header    []Field   // WARC header fields in file order

	// Block is the content block; it can be read once, before the iteration moves on.
	Block io.Reader
	// Validation holds gowarc's findings: block digest mismatches, header syntax.
	Validation []error
}

// Field is one WARC header field.
type Field struct{ Name, Value string }

// Get returns the first value of the named header field (case-insensitive).
func (r Record) Get(name string) string {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// GetAll returns every value of the named header field (case-insensitive).
func (r Record) GetAll(name string) []string {
	var vs []string
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// readOptions makes gowarc validate headers and block digests (caching each block so it
// can be read afterwards) without checking payload digests: those follow the de-chunked
// convention, which Verify checks itself.
func readOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithSkipParseBlock(),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
	}
}

// ReadFile iterates over the records of a WARC file, whatever its layout (gzip members
// per record or per file, empty members, plain records, concatenated files). gowarc
// validates each record's header and block digest. Where a record cannot be read the
// reader yields a *Fault (its Record carries the offset) and goes on at the next record;
// any other error (the file cannot be opened) ends the iteration.
func ReadFile(path string) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		gowarcMu.Lock()
		u := gowarc.NewUnmarshaler(readOptions()...)
		gowarcMu.Unlock()
		for raw, err := range eachRecord(path) {
			if err != nil {
				var f *Fault
				errors.As(err, &f)
				if !yield(Record{Offset: faultOffset(f)}, err) {
					return
				}
				continue
			}
			if !readRecord(u, raw, yield) {
				return
			}
		}
	}
}

func faultOffset(f *Fault) int64 {
	if f == nil {
		return 0
	}
	return f.Offset
}

// readRecord hands a framed record to gowarc and yields it; false means the caller stopped.
func readRecord(u gowarc.Unmarshaler, raw *framedRecord, yield func(Record, error) bool) bool {
	if raw.Format != formatWARC {
		return readOther(raw, yield)
	}
	src := io.MultiReader(bytes.NewReader(raw.Raw), raw.Block, strings.NewReader("\r\n\r\n"))
	wr, _, validation, err := u.Unmarshal(bufio.NewReader(src))
	if raw.Finish() != nil {
		if wr != nil {
			_ = wr.Close()
		}
		return true // the fault comes next
	}
	if err != nil {
		f := &Fault{File: raw.r.path, Offset: raw.Offset, Kind: FaultSkipped, What: "record unreadable: " + err.Error()}
		return yield(Record{Offset: raw.Offset}, f)
	}
	rec, err := newRecord(gowarc.Record{WarcRecord: wr, Offset: raw.Offset, Size: raw.Size, Validation: validation})
	more := yield(rec, err)
	_ = wr.Close()
	return more
}

// readOther yields a record of another format than WARC (detectRecord's other cases)
// with the header fields its head reader made (gowarc validates WARC records only); its
// block is read during the yield, its Size is not known then.
func readOther(raw *framedRecord, yield func(Record, error) bool) bool {
	rec := Record{Offset: raw.Offset, Header: raw.Fields, Block: raw.Block}
	rec.Type, rec.ID = raw.Get("WARC-Type"), raw.Get("WARC-Record-ID")
	rec.TargetURI, rec.Date = raw.Get("WARC-Target-URI"), parseWARCDate(raw.Get("WARC-Date"))
	return yield(rec, nil) // eachRecord's Finish then files a record cut short
}

// newRecord converts a gowarc record.
func newRecord(gr gowarc.Record) (Record, error) {
	wr := gr.WarcRecord
	h := wr.WarcHeader()
	rec := Record{
		Type:       h.Get(gowarc.WarcType),
		ID:         h.Get(gowarc.WarcRecordID),
		TargetURI:  h.Get(gowarc.WarcTargetURI),
		Offset:     gr.Offset,
		Size:       gr.Size,
		Validation: gr.Validation,
	}
	rec.Date, _ = wr.Date()
	for _, f := range *h {
		rec.Header = append(rec.Header, Field{Name: f.Name, Value: f.Value})
	}
	block, err := wr.Block().RawBytes()
	if err != nil {
		return rec, fmt.Errorf("record %s block: %w", rec.ID, err)
	}
	rec.Block = block
	return rec, nil
}

// Report is the result of Verify.
type Report struct {
	File           string
	Records        int
	ByType         map[string]int // records by WARC-Type
	DigestFailures []string       // block digests (any record), payload digests (responses)
	Unpaired       []string       // requests without a response or revisit, and vice versa
	Problems       []string       // other findings: first record not warcinfo, header syntax
	Faults         []*Fault       // damage stepped over: records cut short, bytes skipped
}

// OK reports whether Verify found nothing wrong.
func (r Report) OK() bool {
	return len(r.DigestFailures) == 0 && len(r.Unpaired) == 0 && len(r.Problems) == 0 && len(r.Faults) == 0
}

// Verify reads every record of a WARC file and checks it: gowarc validates headers and
// block digests; response payload digests are recomputed over the transfer-decoded body
// (chunk framing removed, content-encoding kept); every request must be linked by
// WARC-Concurrent-To to a response or revisit in the same file, and vice versa. The error
// is for a file that cannot be opened; damage in it is in Report.Faults.
func Verify(path string) (Report, error) {
	rep := Report{File: path, ByType: make(map[string]int)}
	pairs := newPairing()
	for rec, err := range ReadFile(path) {
		var f *Fault
		if errors.As(err, &f) {
			rep.Faults = append(rep.Faults, f)
			continue
		}
		if err != nil {
			return rep, err
		}
		rep.Records++
		rep.ByType[rec.Type]++
		if rep.Records == 1 && rec.Type != "warcinfo" {
			rep.Problems = append(rep.Problems, fmt.Sprintf("first record %s is a %s, not warcinfo", rec.ID, rec.Type))
		}
		rep.validation(rec)
		if err := rep.checkPayload(rec, pairs.headRequest(rec)); err != nil {
			return rep, err
		}
		pairs.add(rec)
	}
	if rep.Records == 0 {
		rep.Problems = append(rep.Problems, "no records")
	}
	rep.Unpaired = pairs.unpaired()
	return rep, nil
}

// validation files gowarc's findings for rec.
func (r *Report) validation(rec Record) {
	for _, v := range rec.Validation {
		var de *gowarc.DigestError
		if errors.As(v, &de) {
			r.DigestFailures = append(r.DigestFailures, fmt.Sprintf("%s %s %s: %v", rec.Type, rec.ID, rec.TargetURI, v))
		} else {
			r.Problems = append(r.Problems, fmt.Sprintf("%s %s %s: %v", rec.Type, rec.ID, rec.TargetURI, v))
		}
	}
}

// checkPayload recomputes the payload digest of an HTTP response record; the payload of
// a response to HEAD is empty.
func (r *Report) checkPayload(rec Record, head bool) error {
	want := rec.Get(gowarc.WarcPayloadDigest)
	if rec.Type != "response" || want == "" ||
		!strings.HasPrefix(strings.ToLower(rec.Get(gowarc.ContentType)), gowarc.ApplicationHttp) {
		return nil
	}
	alg, _, ok := parseDigest(want)
	if !ok {
		r.DigestFailures = append(r.DigestFailures, fmt.Sprintf("response %s %s: unreadable payload digest %q", rec.ID, rec.TargetURI, want))
		return nil
	}
	d, err := digestResponse(rec.Block, alg, head)
	if err != nil {
		return fmt.Errorf("read response %s: %w", rec.ID, err)
	}
	if !sameDigest(d.payload, want) {
		r.DigestFailures = append(r.DigestFailures, fmt.Sprintf("response %s %s: payload digest %s, computed %s", rec.ID, rec.TargetURI, want, d.payload))
	}
	return nil
}

// pairing checks that request records and response/revisit records come in linked pairs.
type pairing struct {
	kind  map[string]string // record ID -> "request" or "response" (revisits count as responses)
	desc  map[string]string
	heads map[string]bool     // IDs of HEAD requests
	links map[string][]string // undirected WARC-Concurrent-To links
	order []string
}

func newPairing() *pairing {
	return &pairing{kind: map[string]string{}, desc: map[string]string{}, heads: map[string]bool{}, links: map[string][]string{}}
}

// headRequest reports whether a response answers a HEAD request seen earlier in the file.
func (p *pairing) headRequest(rec Record) bool {
	for _, to := range rec.GetAll(gowarc.WarcConcurrentTo) {
		if p.heads[to] {
			return true
		}
	}
	return false
}

func (p *pairing) add(rec Record) {
	kind := rec.Type
	switch kind {
	case "request":
		if isHeadRequest(rec.Block) {
			p.heads[rec.ID] = true
		}
	case "response", "revisit":
		kind = "response"
	default:
		return
	}
	p.kind[rec.ID] = kind
	p.desc[rec.ID] = fmt.Sprintf("%s %s %s", rec.Type, rec.ID, rec.TargetURI)
	p.order = append(p.order, rec.ID)
	for _, to := range rec.GetAll(gowarc.WarcConcurrentTo) {
		p.links[rec.ID] = append(p.links[rec.ID], to)
		p.links[to] = append(p.links[to], rec.ID)
	}
}

// isHeadRequest reads the method of a request block.
func isHeadRequest(block io.Reader) bool {
	var m [5]byte
	n, _ := io.ReadFull(block, m[:])
	return string(m[:n]) == "HEAD "
}

func (p *pairing) unpaired() []string {
	var out []string
	for _, id := range p.order {
		paired := false
		for _, other := range p.links[id] {
			if k, ok := p.kind[other]; ok && k != p.kind[id] {
				paired = true
				break
			}
		}
		if !paired {
			out = append(out, p.desc[id])
		}
	}
	return out
}
