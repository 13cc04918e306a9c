package warc

import (
	"iter"
	"net/http"
	"time"
)

// Entry is what an index of a WARC file needs to know about one record: its WARC
// header facts and, for an HTTP block, the status and header fields. Bodies are
// never read.
type Entry struct {
	Type        string    // WARC-Type
	ID          string    // WARC-Record-ID
	URI         string    // WARC-Target-URI as written, without the <...> of WARC/1.0 writers
	Date        time.Time // WARC-Date
	Offset      int64     // where the record (its gzip member) starts in the file
	Length      int64     // bytes the record takes in the file
	Nth         int       // records before it at the same Offset (sharing its gzip member)
	ContentType string    // the record's Content-Type
	Digest      string    // WARC-Payload-Digest as written
	HTTP        bool      // the block holds an HTTP message
	Status      int       // its status (0 for requests)
	Header      http.Header
}

// Entries iterates over the records of a WARC file (written by any tool, in any layout:
// gzip members per record or per file, empty members, plain, concatenated) reading
// headers only. Damage is yielded as a *Fault and the iteration goes on with the next
// record; any other error (the file cannot be opened) ends it.
func Entries(path string) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		for s, err := range scanFile(path) {
			e := Entry{
				Type: s.Type, ID: s.ID, URI: s.URI, Date: s.Date, Offset: s.Offset, Length: s.Size, Nth: s.Nth,
				ContentType: s.ContentType, Digest: s.Digest, HTTP: s.HTTP, Status: s.Status, Header: s.Header,
			}
			if !yield(e, err) {
				return
			}
		}
	}
}
