//! Detection: text in, findings (byte spans with a detector, category and ground) out.
//!
//! [`Engine`] is built once from the rule set, the lexicons and the user's lists, and is shared
//! by every worker thread. For one text it runs every enabled detector, drops what the
//! allowlist or an existing redaction code covers, and resolves overlaps, so that the findings
//! it returns are sorted and disjoint.

pub mod context;
pub mod lexicon;
mod names;
mod patterns;
pub mod registry;
pub mod rules;
pub mod terms;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::ground::Ground;
pub use names::NameKeys;
pub use registry::{Category, DetectorInfo, DETECTORS};
pub use rules::RuleSet;
pub use terms::TermList;

/// Where the decision to redact came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A detector rule.
    Rule,
    /// The user's terms list.
    List,
    /// A reviewer's decision (`--decisions`, or pages withheld in the job file).
    Reviewer,
}

/// One piece of personal data: a byte span of the text. Holds no text itself, so `Debug` and
/// logs never show personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Range<usize>,
    pub category: Category,
    pub detector: &'static str,
    pub ground: Ground,
    pub source: Source,
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Finding({}..{} {} {} {})",
            self.span.start,
            self.span.end,
            self.detector,
            self.category.as_str(),
            self.ground
        )
    }
}

/// A detector hit before grounds and settings are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub span: Range<usize>,
    pub detector: &'static str,
    /// Ground from a terms list line, overriding the detector's.
    pub ground: Option<Ground>,
}

impl Hit {
    pub fn new(span: Range<usize>, detector: &'static str) -> Hit {
        Hit {
            span,
            detector,
            ground: None,
        }
    }
}

/// The detection engine: compiled rules, lexicons and the user's lists.
pub struct Engine {
    enabled: Vec<(&'static str, Ground)>,
    patterns: patterns::Patterns,
    names: names::NameDetector,
    allow: TermList,
    terms: TermList,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field("detectors", &self.enabled.len())
            .field("allow", &self.allow.len())
            .field("terms", &self.terms.len())
            .finish()
    }
}

impl Engine {
    /// Builds an engine from a rule set, an allowlist and a terms list.
    pub fn new(rules: &RuleSet, allow: TermList, terms: TermList) -> Engine {
        let enabled = DETECTORS
            .iter()
            .filter_map(|d| {
                let rule = rules.detectors.get(d.id);
                let on = rule.and_then(|r| r.enabled).unwrap_or(true);
                let ground = rule.and_then(|r| r.ground).unwrap_or(d.ground);
                on.then_some((d.id, ground))
            })
            .collect();
        Engine {
            enabled,
            patterns: patterns::Patterns::new(rules),
            names: names::NameDetector::new(rules, lexicon::Lexicons::shipped()),
            allow,
            terms,
        }
    }

    /// An engine with the default rules, the shipped public officials as allowlist and no
    /// terms.
    pub fn with_defaults() -> Engine {
        Engine::new(
            &RuleSet::defaults(),
            TermList::public_officials().hyphen_joins_words().build(),
            TermList::default(),
        )
    }

    fn ground_of(&self, id: &str) -> Option<Ground> {
        self.enabled.iter().find(|(d, _)| *d == id).map(|(_, g)| *g)
    }

    /// Finds the personal data in `text`: sorted, disjoint findings.
    pub fn detect(&self, text: &str) -> Vec<Finding> {
        self.detect_with_names(text).0
    }

    /// Like [`Engine::detect`], and also returns the keys of the names confirmed in `text`,
    /// for [`Engine::propagate`] over a set of documents, and the text's shields, so that
    /// the second pass need not find them again.
    pub fn detect_with_names(&self, text: &str) -> (Vec<Finding>, NameKeys, Shields) {
        let ctx = context::Context::new(text);
        let protected = self.protected(text);
        let mut hits = Vec::new();
        self.patterns.detect(&ctx, &mut hits);
        let email_spans: Vec<Range<usize>> = hits
            .iter()
            .filter(|h| h.detector == "email-address")
            .map(|h| h.span.clone())
            .collect();
        let keys = self.names.detect(&ctx, &protected, &email_spans, &mut hits);
        for (span, ground) in self.terms.find(text) {
            hits.push(Hit {
                span,
                detector: "extra-term",
                ground,
            });
        }
        let mut findings = self.findings(text, &protected, hits);
        resolve_overlaps(&mut findings);
        (findings, keys, Shields(protected))
    }

    /// The existing codes and allowed text of `text`, which no finding may lie inside.
    pub fn shields(&self, text: &str) -> Shields {
        Shields(self.protected(text))
    }

    /// The second pass over a set: adds to `findings` (those of `text`) the other mentions of
    /// the names in `keys`, confirmed in any document of the set. Returns how many were added.
    /// `shields` are those of `text` ([`Engine::shields`]).
    pub fn propagate(
        &self,
        text: &str,
        shields: &Shields,
        keys: &NameKeys,
        findings: &mut Vec<Finding>,
    ) -> usize {
        if keys.is_empty() || self.ground_of("person-name-repeat").is_none() {
            return 0;
        }
        let protected = &shields.0;
        let taken = SpanSet::new(findings.iter().map(|f| f.span.clone()).collect());
        let mut hits = Vec::new();
        self.names
            .propagate(text, protected, &taken, keys, &mut hits);
        let added = self.findings(text, protected, hits);
        let n = added.len();
        findings.extend(added);
        resolve_overlaps(findings);
        n
    }

    /// Adds to `findings` (those of `text`) the occurrences of `terms` (a document's own
    /// extra terms), with the allowlist and existing codes (`shields`, those of `text`)
    /// applied as to every detector.
    pub fn add_terms(
        &self,
        text: &str,
        shields: &Shields,
        terms: &TermList,
        findings: &mut Vec<Finding>,
    ) {
        if terms.is_empty() {
            return;
        }
        let protected = &shields.0;
        let hits = terms
            .find(text)
            .into_iter()
            .map(|(span, ground)| Hit {
                span,
                detector: "extra-term",
                ground,
            })
            .collect();
        findings.extend(self.findings(text, protected, hits));
        resolve_overlaps(findings);
    }

    /// Existing codes and allowed text. A finding is dropped only when it lies inside one:
    /// `Heijmans` allowed as a company must not shield `mevrouw Jansen-Heijmans`.
    fn protected(&self, text: &str) -> SpanSet {
        SpanSet::new(
            crate::ground::existing_codes(text)
                .chain(self.allow.find(text).into_iter().map(|(r, _)| r))
                .collect(),
        )
    }

    /// The hits that survive the shields and belong to an enabled detector, as findings.
    fn findings(&self, text: &str, protected: &SpanSet, hits: Vec<Hit>) -> Vec<Finding> {
        hits.into_iter()
            .filter(|h| !h.span.is_empty())
            .filter(|h| !protected.shields(text, &h.span))
            .filter_map(|h| {
                let info = registry::info(h.detector);
                let ground = self.ground_of(h.detector)?;
                Some(Finding {
                    span: h.span,
                    category: info.category,
                    detector: info.id,
                    ground: h.ground.unwrap_or(ground),
                    source: if h.detector == "extra-term" {
                        Source::List
                    } else {
                        Source::Rule
                    },
                })
            })
            .collect()
    }
}

/// The parts of a text that no finding may lie inside: existing redaction codes and allowed
/// text. `Debug` shows their number only.
#[derive(Clone, Default)]
pub struct Shields(SpanSet);

impl fmt::Debug for Shields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Shields({})", self.0 .0.len())
    }
}

/// A set of byte ranges, merged and sorted, for overlap and containment queries in
/// logarithmic time (a document can have tens of thousands of findings).
#[derive(Clone, Debug, Default)]
pub(crate) struct SpanSet(Vec<Range<usize>>);

impl SpanSet {
    pub fn new(mut ranges: Vec<Range<usize>>) -> SpanSet {
        ranges.retain(|r| !r.is_empty());
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        SpanSet(merged)
    }

    /// The merged range that could touch `r`: the first one that ends after `r` starts.
    fn candidate(&self, r: &Range<usize>) -> Option<&Range<usize>> {
        let i = self.0.partition_point(|s| s.end <= r.start);
        self.0.get(i)
    }

    /// Returns true if and only if some range shares a byte with `r`.
    pub fn overlaps(&self, r: &Range<usize>) -> bool {
        self.candidate(r).is_some_and(|s| s.start < r.end)
    }

    /// Returns true if and only if the set shields the finding `r`: `r` overlaps it and what
    /// lies outside is at most articles, particles and prepositions (`Bij de` before an
    /// allowed `Albert Heijn`; nothing, when `r` lies inside). Any other word outside (`Jan`
    /// before an allowed `Heijmans`) keeps the whole finding.
    pub fn shields(&self, text: &str, r: &Range<usize>) -> bool {
        let i = self.0.partition_point(|s| s.end <= r.start);
        let inside: Vec<&Range<usize>> =
            self.0[i..].iter().take_while(|s| s.start < r.end).collect();
        if inside.is_empty() {
            return false;
        }
        let mut at = r.start;
        let mut outside = String::new();
        for s in inside {
            if s.start > at {
                outside.push_str(&text[at..s.start]);
                outside.push(' ');
            }
            at = at.max(s.end);
        }
        if at < r.end {
            outside.push_str(&text[at..r.end]);
        }
        const SMALL: &[&str] = &[
            "de", "den", "der", "het", "een", "van", "bij", "in", "op", "aan", "te", "ter", "ten",
            "uit", "t", "naar", "voor", "met", "om", "the", "of", "at",
        ];
        outside
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| SMALL.contains(&w.to_lowercase().as_str()))
    }

    /// Returns true if and only if `r` lies wholly inside one (merged) range.
    pub fn contains(&self, r: &Range<usize>) -> bool {
        self.candidate(r)
            .is_some_and(|s| s.start <= r.start && r.end <= s.end)
    }
}

/// Returns true if and only if the two ranges share at least one byte.
pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Detectors in order of precedence when findings overlap: the more specific evidence wins.
fn rank(detector: &str) -> usize {
    const ORDER: &[&str] = &[
        "reviewer",
        "extra-term",
        "bsn",
        "iban",
        "email-address",
        "phone-number",
        "id-number",
        "licence-plate",
        "birth-date",
        "postcode",
        "street-address",
        "person-name",
        "person-name-email",
        "person-name-cue",
        "person-name-repeat",
    ];
    ORDER
        .iter()
        .position(|d| *d == detector)
        .unwrap_or(ORDER.len())
}

/// Sorts `findings` and merges overlapping ones (see [`resolve_overlaps`]): for findings
/// gathered from several sources, such as a reviewer's additions.
pub fn merge_findings(findings: &mut Vec<Finding>) {
    resolve_overlaps(findings);
}

/// Sorts findings and merges overlapping ones into one finding spanning both, which keeps
/// the detector of higher precedence. The result is sorted and disjoint.
fn resolve_overlaps(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| {
        (
            a.span.start,
            rank(a.detector),
            std::cmp::Reverse(a.span.end),
        )
            .cmp(&(
                b.span.start,
                rank(b.detector),
                std::cmp::Reverse(b.span.end),
            ))
    });
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings.drain(..) {
        match out.last_mut() {
            Some(last) if f.span.start < last.span.end => {
                if rank(f.detector) < rank(last.detector) {
                    last.detector = f.detector;
                    last.category = f.category;
                    last.ground = f.ground;
                    last.source = f.source;
                }
                last.span.end = last.span.end.max(f.span.end);
            }
            _ => out.push(f),
        }
    }
    *findings = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(start: usize, end: usize, detector: &'static str) -> Finding {
        Finding {
            span: start..end,
            category: registry::info(detector).category,
            detector,
            ground: Ground::G512e,
            source: Source::Rule,
        }
    }

    #[test]
    fn overlapping_findings_merge_keeping_the_stronger_detector() {
        let mut v = vec![
            f(10, 20, "person-name-repeat"),
            f(0, 5, "phone-number"),
            f(12, 25, "person-name"),
            f(30, 31, "bsn"),
        ];
        resolve_overlaps(&mut v);
        assert_eq!(v.len(), 3);
        assert_eq!(v[1].span, 10..25);
        assert_eq!(v[1].detector, "person-name");
    }

    #[test]
    fn debug_never_shows_text() {
        let s = format!("{:?}", f(1, 4, "bsn"));
        assert_eq!(s, "Finding(1..4 bsn bsn 5.1.2e)");
    }
}
