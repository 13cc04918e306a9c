// Package changes compares an earlier crawl with this one: what became of
// each URL (policy.ChangeKind: gone, moved, changed, orphaned,
// not-recrawled, new, unchanged), which links went from working to a
// problem class, and which feeds closed. It writes changes.json (schema
// docs/changes.md) and a self-contained changes.html that opens on what was
// lost, and gives the printed summary's lines.
//
// A crawl is a Source: Load reads a crawl folder (index.cdxj, and links.json
// when present) or a bare CDXJ file (no link comparison then). Compare makes
// the Report of two Sources; CompareLinks makes the link-rot part alone from
// two link reports (`salvage verify --previous`). WriteAll writes the files.
//
// The package reads files (it lives under cmd/); the decisions are policy's
// (ClassifyChange, LinkRegressed, FeedWasClosed, DocumentType).
package changes
