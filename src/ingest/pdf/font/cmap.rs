//! CMap streams (PDF 32000-1:2008 §9.7.5, §9.10.3): codespace ranges, CID mappings of embedded
//! Type 0 encodings and ToUnicode mappings, parsed tolerantly and stored as interval maps so
//! that a lookup is O(log n) however large the ranges are.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::lexer::{Lexer, Token};

/// Cap on the entries read from one CMap; beyond it the CMap is flagged as overflowing.
const MAX_ENTRIES: usize = 1 << 20;
/// A bfrange spanning more codes than this is clamped (§9.10.3 expects at most 256).
const MAX_BFRANGE_SPAN: u32 = 0xffff;
/// Cap on the elements of one bfrange destination array.
const MAX_ARRAY: usize = 1 << 16;

/// Packs a code of `len` bytes (1–4) and its big-endian value into one ordered key, so that
/// codes of different lengths never collide (`<00>` is not `<0000>`).
pub(crate) fn key(len: usize, value: u32) -> u64 {
    ((len as u64) << 32) | u64::from(value)
}

/// The key of a code given as bytes, if it is 1–4 bytes long.
pub(crate) fn code_key(code: &[u8]) -> Option<u64> {
    if code.is_empty() || code.len() > 4 {
        return None;
    }
    Some(key(code.len(), be_value(code)))
}

fn be_value(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |v, b| (v << 8) | u32::from(*b))
}

/// A map from disjoint inclusive key intervals to values; later inserts override earlier ones,
/// as later CMap entries do. Each interval remembers the key its value starts at.
#[derive(Debug)]
pub(crate) struct RangeMap<T> {
    segs: BTreeMap<u64, Seg<T>>,
}

#[derive(Debug)]
struct Seg<T> {
    hi: u64,
    origin: u64,
    val: Arc<T>,
}

impl<T> Clone for Seg<T> {
    fn clone(&self) -> Self {
        Seg {
            hi: self.hi,
            origin: self.origin,
            val: Arc::clone(&self.val),
        }
    }
}

impl<T> Default for RangeMap<T> {
    fn default() -> Self {
        RangeMap {
            segs: BTreeMap::new(),
        }
    }
}

impl<T> RangeMap<T> {
    pub(crate) fn insert(&mut self, lo: u64, hi: u64, val: T) {
        if hi < lo {
            return;
        }
        // Cut the interval that starts before `lo` and reaches into it.
        if let Some((&start, seg)) = self.segs.range(..lo).next_back() {
            if seg.hi >= lo {
                let old = seg.clone();
                if let Some(s) = self.segs.get_mut(&start) {
                    s.hi = lo - 1;
                }
                if old.hi > hi {
                    self.segs.insert(hi + 1, old);
                }
            }
        }
        // Drop the intervals starting inside, keeping a tail that reaches past `hi`.
        let inside: Vec<u64> = self.segs.range(lo..=hi).map(|(k, _)| *k).collect();
        for k in inside {
            if let Some(old) = self.segs.remove(&k) {
                if old.hi > hi {
                    self.segs.insert(hi + 1, old);
                }
            }
        }
        self.segs.insert(
            lo,
            Seg {
                hi,
                origin: lo,
                val: Arc::new(val),
            },
        );
    }

    /// The value covering `k` and the offset of `k` from the start of its original interval.
    pub(crate) fn get(&self, k: u64) -> Option<(&T, u64)> {
        let (_, seg) = self.segs.range(..=k).next_back()?;
        (seg.hi >= k).then(|| (&*seg.val, k - seg.origin))
    }
}

/// One codespace range: codes of `len` bytes whose every byte lies between the corresponding
/// bytes of `lo` and `hi` (§9.7.6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodeRange {
    pub(crate) len: usize,
    pub(crate) lo: [u8; 4],
    pub(crate) hi: [u8; 4],
}

impl CodeRange {
    pub(crate) fn new(lo: &[u8], hi: &[u8]) -> Option<Self> {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return None;
        }
        let mut r = CodeRange {
            len: lo.len(),
            lo: [0; 4],
            hi: [0; 4],
        };
        for (i, (l, h)) in lo.iter().zip(hi).enumerate() {
            if let (Some(rl), Some(rh)) = (r.lo.get_mut(i), r.hi.get_mut(i)) {
                *rl = *l;
                *rh = *h;
            }
        }
        Some(r)
    }

    pub(crate) fn matches(&self, code: &[u8]) -> bool {
        code.len() == self.len
            && code
                .iter()
                .zip(self.lo.iter().zip(&self.hi))
                .all(|(c, (l, h))| l <= c && c <= h)
    }
}

/// A bfchar or bfrange destination as written in the stream.
#[derive(Debug, Clone)]
pub(crate) enum BfDst {
    Bytes(Vec<u8>),
    Array(Vec<Vec<u8>>),
}

/// What a CMap stream says, before it is turned into lookup structures.
#[derive(Debug, Default)]
pub(crate) struct ParsedCMap {
    pub(crate) codespace: Vec<CodeRange>,
    /// (code length, first code, last code, destination), in stream order.
    pub(crate) bf: Vec<(usize, u32, u32, BfDst)>,
    /// (code length, first code, last code, first CID), in stream order.
    pub(crate) cid: Vec<(usize, u32, u32, u32)>,
    pub(crate) notdef: Vec<(usize, u32, u32, u32)>,
    pub(crate) usecmap: Option<Vec<u8>>,
    pub(crate) wmode: Option<i64>,
    /// True iff the stream had more than `MAX_ENTRIES` entries and the rest was ignored.
    pub(crate) overflow: bool,
}

enum Val {
    Bytes(Vec<u8>),
    Int(i64),
    Array(Vec<Vec<u8>>),
    /// Anything else inside a section; the entry being built is dropped.
    Junk,
    /// The section's end keyword, another keyword (pushed back) or the end of the data.
    End,
}

fn next_val<'a>(lex: &mut Lexer<'a>, end: &[u8]) -> Val {
    match lex.next() {
        None => Val::End,
        Some(Token::Bytes(b)) => Val::Bytes(b),
        Some(Token::Int(i)) => Val::Int(i),
        Some(Token::Keyword(k)) => {
            if k != end {
                lex.push_back(Token::Keyword(k));
            }
            Val::End
        }
        Some(Token::ArrayOpen) => {
            let mut items = Vec::new();
            loop {
                match lex.next() {
                    None => return Val::End,
                    Some(Token::ArrayClose) => return Val::Array(items),
                    Some(Token::Bytes(b)) => {
                        if items.len() < MAX_ARRAY {
                            items.push(b);
                        }
                    }
                    Some(Token::Keyword(k)) => {
                        lex.push_back(Token::Keyword(k));
                        return Val::End;
                    }
                    Some(_) => return Val::Junk,
                }
            }
        }
        Some(_) => Val::Junk,
    }
}

/// Reads the entries of one `begin...`/`end...` section, `arity` values each.
fn section<'a>(lex: &mut Lexer<'a>, end: &[u8], arity: usize, mut f: impl FnMut(Vec<Val>)) {
    let mut entry = Vec::with_capacity(arity);
    loop {
        match next_val(lex, end) {
            Val::End => return,
            Val::Junk => entry.clear(),
            v => {
                entry.push(v);
                if entry.len() == arity {
                    f(std::mem::replace(&mut entry, Vec::with_capacity(arity)));
                }
            }
        }
    }
}

fn code_of(b: &[u8]) -> Option<(usize, u32)> {
    (!b.is_empty() && b.len() <= 4).then(|| (b.len(), be_value(b)))
}

fn range_of(lo: &[u8], hi: &[u8]) -> Option<(usize, u32, u32)> {
    let (l, lo) = code_of(lo)?;
    let (h, hi) = code_of(hi)?;
    (l == h && lo <= hi).then_some((l, lo, hi))
}

/// Parses a CMap stream. Never fails: what cannot be understood is skipped.
pub(crate) fn parse(data: &[u8]) -> ParsedCMap {
    let mut out = ParsedCMap::default();
    let mut lex = Lexer::new(data);
    let mut entries = 0usize;
    let mut last_name: Option<Vec<u8>> = None;
    let mut wmode_next = false;
    while let Some(tok) = lex.next() {
        if entries > MAX_ENTRIES {
            out.overflow = true;
            break;
        }
        let was_wmode = std::mem::replace(&mut wmode_next, false);
        match tok {
            Token::Name(n) => {
                wmode_next = n == b"WMode";
                last_name = Some(n.to_vec());
            }
            Token::Int(v) if was_wmode => out.wmode = Some(v),
            Token::Keyword(b"usecmap") => out.usecmap = last_name.take(),
            Token::Keyword(b"begincodespacerange") => {
                section(&mut lex, b"endcodespacerange", 2, |e| {
                    entries += 1;
                    if let [Val::Bytes(lo), Val::Bytes(hi)] = e.as_slice() {
                        if let Some(r) = CodeRange::new(lo, hi) {
                            out.codespace.push(r);
                        }
                    }
                });
            }
            Token::Keyword(b"beginbfchar") => {
                section(&mut lex, b"endbfchar", 2, |e| {
                    entries += 1;
                    if let [Val::Bytes(src), Val::Bytes(dst)] = e.as_slice() {
                        if let Some((len, code)) = code_of(src) {
                            out.bf.push((len, code, code, BfDst::Bytes(dst.clone())));
                        }
                    }
                });
            }
            Token::Keyword(b"beginbfrange") => {
                section(&mut lex, b"endbfrange", 3, |mut e| {
                    entries += 1;
                    let dst = match e.pop() {
                        Some(Val::Bytes(b)) => BfDst::Bytes(b),
                        Some(Val::Array(a)) => BfDst::Array(a),
                        _ => return,
                    };
                    if let [Val::Bytes(lo), Val::Bytes(hi)] = e.as_slice() {
                        if let Some((len, lo, hi)) = range_of(lo, hi) {
                            let hi = hi.min(lo.saturating_add(MAX_BFRANGE_SPAN));
                            out.bf.push((len, lo, hi, dst));
                        }
                    }
                });
            }
            Token::Keyword(k @ (b"begincidchar" | b"beginnotdefchar")) => {
                let notdef = k == b"beginnotdefchar";
                let end: &[u8] = if notdef {
                    b"endnotdefchar"
                } else {
                    b"endcidchar"
                };
                section(&mut lex, end, 2, |e| {
                    entries += 1;
                    if let [Val::Bytes(src), Val::Int(cid)] = e.as_slice() {
                        if let (Some((len, code)), Ok(cid)) = (code_of(src), u32::try_from(*cid)) {
                            let list = if notdef {
                                &mut out.notdef
                            } else {
                                &mut out.cid
                            };
                            list.push((len, code, code, cid));
                        }
                    }
                });
            }
            Token::Keyword(k @ (b"begincidrange" | b"beginnotdefrange")) => {
                let notdef = k == b"beginnotdefrange";
                let end: &[u8] = if notdef {
                    b"endnotdefrange"
                } else {
                    b"endcidrange"
                };
                section(&mut lex, end, 3, |e| {
                    entries += 1;
                    if let [Val::Bytes(lo), Val::Bytes(hi), Val::Int(cid)] = e.as_slice() {
                        if let (Some((len, lo, hi)), Ok(cid)) =
                            (range_of(lo, hi), u32::try_from(*cid))
                        {
                            let list = if notdef {
                                &mut out.notdef
                            } else {
                                &mut out.cid
                            };
                            list.push((len, lo, hi, cid));
                        }
                    }
                });
            }
            _ => {}
        }
    }
    out
}

/// A ToUnicode destination as stored in the interval map.
#[derive(Debug)]
enum Target {
    /// A bfchar destination: the same text for the whole (one-code) interval.
    Text(Option<Box<str>>),
    /// A bfrange start value: the last UTF-16 unit is incremented per code (§9.10.3).
    Start(Vec<u16>),
    /// A bfrange destination array: one text per code.
    Array(Vec<Option<Box<str>>>),
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    // An odd-length destination is read as if it had a leading zero byte.
    let pad = bytes.len() % 2;
    let mut units = Vec::with_capacity(bytes.len().div_ceil(2));
    let mut hi: Option<u8> = (pad == 1).then_some(0);
    for &b in bytes {
        match hi.take() {
            Some(h) => units.push(u16::from(h) << 8 | u16::from(b)),
            None => hi = Some(b),
        }
    }
    units
}

/// Decodes UTF-16 units into `out`; false (and `out` unchanged) if they are invalid, empty or
/// only NULs, since such a destination tells nothing about a real glyph.
fn push_utf16(units: &[u16], out: &mut String) -> bool {
    if units.iter().all(|u| *u == 0) {
        return false;
    }
    let start = out.len();
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => out.push(c),
            Err(_) => {
                out.truncate(start);
                return false;
            }
        }
    }
    true
}

fn decode_text(bytes: &[u8]) -> Option<Box<str>> {
    let mut s = String::new();
    push_utf16(&utf16_units(bytes), &mut s).then(|| s.into_boxed_str())
}

/// A parsed ToUnicode CMap keyed by (code length, code value).
#[derive(Debug, Default)]
pub(crate) struct UnicodeMap {
    map: RangeMap<Target>,
}

impl UnicodeMap {
    pub(crate) fn from_parsed(p: &ParsedCMap) -> Self {
        let mut map = RangeMap::default();
        for (len, lo, hi, dst) in &p.bf {
            let target = match dst {
                BfDst::Bytes(b) if lo == hi => Target::Text(decode_text(b)),
                BfDst::Bytes(b) => Target::Start(utf16_units(b)),
                BfDst::Array(a) => Target::Array(a.iter().map(|b| decode_text(b)).collect()),
            };
            map.insert(key(*len, *lo), key(*len, *hi), target);
        }
        UnicodeMap { map }
    }

    pub(crate) fn parse(data: &[u8]) -> Self {
        Self::from_parsed(&parse(data))
    }

    /// Appends the text of the code with key `k` to `out`; false if there is none.
    pub(crate) fn lookup_into(&self, k: u64, out: &mut String) -> bool {
        let Some((target, off)) = self.map.get(k) else {
            return false;
        };
        match target {
            Target::Text(t) => match t {
                Some(t) if off == 0 => {
                    out.push_str(t);
                    true
                }
                _ => false,
            },
            Target::Array(a) => match usize::try_from(off).ok().and_then(|i| a.get(i)) {
                Some(Some(t)) => {
                    out.push_str(t);
                    true
                }
                _ => false,
            },
            Target::Start(units) => {
                let Some((last, rest)) = units.split_last() else {
                    return false;
                };
                let Some(last) = u16::try_from(off).ok().and_then(|o| last.checked_add(o)) else {
                    return false;
                };
                let mut u = rest.to_vec();
                u.push(last);
                push_utf16(&u, out)
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn lookup(&self, k: u64) -> Option<String> {
        let mut s = String::new();
        self.lookup_into(k, &mut s).then_some(s)
    }
}

/// How a Type 0 font's strings split into codes.
#[derive(Debug, Clone)]
pub(crate) enum CodeSpace {
    /// Every code has this many bytes (Identity-H/V, UCS-2 CMaps).
    Fixed(usize),
    /// Codespace ranges from an embedded CMap, or those of a UTF-16 CMap.
    Ranges(Vec<CodeRange>),
}

impl CodeSpace {
    /// The UTF-16 CMaps' codespace: BMP units outside the surrogates, or a surrogate pair.
    pub(crate) fn utf16() -> Self {
        let r = |lo: &[u8], hi: &[u8]| CodeRange::new(lo, hi);
        CodeSpace::Ranges(
            [
                r(&[0x00, 0x00], &[0xd7, 0xff]),
                r(&[0xe0, 0x00], &[0xff, 0xff]),
                r(&[0xd8, 0x00, 0xdc, 0x00], &[0xdb, 0xff, 0xdf, 0xff]),
            ]
            .into_iter()
            .flatten()
            .collect(),
        )
    }

    /// Splits `bytes` into codes (§9.7.6.2: the shortest code length whose codespace range
    /// matches wins); on failure, the offset of the first byte that starts no code.
    pub(crate) fn split(&self, bytes: &[u8]) -> Result<Vec<std::ops::Range<usize>>, usize> {
        match self {
            CodeSpace::Fixed(n) => {
                let n = (*n).max(1);
                if bytes.len() % n != 0 {
                    return Err(bytes.len() - bytes.len() % n);
                }
                Ok((0..bytes.len() / n).map(|i| i * n..i * n + n).collect())
            }
            CodeSpace::Ranges(ranges) => {
                let mut out = Vec::with_capacity(bytes.len() / 2 + 1);
                let mut i = 0;
                'outer: while i < bytes.len() {
                    for n in 1..=4usize {
                        let Some(code) = bytes.get(i..i + n) else {
                            break;
                        };
                        if ranges.iter().any(|r| r.matches(code)) {
                            out.push(i..i + n);
                            i += n;
                            continue 'outer;
                        }
                    }
                    return Err(i);
                }
                Ok(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn range_map_overrides() {
        let mut m = RangeMap::default();
        m.insert(10, 20, 'a');
        m.insert(15, 16, 'b');
        m.insert(0, 11, 'c');
        assert_eq!(m.get(9), Some((&'c', 9)));
        assert_eq!(m.get(12), Some((&'a', 2)));
        assert_eq!(m.get(15), Some((&'b', 0)));
        assert_eq!(m.get(17), Some((&'a', 7)));
        assert_eq!(m.get(21), None);
        m.insert(0, 100, 'd');
        assert_eq!(m.get(17), Some((&'d', 17)));
        assert_eq!(m.segs.len(), 1);
    }

    #[test]
    fn bfrange_forms_and_lengths() {
        let p = parse(
            b"1 begincodespacerange <00> <FF> endcodespacerange
              2 beginbfchar <41> <0041> <0041> <0058> endbfchar
              2 beginbfrange <61> <63> <0061> <0001> <0002> [<00660069> <D835DC00>] endbfrange",
        );
        assert_eq!(p.codespace.len(), 1);
        let m = UnicodeMap::from_parsed(&p);
        assert_eq!(m.lookup(key(1, 0x41)).as_deref(), Some("A"));
        assert_eq!(m.lookup(key(2, 0x41)).as_deref(), Some("X"));
        assert_eq!(m.lookup(key(1, 0x63)).as_deref(), Some("c"));
        assert_eq!(m.lookup(key(1, 0x64)), None);
        assert_eq!(m.lookup(key(2, 1)).as_deref(), Some("fi"));
        assert_eq!(m.lookup(key(2, 2)).as_deref(), Some("\u{1D400}"));
    }

    #[test]
    fn truncated_and_garbage() {
        let p = parse(b"2 beginbfrange <00> <10> [<0041> <0042");
        assert!(p.bf.is_empty());
        let p = parse(b"beginbfchar <01> <0041> /junk <02> <0042> <03> endcidrange <04> <0043>");
        assert_eq!(p.bf.len(), 2);
        let p = parse(b"begincidrange <0000> <FFFF> 0 <00> <0000> 5 endcidrange /WMode 1 def");
        assert_eq!(p.cid, vec![(2, 0, 0xffff, 0)]);
        assert_eq!(p.wmode, Some(1));
        let p = parse(b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(p.bf[0].2, 0xffff);
    }

    #[test]
    fn split_ranges() {
        let cs = CodeSpace::Ranges(vec![
            CodeRange::new(&[0x00], &[0x80]).unwrap(),
            CodeRange::new(&[0x81, 0x40], &[0x9f, 0xfc]).unwrap(),
        ]);
        assert_eq!(
            cs.split(&[0x41, 0x81, 0x40, 0x20]),
            Ok(vec![0..1, 1..3, 3..4])
        );
        assert_eq!(cs.split(&[0x41, 0x81]), Err(1));
        assert_eq!(cs.split(&[0xa0]), Err(0));
        assert_eq!(CodeSpace::Fixed(2).split(&[1, 2, 3]), Err(2));
        let u = CodeSpace::utf16();
        assert_eq!(
            u.split(&[0, 0x41, 0xd8, 0x35, 0xdc, 0]),
            Ok(vec![0..2, 2..6])
        );
    }
}
