//! PDF redaction end to end on the fixtures of real producers (`fixtures/pdf/`), judged by
//! outside tools: after `woolak redact --terms X.terms X.pdf`,
//!
//! - `qpdf --check` passes;
//! - poppler's `pdftotext` finds none of the terms, and every other word is still there;
//! - MuPDF's `mutool draw` renders every page identical to the original outside the boxes,
//!   up to rasterisation noise: both renderings are smoothed over 3x3 pixels before they are
//!   compared, because a renderer rounds glyph positions to a fraction of a pixel and a float
//!   rounding difference of 1e-5 pt after an edit can flip that rounding for a glyph that did
//!   not move (`pdftotext -bbox` and our own walker agree to six decimals that it did not);
//!   a glyph that really moves or vanishes changes the smoothed image far beyond the noise.
//!   poppler's `pdftoppm` is not used here: on the Chromium fixture it draws a line that did
//!   not change (same operators, same positions) in a visibly different weight once glyphs
//!   elsewhere on the page are gone, which MuPDF does not;
//! - the file, with every stream inflated (`qpdf --qdf`), holds no term in Latin-1 or UTF-16;
//! - scanning the output with the same terms finds nothing;
//! - the same input gives the same bytes.
//!
//! Only the terms redact (every detector is off, `fixtures/terms-only.toml`), so these tests
//! check the engine, not detection.

use std::collections::{BTreeMap, HashSet};

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{have, root, run, stderr, stdout, woolak};

/// Fixtures with a terms file: `fixtures/pdf/X.pdf` and `X.terms` (and `X.password` for a
/// file with a user password).
fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("fixtures/pdf");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "pdf") && p.with_extension("terms").exists());
    out.sort();
    out
}

fn terms_of(pdf: &Path) -> Vec<String> {
    std::fs::read_to_string(pdf.with_extension("terms"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.rsplit('\t').next().unwrap().trim().to_string())
        .collect()
}

/// Text by pdftotext in reading order (not `-layout`), with white space collapsed and
/// hyphens at line ends joined, so a term broken over lines is still seen whole.
fn poppler_text(pdf: &Path, password: Option<&str>) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8"]);
    if let Some(p) = password {
        cmd.args(["-upw", p]);
    }
    let o = cmd.arg(pdf).arg("-").output().expect("pdftotext runs");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    let raw = String::from_utf8_lossy(&o.stdout).replace("-\n", "-");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words as runs of letters and digits.
fn words(s: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

fn redact(pdf: &Path, out: &Path) -> std::process::Output {
    let mut cmd = woolak();
    cmd.args(["redact", "--flat", "--rules"])
        .arg(root().join("fixtures/terms-only.toml"))
        .arg("--terms")
        .arg(pdf.with_extension("terms"));
    if let Ok(p) = std::fs::read_to_string(pdf.with_extension("password")) {
        cmd.args(["--password", p.trim()]);
    }
    run(cmd.arg(pdf).arg("--out").arg(out))
}

/// A grey image from `pdftoppm -gray`: width, height, pixels.
struct Gray {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

fn render(pdf: &Path, dpi: u32, password: Option<&str>, dir: &Path, tag: &str) -> Vec<Gray> {
    let pattern = dir.join(format!("{tag}-%d.pgm"));
    let mut cmd = Command::new("mutool");
    cmd.args(["draw", "-q", "-c", "gray", "-r", &dpi.to_string()]);
    if let Some(p) = password {
        cmd.args(["-p", p]);
    }
    let o = cmd
        .arg("-o")
        .arg(&pattern)
        .arg(pdf)
        .output()
        .expect("mutool runs");
    assert!(
        o.status.success(),
        "mutool draw failed on {}",
        pdf.display()
    );
    let mut pages = Vec::new();
    for n in 1.. {
        let Ok(bytes) = std::fs::read(dir.join(format!("{tag}-{n}.pgm"))) else {
            break;
        };
        pages.push(smooth(read_pgm(&bytes)));
    }
    pages
}

/// The mean over each pixel's 3x3 neighbourhood.
fn smooth(g: Gray) -> Gray {
    let mut px = vec![0u8; g.px.len()];
    for y in 0..g.h {
        for x in 0..g.w {
            let (mut sum, mut n) = (0u32, 0u32);
            for yy in y.saturating_sub(1)..(y + 2).min(g.h) {
                for xx in x.saturating_sub(1)..(x + 2).min(g.w) {
                    sum += u32::from(g.px[yy * g.w + xx]);
                    n += 1;
                }
            }
            px[y * g.w + x] = (sum / n) as u8;
        }
    }
    Gray { px, ..g }
}

fn read_pgm(b: &[u8]) -> Gray {
    // P5, width, height, maxval, one white-space byte, then the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&b[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Gray {
        w,
        h,
        px: b[i + 1..i + 1 + w * h].to_vec(),
    }
}

/// Per page: the visible area, the rotation, and the rectangles of annotations other than
/// links (woolak removes those, and a viewer draws their icons), read with our library's lopdf.
fn page_frames(pdf: &Path, password: Option<&str>) -> Vec<([f64; 4], i64, Vec<[f64; 4]>)> {
    let doc = woolak::ingest::pdf::read_pdf(pdf, password).unwrap();
    doc.doc
        .get_pages()
        .values()
        .map(|&id| {
            let page = doc.doc.get_dictionary(id).unwrap();
            let get = |k: &[u8]| {
                woolak::ingest::pdf::walk::inherited(&doc.doc, page, k).and_then(|o| {
                    let (_, o) = doc.doc.dereference(o).ok()?;
                    let a = o.as_array().ok()?;
                    let v: Vec<f64> = a
                        .iter()
                        .filter_map(|x| x.as_float().ok().map(f64::from))
                        .collect();
                    (v.len() == 4).then(|| {
                        [
                            v[0].min(v[2]),
                            v[1].min(v[3]),
                            v[0].max(v[2]),
                            v[1].max(v[3]),
                        ]
                    })
                })
            };
            let frame = get(b"CropBox").or_else(|| get(b"MediaBox")).unwrap();
            let mut annots = Vec::new();
            if let Ok((_, lopdf::Object::Array(list))) =
                page.get(b"Annots").and_then(|a| doc.doc.dereference(a))
            {
                for a in list {
                    let Ok((_, lopdf::Object::Dictionary(d))) = doc.doc.dereference(a) else {
                        continue;
                    };
                    if d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link") {
                        continue;
                    }
                    if let Ok(lopdf::Object::Array(r)) = d.get(b"Rect") {
                        let v: Vec<f64> = r
                            .iter()
                            .filter_map(|x| x.as_float().ok().map(f64::from))
                            .collect();
                        // A note is drawn as an icon of about 20 pt, whatever its /Rect.
                        if v.len() == 4 {
                            annots.push([
                                v[0].min(v[2]) - 24.0,
                                v[1].min(v[3]) - 24.0,
                                v[0].max(v[2]) + 24.0,
                                v[1].max(v[3]) + 24.0,
                            ]);
                        }
                    }
                }
            }
            let rot = woolak::ingest::pdf::walk::inherited(&doc.doc, page, b"Rotate")
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(0)
                .rem_euclid(360);
            (frame, rot, annots)
        })
        .collect()
}

/// Pixel rectangle (x0, y0, x1, y1, from the top left) of a box in PDF points.
fn to_pixels(b: [f64; 4], frame: [f64; 4], rot: i64, dpi: f64) -> [f64; 4] {
    let k = dpi / 72.0;
    let [fx0, fy0, fx1, fy1] = frame;
    let corners = [(b[0], b[1]), (b[2], b[1]), (b[2], b[3]), (b[0], b[3])];
    let map = |(x, y): (f64, f64)| match rot {
        90 => ((y - fy0) * k, (x - fx0) * k),
        180 => ((fx1 - x) * k, (y - fy0) * k),
        270 => ((fy1 - y) * k, (fx1 - x) * k),
        _ => ((x - fx0) * k, (fy1 - y) * k),
    };
    let pts: Vec<(f64, f64)> = corners.into_iter().map(map).collect();
    [
        pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
        pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
        pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
        pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
    ]
}

/// The file's bytes with every stream inflated and no object streams (`qpdf --qdf`), so
/// that a search of the bytes sees all the text a stream can hold; followed by the bytes of
/// every hex string (`<feff0042...>`, as qpdf writes a UTF-16 title), decoded.
pub(crate) fn inflated(pdf: &Path, to: &Path) -> Result<Vec<u8>, String> {
    let mut raw = qdf(pdf, to)?;
    let decoded = hex_strings(&raw);
    raw.push(b'\n');
    raw.extend(decoded);
    Ok(raw)
}

/// The bytes of the hex strings in `raw`, each followed by a line feed.
fn hex_strings(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'<' && raw.get(i + 1) != Some(&b'<') && (i == 0 || raw[i - 1] != b'<') {
            let body: Vec<u8> = raw[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace())
                .copied()
                .collect();
            if raw.get(i + 1 + body.len()) == Some(&b'>') {
                let digits: Vec<u8> = body.into_iter().filter(u8::is_ascii_hexdigit).collect();
                let nibble = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                for pair in digits.chunks(2) {
                    let hi = nibble(pair[0]);
                    let lo = pair.get(1).map_or(0, |&b| nibble(b));
                    out.push(hi << 4 | lo);
                }
                out.push(b'\n');
            }
        }
        i += 1;
    }
    out
}

fn qdf(pdf: &Path, to: &Path) -> Result<Vec<u8>, String> {
    let q = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(to)
        .output()
        .expect("qpdf runs");
    // 0 is success, 3 success with warnings.
    if !matches!(q.status.code(), Some(0 | 3)) {
        return Err("qpdf --qdf failed".into());
    }
    std::fs::read(to).map_err(|e| format!("qpdf --qdf wrote nothing: {e}"))
}

#[derive(serde::Deserialize)]
struct Audit {
    boxes: Option<Vec<[f64; 5]>>,
}

fn check_fixture(pdf: &Path) -> Result<(), String> {
    let name = pdf.file_name().unwrap().to_string_lossy().to_string();
    let password = std::fs::read_to_string(pdf.with_extension("password"))
        .ok()
        .map(|p| p.trim().to_string());
    let pw = password.as_deref();
    let terms = terms_of(pdf);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let before = std::fs::read(pdf).unwrap();
    let o = redact(pdf, &out);
    if !o.status.success() {
        return Err(format!("{name}: redact failed: {}", stderr(&o)));
    }
    if std::fs::read(pdf).unwrap() != before {
        return Err(format!("{name}: the input was modified"));
    }
    let red = out.join(&name);

    // qpdf --check: exit 0 (2 is errors, 3 warnings).
    let q = Command::new("qpdf")
        .arg("--check")
        .arg(&red)
        .output()
        .unwrap();
    if q.status.code() != Some(0) {
        return Err(format!(
            "{name}: qpdf --check: {}",
            String::from_utf8_lossy(&q.stdout)
        ));
    }

    // pdftotext: no term left, every other word kept.
    let text_before = poppler_text(pdf, pw);
    let text_after = poppler_text(&red, None);
    for t in &terms {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if text_after.contains(&t) {
            return Err(format!(
                "{name}: pdftotext still finds a term ({} chars)",
                t.len()
            ));
        }
    }
    // Every other word is still there. pdftotext's reading order and word breaks can change
    // when glyphs go (letter-spaced or rotated text), so a word counts as kept when its
    // letters appear in a row anywhere in the output; positions are judged by the pixels.
    let term_words: HashSet<String> = terms.iter().flat_map(|t| words(t).into_keys()).collect();
    let stream: String = text_after
        .replace("5.1.2e", " ")
        .replace("5.1.1e", " ")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    // Without diacritics: poppler reads TeX's separate accents as their own glyphs
    // (`Ays¸e` for `Ayşe`), so its words can be a term's letters without the accent.
    let plain = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .collect()
    };
    for w in words(&text_before).into_keys() {
        let part_of_term = terms
            .iter()
            .any(|t| plain(&t.replace(char::is_whitespace, "")).contains(&plain(&w)))
            || term_words
                .iter()
                .any(|t| t.chars().count() >= 3 && plain(&w).contains(&plain(t)));
        if !part_of_term && !stream.contains(&w) {
            return Err(format!(
                "{name}: a word that is not a term was lost ({w:?})"
            ));
        }
    }

    // pdftoppm: identical outside the boxes.
    let audit = std::fs::read_to_string(out.join("redactions.jsonl")).unwrap();
    let mut boxes: Vec<[f64; 5]> = Vec::new();
    for line in audit.lines() {
        let a: Audit = serde_json::from_str(line).unwrap();
        boxes.extend(a.boxes.unwrap_or_default());
    }
    let dpi = 50.0;
    let frames = page_frames(pdf, pw);
    let img_before = render(pdf, 50, pw, dir.path(), "a");
    let img_after = render(&red, 50, None, dir.path(), "b");
    if img_before.len() != img_after.len() {
        return Err(format!("{name}: page count changed"));
    }
    for (p, (a, b)) in img_before.iter().zip(&img_after).enumerate() {
        if (a.w, a.h) != (b.w, b.h) {
            return Err(format!("{name}: page {} changed size", p + 1));
        }
        let (frame, rot, annots) = &frames[p];
        let masks: Vec<[f64; 4]> = boxes
            .iter()
            .filter(|bx| bx[0] as usize == p + 1)
            .map(|bx| [bx[1], bx[2], bx[3], bx[4]])
            .chain(annots.iter().copied())
            .map(|b| to_pixels(b, *frame, *rot, dpi))
            .collect();
        let mut differ = 0usize;
        let mut first = (0.0, 0.0);
        for y in 0..a.h {
            for x in 0..a.w {
                let i = y * a.w + x;
                if a.px[i].abs_diff(b.px[i]) <= 24 {
                    continue;
                }
                // Anti-aliasing spills a pixel or two beyond a box.
                let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
                let masked = masks.iter().any(|m| {
                    fx > m[0] - 2.0 && fx < m[2] + 2.0 && fy > m[1] - 2.0 && fy < m[3] + 2.0
                });
                if !masked {
                    if differ == 0 {
                        first = (fx, fy);
                    }
                    differ += 1;
                }
            }
        }
        if differ > 0 {
            return Err(format!(
                "{name}: page {}: {differ} pixel(s) differ outside the boxes, the first at \
                 pixel ({:.0}, {:.0}) of {}x{}",
                p + 1,
                first.0,
                first.1,
                a.w,
                a.h
            ));
        }
    }

    // The inflated bytes hold no term, in Latin-1 or UTF-16BE.
    let raw = inflated(&red, &dir.path().join("qdf.pdf")).map_err(|e| format!("{name}: {e}"))?;
    for t in &terms {
        if t.chars().count() < 4 {
            continue;
        }
        let latin1: Option<Vec<u8>> = t.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
        let utf16: Vec<u8> = t.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let found = latin1.is_some_and(|l| memchr::memmem::find(&raw, &l).is_some())
            || memchr::memmem::find(&raw, &utf16).is_some()
            || memchr::memmem::find(&raw, t.as_bytes()).is_some();
        if found {
            return Err(format!(
                "{name}: a term is still in the file bytes ({} chars)",
                t.len()
            ));
        }
    }

    // Our own detection on the output, with the same terms, finds nothing.
    let o = run(woolak()
        .args(["scan", "--format", "jsonl", "--rules"])
        .arg(root().join("fixtures/terms-only.toml"))
        .arg("--terms")
        .arg(pdf.with_extension("terms"))
        .arg(&red));
    if !o.status.success() || !stdout(&o).trim().is_empty() {
        return Err(format!(
            "{name}: scan of the output finds terms again: {}",
            stderr(&o)
        ));
    }

    // Deterministic: a second run writes the same bytes.
    let out2 = dir.path().join("out2");
    let o = redact(pdf, &out2);
    assert!(o.status.success());
    if std::fs::read(out2.join(&name)).unwrap() != std::fs::read(&red).unwrap() {
        return Err(format!("{name}: two runs wrote different bytes"));
    }
    Ok(())
}

#[test]
fn pdf_fixtures_redact_cleanly_by_outside_judges() {
    if !(have("pdftotext") && have("mutool") && have("qpdf")) {
        return;
    }
    let all = fixtures();
    assert!(all.len() >= 5, "expected the PDF fixtures in fixtures/pdf");
    let failures: Vec<String> = all.iter().filter_map(|p| check_fixture(p).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_user_password_pdf_needs_the_password() {
    let pdf = root().join("fixtures/pdf/enc-user.pdf");
    if !pdf.exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(&pdf)
        .arg("--out")
        .arg(dir.path()));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("enc-user.pdf") && err.contains("--password"),
        "{err}"
    );
    assert!(!dir.path().join("enc-user.pdf").exists());
}

/// The jsonl schema of `woolak scan --format jsonl` for a PDF: the text keys plus `page` and
/// `bbox`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PdfFinding {
    id: String,
    doc: String,
    start: usize,
    end: usize,
    text: String,
    category: String,
    detector: String,
    ground: String,
    page: u32,
    bbox: [f64; 4],
}

#[test]
fn scan_reports_pdf_findings_with_page_and_box() {
    let pdf = root().join("fixtures/pdf/lo-minutes-2p.pdf");
    let o = run(woolak().args(["scan", "--format", "jsonl"]).arg(&pdf));
    assert!(o.status.success(), "{}", stderr(&o));
    let findings: Vec<PdfFinding> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(findings.len() > 5, "{} findings", findings.len());
    assert!(findings.iter().any(|f| f.page == 2), "findings on page 2");
    for f in &findings {
        assert!(f.page >= 1 && f.page <= 2);
        let [x0, y0, x1, y1] = f.bbox;
        assert!(0.0 <= x0 && x0 < x1 && x1 <= 596.0 && 0.0 <= y0 && y0 < y1 && y1 <= 842.0);
        assert_eq!(f.end - f.start, f.text.len());
    }
}

#[test]
fn a_text_and_a_pdf_with_one_stem_both_land() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/pdf/hand-quotes.pdf"),
        dir.path().join("memo.pdf"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("memo.txt"),
        "Bel Jan de Vries op 06-12345678.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    for f in ["memo_pdf.pdf", "memo_txt.pdf", "memo_txt.txt"] {
        assert!(
            names.iter().any(|n| n.ends_with(f)),
            "{f} missing: {names:?}"
        );
    }
}

#[test]
fn bad_pdfs_get_one_line_each_and_the_rest_completes() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(root().join("fixtures/pdf/lo-memo.pdf")).unwrap();
    let mut flipped = good.clone();
    // Garbage in the middle of the file: the cross-reference data no longer matches.
    let mid = flipped.len() / 2;
    flipped[mid..mid + 64].fill(b'#');
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.pdf", Vec::new()),
        ("png.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        ("text.pdf", b"Dit is geen PDF.\n".to_vec()),
        ("header-only.pdf", b"%PDF-1.7\n".to_vec()),
        ("half.pdf", good[..good.len() / 2].to_vec()),
        ("flipped.pdf", flipped),
        ("good.pdf", good),
    ];
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for (name, _) in &cases[..5] {
        let lines: Vec<&str> = err.lines().filter(|l| l.contains(name)).collect();
        assert!(!lines.is_empty(), "{name} not reported:\n{err}");
        assert!(!out.join(name).exists(), "{name} has an output");
    }
    assert!(err.contains("empty.pdf: empty file"), "{err}");
    assert!(err.contains("text.pdf: not a PDF"), "{err}");
    assert!(out.join("good.pdf").exists(), "{err}");
    // A file that still loads after repair is either refused or redacted in full.
    if out.join("flipped.pdf").exists() {
        let t = crate::util::pdftotext(&out.join("flipped.pdf"));
        assert!(!t.contains("123456782"), "BSN left in a repaired file");
    }
    // Inputs are untouched.
    for (name, bytes) in &cases {
        assert_eq!(
            &std::fs::read(dir.path().join(name)).unwrap(),
            bytes,
            "{name}"
        );
    }
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
}

/// The adversarial review cases (`fixtures/pdf/review/EXPECT`): each is redacted clean or
/// refused, as listed.
#[test]
fn review_cases_are_clean_or_refused() {
    if !(have("pdftotext") && have("mutool") && have("qpdf")) {
        return;
    }
    let dir = root().join("fixtures/pdf/review");
    let expect = std::fs::read_to_string(dir.join("EXPECT")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let terms = tmp.path().join("terms.txt");
    std::fs::write(&terms, "Pietersma\n").unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in expect
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (name, want) = (cols.next().unwrap(), cols.next().unwrap());
        if want == "known" {
            continue;
        }
        checked += 1;
        let pdf = dir.join(format!("{name}.pdf"));
        let out = tmp.path().join(name);
        let o = run(woolak()
            .args(["redact", "--flat", "--rules"])
            .arg(root().join("fixtures/terms-only.toml"))
            .arg("--terms")
            .arg(&terms)
            .arg(&pdf)
            .arg("--out")
            .arg(&out));
        let red = out.join(format!("{name}.pdf"));
        match want {
            "refuse" => {
                if o.status.code() != Some(1)
                    || !stderr(&o).contains("needs manual review")
                    || red.exists()
                {
                    failures.push(format!("{name}: not refused: {}", stderr(&o)));
                }
            }
            _ => {
                if !o.status.success() {
                    failures.push(format!("{name}: failed: {}", stderr(&o)));
                    continue;
                }
                let text = crate::util::pdftotext(&red);
                let mu = Command::new("mutool")
                    .args(["draw", "-q", "-F", "txt", "-o", "-"])
                    .arg(&red)
                    .output()
                    .unwrap();
                let raw = match inflated(&red, &tmp.path().join(format!("{name}.qdf.pdf"))) {
                    Ok(raw) => raw.to_ascii_lowercase(),
                    Err(e) => {
                        failures.push(format!("{name}: {e}"));
                        continue;
                    }
                };
                let utf16: Vec<u8> = "pietersma"
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect();
                let hex = "pietersma"
                    .bytes()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>();
                if text.contains("Pietersma")
                    || String::from_utf8_lossy(&mu.stdout).contains("Pietersma")
                    || memchr::memmem::find(&raw, b"pietersma").is_some()
                    || memchr::memmem::find(&raw, &utf16).is_some()
                    || memchr::memmem::find(&raw, hex.as_bytes()).is_some()
                {
                    failures.push(format!("{name}: the name survived"));
                }
            }
        }
    }
    assert!(checked > 30, "{checked} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
