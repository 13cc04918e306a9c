package extract

import (
	"bytes"
	"io"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func BenchmarkHTMLMinusma(b *testing.B) {
	page := readMinusma(b)
	base := mustURL(b, minusmaPage)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
		if err != nil {
			b.Fatal(err)
		}
		if links := HTML(doc, base); len(links) == 0 {
			b.Fatal("no links")
		}
	}
}

// BenchmarkHTMLMinusmaExtractOnly measures HTML alone, without parsing.
func BenchmarkHTMLMinusmaExtractOnly(b *testing.B) {
	page := readMinusma(b)
	base := mustURL(b, minusmaPage)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		HTML(doc, base)
	}
}

// BenchmarkPageLanguageMinusma measures PageLanguage alone on the seed, as
// an inner page (its switcher falls back), without parsing.
func BenchmarkPageLanguageMinusma(b *testing.B) {
	page := readMinusma(b)
	inner := mustURL(b, "https://minusma.unmissions.org/en/police")
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if l := PageLanguage(doc, inner); l.Fallbacks != 1 {
			b.Fatalf("fallbacks %d, want 1", l.Fallbacks)
		}
	}
}

func BenchmarkCSS(b *testing.B) {
	css := bytes.Repeat([]byte(`.a{background:url(/img/a.png) no-repeat;font:12px/1.5 "Helvetica"} /* c */
@font-face{src:url(f.woff2) format("woff2"),url(f.woff)} .b{color:#fff;margin:0 auto;width:calc(100% - 2px)}
`), 500)
	base := mustURL(b, "https://example.org/s.css")
	b.SetBytes(int64(len(css)))
	b.ReportAllocs()
	for b.Loop() {
		CSS(css, base)
	}
}

// BenchmarkPDFScanner streams a PDF of page content streams (FlateDecode)
// and an object stream through the scanner in 32 KiB writes. MB/s counts
// the inflated bytes scanned, which is what the scanner spends its time on.
func BenchmarkPDFScanner(b *testing.B) {
	content := bytes.Repeat([]byte("BT /F1 12 Tf 72 712 Td (Report of the Secretary-General) Tj 0 -14 Td [(Mali)-250(2023)] TJ ET\n"), 2000)
	var objs []string
	for range 20 {
		objs = append(objs, pdfStream("/Filter /FlateDecode", zlibBytes(b, string(content))))
	}
	objs = append(objs, pdfStream("/Type /ObjStm /Filter /FlateDecode", zlibBytes(b, annot("(https://example.org/x)"))))
	pdf := pdfFile(objs...)
	base := mustURL(b, pdfBase)
	b.SetBytes(int64(20 * len(content)))
	b.ReportAllocs()
	for b.Loop() {
		s := NewPDFScanner(base)
		if _, err := io.CopyBuffer(s, bytes.NewReader(pdf), make([]byte, 32<<10)); err != nil {
			b.Fatal(err)
		}
		if len(s.Links()) != 1 {
			b.Fatal("links")
		}
	}
}
