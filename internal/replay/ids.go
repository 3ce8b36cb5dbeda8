package replay

import (
	"fmt"

	"github.com/pkgctl/pkgctl/internal/value"
)

// UnknownIDError names an id that is not a package of the ledger (Package) or not a
// replayed record: unknown, or deducted after as-of.
type UnknownIDError struct {
	ID      string
	Package bool
}

func (e *UnknownIDError) Error() string {
	if e.Package {
		return fmt.Sprintf("no package %s", value.Quote(e.ID))
	}
	return fmt.Sprintf("no replayed record %s (unknown id, or deducted after --as-of)", value.Quote(e.ID))
}

// Unknown returns an *UnknownIDError for the first of packages that is not a package of
// the ledger, else for the first of records that is not a replayed record: a listing
// filtered on it would be empty, which reads as "nothing happened".
func (l *Ledger) Unknown(packages, records []string) error {
	for _, id := range packages {
		if l.Package(id) < 0 {
			return &UnknownIDError{ID: id, Package: true}
		}
	}
	if len(records) == 0 {
		return nil
	}
	replayed := make(map[string]bool, len(l.Records))
	for i := range l.Records {
		replayed[l.Records[i].Rec.ID] = true
	}
	for _, id := range records {
		if !replayed[id] {
			return &UnknownIDError{ID: id}
		}
	}
	return nil
}
