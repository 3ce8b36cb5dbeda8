package testkit

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/shopspring/decimal"
)

// ParquetTable is a Parquet file read back whole: its columns' names and types, and
// its rows, each value as a Go value: nil (null), string, int64, bool,
// decimal.Decimal (DECIMAL), time.Time (TIMESTAMP, in UTC; DATE, midnight UTC).
type ParquetTable struct {
	Columns []ParquetColumn
	Rows    [][]any
	Groups  int // row groups
}

// ParquetColumn is a column's name and type: "STRING", "INT64", "BOOLEAN",
// "DECIMAL(38,2)", "TIMESTAMP(MICROS,UTC)", "DATE", or the physical type otherwise.
type ParquetColumn struct {
	Name     string
	Type     string
	Optional bool
}

// ReadParquet reads the file at path.
func ReadParquet(path string) (*ParquetTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, err
	}
	t := &ParquetTable{Groups: len(pf.RowGroups())}
	fields := pf.Schema().Fields()
	scales := make([]int32, len(fields))
	for i, fl := range fields {
		c := ParquetColumn{Name: fl.Name(), Optional: fl.Optional(), Type: fl.Type().Kind().String()}
		if lt := fl.Type().LogicalType(); lt != nil && lt.Value != nil {
			switch v := lt.Value.(type) {
			case *format.StringType:
				c.Type = "STRING"
			case *format.DecimalType:
				c.Type = fmt.Sprintf("DECIMAL(%d,%d)", v.Precision, v.Scale)
				scales[i] = v.Scale
			case *format.TimestampType:
				zone := "LOCAL"
				if v.IsAdjustedToUTC {
					zone = "UTC"
				}
				c.Type = "TIMESTAMP(" + v.Unit.String() + "," + zone + ")"
			case *format.DateType:
				c.Type = "DATE"
			case *format.IntType:
				c.Type = fmt.Sprintf("INT%d", v.BitWidth)
			}
		}
		t.Columns = append(t.Columns, c)
	}
	r := parquet.NewReader(f, pf.Schema())
	defer r.Close()
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			out := make([]any, len(fields))
			for _, v := range row {
				out[v.Column()] = goValue(v, t.Columns[v.Column()].Type, scales[v.Column()])
			}
			t.Rows = append(t.Rows, out)
		}
		if err != nil {
			break
		}
	}
	if int64(len(t.Rows)) != pf.NumRows() {
		return nil, fmt.Errorf("%s: read %d of %d rows", path, len(t.Rows), pf.NumRows())
	}
	return t, nil
}

func goValue(v parquet.Value, typ string, scale int32) any {
	if v.IsNull() {
		return nil
	}
	switch {
	case typ == "STRING":
		return string(v.ByteArray())
	case typ == "DATE":
		return time.Unix(int64(v.Int32())*86400, 0).UTC()
	case len(typ) > 9 && typ[:9] == "TIMESTAMP":
		return time.UnixMicro(v.Int64()).UTC()
	case len(typ) > 7 && typ[:7] == "DECIMAL":
		b := v.ByteArray()
		n := new(big.Int).SetBytes(b)
		if len(b) > 0 && b[0]&0x80 != 0 {
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
		}
		return decimal.NewFromBigInt(n, -scale)
	}
	switch v.Kind() {
	case parquet.Boolean:
		return v.Boolean()
	case parquet.Int64:
		return v.Int64()
	case parquet.Int32:
		return int64(v.Int32())
	}
	return string(v.ByteArray())
}

// SameAsCSV reports the first difference between the Parquet table and the CSV text of
// the same listing: the same header and rows, and each value the same as its CSV field
// (a null is an empty field; a decimal equals the field's number, and a money column's
// printed with its scale's decimals is the field; a timestamp is the field's instant; a
// date is the field's day; text, integers and booleans print as the field).
func (t *ParquetTable) SameAsCSV(csvText []byte) error {
	recs, err := csv.NewReader(bytes.NewReader(csvText)).ReadAll()
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fmt.Errorf("empty csv")
	}
	if len(recs[0]) != len(t.Columns) {
		return fmt.Errorf("csv has %d columns, parquet %d", len(recs[0]), len(t.Columns))
	}
	for j, h := range recs[0] {
		if h != t.Columns[j].Name {
			return fmt.Errorf("column %d: csv %q, parquet %q", j, h, t.Columns[j].Name)
		}
	}
	if len(recs)-1 != len(t.Rows) {
		return fmt.Errorf("csv has %d rows, parquet %d", len(recs)-1, len(t.Rows))
	}
	for i, rec := range recs[1:] {
		for j, field := range rec {
			if err := sameValue(t.Rows[i][j], field, t.Columns[j].Type); err != nil {
				return fmt.Errorf("row %d column %s: %w", i+1, t.Columns[j].Name, err)
			}
		}
	}
	return nil
}

func sameValue(v any, field, typ string) error {
	if v == nil {
		if field != "" {
			return fmt.Errorf("null in parquet, %q in csv", field)
		}
		return nil
	}
	switch x := v.(type) {
	case decimal.Decimal:
		d, err := decimal.NewFromString(field)
		if err != nil || !d.Equal(x) {
			return fmt.Errorf("parquet %s, csv %q", x, field)
		}
		if strings.Contains(field, ".") && x.StringFixed(-x.Exponent()) != strings.TrimPrefix(field, "+") && typ != "DECIMAL(38,18)" {
			return fmt.Errorf("parquet %s prints %s, csv %q", x, x.StringFixed(-x.Exponent()), field)
		}
	case time.Time:
		if typ == "DATE" {
			if x.Format(time.DateOnly) != field {
				return fmt.Errorf("parquet %s, csv %q", x.Format(time.DateOnly), field)
			}
			return nil
		}
		c, err := time.Parse(time.RFC3339, field)
		if err != nil || !c.Equal(x) {
			return fmt.Errorf("parquet %s, csv %q", x.Format(time.RFC3339Nano), field)
		}
	default:
		if s := fmt.Sprint(x); s != field {
			return fmt.Errorf("parquet %q, csv %q", s, field)
		}
	}
	return nil
}
