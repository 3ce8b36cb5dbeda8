package model

// Interner numbers texts in the order they are first met, so that tables can hold an
// int32 where a string repeats: Texts[ID(s)] is s. The zero Interner is ready; it is not
// safe for concurrent use.
type Interner struct {
	ids   map[string]int32
	Texts []string // by id
}

// ID is s's number.
func (n *Interner) ID(s string) int32 { return n.IDOf(s, s) }

// IDOf is key's number; a key met for the first time keeps shown as its text (a
// normalized name shown as first spelled).
func (n *Interner) IDOf(key, shown string) int32 {
	id, ok := n.ids[key]
	if !ok {
		if n.ids == nil {
			n.ids = map[string]int32{}
		}
		id = int32(len(n.Texts))
		n.ids[key] = id
		n.Texts = append(n.Texts, shown)
	}
	return id
}
