package value

// knownUnits maps the Norm form of every accepted spelling to its factor.
var knownUnits = buildUnits()

func buildUnits() map[string]factor {
	m := make(map[string]factor)
	add := func(fam family, scale uint64, name string, spellings ...string) {
		f := factor{fam: fam, scale: scale, name: name}
		m[lowerASCII(name)] = f
		for _, s := range spellings {
			m[s] = f
		}
	}
	const k = 1024
	add(famData, 1, "B", "byte", "bytes", "字节")
	add(famData, k, "KB", "kib", "kilobyte", "kilobytes")
	add(famData, k*k, "MB", "mib", "megabyte", "megabytes")
	add(famData, k*k*k, "GB", "gib", "gigabyte", "gigabytes")
	add(famData, k*k*k*k, "TB", "tib", "terabyte", "terabytes")
	add(famData, k*k*k*k*k, "PB", "pib", "petabyte", "petabytes")

	add(famTime, 1, "second", "seconds", "s", "sec", "secs", "秒")
	add(famTime, 60, "minute", "minutes", "min", "mins", "分钟")
	add(famTime, 3600, "hour", "hours", "h", "hr", "hrs", "小时")
	add(famTime, 86400, "day", "days", "d", "天")

	add(famCount, 1, "times", "time", "次", "次数")
	add(famCount, 1, "calls", "call")
	add(famCount, 1, "requests", "request")
	return m
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lower(c)
	}
	return string(b)
}
