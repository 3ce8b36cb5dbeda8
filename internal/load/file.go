package load

import (
	"io"
	"os"
)

// Open opens an input path for reading; "-" is stdin (never closed). The caller passes
// the same path as the file name to Packages, Usage or Bills ("-" reads as CSV).
func Open(path string, stdin io.Reader) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(stdin), nil
	}
	return os.Open(path)
}
