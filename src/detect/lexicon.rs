//! The shipped name lexicons (`rules/lexicons/`, origin and licence in `SOURCES.md` there).
//!
//! Compiled into the binary and parsed once on first use.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

/// Word sets used by the name detectors.
pub struct Lexicons {
    /// Given names, as written (`Jan`, `Anne-Marie`).
    pub first_names: HashSet<&'static str>,
    /// Surnames without particles, as written (`Vries`, `Jansen`).
    pub surnames: HashSet<&'static str>,
    /// Common lowercase Dutch words: a capitalised token that is one is weak evidence.
    pub common_words: HashSet<&'static str>,
    /// Dutch place names, as written.
    pub places: HashSet<&'static str>,
    /// Public office holders (`Hugo de Jonge`), allowed by default.
    pub public_officials: Vec<&'static str>,
    /// Organisations and places that look like a person's name (`Albert Heijn`).
    pub public_names: Vec<&'static str>,
    /// For every word as written in the first-name, surname or place lexicon, which of
    /// them hold it ([`FIRST_NAME`], [`SURNAME`], [`PLACE`]): one lookup instead of three.
    pub name_flags: HashMap<&'static str, u8>,
}

/// In [`Lexicons::name_flags`]: a first name.
pub const FIRST_NAME: u8 = 1;
/// In [`Lexicons::name_flags`]: a surname.
pub const SURNAME: u8 = 2;
/// In [`Lexicons::name_flags`]: a place.
pub const PLACE: u8 = 4;

fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

static SHIPPED: LazyLock<Lexicons> = LazyLock::new(|| {
    let first_names: HashSet<&'static str> =
        lines(include_str!("../../rules/lexicons/first_names.txt"))
            .chain(lines(include_str!(
                "../../rules/lexicons/first_names_namdict.txt"
            )))
            .collect();
    let surnames: HashSet<&'static str> =
        lines(include_str!("../../rules/lexicons/surnames.txt")).collect();
    let places: HashSet<&'static str> =
        lines(include_str!("../../rules/lexicons/places.txt")).collect();
    let mut name_flags: HashMap<&'static str, u8> = HashMap::default();
    for (set, flag) in [
        (&first_names, FIRST_NAME),
        (&surnames, SURNAME),
        (&places, PLACE),
    ] {
        for w in set {
            *name_flags.entry(w).or_insert(0) |= flag;
        }
    }
    Lexicons {
        first_names,
        surnames,
        common_words: lines(include_str!("../../rules/lexicons/common_words.txt")).collect(),
        places,
        public_officials: lines(include_str!("../../rules/lexicons/public_officials.txt"))
            .collect(),
        public_names: lines(include_str!("../../rules/lexicons/public_names.txt")).collect(),
        name_flags,
    }
});

impl Lexicons {
    /// The lexicons shipped with woolak.
    pub fn shipped() -> &'static Lexicons {
        &SHIPPED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_are_large_enough() {
        let lex = Lexicons::shipped();
        assert!(lex.first_names.len() >= 3000, "{}", lex.first_names.len());
        assert!(lex.surnames.len() >= 3000, "{}", lex.surnames.len());
        assert!(lex.first_names.contains("Jan"));
        assert!(lex.surnames.contains("Jansen"));
        assert!(lex.common_words.contains("tafel"));
    }
}
