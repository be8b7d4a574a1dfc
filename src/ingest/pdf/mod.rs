//! PDF input: load a file with limits, decrypt it when it can be, and walk its pages into
//! glyphs and text ([`walk::Layout`]).
//!
//! This module and [`crate::redact::pdf`] are the only places that know lopdf. A PDF that
//! cannot be read completely is refused with "needs manual review", never redacted in part.

pub mod font;
pub mod geom;
pub mod lexer;
pub mod reading;
pub mod walk;

use std::path::{Path, PathBuf};

use crate::error::Error;

/// The largest PDF accepted.
pub const MAX_PDF_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The most one stream may inflate to (a decompression bomb stops here).
pub const MAX_STREAM_BYTES: usize = 256 * 1024 * 1024;

/// A loaded and walked PDF. `Debug` shows no text.
pub struct PdfDocument {
    pub path: PathBuf,
    pub doc: lopdf::Document,
    pub layout: walk::Layout,
    /// SHA-256 of the file as read: the key of the audit hashes.
    pub source_sha256: [u8; 32],
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for PdfDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PdfDocument({}, {:?})", self.path.display(), self.layout)
    }
}

/// Reads, decrypts and walks a PDF. `password` opens a file with a user password; a file
/// with only an owner password opens without one (and is written unencrypted).
pub fn read_pdf(path: &Path, password: Option<&str>) -> Result<PdfDocument, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::input(path, e.to_string()))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory"));
    }
    if meta.len() > MAX_PDF_BYTES {
        return Err(Error::input(path, "larger than 2 GiB, refused"));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::input(path, e.to_string()))?;
    parse_pdf(path, &bytes, password)
}

/// [`read_pdf`] on bytes already read.
pub fn parse_pdf(path: &Path, bytes: &[u8], password: Option<&str>) -> Result<PdfDocument, Error> {
    use sha2::{Digest, Sha256};
    if bytes.is_empty() {
        return Err(Error::input(path, "empty file"));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(Error::input(path, "not a PDF (no %PDF- header)"));
    }
    let options = lopdf::LoadOptions {
        password: password.map(str::to_string),
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..Default::default()
    };
    let doc = lopdf::Document::load_mem_with_options(bytes, options).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("password") || msg.contains("ecrypt") {
            Error::input(
                path,
                format!("encrypted: {msg}; give the password with --password"),
            )
        } else {
            Error::input(path, format!("not a readable PDF: {msg}"))
        }
    })?;
    let declared_encryption = doc.trailer.get(b"Encrypt").is_ok() || doc.is_encrypted();
    let pages = doc.get_pages();
    if pages.is_empty() {
        let has_encrypt = memchr::memmem::find(bytes, b"/Encrypt").is_some();
        return Err(Error::input(
            path,
            if has_encrypt || declared_encryption {
                "encrypted with a user password: give it with --password".to_string()
            } else {
                "needs manual review: no pages found".to_string()
            },
        ));
    }
    if declared_encryption {
        return Err(Error::input(
            path,
            "needs manual review: the file is still encrypted after loading",
        ));
    }
    let layout = walk::walk(&doc, MAX_STREAM_BYTES)
        .map_err(|e| Error::input(path, format!("needs manual review: {e}")))?;
    let mut warnings = Vec::new();
    match doc.xref_recovery {
        Some(lopdf::xref::XrefRecovery::Reconstructed) => warnings.push(format!(
            "{}: the cross-reference table was damaged and rebuilt by scanning the file; \
             objects may be missing or older than a viewer shows: check the output",
            path.display()
        )),
        Some(_) => warnings.push(format!(
            "{}: the cross-reference data was damaged and repaired",
            path.display()
        )),
        None => {}
    }
    Ok(PdfDocument {
        path: path.to_path_buf(),
        doc,
        layout,
        source_sha256: Sha256::digest(bytes).into(),
        warnings,
    })
}
