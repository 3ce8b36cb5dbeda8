package load

// Column describes one canonical input column, for documentation and help output.
type Column struct {
	Name     string   // canonical name, as used in config aliases and error messages
	Required bool     // must be present (a unit may instead ride on its quantity)
	Aliases  []string // built-in header names besides the canonical one
}

// Columns lists the canonical columns of a kind of file (KindPackages, KindUsage,
// KindBills) in schema order; nil for an unknown kind.
func Columns(kind string) []Column {
	s := schemaOf(kind)
	if s == nil {
		return nil
	}
	out := make([]Column, len(s.cols))
	for i, c := range s.cols {
		out[i] = Column{Name: c.name, Required: c.need != optional, Aliases: append([]string(nil), c.aliases...)}
	}
	return out
}
