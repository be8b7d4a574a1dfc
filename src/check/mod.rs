//! Check: the CI gate that stops a leaking publication set.
//!
//! [`check_pdf`] looks at one published PDF the way someone who wants the removed data back
//! would: the text any extractor gets (run through woolak's own detectors), everything outside
//! the pages (metadata, annotations, attachments, scripts, form fields, bookmarks, alternate
//! texts), old revisions and unreferenced objects, text outside the visible page. Every
//! finding names the page, what was found (personal data masked, so that a CI log does not
//! leak it either) and why it matters.

pub mod report;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Object, ObjectId};
use serde::Serialize;

use crate::detect::Engine;
use crate::ingest::pdf::{geom::Rect, walk, PdfDocument};

/// How bad a finding is: an error fails the check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file.
#[derive(Clone, Debug, Serialize)]
pub struct Issue {
    /// A stable id (`personal-data`, `incremental-update`, ...).
    pub check: &'static str,
    pub severity: Severity,
    /// 1-based, where the problem is on a page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// What was found and why it matters. Personal data in it is masked.
    pub message: String,
}

/// The result for one file.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub file: String,
    pub issues: Vec<Issue>,
    /// The ground codes printed in the document (for the inventory's Beoordelingsgrond);
    /// `None` when it could not be read.
    #[serde(skip)]
    pub codes: Option<BTreeSet<crate::ground::Ground>>,
}

impl FileReport {
    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }
}

/// `Jeroen Bakker` as `J***** B*****`: enough to find it in the document, not enough to
/// read it in a CI log.
pub fn mask(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => {
                    let rest = c.count();
                    format!("{f}{}", "*".repeat(rest))
                }
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the detectors find in a string, as `category "masked"` descriptions.
fn personal_in(engine: &Engine, s: &str) -> Vec<String> {
    engine
        .detect(s)
        .iter()
        .map(|f| format!("{} \"{}\"", f.category.as_str(), mask(&s[f.span.clone()])))
        .collect()
}

/// A PDF text string as Unicode (UTF-16BE with a BOM, UTF-8 with a BOM, or PDFDocEncoding
/// read as Latin-1).
fn text_of(o: &Object) -> Option<String> {
    match o {
        Object::String(b, _) => Some(crate::redact::pdf::decode_text_string(b)),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

/// Checks one PDF file. A panic while checking it becomes an error for that file only.
pub fn check_pdf(path: &Path, engine: &Engine) -> FileReport {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_one(path, engine)))
        .unwrap_or_else(|_| FileReport {
            file: path.display().to_string(),
            codes: None,
            issues: vec![Issue {
                check: "unreadable",
                severity: Severity::Error,
                page: None,
                message: "internal error while checking this file (please report); it is not \
                          vouched for"
                    .into(),
            }],
        })
}

fn check_one(path: &Path, engine: &Engine) -> FileReport {
    let mut issues = Vec::new();
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            issues.push(Issue {
                check: "unreadable",
                severity: Severity::Error,
                page: None,
                message: format!("cannot read the file: {e}"),
            });
            return FileReport {
                file,
                issues,
                codes: None,
            };
        }
    };
    revisions(&bytes, &mut issues);
    let pdf = match crate::ingest::pdf::parse_pdf(path, &bytes, None) {
        Ok(p) => p,
        Err(e) => {
            let reason = e.to_string();
            let reason = reason
                .strip_prefix(&format!("{file}: "))
                .unwrap_or(&reason)
                .to_string();
            issues.push(Issue {
                check: "unreadable",
                severity: Severity::Error,
                page: None,
                message: format!(
                    "woolak cannot read every page of this file ({reason}), so it cannot say \
                     that nothing is left in it"
                ),
            });
            return FileReport {
                file,
                issues,
                codes: None,
            };
        }
    };
    let ours = page_text(&pdf, engine, &mut issues);
    drawing(&pdf, engine, &mut issues);
    second_extractor(&bytes, engine, &ours, &mut issues);
    let text = &pdf.layout.text;
    let codes = crate::ground::existing_codes(text)
        .filter_map(|r| text[r].parse::<crate::ground::Ground>().ok())
        .collect();
    outside_pages(&pdf, engine, &mut issues);
    orphans(&pdf.doc, &mut issues);
    issues.sort_by_key(|i| (i.page.unwrap_or(0), i.severity, i.check));
    FileReport {
        file,
        issues,
        codes: Some(codes),
    }
}

/// More than one revision: an incremental update keeps what it replaced.
fn revisions(bytes: &[u8], issues: &mut Vec<Issue>) {
    let n = memchr::memmem::find_iter(bytes, b"startxref").count();
    // A linearised file has a second cross-reference section for its first page.
    let linearised =
        memchr::memmem::find(&bytes[..bytes.len().min(2048)], b"/Linearized").is_some();
    let revisions = if linearised { n.saturating_sub(1) } else { n };
    if revisions > 1 {
        issues.push(Issue {
            check: "incremental-update",
            severity: Severity::Error,
            page: None,
            message: format!(
                "the file has {revisions} revisions: an incremental update leaves the earlier \
                 content in the file, where anyone can recover it; write the file anew"
            ),
        });
    }
}

/// The text an extractor gets: personal data in it, text outside the visible page, pages
/// without text.
/// Returns the texts of the personal data found, white space squashed.
fn page_text(pdf: &PdfDocument, engine: &Engine, issues: &mut Vec<Issue>) -> HashSet<String> {
    let layout = &pdf.layout;
    let findings = crate::redact::pdf::dedupe_findings(layout, engine.detect(&layout.text));
    let found = findings
        .iter()
        .map(|f| crate::decide::normalize_text(&layout.text[f.span.clone()]))
        .collect();
    for f in &findings {
        let page = crate::redact::pdf::placement(layout, f).map(|p| p.page);
        issues.push(Issue {
            check: "personal-data",
            severity: Severity::Error,
            page,
            message: format!(
                "{} \"{}\" ({}) can be extracted from the page text",
                f.category.as_str(),
                mask(&layout.text[f.span.clone()]),
                f.detector
            ),
        });
    }
    for (i, page) in layout.pages.iter().enumerate() {
        let visible = walk::visible_box(&pdf.doc, page);
        let outside = layout.glyphs[page.glyphs.clone()]
            .iter()
            // Wholly outside: a glyph cut by the page edge is still seen.
            .filter(|g| !g.quad.bbox().intersects(&visible))
            .count();
        if outside > 0 {
            issues.push(Issue {
                check: "text-outside-page",
                severity: Severity::Error,
                page: Some(i as u32 + 1),
                message: format!(
                    "{outside} glyph(s) lie outside the visible page: a viewer does not show \
                     them, but every extractor reads them"
                ),
            });
        }
        if page.glyphs.is_empty() && !page.images.is_empty() {
            issues.push(Issue {
                check: "image-only-page",
                severity: Severity::Warning,
                page: Some(i as u32 + 1),
                message: "the page is an image without a text layer: not machine-checkable".into(),
            });
        }
    }
    found
}

/// How long the second extractor may take on one file.
const SECOND_EXTRACTOR_SECONDS: u64 = 30;

/// The text of an independent extractor (pdf-extract, its own PDF parser and text model):
/// personal data it reads that woolak's walker did not is a finding, since the two disagree
/// on what the file says. It runs on a thread of its own with a time limit, and a panic or
/// a failure in it is a warning only.
fn second_extractor(
    bytes: &[u8],
    engine: &Engine,
    ours: &HashSet<String>,
    issues: &mut Vec<Issue>,
) {
    let (tx, rx) = std::sync::mpsc::channel();
    let data = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("pdf-extract".into())
        .spawn(move || {
            let r = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&data));
            let _ = tx.send(r);
        });
    let outcome = match spawned {
        Ok(_) => rx.recv_timeout(std::time::Duration::from_secs(SECOND_EXTRACTOR_SECONDS)),
        Err(_) => Err(std::sync::mpsc::RecvTimeoutError::Disconnected),
    };
    let warn = |issues: &mut Vec<Issue>, why: String| {
        issues.push(Issue {
            check: "second-extractor",
            severity: Severity::Warning,
            page: None,
            message: format!(
                "the second extractor (pdf-extract) {why}; only woolak's own extractor checked \
                 the file"
            ),
        })
    };
    let text = match outcome {
        Ok(Ok(Ok(text))) => text,
        Ok(Ok(Err(e))) => {
            let reason: String = e.to_string().chars().take(120).collect();
            return warn(issues, format!("cannot read it ({reason})"));
        }
        Ok(Err(_)) => return warn(issues, "failed on it".into()),
        Err(_) => return warn(issues, "took too long on it".into()),
    };
    let text = crate::ingest::normalize(&text);
    let mut seen = HashSet::new();
    for f in engine.detect(&text) {
        let t = crate::decide::normalize_text(&text[f.span.clone()]);
        if ours.contains(&t) || !seen.insert(t.clone()) {
            continue;
        }
        issues.push(Issue {
            check: "personal-data",
            severity: Severity::Error,
            page: None,
            message: format!(
                "{} \"{}\" ({}) is read by the second extractor (pdf-extract) but not by \
                 woolak's own: the two disagree on what this file says",
                f.category.as_str(),
                mask(&t),
                f.detector
            ),
        });
    }
}

/// What the drawing hides: glyphs under an opaque box or image (always an error: a fake
/// redaction), white, tiny or hidden-layer text (an error when the detectors find personal
/// data in it, else a warning: it may be harmless, but nobody sees it); and boxes without a
/// valid ground code.
fn drawing(pdf: &PdfDocument, engine: &Engine, issues: &mut Vec<Issue>) {
    let layout = &pdf.layout;
    for (pi, page) in layout.pages.iter().enumerate() {
        let pno = Some(pi as u32 + 1);
        let mut covered = 0;
        // Hidden text by kind, as the page text of its glyphs.
        let (mut white, mut tiny, mut hidden, mut invisible) = (
            Hidden::default(),
            Hidden::default(),
            Hidden::default(),
            Hidden::default(),
        );
        for gi in page.glyphs.clone() {
            let g = &layout.glyphs[gi];
            let t = &layout.text[g.text.start as usize..g.text.end as usize];
            if t.trim().is_empty() {
                continue;
            }
            let b = g.quad.bbox();
            let centre = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
            let inside = |r: &Rect| {
                r.x0 <= centre.0 && centre.0 <= r.x1 && r.y0 <= centre.1 && centre.1 <= r.y1
            };
            if g.hidden {
                hidden.push(&layout.text, g);
                continue;
            }
            // Painted after the glyph over most of it: covered, not removed.
            if page
                .paints
                .iter()
                .any(|p| p.after_glyphs > gi && p.axis_aligned && covers(&p.rect, &b))
            {
                covered += 1;
                continue;
            }
            // Render modes 3 and 7 draw nothing: an OCR layer, read by every extractor.
            if matches!(g.render, 3 | 7) {
                invisible.push(&layout.text, g);
                continue;
            }
            let filled = matches!(g.render, 0 | 2 | 4 | 6);
            if filled && g.fill >= 247 && g.fill != walk::UNKNOWN_FILL {
                // White on what? The last area painted under it before it was drawn.
                let ground = page
                    .paints
                    .iter()
                    .rev()
                    .find(|p| p.after_glyphs <= gi && inside(&p.rect))
                    .map_or(255, |p| p.fill);
                if ground >= 200 && ground != walk::UNKNOWN_FILL {
                    white.push(&layout.text, g);
                    continue;
                }
            }
            let (w, h) = ((b.x1 - b.x0).abs(), (b.y1 - b.y0).abs());
            if w.max(h) < 1.5 {
                tiny.push(&layout.text, g);
            }
        }
        if covered > 0 {
            issues.push(Issue {
                check: "text-under-box",
                severity: Severity::Error,
                page: pno,
                message: format!(
                    "{covered} glyph(s) lie under an opaque box or image drawn over them: \
                     covered, not removed, and every extractor still reads them"
                ),
            });
        }
        for (check, text, what) in [
            ("white-text", &white.text, "white on a white ground"),
            ("white-text", &tiny.text, "smaller than a point"),
            (
                "hidden-layer",
                &hidden.text,
                "in a layer that is hidden by default",
            ),
            (
                "invisible-text",
                &invisible.text,
                "drawn invisibly (render mode 3, an OCR layer)",
            ),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            let found = personal_in(engine, text);
            let n = text.split_whitespace().count();
            issues.push(if found.is_empty() {
                Issue {
                    check,
                    severity: Severity::Warning,
                    page: pno,
                    message: format!(
                        "{n} word(s) of text are {what}: nobody sees them, every extractor \
                         reads them; check them by hand"
                    ),
                }
            } else {
                Issue {
                    check,
                    severity: Severity::Error,
                    page: pno,
                    message: format!(
                        "text {what} holds {}: invisible, but extractable",
                        found.join(", ")
                    ),
                }
            });
        }

        // Dark boxes: each should carry a valid ground code, as real text on top of it.
        for p in &page.paints {
            let (w, h) = (p.rect.x1 - p.rect.x0, p.rect.y1 - p.rect.y0);
            if p.image || p.fill > 60 || w < 8.0 || !(5.0..=120.0).contains(&h) {
                continue;
            }
            // The text drawn on top of it: glyphs after it whose centre lies inside.
            let from = p.after_glyphs.max(page.glyphs.start);
            let on_top: String = layout.glyphs[from..page.glyphs.end]
                .iter()
                .filter(|g| {
                    let b = g.quad.bbox();
                    let c = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
                    p.rect.x0 <= c.0 && c.0 <= p.rect.x1 && p.rect.y0 <= c.1 && c.1 <= p.rect.y1
                })
                .map(|g| &layout.text[g.text.start as usize..g.text.end as usize])
                .collect();
            let label = on_top.trim();
            if label.is_empty() {
                issues.push(Issue {
                    check: "box-without-code",
                    severity: Severity::Warning,
                    page: pno,
                    message: format!(
                        "a black box at ({:.0}, {:.0}) carries no ground code: the reader cannot                          tell why something was withheld",
                        p.rect.x0, p.rect.y0
                    ),
                });
            } else if crate::ground::existing_codes(label).next().is_none()
                && looks_like_code(label)
            {
                issues.push(Issue {
                    check: "invalid-ground",
                    severity: Severity::Error,
                    page: pno,
                    message: format!(
                        "a redaction box says \"{label}\", which is no Woo or Wob ground"
                    ),
                });
            }
        }
    }
}

/// The text of some glyphs of a page, with the page text's spaces between neighbours.
#[derive(Default)]
struct Hidden {
    text: String,
    last_end: Option<usize>,
}

impl Hidden {
    fn push(&mut self, page_text: &str, g: &walk::Glyph) {
        let (start, end) = (g.text.start as usize, g.text.end as usize);
        match self.last_end {
            Some(e) if e <= start && page_text[e..start].len() <= 4 => {
                self.text.push_str(&page_text[e..start])
            }
            Some(_) => self.text.push(' '),
            None => {}
        }
        self.text.push_str(&page_text[start..end]);
        self.last_end = Some(end);
    }
}

/// Returns true if and only if `cover` hides at least half of `glyph` (or its centre, for a
/// glyph without area).
fn covers(cover: &Rect, glyph: &Rect) -> bool {
    let area = (glyph.x1 - glyph.x0) * (glyph.y1 - glyph.y0);
    let ix = (cover.x1.min(glyph.x1) - cover.x0.max(glyph.x0)).max(0.0);
    let iy = (cover.y1.min(glyph.y1) - cover.y0.max(glyph.y0)).max(0.0);
    if area <= f64::EPSILON {
        let (cx, cy) = ((glyph.x0 + glyph.x1) / 2.0, (glyph.y0 + glyph.y1) / 2.0);
        return cover.x0 <= cx && cx <= cover.x1 && cover.y0 <= cy && cy <= cover.y1;
    }
    ix * iy >= 0.5 * area
}

/// Returns true if and only if `s` is shaped like a ground code (`5.1.9z`, `10.7e`): digits
/// and dots, at most one letter, maybe brackets, and nothing else.
fn looks_like_code(s: &str) -> bool {
    let s = s.trim();
    s.len() <= 16
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().filter(char::is_ascii_lowercase).count() <= 1
        && s.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | '(' | ')' | ' ') || c.is_ascii_lowercase()
        })
}

/// Everything outside the page content that a reader can open.
fn outside_pages(pdf: &PdfDocument, engine: &Engine, issues: &mut Vec<Issue>) {
    let doc = &pdf.doc;
    let deref = |o: &Object| -> Option<Object> { doc.dereference(o).ok().map(|(_, o)| o.clone()) };
    let dict_of = |o: &Object| -> Option<Dictionary> {
        match deref(o)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(s.dict),
            _ => None,
        }
    };
    let mut add = |check: &'static str, severity: Severity, page: Option<u32>, message: String| {
        issues.push(Issue {
            check,
            severity,
            page,
            message,
        })
    };

    // The Info dictionary and XMP.
    if let Some(info) = doc.trailer.get(b"Info").ok().and_then(dict_of) {
        for (k, v) in info.iter() {
            let key = String::from_utf8_lossy(k).into_owned();
            let Some(value) = deref(v).as_ref().and_then(text_of) else {
                continue;
            };
            if value.trim().is_empty()
                || matches!(
                    key.as_str(),
                    "Producer" | "CreationDate" | "ModDate" | "Trapped"
                )
            {
                continue;
            }
            let found = personal_in(engine, &value);
            if !found.is_empty() {
                add(
                    "metadata-personal",
                    Severity::Error,
                    None,
                    format!("the Info dictionary's /{key} holds {}", found.join(", ")),
                );
            } else if key == "Author" {
                add(
                    "metadata-personal",
                    Severity::Error,
                    None,
                    format!(
                        "the Info dictionary names an author (\"{}\"): the identity of whoever \
                         wrote the document",
                        mask(&value)
                    ),
                );
            } else {
                add(
                    "metadata-present",
                    Severity::Warning,
                    None,
                    format!(
                        "the Info dictionary keeps /{key}; check that it is meant to be public"
                    ),
                );
            }
        }
    }
    let catalog = doc.catalog().ok().cloned().unwrap_or_default();
    if let Ok(m) = catalog.get(b"Metadata") {
        if let Some(Object::Stream(s)) = deref(m) {
            let data = walk::stream_data(&s, 64 * 1024 * 1024).unwrap_or_default();
            let xml = String::from_utf8_lossy(&data);
            let text: String = strip_tags(&xml);
            let found = personal_in(engine, &text);
            let author = ["<dc:creator", "pdf:Author", "xmp:Author"]
                .iter()
                .any(|t| xml.contains(t));
            if !found.is_empty() || author {
                let what = if found.is_empty() {
                    "an author or creator".to_string()
                } else {
                    found.join(", ")
                };
                add(
                    "metadata-personal",
                    Severity::Error,
                    None,
                    format!("the XMP metadata holds {what}"),
                );
            } else {
                add(
                    "metadata-present",
                    Severity::Warning,
                    None,
                    "the file keeps XMP metadata; check that it is meant to be public".into(),
                );
            }
        }
    }

    // Scripts, attachments, forms.
    let names = catalog
        .get(b"Names")
        .ok()
        .and_then(dict_of)
        .unwrap_or_default();
    if names.has(b"EmbeddedFiles") {
        add(
            "embedded-file",
            Severity::Error,
            None,
            "the file has embedded files (attachments): their content is not checked and \
             is published with the document"
                .into(),
        );
    }
    if names.has(b"JavaScript") {
        add(
            "javascript",
            Severity::Error,
            None,
            "the file has document JavaScript".into(),
        );
    }
    if let Some(a) = catalog.get(b"OpenAction").ok().and_then(dict_of) {
        if a.get(b"S").and_then(Object::as_name).ok() != Some(b"GoTo") {
            add(
                "javascript",
                Severity::Error,
                None,
                "the file runs an action when it is opened (/OpenAction)".into(),
            );
        }
    }
    if catalog.has(b"AA") {
        add(
            "javascript",
            Severity::Error,
            None,
            "the file has automatic actions (/AA)".into(),
        );
    }
    if let Some(form) = catalog.get(b"AcroForm").ok().and_then(dict_of) {
        let mut filled = 0;
        let mut todo: Vec<Object> = match form.get(b"Fields") {
            Ok(f) => match deref(f) {
                Some(Object::Array(a)) => a,
                _ => Vec::new(),
            },
            Err(_) => Vec::new(),
        };
        let mut seen = 0;
        while let Some(f) = todo.pop() {
            seen += 1;
            if seen > 100_000 {
                break;
            }
            let Some(d) = dict_of(&f) else { continue };
            if d.get(b"V")
                .ok()
                .and_then(deref)
                .and_then(|v| text_of(&v))
                .is_some_and(|v| !v.trim().is_empty())
            {
                filled += 1;
            }
            if let Ok(Object::Array(kids)) =
                d.get(b"Kids").map(|k| deref(k).unwrap_or(Object::Null))
            {
                todo.extend(kids);
            }
        }
        if filled > 0 {
            add(
                "form-field",
                Severity::Error,
                None,
                format!("{filled} form field(s) hold a value, which is not page content and not redacted"),
            );
        }
    }

    // Bookmarks.
    for id in walk::outline_items(doc) {
        let Ok(item) = doc.get_dictionary(id) else {
            continue;
        };
        if let Some(title) = item
            .get(b"Title")
            .ok()
            .and_then(deref)
            .and_then(|t| text_of(&t))
        {
            let found = personal_in(engine, &title);
            if !found.is_empty() {
                add(
                    "outline-personal",
                    Severity::Error,
                    None,
                    format!("a bookmark title holds {}", found.join(", ")),
                );
            }
        }
    }

    // Annotations, page by page.
    for (i, page) in pdf.layout.pages.iter().enumerate() {
        let pno = Some(i as u32 + 1);
        let Ok(pd) = doc.get_dictionary(page.id) else {
            continue;
        };
        let annots = match pd.get(b"Annots").ok().and_then(deref) {
            Some(Object::Array(a)) => a,
            _ => continue,
        };
        let glyph_boxes: Vec<Rect> = pdf.layout.glyphs[page.glyphs.clone()]
            .iter()
            .map(|g| g.quad.bbox())
            .collect();
        for a in annots {
            let Some(ad) = dict_of(&a) else { continue };
            let subtype = ad
                .get(b"Subtype")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default();
            let rect = ad.get(b"Rect").ok().and_then(|r| walk::rect_of(doc, r));
            let covers = rect.is_some_and(|r| glyph_boxes.iter().any(|g| g.intersects(&r)));
            match subtype.as_str() {
                "Redact" => add(
                    "redact-annotation",
                    Severity::Error,
                    pno,
                    "a redaction annotation was never applied: the text it marks is still in \
                     the file"
                        .into(),
                ),
                "Square" | "Circle" | "Highlight" | "Ink" | "Polygon" | "StrikeOut"
                | "Squiggly" | "Underline" | "Stamp"
                    if covers =>
                {
                    add(
                        "covering-annotation",
                        Severity::Error,
                        pno,
                        format!(
                            "a /{subtype} annotation lies over text that is still in the file: \
                             covering is not removing"
                        ),
                    )
                }
                "FileAttachment" => add(
                    "embedded-file",
                    Severity::Error,
                    pno,
                    "an attached file (FileAttachment annotation)".into(),
                ),
                "Link" => {
                    let uri = ad
                        .get(b"A")
                        .ok()
                        .and_then(dict_of)
                        .and_then(|a| a.get(b"URI").ok().and_then(deref))
                        .and_then(|u| text_of(&u));
                    if let Some(uri) = uri {
                        let found = personal_in(
                            engine,
                            &uri.replace(['/', '?', '=', '&', '-', '_', '.'], " "),
                        );
                        if uri.to_ascii_lowercase().starts_with("mailto:") {
                            add(
                                "annotation-personal",
                                Severity::Error,
                                pno,
                                format!(
                                    "a mail link (mailto:{})",
                                    mask(uri.get(7..).unwrap_or(""))
                                ),
                            );
                        } else if !found.is_empty() {
                            add(
                                "annotation-personal",
                                Severity::Error,
                                pno,
                                format!("a link address holds {}", found.join(", ")),
                            );
                        }
                    }
                }
                _ => {}
            }
            for key in [&b"Contents"[..], b"T", b"RC"] {
                let Some(text) = ad.get(key).ok().and_then(deref).and_then(|t| text_of(&t)) else {
                    continue;
                };
                if text.trim().is_empty() || (subtype == "Link" && key == b"Contents") {
                    continue;
                }
                let found = personal_in(engine, &text);
                let k = String::from_utf8_lossy(key);
                if !found.is_empty() {
                    add(
                        "annotation-personal",
                        Severity::Error,
                        pno,
                        format!("a /{subtype} annotation's /{k} holds {}", found.join(", ")),
                    );
                } else if matches!(subtype.as_str(), "Text" | "FreeText" | "Popup") {
                    add(
                        "annotation-personal",
                        Severity::Warning,
                        pno,
                        format!(
                            "a /{subtype} annotation carries text (/{k}) outside the page content"
                        ),
                    );
                }
            }
        }
    }

    // Alternate texts: what a viewer copies or reads aloud instead of the glyphs.
    let mut alt_found = BTreeSet::new();
    for obj in doc.objects.values() {
        let d = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        for key in [&b"ActualText"[..], b"Alt", b"E"] {
            if let Some(t) = d.get(key).ok().and_then(text_of) {
                for f in personal_in(engine, &t) {
                    alt_found.insert((String::from_utf8_lossy(key).into_owned(), f));
                }
            }
        }
    }
    for unit in &pdf.layout.units {
        for op in &unit.ops {
            if op.operator != b"BDC" {
                continue;
            }
            for operand in &op.operands {
                if let crate::ingest::pdf::lexer::Operand::Dict(entries) = operand {
                    for (k, v) in entries {
                        if matches!(k.as_slice(), b"ActualText" | b"Alt" | b"E") {
                            if let crate::ingest::pdf::lexer::Operand::Str(s) = v {
                                let t = crate::redact::pdf::decode_text_string(s);
                                for f in personal_in(engine, &t) {
                                    alt_found.insert((String::from_utf8_lossy(k).into_owned(), f));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    for (key, f) in alt_found {
        add(
            "alt-text",
            Severity::Error,
            None,
            format!("an alternate text (/{key}) holds {f}: viewers copy and read it instead of the page"),
        );
    }
}

/// Text in a tag-free XML packet.
fn strip_tags(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Objects that nothing refers to but that still hold text: a viewer never shows them, a
/// parser reads them.
fn orphans(doc: &lopdf::Document, issues: &mut Vec<Issue>) {
    let mut reached: HashSet<ObjectId> = HashSet::new();
    let mut todo: Vec<ObjectId> = Vec::new();
    let push_refs = |o: &Object, todo: &mut Vec<ObjectId>| {
        let mut stack = vec![o];
        while let Some(o) = stack.pop() {
            match o {
                Object::Reference(r) => todo.push(*r),
                Object::Array(a) => stack.extend(a.iter()),
                Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
                Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    };
    push_refs(&Object::Dictionary(doc.trailer.clone()), &mut todo);
    while let Some(id) = todo.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Ok(o) = doc.get_object(id) {
            push_refs(o, &mut todo);
        }
    }
    let mut with_text = 0;
    for (id, o) in &doc.objects {
        if reached.contains(id) {
            continue;
        }
        if let Object::Stream(s) = o {
            let Ok(data) = walk::stream_data(s, 64 * 1024 * 1024) else {
                continue;
            };
            let shows = crate::ingest::pdf::lexer::parse(&data).is_ok_and(|ops| {
                ops.iter()
                    .any(|op| matches!(op.operator.as_slice(), b"Tj" | b"TJ" | b"'" | b"\""))
            });
            if shows {
                with_text += 1;
            }
        }
    }
    if with_text > 0 {
        issues.push(Issue {
            check: "orphan-text",
            severity: Severity::Error,
            page: None,
            message: format!(
                "{with_text} unreferenced object(s) still hold text: no page shows it, but it \
                 is in the file"
            ),
        });
    }
}

/// The PDFs to check under `paths`: files as given, folders walked.
pub fn pdfs_in(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let c = crate::ingest::collect(paths, None);
    let pdfs = c
        .inputs
        .into_iter()
        .filter(|i| crate::ingest::kind_of(&i.path) == crate::ingest::InputKind::Pdf)
        .map(|i| i.path)
        .collect();
    (pdfs, c.errors)
}

/// Returns true if and only if `dir` is a publication folder (it has an inventory).
pub fn is_publication(dir: &Path) -> bool {
    dir.join("inventarislijst.csv").is_file()
}

/// A publication folder against its inventory: every listed document exists as
/// `documenten/<ID>.pdf` and every PDF there is listed; Beoordeling agrees with the
/// document (Openbaar without codes, Deels openbaar with some); Beoordelingsgrond equals the
/// codes in the document; DiWoo metadata is there for every published document. The issues
/// go to the documents' reports (by path) and to one for the inventory.
pub fn check_inventory(dir: &Path, reports: &mut Vec<FileReport>) {
    let inv_path = dir.join("inventarislijst.csv");
    let mut inv = FileReport {
        file: inv_path.display().to_string(),
        issues: Vec::new(),
        codes: None,
    };
    let add = |issues: &mut Vec<Issue>, check, message: String| {
        issues.push(Issue {
            check,
            severity: Severity::Error,
            page: None,
            message,
        })
    };
    let rows = match read_inventory(&inv_path) {
        Ok(r) => r,
        Err(e) => {
            add(&mut inv.issues, "inventory", e);
            reports.push(inv);
            return;
        }
    };
    let mut listed = HashSet::new();
    // The documents' reports by canonical path, looked up once per row.
    let by_path: std::collections::HashMap<PathBuf, usize> = reports
        .iter()
        .enumerate()
        .filter_map(|(i, r)| std::fs::canonicalize(&r.file).ok().map(|c| (c, i)))
        .collect();
    for row in &rows {
        let get = |k: &str| row.get(k).map_or("", String::as_str);
        let (id, beoordeling, location) = (
            get("Document ID"),
            get("Beoordeling"),
            get("Locatie document"),
        );
        if location.is_empty() {
            if matches!(beoordeling, "Openbaar" | "Deels openbaar") && get("Opgeschort") != "ja" {
                add(
                    &mut inv.issues,
                    "inventory-missing-file",
                    format!("document {id} is {beoordeling} but has no Locatie document"),
                );
            }
            continue;
        }
        let path = dir.join(location);
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        let found = by_path.get(&key).copied();
        listed.insert(key);
        let Some(report) = found.map(|i| &mut reports[i]) else {
            add(
                &mut inv.issues,
                "inventory-missing-file",
                format!("document {id} is listed at {location}, which does not exist"),
            );
            continue;
        };
        let meta = dir.join("metadata").join(format!("{id}.xml"));
        match std::fs::read_to_string(&meta) {
            Ok(xml) => {
                let missing: Vec<&str> = [
                    ("<diwoo:publisher resource=", "publisher"),
                    ("<diwoo:officieleTitel>", "officieleTitel"),
                    (
                        "<diwoo:informatiecategorie resource=",
                        "informatiecategorie",
                    ),
                    ("<diwoo:soortHandeling resource=", "documenthandeling"),
                    ("<diwoo:atTime>", "atTime"),
                ]
                .iter()
                .filter(|(tag, _)| !xml.contains(tag))
                .map(|(_, name)| *name)
                .collect();
                if !missing.is_empty() {
                    add(
                        &mut report.issues,
                        "metadata-invalid",
                        format!(
                            "the DiWoo metadata {} lacks {}",
                            meta.display(),
                            missing.join(", ")
                        ),
                    );
                }
            }
            Err(_) => add(
                &mut report.issues,
                "metadata-missing",
                format!("no DiWoo metadata at metadata/{id}.xml"),
            ),
        }
        let Some(codes) = &report.codes else { continue };
        let codes: BTreeSet<crate::ground::Ground> = codes
            .iter()
            .copied()
            .filter(|g| *g != crate::ground::Ground::Dubbel)
            .collect();
        match (beoordeling, codes.is_empty()) {
            ("Openbaar", false) => add(
                &mut report.issues,
                "inventory-beoordeling",
                "listed as Openbaar, but the document shows ground codes".into(),
            ),
            ("Deels openbaar", true) => add(
                &mut report.issues,
                "inventory-beoordeling",
                "listed as Deels openbaar, but the document shows no ground code".into(),
            ),
            _ => {}
        }
        let listed_grounds: Result<BTreeSet<crate::ground::Ground>, _> = get("Beoordelingsgrond")
            .split(';')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(|g| g.parse::<crate::ground::Ground>())
            .collect();
        match listed_grounds {
            Ok(listed) if listed != codes => add(
                &mut report.issues,
                "inventory-grounds",
                format!(
                    "Beoordelingsgrond says {}, the document shows {}",
                    names(&listed),
                    names(&codes)
                ),
            ),
            Ok(_) => {}
            Err(e) => add(
                &mut report.issues,
                "inventory-grounds",
                format!("Beoordelingsgrond of document {id}: {e}"),
            ),
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir.join("documenten")) {
        let mut unlisted: Vec<String> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
            .filter(|p| !listed.contains(&std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())))
            .map(|p| {
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string()
            })
            .collect();
        unlisted.sort();
        for f in unlisted {
            add(
                &mut inv.issues,
                "inventory-unlisted-file",
                format!("documenten/{f} is published but not in the inventory"),
            );
        }
    }
    reports.push(inv);
}

fn names(grounds: &BTreeSet<crate::ground::Ground>) -> String {
    if grounds.is_empty() {
        return "none".into();
    }
    grounds
        .iter()
        .map(|g| g.woo_code())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The rows of an inventory CSV (UTF-8, a BOM allowed), as maps from column to value.
fn read_inventory(path: &Path) -> Result<Vec<std::collections::HashMap<String, String>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the inventory: {e}"))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let delimiter = match body.split(|&b| b == b'\n').next() {
        Some(h)
            if h.iter().filter(|&&b| b == b';').count()
                > h.iter().filter(|&&b| b == b',').count() =>
        {
            b';'
        }
        _ => b',',
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(body);
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| format!("the inventory has no header row: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if !headers.iter().any(|h| h == "Document ID") {
        return Err("the inventory has no `Document ID` column".into());
    }
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| format!("the inventory cannot be read: {e}"))?;
        rows.push(
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|v| v.trim().to_string()))
                .collect(),
        );
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_extractor_reads_what_ours_would_miss() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/pdf/lo-memo.pdf"
        ))
        .unwrap();
        let engine = Engine::with_defaults();
        // As if woolak's own extractor had read no personal data at all.
        let mut issues = Vec::new();
        second_extractor(&bytes, &engine, &HashSet::new(), &mut issues);
        let flagged: Vec<&Issue> = issues
            .iter()
            .filter(|i| i.check == "personal-data" && i.message.contains("pdf-extract"))
            .collect();
        assert!(flagged.len() >= 3, "{issues:?}");
        assert!(!format!("{issues:?}").contains("Jeroen"), "masked");
        // Garbage is a warning, not a failure of the check.
        let mut issues = Vec::new();
        second_extractor(b"%PDF-1.7 garbage", &engine, &HashSet::new(), &mut issues);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].severity, Severity::Warning);
    }

    #[test]
    fn masks_keep_only_first_letters() {
        assert_eq!(mask("Jeroen  de Bakker"), "J***** d* B*****");
        assert_eq!(mask("Ëlla"), "Ë***");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn code_shapes() {
        assert!(looks_like_code("5.1.9z"));
        assert!(looks_like_code("(10)(7e)"));
        assert!(!looks_like_code("Jeroen"));
        assert!(!looks_like_code("geheim 12"));
    }

    #[test]
    fn covering_needs_half_the_glyph() {
        let g = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        assert!(covers(
            &Rect {
                x0: -1.0,
                y0: -1.0,
                x1: 11.0,
                y1: 11.0
            },
            &g
        ));
        assert!(
            !covers(
                &Rect {
                    x0: -1.0,
                    y0: 4.0,
                    x1: 11.0,
                    y1: 5.0
                },
                &g
            ),
            "a rule"
        );
        assert!(covers(
            &Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 10.0,
                y1: 6.0
            },
            &g
        ));
    }
}
