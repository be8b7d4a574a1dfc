//! Ingest: input files to our document model.
//!
//! Text inputs (`.txt`, `.md`) are one logical page. UTF-8 with or without a BOM is read as
//! is; anything else is decoded as Windows-1252 with a warning. PDFs come with the PDF engine.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The largest text input accepted, so that one stray file cannot exhaust memory.
pub const MAX_TEXT_BYTES: u64 = 256 * 1024 * 1024;

/// What kind of input a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Pdf,
    Unsupported,
}

/// Classifies a path by its extension.
pub fn kind_of(path: &Path) -> InputKind {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("txt" | "md") => InputKind::Text,
        Some("pdf") => InputKind::Pdf,
        _ => InputKind::Unsupported,
    }
}

/// A loaded text document. `Debug` shows the path and size, never the text.
pub struct TextDocument {
    pub path: PathBuf,
    /// The text, UTF-8, without BOM. Offsets in findings are byte offsets into this string.
    pub text: String,
    /// Warnings for the user (e.g. the file was not UTF-8).
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for TextDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TextDocument({}, {} bytes)",
            self.path.display(),
            self.text.len()
        )
    }
}

/// Reads a text input.
pub fn read_text(path: &Path) -> Result<TextDocument, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::input(path, e.to_string()))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory"));
    }
    if meta.len() > MAX_TEXT_BYTES {
        return Err(Error::input(
            path,
            format!(
                "file is too large ({} bytes, limit {MAX_TEXT_BYTES})",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::input(path, e.to_string()))?;
    let (text, warnings) = decode(&bytes);
    let warnings = warnings
        .into_iter()
        .map(|w| format!("{}: {w}", path.display()))
        .collect();
    Ok(TextDocument {
        path: path.to_path_buf(),
        text,
        warnings,
    })
}

/// Decodes bytes as UTF-8 (BOM accepted), falling back to Windows-1252.
pub fn decode(bytes: &[u8]) -> (String, Vec<String>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Vec::new()),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (
                text.into_owned(),
                vec!["not valid UTF-8, decoded as Windows-1252".to_string()],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_cp1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFhoi").0, "hoi");
        let (t, w) = decode(b"caf\xE9 \x80");
        assert_eq!(t, "café €");
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of(Path::new("a.TXT")), InputKind::Text);
        assert_eq!(kind_of(Path::new("a.md")), InputKind::Text);
        assert_eq!(kind_of(Path::new("a.pdf")), InputKind::Pdf);
        assert_eq!(kind_of(Path::new("a.docx")), InputKind::Unsupported);
    }
}
