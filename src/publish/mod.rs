//! Publish: the audit log and atomic file writes.
//!
//! Every output is written to a temporary name in its target directory and renamed into
//! place, so a crash never leaves a half-written file under the final name.

pub mod date;
pub mod diwoo;
pub mod set;
pub mod table;

use std::io::Write;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::detect::Finding;
use crate::error::Error;
use crate::ground::GroundStyle;

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::output(path, "no file name"))?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.woolak-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::output(path, e));
    }
    Ok(())
}

/// One line of `redactions.jsonl`. Holds a keyed hash of the removed text, never the text.
#[derive(Debug, Serialize)]
pub struct AuditRecord<'a> {
    pub doc: &'a str,
    /// In a publication set: the document ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<&'a str>,
    /// In a publication set: the finding id (stable across runs on the same input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub start: usize,
    pub end: usize,
    pub detector: &'a str,
    pub category: &'a str,
    pub ground: String,
    pub source: crate::detect::Source,
    /// PDFs only: the page (1-based) and the box `[x0, y0, x1, y1]` in PDF points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// PDFs only: every box drawn, as `[page, x0, y0, x1, y1]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boxes: Option<Vec<[f64; 5]>>,
    /// HMAC-SHA-256 of the removed text, keyed with the SHA-256 of the whole source document.
    /// A plain hash of a date of birth or a BSN is reversed by trying every value; with the
    /// key, only someone who holds the source can check a value, and the log stays
    /// deterministic.
    pub hmac_sha256: String,
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// SHA-256 of `text`, lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// HMAC-SHA-256 of `text` under `key`, lowercase hex.
pub fn hmac_sha256_hex(key: &[u8], text: &str) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(text.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The document that audit lines are about.
pub struct AuditDoc<'a> {
    /// The input path, as given or found.
    pub doc: &'a str,
    /// In a publication set: the document ID and the findings' ids.
    pub set: Option<(&'a str, &'a [String])>,
    /// The SHA-256 of the source document (its text, or a PDF's bytes): the HMAC key.
    pub key: &'a [u8; 32],
    /// The text the findings' offsets point into.
    pub text: &'a str,
}

/// Appends the audit lines for one document's `findings` to `out`. `placements` are the
/// PDF pages and boxes, one per finding (empty for text inputs).
pub fn audit_lines(
    d: &AuditDoc<'_>,
    findings: &[Finding],
    placements: &[Option<crate::redact::pdf::Placement>],
    style: GroundStyle,
    out: &mut String,
) {
    for (i, f) in findings.iter().enumerate() {
        let place = placements.get(i).and_then(Option::as_ref);
        let round = |v: f64| (v * 100.0).round() / 100.0;
        let rec = AuditRecord {
            doc: d.doc,
            doc_id: d.set.map(|(id, _)| id),
            id: d.set.and_then(|(_, ids)| ids.get(i)).map(String::as_str),
            start: f.span.start,
            end: f.span.end,
            detector: f.detector,
            category: f.category.as_str(),
            ground: f.ground.display(style),
            source: f.source,
            page: place.map(|p| p.page),
            bbox: place.map(|p| {
                let b = &p.bbox;
                [round(b.x0), round(b.y0), round(b.x1), round(b.y1)]
            }),
            boxes: place.map(|p| {
                p.boxes
                    .iter()
                    .map(|(page, b)| {
                        [
                            f64::from(*page),
                            round(b.x0),
                            round(b.y0),
                            round(b.x1),
                            round(b.y1),
                        ]
                    })
                    .collect()
            }),
            hmac_sha256: hmac_sha256_hex(d.key, &d.text[f.span.clone()]),
        };
        out.push_str(&serde_json::to_string(&rec).expect("audit record serialises"));
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn hmac_known_value() {
        // RFC 4231, test case 2.
        assert_eq!(
            hmac_sha256_hex(b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn sha256_known_value() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
