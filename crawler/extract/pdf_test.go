package extract

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

const pdfBase = "https://example.org/docs/report.pdf"

// pdfFile assembles a PDF from object bodies (xref omitted: the scanner
// does not need it). A body may hold a stream made with pdfStream.
func pdfFile(objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	for i, o := range objects {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	b.WriteString("trailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n")
	return b.Bytes()
}

// pdfStream returns a stream object with dict entries and data.
func pdfStream(dict string, data []byte) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\r\n%s\r\nendstream", dict, len(data), data)
}

func zlibBytes(t testing.TB, s string) []byte {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func annot(uri string) string {
	return "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /Type /Action /S /URI /URI " + uri + " >> >>"
}

func scanPDF(t testing.TB, pdf []byte, chunk int) []string {
	s := NewPDFScanner(mustURL(t, pdfBase))
	for len(pdf) > 0 {
		n := min(chunk, len(pdf))
		if m, err := s.Write(pdf[:n]); m != n || err != nil {
			t.Fatalf("Write = %d, %v", m, err)
		}
		pdf = pdf[n:]
	}
	return briefs(s.Links())
}

func TestPDFScanner(t *testing.T) {
	objStm := "12 0 " + annot("(https://example.org/in-objstm)") + " 13 0 " + annot("<68747470733a2f2f6578616d706c652e6f72672f6f626a686578>")
	tests := []struct {
		name string
		pdf  []byte
		want []string
	}{
		{"plain", pdfFile(annot("(http://example.org/a)")), []string{"L pdf/uri http://example.org/a"}},
		{"escapes", pdfFile(annot(`(http://example.org/p\(1\)/\101\102C/x\
y/(balanced)/\q\1010)`)), []string{"L pdf/uri http://example.org/p(1)/ABC/xy/(balanced)/qA0"}},
		{"hex", pdfFile(annot("<68 74 74 70 3A 2F 2F 65 78 61 6D 70 6C 65 2E 6F 72 67 2F 68 65 78>")),
			[]string{"L pdf/uri http://example.org/hex"}},
		{"hex odd digit padded", pdfFile(annot("<687474703a2f2f782f3>")), []string{"L pdf/uri http://x/0"}},
		{"relative, mailto, duplicate", pdfFile(annot("(annex.pdf)"), annot("(mailto:info@example.org)"), annot("(annex.pdf)")),
			[]string{"L pdf/uri https://example.org/docs/annex.pdf", "L pdf/uri mailto:info@example.org"}},
		{"name escape", pdfFile("<< /S /U#52I /U#52I (http://example.org/hash) >>"), []string{"L pdf/uri http://example.org/hash"}},
		{"utf-16", pdfFile(annot("<FEFF0068007400740070003A002F002F0078002F00E9>")), []string{"L pdf/uri http://x/%C3%A9"}},
		{"flate object stream", pdfFile(pdfStream("/Type /ObjStm /N 2 /First 10 /Filter /FlateDecode", zlibBytes(t, objStm))),
			[]string{"L pdf/uri https://example.org/in-objstm", "L pdf/uri https://example.org/objhex"}},
		{"flate in filter array", pdfFile(pdfStream("/Type /ObjStm /Filter [/FlateDecode]", zlibBytes(t, annot("(http://example.org/arr)")))),
			[]string{"L pdf/uri http://example.org/arr"}},
		{"raw deflate", pdfFile(pdfStream("/Filter /FlateDecode", rawDeflate(t, annot("(http://example.org/raw)")))),
			[]string{"L pdf/uri http://example.org/raw"}},
		{"unfiltered stream", pdfFile(pdfStream("/Type /ObjStm", []byte(annot("(http://example.org/plain-stream)")))),
			[]string{"L pdf/uri http://example.org/plain-stream"}},
		{"flate image skipped", pdfFile(pdfStream("/Subtype /Image /Filter /FlateDecode", zlibBytes(t, annot("(http://no)"))), annot("(http://example.org/after)")),
			[]string{"L pdf/uri http://example.org/after"}},
		{"other filter skipped, lexer unharmed", pdfFile(pdfStream("/Filter /DCTDecode", []byte("((( /URI (http://no) <<")), annot("(http://example.org/after)")),
			[]string{"L pdf/uri http://example.org/after"}},
		{"flate then another filter skipped", pdfFile(pdfStream("/Filter [/FlateDecode /ASCII85Decode]", []byte("junk")), annot("(http://example.org/ok)")),
			[]string{"L pdf/uri http://example.org/ok"}},
		{"corrupt flate", pdfFile(pdfStream("/Filter /FlateDecode", []byte("x\x9cnot deflate")), annot("(http://example.org/ok)")),
			[]string{"L pdf/uri http://example.org/ok"}},
		{"not in comments or strings", pdfFile("% /URI (http://no1)\n<< /Title (/URI (http://no2)) /Other /URI >>", annot("(http://example.org/yes)")),
			[]string{"L pdf/uri http://example.org/yes"}},
		{"URI base dictionary ignored", pdfFile("<< /URI << /Base (http://no/) >> >>"), nil},
		{"empty and control characters dropped", pdfFile(annot("()"), annot("(  )"), annot("(\x01\x02bin)")), nil},
		{"streams that hold no objects skipped", pdfFile(
			pdfStream("/Type /XRef /Filter /FlateDecode", zlibBytes(t, annot("(http://no/xref)"))),
			pdfStream("/Length1 9 /Filter /FlateDecode", zlibBytes(t, annot("(http://no/font)"))),
			pdfStream("/Type /Metadata /Subtype /XML", []byte(annot("(http://no/xmp)"))),
			pdfStream("/Type /ObjStm /Filter /FlateDecode", zlibBytes(t, annot("(http://example.org/objstm)")))),
			[]string{"L pdf/uri http://example.org/objstm"}},
		{"encrypted", append(pdfFile(annot("(\xa3\x9f\x12cipher)")), "trailer << /Encrypt 5 0 R >>"...), nil},
		{"CR-only stream EOL", []byte("1 0 obj << /Type /ObjStm >> stream\r" + annot("(http://example.org/cr)") + "endstream endobj"),
			[]string{"L pdf/uri http://example.org/cr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole := scanPDF(t, tt.pdf, len(tt.pdf))
			equalLines(t, whole, tt.want)
			for _, chunk := range []int{1, 2, 3, 7, 64} {
				equalLines(t, scanPDF(t, tt.pdf, chunk), whole)
			}
		})
	}
}

func rawDeflate(t testing.TB, s string) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFScannerBounds(t *testing.T) {
	t.Run("stream over 8 MiB skipped", func(t *testing.T) {
		big := make([]byte, maxPDFStream+1)
		r := rand.NewChaCha8([32]byte{1})
		r.Read(big)
		big = bytes.ReplaceAll(big, []byte("e"), []byte("E")) // no accidental "endstream"
		pdf := pdfFile(pdfStream("/Filter /FlateDecode", big), annot("(http://example.org/after-big)"))
		equalLines(t, scanPDF(t, pdf, 1<<16), []string{"L pdf/uri http://example.org/after-big"})
	})
	t.Run("inflated output capped at 32 MiB", func(t *testing.T) {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(annot("(http://example.org/early)")))
		w.Write(make([]byte, maxPDFInflated))
		w.Write([]byte(annot("(http://example.org/late)")))
		w.Close()
		pdf := pdfFile(pdfStream("/Type /ObjStm /Filter /FlateDecode", b.Bytes()), annot("(http://example.org/after)"))
		equalLines(t, scanPDF(t, pdf, 4096), []string{"L pdf/uri http://example.org/early", "L pdf/uri http://example.org/after"})
	})
	t.Run("long URI string not kept", func(t *testing.T) {
		long := "(http://example.org/" + strings.Repeat("a", maxPDFString) + ")"
		equalLines(t, scanPDF(t, pdfFile(annot(long), annot("(http://example.org/short)")), 1000),
			[]string{"L pdf/uri http://example.org/short"})
	})
}

func TestPDFScannerZeroValue(t *testing.T) {
	var s PDFScanner
	if got := s.Links(); got != nil {
		t.Errorf("Links before Write = %v", got)
	}
	s.Write(pdfFile(annot("(rel.html)"), annot("(http://example.org/abs)")))
	equalLines(t, briefs(s.Links()), []string{"L pdf/uri rel.html", "L pdf/uri http://example.org/abs"})
}

func TestEndMatcher(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		var b []byte
		for range r.IntN(40) {
			b = append(b, "endstram xendstre"[r.IntN(17)])
		}
		if r.IntN(2) == 0 {
			b = append(b, endstream...)
			b = append(b, "tail"...)
		}
		want := bytes.Index(b, []byte(endstream))
		split := r.IntN(len(b) + 1)
		var m endMatcher
		got := -1
		if n, ok := m.scan(b[:split]); ok {
			got = n
		} else if n, ok := m.scan(b[split:]); ok {
			got = split + n
		}
		if want >= 0 {
			want += len(endstream)
		}
		if got != want {
			t.Fatalf("%q split %d: got %d, want %d", b, split, got, want)
		}
	}
}
