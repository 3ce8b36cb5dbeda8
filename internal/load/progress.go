package load

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// progressMinBytes is the size from which a load shows progress: smaller files load in
// well under a second.
const progressMinBytes = 16 << 20

// progressReader reports how much of a large input has been read, on stderr, at most a
// few times a second (WithProgress).
type progressReader struct {
	r           io.Reader
	f           *os.File // r's file
	w           io.Writer
	name        string
	total, n    int64
	rows        int64 // lines read so far
	now         func() time.Time
	start, last time.Time
	lastPerMil  int64
	shown       bool // a line is drawn and not cleared
}

// Stat is the file's: the loaders size their results from the input's size (a usage
// file read without it keeps its records in growing blocks: ~45 % more memory at 1M).
func (p *progressReader) Stat() (fs.FileInfo, error) { return p.f.Stat() }

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	p.rows += int64(bytes.Count(b[:n], []byte{'\n'}))
	if t := p.now(); err != nil || t.Sub(p.last) >= 200*time.Millisecond {
		if p.start.IsZero() {
			p.start = t
		}
		p.last = t
		p.draw(err != nil)
	}
	return n, err
}

func (p *progressReader) draw(done bool) {
	perMil := p.n * 1000 / p.total
	if perMil == p.lastPerMil && !done {
		return
	}
	p.lastPerMil = perMil
	fmt.Fprintf(p.w, "\rpkgctl: reading %s %3d%% (%d/%d MB)%s", p.name, perMil/10, p.n>>20, p.total>>20, p.pace())
	p.shown = true
	if done {
		p.clear()
	}
}

// clear clears the line drawn, if any: at the end of the file, and when it is closed
// before its end (a replay in parts that stops reading to replay in memory), so that
// what is printed next starts a line of its own.
func (p *progressReader) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K") // the data on stdout stays clean
		p.shown = false
	}
}

// pace says how fast the rows come and when the file will be read: ", 1.2M rows, 850k
// rows/s, 3s left" (nothing before a second has passed).
func (p *progressReader) pace() string {
	ms := p.last.Sub(p.start).Milliseconds()
	if ms < 1000 || p.n == 0 {
		return ""
	}
	left := time.Duration((p.total-p.n)*ms/p.n) * time.Millisecond
	return fmt.Sprintf(", %s rows, %s rows/s, %s left\033[K", count(p.rows), count(p.rows*1000/ms), left.Round(time.Second))
}

// count is n for people: 950, 12k, 4.5M.
func count(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%d.%dM", n/1_000_000, n%1_000_000/100_000)
	case n >= 10_000:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// WithProgress wraps f in a reader that draws the progress of reading it on w (a
// terminal) when it is large; otherwise it returns f unchanged.
func WithProgress(name string, f *os.File, w io.Writer, now func() time.Time) io.Reader {
	st, err := f.Stat()
	if err != nil || st.Size() < progressMinBytes {
		return f
	}
	return &progressReader{r: f, f: f, w: w, name: name, total: st.Size(), now: now, lastPerMil: -1}
}

// ShowsProgress reports whether r draws its progress (WithProgress wrapped it).
func ShowsProgress(r io.Reader) bool {
	_, ok := r.(*progressReader)
	return ok
}
