package warc

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

const (
	warcFormat     = "WARC File Format 1.1"
	warcConformsTo = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
)

// warcinfoFields lists the fields of every file's warcinfo record. Empty values are left
// out; the configuration is one compact JSON value in the "json" field.
func warcinfoFields(cfg WriterConfig, configJSON string) [][2]string {
	all := [][2]string{
		{"software", cfg.Software},
		{"format", warcFormat},
		{"conformsTo", warcConformsTo},
		{"hostname", cfg.Hostname},
		{"operator", cfg.Operator},
		{"description", cfg.Description},
		{"isPartOf", cfg.IsPartOf},
		{"robots", cfg.Robots},
		{"json", configJSON},
	}
	fields := all[:0]
	for _, f := range all {
		if f[1] != "" {
			fields = append(fields, f)
		}
	}
	return fields
}

// marshalConfig renders WriterConfig.Config for the warcinfo record.
func marshalConfig(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("warcinfo config: %w", err)
	}
	return string(b), nil
}

// warcinfoRecord builds the warcinfo record that opens the file named filename.
func (w *Writer) warcinfoRecord(filename string, date time.Time) (gowarc.WarcRecord, error) {
	block := warcFields(warcinfoFields(w.cfg, w.configJSON))
	b := w.newBuilder(gowarc.Warcinfo)
	b.AddWarcHeader(gowarc.WarcRecordID, w.newID())
	b.AddWarcHeader(gowarc.WarcDate, formatDate(date))
	b.AddWarcHeader(gowarc.WarcFilename, filename)
	digest := digestBytes(w.alg, block)
	b.AddWarcHeader(gowarc.WarcBlockDigest, digest)
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	return finish(b, bytesBlock(block, digest))
}
