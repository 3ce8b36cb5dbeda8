package amortize

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/pkgctl/pkgctl/internal/model"
)

// focusTimes are the four times of a FOCUS row, formatted.
type focusTimes struct{ periodStart, periodEnd, start, end string }

// focuser formats FOCUS rows, reusing what repeats from row to row: the times of a day,
// tags, small amounts.
type focuser struct {
	r       *Result
	lastDay time.Time
	day     focusTimes
	tags    map[tagsID]string
	money   map[decimal.Decimal]string
}

// tagsID identifies a tag set by its backing array (rows of a package share it).
type tagsID struct {
	first *model.Tag
	n     int
}

func newFocuser(r *Result) *focuser {
	return &focuser{r: r, tags: map[tagsID]string{}, money: map[decimal.Decimal]string{}}
}

// times formats a charge period [start, end) and its billing period (start's month).
func (f *focuser) times(start, end time.Time) focusTimes {
	y, m, _ := start.In(f.r.zone()).Date()
	bs := time.Date(y, m, 1, 0, 0, 0, 0, f.r.zone())
	return focusTimes{utc(bs), utc(bs.AddDate(0, 1, 0)), utc(start), utc(end)}
}

// dayTimes is times of the bill day d.
func (f *focuser) dayTimes(d time.Time) focusTimes {
	if d != f.lastDay || f.day.start == "" {
		f.lastDay, f.day = d, f.times(d, d.AddDate(0, 0, 1))
	}
	return f.day
}

func (f *focuser) tagsJSON(t model.Tags) string {
	if len(t) == 0 {
		return ""
	}
	id := tagsID{&t[0], len(t)}
	s, ok := f.tags[id]
	if !ok {
		s = tagsJSON(t)
		f.tags[id] = s
	}
	return s
}

// fixed is d.StringFixed(prec); amounts shared between rows (one *big.Int) format once.
func (f *focuser) fixed(d decimal.Decimal) string {
	s, ok := f.money[d]
	if !ok {
		s = d.StringFixed(f.r.prec)
		if len(f.money) < 1<<16 {
			f.money[d] = s
		}
	}
	return s
}

func (f *focuser) row(p *model.Package, c focusCharge, t focusTimes) []string {
	consumedUnit := ""
	if c.consumed.Valid {
		consumedUnit = c.unit
	}
	billed := f.fixed(c.billed)
	return []string{
		billed, p.Currency, t.periodStart, t.periodEnd,
		c.category, p.Configuration, c.frequency, t.start, t.end,
		"Usage", p.ID, c.status, "Resource Package", nullDec(c.consumed), consumedUnit,
		billed, f.fixed(c.effective), billed,
		p.Region, p.Product, f.tagsJSON(c.tags),
		c.method.String(), c.billType, c.project, nullDec(c.qty), c.unit,
	}
}
