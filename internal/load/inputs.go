package load

import (
	"io"

	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/par"
)

// File is one opened input: its name in messages, its content, and what closes it.
// Alone says it must not be read while another input is (it shows progress on the
// terminal, which would mix with another's, or it is stdin).
type File struct {
	Name  string
	R     io.Reader
	Close func()
	Alone bool
}

// Opener opens an input when it is about to be read.
type Opener func() (File, error)

// Inputs names what to read: each Opener is nil when that input is not wanted.
// BillSink, when set, takes the bills' valid rows as they are read, instead of
// Loaded.Bills: it is called once the packages are read, with them and an estimate of
// the bills' rows, and returns what each row is handed to (BillsEach).
type Inputs struct {
	Packages, Usage, Bills Opener
	BillSink               func(pkgs []model.Package, hint int) func(*model.BillRow)
}

// Loaded is what Read read, with the report of each file, in the order read.
type Loaded struct {
	Packages []model.Package
	Records  []model.Record
	Bills    []model.BillRow
	Reports  []*Report
}

// Read loads the packages, the usage and the bills, every problem of every file
// together (a load.Errors after all were read); an error that is not one (a file that
// cannot be opened or read) stops it at once. The packages load on their own goroutine
// while the usage loads (the usage load leaves some of the cores' time free), and then
// the bills, unless a file is Alone; a packages file that cannot be read at all still
// stops the run before the usage is used (the usage's file is closed under its load).
func Read(in Inputs, opt Options) (*Loaded, error) {
	res := &Loaded{}
	var problems Errors
	collect := func(rep *Report, err error) error {
		if rep != nil {
			res.Reports = append(res.Reports, rep)
		}
		if le, ok := err.(Errors); ok {
			problems.join(le)
			return nil
		}
		return err
	}
	var pkg struct {
		pkgs []model.Package
		rep  *Report
		err  error
	}
	var loadPackages func() // fills pkg; nil once run
	alone := false
	if in.Packages != nil {
		f, err := in.Packages()
		if err != nil {
			return nil, err
		}
		loadPackages = func() {
			defer f.Close()
			pkg.pkgs, pkg.rep, pkg.err = Packages(f.Name, f.R, opt)
		}
		alone = f.Alone
	}
	fatal := func(err error) bool {
		_, problems := err.(Errors)
		return err != nil && !problems
	}
	var bill struct {
		rows []model.BillRow
		rep  *Report
		err  error
		open error // the file's, when it could not be opened
		f    *File // opened, not yet read
	}
	if in.Bills != nil {
		f, err := in.Bills()
		if bill.open = err; err == nil {
			bill.f = &f
		}
	}
	// loadBills reads the opened bills file, given the packages read.
	loadBills := func(pkgs []model.Package) {
		f := bill.f
		bill.f = nil
		defer f.Close()
		if in.BillSink != nil {
			bill.rep, bill.err = BillsEach(f.Name, f.R, opt, func(hint int) func(*model.BillRow) { return in.BillSink(pkgs, hint) })
		} else {
			bill.rows, bill.rep, bill.err = Bills(f.Name, f.R, opt)
		}
	}
	defer func() { // a run stopped early: close what is still open
		if bill.f != nil {
			bill.f.Close()
		}
	}()
	var usage struct {
		recs []model.Record
		rep  *Report
		err  error
	}
	if in.Usage != nil {
		f, err := in.Usage()
		if usage.err = err; err == nil {
			if loadPackages != nil && !alone && !f.Alone {
				withBills := bill.f != nil && !bill.f.Alone
				loaded := make(chan struct{})
				var sidePanic *par.Panic // raised again here (package par)
				go func() {
					defer close(loaded)
					sidePanic = par.Catch(func() {
						if loadPackages(); fatal(pkg.err) {
							f.Close() // the usage load stops at its next read; its result is not used
						} else if withBills {
							loadBills(pkg.pkgs)
						}
					})
					if sidePanic != nil {
						f.Close()
					}
				}()
				func() {
					defer func() { <-loaded }() // also when the usage load panics: the bills are the goroutine's till then
					usage.recs, usage.rep, usage.err = Usage(f.Name, f.R, opt)
				}()
				if sidePanic != nil {
					panic(sidePanic)
				}
			} else {
				if loadPackages != nil {
					loadPackages()
				}
				if !fatal(pkg.err) {
					usage.recs, usage.rep, usage.err = Usage(f.Name, f.R, opt)
				}
			}
			loadPackages = nil
			f.Close()
		}
	}
	if loadPackages != nil { // no usage wanted, or its file did not open
		loadPackages()
	}
	if in.Packages != nil {
		if err := collect(pkg.rep, pkg.err); err != nil {
			return nil, err
		}
		res.Packages = pkg.pkgs
	}
	if in.Usage != nil {
		if err := collect(usage.rep, usage.err); err != nil {
			return nil, err
		}
		res.Records = usage.recs
	}
	if in.Bills != nil {
		if bill.open != nil {
			return nil, bill.open
		}
		if bill.f != nil { // not read beside the usage
			loadBills(res.Packages)
		}
		if err := collect(bill.rep, bill.err); err != nil {
			return nil, err
		}
		res.Bills = bill.rows
	}
	if problems.Len() > 0 {
		return res, problems
	}
	return res, nil
}
