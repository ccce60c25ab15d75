package scenarios

// schengenLandAccession is the date from which each Schengen member's land
// borders with other members were no longer checked (controls at air and sea
// borders sometimes ended earlier or later). Sources: the Council decisions
// putting the Schengen acquis into effect for each state, as summarised by
// the European Commission's "Schengen Area" pages (Migration and Home
// Affairs): the first five states plus Spain and Portugal on 26 Mar 1995;
// Italy and Austria with their land borders from 1 Apr 1998; Greece 26 Mar
// 2000; the Nordic states 25 Mar 2001; the 2004 enlargement states on 21 Dec
// 2007 (land and sea); Switzerland 12 Dec 2008; Liechtenstein 19 Dec 2011;
// Croatia 1 Jan 2023; Bulgaria and Romania 31 Mar 2024 for air and sea and
// 1 Jan 2025 for land borders.
var schengenLandAccession = map[string]Date{
	"BEL": NewDate(1995, 3, 26), "DEU": NewDate(1995, 3, 26), "ESP": NewDate(1995, 3, 26),
	"FRA": NewDate(1995, 3, 26), "LUX": NewDate(1995, 3, 26), "NLD": NewDate(1995, 3, 26),
	"PRT": NewDate(1995, 3, 26),
	"AUT": NewDate(1998, 4, 1), "ITA": NewDate(1998, 4, 1),
	"GRC": NewDate(2000, 3, 26),
	"DNK": NewDate(2001, 3, 25), "FIN": NewDate(2001, 3, 25), "ISL": NewDate(2001, 3, 25),
	"NOR": NewDate(2001, 3, 25), "SWE": NewDate(2001, 3, 25),
	"CZE": NewDate(2007, 12, 21), "EST": NewDate(2007, 12, 21), "HUN": NewDate(2007, 12, 21),
	"LTU": NewDate(2007, 12, 21), "LVA": NewDate(2007, 12, 21), "MLT": NewDate(2007, 12, 21),
	"POL": NewDate(2007, 12, 21), "SVK": NewDate(2007, 12, 21), "SVN": NewDate(2007, 12, 21),
	"CHE": NewDate(2008, 12, 12),
	"LIE": NewDate(2011, 12, 19),
	"HRV": NewDate(2023, 1, 1),
	"BGR": NewDate(2025, 1, 1), "ROU": NewDate(2025, 1, 1),
}

// schengenMember reports whether country (ISO alpha-3) had its land borders
// with other members open, as a full Schengen member, on date d.
func schengenMember(country string, d Date) bool {
	a, ok := schengenLandAccession[country]
	return ok && d >= a
}

// schengenAccession returns the date from which country's land borders with
// other Schengen members were free, and whether it is a member at all.
func schengenAccession(country string) (Date, bool) {
	a, ok := schengenLandAccession[country]
	return a, ok
}
