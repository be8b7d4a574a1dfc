//! Fonts for the PDF glyph walker: from a page's font dictionary, how a shown string splits into
//! character codes, how far each code advances and which Unicode text it stands for. When that
//! cannot be known for sure, it says so (an error or `None`) so the caller can refuse the
//! document instead of guessing where personal data is.
//!
//! References are to PDF 32000-1:2008. Data files under `data/` are described in
//! `data/SOURCES.md`.

mod afm;
mod cmap;
mod composite;
mod glyphs;
mod lexer;
mod pdf;
mod simple;
mod type1;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use lopdf::{Dictionary, Document};

use composite::Composite;
use simple::{Simple, SimpleKind};

/// A font ready for per-glyph lookups; cheap to clone.
#[derive(Clone)]
pub struct Font {
    inner: Arc<Inner>,
}

struct Inner {
    /// Resource name and base font name, for messages.
    ctx: Ctx,
    base: String,
    kind: Kind,
    ascent: f64,
    descent: f64,
    vertical: bool,
}

enum Kind {
    Simple(Simple),
    Composite(Composite),
}

impl fmt::Debug for Font {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Font")
            .field("resource", &i.ctx.font)
            .field("base", &i.base)
            .field(
                "kind",
                &match i.kind {
                    Kind::Simple(_) => "simple",
                    Kind::Composite(_) => "type0",
                },
            )
            .field("vertical", &i.vertical)
            .finish_non_exhaustive()
    }
}

/// Why a font cannot be used. Messages name the font resource and its base font.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("font /{font} ({base}): no /Widths and not a standard 14 font")]
    MissingWidths { font: String, base: String },
    #[error("font /{font} ({base}): unsupported font type {subtype}")]
    UnsupportedType {
        font: String,
        base: String,
        subtype: String,
    },
    #[error("font /{font} ({base}): unsupported predefined CMap {cmap}")]
    UnsupportedCMap {
        font: String,
        base: String,
        cmap: String,
    },
    #[error("font /{font} ({base}): {problem}")]
    Malformed {
        font: String,
        base: String,
        problem: String,
    },
    #[error(
        "font /{font} ({base}): no character code starts at byte {offset} of a {len}-byte string"
    )]
    Split {
        font: String,
        base: String,
        offset: usize,
        len: usize,
    },
}

/// The names an error message needs.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    font: String,
    base: String,
}

impl Ctx {
    fn missing_widths(&self) -> FontError {
        FontError::MissingWidths {
            font: self.font.clone(),
            base: self.base.clone(),
        }
    }

    fn malformed(&self, problem: &str) -> FontError {
        FontError::Malformed {
            font: self.font.clone(),
            base: self.base.clone(),
            problem: problem.to_owned(),
        }
    }
}

/// Drops a subset tag: six uppercase letters and a plus sign (§9.6.4).
fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// Ascent and descent in text space: the descriptor's /Ascent and /Descent, else its
/// /FontBBox, else the standard font's AFM, else 0.8 and -0.2. A positive descent is taken as
/// a sign error; values that make no box are skipped.
fn vertical_metrics(
    doc: &Document,
    descriptor: Option<&Dictionary>,
    std: Option<&afm::Metrics>,
) -> (f64, f64) {
    let sane = |a: f64, d: f64| {
        let d = -d.abs();
        (a > 0.0 && a < 10.0 && d > -10.0).then_some((a, d))
    };
    if let Some(fd) = descriptor {
        let a = pdf::get_number(doc, fd, b"Ascent");
        let d = pdf::get_number(doc, fd, b"Descent");
        if let Some(r) = a.zip(d).and_then(|(a, d)| sane(a / 1000.0, d / 1000.0)) {
            return r;
        }
        let bbox = pdf::get_array(doc, fd, b"FontBBox").and_then(|a| pdf::numbers::<4>(doc, a));
        if let Some(r) = bbox.and_then(|b| sane(b[3] / 1000.0, b[1] / 1000.0)) {
            return r;
        }
    }
    if let Some(m) = std {
        let from_afm = m.ascender.zip(m.descender).or(m.bbox.map(|b| (b[3], b[1])));
        if let Some(r) = from_afm.and_then(|(a, d)| sane(a / 1000.0, d / 1000.0)) {
            return r;
        }
    }
    (0.8, -0.2)
}

impl Font {
    /// Builds a font from its (dereferenced) font dictionary; `doc` resolves indirect objects
    /// and `name` is the resource name (e.g. `b"F1"`) used in error messages.
    pub fn from_dict(doc: &Document, name: &[u8], dict: &Dictionary) -> Result<Font, FontError> {
        let raw = pdf::get_name(doc, dict, b"BaseFont")
            .map(pdf::lossy)
            .unwrap_or_default();
        let base = strip_subset(&raw).to_owned();
        let ctx = Ctx {
            font: pdf::lossy(name),
            base: if base.is_empty() {
                "unnamed".to_owned()
            } else {
                base.clone()
            },
        };
        let simple_kind = match pdf::get_name(doc, dict, b"Subtype") {
            // A missing /Subtype is read as Type1, the most common simple font.
            None | Some(b"Type1" | b"MMType1") => Some(SimpleKind::Type1),
            Some(b"TrueType") => Some(SimpleKind::TrueType),
            Some(b"Type3") => Some(SimpleKind::Type3),
            Some(b"Type0") => None,
            Some(other) => {
                return Err(FontError::UnsupportedType {
                    font: ctx.font,
                    base: ctx.base,
                    subtype: pdf::lossy(other),
                })
            }
        };
        let (kind, ascent, descent, vertical) = match simple_kind {
            Some(k) => {
                let b = simple::build(doc, dict, k, &base, &ctx)?;
                (Kind::Simple(b.simple), b.ascent, b.descent, false)
            }
            None => {
                let b = composite::build(doc, dict, &ctx)?;
                (
                    Kind::Composite(b.composite),
                    b.ascent,
                    b.descent,
                    b.vertical,
                )
            }
        };
        Ok(Font {
            inner: Arc::new(Inner {
                ctx,
                base,
                kind,
                ascent,
                descent,
                vertical,
            }),
        })
    }

    /// Splits a shown string into character codes, as byte ranges of `bytes`: one byte each
    /// for simple fonts, by the CMap's codespace ranges for Type 0 fonts (§9.7.6.2). Fails if
    /// some bytes start no valid code, e.g. an odd trailing byte with Identity-H.
    pub fn split(&self, bytes: &[u8]) -> Result<Vec<Range<usize>>, FontError> {
        match &self.inner.kind {
            Kind::Simple(_) => Ok((0..bytes.len()).map(|i| i..i + 1).collect()),
            Kind::Composite(c) => c.codes.split(bytes).map_err(|offset| FontError::Split {
                font: self.inner.ctx.font.clone(),
                base: self.inner.ctx.base.clone(),
                offset,
                len: bytes.len(),
            }),
        }
    }

    /// The horizontal displacement w0 of one code in text space units, before the font size
    /// is applied (§9.2.4): /Widths for simple fonts (× /FontMatrix for Type 3), /W and /DW
    /// for Type 0. A code of the wrong length for the font advances 0 (simple) or /DW.
    pub fn advance(&self, code: &[u8]) -> f64 {
        match &self.inner.kind {
            Kind::Simple(s) => match code {
                [b] => s.advance(*b),
                _ => 0.0,
            },
            Kind::Composite(c) => c.advance(code),
        }
    }

    /// Appends the Unicode text of one code to `out`; returns false (and leaves `out` as it
    /// was) if the text is unknown.
    pub fn unicode_into(&self, code: &[u8], out: &mut String) -> bool {
        match &self.inner.kind {
            Kind::Simple(s) => match code {
                [b] => s.unicode_into(*b, out),
                _ => false,
            },
            Kind::Composite(c) => c.unicode_into(code, out),
        }
    }

    /// The Unicode text of one code: ToUnicode first, then the encoding's glyph names (simple
    /// fonts) or what a Unicode CMap or UCS ordering implies (Type 0). `None` = unknown;
    /// never `Some("")`.
    pub fn unicode(&self, code: &[u8]) -> Option<String> {
        let mut s = String::new();
        self.unicode_into(code, &mut s).then_some(s)
    }

    /// Returns true if and only if word spacing (Tw) applies to this code: a single-byte
    /// code 32, whatever the font type (§9.3.3).
    pub fn is_word_space(&self, code: &[u8]) -> bool {
        code == [32]
    }

    /// `(w1y, vx, vy)`: a code's vertical displacement and the position vector from its
    /// horizontal to its vertical origin, in text space units (§9.7.4.3). Only vertical
    /// (Type0) fonts have them; for others `(-1, w0 / 2, 0.88)`, the defaults.
    pub fn vertical_metrics(&self, code: &[u8]) -> (f64, f64, f64) {
        match &self.inner.kind {
            Kind::Composite(c) => c.vertical_metrics(code),
            _ => (-1.0, self.advance(code) / 2.0, 0.88),
        }
    }

    /// Returns true if and only if the font writes vertically (Identity-V or CMap /WMode 1).
    pub fn vertical(&self) -> bool {
        self.inner.vertical
    }

    /// Ascent in text space units (positive).
    pub fn ascent(&self) -> f64 {
        self.inner.ascent
    }

    /// Descent in text space units (zero or negative).
    pub fn descent(&self) -> f64 {
        self.inner.descent
    }

    /// The base font name without its subset tag, e.g. "Arial"; empty if the font has none.
    pub fn base_name(&self) -> &str {
        &self.inner.base
    }
}
