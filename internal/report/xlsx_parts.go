package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// sheetParts maps the workbook's sheet names to their zip parts, from workbook.xml and
// its relationships.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	read := func(name string) ([]byte, error) {
		for _, f := range zr.File {
			if f.Name == name {
				r, err := f.Open()
				if err != nil {
					return nil, err
				}
				defer r.Close()
				return io.ReadAll(r)
			}
		}
		return nil, fmt.Errorf("report: no %s in the workbook excelize made", name)
	}
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rs struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(wb, &book); err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(rels, &rs); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rs.Rels {
		t := strings.TrimPrefix(r.Target, "/")
		if !strings.HasPrefix(t, "xl/") {
			t = "xl/" + t
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range book.Sheets {
		out[s.Name] = target[s.ID]
	}
	return out, nil
}

// definedNameElem is a defined name of workbook.xml.
var definedNameElem = regexp.MustCompile(`<definedName [^>]*>[^<]*</definedName>`)

// completeFilters sets, in workbook.xml, the filter range of each streamed sheet whose
// length was not known beforehand (its autofilter's hidden defined name).
func completeFilters(wb []byte, streams []*sheetStream) []byte {
	return definedNameElem.ReplaceAllFunc(wb, func(el []byte) []byte {
		if !bytes.Contains(el, []byte(`name="_xlnm._FilterDatabase"`)) {
			return el
		}
		for _, s := range streams {
			if s.t.Stream == nil || len(s.t.Columns) == 0 ||
				!bytes.Contains(el, []byte(`localSheetId="`+strconv.Itoa(s.index)+`"`)) {
				continue
			}
			last := colName(len(s.t.Columns) - 1)
			return bytes.Replace(el, []byte("!$A$1:$"+last+"$1<"), []byte("!"+s.filterRef()+"<"), 1)
		}
		return el
	})
}
