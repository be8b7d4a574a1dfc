//! Page-level marks of a published document: the document number stamped on every page, and
//! whole pages replaced by a notice (`niet openbaar` with its grounds, `buiten verzoek`).
//!
//! Both renderers ([`super::textpdf`] and [`super::pdf`]) draw these with the operators made
//! here, in Helvetica (WinAnsi, ASCII only), in the page's visual orientation (`/Rotate`).

use std::collections::BTreeMap;

use super::textpdf::{num, pdf_string, HELVETICA_WIDTHS};

/// What to do to the pages of one output document.
#[derive(Clone, Debug, Default)]
pub struct PageOps {
    /// Text stamped at the top right of every page (the document number), if any.
    pub stamp: Option<String>,
    /// Pages (0-based) whose content is replaced by a notice.
    pub notices: BTreeMap<u32, Notice>,
}

/// The notice that replaces a withheld page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The large first line: `niet openbaar`, `buiten verzoek`.
    pub title: String,
    /// The line under it: the grounds, or an explanation.
    pub detail: String,
}

/// Point size of the stamp.
const STAMP_SIZE: f64 = 8.0;

/// ASCII bytes of `s` for a WinAnsi Helvetica string (anything else becomes `?`).
fn ascii(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| {
            if (' '..='~').contains(&c) {
                c as u8
            } else {
                b'?'
            }
        })
        .collect()
}

fn width(bytes: &[u8], size: f64) -> f64 {
    bytes
        .iter()
        .map(|&b| f64::from(HELVETICA_WIDTHS[usize::from(b.clamp(32, 126)) - 32]))
        .sum::<f64>()
        * size
        / 1000.0
}

fn string(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    pdf_string(&mut out, bytes);
    // `bytes` are ASCII (see [`ascii`]).
    String::from_utf8_lossy(&out).into_owned()
}

/// A page's visible frame: its box and its rotation (0, 90, 180 or 270 degrees clockwise).
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub rotate: i64,
}

impl Frame {
    /// The width and height as the page is shown.
    fn visual_size(&self) -> (f64, f64) {
        let (w, h) = (self.x1 - self.x0, self.y1 - self.y0);
        if self.rotate % 180 == 0 {
            (w, h)
        } else {
            (h, w)
        }
    }

    /// The `cm` that maps visual coordinates (origin at the shown page's lower left) to user
    /// space.
    fn cm(&self) -> String {
        let (w, h) = (self.x1 - self.x0, self.y1 - self.y0);
        let (a, b, c, d, e, f) = match self.rotate.rem_euclid(360) {
            90 => (0.0, 1.0, -1.0, 0.0, w, 0.0),
            180 => (-1.0, 0.0, 0.0, -1.0, w, h),
            270 => (0.0, -1.0, 1.0, 0.0, 0.0, h),
            _ => (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
        };
        format!(
            "{} {} {} {} {} {} cm",
            num(a),
            num(b),
            num(c),
            num(d),
            num(e + self.x0),
            num(f + self.y0)
        )
    }
}

/// Operators that draw `label` small at the top right of the page, in the top margin where
/// pages seldom have content. Nothing is painted under it: a ground would hide content that
/// is still in the file. Self-contained (`q` ... `Q`).
pub fn stamp(frame: &Frame, label: &str, font: &[u8]) -> Vec<u8> {
    let bytes = ascii(label);
    let (w, h) = frame.visual_size();
    let tw = width(&bytes, STAMP_SIZE);
    let x = (w - 28.0 - tw).max(2.0);
    let y = h - 14.0;
    format!(
        "q {cm}\nBT 0 g 0 Tr /{} {} Tf {} {} Td {} Tj ET\nQ\n",
        String::from_utf8_lossy(font),
        num(STAMP_SIZE),
        num(x),
        num(y),
        string(&bytes),
        cm = frame.cm(),
    )
    .into_bytes()
}

/// Operators for a page that replaces withheld content: the notice centred on a blank page.
pub fn notice(frame: &Frame, n: &Notice, font: &[u8]) -> Vec<u8> {
    let (w, h) = frame.visual_size();
    let font = String::from_utf8_lossy(font);
    let mut s = format!("q {}\n", frame.cm());
    let mut line = |text: &str, size: f64, y: f64| {
        let bytes = ascii(text);
        // Shrink a long line to fit between 40 pt margins.
        let size = size.min(size * (w - 80.0) / width(&bytes, size).max(1.0));
        let x = (w - width(&bytes, size)) / 2.0;
        s.push_str(&format!(
            "BT 0 g /{font} {} Tf {} {} Td {} Tj ET\n",
            num(size),
            num(x),
            num(y),
            string(&bytes)
        ));
    };
    line(&n.title, 28.0, h * 0.55);
    if !n.detail.is_empty() {
        line(&n.detail, 14.0, h * 0.55 - 30.0);
    }
    s.push_str("Q\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a4(rotate: i64) -> Frame {
        Frame {
            x0: 0.0,
            y0: 0.0,
            x1: 595.0,
            y1: 842.0,
            rotate,
        }
    }

    #[test]
    fn stamp_sits_top_right_in_every_orientation() {
        let s = String::from_utf8(stamp(&a4(0), "VWS0012", b"F")).unwrap();
        assert!(s.contains("(VWS0012) Tj"), "{s}");
        assert!(s.starts_with("q 1 0 0 1 0 0 cm"), "{s}");
        let r = String::from_utf8(stamp(&a4(90), "1", b"F")).unwrap();
        // Shown 842 wide: the label's x is near 842, not 595.
        let td: Vec<&str> = r.split(" Td").next().unwrap().rsplit(' ').take(2).collect();
        let x: f64 = td[1].parse().unwrap();
        assert!(x > 780.0, "{r}");
        assert!(r.starts_with("q 0 1 -1 0 595 0 cm"), "{r}");
    }

    #[test]
    fn notice_escapes_and_centres() {
        let n = Notice {
            title: "niet openbaar".into(),
            detail: "5.1.2i; 5.2 (zie besluit)".into(),
        };
        let s = String::from_utf8(notice(&a4(0), &n, b"F")).unwrap();
        assert!(s.contains("(niet openbaar) Tj"));
        assert!(s.contains("(5.1.2i; 5.2 \\(zie besluit\\)) Tj"), "{s}");
        assert!(s.trim_end().ends_with('Q'));
    }

    #[test]
    fn non_ascii_becomes_question_marks() {
        assert_eq!(ascii("ëx"), b"?x");
    }
}
