// Command tokenize is the performance baseline of docs/performance.md: it reads CSV
// files with plain encoding/csv (ReuseRecord) and does nothing with the fields, so
// pkgctl's own time can be reported as a multiple of merely tokenizing its inputs.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	start := time.Now()
	rows := 0
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
		r.ReuseRecord = true
		r.FieldsPerRecord = -1
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			rows++
		}
		f.Close()
	}
	fmt.Printf("%d rows in %.3f s\n", rows, time.Since(start).Seconds())
}
