package changes

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Files written by WriteAll.
const (
	JSONFile = "changes.json"
	HTMLFile = "changes.html"
)

// WriteAll writes changes.json and changes.html into dir (created if
// needed) and returns their paths.
func WriteAll(dir string, r *Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("changes report: %w", err)
	}
	var paths []string
	for _, f := range []struct {
		name  string
		write func(io.Writer, *Report) error
	}{{JSONFile, WriteJSON}, {HTMLFile, WriteHTML}} {
		var b bytes.Buffer
		if err := f.write(&b, r); err != nil {
			return paths, fmt.Errorf("changes report %s: %w", f.name, err)
		}
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return paths, fmt.Errorf("changes report: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// WriteJSON writes the report as changes.json: indented with two spaces.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
