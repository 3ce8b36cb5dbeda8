package amortize

import "github.com/pkgctl/pkgctl/internal/model"

// tagTable interns tag sets by their String(): id 0 is the empty set.
type tagTable struct {
	ids map[string]int32
	str []string
	buf []byte
}

func (t *tagTable) id(tags model.Tags) int32 {
	if t.ids == nil {
		t.ids, t.str = map[string]int32{"": 0}, []string{""}
	}
	if len(tags) == 0 {
		return 0
	}
	b := t.buf[:0]
	for i, tag := range tags {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(append(append(b, tag.Key...), '='), tag.Value...)
	}
	t.buf = b
	if id, ok := t.ids[string(b)]; ok {
		return id
	}
	id := int32(len(t.str))
	s := string(b)
	t.ids[s], t.str = id, append(t.str, s)
	return id
}
