package runfolder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/renameio/v2"
)

// FormatVersion is the run-folder format this borderflow writes and reads.
// It goes up whenever a file or column changes meaning, is added or is
// removed; a folder of another format is refused, never guessed at.
const FormatVersion = 2

// formatName marks a manifest as a borderflow one.
const formatName = "borderflow run folder"

// The kinds of folder a manifest describes.
const (
	KindRun     = "run"     // a run: the tables, summary.json, maybe replicates
	KindCompare = "compare" // the output of borderflow compare: reports only
	// KindForecast is the output of borderflow forecast: its tables
	// (forecast.csv, warnings.csv, forecast.json) as data, its report as
	// reports.
	KindForecast = "forecast"
)

// Manifest is what manifest.json holds: who wrote the folder, in which
// format, and the size, rows and SHA-256 of every file in it.
type Manifest struct {
	Format        string `json:"format"`         // always "borderflow run folder"
	FormatVersion int    `json:"format_version"` // FormatVersion of the borderflow that wrote it
	Version       string `json:"borderflow"`     // that borderflow's version
	Kind          string `json:"kind"`           // KindRun, KindCompare or KindForecast
	Name          string `json:"name"`           // the scenario's name (runs) or the output's (compare)
	// Files are the data: the tables, summary.json, scenario.yaml,
	// network.geojson, bands.csv and each replicate's manifest.json.
	// Read and Verify refuse a folder where any of them differs.
	Files []Entry `json:"files"`
	// Reports are the files derived from the data (loads.geojson,
	// daily.parquet, maps, charts, report.html, compare outputs), as last
	// rendered. They are listed so that nothing in the folder is unknown,
	// and so a reader can tell a report is current, but they are not
	// verified: re-rendering them (borderflow report) is always safe.
	Reports []Entry `json:"reports"`
}

// Entry is one file of a run folder.
type Entry struct {
	Name   string `json:"name"`           // slash-separated path inside the folder
	Size   int64  `json:"size"`           // bytes
	Rows   int64  `json:"rows,omitempty"` // CSV tables: records after the header
	SHA256 string `json:"sha256"`         // hex
}

// File returns the data file named name, and whether there is one.
func (m *Manifest) File(name string) (Entry, bool) {
	i := slices.IndexFunc(m.Files, func(e Entry) bool { return e.Name == name })
	if i < 0 {
		return Entry{}, false
	}
	return m.Files[i], true
}

// listed reports whether name is a file of either section.
func (m *Manifest) listed(name string) bool {
	_, ok := m.File(name)
	return ok || slices.ContainsFunc(m.Reports, func(e Entry) bool { return e.Name == name })
}

// ParseManifest decodes and checks manifest.json's bytes; dir is the folder
// it came from, for messages.
func ParseManifest(b []byte, dir string) (*Manifest, error) {
	name := filepath.Join(dir, ManifestFile)
	var m Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: not a borderflow run-folder manifest: %w", name, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: not a borderflow run-folder manifest: data after the JSON object", name)
	}
	switch {
	case m.Format != formatName:
		return nil, fmt.Errorf("%s: not a borderflow run-folder manifest (format %q, want %q)", name, m.Format, formatName)
	case m.FormatVersion != FormatVersion:
		return nil, fmt.Errorf("%s: written by borderflow %s in run-folder format %d; this borderflow reads format %d: re-run it", dir, m.Version, m.FormatVersion, FormatVersion)
	case m.Kind != KindRun && m.Kind != KindCompare && m.Kind != KindForecast:
		return nil, fmt.Errorf("%s: kind %q (want %q, %q or %q)", name, m.Kind, KindRun, KindCompare, KindForecast)
	}
	seen := map[string]bool{}
	for _, e := range slices.Concat(m.Files, m.Reports) {
		switch {
		case !validName(e.Name):
			return nil, fmt.Errorf("%s: file name %q is not a plain path inside the folder", name, e.Name)
		case seen[e.Name]:
			return nil, fmt.Errorf("%s: %s is listed twice", name, e.Name)
		case e.Size < 0 || e.Rows < 0:
			return nil, fmt.Errorf("%s: %s: negative size or rows", name, e.Name)
		case !validSHA(e.SHA256):
			return nil, fmt.Errorf("%s: %s: sha256 %q is not 64 hex digits", name, e.Name, e.SHA256)
		}
		seen[e.Name] = true
	}
	return &m, nil
}

// validName reports whether s is a clean, local, slash-separated path that
// is not the manifest itself.
func validName(s string) bool {
	return s != "" && s != ManifestFile && path.Clean(s) == s && !strings.ContainsAny(s, `\`+"\x00") &&
		filepath.IsLocal(filepath.FromSlash(s)) && !strings.HasPrefix(s, "/")
}

func validSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// ReadManifest reads dir's manifest.json, without checking the files.
func ReadManifest(dir string) (*Manifest, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("%s: not a borderflow run folder: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a borderflow run folder (a file, not a folder)", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(filepath.Join(dir, SummaryFile)); serr == nil {
			return nil, fmt.Errorf("%s: written by a borderflow older than run-folder format 1 (it has %s but no %s): re-run it", dir, SummaryFile, ManifestFile)
		}
		return nil, fmt.Errorf("%s: not a borderflow run folder (no %s)", dir, ManifestFile)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return ParseManifest(b, dir)
}

// Verify reads dir's manifest and checks every data file it lists: present,
// of the listed size and SHA-256. It refuses a folder without a manifest,
// of another format, or with a file truncated, edited or missing, naming
// the file and what differs. Reports are not checked (see Manifest).
func Verify(dir string) (*Manifest, error) {
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range m.Files {
		got, err := hashFile(filepath.Join(dir, filepath.FromSlash(e.Name)))
		path := filepath.Join(dir, filepath.FromSlash(e.Name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: missing (listed in %s)", path, ManifestFile)
		case err != nil:
			return nil, fmt.Errorf("%s: %w", path, err)
		case got.Size != e.Size:
			return nil, fmt.Errorf("%s: %d bytes, %s says %d: truncated or edited since borderflow %s wrote it", path, got.Size, ManifestFile, e.Size, m.Version)
		case got.SHA256 != e.SHA256:
			return nil, fmt.Errorf("%s: content differs from %s (SHA-256 %.12s…, want %.12s…): edited since borderflow %s wrote it", path, ManifestFile, got.SHA256, e.SHA256, m.Version)
		}
	}
	return m, nil
}

// hashFile returns a file's size and SHA-256.
func hashFile(path string) (Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return Entry{}, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return Entry{}, err
	} else if !fi.Mode().IsRegular() {
		return Entry{}, errors.New("not a regular file")
	}
	h := newHashWriter(io.Discard)
	if _, err := io.Copy(h, f); err != nil {
		return Entry{}, err
	}
	return h.entry(""), nil
}

// hashWriter passes writes on and keeps their size and SHA-256.
type hashWriter struct {
	w    io.Writer
	h    hash.Hash
	size int64
}

func newHashWriter(w io.Writer) *hashWriter { return &hashWriter{w: w, h: sha256.New()} }

func (h *hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.h.Write(p[:n])
	h.size += int64(n)
	return n, err
}

func (h *hashWriter) entry(name string) Entry {
	return Entry{Name: name, Size: h.size, SHA256: hex.EncodeToString(h.h.Sum(nil))}
}

// writeManifest writes m into dir atomically (a new file renamed over any
// old one, so a hard link to an old manifest is never written through).
func writeManifest(dir string, m *Manifest) error {
	if m.Files == nil {
		m.Files = []Entry{}
	}
	if m.Reports == nil {
		m.Reports = []Entry{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := renameio.WriteFile(filepath.Join(dir, ManifestFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	return nil
}
