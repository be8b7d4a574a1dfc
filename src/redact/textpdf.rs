//! Typesets redacted text as a publishable A4 PDF.
//!
//! Helvetica (a standard-14 font, WinAnsiEncoding) at 10 pt, lines wrapped to the text width
//! and paginated. Every code sits in a filled box (white on black by default) and is real,
//! extractable text. Characters outside WinAnsi are written as their base letter when they
//! have one (`ş` -> `s`) and as `?` otherwise.

use lopdf::{dictionary, Document, Object, Stream};
use unicode_normalization::UnicodeNormalization;

use super::pageops::{self, Frame, PageOps};
use super::text::Segment;

/// Helvetica advance widths (1/1000 em) for WinAnsi codes 32..=255, from the Adobe AFM.
pub(crate) const HELVETICA_WIDTHS: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    350, 556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350, 350,
    222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667, 278, 333, 556,
    556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 556,
    537, 278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667,
    667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722,
    722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278,
    278, 556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.69;
const SIZE: f32 = 10.0;
const LEADING: f32 = 13.0;
const TAB_SPACES: usize = 4;

/// How redaction boxes are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BoxStyle {
    /// White code on a black box (the common default).
    #[default]
    Black,
    /// Black code in a black outline on white.
    Outline,
    /// Black code on a light grey box.
    Grey,
}

/// Encodes one char as a WinAnsi byte, falling back to its base letter, then `?`.
pub(crate) fn winansi(c: char) -> u8 {
    fn direct(c: char) -> Option<u8> {
        if (' '..='~').contains(&c) {
            return Some(c as u8);
        }
        let mut buf = [0u8; 4];
        let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        (!bad && bytes.len() == 1 && bytes[0] >= 0x80).then(|| bytes[0])
    }
    if let Some(b) = direct(c) {
        return b;
    }
    if matches!(c, '\u{2010}' | '\u{2011}' | '\u{2012}') {
        return b'-';
    }
    // The base letter of a decomposed character (`ş` -> `s`), else the first part of a
    // compatibility decomposition that WinAnsi has.
    let mut parts = std::iter::once(c).nfkd();
    let first = parts.next().filter(|&d| d != c).and_then(direct);
    std::iter::once(c)
        .nfkd()
        .find_map(|d| direct(d).filter(|b| b.is_ascii_alphanumeric()))
        .or(first)
        .unwrap_or(b'?')
}

fn width_of(bytes: &[u8]) -> f32 {
    bytes
        .iter()
        .map(|&b| f32::from(HELVETICA_WIDTHS[usize::from(b.max(32)) - 32]))
        .sum::<f32>()
        * SIZE
        / 1000.0
}

/// A piece of a laid-out line.
#[derive(Clone, Debug)]
struct Piece {
    bytes: Vec<u8>,
    code: bool,
}

/// Splits the redacted text into source lines of pieces (text runs and codes).
fn source_lines(segments: &[Segment<'_>]) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    for seg in segments {
        match seg {
            Segment::Code(c) => lines.last_mut().expect("one line").push(Piece {
                bytes: c.bytes().collect(),
                code: true,
            }),
            Segment::Kept(t) => {
                for (i, part) in t.split('\n').enumerate() {
                    if i > 0 {
                        lines.push(Vec::new());
                    }
                    let mut bytes = Vec::with_capacity(part.len());
                    for c in part.chars() {
                        match c {
                            '\r' | '\u{feff}' => {}
                            '\t' => bytes.extend(std::iter::repeat_n(b' ', TAB_SPACES)),
                            c if c.is_control() => {}
                            c => bytes.push(winansi(c)),
                        }
                    }
                    if !bytes.is_empty() {
                        lines
                            .last_mut()
                            .expect("one line")
                            .push(Piece { bytes, code: false });
                    }
                }
            }
        }
    }
    lines
}

/// Wraps a source line into output lines no wider than `max`. Words are never split unless
/// one alone is wider than a line; codes are never split.
fn wrap(line: Vec<Piece>, max: f32) -> Vec<Vec<Piece>> {
    // Cut text pieces into words with their trailing spaces; codes stay whole.
    let mut atoms: Vec<Piece> = Vec::new();
    for p in line {
        if p.code {
            atoms.push(p);
            continue;
        }
        let mut cur = Vec::new();
        for (i, &b) in p.bytes.iter().enumerate() {
            cur.push(b);
            let next_is_word = p.bytes.get(i + 1).is_some_and(|&n| n != b' ');
            if b == b' ' && next_is_word {
                atoms.push(Piece {
                    bytes: std::mem::take(&mut cur),
                    code: false,
                });
            }
        }
        if !cur.is_empty() {
            atoms.push(Piece {
                bytes: cur,
                code: false,
            });
        }
    }
    let mut out: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut x = 0.0;
    for atom in atoms {
        let w = width_of(&atom.bytes);
        let trimmed_w = width_of(trim_end_spaces(&atom.bytes));
        if x > 0.0 && x + trimmed_w > max {
            out.push(Vec::new());
            x = 0.0;
        }
        if !atom.code && trimmed_w > max {
            // A single word wider than the line: break it by characters.
            let mut cur = Vec::new();
            for &b in &atom.bytes {
                if x + width_of(&cur) + width_of(&[b]) > max && !cur.is_empty() {
                    out.last_mut().expect("one line").push(Piece {
                        bytes: std::mem::take(&mut cur),
                        code: false,
                    });
                    out.push(Vec::new());
                    x = 0.0;
                }
                cur.push(b);
            }
            x += width_of(&cur);
            out.last_mut().expect("one line").push(Piece {
                bytes: cur,
                code: false,
            });
            continue;
        }
        x += w;
        out.last_mut().expect("one line").push(atom);
    }
    out
}

fn trim_end_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().rev().take_while(|&&c| c == b' ').count();
    &b[..b.len() - n]
}

/// Escapes bytes for a PDF literal string (PDF 32000-1:2008, 7.3.4.2).
pub(crate) fn pdf_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
}

/// A number for a content stream: two decimals at most, no trailing zeros. (An `f32`
/// widens exactly, so it prints as it would itself.)
pub(crate) fn num(v: impl Into<f64>) -> String {
    let v: f64 = v.into();
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Renders the redacted text as PDF bytes. Output is deterministic: no dates, no random IDs.
pub fn render(segments: &[Segment<'_>], style: BoxStyle) -> Result<Vec<u8>, lopdf::Error> {
    render_with(segments, style, &PageOps::default()).map(|(bytes, _)| bytes)
}

/// The number of pages [`render`] makes of `segments`.
pub fn page_count(segments: &[Segment<'_>]) -> usize {
    let max = PAGE_W - 2.0 * MARGIN;
    let lines: usize = source_lines(segments)
        .into_iter()
        .map(|l| wrap(l, max).len())
        .sum();
    lines.div_ceil(lines_per_page()).max(1)
}

/// The page (0-based) that each code of `segments` is set on by [`render`], in order: one per
/// finding.
pub fn code_pages(segments: &[Segment<'_>]) -> Vec<usize> {
    let max = PAGE_W - 2.0 * MARGIN;
    let per_page = lines_per_page();
    source_lines(segments)
        .into_iter()
        .flat_map(|l| wrap(l, max))
        .enumerate()
        .flat_map(|(i, line)| {
            let n = line.iter().filter(|p| p.code).count();
            std::iter::repeat_n(i / per_page, n)
        })
        .collect()
}

fn lines_per_page() -> usize {
    (((PAGE_H - 2.0 * MARGIN) / LEADING).floor() as usize).max(1)
}

/// Like [`render`], with page marks (`pages`: a stamp, notices that replace pages); also
/// returns the number of pages.
pub fn render_with(
    segments: &[Segment<'_>],
    style: BoxStyle,
    pages: &PageOps,
) -> Result<(Vec<u8>, usize), lopdf::Error> {
    let max = PAGE_W - 2.0 * MARGIN;
    let lines: Vec<Vec<Piece>> = source_lines(segments)
        .into_iter()
        .flat_map(|l| wrap(l, max))
        .collect();
    let per_page = lines_per_page();

    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids: Vec<Object> = Vec::new();
    let chunks: Vec<&[Vec<Piece>]> = if lines.is_empty() {
        vec![&[]]
    } else {
        lines.chunks(per_page).collect()
    };
    let frame = Frame {
        x0: 0.0,
        y0: 0.0,
        x1: f64::from(PAGE_W),
        y1: f64::from(PAGE_H),
        rotate: 0,
    };
    let n_pages = chunks.len();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let mut content = match pages.notices.get(&(i as u32)) {
            Some(n) => pageops::notice(&frame, n, b"F1"),
            None => page_content(chunk, style),
        };
        if let Some(label) = &pages.stamp {
            content.extend(pageops::stamp(&frame, label, b"F1"));
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_W), Object::Real(PAGE_H)],
            "Contents" => content_id,
            "Resources" => resources_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    let info_id = doc.add_object(dictionary! {
        "Producer" => Object::string_literal("woolak"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok((out, n_pages))
}

/// The content stream of one page: the boxes first, then all text on top.
fn page_content(lines: &[Vec<Piece>], style: BoxStyle) -> Vec<u8> {
    let mut boxes = Vec::new();
    let mut text = Vec::new();
    let (box_fill, box_op, code_fill) = match style {
        BoxStyle::Black => ("0 g", "f", "1 g"),
        BoxStyle::Outline => ("0 G 0.8 w", "S", "0 g"),
        BoxStyle::Grey => ("0.8 g", "f", "0 g"),
    };
    boxes.extend_from_slice(format!("q {box_fill}\n").as_bytes());
    text.extend_from_slice(b"BT /F1 10 Tf\n");
    let mut fill_is_code = false;
    for (i, line) in lines.iter().enumerate() {
        let y = PAGE_H - MARGIN - SIZE - i as f32 * LEADING;
        let mut x = MARGIN;
        for piece in line {
            let w = width_of(&piece.bytes);
            if piece.code {
                boxes.extend_from_slice(
                    format!(
                        "{} {} {} {} re {box_op}\n",
                        num(x - 1.5),
                        num(y - 2.6),
                        num(w + 3.0),
                        num(SIZE + 1.8)
                    )
                    .as_bytes(),
                );
                if !fill_is_code {
                    text.extend_from_slice(format!("{code_fill}\n").as_bytes());
                    fill_is_code = true;
                }
            } else if fill_is_code {
                text.extend_from_slice(b"0 g\n");
                fill_is_code = false;
            }
            text.extend_from_slice(format!("1 0 0 1 {} {} Tm ", num(x), num(y)).as_bytes());
            pdf_string(&mut text, &piece.bytes);
            text.extend_from_slice(b" Tj\n");
            x += w;
        }
    }
    boxes.extend_from_slice(b"Q\n");
    text.extend_from_slice(b"ET\n");
    boxes.extend(text);
    boxes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winansi_fallbacks() {
        assert_eq!(winansi('a'), b'a');
        assert_eq!(winansi('é'), 0xE9);
        assert_eq!(winansi('€'), 0x80);
        assert_eq!(winansi('ş'), b's');
        assert_eq!(winansi('İ'), b'I');
        assert_eq!(winansi('漢'), b'?');
    }

    #[test]
    fn codes_know_their_page_and_pages_are_counted() {
        let filler = "regel\n".repeat(lines_per_page() + 3);
        let segs = [
            Segment::Code("5.1.2e".into()),
            Segment::Kept(&filler),
            Segment::Code("5.2".into()),
            Segment::Kept(" en "),
            Segment::Code("5.1.1e".into()),
        ];
        assert_eq!(code_pages(&segs), [0, 1, 1]);
        assert_eq!(page_count(&segs), 2);
        let (bytes, pages) = render_with(&segs, BoxStyle::Black, &PageOps::default()).unwrap();
        assert_eq!(pages, 2);
        assert_eq!(
            lopdf::Document::load_mem(&bytes).unwrap().get_pages().len(),
            2
        );
    }

    #[test]
    fn wraps_without_splitting_codes() {
        let long = "woord ".repeat(40);
        let segs = [Segment::Kept(&long), Segment::Code("5.1.2e".into())];
        let lines: Vec<Vec<Piece>> = source_lines(&segs)
            .into_iter()
            .flat_map(|l| wrap(l, 200.0))
            .collect();
        assert!(lines.len() > 5);
        for l in &lines {
            let w: f32 = l.iter().map(|p| width_of(trim_end_spaces(&p.bytes))).sum();
            assert!(w <= 200.0 + 20.0, "{w}");
        }
        assert!(lines.last().unwrap().iter().any(|p| p.code));
    }

    #[test]
    fn renders_a_pdf() {
        let segs = [
            Segment::Kept("Bel (mij) op "),
            Segment::Code("5.1.2e".into()),
            Segment::Kept(".\nTweede regel"),
        ];
        let bytes = render(&segs, BoxStyle::Black).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let doc = Document::load_mem(&bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
    }
}
