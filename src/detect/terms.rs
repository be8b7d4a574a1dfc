//! Term lists: the allowlist (never redacted) and extra terms (always redacted).
//!
//! A line of a list file is `TEXT` or `GROUND<TAB>TEXT`. Terms match whole words only, across
//! line breaks, runs of white space and a hyphen at a line end; case as given, except that a
//! leading particle may be capitalised (`de Vries` also matches `De Vries`).

use std::ops::Range;
use std::path::Path;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::error::Error;
use crate::ground::Ground;

/// The longest term accepted, in characters.
pub const MAX_TERM_CHARS: usize = 200;

/// Particles that may be capitalised at the start of a term.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "uit", "aan", "bij", "la",
    "le", "du", "von",
];

/// A compiled list of terms, each with an optional ground.
///
/// Matching is two-step: an Aho-Corasick automaton finds the first two characters of a
/// term's first word (Dutch hyphenation never breaks a word before its third letter, so those
/// two are always adjacent), and the term's own anchored regex confirms the match there. One
/// regex with every term as an alternative would be simpler but is slow on long lists.
#[derive(Clone, Default)]
pub struct TermList {
    entries: Vec<(String, Option<Ground>)>,
    /// The key automaton and, per key, the entries that start with it, longest term first.
    keys: Option<(AhoCorasick, Vec<Vec<usize>>)>,
    /// One anchored regex per entry.
    anchored: Vec<Regex>,
    /// Whether a hyphen after a match glues it to the next word, so that `de Vries` does not
    /// match inside `de Vries-Hoekstra`. Set for allowlists: an allowed name must not shield
    /// a longer one.
    hyphen_glues: bool,
    /// Whether a key starts with a character that is no letter or digit (`'t`): then a key
    /// can start inside another at a word start, and the scan must find overlapping keys.
    overlapping: bool,
}

impl std::fmt::Debug for TermList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TermList({} terms)", self.entries.len())
    }
}

impl TermList {
    /// The shipped allowlist: public office holders (rules/lexicons/public_officials.txt).
    /// Also the organisations and places that look like names
    /// (rules/lexicons/public_names.txt). Initial forms (`C. Schouten`) are deliberately not
    /// derived: a civil servant `A. de Vries` must not pass as minister Aukje de Vries.
    pub fn public_officials() -> TermList {
        let lex = super::lexicon::Lexicons::shipped();
        let mut list = TermList::default();
        for name in &lex.public_officials {
            list.add_line(name)
                .expect("shipped public officials are valid lines");
        }
        for name in &lex.public_names {
            list.add_line(name)
                .expect("shipped public names are valid lines");
        }
        list
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns true if and only if the list has no terms.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds one line in list-file syntax (`TEXT` or `GROUND<TAB>TEXT`). Blank lines and lines
    /// starting with `#` are skipped.
    pub fn add_line(&mut self, line: &str) -> Result<(), String> {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            return Ok(());
        }
        let (ground, text) = match line.split_once('\t') {
            Some((g, t)) => {
                let ground = g.parse::<Ground>().map_err(|e| e.to_string())?;
                (Some(ground), t)
            }
            None => (None, line),
        };
        let text = text.trim();
        if text.is_empty() {
            return Err("empty term".into());
        }
        // A term is a name or a phrase; the limit keeps every term's regex small, so that
        // building the list cannot fail.
        if text.chars().count() > MAX_TERM_CHARS {
            return Err(format!("term longer than {MAX_TERM_CHARS} characters"));
        }
        self.entries.push((text.to_string(), ground));
        self.keys = None;
        Ok(())
    }

    /// Reads a list file and adds its lines.
    pub fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::RuleFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::RuleFile {
            path: path.to_path_buf(),
            reason: "not UTF-8 text".into(),
        })?;
        for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
            self.add_line(line).map_err(|reason| Error::RuleFile {
                path: path.to_path_buf(),
                reason: format!("line {}: {reason}", n + 1),
            })?;
        }
        Ok(())
    }

    /// Makes a hyphen after a match part of the word (for allowlists).
    pub fn hyphen_joins_words(mut self) -> TermList {
        self.hyphen_glues = true;
        self
    }

    /// Compiles the list; call after the last `add_*`.
    pub fn build(mut self) -> TermList {
        self.anchored = self
            .entries
            .iter()
            .map(|(t, _)| {
                Regex::new(&format!("^(?:{})", term_pattern(t)))
                    .expect("escaped term forms a regex")
            })
            .collect();
        let mut key_index: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for (i, (term, _)) in self.entries.iter().enumerate() {
            let first = term.split_whitespace().next().unwrap_or(term);
            let key: String = first.chars().take(2).collect();
            let mut keys = vec![key.clone()];
            if term.split_whitespace().count() > 1 && PARTICLES.contains(&first) {
                let mut chars = key.chars();
                let up: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                keys.push(up);
            }
            for k in keys {
                key_index.entry(k).or_default().push(i);
            }
        }
        let mut patterns = Vec::new();
        let mut per_key = Vec::new();
        for (k, mut ids) in key_index {
            ids.sort_by_key(|&i| std::cmp::Reverse(self.entries[i].0.len()));
            patterns.push(k);
            per_key.push(ids);
        }
        if !patterns.is_empty() {
            let ac = AhoCorasick::new(&patterns).expect("term keys form an automaton");
            self.overlapping = self
                .entries
                .iter()
                .any(|(t, _)| !t.starts_with(char::is_alphanumeric));
            self.keys = Some((ac, per_key));
        }
        self
    }

    /// Every whole-word occurrence of a term in `text`, with the term's ground. Where terms
    /// overlap, the one that starts first wins, then the longest.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, Option<Ground>)> {
        let Some((ac, per_key)) = &self.keys else {
            return Vec::new();
        };
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        // Two keys (the first two characters of terms) never start at one position, and one
        // that starts with a letter or digit never starts inside another at a word start: a
        // plain scan finds every candidate, and is much faster than an overlapping one.
        let matches: Box<dyn Iterator<Item = aho_corasick::Match>> = if self.overlapping {
            Box::new(ac.find_overlapping_iter(text))
        } else {
            Box::new(ac.find_iter(text))
        };
        for m in matches {
            let start = m.start();
            if text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            for &i in &per_key[m.pattern().as_usize()] {
                if let Some(found) = self.anchored[i].find(&text[start..]) {
                    let end = start + found.end();
                    let glued = self.hyphen_glues
                        && text[end..].starts_with('-')
                        && text[end + 1..].starts_with(char::is_alphabetic);
                    if is_word_boundary(text, start, end) && !glued {
                        cands.push((start, end, i));
                        break;
                    }
                }
            }
        }
        cands.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out: Vec<(Range<usize>, Option<Ground>)> = Vec::new();
        for (s, e, i) in cands {
            if out.last().is_some_and(|(r, _)| s < r.end) {
                continue;
            }
            out.push((s..e, self.entries[i].1));
        }
        out
    }
}

/// Returns true if and only if `start..end` is not glued to a letter or digit on either side.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The regex for one term: words joined by any white space, every gap between two letters
/// may hold a hyphen at a line end, and a leading particle may be capitalised.
fn term_pattern(term: &str) -> String {
    const BREAK: &str = r"(?:-[ \t]*\r?\n[ \t]*)?";
    let words: Vec<&str> = term.split_whitespace().collect();
    let mut parts = Vec::with_capacity(words.len());
    for (wi, word) in words.iter().enumerate() {
        let mut p = String::new();
        for (ci, ch) in word.chars().enumerate() {
            if ci > 0 {
                p.push_str(BREAK);
            }
            let lit = regex::escape(&ch.to_string());
            if wi == 0 && ci == 0 && words.len() > 1 && PARTICLES.contains(word) {
                let up: String = ch.to_uppercase().collect();
                p.push_str(&format!("(?:{lit}|{})", regex::escape(&up)));
            } else if ch == '-' {
                // A hyphen in the term may itself stand at a line end.
                p.push_str(r"-(?:[ \t]*\r?\n[ \t]*)?");
            } else {
                p.push_str(&lit);
            }
        }
        parts.push(p);
    }
    parts.join(r"\s+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_that_starts_inside_another_key_is_found() {
        // `'t` and `te` as keys: `ter Horst` starts one character into `'t`.
        let l = list(&["'t Hart", "ter Horst"]);
        let found = l.find("zei 'ter Horst");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&"zei 'ter Horst"[found[0].0.clone()], "ter Horst");
        let l = list(&["Jan de Vries", "Anna", "Annelies"]);
        assert_eq!(l.find("Anna en Annelies en Jan de Vries").len(), 3);
    }

    fn list(lines: &[&str]) -> TermList {
        let mut l = TermList::default();
        for line in lines {
            l.add_line(line).unwrap();
        }
        l.build()
    }

    fn found<'a>(l: &TermList, text: &'a str) -> Vec<&'a str> {
        l.find(text).into_iter().map(|(r, _)| &text[r]).collect()
    }

    #[test]
    fn whole_words_only() {
        let l = list(&["LT"]);
        assert!(found(&l, "de resultaten van LT.").eq(&["LT"]));
        assert!(found(&l, "LTD en ALT").is_empty());
    }

    #[test]
    fn line_breaks_spaces_and_hyphens() {
        let l = list(&["Project Zonnebloem"]);
        assert_eq!(found(&l, "het Project\n  Zonnebloem").len(), 1);
        assert_eq!(found(&l, "het Project Zonne-\nbloem loopt").len(), 1);
        assert!(found(&l, "het project zonnebloem").is_empty());
    }

    #[test]
    fn leading_particle_may_be_capitalised() {
        let l = list(&["de Vries"]);
        assert_eq!(found(&l, "De Vries en de Vries").len(), 2);
        assert!(found(&l, "de vries").is_empty());
    }

    #[test]
    fn allowlist_does_not_shield_a_longer_double_name() {
        let mut l = TermList::default();
        l.add_line("de Vries").unwrap();
        let allow = l.clone().hyphen_joins_words().build();
        assert!(found(&allow, "A. de Vries-Hoekstra").is_empty());
        assert_eq!(found(&allow, "A. de Vries, secretaris"), vec!["de Vries"]);
        // Terms (redaction) still match before a hyphen: `LT-overleg`.
        let terms = list(&["LT"]);
        assert_eq!(found(&terms, "het LT-overleg"), vec!["LT"]);
    }

    #[test]
    fn ground_column() {
        let l = list(&["5.1.2i\tZonnebloem", "# comment", ""]);
        assert_eq!(l.len(), 1);
        let hits = l.find("Zonnebloem");
        assert_eq!(hits[0].1, Some(Ground::G512i));
        let mut bad = TermList::default();
        assert!(bad.add_line("9.9.9\tx").is_err());
        // Regression (review of #2): a 30,000-character line is an error, not a panic.
        assert!(bad.add_line(&"x".repeat(30_000)).is_err());
    }

    #[test]
    fn shorter_term_inside_a_rejected_longer_match() {
        let l = list(&["Jan", "Jan de"]);
        // `Jan de` is glued to `n` in `Jan den`; `Jan` alone still matches.
        assert_eq!(found(&l, "Jan den Uyl"), vec!["Jan"]);
    }
}
