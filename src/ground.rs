//! Legal grounds for refusal (Woo art. 5.1, 5.2; Wob art. 10, 11) as a type.
//!
//! Every spelling seen in published sets parses (`5.1.2e`, `5.1.2.e`, `10.2.e`, `(10)(2e)`,
//! `Art. 10.2.e`, the formal "artikel 5.1, tweede lid, aanhef en onder e"); output uses one
//! [`GroundStyle`]. Wob codes map to their Woo successor (DOMAIN.md §1).

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// A refusal ground. Order of the variants is statutory order, used to sort ground lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ground {
    /// 5.1.1a Eenheid van de Kroon.
    G511a,
    /// 5.1.1b Veiligheid van de Staat.
    G511b,
    /// 5.1.1c Vertrouwelijk verstrekte bedrijfs- en fabricagegegevens.
    G511c,
    /// 5.1.1d Bijzondere persoonsgegevens.
    G511d,
    /// 5.1.1e Nationale identificatienummers.
    G511e,
    /// 5.1.2a Internationale betrekkingen.
    G512a,
    /// 5.1.2b Economische of financiële belangen van de Staat.
    G512b,
    /// 5.1.2c Opsporing en vervolging van strafbare feiten.
    G512c,
    /// 5.1.2d Inspectie, controle en toezicht.
    G512d,
    /// 5.1.2e Eerbiediging van de persoonlijke levenssfeer.
    G512e,
    /// 5.1.2f Concurrentiegevoelige bedrijfs- en fabricagegegevens.
    G512f,
    /// 5.1.2g Bescherming van het milieu.
    G512g,
    /// 5.1.2h Beveiliging van personen of bedrijven.
    G512h,
    /// 5.1.2i Het goed functioneren van de Staat.
    G512i,
    /// 5.1.5 Voorkomen van onevenredige benadeling.
    G515,
    /// 5.2 Persoonlijke beleidsopvattingen.
    G52,
    /// Duplicate: the content was assessed in another document.
    Dubbel,
}

/// How grounds are written in output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroundStyle {
    /// `5.1.2e` (Woo, the default).
    #[default]
    Woo,
    /// `10.2e` (Wob).
    Wob,
    /// `(10)(2e)` (Wob, as printed by older redaction software).
    WobParen,
}

impl FromStr for GroundStyle {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "woo" => Ok(GroundStyle::Woo),
            "wob" => Ok(GroundStyle::Wob),
            "wob-paren" => Ok(GroundStyle::WobParen),
            _ => Err(format!(
                "unknown ground style `{s}` (expected woo, wob or wob-paren)"
            )),
        }
    }
}

const ALL: [Ground; 17] = [
    Ground::G511a,
    Ground::G511b,
    Ground::G511c,
    Ground::G511d,
    Ground::G511e,
    Ground::G512a,
    Ground::G512b,
    Ground::G512c,
    Ground::G512d,
    Ground::G512e,
    Ground::G512f,
    Ground::G512g,
    Ground::G512h,
    Ground::G512i,
    Ground::G515,
    Ground::G52,
    Ground::Dubbel,
];

impl Ground {
    /// All grounds in statutory order.
    pub fn all() -> &'static [Ground] {
        &ALL
    }

    /// The Woo code, e.g. `5.1.2e`.
    pub fn woo_code(self) -> &'static str {
        use Ground::*;
        match self {
            G511a => "5.1.1a",
            G511b => "5.1.1b",
            G511c => "5.1.1c",
            G511d => "5.1.1d",
            G511e => "5.1.1e",
            G512a => "5.1.2a",
            G512b => "5.1.2b",
            G512c => "5.1.2c",
            G512d => "5.1.2d",
            G512e => "5.1.2e",
            G512f => "5.1.2f",
            G512g => "5.1.2g",
            G512h => "5.1.2h",
            G512i => "5.1.2i",
            G515 => "5.1.5",
            G52 => "5.2",
            Dubbel => "dubbel",
        }
    }

    /// The Dutch label from the statute.
    pub fn label(self) -> &'static str {
        use Ground::*;
        match self {
            G511a => "Eenheid van de Kroon",
            G511b => "Veiligheid van de Staat",
            G511c => "Vertrouwelijk verstrekte bedrijfs- en fabricagegegevens",
            G511d => "Bijzondere persoonsgegevens",
            G511e => "Nationale identificatienummers",
            G512a => "Internationale betrekkingen",
            G512b => "Economische of financiële belangen van de Staat",
            G512c => "Opsporing en vervolging van strafbare feiten",
            G512d => "Inspectie, controle en toezicht door bestuursorganen",
            G512e => "Eerbiediging van de persoonlijke levenssfeer",
            G512f => "Concurrentiegevoelige bedrijfs- en fabricagegegevens",
            G512g => "Bescherming van het milieu",
            G512h => "Beveiliging van personen of bedrijven",
            G512i => "Het goed functioneren van de Staat",
            G515 => "Voorkomen van onevenredige benadeling",
            G52 => "Persoonlijke beleidsopvattingen",
            Dubbel => "Dubbel document",
        }
    }

    /// The Wob article and letter this ground replaced, as (article, letter).
    ///
    /// Wob 10.1d covered identification numbers (now 5.1.1e); 10.2g became 5.1.5 and 11.1
    /// became 5.2. Grounds without a Wob predecessor return `None`.
    fn wob_parts(self) -> Option<(&'static str, &'static str)> {
        use Ground::*;
        Some(match self {
            G511a => ("10.1", "a"),
            G511b => ("10.1", "b"),
            G511c => ("10.1", "c"),
            G511d | G511e => ("10.1", "d"),
            G512a => ("10.2", "a"),
            G512b => ("10.2", "b"),
            G512c => ("10.2", "c"),
            G512d => ("10.2", "d"),
            G512e => ("10.2", "e"),
            G515 => ("10.2", "g"),
            G52 => ("11.1", ""),
            _ => return None,
        })
    }

    /// Formats the ground in the given style. Grounds that have no Wob form are written as
    /// their Woo code in every style.
    pub fn display(self, style: GroundStyle) -> String {
        match (style, self.wob_parts()) {
            (GroundStyle::Woo, _) | (_, None) => self.woo_code().to_string(),
            (GroundStyle::Wob, Some((art, letter))) => format!("{art}{letter}"),
            (GroundStyle::WobParen, Some((art, letter))) => {
                let (a, b) = art.split_once('.').unwrap_or((art, ""));
                format!("({a})({b}{letter})")
            }
        }
    }
}

impl fmt::Display for Ground {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.woo_code())
    }
}

impl Serialize for Ground {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.woo_code())
    }
}

impl<'de> Deserialize<'de> for Ground {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Error for a string that is not a known ground.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown refusal ground `{0}`")]
pub struct UnknownGround(pub String);

/// The formal Dutch wording: "artikel 5.1, tweede lid, aanhef en onder e(, Woo)".
static FORMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:art(?:ikel|\.)?\s*)?(5\.1|10|11)\s*,\s*(eerste|tweede|1e|2e)\s+lid\s*,?\s*(?:aanhef\s+en\s+)?(?:onder|sub)\s+([a-i])(?:\s*,?\s*(?:van\s+de\s+)?(?:woo|wob|wet open overheid|wet openbaarheid van bestuur))?$",
    )
    .expect("formal ground regex is valid")
});

impl FromStr for Ground {
    type Err = UnknownGround;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownGround(input.to_string());
        let s = input.trim();
        if s.eq_ignore_ascii_case("dubbel") {
            return Ok(Ground::Dubbel);
        }
        if let Some(c) = FORMAL.captures(s) {
            let lid = if c[2].starts_with(['e', 'E', '1']) {
                '1'
            } else {
                '2'
            };
            let key = match &c[1] {
                "5.1" => format!("51{lid}"),
                art => format!("{art}{lid}"),
            };
            return parse_compact(&key, c[3].chars().next()).ok_or_else(unknown);
        }
        // Normalise the short spellings: drop an `art.`/`artikel` prefix, a `Woo`/`Wob`
        // suffix, brackets, dots and spaces: `(10)(2e)` -> `102e`, `5.1.2 e` -> `512e`.
        let lower = s.to_ascii_lowercase();
        let mut rest = lower.as_str();
        for prefix in ["artikel", "art."] {
            if let Some(r) = rest.strip_prefix(prefix) {
                rest = r;
            }
        }
        for suffix in ["woo", "wob"] {
            if let Some(r) = rest.trim_end().strip_suffix(suffix) {
                rest = r;
            }
        }
        let compact: String = rest
            .chars()
            .filter(|c| !matches!(c, '.' | ' ' | '(' | ')' | ',' | '\u{a0}'))
            .collect();
        if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(unknown());
        }
        let (digits, letter) = match compact
            .char_indices()
            .find(|(_, c)| c.is_ascii_alphabetic())
        {
            Some((i, c)) if i + c.len_utf8() == compact.len() => (&compact[..i], Some(c)),
            Some(_) => return Err(unknown()),
            None => (compact.as_str(), None),
        };
        parse_compact(digits, letter).ok_or_else(unknown)
    }
}

/// Maps the digits of a code without separators (`512`, `102`, `52`) and its letter to a ground.
fn parse_compact(digits: &str, letter: Option<char>) -> Option<Ground> {
    use Ground::*;
    let g = match (digits, letter) {
        ("511" | "101", Some('a')) => G511a,
        ("511" | "101", Some('b')) => G511b,
        ("511" | "101", Some('c')) => G511c,
        ("511", Some('d')) => G511d,
        // Wob 10.1d was the ground for identification numbers.
        ("101", Some('d')) => G511e,
        ("511", Some('e')) => G511e,
        ("512" | "102", Some('a')) => G512a,
        ("512" | "102", Some('b')) => G512b,
        ("512" | "102", Some('c')) => G512c,
        ("512" | "102", Some('d')) => G512d,
        ("512" | "102", Some('e')) => G512e,
        ("512", Some('f')) => G512f,
        ("512", Some('g')) => G512g,
        ("512", Some('h')) => G512h,
        ("512", Some('i')) => G512i,
        ("102", Some('g')) | ("515", None) => G515,
        ("52", None) | ("111", None) => G52,
        _ => return None,
    };
    Some(g)
}

/// Matches redaction codes already printed in a document, in every style, including common
/// OCR damage (`5.1 .2e`, `512e`, `(10)(20)`), and placeholders such as `[Redacted]`.
pub static EXISTING_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \[(?:redacted|gelakt|weggelakt)\]
        | \((?:10|11)\)\s?\((?:[12]\s?[a-g0o]?)\)
        | (?:(?-u:\b)(?:art(?:ikel|\.)?\s*)?)
          (?:5\s?\.?\s?1\s?\.?\s?[12]\s?\.?\s?[a-i]|5\.1\.5|5\.2|10\s?\.\s?[12]\s?\.?\s?[a-g]|11\.1)(?-u:\b)",
    )
    .expect("existing-code regex is valid")
});

/// The redaction codes already printed in `text`, as byte ranges. A match glued to a number
/// (`5.2.1985`, `11.1.1980`, `15.2e`) is a date or an amount, not a code.
pub fn existing_codes(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    EXISTING_CODE
        .find_iter(text)
        .map(|m| m.range())
        .filter(move |r| {
            let before = &text[..r.start];
            let after = &text[r.end..];
            let digit_before = before.ends_with(|c: char| c.is_ascii_digit())
                || (before.ends_with(['.', ','])
                    && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()));
            let digit_after = after.starts_with(|c: char| c.is_ascii_digit())
                || (after.starts_with(['.', ','])
                    && after[1..].starts_with(|c: char| c.is_ascii_digit()));
            if digit_before || digit_after {
                return false;
            }
            // A bare number (`5.2`, `11.1`, `5.1.5`) is a code only where a code stands: alone, after
            // a bracket or separator, or after `art.`; `Kerkstraat 5.2` is a house number.
            let bare = text[r.clone()].ends_with(|c: char| c.is_ascii_digit());
            if bare {
                let lead = before.trim_end_matches([' ', '\t']).as_bytes();
                let ends_with = |word: &[u8]| {
                    lead.len() >= word.len()
                        && lead[lead.len() - word.len()..].eq_ignore_ascii_case(word)
                };
                return lead.is_empty()
                    || lead.ends_with(b"(")
                    || matches!(lead.last(), Some(b'[' | b',' | b';' | b':' | b'\n' | b'/'))
                    || ends_with(b"art.")
                    || ends_with(b"artikel");
            }
            true
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling_from_domain_md() {
        for s in [
            "5.1.2e",
            "5.1.2.e",
            "5.1.2 e",
            "10.2.e",
            "10.2e",
            "(10)(2e)",
            "Art. 10.2.e",
            "artikel 5.1, tweede lid, aanhef en onder e, Woo",
            "5.1 .2e",
            "512e",
        ] {
            assert_eq!(s.parse::<Ground>(), Ok(Ground::G512e), "{s}");
        }
        assert_eq!("5.1.1e".parse::<Ground>(), Ok(Ground::G511e));
        assert_eq!("10.1d".parse::<Ground>(), Ok(Ground::G511e));
        assert_eq!("10.2g".parse::<Ground>(), Ok(Ground::G515));
        assert_eq!("11.1".parse::<Ground>(), Ok(Ground::G52));
        assert_eq!("5.2".parse::<Ground>(), Ok(Ground::G52));
        assert_eq!("5.1.2i".parse::<Ground>(), Ok(Ground::G512i));
        assert_eq!(
            "artikel 5.1, eerste lid, onder e".parse::<Ground>(),
            Ok(Ground::G511e)
        );
    }

    #[test]
    fn rejects_non_grounds() {
        for s in ["", "5.1.3e", "e", "10.2z", "5.1.2ee", "hello", "5.1.2f2"] {
            assert!(s.parse::<Ground>().is_err(), "{s}");
        }
    }

    #[test]
    fn displays_in_every_style() {
        assert_eq!(Ground::G512e.display(GroundStyle::Woo), "5.1.2e");
        assert_eq!(Ground::G512e.display(GroundStyle::Wob), "10.2e");
        assert_eq!(Ground::G512e.display(GroundStyle::WobParen), "(10)(2e)");
        assert_eq!(Ground::G511e.display(GroundStyle::WobParen), "(10)(1d)");
        assert_eq!(Ground::G52.display(GroundStyle::Wob), "11.1");
        assert_eq!(Ground::G512i.display(GroundStyle::Wob), "5.1.2i");
        for g in Ground::all() {
            for style in [GroundStyle::Woo, GroundStyle::Wob, GroundStyle::WobParen] {
                let shown = g.display(style);
                if *g != Ground::G511d {
                    // 5.1.1d and 5.1.1e share Wob 10.1d; all others round-trip.
                    assert_eq!(shown.parse::<Ground>(), Ok(*g), "{shown}");
                }
            }
        }
    }

    #[test]
    fn finds_existing_codes() {
        let text = "Aanwezig (10)(2e), 5.1.2e en 5.1 .2e; T 070- 5.1.2e, [Redacted], 10.2.e";
        let n = EXISTING_CODE.find_iter(text).count();
        assert_eq!(n, 6);
        assert!(!EXISTING_CODE.is_match("in 2021 zijn 512 meldingen"));
        // Regression (review of #2): dates that start like a code are no codes.
        for date in [
            "geboren op 5.2.1985",
            "op 11.1.1980",
            "Kerkstraat 5.2, Utrecht",
        ] {
            assert_eq!(existing_codes(date).count(), 0, "{date}");
        }
        assert_eq!(existing_codes("weigering (5.2) en 5.1.2e.").count(), 2);
    }
}
