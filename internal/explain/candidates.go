package explain

import (
	"errors"
	"strconv"
	"strings"
)

// ParseCandidates reads how many closest packages to list in full: a count of at least
// 1, or "all" (AllCandidates).
func ParseCandidates(s string) (int, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	if v == "all" {
		return AllCandidates, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, errors.New("want a number of packages (1 or more) or all")
	}
	return n, nil
}
