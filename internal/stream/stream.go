// Package stream replays a usage file too large to hold as it is read, a part at a time
// (docs/rules.md §2.9): the usage CSV read in chunks (load.UsageStream), held a bounded
// number of records at a time and replayed in parts (replay.RunParts), each part's
// ledger handed on (deduct writes its entries) or its deductions gathered for the
// amortization (amortize.Used). When the file turns out not to be in deduct order, or
// its record_ids cannot be told apart as it goes, the caller replays it in memory
// (InMemory).
package stream

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/pkgctl/pkgctl/internal/amortize"
	"github.com/pkgctl/pkgctl/internal/load"
	"github.com/pkgctl/pkgctl/internal/model"
	"github.com/pkgctl/pkgctl/internal/replay"
)

// Hold is how many usage records a replay in parts holds at most (replay.Stream): 262,144
// records, about 60 MB.
var Hold = 1 << 18

// Large reports whether the usage file at path is to be replayed as it is read: a
// regular CSV file (not stdin, not XLSX) of from bytes or more.
func Large(path string, from int64) bool {
	size, ok := CSVSize(path)
	return ok && size >= from
}

// CSVSize is the size of the usage file at path when it is a regular CSV file (not
// stdin, not XLSX, not missing): what stream_usage_from and in_memory_usage_to bound.
func CSVSize(path string) (int64, bool) {
	if path == "" || path == "-" || strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return 0, false
	}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return 0, false
	}
	return st.Size(), true
}

// Source is a replay in parts: the packages, the usage file and the options.
type Source struct {
	Packages []model.Package
	Usage    func() (load.File, error)
	Load     load.Options   // how the usage is read
	Options  replay.Options // how it is replayed
	Report   *load.Report   // the usage file's, once read
	// Windows keeps the level packages' windows in the ledger returned, for its
	// overview (check compares the packages' used and remaining with it).
	Windows bool
}

// Replay replays the usage as it is read, calling part with each part's ledger, and
// returns the ledger of the whole replay without records.
func (s *Source) Replay(part func(*replay.Ledger) error) (*replay.Ledger, error) {
	f, err := s.Usage()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return replay.RunParts(s.Packages, s.Options, Hold, s.Windows, func(add func([]model.Record) error) (err error) {
		s.Report, err = load.UsageStream(f.Name, f.R, s.Load, add)
		return err
	}, part)
}

// Gather replays the usage as it is read and gathers its deductions for an amortization
// with cfg (amortize.RunUsed); each part's ledger is also handed to also, when not nil.
func (s *Source) Gather(cfg amortize.Config, also func(*replay.Ledger)) (*replay.Ledger, *amortize.Used, error) {
	used := amortize.NewUsed(cfg)
	l, err := s.Replay(func(p *replay.Ledger) error {
		used.Add(p)
		if also != nil {
			also(p)
		}
		return nil
	})
	return l, used, err
}

// InMemory reports whether err means that the usage must be replayed in memory instead:
// it is not in deduct order, a record needs a level window already let go of, or its
// record_ids could not be told apart as it was read.
func InMemory(err error) bool {
	var ue *replay.UnorderedError
	var le *replay.LateError
	return errors.As(err, &ue) || errors.As(err, &le) || errors.Is(err, load.ErrNotStreamable)
}
