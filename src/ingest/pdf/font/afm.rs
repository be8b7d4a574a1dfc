//! Metrics of the standard 14 fonts from Adobe's Core 14 AFM files (data/core14/, see
//! SOURCES.md), and the names under which PDFs refer to them without embedding widths.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::glyphs::{self, NameTable};

const FILES: [&str; 14] = [
    include_str!("data/core14/Courier.afm"),
    include_str!("data/core14/Courier-Bold.afm"),
    include_str!("data/core14/Courier-Oblique.afm"),
    include_str!("data/core14/Courier-BoldOblique.afm"),
    include_str!("data/core14/Helvetica.afm"),
    include_str!("data/core14/Helvetica-Bold.afm"),
    include_str!("data/core14/Helvetica-Oblique.afm"),
    include_str!("data/core14/Helvetica-BoldOblique.afm"),
    include_str!("data/core14/Times-Roman.afm"),
    include_str!("data/core14/Times-Bold.afm"),
    include_str!("data/core14/Times-Italic.afm"),
    include_str!("data/core14/Times-BoldItalic.afm"),
    include_str!("data/core14/Symbol.afm"),
    include_str!("data/core14/ZapfDingbats.afm"),
];

/// The metrics of one standard font, in glyph space (1000 units per em).
#[derive(Debug)]
pub(crate) struct Metrics {
    pub(crate) name: &'static str,
    widths: HashMap<&'static str, f32>,
    /// Widths by the Unicode value of the glyph name, for names like `uni0041` (first wins).
    by_unicode: HashMap<char, f32>,
    /// The font's built-in encoding (the `C` codes of the AFM).
    pub(crate) builtin: NameTable,
    pub(crate) ascender: Option<f64>,
    pub(crate) descender: Option<f64>,
    pub(crate) bbox: Option<[f64; 4]>,
}

impl Metrics {
    /// The width of a glyph by name, or else by the single character the name stands for.
    pub(crate) fn width(&self, glyph: &str) -> Option<f32> {
        self.widths.get(glyph).copied().or_else(|| {
            let mut s = String::new();
            if !glyphs::name_to_unicode_into(glyph, false, &mut s) {
                return None;
            }
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => self.by_unicode.get(&c).copied(),
                _ => None,
            }
        })
    }
}

fn parse(text: &'static str) -> Metrics {
    let mut m = Metrics {
        name: "",
        widths: HashMap::new(),
        by_unicode: HashMap::new(),
        builtin: [None; 256],
        ascender: None,
        descender: None,
        bbox: None,
    };
    for line in text.lines() {
        let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "FontName" => m.name = rest.trim(),
            "Ascender" => m.ascender = rest.trim().parse().ok(),
            "Descender" => m.descender = rest.trim().parse().ok(),
            "FontBBox" => {
                let v: Vec<f64> = rest
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect();
                if let [a, b, c, d] = v.as_slice() {
                    m.bbox = Some([*a, *b, *c, *d]);
                }
            }
            "C" => {
                // C code ; WX width ; N name
                let mut code = None;
                let mut wx = None;
                let mut name = None;
                for field in line.split(';') {
                    let mut f = field.split_whitespace();
                    match (f.next(), f.next()) {
                        (Some("C"), Some(v)) => code = v.parse::<i32>().ok(),
                        (Some("WX"), Some(v)) => wx = v.parse::<f32>().ok(),
                        (Some("N"), Some(v)) => name = Some(v),
                        _ => {}
                    }
                }
                if let (Some(w), Some(n)) = (wx, name) {
                    m.widths.insert(n, w);
                    let mut u = String::new();
                    if glyphs::name_to_unicode_into(n, m.name == "ZapfDingbats", &mut u) {
                        let mut chars = u.chars();
                        if let (Some(c), None) = (chars.next(), chars.next()) {
                            m.by_unicode.entry(c).or_insert(w);
                        }
                    }
                    let slot = code
                        .and_then(|c| usize::try_from(c).ok())
                        .and_then(|c| m.builtin.get_mut(c));
                    if let Some(slot) = slot {
                        *slot = Some(n);
                    }
                }
            }
            _ => {}
        }
    }
    m
}

fn all() -> &'static [Metrics] {
    static ALL: OnceLock<Vec<Metrics>> = OnceLock::new();
    ALL.get_or_init(|| FILES.iter().map(|t| parse(t)).collect())
}

/// The metrics of a standard 14 font by its exact name (§9.6.2.2).
pub(crate) fn standard(name: &str) -> Option<&'static Metrics> {
    all().iter().find(|m| m.name == name)
}

pub(crate) fn builtin_names(name: &str) -> Option<&'static NameTable> {
    standard(name).map(|m| &m.builtin)
}

/// The standard font whose widths a font of this name uses when it carries none: the common
/// Windows/Mac names of the same designs and the `,Bold` style suffixes (as pdf.js does). Metric-
/// incompatible relatives (Arial Narrow, Helvetica Condensed...) are deliberately not matched.
pub(crate) fn alias(name: &str) -> Option<&'static Metrics> {
    let name: String = name.chars().filter(|c| *c != ' ').collect();
    if let Some(m) = standard(&name) {
        return Some(m);
    }
    // (family prefixes, regular, bold, italic, bold italic)
    const FAMILIES: [(&[&str], [&str; 4]); 5] = [
        (
            &["ArialMT", "Arial", "Helvetica"],
            [
                "Helvetica",
                "Helvetica-Bold",
                "Helvetica-Oblique",
                "Helvetica-BoldOblique",
            ],
        ),
        (
            &[
                "TimesNewRomanPSMT",
                "TimesNewRomanPS",
                "TimesNewRoman",
                "Times-Roman",
                "Times",
            ],
            [
                "Times-Roman",
                "Times-Bold",
                "Times-Italic",
                "Times-BoldItalic",
            ],
        ),
        (
            &["CourierNewPSMT", "CourierNewPS", "CourierNew", "Courier"],
            [
                "Courier",
                "Courier-Bold",
                "Courier-Oblique",
                "Courier-BoldOblique",
            ],
        ),
        (&["SymbolMT", "Symbol"], ["Symbol"; 4]),
        (&["ZapfDingbats", "Dingbats"], ["ZapfDingbats"; 4]),
    ];
    for (prefixes, styles) in FAMILIES {
        // Prefixes are listed longest first within a family.
        let Some(rest) = prefixes.iter().find_map(|p| name.strip_prefix(p)) else {
            continue;
        };
        let rest = rest.strip_suffix("MT").unwrap_or(rest);
        let rest = rest
            .strip_prefix(',')
            .or_else(|| rest.strip_prefix('-'))
            .unwrap_or(rest);
        let style = match rest {
            "" | "Roman" | "Regular" | "Normal" | "Medium" => 0,
            "Bold" => 1,
            "Italic" | "Oblique" => 2,
            "BoldItalic" | "BoldOblique" => 3,
            _ => return None,
        };
        return styles.get(style).and_then(|s| standard(s));
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn core14_loaded() {
        assert_eq!(all().len(), 14);
        assert!(all()
            .iter()
            .all(|m| !m.name.is_empty() && m.widths.len() >= 190));
        let h = standard("Helvetica").unwrap();
        assert_eq!(h.width("a"), Some(556.0));
        assert_eq!(h.width("Euro"), Some(556.0));
        assert_eq!(h.builtin[0x41], Some("A"));
        assert_eq!(standard("Courier").unwrap().width("W"), Some(600.0));
        assert_eq!(standard("Symbol").unwrap().builtin[0x61], Some("alpha"));
        assert_eq!(standard("ZapfDingbats").unwrap().builtin[0x21], Some("a1"));
    }

    #[test]
    fn aliases() {
        let a = |n| alias(n).map(|m| m.name);
        assert_eq!(a("Arial"), Some("Helvetica"));
        assert_eq!(a("ArialMT"), Some("Helvetica"));
        assert_eq!(a("Arial,Bold"), Some("Helvetica-Bold"));
        assert_eq!(a("Arial-BoldMT"), Some("Helvetica-Bold"));
        assert_eq!(a("Arial-BoldItalicMT"), Some("Helvetica-BoldOblique"));
        assert_eq!(a("TimesNewRomanPSMT"), Some("Times-Roman"));
        assert_eq!(a("TimesNewRomanPS-BoldMT"), Some("Times-Bold"));
        assert_eq!(a("TimesNewRoman,Italic"), Some("Times-Italic"));
        assert_eq!(a("Times New Roman"), Some("Times-Roman"));
        assert_eq!(a("CourierNewPSMT"), Some("Courier"));
        assert_eq!(a("CourierNew,BoldItalic"), Some("Courier-BoldOblique"));
        assert_eq!(a("Helvetica,Bold"), Some("Helvetica-Bold"));
        assert_eq!(a("ArialNarrow"), None);
        assert_eq!(a("Calibri"), None);
        assert_eq!(a("Helvetica-Condensed"), None);
    }
}
