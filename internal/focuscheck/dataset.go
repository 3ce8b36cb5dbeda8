package focuscheck

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"time"
)

// Value is one field: its text, or null.
type Value struct {
	S    string
	Null bool
}

// Dataset is a FOCUS file read into memory.
type Dataset struct {
	Columns []string
	// Types holds each column's storage type when the file has one (Parquet):
	// "STRING", "DECIMAL(p,s)", "TIMESTAMP(MICROS,UTC)"…; nil for CSV.
	Types []string
	Rows  [][]Value
	index map[string]int
}

// FromCSV reads a FOCUS CSV file: an empty field is a null.
func FromCSV(b []byte) (*Dataset, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("focuscheck: empty file")
	}
	d := &Dataset{Columns: recs[0]}
	for _, rec := range recs[1:] {
		row := make([]Value, len(rec))
		for j, s := range rec {
			row[j] = Value{S: s, Null: s == ""}
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

// Col is the index of a column, or -1.
func (d *Dataset) Col(name string) int {
	if d.index == nil {
		d.index = map[string]int{}
		for j, c := range d.Columns {
			if _, dup := d.index[c]; !dup {
				d.index[c] = j
			}
		}
	}
	if j, ok := d.index[name]; ok {
		return j
	}
	return -1
}

// get is row r's value of column name (null when the column is absent).
func (d *Dataset) get(r []Value, name string) Value {
	if j := d.Col(name); j >= 0 && j < len(r) {
		return r[j]
	}
	return Value{Null: true}
}

// DateTimeLayout is FOCUS's date/time form: UTC, whole seconds, ending in Z.
const DateTimeLayout = "2006-01-02T15:04:05Z"

func parseTime(v Value) (time.Time, bool) {
	if v.Null || len(v.S) != len(DateTimeLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(DateTimeLayout, v.S)
	return t, err == nil
}
