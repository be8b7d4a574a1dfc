//! Temporary font layer (simple fonts with /Widths and WinAnsi only), replaced by the full
//! font module.

use std::ops::Range;

use lopdf::{Dictionary, Document, Object};

#[derive(Clone, Debug)]
pub struct Font {
    widths: Vec<f64>,
    first: usize,
    name: String,
    two_byte: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("font /{0}: {1}")]
    Bad(String, String),
}

impl Font {
    pub fn from_dict(doc: &Document, name: &[u8], dict: &Dictionary) -> Result<Font, FontError> {
        let n = String::from_utf8_lossy(name).to_string();
        let base = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|b| String::from_utf8_lossy(b).to_string())
            .unwrap_or_default();
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(&b"Type0"[..]);
        let first = dict
            .get(b"FirstChar")
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(0) as usize;
        let widths = match dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
            Ok(a) => a
                .iter()
                .map(|o| o.as_float().map(f64::from).unwrap_or(0.0) / 1000.0)
                .collect(),
            Err(_) if two_byte => Vec::new(),
            Err(_) => return Err(FontError::Bad(n, "no /Widths".into())),
        };
        Ok(Font {
            widths,
            first,
            name: base,
            two_byte,
        })
    }

    pub fn split(&self, bytes: &[u8]) -> Result<Vec<Range<usize>>, FontError> {
        let step = if self.two_byte { 2 } else { 1 };
        if bytes.len() % step != 0 {
            return Err(FontError::Bad(self.name.clone(), "odd bytes".into()));
        }
        Ok((0..bytes.len() / step)
            .map(|i| i * step..i * step + step)
            .collect())
    }

    pub fn advance(&self, code: &[u8]) -> f64 {
        if self.two_byte {
            return 0.5;
        }
        let c = usize::from(code[0]);
        c.checked_sub(self.first)
            .and_then(|i| self.widths.get(i))
            .copied()
            .unwrap_or(0.0)
    }

    pub fn unicode(&self, code: &[u8]) -> Option<String> {
        if self.two_byte {
            return Some("?".into());
        }
        let (s, _, _) = encoding_rs::WINDOWS_1252.decode(code);
        Some(s.into_owned())
    }

    pub fn is_word_space(&self, code: &[u8]) -> bool {
        code == b" "
    }

    pub fn vertical(&self) -> bool {
        false
    }

    pub fn ascent(&self) -> f64 {
        0.8
    }

    pub fn descent(&self) -> f64 {
        -0.2
    }

    pub fn base_name(&self) -> &str {
        &self.name
    }
}
