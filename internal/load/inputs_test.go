package load

import (
	"errors"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/sample"
)

// opener opens text as a file named name, counting its closes in *closed.
func opener(name, text string, closed *int) Opener {
	return func() (File, error) {
		return File{Name: name, R: strings.NewReader(text), Close: func() { *closed++ }}, nil
	}
}

const billsText = "bill_date,package_id,bill_type,amount\n" +
	"2024-01-02,PKG-OBS-100G,Expenditure-resource packages used,2.01\n" +
	"2024-01-03,PKG-OBS-100G,Expenditure-resource packages used,1.50\n"

// TestReadBillsBesideTheUsage: the bills are read beside the usage, once the packages
// are, and every file is read and closed once; a sink gets the packages read and every
// row, in file order, instead of Loaded.Bills; problems of every file come together, a
// bills file that cannot be opened is the run's error.
func TestReadBillsBesideTheUsage(t *testing.T) {
	pk, us := string(sample.Packages().Data), string(sample.Usage().Data)
	var closed int
	var got []string
	var sunk []model.Package
	in := Inputs{Packages: opener("p.csv", pk, &closed), Usage: opener("u.csv", us, &closed), Bills: opener("b.csv", billsText, &closed),
		BillSink: func(pkgs []model.Package, _ int) func(*model.BillRow) {
			sunk = pkgs
			return func(b *model.BillRow) { got = append(got, b.Amount.String()) }
		}}
	res, err := Read(in, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Packages) == 0 || len(sunk) != len(res.Packages) || len(res.Records) == 0 {
		t.Errorf("%d packages (%d to the sink), %d records", len(res.Packages), len(sunk), len(res.Records))
	}
	if strings.Join(got, " ") != "2.01 1.5" || res.Bills != nil || closed != 3 || len(res.Reports) != 3 {
		t.Errorf("sink got %v, Loaded.Bills %d, %d closes, %d reports", got, len(res.Bills), closed, len(res.Reports))
	}

	in.BillSink, closed = nil, 0
	if res, err = Read(in, testOptions()); err != nil || len(res.Bills) != 2 || closed != 3 {
		t.Fatalf("without a sink: %v, %d bills, %d closes", err, len(res.Bills), closed)
	}

	// A bad row in the usage and in the bills: both reported, the usage's first.
	badUsage := us + "bad-id,OBS,Standard storage,cn-north-4,,r,2024-01-02 00:00:00,2024-01-01 00:00:00,,1,GB,,,\n"
	in.Usage, in.Bills = opener("u.csv", badUsage, &closed), opener("b.csv", billsText+"2024-01-04,PKG-OBS-100G,nope,1\n", &closed)
	_, err = Read(in, testOptions())
	var probs Errors
	if !errors.As(err, &probs) || len(probs.Problems) < 2 || probs.Problems[0].Src.File != "u.csv" || probs.Problems[len(probs.Problems)-1].Src.File != "b.csv" {
		t.Errorf("problems of both files: %v", err)
	}

	// Bills that cannot be opened: that error, after the other files' problems are read.
	closed = 0
	in.Bills = func() (File, error) { return File{}, io.ErrUnexpectedEOF }
	if _, err = Read(in, testOptions()); !errors.Is(err, io.ErrUnexpectedEOF) || closed != 2 {
		t.Errorf("unopened bills: %v, %d closes", err, closed)
	}

	// A packages file with no header: its problem is the run's; every file is closed once.
	closed = 0
	in.Packages, in.Usage, in.Bills = opener("p.csv", "nothing here\n", &closed), opener("u.csv", us, &closed), opener("b.csv", billsText, &closed)
	if _, err = Read(in, testOptions()); err == nil || closed != 3 {
		t.Errorf("packages without a header: %v, %d closes", err, closed)
	}
}

// doneReader reads r, slowly at first (a large file), and sets *done at its end.
type doneReader struct {
	r    io.Reader
	done *atomic.Bool
	slow *sync.Once
}

func (d doneReader) Read(b []byte) (int, error) {
	d.slow.Do(func() { time.Sleep(50 * time.Millisecond) })
	n, err := d.r.Read(b)
	if err == io.EOF {
		d.done.Store(true)
	}
	return n, err
}

// seenReader reads r, noting in *early whether its first read came before *done.
type seenReader struct {
	r     io.Reader
	done  *atomic.Bool
	early *atomic.Bool
	first *atomic.Bool
}

func (s seenReader) Read(b []byte) (int, error) {
	if !s.first.Swap(true) && !s.done.Load() {
		s.early.Store(true)
	}
	return s.r.Read(b)
}

// TestReadAloneBills: a bills file that is Alone (its progress shown, or stdin) is read
// after the usage, never beside it.
func TestReadAloneBills(t *testing.T) {
	pk, us := string(sample.Packages().Data), string(sample.Usage().Data)
	var closed int
	var done, early, first atomic.Bool
	in := Inputs{Packages: opener("p.csv", pk, &closed),
		Usage: func() (File, error) {
			return File{Name: "u.csv", R: doneReader{strings.NewReader(us), &done, &sync.Once{}}, Close: func() { closed++ }}, nil
		},
		Bills: func() (File, error) {
			return File{Name: "b.csv", R: seenReader{strings.NewReader(billsText), &done, &early, &first},
				Close: func() { closed++ }, Alone: true}, nil
		}}
	res, err := Read(in, testOptions())
	if err != nil || len(res.Bills) != 2 || closed != 3 {
		t.Fatalf("%v, %d bills, %d closes", err, len(res.Bills), closed)
	}
	if early.Load() {
		t.Error("a bills file that is Alone was read beside the usage")
	}
}

// panicReader panics on its first read.
type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("usage reader") }

// TestReadUsagePanicWaitsForTheBills: a panic in the usage's load comes out of Read once
// the packages' goroutine has read (and closed, once) the bills.
func TestReadUsagePanicWaitsForTheBills(t *testing.T) {
	pk := string(sample.Packages().Data)
	var closes atomic.Int32
	var bills atomic.Bool
	in := Inputs{Packages: func() (File, error) {
		return File{Name: "p.csv", R: strings.NewReader(pk), Close: func() { closes.Add(1) }}, nil
	},
		Usage: func() (File, error) {
			return File{Name: "u.csv", R: io.MultiReader(strings.NewReader("record_id,product,billing_item,start_time,end_time,quantity\n"), panicReader{}),
				Close: func() { closes.Add(1) }}, nil
		},
		Bills: func() (File, error) {
			return File{Name: "b.csv", R: strings.NewReader(billsText), Close: func() { closes.Add(1) }}, nil
		},
		BillSink: func([]model.Package, int) func(*model.BillRow) {
			return func(*model.BillRow) { time.Sleep(10 * time.Millisecond); bills.Store(true) }
		}}
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
		if !bills.Load() || closes.Load() != 2 { // the packages and the bills; the usage's file is its caller's
			t.Errorf("bills read %v, %d closes", bills.Load(), closes.Load())
		}
	}()
	Read(in, testOptions())
}
