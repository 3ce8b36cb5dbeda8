package testkit

import "testing"

// Items of arrays go on one line; everything else is indented as encoding/json indents,
// escapes kept.
func TestJSONLayout(t *testing.T) {
	in := `{"a":[{"k":"v\u00e9","n":[1,{"x":null}]},[],"s",2],"b":{},"c":{"d":[true]},"e":[]}`
	want := `{
  "a": [
    {"k": "v\u00e9", "n": [1, {"x": null}]},
    [],
    "s",
    2
  ],
  "b": {},
  "c": {
    "d": [
      true
    ]
  },
  "e": []
}`
	if got := string(JSONLayout([]byte(in))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
