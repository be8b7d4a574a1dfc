//! PDF redaction: take the glyphs of every finding out of the content streams, draw a box
//! with the ground code where they were, scrub everything outside the content streams that
//! can carry personal data, and write the file anew.
//!
//! The edit rewrites each affected text operation as a `TJ` in which the removed glyphs'
//! bytes are gone and a number moves the text position exactly as they did, so that every
//! other glyph stays where it was ([`edit`]). Only the bytes of changed operations are
//! replaced; the rest of each stream is copied byte for byte.

mod edit;
mod plan;
mod scrub;

pub use scrub::decode_text_string;

use std::collections::HashMap;

use lopdf::{dictionary, Dictionary, Object, ObjectId, Stream};

use crate::detect::{Finding, NameKeys};
use crate::ground::{Ground, GroundStyle};
use crate::ingest::pdf::geom::{Point, Quad, Rect};
use crate::ingest::pdf::walk::{self, Glyph, Owner};
use crate::ingest::pdf::PdfDocument;
use crate::redact::pageops::{self, PageOps};
use crate::redact::textpdf::{BoxStyle, HELVETICA_WIDTHS};

pub use scrub::Scrubber;

/// Where a finding was removed: its page (1-based) and box, for the audit log and `scan`.
#[derive(Clone, Debug, PartialEq)]
pub struct Placement {
    pub page: u32,
    pub bbox: Rect,
    /// After redaction: every box drawn for the finding, with its page (1-based). A finding
    /// can run over a line end or a page break, and a Form XObject can be drawn more than
    /// once.
    pub boxes: Vec<(u32, Rect)>,
}

/// The result of redacting one PDF.
pub struct Redacted {
    pub bytes: Vec<u8>,
    /// One entry per finding, in finding order (`None` when the finding has no glyphs).
    pub placements: Vec<Option<Placement>>,
    /// Things a person should look at (images under a box, removed annotations, ...).
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redacted({} bytes)", self.bytes.len())
    }
}

/// Where a finding's glyphs are: first page and the union of their boxes on it.
pub fn placement(layout: &walk::Layout, finding: &Finding) -> Option<Placement> {
    let glyphs = layout.glyphs_in(&finding.span);
    let first = layout.glyphs.get(*glyphs.first()?)?;
    let bbox = glyphs
        .iter()
        .map(|&i| &layout.glyphs[i])
        .filter(|g| g.page == first.page)
        .map(|g| g.quad.bbox())
        .reduce(|a, b| a.union(&b))?;
    Some(Placement {
        page: first.page + 1,
        bbox,
        boxes: Vec::new(),
    })
}

/// Drops the findings of the reading-order text whose glyphs earlier findings already take:
/// a name that reads the same in both orders is one finding, not two.
pub fn dedupe_findings(layout: &walk::Layout, findings: Vec<Finding>) -> Vec<Finding> {
    let Some(alt_start) = layout.alt.first().map(|(r, _)| r.start as usize) else {
        return findings;
    };
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let glyphs = layout.glyphs_in(&f.span);
        let blank = |g: &usize| {
            let t = &layout.glyphs[*g].text;
            layout.text[t.start as usize..t.end as usize]
                .trim()
                .is_empty()
        };
        let new = glyphs.iter().any(|g| !taken.contains(g) && !blank(g));
        if f.span.start < alt_start || new {
            taken.extend(glyphs);
            out.push(f);
        }
    }
    out
}

/// The texts of `findings` as lowercase words, for [`Scrubber::removed_words`].
pub fn removed_words(text: &str, findings: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .map(|f| scrub::words_of(&text[f.span.clone()]))
        .filter(|w| w.chars().count() >= 4)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The detection function the scrubber applies to the strings it keeps (titles, alternate
/// texts, link targets): the engine's findings, the other mentions of the names in `keys`
/// (confirmed anywhere in a publication set), and every whole-word occurrence of a text
/// removed from the pages.
pub fn string_cleaner<'a>(
    engine: &'a crate::detect::Engine,
    keys: &'a NameKeys,
    text: &str,
    findings: &[Finding],
    style: GroundStyle,
) -> impl Fn(&str) -> Option<String> + Sync + 'a {
    let mut removed: Vec<(String, Ground)> = findings
        .iter()
        .map(|f| {
            (
                text[f.span.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                f.ground,
            )
        })
        .filter(|(t, _)| t.chars().count() >= 2)
        .collect();
    removed.sort();
    removed.dedup();
    move |s: &str| {
        let (mut found, _, shields) = engine.detect_with_names(s);
        engine.propagate(s, &shields, keys, &mut found);
        for (r, ground) in &removed {
            for (at, _) in s.match_indices(r.as_str()) {
                let end = at + r.len();
                let before = s[..at].chars().next_back();
                let after = s[end..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                found.push(Finding {
                    span: at..end,
                    category: crate::detect::Category::Term,
                    detector: "extra-term",
                    ground: *ground,
                    source: crate::detect::Source::List,
                });
            }
        }
        if found.is_empty() {
            return None;
        }
        found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
        let mut merged: Vec<Finding> = Vec::new();
        for f in found {
            match merged.last_mut() {
                Some(last) if f.span.start < last.span.end => {
                    last.span.end = last.span.end.max(f.span.end)
                }
                _ => merged.push(f),
            }
        }
        Some(crate::redact::text::redact(s, &merged, style))
    }
}

/// Redacts `pdf` and scrubs what lies outside its pages with `engine`'s detection, the names
/// of `keys` and the texts of `findings`.
pub fn redact_with_engine(
    pdf: PdfDocument,
    findings: &[Finding],
    engine: &crate::detect::Engine,
    keys: &NameKeys,
    ground_style: GroundStyle,
    box_style: BoxStyle,
    pages: &PageOps,
) -> Result<Redacted, String> {
    let text = &pdf.layout.text;
    let clean = string_cleaner(engine, keys, text, findings, ground_style);
    let scrubber = Scrubber {
        clean: &clean,
        removed_words: removed_words(text, findings),
    };
    redact(pdf, findings, ground_style, box_style, &scrubber, pages)
}

/// Redacts `pdf`: removes the glyphs of `findings`, draws the boxes and scrubs the file;
/// then replaces the pages with a notice and stamps every page as `pages` says.
pub fn redact(
    pdf: PdfDocument,
    findings: &[Finding],
    ground_style: GroundStyle,
    box_style: BoxStyle,
    scrubber: &Scrubber<'_>,
    pages: &PageOps,
) -> Result<Redacted, String> {
    let PdfDocument {
        mut doc, layout, ..
    } = pdf;
    let layout = &layout;
    let mut plan = plan::plan(layout, findings)?;
    let mut warnings = std::mem::take(&mut plan.warnings);
    let mut placements: Vec<Option<Placement>> =
        findings.iter().map(|f| placement(layout, f)).collect();
    // The streams whose text woolak has read: what is left of the rest is checked at the end.
    let mut walked: std::collections::HashSet<ObjectId> = layout
        .units
        .iter()
        .filter_map(|u| match u.owner {
            Owner::Form(id) => Some(id),
            Owner::Page(_) => None,
        })
        .collect();
    for p in &layout.pages {
        walked.extend(content_stream_ids(&doc, p.id));
    }

    // Every removed glyph instance gets a box.
    let runs = runs(layout, &plan.removed);
    for r in &runs {
        if let Some(Some(p)) = placements.get_mut(r.finding) {
            p.boxes.push((r.page + 1, r.quad.bbox()));
        }
    }

    let mut runs_by_page: Vec<Vec<&Run>> = vec![Vec::new(); layout.pages.len()];
    for r in &runs {
        runs_by_page[r.page as usize].push(r);
    }

    // Images under a box.
    for (page_idx, (page, page_runs)) in layout.pages.iter().zip(&runs_by_page).enumerate() {
        let hit = page_runs
            .iter()
            .any(|r| page.images.iter().any(|im| r.quad.bbox().intersects(im)));
        if hit {
            warnings.push(format!(
                "page {}: an image lies under a redaction box; check the image by hand",
                page_idx + 1
            ));
        }
    }

    // Marked-content property lists that stand in for text (`/ActualText`, `/Alt`, `/E`)
    // keep no personal data: a viewer copies them instead of the glyphs.
    // An operation with a comment among its operands is written anew from its operands.
    for (u, unit) in layout.units.iter().enumerate() {
        for (i, op) in unit.ops.iter().enumerate() {
            if op.comment && op.operator == b"BI" {
                return Err("needs manual review: a comment inside an inline image".into());
            }
            let replacement = scrub::marked_content(op, scrubber.clean)
                .or_else(|| op.comment.then(|| edit::serialize(op)));
            // A text operation that loses glyphs is written from its operands anyway.
            if let Some(bytes) = replacement {
                for copy in plan.copies.iter_mut().filter(|c| c.unit == u as u32) {
                    copy.changes
                        .entry(i as u32)
                        .or_insert_with(|| edit::Change::Replace(bytes.clone()));
                }
                plan.changes
                    .entry(u as u32)
                    .or_default()
                    .entry(i as u32)
                    .or_insert(edit::Change::Replace(bytes));
            }
        }
    }

    // Copies of forms whose placements lose different glyphs: a new object each, drawn
    // under a new name by the pages of its placements.
    for copy in &plan.copies {
        let unit = &layout.units[copy.unit as usize];
        let Owner::Form(id) = unit.owner else {
            return Err("needs manual review: a form copy without a form".into());
        };
        let data =
            edit::apply(unit, &copy.changes).map_err(|e| format!("needs manual review: {e}"))?;
        let mut stream = match doc.get_object(id) {
            Ok(Object::Stream(s)) => s.clone(),
            _ => return Err("needs manual review: Form XObject vanished".into()),
        };
        set_stream(&mut stream, data);
        let new_id = doc.add_object(stream);
        walked.insert(new_id);
        let mut names: HashMap<u32, Vec<u8>> = HashMap::new();
        for &p in &copy.placements {
            let fp = &layout.forms[p as usize];
            let page_id = layout.pages[fp.page as usize].id;
            let name = match names.get(&fp.page) {
                Some(n) => n.clone(),
                None => {
                    let n = unique_name(&doc, page_id, b"XObject", &[&fp.name[..], b"W"].concat());
                    set_page_resource(&mut doc, page_id, b"XObject", &n, new_id)?;
                    names.insert(fp.page, n.clone());
                    n
                }
            };
            let mut op = Vec::new();
            crate::ingest::pdf::lexer::write_operand(
                &crate::ingest::pdf::lexer::Operand::Name(name),
                &mut op,
            );
            op.extend_from_slice(b" Do");
            plan.changes
                .entry(fp.parent_unit)
                .or_default()
                .insert(fp.parent_op, edit::Change::Replace(op));
        }
    }

    // Units with comments are written anew without them, edited or not.
    for (u, unit) in layout.units.iter().enumerate() {
        if edit::has_comments(unit) {
            plan.changes.entry(u as u32).or_default();
        }
    }
    let mut new_data: HashMap<u32, Vec<u8>> = HashMap::new();
    for (unit_idx, ops) in &plan.changes {
        let unit = &layout.units[*unit_idx as usize];
        let data = edit::apply(unit, ops).map_err(|e| format!("needs manual review: {e}"))?;
        new_data.insert(*unit_idx, data);
    }

    // Write the edited Form XObjects back, then the pages.
    let doc = &mut doc;
    for (u, data) in &new_data {
        if let Owner::Form(id) = layout.units[*u as usize].owner {
            let Ok(Object::Stream(s)) = doc.get_object_mut(id) else {
                return Err("needs manual review: Form XObject vanished".into());
            };
            set_stream(s, data.clone());
        }
    }
    let font_name = b"WoolakCode".to_vec();
    let mut font_id = None;
    for (page_idx, (page, page_runs)) in layout.pages.iter().zip(&runs_by_page).enumerate() {
        let edited = page.unit.and_then(|u| new_data.get(&u));
        let notice = pages.notices.get(&(page_idx as u32));
        if page_runs.is_empty() && edited.is_none() && notice.is_none() && pages.stamp.is_none() {
            continue;
        }
        let fid = *font_id.get_or_insert_with(|| doc.add_object(code_font()));
        let frame = page_frame(doc, page);
        let mut content = Vec::with_capacity(256);
        let name = if let Some(n) = notice {
            // The page's own content, resources and annotations go; pruning drops them.
            let name = font_name.clone();
            let dict = doc
                .get_dictionary_mut(page.id)
                .map_err(|e| format!("page object: {e}"))?;
            dict.set(
                "Resources",
                dictionary! { "Font" => dictionary! { name.clone() => fid } },
            );
            for key in [&b"Annots"[..], b"Thumb", b"B", b"PieceInfo", b"Group"] {
                dict.remove(key);
            }
            content.extend(pageops::notice(&frame, n, &name));
            name
        } else {
            let body: &[u8] = match (edited, page.unit) {
                (Some(data), _) => data,
                (None, Some(u)) => &layout.units[u as usize].data,
                (None, None) => &[],
            };
            let name = unique_name(doc, page.id, b"Font", &font_name);
            content.reserve(body.len());
            for _ in 0..=page.q_underflow {
                content.extend_from_slice(b"q\n");
            }
            content.extend_from_slice(body);
            content.push(b'\n');
            for _ in 0..=page.q_open {
                content.extend_from_slice(b"Q\n");
            }
            for r in page_runs {
                overlay(
                    &mut content,
                    r,
                    &r.ground.display(ground_style),
                    box_style,
                    &name,
                );
            }
            name
        };
        if let Some(label) = &pages.stamp {
            content.extend(pageops::stamp(&frame, label, &name));
        }
        let stream_id = {
            let mut s = Stream::new(dictionary! {}, content);
            let _ = s.compress();
            doc.add_object(s)
        };
        walked.insert(stream_id);
        set_page_resource(doc, page.id, b"Font", &name, fid)?;
        let page = doc
            .get_dictionary_mut(page.id)
            .map_err(|e| format!("page object: {e}"))?;
        page.set("Contents", stream_id);
    }

    scrubber.scrub(doc, &mut warnings);
    if !pages.notices.is_empty() {
        let withheld: std::collections::HashSet<ObjectId> = pages
            .notices
            .keys()
            .filter_map(|&p| layout.pages.get(p as usize).map(|pl| pl.id))
            .collect();
        forget_withheld(doc, &withheld);
    }

    doc.prune_objects();
    unread_text(doc, &walked)?;
    doc.renumber_objects();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .compression_level(6)
        .build();
    let mut bytes = Vec::new();
    doc.save_with_options(&mut bytes, options)
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(Redacted {
        bytes,
        placements,
        warnings,
    })
}

/// Removes what outside the pages still speaks of withheld pages: the structure tree (its
/// `/ActualText` and `/Alt` repeat the text) and the titles of outline items that lead to
/// them.
fn forget_withheld(doc: &mut lopdf::Document, withheld: &std::collections::HashSet<ObjectId>) {
    let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) else {
        return;
    };
    match doc.get_dictionary_mut(root) {
        Ok(catalog) => {
            catalog.remove(b"StructTreeRoot");
            catalog.remove(b"MarkInfo");
        }
        Err(_) => return,
    }
    let page_of = |dest: &Object| match dest {
        Object::Array(a) => a.first().and_then(|p| p.as_reference().ok()),
        _ => None,
    };
    for id in walk::outline_items(doc) {
        let Ok(item) = doc.get_dictionary_mut(id) else {
            continue;
        };
        let target = item
            .get(b"Dest")
            .ok()
            .and_then(page_of)
            .or_else(|| match item.get(b"A") {
                Ok(Object::Dictionary(a)) => a.get(b"D").ok().and_then(page_of),
                _ => None,
            });
        if target.is_some_and(|t| withheld.contains(&t)) {
            item.set("Title", Object::string_literal("niet openbaar"));
        }
    }
}

/// The visible frame of a page: its CropBox within its MediaBox, and its `/Rotate` (both
/// inherited from the page tree).
fn page_frame(doc: &lopdf::Document, page: &walk::PageLayout) -> pageops::Frame {
    let dict = doc.get_dictionary(page.id).ok();
    let rotate = dict
        .and_then(|d| walk::inherited(doc, d, b"Rotate"))
        .and_then(|r| doc.dereference(r).ok())
        .and_then(|(_, r)| r.as_i64().ok())
        .unwrap_or(0);
    let b = Some(walk::visible_box(doc, page))
        .filter(|c| c.x1 > c.x0 && c.y1 > c.y0)
        .unwrap_or(page.media_box);
    pageops::Frame {
        x0: b.x0,
        y0: b.y0,
        x1: b.x1,
        y1: b.y1,
        rotate: rotate.rem_euclid(360),
    }
}

/// The object ids of a page's content streams.
fn content_stream_ids(doc: &lopdf::Document, page: ObjectId) -> Vec<ObjectId> {
    let Ok(p) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    match p.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.get_object(*id) {
            Ok(Object::Array(items)) => {
                items.iter().filter_map(|o| o.as_reference().ok()).collect()
            }
            _ => vec![*id],
        },
        Ok(Object::Array(items)) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// Refuses a file that still has text in a stream woolak did not read as page content: a
/// tiling pattern, a soft mask, a Type3 glyph procedure, a form that no page draws. Viewers
/// and extractors can show that text, and nothing was detected in it. What is content is
/// decided by how a stream is used (a Form, a tiling pattern, a glyph procedure, a soft
/// mask's group), not by keys it could carry anyway; such a stream that cannot be read is
/// refused too.
fn unread_text(
    doc: &lopdf::Document,
    walked: &std::collections::HashSet<ObjectId>,
) -> Result<(), String> {
    let mut content: Vec<(ObjectId, &'static str)> = Vec::new();
    for (id, obj) in &doc.objects {
        let dict = match obj {
            Object::Stream(s) => &s.dict,
            Object::Dictionary(d) => d,
            _ => continue,
        };
        if let Object::Stream(_) = obj {
            if dict.has(b"PatternType") {
                content.push((*id, "a tiling pattern"));
            } else if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form") {
                content.push((
                    *id,
                    "a Form XObject that no page draws directly (a soft mask, a pattern's \
                     cell or an unused form)",
                ));
            }
        }
        if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type3") {
            if let Some(Object::Dictionary(procs)) = dict
                .get(b"CharProcs")
                .ok()
                .and_then(|p| doc.dereference(p).ok())
                .map(|(_, p)| p)
            {
                for (_, r) in procs.iter() {
                    if let Ok(pid) = r.as_reference() {
                        content.push((pid, "a Type3 glyph procedure"));
                    }
                }
            }
        }
        if let Ok(Object::Dictionary(mask)) = dict.get(b"SMask") {
            if let Ok(g) = mask.get(b"G").and_then(Object::as_reference) {
                content.push((g, "a soft mask"));
            }
        }
    }
    for (id, what) in content {
        if walked.contains(&id) {
            continue;
        }
        let Ok(Object::Stream(s)) = doc.get_object(id) else {
            continue;
        };
        let readable = walk::stream_data(s, 64 * 1024 * 1024)
            .ok()
            .and_then(|data| crate::ingest::pdf::lexer::parse(&data).ok());
        let Some(ops) = readable else {
            return Err(format!(
                "needs manual review: {what} cannot be read, and could hold text"
            ));
        };
        let shows_text = ops
            .iter()
            .any(|o| matches!(o.operator.as_slice(), b"Tj" | b"TJ" | b"'" | b"\""));
        if shows_text {
            return Err(format!(
                "needs manual review: {what} holds text that woolak does not read"
            ));
        }
    }
    Ok(())
}

fn set_stream(s: &mut Stream, data: Vec<u8>) {
    s.dict.remove(b"Filter");
    s.dict.remove(b"DecodeParms");
    s.set_plain_content(data);
    let _ = s.compress();
}

/// One box: consecutive removed glyphs on one line of one page.
#[derive(Debug)]
struct Run {
    page: u32,
    /// Index of the finding the glyphs belong to.
    finding: usize,
    ground: Ground,
    quad: Quad,
}

/// Groups the removed glyph instances into boxes, one per line segment.
fn runs(layout: &walk::Layout, removed: &[Option<(Ground, usize)>]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut current: Vec<&Glyph> = Vec::new();
    let mut owner = (Ground::G512e, 0);
    let mut last_idx = usize::MAX;
    let flush =
        |current: &mut Vec<&Glyph>, (ground, finding): (Ground, usize), out: &mut Vec<Run>| {
            if let Some(q) = run_quad(current) {
                out.push(Run {
                    page: current[0].page,
                    finding,
                    ground,
                    quad: q,
                });
            }
            current.clear();
        };
    for (i, g) in layout.glyphs.iter().enumerate() {
        let Some(Some(o)) = removed.get(i).copied() else {
            continue;
        };
        let continues = current.last().is_some_and(|prev| {
            last_idx + 1 == i && prev.page == g.page && o == owner && same_line(prev, g)
        });
        if !continues {
            flush(&mut current, owner, &mut out);
            owner = o;
        }
        current.push(g);
        last_idx = i;
    }
    flush(&mut current, owner, &mut out);
    out
}

fn baseline(q: &Quad) -> (Point, Point, f64) {
    let dir = q.0[1] - q.0[0];
    let up = q.0[3] - q.0[0];
    let len = dir.len();
    let u = if len > 1e-9 {
        dir.scale(1.0 / len)
    } else {
        let ul = up.len();
        if ul > 1e-9 {
            Point::new(up.y / ul, -up.x / ul)
        } else {
            Point::new(1.0, 0.0)
        }
    };
    (q.0[0], u, up.len())
}

fn same_line(a: &Glyph, b: &Glyph) -> bool {
    let (oa, ua, ha) = baseline(&a.quad);
    let (ob, ub, _) = baseline(&b.quad);
    let across = (ob - oa).dot(Point::new(-ua.y, ua.x));
    let along = (ob - a.quad.0[1]).dot(ua);
    // Going back over the glyph before (an accent drawn over the next letter, an overstrike)
    // stays on the line.
    let width_a = (a.quad.0[1] - a.quad.0[0]).len();
    ua.dot(ub) > 0.99
        && across.abs() < 0.5 * ha.max(0.01)
        && along > -(width_a + 0.5 * ha.max(0.01))
}

/// The quad that covers all glyphs of a run, in the run's own direction.
fn run_quad(glyphs: &[&Glyph]) -> Option<Quad> {
    let first = glyphs.first()?;
    let (o, u, _) = baseline(&first.quad);
    let v = Point::new(-u.y, u.x);
    let (mut a0, mut a1, mut b0, mut b1) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for g in glyphs {
        for p in g.quad.0 {
            let d = p - o;
            a0 = a0.min(d.dot(u));
            a1 = a1.max(d.dot(u));
            b0 = b0.min(d.dot(v));
            b1 = b1.max(d.dot(v));
        }
    }
    // A little margin so that anti-aliased glyph edges stay under the box.
    let pad = 0.04 * (b1 - b0).max(1.0);
    let (a0, a1, b0, b1) = (a0 - pad, a1 + pad, b0 - pad, b1 + pad);
    let at = |a: f64, b: f64| o + u.scale(a) + v.scale(b);
    Some(Quad([at(a0, b0), at(a1, b0), at(a1, b1), at(a0, b1)]))
}

fn fmt_num(v: f64) -> String {
    edit::decimal(v, 3)
}

/// Draws one box and its code, in default user space.
fn overlay(out: &mut Vec<u8>, run: &Run, code: &str, style: BoxStyle, font: &[u8]) {
    let q = &run.quad.0;
    let (fill, paint, text_fill) = match style {
        BoxStyle::Black => ("0 g", "f", "1 g"),
        BoxStyle::Outline => ("1 g 0 G 0.6 w", "b", "0 g"),
        BoxStyle::Grey => ("0.75 g", "f", "0 g"),
    };
    let mut s = format!("q {fill}\n{} {} m ", fmt_num(q[0].x), fmt_num(q[0].y));
    for p in &q[1..] {
        s.push_str(&format!("{} {} l ", fmt_num(p.x), fmt_num(p.y)));
    }
    s.push_str(&format!("h {paint}\n"));
    // The code, fitted into the box along its baseline.
    let u = q[1] - q[0];
    let v = q[3] - q[0];
    let (w, h) = (u.len(), v.len());
    let code_w: f64 = code
        .bytes()
        .map(|b| f64::from(HELVETICA_WIDTHS[usize::from(b.clamp(32, 126)) - 32]) / 1000.0)
        .sum();
    if w > 0.0 && h > 0.0 && code_w > 0.0 {
        let size = (h * 0.72).min(w * 0.94 / code_w);
        if size >= 0.5 {
            let (ux, uy) = (u.x / w, u.y / w);
            let (vx, vy) = (v.x / h, v.y / h);
            let dx = (w - code_w * size) / 2.0;
            let dy = (h - 0.72 * size) / 2.0;
            let x = q[0].x + ux * dx + vx * dy;
            let y = q[0].y + uy * dx + vy * dy;
            s.push_str(&format!(
                "BT {text_fill} /{} {} Tf {} {} {} {} {} {} Tm ({code}) Tj ET\n",
                String::from_utf8_lossy(font),
                fmt_num(size),
                fmt_num(ux),
                fmt_num(uy),
                fmt_num(vx),
                fmt_num(vy),
                fmt_num(x),
                fmt_num(y),
            ));
        }
    }
    s.push_str("Q\n");
    out.extend_from_slice(s.as_bytes());
}

/// Helvetica with WinAnsi encoding and its widths, for the codes in the boxes.
fn code_font() -> Dictionary {
    let widths: Vec<Object> = HELVETICA_WIDTHS[..95]
        .iter()
        .map(|&w| Object::Integer(i64::from(w)))
        .collect();
    dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
        "FirstChar" => 32,
        "LastChar" => 126,
        "Widths" => widths,
    }
}

/// The page's resources as a dictionary of its own (inherited or shared ones are copied, so
/// that no other page changes).
fn own_resources(doc: &lopdf::Document, page_id: ObjectId) -> Dictionary {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return Dictionary::new();
    };
    walk::inherited(doc, page, b"Resources")
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .cloned()
        .unwrap_or_default()
}

/// A resource name of `category` that the page does not use yet.
fn unique_name(doc: &lopdf::Document, page_id: ObjectId, category: &[u8], base: &[u8]) -> Vec<u8> {
    let res = own_resources(doc, page_id);
    let fonts = res
        .get(category)
        .ok()
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok().cloned())
        .unwrap_or_default();
    let mut name = base.to_vec();
    let mut n = 0;
    while fonts.has(&name) {
        n += 1;
        name = [base, n.to_string().as_bytes()].concat();
    }
    name
}

/// Adds `name` -> `id` to the page's resources of `category`, in a resource dictionary of
/// the page's own.
fn set_page_resource(
    doc: &mut lopdf::Document,
    page_id: ObjectId,
    category: &[u8],
    name: &[u8],
    id: ObjectId,
) -> Result<(), String> {
    let mut res = own_resources(doc, page_id);
    let mut entries = res
        .get(category)
        .ok()
        .and_then(|f| doc.dereference(f).ok())
        .and_then(|(_, f)| f.as_dict().ok().cloned())
        .unwrap_or_default();
    entries.set(name.to_vec(), id);
    res.set(category.to_vec(), entries);
    let page = doc
        .get_dictionary_mut(page_id)
        .map_err(|e| format!("page object: {e}"))?;
    page.set("Resources", res);
    Ok(())
}

#[cfg(test)]
mod tests;
