//! Term lists: the allowlist (never redacted) and extra terms (always redacted).
//!
//! A line of a list file is `TEXT` or `GROUND<TAB>TEXT`. Terms match whole words only, across
//! line breaks, runs of white space and a hyphen at a line end; case as given, except that a
//! leading particle may be capitalised (`de Vries` also matches `De Vries`).

use std::ops::Range;
use std::path::Path;

use regex::Regex;

use crate::error::Error;
use crate::ground::Ground;

/// Particles that may be capitalised at the start of a term.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "ter", "ten", "te", "in", "op", "uit", "aan", "bij", "la",
    "le", "du", "von",
];

/// A compiled list of terms, each with an optional ground.
#[derive(Clone, Default)]
pub struct TermList {
    entries: Vec<(String, Option<Ground>)>,
    re: Option<Regex>,
    /// One anchored regex per entry, longest term first, for retries at a given start.
    anchored: Vec<(usize, Regex)>,
}

impl std::fmt::Debug for TermList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TermList({} terms)", self.entries.len())
    }
}

impl TermList {
    /// The shipped list of public office holders (rules/lexicons/public_officials.txt).
    pub fn public_officials() -> TermList {
        let mut list = TermList::default();
        for name in &super::lexicon::Lexicons::shipped().public_officials {
            list.add_line(name)
                .expect("shipped public officials are valid lines");
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
        self.entries.push((text.to_string(), ground));
        self.re = None;
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

    /// Compiles the list; call after the last `add_*`.
    pub fn build(mut self) -> TermList {
        if !self.entries.is_empty() {
            // Longest first, so that the longer of two overlapping terms wins.
            let mut order: Vec<usize> = (0..self.entries.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(self.entries[i].0.len()));
            let alts: Vec<String> = order
                .iter()
                .map(|&i| format!("(?P<t{i}>{})", term_pattern(&self.entries[i].0)))
                .collect();
            self.re = Some(Regex::new(&alts.join("|")).expect("escaped terms form a regex"));
            self.anchored = order
                .iter()
                .map(|&i| {
                    let re = Regex::new(&format!("^(?:{})", term_pattern(&self.entries[i].0)))
                        .expect("escaped term forms a regex");
                    (i, re)
                })
                .collect();
        }
        self
    }

    /// Every whole-word occurrence of a term in `text`, with the term's ground.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, Option<Ground>)> {
        let Some(re) = &self.re else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(caps) = re.captures_at(text, at) else {
                break;
            };
            let m = caps.get(0).expect("group 0 always matches");
            let start = m.start();
            let hit = if is_word_boundary(text, start, m.end()) {
                let i = (0..self.entries.len())
                    .find(|i| caps.name(&format!("t{i}")).is_some())
                    .expect("one alternative matched");
                Some((m.end(), i))
            } else {
                // The longest term here is glued to a word; a shorter one may still fit.
                self.anchored.iter().find_map(|(i, re)| {
                    let end = start + re.find(&text[start..])?.end();
                    is_word_boundary(text, start, end).then_some((end, *i))
                })
            };
            match hit {
                Some((end, i)) => {
                    out.push((start..end, self.entries[i].1));
                    at = end.max(start + 1);
                }
                None => {
                    at = start + text[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
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
    fn ground_column() {
        let l = list(&["5.1.2i\tZonnebloem", "# comment", ""]);
        assert_eq!(l.len(), 1);
        let hits = l.find("Zonnebloem");
        assert_eq!(hits[0].1, Some(Ground::G512i));
        let mut bad = TermList::default();
        assert!(bad.add_line("9.9.9\tx").is_err());
    }

    #[test]
    fn shorter_term_inside_a_rejected_longer_match() {
        let l = list(&["Jan", "Jan de"]);
        // `Jan de` is glued to `n` in `Jan den`; `Jan` alone still matches.
        assert_eq!(found(&l, "Jan den Uyl"), vec!["Jan"]);
    }
}
