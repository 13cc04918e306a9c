package warc

import (
	"encoding/binary"
	"math/bits"
)

// Small records are deflated here with the fixed Huffman codes of RFC 1951
// §3.2.6 and a one-probe LZ77 search, not with klauspost's level 1: for a
// member of a few hundred bytes (a request, a redirect, the header part of a
// record whose body is stored) klauspost builds a dynamic Huffman tree over
// every symbol and spent ~30 us a member doing it, more than a crawl's
// large members cost together (a replica crawl has ~12,000 such members).
// Fixed codes have no tree to build: those members cost ~4x less CPU and come
// out ~15% larger (8 bits a literal where a tree gave text ~6); a replica
// crawl's WARC file 30.7 -> 31.9 MB.

// fixedMax is the largest record (uncompressed bytes) a member takes the
// fixed-code path for.
const fixedMax = 4 << 10

// bitWriter appends bits to out, least significant bit first (RFC 1951 §3.1.1).
type bitWriter struct {
	out  []byte
	bits uint64
	n    uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.bits |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.out = append(w.out, byte(w.bits))
		w.bits >>= 8
		w.n -= 8
	}
}

// align pads to the next byte boundary with zero bits.
func (w *bitWriter) align() {
	if w.n > 0 {
		w.out = append(w.out, byte(w.bits))
		w.bits, w.n = 0, 0
	}
}

// huffCode is a Huffman code with its bits reversed, ready for bitWriter.
type huffCode struct {
	code uint16
	len  uint8
}

// fixedLit and fixedDist are the fixed literal/length and distance codes.
var fixedLit, fixedDist = fixedCodes()

func fixedCodes() (lit [288]huffCode, dist [30]huffCode) {
	for v := range lit {
		var code, n int
		switch {
		case v < 144:
			code, n = 0x30+v, 8
		case v < 256:
			code, n = 0x190+v-144, 9
		case v < 280:
			code, n = v-256, 7
		default:
			code, n = 0xc0+v-280, 8
		}
		lit[v] = huffCode{uint16(bits.Reverse16(uint16(code)) >> (16 - n)), uint8(n)}
	}
	for v := range dist {
		dist[v] = huffCode{uint16(bits.Reverse16(uint16(v)) >> 11), 5}
	}
	return lit, dist
}

// Base values and extra bits of the length codes 257..285 and the distance
// codes 0..29 (RFC 1951 §3.2.5).
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// fixedEncoder deflates with fixed codes; its hash table is reused.
type fixedEncoder struct {
	table [1 << fixedHashBits]int32 // position+1 of the last 4 bytes with this hash
	w     bitWriter
}

const (
	fixedHashBits = 12
	maxMatch      = 258
	maxDistance   = 32768
)

// block appends src as one fixed-code block (final or not) to e.w.
func (e *fixedEncoder) block(src []byte, final bool) {
	clear(e.table[:])
	if final {
		e.w.write(1, 1)
	} else {
		e.w.write(0, 1)
	}
	e.w.write(1, 2) // BTYPE 01: fixed Huffman codes
	for i := 0; i < len(src); {
		if n, d := e.match(src, i); n > 0 {
			e.copy(n, d)
			for j := i + 1; j < i+n && j+4 <= len(src); j++ {
				e.table[fixedHash(src[j:])] = int32(j + 1)
			}
			i += n
			continue
		}
		e.literal(src[i])
		i++
	}
	end := fixedLit[256]
	e.w.write(uint64(end.code), uint(end.len))
}

// match returns the length and distance of a match for src[i:], or 0.
func (e *fixedEncoder) match(src []byte, i int) (n, dist int) {
	if i+4 > len(src) {
		return 0, 0
	}
	h := fixedHash(src[i:])
	cand := int(e.table[h]) - 1
	e.table[h] = int32(i + 1)
	if cand < 0 || i-cand > maxDistance || binary.LittleEndian.Uint32(src[cand:]) != binary.LittleEndian.Uint32(src[i:]) {
		return 0, 0
	}
	n = 4
	for limit := min(len(src)-i, maxMatch); n < limit && src[cand+n] == src[i+n]; n++ {
	}
	return n, i - cand
}

func fixedHash(b []byte) uint32 {
	return (binary.LittleEndian.Uint32(b) * 2654435761) >> (32 - fixedHashBits)
}

func (e *fixedEncoder) literal(b byte) {
	c := fixedLit[b]
	e.w.write(uint64(c.code), uint(c.len))
}

// copy writes a length/distance pair (3 <= n <= 258, 1 <= dist <= 32768).
func (e *fixedEncoder) copy(n, dist int) {
	li := len(lengthBase) - 1
	for lengthBase[li] > uint16(n) {
		li--
	}
	c := fixedLit[257+li]
	e.w.write(uint64(c.code), uint(c.len))
	e.w.write(uint64(n-int(lengthBase[li])), uint(lengthExtra[li]))
	di := len(distBase) - 1
	for distBase[di] > uint32(dist) {
		di--
	}
	d := fixedDist[di]
	e.w.write(uint64(d.code), uint(d.len))
	e.w.write(uint64(dist-int(distBase[di])), uint(distExtra[di]))
}
