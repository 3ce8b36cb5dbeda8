package value

// referenceNames are the units a family's quantities are summed in when a listing
// mixes its units: gigabytes, hours, times.
var referenceNames = [...]string{famData: "GB", famTime: "hour", famCount: "times"}

// ReferenceUnit returns the unit in which quantities of s's family are added up when
// units of the family are mixed: GB for data sizes, hour for time, times for counts,
// factor by factor for a product ("TB*minute" → "GB*hour"); any other unit is its own
// reference, in its canonical spelling. Every unit converts to its reference
// (NewConversion). ok is false for a blank unit.
func ReferenceUnit(s string) (ref string, ok bool) {
	u, err := ParseUnit(s)
	if err != nil {
		return "", false
	}
	for i := 0; i < int(u.n); i++ {
		if f := &u.f[i]; f.fam != famOpaque {
			*f = knownUnits[lowerASCII(referenceNames[f.fam])]
		}
	}
	return u.String(), true
}
