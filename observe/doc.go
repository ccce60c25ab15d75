// Package observe reads observed counts: the dated figures a forecast
// starts from and a back-test scores against, in the shape IOM's
// Displacement Tracking Matrix and border-police figures come in.
//
// A file is a CSV table with the header date,place,metric,value and an
// optional fifth column, source:
//
//	date,place,metric,value,source
//	2015-10-16,HUN,entries,8500,Hungarian police
//	2015-10,horgos-roszke,entries,0,
//	2019-05-01..2019-05-31,miral,occupancy,780,IOM DTM
//
// The date is a day (YYYY-MM-DD), a month (YYYY-MM, all its days) or an
// inclusive period (FROM..TO). The place is a country code, a crossing
// id, a centre id or an arrival stream's entry, checked against the
// places a caller knows (Places). The metric is one of entries (people
// entering a country, passing a crossing or arriving at a centre during
// the period), arrivals (new arrivals at an entry), refused, turned_away
// — flows, summed over the period — or present (people in a country) and
// occupancy (people in a centre) — stocks, counted on one day. The value
// is a number of people, 0 or more.
//
// A byte-order mark and CRLF line ends are accepted. Every error names
// the file and line, and, for figures that contradict each other, the
// other line: the same place, metric and period given twice with
// different values, a stock given over more than a day, or a flow whose
// period holds others of the same place and metric that add up to more
// than it.
package observe
