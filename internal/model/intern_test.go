package model

import "testing"

// Interner numbers texts as first met; IDOf shares a number between keys alike and
// shows the first spelling.
func TestInterner(t *testing.T) {
	var n Interner
	if a, b, c := n.ID("x"), n.ID("y"), n.ID("x"); a != 0 || b != 1 || c != 0 {
		t.Fatalf("ids %d %d %d, want 0 1 0", a, b, c)
	}
	if a, b := n.IDOf("web", "Web"), n.IDOf("web", "WEB"); a != 2 || b != 2 || n.Texts[2] != "Web" {
		t.Fatalf("IDOf: %d %d, text %q; want 2 2 \"Web\"", a, b, n.Texts[2])
	}
}
