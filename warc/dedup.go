package warc

import (
	"sync"
	"time"
)

// Ref locates the original capture of a payload, for revisit records.
type Ref struct {
	RecordID string // "<urn:uuid:...>"
	URI      string // its WARC-Target-URI
	Date     time.Time
}

// DigestIndex remembers which payload digests were archived in full, so that a Writer
// with an Index can write revisit records for repeated payloads. Implementations must be
// safe for concurrent use.
type DigestIndex interface {
	Lookup(digest string) (Ref, bool)
	Store(digest string, ref Ref)
}

// MemoryIndex is an in-memory DigestIndex.
type MemoryIndex struct {
	mu   sync.Mutex
	refs map[string]Ref
}

var _ DigestIndex = (*MemoryIndex)(nil)

// NewMemoryIndex returns an empty MemoryIndex.
func NewMemoryIndex() *MemoryIndex {
	return &MemoryIndex{refs: make(map[string]Ref)}
}

// Lookup returns the first capture stored for digest.
func (m *MemoryIndex) Lookup(digest string) (Ref, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ref, ok := m.refs[digest]
	return ref, ok
}

// Store records ref for digest unless a capture is already known for it.
func (m *MemoryIndex) Store(digest string, ref Ref) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.refs[digest]; !ok {
		m.refs[digest] = ref
	}
}
