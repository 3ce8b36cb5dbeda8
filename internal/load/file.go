package load

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// OpenError is an input that cannot be opened (missing, a folder, not readable): the
// user's to fix, as bad usage.
type OpenError struct{ Msg, Hint string }

func (e *OpenError) Error() string { return e.Msg }

// UsageHint marks the error as bad usage, with what to do.
func (e *OpenError) UsageHint() string { return e.Hint }

// OpenPath opens the named input for reading; "-" is stdin (read as CSV, never closed).
// progress, when not nil, wraps a file opened from disk (WithProgress).
func OpenPath(path string, stdin io.Reader, progress func(name string, f *os.File) io.Reader) (File, error) {
	if path == "-" {
		return File{Name: "stdin", R: stdin, Close: func() {}}, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return File{}, &OpenError{Msg: fmt.Sprintf("%s is a folder, not an exported file", path),
			Hint: "name the CSV or XLSX file inside it"}
	}
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return File{}, &OpenError{Msg: fmt.Sprintf("%s: %v", path, err)}
	}
	var r io.Reader = f
	if progress != nil {
		r = progress(path, f)
	}
	if p, ok := r.(*progressReader); ok {
		return File{Name: path, R: r, Close: func() { p.clear(); f.Close() }}, nil
	}
	return File{Name: path, R: r, Close: func() { f.Close() }}, nil
}
