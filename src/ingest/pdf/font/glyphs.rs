//! Glyph names: their Unicode values (Adobe Glyph List and its naming conventions) and the code →
//! glyph name tables of the predefined simple-font encodings (PDF 32000-1:2008 Annex D).
//! Data files are parsed once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::afm;

const GLYPHLIST: &str = include_str!("data/glyphlist.txt");
const ZAPFDINGBATS: &str = include_str!("data/zapfdingbats.txt");
const LATIN: &str = include_str!("data/latin.txt");

/// Code → glyph name for the 256 codes of a one-byte encoding.
pub(crate) type NameTable = [Option<&'static str>; 256];

fn parse_list(text: &'static str) -> HashMap<&'static str, Box<str>> {
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((name, values)) = line.split_once(';') else {
            continue;
        };
        let s: Option<String> = values
            .split_whitespace()
            .map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
            .collect();
        if let Some(s) = s.filter(|s| !s.is_empty()) {
            map.entry(name).or_insert(s.into_boxed_str());
        }
    }
    map
}

fn agl() -> &'static HashMap<&'static str, Box<str>> {
    static AGL: OnceLock<HashMap<&'static str, Box<str>>> = OnceLock::new();
    AGL.get_or_init(|| parse_list(GLYPHLIST))
}

fn zapf() -> &'static HashMap<&'static str, Box<str>> {
    static ZAPF: OnceLock<HashMap<&'static str, Box<str>>> = OnceLock::new();
    ZAPF.get_or_init(|| parse_list(ZAPFDINGBATS))
}

fn hex_char(h: &str) -> Option<char> {
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // char::from_u32 rejects surrogates and values past U+10FFFF, as the AGL rules require.
    u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
}

/// Appends the Unicode text of one glyph-name component; false if it has none.
fn component(c: &str, dingbats: bool, out: &mut String) -> bool {
    if dingbats {
        if let Some(s) = zapf().get(c) {
            out.push_str(s);
            return true;
        }
    }
    if let Some(s) = agl().get(c) {
        out.push_str(s);
        return true;
    }
    if let Some(hex) = c.strip_prefix("uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 && hex.is_ascii() {
            let start = out.len();
            for i in (0..hex.len()).step_by(4) {
                match hex.get(i..i + 4).and_then(hex_char) {
                    Some(ch) => out.push(ch),
                    None => {
                        out.truncate(start);
                        return false;
                    }
                }
            }
            return true;
        }
    }
    if let Some(hex) = c.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            if let Some(ch) = hex_char(hex) {
                out.push(ch);
                return true;
            }
        }
    }
    false
}

/// Appends the Unicode text of a glyph name, following the Adobe Glyph List specification: drop
/// a `.suffix`, split ligatures at `_` (`f_f_i`), map each part by the AGL (or, for the
/// ZapfDingbats font, its own list), `uniXXXX[XXXX...]` or `uXXXX[XX]`. False, with `out`
/// unchanged, if any part is unknown (e.g. `g123`, `.notdef`).
pub(crate) fn name_to_unicode_into(name: &str, dingbats: bool, out: &mut String) -> bool {
    let base = name.split('.').next().unwrap_or_default();
    if base.is_empty() {
        return false;
    }
    let start = out.len();
    for part in base.split('_') {
        if !component(part, dingbats, out) {
            out.truncate(start);
            return false;
        }
    }
    true
}

#[cfg(test)]
pub(crate) fn name_to_unicode(name: &str, dingbats: bool) -> Option<String> {
    let mut s = String::new();
    name_to_unicode_into(name, dingbats, &mut s).then_some(s)
}

/// The base encodings a simple font can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    /// MacExpertEncoding: names are not shipped; its Unicode comes from lopdf's table.
    MacExpert,
    /// The built-in encoding of the Symbol font.
    Symbol,
    /// The built-in encoding of the ZapfDingbats font.
    ZapfDingbats,
}

impl BaseEncoding {
    /// The encoding named by an /Encoding or /BaseEncoding value (Table 114); StandardEncoding
    /// is not a legal value there but is accepted.
    pub(crate) fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"StandardEncoding" => Some(Self::Standard),
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"MacRomanEncoding" => Some(Self::MacRoman),
            b"MacExpertEncoding" => Some(Self::MacExpert),
            _ => None,
        }
    }

    pub(crate) fn names(self) -> &'static NameTable {
        static EMPTY: NameTable = [None; 256];
        let latin = latin();
        match self {
            Self::Standard => &latin[0],
            Self::MacRoman => &latin[1],
            Self::WinAnsi => &latin[2],
            Self::MacExpert => &EMPTY,
            Self::Symbol => afm::builtin_names("Symbol").unwrap_or(&EMPTY),
            Self::ZapfDingbats => afm::builtin_names("ZapfDingbats").unwrap_or(&EMPTY),
        }
    }

    /// The Unicode text of `code` when the encoding carries no glyph name for it.
    pub(crate) fn unnamed_unicode(self, code: u8) -> Option<char> {
        if self != Self::MacExpert {
            return None;
        }
        static MAC_EXPERT: OnceLock<[Option<char>; 256]> = OnceLock::new();
        MAC_EXPERT
            .get_or_init(|| lopdf_table(b"MacExpertEncoding"))
            .get(usize::from(code))
            .copied()
            .flatten()
            .filter(|c| *c != '\0')
    }
}

/// lopdf's Unicode table for a named encoding, read through its public API (its `encodings`
/// module is private).
pub(crate) fn lopdf_table(name: &[u8]) -> [Option<char>; 256] {
    let mut out = [None; 256];
    let doc = lopdf::Document::new();
    let mut dict = lopdf::Dictionary::new();
    dict.set("Type", lopdf::Object::Name(b"Font".to_vec()));
    dict.set("Encoding", lopdf::Object::Name(name.to_vec()));
    let Ok(enc) = dict.get_font_encoding(&doc) else {
        return out;
    };
    for (code, slot) in (0..=255u8).zip(out.iter_mut()) {
        let s = enc.bytes_to_string(&[code]).unwrap_or_default();
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            *slot = Some(c);
        }
    }
    out
}

/// Standard, MacRoman and WinAnsi name tables, from `data/latin.txt`.
fn latin() -> &'static [NameTable; 3] {
    static LATIN_TABLES: OnceLock<[NameTable; 3]> = OnceLock::new();
    LATIN_TABLES.get_or_init(|| {
        let mut t = [[None; 256]; 3];
        for line in LATIN.lines().filter(|l| !l.starts_with('#')) {
            let mut f = line.split_whitespace();
            let Some(name) = f.next() else { continue };
            for table in t.iter_mut() {
                let code = f.next().and_then(|c| c.parse::<u8>().ok());
                if let Some(slot) = code.and_then(|c| table.get_mut(usize::from(c))) {
                    *slot = Some(name);
                }
            }
        }
        t
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn agl_names() {
        let u = |n| name_to_unicode(n, false);
        assert_eq!(u("A").as_deref(), Some("A"));
        assert_eq!(u("Euro").as_deref(), Some("€"));
        assert_eq!(u("fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(u("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(u("uni0041").as_deref(), Some("A"));
        assert_eq!(u("uni00410042").as_deref(), Some("AB"));
        assert_eq!(u("uniD800"), None);
        assert_eq!(u("u1D400").as_deref(), Some("\u{1D400}"));
        assert_eq!(u("u110000"), None);
        assert_eq!(u("a.sc").as_deref(), Some("a"));
        assert_eq!(u("T_h.liga").as_deref(), Some("Th"));
        assert_eq!(u(".notdef"), None);
        assert_eq!(u("g123"), None);
        assert_eq!(u("f_g123"), None);
        assert_eq!(u("uni"), None);
        assert_eq!(u("a9"), None);
        assert_eq!(name_to_unicode("a9", true).as_deref(), Some("\u{2720}"));
    }

    /// Our name tables, read through the AGL, agree with lopdf's Unicode tables, except where
    /// Annex D's notes give a code a second name (0xA0 = space, 0xAD = hyphen).
    #[test]
    fn tables_match_lopdf() {
        let cases = [
            (BaseEncoding::Standard, lopdf_table(b"StandardEncoding")),
            (BaseEncoding::WinAnsi, lopdf_table(b"WinAnsiEncoding")),
            (BaseEncoding::MacRoman, lopdf_table(b"MacRomanEncoding")),
        ];
        for (enc, theirs) in cases {
            let mut diffs = Vec::new();
            for code in 0..256usize {
                let ours = enc.names()[code].and_then(|n| name_to_unicode(n, false));
                let theirs = theirs[code].map(String::from);
                if ours != theirs {
                    diffs.push((code, ours, theirs));
                }
            }
            let allowed: &[usize] = match enc {
                BaseEncoding::WinAnsi => &[0xa0, 0xad],
                BaseEncoding::MacRoman => &[0xca],
                _ => &[],
            };
            let unexpected: Vec<_> = diffs.iter().filter(|d| !allowed.contains(&d.0)).collect();
            assert!(unexpected.is_empty(), "{enc:?}: {unexpected:?}");
        }
        assert_eq!(BaseEncoding::MacExpert.unnamed_unicode(0x20), Some(' '));
    }
}
