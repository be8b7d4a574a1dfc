//! Type 0 fonts (PDF 32000-1:2008 §9.7): codes split by the CMap's codespace ranges, mapped to
//! CIDs (Identity or an embedded CMap), widths from the descendant CIDFont's /W and /DW.

use lopdf::{Dictionary, Document, Object, Stream};

use super::cmap::{self, code_key, CodeRange, CodeSpace, RangeMap, UnicodeMap};
use super::{pdf, vertical_metrics, Ctx, FontError};

/// Depth limit for chains of embedded CMaps referring to each other with /UseCMap.
const MAX_USECMAP_DEPTH: usize = 4;

#[derive(Debug)]
enum Cids {
    /// Identity-H/V: the 2-byte code is the CID.
    Identity,
    /// An embedded CMap; codes it does not map are CID 0, or the code itself when it builds on
    /// Identity-H/V with `usecmap`.
    Map {
        map: RangeMap<u32>,
        identity_base: bool,
    },
    /// A predefined Unicode CMap: CIDs are unknown, so only /DW can be used.
    Unknown,
}

#[derive(Debug)]
enum Width {
    Const(f64),
    List(Vec<f64>),
}

#[derive(Debug)]
enum ToUnicode {
    Map(UnicodeMap),
    /// `/ToUnicode /Identity-H`: the 2-byte code is a UCS-2 value (as pdf.js reads it).
    Identity,
}

/// Vertical metrics of a CID (PDF 32000-1:2008 §9.7.4.3): `[w1y, vx, vy]` in text space
/// units; `vx` may be missing in a default and is then half the horizontal width.
#[derive(Debug)]
enum VMetrics {
    Const([f64; 3]),
    List(Vec<[f64; 3]>),
}

#[derive(Debug)]
pub(crate) struct Composite {
    pub(crate) codes: CodeSpace,
    cids: Cids,
    /// /DW and /W, in text space units.
    dw: f64,
    w: RangeMap<Width>,
    /// /DW2 (`vy`, `w1y`) and /W2, in text space units.
    dw2: (f64, f64),
    w2: RangeMap<VMetrics>,
    to_unicode: Option<ToUnicode>,
    /// The code itself is UTF-16BE text (Uni*-UCS2-H / Uni*-UTF16-H CMaps).
    codes_are_utf16: bool,
    /// The CID is a Unicode value (Identity CMap with a UCS CIDSystemInfo ordering).
    cids_are_ucs: bool,
}

pub(crate) struct Built {
    pub(crate) composite: Composite,
    pub(crate) ascent: f64,
    pub(crate) descent: f64,
    pub(crate) vertical: bool,
}

/// Returns true if and only if `name` is a predefined horizontal CMap whose codes are UCS-2 or
/// UTF-16BE (PDF 32000-1:2008 Table 118).
fn unicode_cmap(name: &[u8]) -> Option<CodeSpace> {
    let n = std::str::from_utf8(name).ok()?;
    if !n.starts_with("Uni") {
        return None;
    }
    if n.ends_with("-UCS2-H") || n.ends_with("-UCS2-HW-H") {
        Some(CodeSpace::Fixed(2))
    } else if n.ends_with("-UTF16-H") {
        Some(CodeSpace::utf16())
    } else {
        None
    }
}

fn be(code: &[u8]) -> u32 {
    code.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b))
}

impl Composite {
    fn cid(&self, code: &[u8]) -> Option<u32> {
        match &self.cids {
            Cids::Identity => (code.len() == 2).then(|| be(code)),
            Cids::Map { map, identity_base } => {
                let mapped = code_key(code)
                    .and_then(|k| map.get(k))
                    .and_then(|(start, off)| {
                        u32::try_from(off).ok().and_then(|o| start.checked_add(o))
                    });
                match mapped {
                    Some(c) => Some(c),
                    None if *identity_base && code.len() == 2 => Some(be(code)),
                    None => Some(0),
                }
            }
            Cids::Unknown => None,
        }
    }

    pub(crate) fn advance(&self, code: &[u8]) -> f64 {
        let Some(cid) = self.cid(code) else {
            return self.dw;
        };
        match self.w.get(u64::from(cid)) {
            Some((Width::Const(w), _)) => *w,
            Some((Width::List(l), off)) => usize::try_from(off)
                .ok()
                .and_then(|i| l.get(i))
                .copied()
                .unwrap_or(self.dw),
            None => self.dw,
        }
    }

    /// `(w1y, vx, vy)` of a code: the vertical displacement and the position vector from
    /// the horizontal to the vertical origin, in text space units.
    pub(crate) fn vertical_metrics(&self, code: &[u8]) -> (f64, f64, f64) {
        let found = self
            .cid(code)
            .and_then(|cid| match self.w2.get(u64::from(cid)) {
                Some((VMetrics::Const(m), _)) => Some(*m),
                Some((VMetrics::List(l), off)) => {
                    usize::try_from(off).ok().and_then(|i| l.get(i)).copied()
                }
                None => None,
            });
        match found {
            Some([w1y, vx, vy]) => (w1y, vx, vy),
            None => (self.dw2.1, self.advance(code) / 2.0, self.dw2.0),
        }
    }

    pub(crate) fn unicode_into(&self, code: &[u8], out: &mut String) -> bool {
        let mapped = match &self.to_unicode {
            Some(ToUnicode::Map(m)) => code_key(code).is_some_and(|k| m.lookup_into(k, out)),
            Some(ToUnicode::Identity) => code.len() == 2 && push_char(be(code), out),
            None => false,
        };
        if mapped {
            return true;
        }
        if self.codes_are_utf16 {
            return push_utf16(code, out);
        }
        if self.cids_are_ucs {
            if let (Cids::Identity, Some(cid)) = (&self.cids, self.cid(code)) {
                return push_char(cid, out);
            }
        }
        false
    }
}

fn push_char(v: u32, out: &mut String) -> bool {
    match char::from_u32(v).filter(|c| *c != '\0') {
        Some(c) => {
            out.push(c);
            true
        }
        None => false,
    }
}

fn push_utf16(code: &[u8], out: &mut String) -> bool {
    let units = code
        .chunks(2)
        .map(|c| c.iter().fold(0u16, |v, b| (v << 8) | u16::from(*b)));
    let s: Result<String, _> = char::decode_utf16(units).collect();
    match s {
        Ok(s) if !s.is_empty() && !s.contains('\0') => {
            out.push_str(&s);
            true
        }
        _ => false,
    }
}

/// Code space, CID mapping and writing mode gathered from an embedded CMap and its bases.
#[derive(Default)]
struct Acc {
    ranges: Vec<CodeRange>,
    map: RangeMap<u32>,
    identity_base: bool,
    vertical: bool,
}

fn identity_base(acc: &mut Acc, vertical: bool) {
    acc.identity_base = true;
    acc.vertical = vertical;
    if let Some(r) = CodeRange::new(&[0, 0], &[0xff, 0xff]) {
        acc.ranges.push(r);
    }
}

fn load_embedded(
    doc: &Document,
    stream: &Stream,
    depth: usize,
    acc: &mut Acc,
    ctx: &Ctx,
) -> Result<(), FontError> {
    if depth > MAX_USECMAP_DEPTH {
        return Err(ctx.malformed("embedded CMaps nested too deeply with /UseCMap"));
    }
    let data =
        pdf::stream_data(stream).ok_or_else(|| ctx.malformed("unreadable embedded CMap stream"))?;
    let p = cmap::parse(&data);
    if p.overflow {
        return Err(ctx.malformed("embedded CMap has too many entries"));
    }
    // The base CMap: `/Name usecmap` in the stream, or /UseCMap in its dictionary (Table 120).
    let use_obj = stream
        .dict
        .get(b"UseCMap")
        .ok()
        .and_then(|o| pdf::resolve(doc, o));
    let base_name: Option<&[u8]> = match (p.usecmap.as_deref(), use_obj) {
        (Some(n), _) => Some(n),
        (None, Some(Object::Name(n))) => Some(n),
        (None, Some(Object::Stream(s))) => {
            load_embedded(doc, s, depth + 1, acc, ctx)?;
            None
        }
        _ => None,
    };
    match base_name {
        Some(b"Identity-H") => identity_base(acc, false),
        Some(b"Identity-V") => identity_base(acc, true),
        Some(other) => {
            return Err(FontError::UnsupportedCMap {
                font: ctx.font.clone(),
                base: ctx.base.clone(),
                cmap: pdf::lossy(other),
            })
        }
        None => {}
    }
    acc.ranges.extend(p.codespace.iter().copied());
    // notdef mappings only apply to codes without a CID mapping, so they go in first.
    for (len, lo, hi, cid) in p.notdef.iter().chain(&p.cid) {
        acc.map
            .insert(cmap::key(*len, *lo), cmap::key(*len, *hi), *cid);
    }
    let wmode = p
        .wmode
        .or_else(|| pdf::get_int(doc, &stream.dict, b"WMode"));
    if let Some(w) = wmode {
        acc.vertical = w == 1;
    }
    Ok(())
}

/// Parses /W (§9.7.4.3): `c [w1 w2 ...]` and `c_first c_last w` entries. A lone trailing CID is
/// ignored; anything else malformed is an error, since widths must not be guessed.
fn parse_w(doc: &Document, arr: &[Object], ctx: &Ctx) -> Result<RangeMap<Width>, FontError> {
    let bad = || ctx.malformed("malformed /W array in CIDFont");
    let cid_of = |o: &Object| -> Option<u64> {
        let v = pdf::number(o)?;
        (v >= 0.0 && v <= f64::from(u32::MAX) && v.fract() == 0.0).then_some(v as u64)
    };
    let mut map = RangeMap::default();
    let mut i = 0;
    while let Some(first) = arr.get(i).and_then(|o| pdf::resolve(doc, o)) {
        let c = cid_of(first).ok_or_else(bad)?;
        match arr.get(i + 1).and_then(|o| pdf::resolve(doc, o)) {
            None => break,
            Some(Object::Array(ws)) => {
                let list: Option<Vec<f64>> = ws
                    .iter()
                    .map(|w| pdf::num_of(doc, w).map(|w| w / 1000.0))
                    .collect();
                let list = list.ok_or_else(bad)?;
                if let Some(last) = u64::try_from(list.len())
                    .ok()
                    .and_then(|n| c.checked_add(n))
                {
                    if !list.is_empty() {
                        map.insert(c, last - 1, Width::List(list));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let c2 = cid_of(o).ok_or_else(bad)?;
                let Some(w) = arr.get(i + 2) else { break };
                let w = pdf::num_of(doc, w).ok_or_else(bad)?;
                map.insert(c, c2, Width::Const(w / 1000.0));
                i += 3;
            }
        }
    }
    Ok(map)
}

fn parse_w2(doc: &Document, arr: &[Object], ctx: &Ctx) -> Result<RangeMap<VMetrics>, FontError> {
    let bad = || ctx.malformed("malformed /W2 array in CIDFont");
    let cid_of = |o: &Object| -> Option<u64> {
        let v = pdf::number(o)?;
        (v >= 0.0 && v <= f64::from(u32::MAX) && v.fract() == 0.0).then_some(v as u64)
    };
    let num = |o: &Object| pdf::num_of(doc, o).map(|v| v / 1000.0);
    let mut map = RangeMap::default();
    let mut i = 0;
    while let Some(first) = arr.get(i).and_then(|o| pdf::resolve(doc, o)) {
        let c = cid_of(first).ok_or_else(bad)?;
        match arr.get(i + 1).and_then(|o| pdf::resolve(doc, o)) {
            None => break,
            Some(Object::Array(ms)) => {
                let vals: Option<Vec<f64>> = ms.iter().map(num).collect();
                let vals = vals.ok_or_else(bad)?;
                let list: Vec<[f64; 3]> =
                    vals.chunks_exact(3).map(|t| [t[0], t[1], t[2]]).collect();
                if let Some(last) = u64::try_from(list.len())
                    .ok()
                    .and_then(|n| c.checked_add(n))
                {
                    if !list.is_empty() {
                        map.insert(c, last - 1, VMetrics::List(list));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let c2 = cid_of(o).ok_or_else(bad)?;
                let m: Option<Vec<f64>> = (2..5).map(|k| arr.get(i + k).and_then(num)).collect();
                let Some(m) = m else { break };
                map.insert(c, c2, VMetrics::Const([m[0], m[1], m[2]]));
                i += 5;
            }
        }
    }
    Ok(map)
}

pub(crate) fn build(doc: &Document, dict: &Dictionary, ctx: &Ctx) -> Result<Built, FontError> {
    let desc = match pdf::get(doc, dict, b"DescendantFonts") {
        Some(Object::Array(a)) => a
            .first()
            .and_then(|o| pdf::resolve(doc, o))
            .and_then(|o| o.as_dict().ok()),
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    }
    .ok_or_else(|| ctx.malformed("Type0 font without a /DescendantFonts dictionary"))?;
    match pdf::get_name(doc, desc, b"Subtype") {
        None | Some(b"CIDFontType0" | b"CIDFontType2") => {}
        Some(other) => {
            return Err(FontError::UnsupportedType {
                font: ctx.font.clone(),
                base: ctx.base.clone(),
                subtype: pdf::lossy(other),
            })
        }
    }
    let w_arr = pdf::get_array(doc, desc, b"W");
    let to_unicode = match pdf::get(doc, dict, b"ToUnicode") {
        Some(Object::Stream(s)) => {
            pdf::stream_data(s).map(|d| ToUnicode::Map(UnicodeMap::parse(&d)))
        }
        Some(Object::Name(n)) if n == b"Identity-H" || n == b"Identity-V" => {
            Some(ToUnicode::Identity)
        }
        _ => None,
    };

    let unsupported = |n: &[u8]| FontError::UnsupportedCMap {
        font: ctx.font.clone(),
        base: ctx.base.clone(),
        cmap: pdf::lossy(n),
    };
    let mut codes_are_utf16 = false;
    let (codes, cids, vertical) = match pdf::get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) if n == b"Identity-H" => (CodeSpace::Fixed(2), Cids::Identity, false),
        Some(Object::Name(n)) if n == b"Identity-V" => (CodeSpace::Fixed(2), Cids::Identity, true),
        Some(Object::Name(n)) => match unicode_cmap(n) {
            // CIDs are unknown for these, so only a font with a ToUnicode and a /DW alone is safe.
            Some(cs) if to_unicode.is_some() && w_arr.is_none_or(|a| a.is_empty()) => {
                codes_are_utf16 = true;
                (cs, Cids::Unknown, false)
            }
            _ => return Err(unsupported(n)),
        },
        Some(Object::Stream(s)) => {
            let mut acc = Acc::default();
            load_embedded(doc, s, 0, &mut acc, ctx)?;
            if acc.ranges.is_empty() {
                return Err(ctx.malformed("embedded CMap without codespace ranges"));
            }
            let cids = Cids::Map {
                map: acc.map,
                identity_base: acc.identity_base,
            };
            (CodeSpace::Ranges(acc.ranges), cids, acc.vertical)
        }
        _ => return Err(ctx.malformed("Type0 font without a usable /Encoding")),
    };

    let dw = pdf::get_number(doc, desc, b"DW").unwrap_or(1000.0) / 1000.0;
    let w = match w_arr {
        Some(a) => parse_w(doc, a, ctx)?,
        None => RangeMap::default(),
    };
    // /DW2 defaults to [880 -1000] (§9.7.4.3).
    let dw2 = match pdf::get_array(doc, desc, b"DW2") {
        Some(a) if a.len() == 2 => (
            pdf::num_of(doc, &a[0]).unwrap_or(880.0) / 1000.0,
            pdf::num_of(doc, &a[1]).unwrap_or(-1000.0) / 1000.0,
        ),
        _ => (0.88, -1.0),
    };
    let w2 = match pdf::get_array(doc, desc, b"W2") {
        Some(a) => parse_w2(doc, a, ctx)?,
        None => RangeMap::default(),
    };
    let ordering = pdf::get_dict(doc, desc, b"CIDSystemInfo").and_then(|i| {
        match pdf::get(doc, i, b"Ordering")? {
            Object::String(s, _) => Some(s.as_slice()),
            Object::Name(n) => Some(n.as_slice()),
            _ => None,
        }
    });
    let cids_are_ucs = matches!(cids, Cids::Identity)
        && matches!(ordering, Some(b"UCS" | b"Identity-UCS" | b"UCS2"));
    let descriptor = pdf::get_dict(doc, desc, b"FontDescriptor");
    let (ascent, descent) = vertical_metrics(doc, descriptor, None);
    Ok(Built {
        composite: Composite {
            codes,
            cids,
            dw,
            w,
            dw2,
            w2,
            to_unicode,
            codes_are_utf16,
            cids_are_ucs,
        },
        ascent,
        descent,
        vertical,
    })
}
