package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// OverwriteInputError is returned when the output file is one of the input files.
// The CLI maps it to exit code 2 (bad usage).
type OverwriteInputError struct {
	Path  string // the output path as given
	Input string // the input path as given
}

// Error says which input the output would overwrite.
func (e *OverwriteInputError) Error() string {
	if e.Path == e.Input {
		return fmt.Sprintf("refusing to write %s: it is an input file", e.Path)
	}
	return fmt.Sprintf("refusing to write %s: it is the input file %s", e.Path, e.Input)
}

// CheckNotInput returns an *OverwriteInputError when path names the same file as one
// of inputs: the same file (os.SameFile, which also catches hard links), or the same
// cleaned absolute path, once the links of both are followed (linkTarget: a link to a
// file not made yet, or a chain of more links than the system follows, included).
// Inputs "" and "-" (stdin) are skipped.
func CheckNotInput(path string, inputs []string) error {
	out, err := linkTarget(path)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	outInfo, outErr := os.Stat(out)
	for _, in := range inputs {
		if in == "" || in == "-" {
			continue
		}
		target, err := linkTarget(in)
		if err != nil {
			target = in
		}
		if absIn, err := filepath.Abs(target); err == nil && absIn == absOut {
			return &OverwriteInputError{Path: path, Input: in}
		}
		if outErr != nil {
			continue
		}
		if inInfo, err := os.Stat(target); err == nil && os.SameFile(inInfo, outInfo) {
			return &OverwriteInputError{Path: path, Input: in}
		}
	}
	return nil
}

// WriteFile writes the output of render to path atomically: into a temporary file in
// the same folder, flushed and fsynced, then renamed over path. On any error (render's
// included) the temporary file is removed and an existing file at path is untouched.
// It refuses (an *OverwriteInputError) when path is one of inputs. The new file has
// mode 0644, or the mode of the file it replaces. A symbolic link at path is followed:
// the file it names is replaced, the link stays. Something at path that is not a
// regular file (a device such as /dev/null, a named pipe) is written to directly, as a
// stream: replacing it would put a regular file where the device was. So is the file
// the process's stdout or stderr is, through that open descriptor (stdDescriptor). The
// cached pages of a file being replaced are dropped before the new output is written
// (the file is untouched): the new output needs as many, and on a VM fresh memory costs
// the most.
func WriteFile(path string, inputs []string, render func(io.Writer) error) error {
	p, err := Prepare(path, inputs, render)
	if err != nil {
		return err
	}
	return p.Commit()
}

// WriteFiles writes a set of files as WriteFile writes one, all or none: each path's
// render (renders[i] for paths[i], in order) is prepared in its temporary file, and only
// when every one is written are they put in place (CommitAll). On any error every
// temporary file is removed and no path is touched. A path that is a folder is refused
// before anything is written (a rename over it would fail after the others). (A stream
// target is written in its turn: it cannot be taken back.)
func WriteFiles(paths []string, renders []func(io.Writer) error) error {
	for _, path := range paths {
		if info, err := os.Stat(path); err == nil && info.IsDir() {
			return fmt.Errorf("cannot write %s: it is a folder", path)
		}
	}
	ps := make([]*Pending, 0, len(paths))
	defer func() { DiscardAll(ps...) }() // on an error or a panic; no-ops once committed
	for i, path := range paths {
		p, err := Prepare(path, nil, renders[i])
		if err != nil {
			return err
		}
		ps = append(ps, p)
	}
	return CommitAll(ps...)
}

// linkTarget is the file path names once its symbolic links are followed, whether that
// file exists yet or not: an output named by a link is written where the link points,
// and the link stays (latest.csv -> 2026-05.csv writes 2026-05.csv, made if need be).
// A path that is not a link is itself. Every check of an output path (CheckNotInput,
// CheckPath, --junit's folder) is made on it, as the writing is. A loop of links, or a
// link to a folder (reports/), is a usage error.
func linkTarget(path string) (string, error) {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		return target, nil
	}
	name := path
	for range 255 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return path, nil
		}
		if endsAsFolder(dest) {
			return "", &UsageError{Msg: fmt.Sprintf("%s is a link to a folder (%s); name a file", name, dest)}
		}
		if !filepath.IsAbs(dest) { // relative to the link's folder, itself resolved
			dir := filepath.Dir(path)
			if d, err := filepath.EvalSymlinks(dir); err == nil {
				dir = d
			}
			dest = filepath.Join(dir, dest)
		}
		path = dest
	}
	return "", &UsageError{Msg: fmt.Sprintf("%s: too many symbolic links (a loop of them?)", name)}
}

// Pending is an output Prepare wrote whole into its temporary file: Commit puts it in
// place, Discard removes it. An output written as a stream (IsStream) is written by
// Prepare: it has nothing to commit or discard.
type Pending struct {
	tmp, path string // "" when written as a stream
}

// Prepare is WriteFile up to the rename: the output is written and made durable in its
// temporary file, which is registered for removal on a signal (RemoveTempFiles) until
// Commit or Discard. Several outputs prepared first, then committed, are all written or
// none (CommitAll).
func Prepare(path string, inputs []string, render func(io.Writer) error) (_ *Pending, err error) {
	if err := CheckNotInput(path, inputs); err != nil {
		return nil, err
	}
	if f := stdDescriptor(path); f != nil {
		return &Pending{}, renderBuffered(f, render)
	}
	if IsStream(path) {
		return &Pending{}, writeStream(path, render)
	}
	if path, err = linkTarget(path); err != nil {
		return nil, err
	}
	tmp, err := createTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	// It is replaced (if it is there): its cached pages make room for the new output's,
	// dropped while the output is made (that takes the kernel a while for a large file).
	dropped := make(chan struct{})
	go func() {
		defer close(dropped)
		dropCached(path)
	}()
	written := false
	wb := &writeback{f: tmp}
	defer func() { // on an error, and on a panic (a bug) on its way to Main's recover
		if !written {
			wb.wait() // no flush of tmp left running
			tmp.Close()
			os.Remove(tmp.Name())
			forgetTemp(tmp.Name())
		}
	}()
	if err = renderBuffered(wb, render); err != nil {
		return nil, err
	}
	if err = tmp.Chmod(fileMode(path)); err != nil {
		return nil, err
	}
	if err = wb.wait(); err != nil {
		return nil, err
	}
	if err = tmp.Sync(); err != nil {
		return nil, err
	}
	if err = tmp.Close(); err != nil {
		return nil, err
	}
	<-dropped
	written = true
	return &Pending{tmp: tmp.Name(), path: path}, nil
}

// Commit renames the temporary file over the output's path.
func (p *Pending) Commit() error {
	if p == nil || p.tmp == "" {
		return nil
	}
	defer forgetTemp(p.tmp)
	if err := os.Rename(p.tmp, p.path); err != nil {
		os.Remove(p.tmp)
		return err
	}
	p.tmp = ""
	syncDir(filepath.Dir(p.path))
	return nil
}

// Discard removes the temporary file: the output's path stays as it was.
func (p *Pending) Discard() {
	if p == nil || p.tmp == "" {
		return
	}
	os.Remove(p.tmp)
	forgetTemp(p.tmp)
	p.tmp = ""
}

// CommitAll commits ps in order (nil ones skipped); after a failure the rest are
// discarded. Each is whole: only a rename failing part way (the folder's file system
// gone) leaves some committed and others not.
func CommitAll(ps ...*Pending) error {
	for i, p := range ps {
		if p == nil {
			continue
		}
		if err := p.Commit(); err != nil {
			DiscardAll(ps[i+1:]...)
			return err
		}
	}
	return nil
}

// DiscardAll discards ps (nil ones skipped).
func DiscardAll(ps ...*Pending) {
	for _, p := range ps {
		p.Discard()
	}
}

// IsStream reports whether WriteFile writes path as a stream rather than replacing it:
// an existing device or named pipe (symbolic links followed), not a regular file or
// folder, or the file stdout or stderr is (stdDescriptor).
func IsStream(path string) bool {
	if stdDescriptor(path) != nil {
		return true
	}
	info, err := os.Stat(path)
	return err == nil && !info.Mode().IsRegular() && !info.IsDir()
}

// stdNames are the names of stdout's and stderr's descriptors.
var stdNames = map[string]int{
	"/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1,
	"/dev/stderr": 2, "/dev/fd/2": 2, "/proc/self/fd/2": 2,
}

// stdDescriptor is os.Stdout or os.Stderr when path names it (/dev/stdout, /dev/fd/2,
// …) or is the very file it is open on (-o run.log >> run.log), or another descriptor
// the shell opened (/dev/fd/3 with 3>> bills.log, fdDescriptor), else nil. Such a path
// is written through the open descriptor: a redirect's file opened anew, or replaced,
// would lose what the shell appends to and where it writes next (`>> run.log` would
// lose its old lines, `{ a; pkgctl -o /dev/stdout; b; } > log` b's place).
func stdDescriptor(path string) *os.File {
	std := []*os.File{os.Stdout, os.Stderr}
	if abs, err := filepath.Abs(path); err == nil {
		if fd, ok := stdNames[abs]; ok && std[fd-1] != nil && std[fd-1].Fd() == uintptr(fd) {
			return std[fd-1]
		}
		if f := fdDescriptor(abs); f != nil {
			return f
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil
	}
	for _, f := range std {
		if f == nil {
			continue
		}
		if fi, err := f.Stat(); err == nil && os.SameFile(info, fi) {
			return f
		}
	}
	return nil
}

// writeStream writes the output of render to the existing non-regular file at path.
func writeStream(path string, render func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := renderBuffered(f, render); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// renderBuffered runs render into w through a buffer smaller than the blocks CSV output
// writes (~0.5 MB), which then go to w without a copy (bufio writes large writes through
// when its buffer is empty).
func renderBuffered(w io.Writer, render func(io.Writer) error) error {
	bw := bufio.NewWriterSize(w, 1<<18)
	if err := render(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// fileMode keeps the permissions of the file being replaced, else 0644.
func fileMode(path string) os.FileMode {
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
		return info.Mode().Perm()
	}
	return 0o644
}

// syncDir makes the rename durable where the platform allows it (best effort:
// some systems cannot fsync a directory).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// writeback writes to f and has what is written made durable as it goes: whenever
// syncEvery bytes have been written since the last flush began and none is running, a
// flush of what is written so far (syncData) starts on a goroutine of its own, while
// writing goes on. The fsync that ends WriteFile then waits only for what the last flush
// did not cover: on a VM's disk the host writes the data out at the flush, about 1 ms a
// megabyte, and a 144 MB ledger's fsync went from 115 to 10 ms (docs/performance.md).
// Where syncData cannot flush on its own (not Linux), nothing is started.
type writeback struct {
	f        *os.File
	off      int64      // bytes written
	from     int64      // off when the last flush began
	flushing chan error // the running flush's result; nil when none runs
	err      error      // the first flush's error
}

// syncEvery is how many bytes are written between the starts of two flushes (tests
// lower it).
var syncEvery int64 = 32 << 20

func (w *writeback) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.off += int64(n)
	if syncsAhead && w.off-w.from >= syncEvery && w.idle() {
		w.from = w.off
		c := make(chan error, 1)
		w.flushing = c
		go func() { c <- syncData(w.f) }()
	}
	return n, err
}

// idle reports whether no flush is running (keeping a finished one's error).
func (w *writeback) idle() bool {
	select {
	case err := <-w.flushing: // a nil channel is never ready
		w.flushing = nil
		w.err = cmp.Or(w.err, err)
		return true
	default:
		return w.flushing == nil
	}
}

// wait waits for the running flush, if any, and returns the first flush's error: a
// write-back error is reported by one flush only, so the final fsync may not see it.
func (w *writeback) wait() error {
	if w.flushing != nil {
		w.err = cmp.Or(w.err, <-w.flushing)
		w.flushing = nil
	}
	return w.err
}

// temps are the temporary files WriteFile has open, so that an interrupted run can
// remove them (RemoveTempFiles).
var temps struct {
	sync.Mutex
	names map[string]bool
}

// createTemp is os.CreateTemp, the file registered in temps while the lock is held (a
// signal handler removing the temps waits for it).
func createTemp(dir, pattern string) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	f, err := os.CreateTemp(dir, pattern)
	if err == nil {
		if temps.names == nil {
			temps.names = map[string]bool{}
		}
		temps.names[f.Name()] = true
	}
	return f, err
}

func forgetTemp(name string) {
	temps.Lock()
	delete(temps.names, name)
	temps.Unlock()
}

// RemoveTempFiles removes the temporary files of the WriteFile calls still running and
// of the outputs prepared, not yet committed, and makes later calls fail before they
// create one: the program is being interrupted (SIGINT, SIGTERM, SIGHUP) and must leave
// no partial output behind.
func RemoveTempFiles() {
	temps.Lock() // held until the process exits: no new temporary file
	for name := range temps.names {
		os.Remove(name)
	}
	temps.names = nil
}
