//! Redacted text: every finding replaced by its ground code, everything else untouched.

use crate::detect::Finding;
use crate::ground::GroundStyle;

/// A piece of redacted text: kept source text, or a code that replaced a finding.
#[derive(Clone, PartialEq, Eq)]
pub enum Segment<'t> {
    Kept(&'t str),
    Code(String),
}

impl std::fmt::Debug for Segment<'_> {
    /// Shows the length of kept text, never the text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Segment::Kept(t) => write!(f, "Kept({} bytes)", t.len()),
            Segment::Code(c) => write!(f, "Code({c})"),
        }
    }
}

/// Splits `text` into kept parts and codes. `findings` must be sorted and disjoint, as
/// [`crate::detect::Engine::detect`] returns them.
pub fn segments<'t>(text: &'t str, findings: &[Finding], style: GroundStyle) -> Vec<Segment<'t>> {
    let mut out = Vec::with_capacity(findings.len() * 2 + 1);
    let mut at = 0;
    for f in findings {
        debug_assert!(f.span.start >= at, "findings are sorted and disjoint");
        if f.span.start > at {
            out.push(Segment::Kept(&text[at..f.span.start]));
        }
        out.push(Segment::Code(f.ground.display(style)));
        at = f.span.end;
    }
    if at < text.len() {
        out.push(Segment::Kept(&text[at..]));
    }
    out
}

/// The redacted text as one string.
pub fn redact(text: &str, findings: &[Finding], style: GroundStyle) -> String {
    join(&segments(text, findings, style))
}

/// Joins segments into the redacted text.
pub fn join(segments: &[Segment<'_>]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Kept(t) => out.push_str(t),
            Segment::Code(c) => out.push_str(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Category, Source};
    use crate::ground::Ground;

    #[test]
    fn replaces_spans_with_codes_in_style() {
        let text = "Bel Jan op 06-12345678.";
        let f = |s, e, g| Finding {
            span: s..e,
            category: Category::Phone,
            detector: "phone-number",
            ground: g,
            source: Source::Rule,
        };
        let findings = [f(4, 7, Ground::G512e), f(11, 22, Ground::G512e)];
        assert_eq!(
            redact(text, &findings, GroundStyle::Woo),
            "Bel 5.1.2e op 5.1.2e."
        );
        assert_eq!(
            redact(text, &findings, GroundStyle::WobParen),
            "Bel (10)(2e) op (10)(2e)."
        );
    }
}
