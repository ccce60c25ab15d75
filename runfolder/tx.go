package runfolder

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gofrs/flock"
)

// Why Create and Update refuse, for errors.Is.
var (
	// ErrBusy: another borderflow holds the folder's lock.
	ErrBusy = errors.New("folder locked by another borderflow")
	// ErrNotRun: the folder holds files borderflow did not write; it is
	// never replaced, whatever the options.
	ErrNotRun = errors.New("not a borderflow folder")
	// ErrOtherRun: the folder holds a borderflow folder of another name or
	// kind; Options.Replace replaces it.
	ErrOtherRun = errors.New("holds another borderflow folder")
	// ErrProtected: the folder is /, the home folder, the current folder
	// or one holding them; it is never replaced.
	ErrProtected = errors.New("protected folder")
)

// refusal is an error with its own message that matches one of the Err
// values above.
type refusal struct {
	kind error
	msg  string
}

func (r *refusal) Error() string        { return r.msg }
func (r *refusal) Is(target error) bool { return target == r.kind }

func refuse(kind error, format string, args ...any) error {
	return &refusal{kind, fmt.Sprintf(format, args...)}
}

// Options say what a Tx may replace and what it writes.
type Options struct {
	// Name is the name of what is written (the scenario's for runs): a
	// borderflow folder of the same kind and name at the target is
	// replaced without Replace.
	Name string
	// Kind is KindRun (the default), KindCompare or KindForecast.
	Kind string
	// Data names the files of a folder that is not a run (whose writer
	// writes no manifest) that Commit lists as data, verified on reading,
	// instead of as reports.
	Data []string
	// Replace allows replacing a borderflow folder of another name or kind
	// (the command line's --force). Nothing else is ever replaced.
	Replace bool
	// Version is the borderflow version, recorded in manifests Commit
	// writes itself (compare folders).
	Version string
}

// Tx writes a folder beside its target and moves it into place at Commit.
// A Tx holds the target's lock from Create or Update until Commit or
// Abort; call Abort (deferred) on every path: it is a no-op after Commit.
type Tx struct {
	dir     string // the target
	staging string // where the folder is written
	opts    Options
	lock    *flock.Flock
	made    []string  // parent folders Create made, deepest first
	old     *Manifest // Update: the folder's manifest before
	done    bool
}

// Dir returns the staging folder to write into.
func (t *Tx) Dir() string { return t.staging }

// Target returns the folder the Tx will replace or create.
func (t *Tx) Target() string { return t.dir }

// Create starts writing a new folder at dir: it checks that dir may be
// written (absent, an empty folder, or a borderflow folder that o allows
// to replace), takes dir's lock and makes the staging folder
// .<base>.partial-* beside dir. A second Create or Update of the same dir
// fails at once with ErrBusy until this one commits or aborts.
func Create(dir string, o Options) (*Tx, error) {
	o.Kind = cmp.Or(o.Kind, KindRun)
	dir = filepath.Clean(dir)
	if err := checkProtected(dir); err != nil {
		return nil, err
	}
	if err := checkTarget(dir, o); err != nil {
		return nil, err
	}
	t := &Tx{dir: dir, opts: o}
	parent := filepath.Dir(dir)
	for p := parent; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || filepath.Dir(p) == p {
			break
		}
		t.made = append(t.made, p)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("%s: cannot make its parent folder: %w", dir, err)
	}
	if err := t.start(); err != nil {
		t.removeParents()
		return nil, err
	}
	if err := checkTarget(dir, o); err != nil {
		t.Abort()
		return nil, err
	}
	return t, nil
}

// Update starts adding reports to the run folder dir: the staging folder
// starts with hard links to dir's data files and replicates (copies where
// links are not possible), and Commit carries over the reports that were
// not rendered again. The data files must not be written through: write
// only new files into Dir.
func Update(dir, version string) (*Tx, error) {
	if _, err := ReadManifest(dir); err != nil {
		return nil, err
	}
	// The staging folder and the lock go beside the folder, so name it
	// absolutely ("." has no "beside").
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	t := &Tx{dir: dir}
	if err := t.start(); err != nil {
		return nil, err
	}
	m, err := Verify(dir)
	if err == nil && m.Kind != KindRun {
		err = fmt.Errorf("%s: a borderflow %s folder, not a run", dir, m.Kind)
	}
	if err != nil {
		t.Abort()
		return nil, err
	}
	t.old, t.opts = m, Options{Name: m.Name, Kind: m.Kind, Version: version}
	err = linkData(dir, t.staging, m)
	if err == nil {
		err = writeManifest(t.staging, &Manifest{Format: m.Format, FormatVersion: m.FormatVersion, Version: m.Version, Kind: m.Kind, Name: m.Name, Files: m.Files})
	}
	if err != nil {
		t.Abort()
		return nil, fmt.Errorf("%s: staging a copy: %w", dir, err)
	}
	return t, nil
}

// lockPath is the lock file of dir: .<base>.lock beside it.
func lockPath(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".lock")
}

// start takes the lock and makes the staging folder.
func (t *Tx) start() error {
	path := lockPath(t.dir)
	for range 3 {
		l := flock.New(path)
		ok, err := l.TryLock()
		if err != nil {
			return fmt.Errorf("%s: cannot lock it (%s): %w", t.dir, path, err)
		}
		if !ok {
			return refuse(ErrBusy, "another run is writing %s (it holds %s)", t.dir, path)
		}
		// The holder before us may have removed the file after we opened
		// it: then we hold a lock nobody else sees, and try again.
		held, err1 := l.Stat()
		now, err2 := os.Stat(path)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			t.lock = l
			break
		}
		l.Close()
	}
	if t.lock == nil {
		return refuse(ErrBusy, "another run is writing %s (its lock %s keeps changing)", t.dir, path)
	}
	staging, err := os.MkdirTemp(filepath.Dir(t.dir), "."+filepath.Base(t.dir)+".partial-")
	if err != nil {
		t.unlock()
		return fmt.Errorf("%s: cannot write beside it: %w", t.dir, err)
	}
	t.staging = staging
	return nil
}

// unlock removes the lock file, then releases the lock.
func (t *Tx) unlock() {
	if t.lock == nil {
		return
	}
	os.Remove(t.lock.Path())
	t.lock.Close()
	t.lock = nil
}

func (t *Tx) removeParents() {
	for _, p := range t.made {
		if os.Remove(p) != nil {
			return
		}
	}
}

// Abort removes the staging folder, the lock and any parent folder Create
// made; the target is left as it was. It is a no-op after Commit or Abort.
func (t *Tx) Abort() error {
	if t.done {
		return nil
	}
	t.done = true
	err := os.RemoveAll(t.staging)
	t.unlock()
	t.removeParents()
	if err != nil {
		return fmt.Errorf("%s: removing %s: %w", t.dir, t.staging, err)
	}
	return nil
}

// Commit lists what was written in the manifest (every file that is not
// data as a report), checks the target again and moves the staging folder
// into its place, replacing the previous folder. On any error the target
// is left as it was and the staging folder removed.
func (t *Tx) Commit() error {
	if t.done {
		return errors.New("runfolder: Commit after Commit or Abort")
	}
	err := t.commit()
	if err != nil {
		t.Abort()
		return err
	}
	t.done = true
	t.unlock()
	return nil
}

func (t *Tx) commit() error {
	m, err := ReadManifest(t.staging)
	switch {
	case err == nil:
	case t.opts.Kind == KindRun:
		return fmt.Errorf("%s: nothing written (%w)", t.dir, err)
	default:
		m = &Manifest{Format: formatName, FormatVersion: FormatVersion, Version: t.opts.Version, Kind: t.opts.Kind, Name: t.opts.Name}
	}
	if m.Kind != t.opts.Kind {
		return fmt.Errorf("%s: wrote a %s folder, want a %s folder", t.dir, m.Kind, t.opts.Kind)
	}
	if t.old != nil {
		// Keep the reports that were not rendered again.
		for _, e := range t.old.Reports {
			dst := filepath.Join(t.staging, filepath.FromSlash(e.Name))
			if _, err := os.Lstat(dst); err == nil {
				continue
			}
			if err := linkOrCopy(filepath.Join(t.dir, filepath.FromSlash(e.Name)), dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		if t.opts.Version != "" {
			m.Version = t.opts.Version
		}
	}
	entries, err := os.ReadDir(t.staging)
	if err != nil {
		return err
	}
	m.Reports = nil
	if m.Kind != KindRun {
		m.Files = nil
	}
	for _, e := range entries {
		name := e.Name()
		switch {
		case name == ManifestFile || m.listed(name):
			continue
		case name == ReplicatesDir && e.IsDir() && m.Kind == KindRun:
			continue
		case m.Kind != KindRun && slices.Contains(t.opts.Data, name) && e.Type().IsRegular():
			de, err := hashFile(filepath.Join(t.staging, name))
			if err != nil {
				return fmt.Errorf("%s: %w", filepath.Join(t.staging, name), err)
			}
			de.Name = name
			m.Files = append(m.Files, de)
			continue
		case !e.Type().IsRegular():
			return fmt.Errorf("%s: %s in the staging folder is not a plain file", t.dir, name)
		}
		re, err := hashFile(filepath.Join(t.staging, name))
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(t.staging, name), err)
		}
		re.Name = name
		m.Reports = append(m.Reports, re)
	}
	slices.SortFunc(m.Reports, func(a, b Entry) int { return cmp.Compare(a.Name, b.Name) })
	if err := writeManifest(t.staging, m); err != nil {
		return err
	}
	if err := os.Chmod(t.staging, 0o755); err != nil {
		return err
	}
	if t.old == nil {
		if err := checkTarget(t.dir, t.opts); err != nil {
			return err
		}
	} else if err := checkReplaceable(t.dir, t.old); err != nil {
		return err
	}
	return swap(t.staging, t.dir)
}

// swap moves staging to dir. A folder at dir is first moved into a fresh
// hidden folder beside it, and removed once staging is in place; if staging
// cannot be moved in, it is moved back.
func swap(staging, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(staging, dir); err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		return nil
	}
	hold, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-")
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	old := filepath.Join(hold, filepath.Base(dir))
	if err := os.Rename(dir, old); err != nil {
		os.Remove(hold)
		return fmt.Errorf("%s: moving the previous folder aside: %w", dir, err)
	}
	if err := os.Rename(staging, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%s: %v; and the previous folder is left at %s: %v", dir, err, old, rerr)
		}
		os.Remove(hold)
		return fmt.Errorf("%s: %w", dir, err)
	}
	if err := os.RemoveAll(hold); err != nil {
		return fmt.Errorf("%s written, but the previous folder is left at %s: %w", dir, hold, err)
	}
	return nil
}

// checkProtected refuses /, the home folder, the current folder and any
// folder holding one of them.
func checkProtected(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if filepath.Dir(abs) == abs {
		return refuse(ErrProtected, "%s is the root folder: borderflow never writes a run there", dir)
	}
	for _, p := range []struct{ what, path string }{{"home folder", home()}, {"current folder", cwd()}} {
		if p.path == "" {
			continue
		}
		if real, err := filepath.EvalSymlinks(p.path); err == nil {
			p.path = real
		}
		if rel, err := filepath.Rel(abs, p.path); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return refuse(ErrProtected, "%s is or holds the %s (%s): borderflow never writes a run there; choose another folder", dir, p.what, p.path)
		}
	}
	return nil
}

func home() string { h, _ := os.UserHomeDir(); return h }
func cwd() string  { c, _ := os.Getwd(); return c }

// checkTarget says whether a Tx with options o may write dir.
func checkTarget(dir string, o Options) error {
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s: %w", dir, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return refuse(ErrNotRun, "%s is a symbolic link: borderflow never replaces it; choose another folder", dir)
	case !fi.IsDir():
		return refuse(ErrNotRun, "%s is a file, not a folder: borderflow never replaces it", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if errors.Is(err, fs.ErrNotExist) {
		return refuse(ErrNotRun, "%s exists, is not empty and is not a borderflow run folder (no %s): borderflow never replaces it; choose another folder", dir, ManifestFile)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	var m Manifest
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&m); err != nil || m.Format != formatName {
		return refuse(ErrNotRun, "%s holds a %s that borderflow did not write: borderflow never replaces it; choose another folder", dir, ManifestFile)
	}
	if (m.Kind != o.Kind || m.Name != o.Name) && !o.Replace {
		return refuse(ErrOtherRun, "%s holds a borderflow %s of %q, not of %q", dir, m.Kind, m.Name, o.Name)
	}
	return checkReplaceable(dir, &m)
}

// checkReplaceable refuses a borderflow folder that holds anything its
// manifest does not list (or, under replicates, their manifests), or a
// read-only folder, which removing would fail half-way through.
func checkReplaceable(dir string, m *Manifest) error {
	return filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			fi, err := e.Info()
			if err != nil {
				return err
			}
			if fi.Mode().Perm()&0o200 == 0 {
				return refuse(ErrNotRun, "%s is read-only: borderflow will not replace %s (make it writable, e.g. chmod -R u+w %s, or remove it yourself)", path, dir, dir)
			}
			if rel == "." || rel == ReplicatesDir {
				return nil
			}
			if _, ok := replicateNumber(filepath.Base(path)); ok && filepath.Dir(filepath.FromSlash(rel)) == ReplicatesDir {
				rm, err := ReadManifest(path)
				if err != nil {
					return refuse(ErrNotRun, "%s: borderflow will not replace %s: %v", path, dir, err)
				}
				if err := checkReplaceable(path, rm); err != nil {
					return err
				}
				return filepath.SkipDir
			}
			return refuse(ErrNotRun, "%s holds the folder %s, which borderflow did not write: borderflow never replaces it; move it away first", dir, rel)
		}
		if rel == ManifestFile || m.listed(rel) {
			return nil
		}
		return refuse(ErrNotRun, "%s holds %s, which borderflow did not write: borderflow never replaces it; move it away first", dir, rel)
	})
}

// linkData links (or copies) the data files of the run folder dir, and
// everything under its replicates folder, into staging.
func linkData(dir, staging string, m *Manifest) error {
	for _, e := range m.Files {
		if strings.Contains(e.Name, "/") {
			continue // replicates, linked below
		}
		if err := linkOrCopy(filepath.Join(dir, e.Name), filepath.Join(staging, e.Name)); err != nil {
			return err
		}
	}
	src := filepath.Join(dir, ReplicatesDir)
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		dst := filepath.Join(staging, rel)
		if e.IsDir() {
			return os.Mkdir(dst, 0o755)
		}
		return linkOrCopy(path, dst)
	})
}

// linkOrCopy hard-links src to dst, or copies it where that fails.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
