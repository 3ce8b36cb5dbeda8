package load

import (
	"bufio"
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const usageHead = "record_id,product,billing_item,region,start_time,end_time,quantity,unit,note\n"

// usageRow is a valid usage row of usageHead.
func usageRow(id, region, note string) string {
	return id + ",OBS,t," + region + ",2024-01-02 10:00:00,2024-01-02 11:00:00,5,GB," + note + "\n"
}

// loadUsage reads a usage file in chunks and row by row; both must agree.
func loadUsage(t *testing.T, in string, opt Options) (*Report, error) {
	t.Helper()
	par, ref := loadBoth([]byte(in), opt, 1<<20, false)
	if d := par.diff(ref); d != "" {
		t.Fatalf("in chunks and row by row: %s", d)
	}
	return par.rep, par.err
}

// A UTF-8 file with a stray byte (a Latin-1 é in a note) is read as UTF-8, its row a
// problem, not as GB18030 with every Chinese value garbled (the region below no longer
// matched its package's, silently). An ASCII file with the same byte has nothing to show
// it is UTF-8: it is read as GB18030, and says so.
func TestStrayByte(t *testing.T) {
	in := usageHead + usageRow("R1", "华北-北京四", "caf\xe9") + usageRow("R2", "华北-北京四", "")
	_, err := loadUsage(t, in, testOptions())
	want := "p.csv:2: invalid UTF-8 (byte 0xE9); the file is otherwise UTF-8: save it as UTF-8"
	var le Errors
	if !errors.As(err, &le) || len(le.Problems) != 1 || le.Problems[0].Fatal || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	opt := testOptions()
	opt.SkipInvalid = true
	recs, rep, err := Usage("u.csv", strings.NewReader(in), opt)
	if err != nil || len(recs) != 1 || recs[0].Region != "华北-北京四" || rep.Rejected.Len() != 1 || len(rep.Warnings) != 0 {
		t.Fatalf("--skip-invalid: %v, %d records, %+v", err, len(recs), rep)
	}

	// é before an s is a GB18030 character: read so, with a warning where it is.
	ascii := usageHead + usageRow("R1", "north", "") + usageRow("R2", "north", "caf\xe9s")
	rep, err = loadUsage(t, ascii, testOptions())
	if err != nil || len(rep.Warnings) != 1 || rep.Warnings[0].Error() != "p.csv: not UTF-8 (line 3: byte 0xE9), read as GB18030" {
		t.Fatalf("%v, warnings %v", err, rep.Warnings)
	}
	rep, err = loadUsage(t, strings.ReplaceAll(ascii, "\n", "\r"), testOptions()) // lines end with CR
	if err != nil || len(rep.Warnings) != 1 || rep.Warnings[0].Error() != "p.csv: not UTF-8 (line 3: byte 0xE9), read as GB18030" {
		t.Fatalf("CR: %v, warnings %v", err, rep.Warnings)
	}
}

// What the decoder cannot decode (U+FFFD in the text) is a problem of its row, in a
// GB18030 file and in a UTF-16 one; the column is named when pkgctl reads it.
func TestUndecodableBytes(t *testing.T) {
	in := usageHead + strings.Replace(usageRow("R1", "north", ""), "OBS", "OBS\xff\xfe", 1) + usageRow("R2", "north", "caf\xe9")
	_, err := loadUsage(t, in, testOptions())
	want := `p.csv:2: column "product": bytes that are not GB18030 at character 4 of "OBS��" (read as U+FFFD): correct the value, or save the file as UTF-8` + "\n" +
		`p.csv:3: bytes that are not GB18030 at character 4 of "caf�" (read as U+FFFD): correct the value, or save the file as UTF-8`
	if err == nil || err.Error() != want {
		t.Errorf("GB18030: got %v\nwant %s", err, want)
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range usageHead + usageRow("R1", "north", "x") {
		if r == 'x' {
			utf16 = append(utf16, 0x00, 0xd8) // a lone surrogate
			continue
		}
		utf16 = append(utf16, byte(r), 0)
	}
	_, _, err = Usage("u.csv", bytes.NewReader(utf16), testOptions())
	want = `u.csv:2: bytes that are not UTF-16 at character 1 of "�" (read as U+FFFD): correct the value, or save the file as UTF-8`
	if err == nil || err.Error() != want {
		t.Errorf("UTF-16: got %v\nwant %s", err, want)
	}
}

// A byte that is not UTF-8 past the first MiB (which chose UTF-8) is a problem of its
// row, in any column, in chunks and row by row, in the packages too.
func TestInvalidUTF8PastTheSample(t *testing.T) {
	var b strings.Builder
	b.WriteString(usageHead)
	n := 0
	for b.Len() <= sampleSize {
		n++
		b.WriteString(usageRow("R"+strconv.Itoa(n), "north", ""))
	}
	in := b.String() + usageRow("Z1", "nor\xe9th", "") + usageRow("Z2", "north", "\xff")
	_, err := loadUsage(t, in, testOptions())
	want := "p.csv:" + strconv.Itoa(n+2) + `: column "region": invalid UTF-8 (byte 0xE9); the file is otherwise UTF-8: save it as UTF-8` + "\n" +
		"p.csv:" + strconv.Itoa(n+3) + ": invalid UTF-8 (byte 0xFF); the file is otherwise UTF-8: save it as UTF-8"
	if err == nil || err.Error() != want {
		t.Errorf("usage: got %.500v\nwant %s", err, want)
	}

	pkgs := "package_id,product,region,effective_time,expiration_time,capacity,unit\n" +
		strings.Repeat(",,,,,,\n", sampleSize/7) + "P1,OBS,华北-北京\xe5,2024-01-01,2024-12-31,100,GB\n"
	_, _, err = Packages("p.csv", strings.NewReader(pkgs), testOptions())
	want = "p.csv:" + strconv.Itoa(sampleSize/7+2) + `: column "region": invalid UTF-8 (byte 0xE5); the file is otherwise UTF-8: save it as UTF-8`
	if err == nil || err.Error() != want {
		t.Errorf("packages: got %v\nwant %s", err, want)
	}
}

// The charset is chosen from the first MiB; the rows of a UTF-8 text are checked for
// bytes that are not UTF-8 unless that start showed it to be UTF-8 (valid, with
// characters beyond ASCII): then checking every byte would cost 5-10 % of the reading.
func TestCharsetChoice(t *testing.T) {
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String("华北-北京四")
	for _, c := range []struct {
		in, name string
		check    bool
	}{
		{"a,b\n1,2\n", "UTF-8", true},
		{"a,b\n1,华北\n", "UTF-8", false},
		{"\xef\xbb\xbfa,b\n1,华北\n", "UTF-8", false},
		{"a,b\n1,华北-北京四\n2,caf\xe9\n", "UTF-8", true},      // mostly UTF-8
		{"\xef\xbb\xbfa,b\n1," + gb + "\n", "UTF-8", true}, // a BOM says UTF-8
		{"a,b\n1," + gb + "\n", "GB18030", true},
		{"a,b\n1,caf\xe9\n", "GB18030", true},
		{"\xff\xfea\x00", "UTF-16", true},
	} {
		_, cs, err := decode(bufio.NewReader(strings.NewReader(c.in)))
		if err != nil || cs.name != c.name || cs.check != c.check {
			t.Errorf("%q: %s, check %v, %v; want %s, check %v", c.in, cs.name, cs.check, err, c.name, c.check)
		}
	}
}

// A GB18030 export stays GB18030: its Chinese text has far fewer valid UTF-8 characters
// (by accident) than bytes that are not UTF-8, also when only a few rows are Chinese.
func TestGB18030IsNotMostlyUTF8(t *testing.T) {
	text := "华北-北京四,对象存储服务,标准存储,内容分发网络,流量,文字识别,通用文字,默认项目,弹性云服务器,云硬盘," +
		"华东-上海一,华南-广州,西南-贵阳一,亚太-新加坡,按需计费,包年包月,资源包,使用量,数据库,虚拟私有云,弹性公网IP,带宽"
	for _, s := range []string{text, text[:strings.Index(text, ",")]} {
		gb, err := simplifiedchinese.GB18030.NewEncoder().String("package_id,region\nP1," + s + "\n")
		if err != nil {
			t.Fatal(err)
		}
		if _, cs, err := decode(bufio.NewReader(strings.NewReader(gb))); err != nil || cs.name != "GB18030" {
			t.Errorf("%s: read as %s, %v", s, cs.name, err)
		}
	}
	_, rep := loadPackages(t, "packages_zh_gb18030.csv")
	if len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0].Error(), "packages_zh_gb18030.csv: not UTF-8 (line 1: byte 0x") {
		t.Errorf("warnings %v", rep.Warnings)
	}
}
