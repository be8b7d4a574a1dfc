//! Simple fonts (Type 1, MMType1, TrueType, Type 3; PDF 32000-1:2008 §9.6): one byte per code,
//! so widths and texts are precomputed into 256-entry tables at construction.

use std::borrow::Cow;

use lopdf::{Dictionary, Document, Object};

use super::afm::{self, Metrics};
use super::cmap::{key, UnicodeMap};
use super::glyphs::{self, BaseEncoding};
use super::type1::{self, Builtin};
use super::{pdf, vertical_metrics, Ctx, FontError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SimpleKind {
    Type1,
    TrueType,
    Type3,
}

#[derive(Clone)]
pub(crate) struct Simple {
    /// Horizontal displacement per code, in text space units.
    widths: Box<[f64; 256]>,
    /// Unicode text per code; `None` = unknown.
    unicode: Box<[Option<Box<str>>]>,
}

impl Simple {
    pub(crate) fn advance(&self, code: u8) -> f64 {
        self.widths.get(usize::from(code)).copied().unwrap_or(0.0)
    }

    pub(crate) fn unicode_into(&self, code: u8, out: &mut String) -> bool {
        match self.unicode.get(usize::from(code)) {
            Some(Some(s)) => {
                out.push_str(s);
                true
            }
            _ => false,
        }
    }
}

/// Where the code → glyph name table starts before /Differences.
enum Start {
    Base(BaseEncoding),
    Custom(Vec<Option<String>>),
    /// A built-in encoding we cannot read (symbolic TrueType, CFF font programs, Type 3).
    Unknown,
}

pub(crate) struct Built {
    pub(crate) simple: Simple,
    pub(crate) ascent: f64,
    pub(crate) descent: f64,
}

pub(crate) fn build(
    doc: &Document,
    dict: &Dictionary,
    kind: SimpleKind,
    base: &str,
    ctx: &Ctx,
) -> Result<Built, FontError> {
    let descriptor = pdf::get_dict(doc, dict, b"FontDescriptor");
    let flags = descriptor
        .and_then(|d| pdf::get_int(doc, d, b"Flags"))
        .unwrap_or(0);
    // Table 123: bit 3 Symbolic, bit 6 Nonsymbolic.
    let symbolic = flags & 4 != 0 && flags & 32 == 0;
    let std = if kind == SimpleKind::Type3 {
        None
    } else {
        afm::standard(base)
    };
    let dingbats = base == "ZapfDingbats";

    // Effective encoding (§9.6.6): /Encoding name or dictionary over the built-in encoding.
    let default_start = || -> Start {
        if kind == SimpleKind::Type3 {
            return Start::Unknown;
        }
        if kind == SimpleKind::Type1 {
            match descriptor.and_then(|d| type1::builtin_encoding(doc, d)) {
                Some(Builtin::Standard) => return Start::Base(BaseEncoding::Standard),
                Some(Builtin::Custom(names)) => return Start::Custom(names),
                None => {}
            }
        }
        match std.map(|m| m.name) {
            Some("Symbol") => Start::Base(BaseEncoding::Symbol),
            Some("ZapfDingbats") => Start::Base(BaseEncoding::ZapfDingbats),
            Some(_) => Start::Base(BaseEncoding::Standard),
            None if symbolic => Start::Unknown,
            None => Start::Base(BaseEncoding::Standard),
        }
    };
    let mut differences: Option<&[Object]> = None;
    let start = match pdf::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => BaseEncoding::from_name(n).map_or_else(default_start, Start::Base),
        Some(Object::Dictionary(enc)) => {
            differences = pdf::get_array(doc, enc, b"Differences");
            pdf::get_name(doc, enc, b"BaseEncoding")
                .and_then(BaseEncoding::from_name)
                .map_or_else(default_start, Start::Base)
        }
        _ => default_start(),
    };
    let mut names: Vec<Option<Cow<'static, str>>> = vec![None; 256];
    let mut base_enc = None;
    match start {
        Start::Base(e) => {
            base_enc = Some(e);
            for (slot, n) in names.iter_mut().zip(e.names().iter()) {
                *slot = n.map(Cow::Borrowed);
            }
        }
        Start::Custom(custom) => {
            for (slot, n) in names.iter_mut().zip(custom) {
                *slot = n.map(Cow::Owned);
            }
        }
        Start::Unknown => {}
    }
    if let Some(diffs) = differences {
        apply_differences(doc, diffs, &mut names);
    }

    // Text: ToUnicode first (§9.10.2), then the glyph name.
    let to_unicode = match pdf::get(doc, dict, b"ToUnicode") {
        Some(Object::Stream(s)) => pdf::stream_data(s).map(|d| UnicodeMap::parse(&d)),
        _ => None,
    };
    let mut unicode: Vec<Option<Box<str>>> = Vec::with_capacity(256);
    let mut buf = String::new();
    for (code, name) in names.iter().enumerate() {
        buf.clear();
        let code32 = u32::try_from(code).unwrap_or_default();
        let found = to_unicode.as_ref().is_some_and(|m| {
            // Keys are one byte; a 2-byte key is accepted for a code with no 1-byte entry,
            // as some producers write them.
            m.lookup_into(key(1, code32), &mut buf) || m.lookup_into(key(2, code32), &mut buf)
        }) || name
            .as_deref()
            .is_some_and(|n| glyphs::name_to_unicode_into(n, dingbats, &mut buf))
            || (name.is_none()
                && base_enc
                    .and_then(|e| e.unnamed_unicode(u8::try_from(code).unwrap_or_default()))
                    .map(|c| buf.push(c))
                    .is_some());
        unicode.push(found.then(|| buf.as_str().into()));
    }

    // Widths (§9.6.2.1 Table 111; Type 3: glyph space through /FontMatrix, §9.6.5).
    let (scale, font_matrix) = if kind == SimpleKind::Type3 {
        let m = pdf::get_array(doc, dict, b"FontMatrix")
            .and_then(|a| pdf::numbers::<6>(doc, a))
            .ok_or_else(|| ctx.malformed("Type3 font without a valid /FontMatrix"))?;
        (m[0], Some(m))
    } else {
        (0.001, None)
    };
    let missing = descriptor
        .and_then(|d| pdf::get_number(doc, d, b"MissingWidth"))
        .unwrap_or(0.0);
    let mut widths = Box::new([missing * scale; 256]);
    if let Some(arr) = pdf::get_array(doc, dict, b"Widths") {
        // LastChar is not consulted: the array length decides, which also copes with a
        // LastChar that disagrees with it.
        let first = pdf::get_int(doc, dict, b"FirstChar").unwrap_or(0);
        for (code, w) in widths.iter_mut().enumerate() {
            let idx = i64::try_from(code)
                .ok()
                .and_then(|c| c.checked_sub(first))
                .and_then(|i| usize::try_from(i).ok());
            if let Some(v) = idx
                .and_then(|i| arr.get(i))
                .and_then(|o| pdf::num_of(doc, o))
            {
                *w = v * scale;
            }
        }
    } else if let Some(m) = std.or_else(|| afm_alias(kind, base)) {
        // Standard 14 (or a known alias of one): widths by glyph name through the encoding.
        for (w, name) in widths.iter_mut().zip(&names) {
            if let Some(v) = name.as_deref().and_then(|n| m.width(n)) {
                *w = f64::from(v) * scale;
            }
        }
    } else {
        return Err(ctx.missing_widths());
    }

    let (ascent, descent) = match font_matrix {
        Some(m) => type3_metrics(doc, dict, &m),
        None => vertical_metrics(doc, descriptor, std.or_else(|| afm_alias(kind, base))),
    };
    Ok(Built {
        simple: Simple {
            widths,
            unicode: unicode.into_boxed_slice(),
        },
        ascent,
        descent,
    })
}

fn afm_alias(kind: SimpleKind, base: &str) -> Option<&'static Metrics> {
    (kind != SimpleKind::Type3)
        .then(|| afm::alias(base))
        .flatten()
}

/// Applies a /Differences array (§9.6.6.1): a code, then names for consecutive codes.
fn apply_differences(doc: &Document, diffs: &[Object], names: &mut [Option<Cow<'static, str>>]) {
    let mut code: Option<i64> = None;
    for item in diffs {
        match pdf::resolve(doc, item) {
            Some(Object::Integer(i)) => code = Some(*i),
            Some(Object::Real(r)) if r.fract() == 0.0 && r.abs() < 1e9 => code = Some(*r as i64),
            Some(Object::Name(n)) => {
                if let Some(c) = code {
                    if let Some(slot) = usize::try_from(c).ok().and_then(|c| names.get_mut(c)) {
                        *slot = Some(Cow::Owned(pdf::lossy(n)));
                    }
                    code = c.checked_add(1);
                }
            }
            _ => {}
        }
    }
}

/// Type 3 ascent and descent: /FontBBox mapped through /FontMatrix (§9.6.5).
fn type3_metrics(doc: &Document, dict: &Dictionary, m: &[f64; 6]) -> (f64, f64) {
    let bbox = pdf::get_array(doc, dict, b"FontBBox").and_then(|a| pdf::numbers::<4>(doc, a));
    if let Some([_, lly, _, ury]) = bbox {
        let (a, b) = (lly * m[3], ury * m[3]);
        let (ascent, descent) = (a.max(b), a.min(b));
        // An all-zero box means "unknown" (§9.6.5 Table 112).
        if ascent > descent {
            return (ascent, descent);
        }
    }
    (0.8, -0.2)
}
