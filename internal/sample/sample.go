package sample

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/xuri/excelize/v2"
)

//go:embed data/packages.csv data/usage.csv
var files embed.FS

// File is one embedded input.
type File struct {
	Name string // e.g. "sample/packages.csv", used in error locations
	Data []byte
}

func mustRead(name string) File {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	return File{Name: "sample/" + name, Data: b}
}

// Packages returns the sample packages export (CSV).
func Packages() File { return mustRead("packages.csv") }

// Usage returns the sample usage export (CSV).
func Usage() File { return mustRead("usage.csv") }

var (
	dateTimeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)
	dateRe     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	numberRe   = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
)

// WriteXLSX converts an embedded CSV into a workbook with one sheet, the way consoles
// export: timestamps as date cells, plain numbers as number cells, the rest as text.
func WriteXLSX(w io.Writer, f File, sheet string) error {
	rows, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	custom := "yyyy-mm-dd hh:mm:ss"
	dateTime, err := x.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	if err != nil {
		return err
	}
	dateOnly, err := x.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	for r, row := range rows {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := setCell(x, sheet, cell, v, r == 0, dateTime, dateOnly); err != nil {
				return err
			}
		}
	}
	_, err = x.WriteTo(w)
	return err
}

func setCell(x *excelize.File, sheet, cell, v string, header bool, dateTime, dateOnly int) error {
	switch {
	case header || v == "":
		return x.SetCellStr(sheet, cell, v)
	case dateTimeRe.MatchString(v):
		t, err := time.Parse(time.DateTime, v)
		if err != nil {
			return err
		}
		if err := x.SetCellValue(sheet, cell, t); err != nil {
			return err
		}
		return x.SetCellStyle(sheet, cell, cell, dateTime)
	case dateRe.MatchString(v):
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return err
		}
		if err := x.SetCellValue(sheet, cell, t); err != nil {
			return err
		}
		return x.SetCellStyle(sheet, cell, cell, dateOnly)
	case numberRe.MatchString(v):
		// the exact decimal text, stored as a number cell (no float conversion)
		return x.SetCellDefault(sheet, cell, v)
	}
	return x.SetCellStr(sheet, cell, v)
}
