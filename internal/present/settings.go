package present

import (
	"time"

	"github.com/pkgctl/pkgctl/internal/report"
)

// Settings are what every document takes from the run: the zone and money precision of
// its cells, the as-of instant it reports, and the width of the terminal its table goes
// to (0: a file or a pipe, full width). OnTerminal, when set, is told of every document
// made for the terminal, so that the command can say when text was cut to fit.
type Settings struct {
	Location   *time.Location
	Precision  int32
	AsOf       time.Time
	Width      int
	OnTerminal func(*report.Document)
}

// doc starts a document of the tables in these settings.
func (s *Settings) doc(tables ...*report.Table) *report.Document {
	d := &report.Document{Tables: tables, Precision: s.Precision, Location: s.Location, Width: s.Width}
	if d.Width > 0 && s.OnTerminal != nil {
		s.OnTerminal(d)
	}
	return d
}
