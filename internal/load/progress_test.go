package load

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgressReader: progress lines count up to 100% and the line is cleared at the
// end; the data passes through unchanged.
func TestProgressReader(t *testing.T) {
	data := strings.Repeat("123456789\n", 1<<20) // 10 MB, 1,048,576 rows
	var out bytes.Buffer
	clock := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &progressReader{r: strings.NewReader(data), w: &out, name: "usage.csv", total: int64(len(data)),
		now: func() time.Time { clock = clock.Add(time.Second); return clock }, lastPerMil: -1}
	got, err := io.ReadAll(p)
	if err != nil || string(got) != data {
		t.Fatalf("data changed: %v", err)
	}
	s := out.String()
	if !strings.Contains(s, "pkgctl: reading usage.csv 100% (10/10 MB)") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("progress output = %q", s[max(0, len(s)-120):])
	}
	// a second a read: the pace shows from the second line on, the rows counted
	if !strings.Contains(s, "(10/10 MB), 1.0M rows, ") || !strings.Contains(s, " rows/s, 0s left") {
		t.Errorf("progress output = %q", s[max(0, len(s)-120):])
	}
}

// TestProgressOnlyForLargeFiles: a small file is read as it is.
func TestProgressOnlyForLargeFiles(t *testing.T) {
	f := tempFile(t, 1<<20)
	if r := WithProgress("small.csv", f, io.Discard, time.Now); r != io.Reader(f) || ShowsProgress(r) {
		t.Errorf("progress shown for a small file")
	}
	g := tempFile(t, 32<<20)
	if r := WithProgress("big.csv", g, io.Discard, time.Now); !ShowsProgress(r) {
		t.Errorf("no progress for a large file")
	}
}

func tempFile(t *testing.T, size int64) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "big-*.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestProgressReaderStat: behind a progress line, an input still tells its size the way
// the loaders ask for it (a Stat method, load's inputSize), so the usage load sizes its
// records as it does without progress.
func TestProgressReaderStat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usage.csv")
	if err := os.WriteFile(path, make([]byte, 12345), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = &progressReader{r: f, f: f, w: io.Discard, name: "usage.csv", total: 12345, now: time.Now}
	st, ok := r.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		t.Fatal("a progress reader has no Stat: the loaders cannot size the input")
	}
	if fi, err := st.Stat(); err != nil || fi.Size() != 12345 || !fi.Mode().IsRegular() {
		t.Errorf("Stat = %v, %v; want the file's 12345 bytes", fi, err)
	}
}

// A file closed before its end (a replay in parts that goes back to memory) has its
// progress line cleared, so that the note printed next starts a line of its own; a
// file that drew nothing prints nothing when closed.
func TestProgressClearedOnClose(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	file, err := OpenPath(tempFile(t, 32<<20).Name(), nil, func(name string, f *os.File) io.Reader {
		return WithProgress(name, f, &out, func() time.Time { clock = clock.Add(time.Second); return clock })
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, file.R, 8<<20); err != nil {
		t.Fatal(err)
	}
	file.Close()
	if s := out.String(); !strings.Contains(s, " 25% (8/32 MB)") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("progress output ends %q, want the line drawn then cleared", s[max(0, len(s)-120):])
	}
	out.Reset()
	file.Close()
	if out.Len() != 0 {
		t.Errorf("a second close printed %q", out.String())
	}
}
