package replay

import "slices"

// finish sums each package's Used, sorts level windows by (Start, End) and remaps
// entries to them, and gives every record its entry indices (contiguous, sharing one
// backing array).
func finish(l *Ledger) {
	for pi := range l.Packages {
		ps := &l.Packages[pi]
		for k := range ps.Periods {
			ps.Used = ps.Used.Add(ps.Periods[k].Used)
		}
		ws := l.Packages[pi].Windows
		if len(ws) < 2 {
			continue
		}
		order := make([]int, len(ws))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			if c := ws[a].Start.Compare(ws[b].Start); c != 0 {
				return c
			}
			return ws[a].End.Compare(ws[b].End)
		})
		sorted := make([]Window, len(ws))
		for to, from := range order {
			sorted[to] = ws[from]
			for _, e := range ws[from].Entries {
				l.Entries[e].Window = to
			}
		}
		l.Packages[pi].Windows = sorted
	}
	all := make([]int, len(l.Entries))
	for i := range all {
		all[i] = i
	}
	for i := 0; i < len(l.Entries); {
		j := i
		for j < len(l.Entries) && l.Entries[j].Record == l.Entries[i].Record {
			j++
		}
		l.Records[l.Entries[i].Record].Entries = all[i:j:j]
		i = j
	}
}
