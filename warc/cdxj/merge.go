package cdxj

import (
	"bufio"
	"bytes"
	"container/heap"
	"fmt"
	"io"
)

// Merge writes the bytewise-sorted union of already sorted index files
// (CDXJ or CDX11 lines), streaming: one line of each input in memory at a
// time. It is how the per-worker indexes of a shared crawl become one.
func Merge(w io.Writer, inputs ...io.Reader) error {
	h := &lineHeap{}
	for i, r := range inputs {
		s := bufio.NewScanner(r)
		s.Buffer(make([]byte, 64<<10), 16<<20)
		if err := h.pushNext(s, i); err != nil {
			return err
		}
	}
	bw := bufio.NewWriter(w)
	for h.Len() > 0 {
		top := (*h)[0]
		if _, err := bw.Write(append(top.line, '\n')); err != nil {
			return err
		}
		heap.Pop(h)
		if err := h.pushNext(top.scan, top.input); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type headLine struct {
	line  []byte
	scan  *bufio.Scanner
	input int
}

type lineHeap []headLine

func (h lineHeap) Len() int           { return len(h) }
func (h lineHeap) Less(i, j int) bool { return bytes.Compare(h[i].line, h[j].line) < 0 }
func (h lineHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *lineHeap) Push(x any)        { *h = append(*h, x.(headLine)) }
func (h *lineHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// pushNext reads the input's next non-empty line onto the heap.
func (h *lineHeap) pushNext(s *bufio.Scanner, input int) error {
	for s.Scan() {
		if len(s.Bytes()) == 0 {
			continue
		}
		heap.Push(h, headLine{line: bytes.Clone(s.Bytes()), scan: s, input: input})
		return nil
	}
	if err := s.Err(); err != nil {
		return fmt.Errorf("merge input %d: %w", input+1, err)
	}
	return nil
}
