//! The document's own date, for the inventory's `Datum` column.
//!
//! Only a date on a cued line near the top counts: an e-mail's send header, a letter's or
//! memo's date line, a minutes title. A date elsewhere in the body (a date of birth, a deadline)
//! never becomes the document date; without a cue the caller falls back to the file date.

use std::fmt;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// A civil date. Orders chronologically; displays as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date, if and only if it is a real calendar date in 1900..=2100.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let plausible = (1900..=2100).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        plausible.then_some(Date { year, month, day })
    }
}

impl std::str::FromStr for Date {
    type Err = ();

    /// Parses exactly `YYYY-MM-DD`, a real date in 1900..=2100.
    fn from_str(s: &str) -> Result<Date, ()> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, ()> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| ())
            } else {
                Err(())
            }
        };
        Date::new(num(0..4)? as i32, num(5..7)?, num(8..10)?).ok_or(())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The civil date (UTC) of a Unix time, for the file-date fallback.
///
/// Howard Hinnant's `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>):
/// days are counted in 400-year eras from 0000-03-01, so that the leap day ends each year.
/// Years outside `i32` saturate.
pub fn date_from_unix(secs: i64) -> Date {
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let year = i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX });
    Date { year, month, day }
}

/// How many non-blank lines at the top of a document may hold the cue.
const HEADER_LINES: usize = 40;
/// How many non-blank lines at the top count as a minutes title.
const TITLE_LINES: usize = 10;

const MONTHS: &str = "januari|january|jan|februari|february|feb|maart|march|mrt|mar|april|apr|\
    mei|may|juni|june|jun|juli|july|jul|augustus|august|aug|september|sept|sep|oktober|october|\
    okt|oct|november|nov|december|dec";

/// A date in any supported form. Digits glued to either end are checked in [`find_date`],
/// since `regex` has no look-around.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix)
          (?P<d1>[0-9]{{1,2}}) \.? \s+ (?P<m1>{MONTHS}) \b \.? ,? \s+ (?P<y1>[0-9]{{4}})
        | (?P<m2>{MONTHS}) \b \.? \s+ (?P<d2>[0-9]{{1,2}}) (?:st|nd|rd|th)? ,? \s+ (?P<y2>[0-9]{{4}})
        | (?P<y4>[0-9]{{4}}) - (?P<mo4>[0-9]{{1,2}}) - (?P<d4>[0-9]{{1,2}})
        | (?P<d3>[0-9]{{1,2}}) (?P<s1>[-/.]) (?P<mo3>[0-9]{{1,2}}) (?P<s2>[-/.]) (?P<y3>[0-9]{{4}})
        "
    );
    Regex::new(&pattern).expect("date regex is valid")
});

/// An e-mail or memo header: `Verzonden: maandag 12 april 2021 10:14`, `Date: Mon, 12 Apr ...`.
static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:verzonden|verstuurd|datum|date|sent)\s*:(.*)$")
        .expect("header regex is valid")
});

/// A letter's or memo's date line: `Datum 12 maart 2021`, `Datum vergadering: 19-07-2021`.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:datum|date)\b(.*)$").expect("date line regex is valid")
});

/// A place and a date alone on a line: `Den Haag, 12 maart 2021`, `'s-Gravenhage, 3 juni 2020`.
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:['’]s-)?\p{Lu}[\p{L}'’.\- ]{1,40},(.+)$").expect("place regex is valid")
});

/// A minutes or memo title: `Verslag MT OBP 19 juli 2021`.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)verslag|notulen|besluitenlijst|actielijst|agenda|vergadering|overleg|bespreking|memo|notitie|minutes|meeting",
    )
    .expect("title regex is valid")
});

/// Lines about a birth or death: their date is a person's, never the document's.
static PERSONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)geboor|\bgeb\.|\bborn\b|\bbirth|\bdob\b|overleden|overlijden|\bdeath\b")
        .expect("regex is valid")
});

/// What may stand before a date that is the whole value: a weekday and a comma.
static WEEKDAY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\p{L}{2,10}\.?,?\s*)?$").expect("weekday regex is valid")
});

/// What may follow a date that is the whole value: a time, a zone, punctuation.
static TIME_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s.,]*(?:(?:om\s+|at\s+)?[0-9]{1,2}[:.][0-9]{2}(?::[0-9]{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:uur|[+-][0-9]{4}|utc|gmt|cet|cest|\([^)]*\)))*)?[\s.]*$")
        .expect("time regex is valid")
});

/// The document's own date, from a cued line near the top of `text`, or `None` without a cue.
///
/// Cues in order of preference, each taking its first date in document order:
/// 1. an e-mail or memo header (`Verzonden:`, `Verstuurd:`, `Sent:`, `Date:`, `Datum:`), so the
///    top message of an e-mail thread gives the date;
/// 2. a letter's date line (`Datum 12 maart 2021`, `Datum vergadering: 19-07-2021`, or
///    `Datum` with the date on the next line) or a place and date (`Den Haag, 12 maart 2021`);
/// 3. a minutes or memo title in the first lines (`Verslag MT OBP 19 juli 2021`).
///
/// Lines that mention a birth or death are skipped whatever their cue.
pub fn document_date(text: &str) -> Option<Date> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_LINES)
        .collect();
    let usable = |l: &str| !PERSONAL.is_match(l);

    // A cue whose value is empty takes the date that opens the next line (`Datum` above
    // `12 maart 2021` in a letterhead column).
    let cued = |re: &Regex| {
        lines.iter().enumerate().find_map(|(i, line)| {
            let value = re.captures(line).filter(|_| usable(line))?.get(1)?.as_str();
            if !value.trim().is_empty() {
                return find_date(value);
            }
            let next = lines.get(i + 1).filter(|l| usable(l))?;
            whole_date(next)
        })
    };
    if let Some(d) = cued(&HEADER) {
        return Some(d);
    }
    let date_line = cued(&DATE_LINE);
    let place_date = lines.iter().enumerate().find_map(|(i, line)| {
        let value = PLACE_DATE.captures(line).filter(|_| usable(line))?;
        whole_date(value.get(1)?.as_str()).map(|d| (i, d))
    });
    // A date line and a place line: the earlier one.
    let letter = match (date_line, place_date) {
        (Some(d), Some((i, p))) => {
            let first_date_line = lines
                .iter()
                .position(|l| DATE_LINE.is_match(l) && usable(l))
                .unwrap_or(usize::MAX);
            Some(if first_date_line <= i { d } else { p })
        }
        (d, p) => d.or(p.map(|(_, p)| p)),
    };
    if letter.is_some() {
        return letter;
    }
    lines
        .iter()
        .take(TITLE_LINES)
        .filter(|l| TITLE.is_match(l) && usable(l))
        .find_map(|l| find_date(l))
}

/// The first plausible date in `s`.
fn find_date(s: &str) -> Option<Date> {
    dates(s).next().map(|(_, d)| d)
}

/// A date that is all of `s`, apart from a weekday before it and a time after it.
fn whole_date(s: &str) -> Option<Date> {
    let (range, date) = dates(s).next()?;
    let ok = WEEKDAY_PREFIX.is_match(&s[..range.start]) && TIME_SUFFIX.is_match(&s[range.end..]);
    ok.then_some(date)
}

/// Every plausible date in `s` with its byte range, in order. A match glued to more digits
/// (`112-03-2021`, `12-03-20215`) is part of some other number and is skipped.
fn dates(s: &str) -> impl Iterator<Item = (std::ops::Range<usize>, Date)> + '_ {
    DATE.captures_iter(s).filter_map(move |c| {
        let m = c.get(0)?;
        let glued = s[..m.start()].ends_with(|c: char| c.is_ascii_digit())
            || s[m.end()..].starts_with(|c: char| c.is_ascii_digit());
        if glued {
            return None;
        }
        date_of(&c).map(|d| (m.range(), d))
    })
}

/// The date in one match of [`DATE`], if it is plausible.
fn date_of(c: &Captures<'_>) -> Option<Date> {
    let num = |name: &str| c.name(name)?.as_str().parse::<u32>().ok();
    let (year, month, day) = if let Some(m) = c.name("m1") {
        (num("y1")?, month_number(m.as_str())?, num("d1")?)
    } else if let Some(m) = c.name("m2") {
        (num("y2")?, month_number(m.as_str())?, num("d2")?)
    } else if c.name("y4").is_some() {
        (num("y4")?, num("mo4")?, num("d4")?)
    } else {
        // `12-03/2021` mixes separators: not a date.
        if c.name("s1")?.as_str() != c.name("s2")?.as_str() {
            return None;
        }
        (num("y3")?, num("mo3")?, num("d3")?)
    };
    Date::new(i32::try_from(year).ok()?, month, day)
}

/// The month (1..=12) of a Dutch or English month name or abbreviation from [`MONTHS`].
fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let n = match lower.as_str() {
        "januari" | "january" | "jan" => 1,
        "februari" | "february" | "feb" => 2,
        "maart" | "march" | "mrt" | "mar" => 3,
        "april" | "apr" => 4,
        "mei" | "may" => 5,
        "juni" | "june" | "jun" => 6,
        "juli" | "july" | "jul" => 7,
        "augustus" | "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "oktober" | "october" | "okt" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn display_and_order() {
        let a = Date::new(2021, 3, 9).unwrap();
        let b = Date::new(2021, 12, 1).unwrap();
        assert_eq!(a.to_string(), "2021-03-09");
        assert!(a < b);
        assert!(Date::new(1999, 12, 31).unwrap() < a);
    }

    #[test]
    fn plausibility() {
        assert!(Date::new(2020, 2, 29).is_some());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2021, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2021, 4, 31).is_none());
        assert!(Date::new(2021, 13, 1).is_none());
        assert!(Date::new(2021, 1, 0).is_none());
        assert!(Date::new(1899, 12, 31).is_none());
        assert!(Date::new(2101, 1, 1).is_none());
        assert!(Date::new(1900, 1, 1).is_some());
        assert!(Date::new(2100, 12, 31).is_some());
    }

    #[test]
    fn every_date_form() {
        for (s, want) in [
            ("12 maart 2021", d(2021, 3, 12)),
            ("12 mrt. 2021", d(2021, 3, 12)),
            ("12 mrt 2021", d(2021, 3, 12)),
            ("1 MEI 2021", d(2021, 5, 1)),
            ("12-03-2021", d(2021, 3, 12)),
            ("12-3-2021", d(2021, 3, 12)),
            ("12/03/2021", d(2021, 3, 12)),
            ("12.03.2021", d(2021, 3, 12)),
            ("2021-03-12", d(2021, 3, 12)),
            ("2021-03-12T10:14:00", d(2021, 3, 12)),
            ("Mon, 12 Apr 2021 10:14:00 +0200", d(2021, 4, 12)),
            ("Monday, April 12, 2021 10:14 AM", d(2021, 4, 12)),
            ("29 februari 2020", d(2020, 2, 29)),
            ("29 februari 2021", None),
            ("31-04-2021", None),
            ("12-03/2021", None),
            ("112-03-2021", None),
            ("12-03-20215", None),
            ("12 maart 1850", None),
            ("kenmerk 2021-0012", None),
        ] {
            assert_eq!(find_date(s), want, "{s}");
        }
    }

    #[test]
    fn outlook_dutch_header() {
        let text = "Van: Jan de Vries <j.devries@example.nl>\n\
                    Verzonden: maandag 12 april 2021 10:14\n\
                    Aan: Team Woo <woo@example.nl>\n\
                    Onderwerp: Planning\n\n\
                    Beste collega's,\n";
        assert_eq!(document_date(text), d(2021, 4, 12));
    }

    #[test]
    fn email_headers_in_every_language() {
        for (header, want) in [
            ("Date: Mon, 12 Apr 2021 10:14:00 +0200", d(2021, 4, 12)),
            ("Sent: 12-4-2021 10:14", d(2021, 4, 12)),
            ("Sent: Monday, April 12, 2021 10:14 AM", d(2021, 4, 12)),
            ("Verstuurd: 3 juni 2020", d(2020, 6, 3)),
            ("Datum: 12-03-2021", d(2021, 3, 12)),
            ("  Verzonden:\tdinsdag 2 februari 2021 09:00", d(2021, 2, 2)),
        ] {
            let text = format!("From: A. Person\n{header}\nTo: B\nSubject: x\n\nBody\n");
            assert_eq!(document_date(&text), want, "{header}");
        }
    }

    #[test]
    fn email_thread_takes_the_top_message() {
        let text = "Van: Piet Jansen\n\
                    Verzonden: vrijdag 16 april 2021 08:30\n\
                    Aan: Jan de Vries\n\
                    Onderwerp: RE: Planning\n\n\
                    Akkoord.\n\n\
                    Van: Jan de Vries\n\
                    Verzonden: maandag 12 april 2021 10:14\n\
                    Aan: Piet Jansen\n\
                    Onderwerp: Planning\n";
        assert_eq!(document_date(text), d(2021, 4, 16));
    }

    #[test]
    fn letter_date_lines() {
        for (text, want) in [
            (
                "Ministerie van Voorbeeld\nDatum 12 maart 2021\nBetreft Woo-besluit\n",
                d(2021, 3, 12),
            ),
            ("Memo\nAan: DG\nDatum: 12-03-2021\n", d(2021, 3, 12)),
            (
                "Directie Voorbeeld\nOnze referentie\n123456\nDatum\n12 maart 2021\nBetreft x\n",
                d(2021, 3, 12),
            ),
            (
                "Geachte heer,\n\nDen Haag, 12 maart 2021\n\nIn uw brief ...\n",
                d(2021, 3, 12),
            ),
            ("'s-Gravenhage, 3 juni 2020\n", d(2020, 6, 3)),
            ("Utrecht, donderdag 3 juni 2020\n", d(2020, 6, 3)),
            ("Datum van verzending 1 juli 2021\n", d(2021, 7, 1)),
        ] {
            assert_eq!(document_date(text), want, "{text}");
        }
    }

    #[test]
    fn minutes_dates() {
        let text = "Verslag MT OBP 19 juli 2021\n\nAanwezig: A, B, C\n";
        assert_eq!(document_date(text), d(2021, 7, 19));
        let text = "Verslag MT OBP\nDatum vergadering: 19-07-2021\nAanwezig: A, B\n";
        assert_eq!(document_date(text), d(2021, 7, 19));
        assert_eq!(document_date("MT-overleg 19 juli 2021\n"), d(2021, 7, 19));
        // A meeting date further down is body text, not a title.
        let mut text = "regel\n".repeat(TITLE_LINES);
        text.push_str("Verslag van het overleg op 19 juli 2021\n");
        assert_eq!(document_date(&text), None);
    }

    #[test]
    fn body_dates_are_not_document_dates() {
        // A date of birth, a deadline and a meeting date in the body: no cue, no date.
        let text = "Geachte mevrouw,\n\n\
                    Uw cliënt, geboren 03-05-1980, heeft op 12 maart 2021 een verzoek gedaan.\n\
                    Wij beslissen voor 1 mei 2021.\n";
        assert_eq!(document_date(text), None);
        assert_eq!(document_date("Geboortedatum: 03-05-1980\nNaam: X\n"), None);
        assert_eq!(document_date("Datum geboorte: 03-05-1980\n"), None);
        assert_eq!(document_date(""), None);
    }

    #[test]
    fn birth_date_in_header_area_loses_to_the_cue() {
        let text = "Datum geboorte: 03-05-1980\nDatum: 12-03-2021\n";
        assert_eq!(document_date(text), d(2021, 3, 12));
    }

    #[test]
    fn place_line_needs_the_date_alone() {
        let text = "Amsterdam, de stad waar wij op 12 maart 2021 spraken\n";
        assert_eq!(document_date(text), None);
    }

    #[test]
    fn cue_beyond_the_header_area_is_ignored() {
        let mut text = "regel\n".repeat(HEADER_LINES);
        text.push_str("Datum: 12-03-2021\n");
        assert_eq!(document_date(&text), None);
    }

    #[test]
    fn unix_times() {
        assert_eq!(date_from_unix(0).to_string(), "1970-01-01");
        assert_eq!(date_from_unix(951_782_400).to_string(), "2000-02-29");
        assert_eq!(date_from_unix(951_782_399).to_string(), "2000-02-28");
        assert_eq!(date_from_unix(-1).to_string(), "1969-12-31");
        assert_eq!(date_from_unix(-86_400).to_string(), "1969-12-31");
        assert_eq!(date_from_unix(-86_401).to_string(), "1969-12-30");
        assert_eq!(date_from_unix(-2_208_988_800).to_string(), "1900-01-01");
        assert_eq!(date_from_unix(1_618_222_440).to_string(), "2021-04-12");
        assert_eq!(date_from_unix(4_107_542_399).to_string(), "2100-02-28");
        assert_eq!(date_from_unix(i64::MAX).year, i32::MAX);
        assert_eq!(date_from_unix(i64::MIN).year, i32::MIN);
    }
}
