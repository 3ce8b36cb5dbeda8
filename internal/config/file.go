package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the largest config file pkgctl reads: a real one is a few KB, and a
// file past it (or a device such as /dev/zero) would only cost memory and time (the
// YAML reader takes about 1.5 s a MiB).
const MaxFileSize = 256 << 10

// maxEntries is how many keys and list items a config file may hold, an alias counted
// as the value it names: a real one holds a few hundred. The YAML reader takes time
// with the square of a mapping's keys (40,000 region names took 15 s).
const maxEntries = 10_000

// maxDepth is how deep a config file's values may nest: the deepest key is
// columns.<kind>.<column>, whose list of aliases is a fourth level. Past it, a file is
// refused before its keys are flattened, which costs time and memory with the square of
// the depth (a 17 KB file nested 2,000 deep took 100 s and 8 GB).
const maxDepth = 4

// ReadFile reads the config file into v: explicit (--config), else the first of
// ./pkgctl.yaml and $XDG_CONFIG_HOME/pkgctl/config.yaml (~/.config/… without it) that
// exists, else none. The file must be a regular file of at most MaxFileSize bytes, its
// values nested at most maxDepth deep, and its keys known (checkConfigKeys).
func ReadFile(v *viper.Viper, explicit string) error {
	path := explicit
	if path == "" {
		candidates := []string{"pkgctl.yaml"}
		if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
			candidates = append(candidates, filepath.Join(x, "pkgctl", "config.yaml"))
		} else if h, err := os.UserHomeDir(); err == nil {
			candidates = append(candidates, filepath.Join(h, ".config", "pkgctl", "config.yaml"))
		}
		for _, c := range candidates {
			if _, err := os.Stat(c); err == nil {
				path = c
				break
			}
		}
	}
	if path == "" {
		return nil
	}
	data, err := readLimited(path)
	if err != nil {
		return err
	}
	if err := checkShape(path, data); err != nil {
		return err
	}
	v.SetConfigFile(path) // Source names it
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return &Error{Msg: fmt.Sprintf("config file %s: %v", path, err)}
	}
	return checkConfigKeys(v, path)
}

// readLimited reads the file at path whole, refusing one that is not a regular file
// (checked before it is opened: opening a named pipe waits for a writer) or is larger
// than MaxFileSize (also when it grows while read).
func readLimited(path string) ([]byte, error) {
	tooLarge := &Error{Msg: fmt.Sprintf("config file %s: larger than %d KiB: not a pkgctl config", path, MaxFileSize>>10),
		Hint: "name the YAML file of pkgctl's settings (a few KB), or leave --config out"}
	st, err := os.Stat(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Msg: fmt.Sprintf("config file %s: %v", path, err)}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Msg: fmt.Sprintf("config file %s: not a regular file", path),
			Hint: "name the YAML file of pkgctl's settings, or leave --config out"}
	}
	if st.Size() > MaxFileSize {
		return nil, tooLarge
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("config file %s: %v", path, err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("config file %s: %v", path, err)}
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge
	}
	return data, nil
}

// checkShape refuses a config file whose values nest deeper than maxDepth, naming the
// line, before viper reads it. A YAML syntax error is left to viper, which says it as
// it always has.
func checkShape(path string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	s := shape{heights: map[*yaml.Node]int{}, sizes: map[*yaml.Node]int{}}
	if n := s.deepest(doc.Content[0], 1); n != nil {
		return &Error{Msg: fmt.Sprintf("config file %s:%d: values nested more than %d deep; no pkgctl key is", path, n.Line, maxDepth),
			Hint: "the deepest keys are columns.<packages|usage|bills>.<column>: [aliases] and focus.service_categories.<product>"}
	}
	if s.entries(doc.Content[0]) > maxEntries {
		return &Error{Msg: fmt.Sprintf("config file %s: more than %d keys and list items: not a pkgctl config", path, maxEntries),
			Hint: "name the YAML file of pkgctl's settings (a few hundred keys at most), or leave --config out"}
	}
	if a, b := sameKeys(doc.Content[0]); a != nil {
		return &Error{Msg: fmt.Sprintf("config file %s:%d: key %q is the key %q of line %d: keys are read in any case", path, b.Line, b.Value, a.Value, a.Line),
			Hint: "keep one of them"}
	}
	return nil
}

// sameKeys is the first two keys of one mapping in n that are the same but for case
// (or the same), in the order written: viper lower-cases keys into a map, so one of
// them would win at random, run to run ("precision: 2" and "Precision: 5"). Keys a
// merge (<<: *name) brings count, but for those the mapping writes itself.
func sameKeys(n *yaml.Node) (a, b *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		seen := map[string]*yaml.Node{}
		for _, k := range mappingKeys(n) {
			if prev, ok := seen[strings.ToLower(k.Value)]; ok {
				return prev, k
			}
			seen[strings.ToLower(k.Value)] = k
		}
	}
	for _, c := range n.Content { // an alias's value is checked where it is written
		if a, b := sameKeys(c); a != nil {
			return a, b
		}
	}
	return nil, nil
}

// mappingKeys are the keys of the mapping n: its own, then those its merges bring
// that it does not write itself (YAML's merge: the mapping's own key wins, then the
// first merged).
func mappingKeys(n *yaml.Node) []*yaml.Node {
	var own, merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue // a complex key, which viper refuses itself
		}
		if !isMerge(k) {
			own = append(own, k)
			continue
		}
		from := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			from = v.Content
		}
		for _, m := range from {
			if m = named(m); m != nil && m.Kind == yaml.MappingNode {
				merged = append(merged, mappingKeys(m)...)
			}
		}
	}
	written := map[string]bool{}
	for _, k := range own {
		written[k.Value] = true
	}
	for _, k := range merged {
		if !written[k.Value] {
			written[k.Value] = true
			own = append(own, k)
		}
	}
	return own
}

// shape measures a YAML tree; an alias counts as the value it names, measured once (a
// file of aliases of aliases would otherwise be walked an exponential number of times).
type shape struct {
	heights, sizes map[*yaml.Node]int
}

// entries is how many keys and list items n holds (through its values, and the
// values its aliases name), up to maxEntries+1.
func (s shape) entries(n *yaml.Node) int {
	if n = named(n); n == nil {
		return 0
	}
	if k, ok := s.sizes[n]; ok {
		return k
	}
	s.sizes[n] = 0 // a cycle, which YAML does not allow, ends here
	k := 0
	for i := 0; i < len(n.Content); i++ {
		if n.Kind == yaml.MappingNode { // key, value: the key counts
			i++
			if i == len(n.Content) {
				break
			}
		}
		k = min(k+1+s.entries(n.Content[i]), maxEntries+1) // aliases of aliases never overflow
	}
	s.sizes[n] = k
	return k
}

// height is how many levels of keys and lists n holds, itself included (a text: 0).
// A merge (<<: *name) brings its mapping's keys to the level of the keys beside it.
func (s shape) height(n *yaml.Node) int {
	if n = named(n); n == nil {
		return 0
	}
	if h, ok := s.heights[n]; ok {
		return h
	}
	s.heights[n] = 0 // a cycle, which YAML does not allow, ends here
	h := 0
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 1 && isMerge(n.Content[i-1]) {
			h = max(h, s.mergeHeight(c))
		} else {
			h = max(h, s.height(c))
		}
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		h++
	}
	s.heights[n] = h
	return h
}

// mergeHeight is the height of the keys a merge's value v brings: those of a mapping, or
// of a list of mappings.
func (s shape) mergeHeight(v *yaml.Node) int {
	if v.Kind != yaml.SequenceNode {
		return max(s.height(v)-1, 0)
	}
	h := 0
	for _, m := range v.Content {
		h = max(h, s.height(m)-1)
	}
	return h
}

// named is the node an alias names (nil for one that names none), or n itself.
func named(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// isMerge reports whether the key k is YAML's merge key (<<).
func isMerge(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.Tag == "!!merge" }

// deepest is the first value of n, at level depth, that lies deeper than maxDepth, or nil.
func (s shape) deepest(n *yaml.Node, depth int) *yaml.Node {
	if depth+s.height(n)-1 <= maxDepth {
		return nil
	}
	if depth > maxDepth || n.Kind == yaml.AliasNode {
		return n
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 1 && isMerge(n.Content[i-1]) {
			if depth+s.mergeHeight(c) > maxDepth {
				return c
			}
			continue
		}
		if d := s.deepest(c, depth+1); d != nil {
			return d
		}
	}
	return n
}
