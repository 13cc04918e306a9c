package cdxj

import (
	"io"
	"strings"

	"github.com/salvage-archive/salvage/warc"
)

// Format is an index line format.
type Format string

// The formats Build writes.
const (
	CDXJ  Format = "cdxj"
	CDX11 Format = "cdx11"
)

// Build indexes WARC files written by any tool (salvage, GNU wget, Heritrix, ...) and
// returns the lines sorted bytewise; a CDX11 index starts with its header line. Damage
// in a file is stepped over: the error, when not nil, is a *warc.FilesRead naming every
// fault (and every file that could not be opened), and the lines hold every record read.
//
// A response or revisit next to the request it answers (same target URI, either order,
// as warcio.js pairs them) gets the request's method and query when the method is not
// GET (Record.Method, Record.RequestBody).
func Build(files []string, key KeyFunc, format Format) ([][]byte, error) {
	var lines [][]byte
	read := warc.NewFilesRead()
	for _, f := range files {
		read.Start(f)
		p := pairer{file: f, emit: func(r Record) { lines = append(lines, []byte(formatLine(r, key, format))) }}
		for e, err := range warc.Entries(f) {
			read.Add(f, err)
			if err != nil {
				continue
			}
			p.add(e)
		}
		p.flush()
	}
	lines = SortLines(lines)
	if format == CDX11 {
		lines = append([][]byte{[]byte(CDX11Header)}, lines...)
	}
	return lines, read.Err()
}

func formatLine(r Record, key KeyFunc, format Format) string {
	if format == CDX11 {
		return r.CDX11Line(key)
	}
	return r.Line(key)
}

// pairer holds back one record of a file to pair a response or revisit with the
// request next to it (warcio.js's CDXIndexer.indexRecord).
type pairer struct {
	file     string
	last     *warc.Entry
	emit     func(Record)
	requests *warc.RequestReader // opened at the first request read
}

func (p *pairer) add(e warc.Entry) {
	last := p.last
	p.last = &e
	switch {
	case last == nil:
	case last.URI != e.URI:
		p.index(*last, nil)
	case e.Type == "request" && isCapture(last.Type):
		p.last = nil
		p.index(*last, &e)
	case isCapture(e.Type) && last.Type == "request":
		p.last = nil
		p.index(e, last)
	default:
		p.index(*last, nil)
	}
}

// flush indexes the record held back at the end of a file and closes the file.
func (p *pairer) flush() {
	if p.last != nil {
		p.index(*p.last, nil)
		p.last = nil
	}
	p.close()
}

func isCapture(typ string) bool { return typ == "response" || typ == "revisit" }

// index emits the line of a record, if it has one, with the method and query of the
// request it answers.
func (p *pairer) index(e warc.Entry, req *warc.Entry) {
	r, ok := FromEntry(p.file, e)
	if !ok {
		return
	}
	if req != nil {
		r.Method, r.RequestBody = p.requestOf(*req)
	}
	p.emit(r)
}

// requestOf reads the method of a request record and, when it is not GET, the query
// its body makes. A request that cannot be read counts as a GET.
func (p *pairer) requestOf(req warc.Entry) (method, query string) {
	if p.requests == nil {
		rr, err := warc.OpenRequests(p.file)
		if err != nil {
			return "", ""
		}
		p.requests = rr
	}
	rq, err := p.requests.At(req.Offset, req.Nth)
	if err != nil || rq.Method == "GET" || rq.Method == "" {
		return "", ""
	}
	body, _ := io.ReadAll(io.LimitReader(rq.Body, maxRequestBody))
	return rq.Method, requestQuery(strings.Join(rq.Header.Values("Content-Type"), ", "), body) // Headers.get joins repeats
}

// close releases the file requestOf opened.
func (p *pairer) close() {
	if p.requests != nil {
		_ = p.requests.Close()
		p.requests = nil
	}
}
