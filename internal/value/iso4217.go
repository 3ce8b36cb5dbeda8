package value

import (
	"slices"
	"strings"
)

// The alphabetic codes of ISO 4217, from the lists its maintenance agency (SIX, for ISO
// and SNV) publishes: List One as published on 2026-01-01 (Amendment 180: the Bulgarian
// lev, BGN, withdrawn for the euro), List Three as published on 2024-09-01 with the codes
// withdrawn since (CUC, BGN). CLDR's currency data, which golang.org/x/text/currency
// serves, is not ISO 4217: it lacks newer codes (SLE, VED, VES, ZWG, XCG…) and adds its
// own (CNH, the offshore yuan). When SIX publishes an amendment, a new code goes into
// listOne and a withdrawn one into listThree.

// listOne is ISO 4217 List One, "Current currency & funds", sorted: 178 codes.
var listOne = strings.Fields(
	"AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD " +
		"BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK " +
		"DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF " +
		"IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP " +
		"LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD " +
		"NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD " +
		"SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD " +
		"TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA " +
		"XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ")

// listThree is ISO 4217 List Three, "Historic denominations (currencies & funds)",
// sorted: 137 codes, some also current (EUR, once Serbia and Montenegro's). A bill is in
// the currency of its day: a 2025 bill from Bulgaria is in BGN.
var listThree = strings.Fields(
	"ADP AFA ALK ANG AOK AON AOR ARA ARP ARY ATS AYM AZM BAD BEC BEF BEL BGJ BGK BGL " +
		"BGN BOP BRB BRC BRE BRN BRR BUK BYB BYR CHC CSD CSJ CSK CUC CYP DDM DEM ECS ECV " +
		"EEK ESA ESB ESP EUR FIM FRF GEK GHC GHP GNE GNS GQE GRD GWE GWP HRD HRK IDR IEP " +
		"ILP ILR ISJ ITL LAJ LSM LTL LTT LUC LUF LUL LVL LVR MGF MLF MRO MTL MTP MVQ MWK " +
		"MXP MZE MZM NIC NLG PEH PEI PEN PES PLZ PTE RHD ROK ROL RON RUR SDD SDG SDP SIT " +
		"SKK SLL SRG STD SUR SZL TJR TMM TPE TRL TRY UAK UGS UGW USS UYN UYP VEB VEF VNC " +
		"XEU XFO XFU XRE YDD YUD YUM YUN ZAL ZMK ZRN ZRZ ZWC ZWD ZWL ZWN ZWR ")

// ISO4217 reports whether s is an alphabetic code of ISO 4217, current (List One) or
// withdrawn (List Three), written as ISO writes it: three capitals ("usd" is not).
func ISO4217(s string) bool {
	if len(s) != 3 {
		return false
	}
	_, one := slices.BinarySearch(listOne, s)
	_, three := slices.BinarySearch(listThree, s)
	return one || three
}
