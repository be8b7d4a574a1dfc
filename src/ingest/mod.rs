//! Ingest: input files to our document model.
//!
//! Text inputs (`.txt`, `.md`) are one logical page. UTF-8 with or without a BOM is read as
//! is; anything else is decoded as Windows-1252 with a warning. PDFs are walked into glyphs and
//! page text by [`pdf`].

pub mod pdf;

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
    let (text, warnings) = decode(&bytes).map_err(|reason| Error::input(path, reason))?;
    let warnings = warnings
        .into_iter()
        .map(|w| format!("{}: {w}", path.display()))
        .collect();
    Ok(TextDocument {
        path: path.to_path_buf(),
        text: normalize(&text),
        warnings,
    })
}

/// Decodes bytes: UTF-8 (a BOM is accepted), UTF-16 with a BOM, and otherwise Windows-1252
/// with a warning. Text that looks like UTF-16 without a BOM (many NUL bytes) is refused:
/// read as single bytes its letters would be split by NULs and no name would be found.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, bad) = encoding.decode_without_bom_handling(&bytes[bom..]);
            let mut warnings = vec![format!("decoded as {}", encoding.name())];
            if bad {
                warnings.push("invalid sequences replaced".into());
            }
            return Ok((text.into_owned(), warnings));
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if nul_heavy(bytes) {
        return Err(
            "looks like UTF-16 text without a byte-order mark; convert it to UTF-8".to_string(),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Vec::new())),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((
                text.into_owned(),
                vec!["not valid UTF-8, decoded as Windows-1252".to_string()],
            ))
        }
    }
}

/// Returns true if and only if more than one byte in eight is NUL (UTF-16 text has one in
/// two for Latin script).
fn nul_heavy(bytes: &[u8]) -> bool {
    let nul = bytes.iter().filter(|&&b| b == 0).count();
    nul > 0 && nul * 8 > bytes.len()
}

/// Normalises text once, so that detection and every output see the same characters:
/// line ends become `\n`; byte-order marks, zero-width characters, soft hyphens and control
/// characters (other than tab and line feed) are removed, because a renderer that drops them
/// would join what the detectors saw apart (`06-\u{feff}12345678`); and the text is put in
/// NFC, so that a letter and its combining accent form one character.
pub fn normalize(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' | '\n' => out.push(c),
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{ad}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes {
        out
    } else {
        out.nfc().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_cp1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFhoi").unwrap().0, "hoi");
        let (t, w) = decode(b"caf\xE9 \x80").unwrap();
        assert_eq!(t, "café €");
        assert_eq!(w, ["not valid UTF-8, decoded as Windows-1252"]);
        let (t, w) = decode(b"\xFF\xFEh\x00i\x00").unwrap();
        assert_eq!(t, "hi");
        assert_eq!(w, ["decoded as UTF-16LE"]);
        // Regression (review of #2): UTF-16 without a BOM is refused, not read as bytes.
        assert!(decode(b"J\x00a\x00n\x00 \x00J\x00").is_err());
    }

    #[test]
    fn normalize_keeps_what_renders_and_joins_what_would_join() {
        assert_eq!(normalize("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalize("06-\u{feff}1234\u{200b}5678\u{0}"), "06-12345678");
        assert_eq!(normalize("Jan\u{ad}sen\tx"), "Jansen\tx");
        assert_eq!(normalize("Pi\u{301}et"), "Píet");
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of(Path::new("a.TXT")), InputKind::Text);
        assert_eq!(kind_of(Path::new("a.md")), InputKind::Text);
        assert_eq!(kind_of(Path::new("a.pdf")), InputKind::Pdf);
        assert_eq!(kind_of(Path::new("a.docx")), InputKind::Unsupported);
    }
}

/// One input file, found on the command line or inside an input folder.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The path as given or found.
    pub path: PathBuf,
    /// The path inside its input folder, `/`-separated (`mails/2021-03.pdf`); for a file
    /// named on the command line, its file name.
    pub rel: String,
}

impl Input {
    /// Returns true if and only if `name` (a path in a job or decisions file) names this
    /// input: its path inside its input folder or as found, or the end of either (`./`, `\\`
    /// and `/` alike, so a path edited on Windows still names it), or the same file by an
    /// absolute path.
    pub fn is_named_by(&self, name: &str) -> bool {
        let norm = |p: &str| {
            let p = p.trim().replace('\\', "/");
            p.strip_prefix("./")
                .map_or_else(|| p.clone(), str::to_string)
        };
        let want = norm(name);
        let tail = format!("/{want}");
        let found = norm(&self.path.to_string_lossy());
        self.rel == want
            || self.rel.ends_with(&tail)
            || found == want
            || found.ends_with(&tail)
            || (Path::new(&want).is_absolute()
                && std::fs::canonicalize(&want)
                    .ok()
                    .zip(std::fs::canonicalize(&self.path).ok())
                    .is_some_and(|(a, b)| a == b))
    }
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Inputs in sorted path order, each file once. Unsupported files are included: a
    /// publication set lists them.
    pub inputs: Vec<Input>,
    /// Paths that do not exist or cannot be read.
    pub errors: Vec<String>,
    /// Paths passed over on purpose (links to directories), for the user.
    pub notes: Vec<String>,
}

/// Expands files and directories (recursively) into inputs. Hidden files and folders
/// (`.git`, `.DS_Store`) are passed over; so is `exclude` (the output folder, when it lies
/// inside an input folder), and links to directories, which can loop.
pub fn collect(paths: &[PathBuf], exclude: Option<&Path>) -> Collected {
    let mut c = Collected::default();
    let exclude = exclude.and_then(|e| std::fs::canonicalize(e).ok());
    for p in paths {
        if p.is_dir() {
            walk(p, p, exclude.as_deref(), &mut c);
        } else if p.exists() {
            let rel = p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().to_string());
            c.inputs.push(Input {
                path: p.clone(),
                rel,
            });
        } else {
            c.errors
                .push(format!("{}: no such file or directory", p.display()));
        }
    }
    c.inputs.sort();
    // The same file named twice (`doc.txt ./doc.txt`) is one input.
    let mut seen = std::collections::HashSet::new();
    c.inputs
        .retain(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())));
    c
}

fn walk(root: &Path, dir: &Path, exclude: Option<&Path>, c: &mut Collected) {
    if exclude.is_some_and(|e| std::fs::canonicalize(dir).is_ok_and(|d| d == e)) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            c.errors
                .push(format!("{}: cannot read directory: {e}", dir.display()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link && path.is_dir() {
            c.notes
                .push(format!("{}: skipped: link to a directory", path.display()));
            continue;
        }
        if path.is_dir() {
            walk(root, &path, exclude, c);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|p| p.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            c.inputs.push(Input { path, rel });
        }
    }
}

/// One loaded input.
pub enum Loaded {
    Text(TextDocument),
    Pdf(Box<pdf::PdfDocument>),
}

impl Loaded {
    /// The text detection runs on: the file's text, or a PDF's page text.
    pub fn text(&self) -> &str {
        match self {
            Loaded::Text(d) => &d.text,
            Loaded::Pdf(p) => &p.layout.text,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Loaded::Text(d) => &d.path,
            Loaded::Pdf(p) => &p.path,
        }
    }

    pub fn warnings(&self) -> &[String] {
        match self {
            Loaded::Text(d) => &d.warnings,
            Loaded::Pdf(p) => &p.warnings,
        }
    }

    /// The key of the audit hashes: the SHA-256 of the text, or of a PDF file's bytes.
    pub fn source_sha256(&self) -> [u8; 32] {
        match self {
            Loaded::Text(d) => crate::publish::sha256(d.text.as_bytes()),
            Loaded::Pdf(p) => p.source_sha256,
        }
    }
}

/// Loads one input, or says why it cannot be processed.
pub fn load(path: &Path, password: Option<&str>) -> Result<Loaded, String> {
    match kind_of(path) {
        InputKind::Text => read_text(path).map(Loaded::Text).map_err(|e| e.to_string()),
        InputKind::Pdf => pdf::read_pdf(path, password)
            .map(|p| Loaded::Pdf(Box::new(p)))
            .map_err(|e| e.to_string()),
        InputKind::Unsupported => Err(format!(
            "{}: unsupported file type (expected .txt, .md or .pdf)",
            path.display()
        )),
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;

    #[test]
    fn inputs_are_named_by_their_paths_however_written() {
        let input = Input {
            path: PathBuf::from("./in/a.pdf"),
            rel: "a.pdf".into(),
        };
        assert!(input.is_named_by("in/a.pdf"));
        assert!(input.is_named_by("in\\a.pdf"));
        assert!(input.is_named_by("./in/a.pdf"));
        assert!(input.is_named_by("a.pdf"));
        assert!(!input.is_named_by("in/b.pdf"));
        assert!(!input.is_named_by("xa.pdf"));
    }
}
