//! The glyph walker: interprets every page's content stream, and the Form XObjects it draws,
//! with the graphics and text state of PDF 32000-1:2008 §8.4 and §9.3, and records every glyph:
//! where its bytes are (stream, operation, `TJ` element, byte range), where it is drawn (a quad
//! in page space), how to take it out without moving its neighbours, and its text.
//!
//! The page text for detection is built in the same pass, in content order, with a space
//! where glyphs leave a gap and a line feed where the baseline changes.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};
use unicode_normalization::UnicodeNormalization;

use super::font::Font;
use super::geom::{Matrix, Point, Quad, Rect};
use super::lexer::{self, Op, Operand};

/// Deepest nesting of Form XObjects followed.
const MAX_FORM_DEPTH: usize = 16;
/// Most operations interpreted in one document (a Form drawn many times counts each time).
const MAX_OPS: usize = 50_000_000;
/// Most glyphs recorded in one document (a Form drawn many times counts each time).
const MAX_GLYPHS: usize = 20_000_000;
/// Deepest `q` nesting accepted.
const MAX_Q_DEPTH: usize = 4096;

/// Which stream a unit of content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// The page's content (all of its `/Contents` streams, joined).
    Page(ObjectId),
    /// A Form XObject.
    Form(ObjectId),
}

/// One parsed content stream.
pub struct Unit {
    pub owner: Owner,
    pub data: Vec<u8>,
    pub ops: Vec<Op>,
}

/// One glyph as drawn. Holds no text itself: `text` points into [`Layout::text`].
#[derive(Clone, Debug)]
pub struct Glyph {
    /// Index into [`Layout::pages`].
    pub page: u32,
    /// Index into [`Layout::units`].
    pub unit: u32,
    /// Index of the operation in the unit.
    pub op: u32,
    /// Index of the string among the operation's strings (`TJ` element, else 0).
    pub elem: u32,
    /// The glyph's code: its byte range in that string.
    pub bytes: Range<u32>,
    /// The `TJ` number that moves the text position exactly as this glyph did:
    /// `-1000 × (w0 × Tfs + Tc + Tw) / Tfs` (Tz cancels out). Not finite when none can
    /// (font size 0, vertical writing).
    pub comp: f64,
    /// Where the glyph is drawn, in default user space of its page.
    pub quad: Quad,
    /// Text rendering mode (`Tr`); 3 is invisible (an OCR layer).
    pub render: u8,
    /// The fill colour's lightness, 0 black to 255 white ([`UNKNOWN_FILL`] for a pattern).
    pub fill: u8,
    /// Drawn in optional content that is off by default (a hidden layer).
    pub hidden: bool,
    /// Its text in [`Layout::text`] (empty for a glyph without text).
    pub text: Range<u32>,
    /// The Form XObject placement it is drawn through (index into [`Layout::forms`]), or
    /// [`PAGE_CONTENT`] for the page's own content.
    pub instance: u32,
}

/// [`Glyph::instance`] of a glyph in the page's own content.
pub const PAGE_CONTENT: u32 = u32::MAX;

/// [`Glyph::fill`] and [`Paint::fill`] when the colour is a pattern or shading.
pub const UNKNOWN_FILL: u8 = 128;

/// An opaque area painted on a page: a filled path or an image, in drawing order.
#[derive(Clone, Debug)]
pub struct Paint {
    /// Its bounding box in default user space.
    pub rect: Rect,
    /// The fill's lightness (0 black, 255 white); [`UNKNOWN_FILL`] for an image or pattern.
    pub fill: u8,
    pub image: bool,
    /// Whether it is a rectangle with its sides along the page's axes, so that `rect` is
    /// its exact shape (a rotated box or a curve covers less than its bounding box).
    pub axis_aligned: bool,
    /// How many glyphs of the document were drawn before it: a glyph with a smaller index
    /// lies under it.
    pub after_glyphs: usize,
}

/// One placement of a Form XObject: where a `Do` drew it.
#[derive(Clone, Debug)]
pub struct FormPlacement {
    /// The form's unit.
    pub unit: u32,
    /// The unit and operation of the `Do` that drew it.
    pub parent_unit: u32,
    pub parent_op: u32,
    /// The placement of the parent, or [`PAGE_CONTENT`] when a page drew it.
    pub parent_instance: u32,
    /// The resource name the `Do` used.
    pub name: Vec<u8>,
    /// Index of the page.
    pub page: u32,
}

/// One page of the walked document.
#[derive(Debug)]
pub struct PageLayout {
    pub id: ObjectId,
    /// The page's unit, `None` for a page without content.
    pub unit: Option<u32>,
    pub glyphs: Range<usize>,
    /// The page's text in [`Layout::text`].
    pub text: Range<usize>,
    pub media_box: Rect,
    /// Images drawn on the page (XObjects and inline), as bounding boxes.
    pub images: Vec<Rect>,
    /// Opaque filled paths and images, in drawing order.
    pub paints: Vec<Paint>,
    /// `Q` operators without a matching `q` in the page content.
    pub q_underflow: usize,
    /// `q` operators left open at the end of the page content.
    pub q_open: usize,
}

/// The walked document: its content streams, glyphs and text.
pub struct Layout {
    pub units: Vec<Unit>,
    pub pages: Vec<PageLayout>,
    pub glyphs: Vec<Glyph>,
    /// Every placement of a Form XObject, in drawing order.
    pub forms: Vec<FormPlacement>,
    /// The text after the pages' text, in reading order, where a page reads differently
    /// from its content order ([`super::reading`]): per piece, its range in [`Layout::text`]
    /// and its glyph, in text order.
    pub alt: Vec<(Range<u32>, u32)>,
    /// The whole document's text: pages in order, separated by a line feed.
    pub text: String,
}

impl std::fmt::Debug for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Layout({} pages, {} glyphs, {} text bytes)",
            self.pages.len(),
            self.glyphs.len(),
            self.text.len()
        )
    }
}

impl Layout {
    /// The glyphs whose text overlaps `span` of [`Layout::text`], in glyph order: in the
    /// pages' text, or in the reading-order text after it.
    pub fn glyphs_in(&self, span: &Range<usize>) -> Vec<usize> {
        let overlaps = |t: &Range<u32>| {
            t.start < t.end && (t.start as usize) < span.end && (t.end as usize) > span.start
        };
        // Glyph text ranges increase with the glyph index: find the first that can overlap.
        let first = self
            .glyphs
            .partition_point(|g| (g.text.end as usize) <= span.start);
        let mut out: Vec<usize> = (first..self.glyphs.len())
            .take_while(|&i| (self.glyphs[i].text.start as usize) < span.end)
            .filter(|&i| overlaps(&self.glyphs[i].text))
            .collect();
        let first_alt = self
            .alt
            .partition_point(|(t, _)| (t.end as usize) <= span.start);
        let before = out.len();
        out.extend(
            self.alt[first_alt..]
                .iter()
                .take_while(|(t, _)| (t.start as usize) < span.end)
                .filter(|(t, _)| overlaps(t))
                .map(|&(_, g)| g as usize),
        );
        if out.len() > before {
            out.sort_unstable();
            out.dedup();
        }
        // A glyph drawn twice (fake bold) shares its text with the first: it goes too.
        let mut twins = Vec::new();
        for &i in &out {
            let t = &self.glyphs[i].text;
            let mut j = i + 1;
            while self.glyphs.get(j).is_some_and(|g| g.text == *t) {
                twins.push(j);
                j += 1;
            }
        }
        if !twins.is_empty() {
            out.extend(twins);
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

/// Why a document could not be walked: always a reason to refuse it, never to guess.
pub type WalkError = String;

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_name: Vec<u8>,
    size: f64,
    tc: f64,
    tw: f64,
    /// Horizontal scaling as a fraction (Tz / 100).
    th: f64,
    tl: f64,
    rise: f64,
    render: u8,
    /// Fill lightness, as [`Glyph::fill`].
    fill: u8,
    /// Fill opacity (`ca`).
    alpha: f64,
    /// Inside optional content that is off.
    hidden: bool,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            font_name: Vec::new(),
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            render: 0,
            fill: 0,
            alpha: 1.0,
            hidden: false,
        }
    }
}

/// Lightness (0..=255) of a colour given as 1 (gray), 3 (RGB) or 4 (CMYK) components.
fn lightness(c: &[f64]) -> u8 {
    let clamp = |v: f64| v.clamp(0.0, 1.0);
    let l = match c {
        [g] => clamp(*g),
        [r, g, b] => 0.299 * clamp(*r) + 0.587 * clamp(*g) + 0.114 * clamp(*b),
        [c, m, y, k] => {
            let k = clamp(*k);
            let (r, g, b) = (
                (1.0 - clamp(*c)) * (1.0 - k),
                (1.0 - clamp(*m)) * (1.0 - k),
                (1.0 - clamp(*y)) * (1.0 - k),
            );
            0.299 * r + 0.587 * g + 0.114 * b
        }
        _ => return UNKNOWN_FILL,
    };
    (l * 255.0).round() as u8
}

/// Where the previous glyph ended, to decide on spaces and line feeds.
struct Pen {
    origin: Point,
    end: Point,
    dir: Point,
    size: f64,
    space: bool,
    /// The previous glyph's text and its range in the text.
    text: String,
    range: Range<u32>,
    /// Drawn with no extent (font size 0, `0 Tz`): such a glyph is no part of the words of
    /// normal glyphs around it.
    degenerate: bool,
    /// For a spacing accent (`¨`, `´`, TeX's separate accent glyphs): its combining mark,
    /// and where its text starts including a space put before it.
    accent: Option<(char, u32)>,
}

/// The combining mark of a spacing accent, as TeX and older fonts draw them: a glyph of its
/// own over the next letter.
fn spacing_accent(uni: &str) -> Option<char> {
    let mut chars = uni.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '\u{60}' => '\u{300}',
        '\u{B4}' | '\u{2CA}' => '\u{301}',
        '\u{5E}' | '\u{2C6}' => '\u{302}',
        '\u{7E}' | '\u{2DC}' => '\u{303}',
        '\u{AF}' | '\u{2C9}' => '\u{304}',
        '\u{2D8}' => '\u{306}',
        '\u{2D9}' => '\u{307}',
        '\u{A8}' => '\u{308}',
        '\u{2DA}' => '\u{30A}',
        '\u{2DD}' => '\u{30B}',
        '\u{2C7}' => '\u{30C}',
        '\u{B8}' => '\u{327}',
        '\u{2DB}' => '\u{328}',
        _ => return None,
    })
}

struct Walker<'d> {
    doc: &'d Document,
    layout: Layout,
    fonts: HashMap<usize, Rc<Font>>,
    form_units: HashMap<ObjectId, u32>,
    pen: Option<Pen>,
    page: u32,
    /// The Form placement being drawn, [`PAGE_CONTENT`] outside forms.
    instance: u32,
    ops_done: usize,
    max_stream: usize,
    /// The text of the glyph being shown, reused from glyph to glyph.
    glyph_text: String,
    /// Optional content groups that are off by default.
    oc_off: std::collections::HashSet<ObjectId>,
}

/// Walks every page of `doc`. `max_stream` bounds the decompressed size of one stream.
pub fn walk(doc: &Document, max_stream: usize) -> Result<Layout, WalkError> {
    let mut w = Walker {
        doc,
        layout: Layout {
            units: Vec::new(),
            pages: Vec::new(),
            glyphs: Vec::new(),
            forms: Vec::new(),
            alt: Vec::new(),
            text: String::new(),
        },
        instance: PAGE_CONTENT,
        fonts: HashMap::new(),
        form_units: HashMap::new(),
        pen: None,
        page: 0,
        ops_done: 0,
        max_stream,
        glyph_text: String::new(),
        oc_off: hidden_groups(doc),
    };
    for (number, page_id) in doc.get_pages() {
        w.page(number, page_id)
            .map_err(|e| format!("page {number}: {e}"))?;
    }
    let mut layout = w.layout;
    if let Some((alt, map)) = super::reading::reading_text(&layout) {
        layout.text.push_str("\n\n");
        let base = layout.text.len() as u32;
        layout.text.push_str(&alt);
        layout.alt = map
            .into_iter()
            .map(|(r, g)| (r.start + base..r.end + base, g))
            .collect();
    }
    Ok(layout)
}

impl<'d> Walker<'d> {
    fn page(&mut self, _number: u32, id: ObjectId) -> Result<(), WalkError> {
        let page = self
            .doc
            .get_dictionary(id)
            .map_err(|e| format!("page object unreadable: {e}"))?;
        if !self.layout.pages.is_empty() {
            self.layout.text.push('\n');
        }
        self.pen = None;
        let text_start = self.layout.text.len();
        let glyph_start = self.layout.glyphs.len();
        let media_box = inherited(self.doc, page, b"MediaBox")
            .and_then(|o| rect_of(self.doc, o))
            .unwrap_or(Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 612.0,
                y1: 792.0,
            });
        self.layout.pages.push(PageLayout {
            id,
            unit: None,
            glyphs: glyph_start..glyph_start,
            text: text_start..text_start,
            media_box,
            images: Vec::new(),
            paints: Vec::new(),
            q_underflow: 0,
            q_open: 0,
        });
        let data = self.page_content(id)?;
        if !data.is_empty() {
            let ops = lexer::parse(&data).map_err(|e| e.to_string())?;
            let unit = self.layout.units.len() as u32;
            self.layout.units.push(Unit {
                owner: Owner::Page(id),
                data,
                ops,
            });
            let resources = inherited(self.doc, page, b"Resources")
                .and_then(|o| self.doc.dereference(o).ok())
                .and_then(|(_, o)| o.as_dict().ok());
            let mut stack = Vec::new();
            let (under, open) =
                self.run(unit, resources, GState::new(Matrix::IDENTITY), &mut stack)?;
            let p = self.layout.pages.last_mut().expect("pushed above");
            p.unit = Some(unit);
            p.q_underflow = under;
            p.q_open = open;
        }
        let text_end = self.layout.text.len();
        let glyph_end = self.layout.glyphs.len();
        let p = self.layout.pages.last_mut().expect("pushed above");
        p.text = text_start..text_end;
        p.glyphs = glyph_start..glyph_end;
        self.page += 1;
        Ok(())
    }

    /// The page's content streams, decompressed and joined with a line feed.
    fn page_content(&self, id: ObjectId) -> Result<Vec<u8>, WalkError> {
        let page = self.doc.get_dictionary(id).map_err(|e| e.to_string())?;
        let Ok(contents) = page.get(b"Contents") else {
            return Ok(Vec::new());
        };
        let mut refs = Vec::new();
        match self.doc.dereference(contents) {
            Ok((_, Object::Array(items))) => {
                for item in items {
                    refs.push(item.clone());
                }
            }
            Ok(_) => refs.push(contents.clone()),
            Err(e) => return Err(format!("/Contents unreadable: {e}")),
        }
        let mut data = Vec::new();
        for r in refs {
            let stream = match self.doc.dereference(&r) {
                Ok((_, Object::Stream(s))) => s,
                Ok((_, Object::Null)) => continue,
                Ok(_) => return Err("/Contents is not a stream".into()),
                Err(e) => return Err(format!("/Contents unreadable: {e}")),
            };
            let bytes = stream_data(stream, self.max_stream)?;
            if !data.is_empty() {
                data.push(b'\n');
            }
            data.extend_from_slice(&bytes);
        }
        Ok(data)
    }

    /// Runs one unit. Returns the unmatched `Q` count and the `q` left open.
    fn run(
        &mut self,
        unit: u32,
        resources: Option<&'d Dictionary>,
        init: GState,
        stack: &mut Vec<ObjectId>,
    ) -> Result<(usize, usize), WalkError> {
        let ops = std::mem::take(&mut self.layout.units[unit as usize].ops);
        let result = self.run_ops(unit, &ops, resources, init, stack);
        self.layout.units[unit as usize].ops = ops;
        result
    }

    fn run_ops(
        &mut self,
        unit: u32,
        ops: &[Op],
        resources: Option<&'d Dictionary>,
        init: GState,
        stack: &mut Vec<ObjectId>,
    ) -> Result<(usize, usize), WalkError> {
        let mut gs = init;
        let mut saved: Vec<GState> = Vec::new();
        let mut underflow = 0usize;
        // The path being built, as its bounding box in page space, whether all its segments
        // run along the axes, and its current point.
        let mut path: Option<Rect> = None;
        let mut straight = true;
        let mut at: Option<Point> = None;
        // Marked content: whether each open section is hidden optional content.
        let mut marked: Vec<bool> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        self.ops_done += ops.len();
        if self.ops_done > MAX_OPS {
            return Err("too many content operations (over 50 million)".into());
        }
        for (i, op) in ops.iter().enumerate() {
            let n = |k: usize| op.operands.get(k).and_then(Operand::as_num);
            let num = |k: usize| -> Result<f64, WalkError> {
                n(k).filter(|v| v.is_finite()).ok_or_else(|| {
                    format!(
                        "operator {} needs a number operand",
                        String::from_utf8_lossy(&op.operator)
                    )
                })
            };
            match op.operator.as_slice() {
                b"q" => {
                    if saved.len() >= MAX_Q_DEPTH {
                        return Err("graphics state nested too deeply".into());
                    }
                    saved.push(gs.clone());
                }
                b"Q" => match saved.pop() {
                    Some(s) => gs = s,
                    None => underflow += 1,
                },
                b"cm" => {
                    let m = Matrix([num(0)?, num(1)?, num(2)?, num(3)?, num(4)?, num(5)?]);
                    gs.ctm = m.then(&gs.ctm);
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    let name = op
                        .operands
                        .first()
                        .and_then(Operand::as_name)
                        .ok_or("Tf without a font name")?;
                    gs.font = Some(self.font(resources, name)?);
                    gs.font_name = name.to_vec();
                    gs.size = num(1)?;
                }
                b"Tc" => gs.tc = num(0)?,
                b"Tw" => gs.tw = num(0)?,
                b"Tz" => gs.th = num(0)? / 100.0,
                b"TL" => gs.tl = num(0)?,
                b"Ts" => gs.rise = num(0)?,
                b"Tr" => gs.render = num(0)?.clamp(0.0, 7.0) as u8,
                b"Td" => {
                    tlm = Matrix::translate(num(0)?, num(1)?).then(&tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.tl = -num(1)?;
                    tlm = Matrix::translate(num(0)?, num(1)?).then(&tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    tlm = Matrix([num(0)?, num(1)?, num(2)?, num(3)?, num(4)?, num(5)?]);
                    tm = tlm;
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -gs.tl).then(&tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op.operator == b"\"" {
                        gs.tw = num(0)?;
                        gs.tc = num(1)?;
                    }
                    if op.operator != b"Tj" {
                        tlm = Matrix::translate(0.0, -gs.tl).then(&tlm);
                        tm = tlm;
                    }
                    let Some(Operand::Str(s)) = op.operands.last() else {
                        return Err("text operator without a string".into());
                    };
                    self.show(unit, i as u32, 0, s, &gs, &mut tm)?;
                }
                b"TJ" => {
                    let Some(Operand::Array(items)) = op.operands.first() else {
                        return Err("TJ without an array".into());
                    };
                    let mut elem = 0u32;
                    for item in items {
                        match item {
                            Operand::Str(s) => {
                                self.show(unit, i as u32, elem, s, &gs, &mut tm)?;
                                elem += 1;
                            }
                            Operand::Num(adj) if adj.is_finite() => {
                                let vertical = gs.font.as_ref().is_some_and(|f| f.vertical());
                                tm = if vertical {
                                    Matrix::translate(0.0, -adj / 1000.0 * gs.size).then(&tm)
                                } else {
                                    let tx = -adj / 1000.0 * gs.size * gs.th;
                                    Matrix::translate(tx, 0.0).then(&tm)
                                };
                            }
                            _ => {
                                return Err(
                                    "TJ array holds something else than strings and numbers".into(),
                                )
                            }
                        }
                    }
                }
                b"gs" => {
                    if let Some(name) = op.operands.first().and_then(Operand::as_name) {
                        self.ext_gstate(resources, name, &mut gs)?;
                    }
                }
                b"Do" => {
                    if let Some(name) = op.operands.first().and_then(Operand::as_name) {
                        self.draw_xobject(resources, name, &gs, stack, (unit, i as u32))?;
                    }
                }
                b"BI" => {
                    let r = Rect::unit_square(&gs.ctm);
                    self.paint(r, UNKNOWN_FILL, true, gs.ctm.is_upright(), &gs);
                    self.current_page().images.push(r);
                }
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => {
                    let comps: Vec<f64> = op.operands.iter().filter_map(Operand::as_num).collect();
                    gs.fill = if op.operands.iter().any(|o| o.as_name().is_some()) {
                        UNKNOWN_FILL
                    } else {
                        lightness(&comps)
                    };
                }
                b"cs" => {
                    // A new colour space starts at its initial colour: black, except for a
                    // pattern.
                    let pattern =
                        op.operands.first().and_then(Operand::as_name) == Some(b"Pattern");
                    gs.fill = if pattern { UNKNOWN_FILL } else { 0 };
                }
                // Paths only matter to `check` (what covers text): a malformed one is passed
                // over, not an error.
                b"m" | b"l" => {
                    let (Some(x), Some(y)) = (n(0), n(1)) else {
                        continue;
                    };
                    let p = gs.ctm.apply(Point { x, y });
                    if op.operator == b"l" {
                        if let Some(a) = at {
                            straight &= (a.x - p.x).abs() < 1e-6 || (a.y - p.y).abs() < 1e-6;
                        }
                    }
                    at = Some(p);
                    path = Some(grow(path, p));
                }
                b"c" | b"v" | b"y" => {
                    straight = false;
                    for k in (0..op.operands.len()).step_by(2) {
                        if let (Some(x), Some(y)) = (n(k), n(k + 1)) {
                            let p = gs.ctm.apply(Point { x, y });
                            at = Some(p);
                            path = Some(grow(path, p));
                        }
                    }
                }
                b"re" => {
                    let (Some(x), Some(y), Some(w), Some(h)) = (n(0), n(1), n(2), n(3)) else {
                        continue;
                    };
                    straight &= gs.ctm.is_upright();
                    for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                        path = Some(grow(path, gs.ctm.apply(Point { x: px, y: py })));
                    }
                    at = Some(gs.ctm.apply(Point { x, y }));
                }
                b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if let Some(r) = path.take() {
                        self.paint(r, gs.fill, false, straight, &gs);
                    }
                    (straight, at) = (true, None);
                }
                b"S" | b"s" | b"n" => (path, straight, at) = (None, true, None),
                b"BMC" => marked.push(gs.hidden),
                b"BDC" => {
                    marked.push(gs.hidden);
                    let is_oc = op.operands.first().and_then(Operand::as_name) == Some(b"OC");
                    if is_oc {
                        let hidden = op
                            .operands
                            .get(1)
                            .and_then(Operand::as_name)
                            .and_then(|name| self.oc_of(resources, name))
                            .is_some_and(|id| self.oc_off.contains(&id));
                        gs.hidden |= hidden;
                    }
                }
                b"EMC" => {
                    if let Some(h) = marked.pop() {
                        gs.hidden = h;
                    }
                }
                _ => {}
            }
        }
        Ok((underflow, saved.len()))
    }

    /// Records an opaque painted area (a fill at 90% opacity or more, or an image).
    fn paint(&mut self, rect: Rect, fill: u8, image: bool, axis_aligned: bool, gs: &GState) {
        if gs.alpha < 0.9 || gs.hidden {
            return;
        }
        let after_glyphs = self.layout.glyphs.len();
        self.current_page().paints.push(Paint {
            rect,
            fill,
            image,
            axis_aligned,
            after_glyphs,
        });
    }

    /// The optional content group that a `/OC /name BDC` names in the resources.
    fn oc_of(&self, resources: Option<&'d Dictionary>, name: &[u8]) -> Option<ObjectId> {
        resources
            .and_then(|r| r.get(b"Properties").ok())
            .and_then(|p| self.doc.dereference(p).ok())
            .and_then(|(_, p)| p.as_dict().ok())
            .and_then(|p| p.get(name).ok())
            .and_then(|o| o.as_reference().ok())
    }

    fn current_page(&mut self) -> &mut PageLayout {
        self.layout
            .pages
            .last_mut()
            .expect("walking happens inside a page")
    }

    fn font(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
    ) -> Result<Rc<Font>, WalkError> {
        let shown = String::from_utf8_lossy(name);
        let entry = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|f| self.doc.dereference(f).ok())
            .and_then(|(_, f)| f.as_dict().ok())
            .and_then(|f| f.get(name).ok())
            .ok_or_else(|| format!("font /{shown} is not in the page resources"))?;
        self.font_from(entry, name)
    }

    fn font_from(&mut self, entry: &'d Object, name: &[u8]) -> Result<Rc<Font>, WalkError> {
        let shown = String::from_utf8_lossy(name);
        let (id, obj) = self
            .doc
            .dereference(entry)
            .map_err(|e| format!("font /{shown} unreadable: {e}"))?;
        let dict = obj
            .as_dict()
            .map_err(|_| format!("font /{shown} is not a dictionary"))?;
        let key = match id {
            Some((n, g)) => (u64::from(n) << 16 | u64::from(g)) as usize,
            None => dict as *const Dictionary as usize,
        };
        if let Some(f) = self.fonts.get(&key) {
            return Ok(f.clone());
        }
        let font = Rc::new(Font::from_dict(self.doc, name, dict).map_err(|e| e.to_string())?);
        self.fonts.insert(key, font.clone());
        Ok(font)
    }

    fn ext_gstate(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        gs: &mut GState,
    ) -> Result<(), WalkError> {
        let Some(dict) = resources
            .and_then(|r| r.get(b"ExtGState").ok())
            .and_then(|f| self.doc.dereference(f).ok())
            .and_then(|(_, f)| f.as_dict().ok())
            .and_then(|f| f.get(name).ok())
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
        else {
            return Ok(());
        };
        if let Ok(ca) = dict.get(b"ca").and_then(Object::as_float) {
            gs.alpha = f64::from(ca);
        }
        if let Ok(Object::Array(font)) = dict.get(b"Font") {
            if let (Some(f), Some(size)) = (font.first(), font.get(1)) {
                gs.font = Some(self.font_from(f, b"ExtGState font")?);
                gs.size = size.as_float().map(f64::from).unwrap_or(0.0);
            }
        }
        Ok(())
    }

    fn draw_xobject(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        gs: &GState,
        stack: &mut Vec<ObjectId>,
        (parent_unit, parent_op): (u32, u32),
    ) -> Result<(), WalkError> {
        let shown = String::from_utf8_lossy(name);
        let Some(entry) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|f| self.doc.dereference(f).ok())
            .and_then(|(_, f)| f.as_dict().ok())
            .and_then(|f| f.get(name).ok())
        else {
            return Err(format!("XObject /{shown} is not in the resources"));
        };
        let Ok(id) = entry.as_reference() else {
            return Err(format!("XObject /{shown} is not an indirect stream"));
        };
        let stream = match self.doc.get_object(id) {
            Ok(Object::Stream(s)) => s,
            _ => return Err(format!("XObject /{shown} is not a stream")),
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                let r = Rect::unit_square(&gs.ctm);
                self.paint(r, UNKNOWN_FILL, true, gs.ctm.is_upright(), gs);
                self.current_page().images.push(r);
                Ok(())
            }
            Ok(b"Form") => {
                if stack.contains(&id) {
                    return Err(format!("Form XObject /{shown} draws itself"));
                }
                if stack.len() >= MAX_FORM_DEPTH {
                    return Err("Form XObjects nested too deeply".into());
                }
                let unit = match self.form_units.get(&id) {
                    Some(&u) => u,
                    None => {
                        let data = stream_data(stream, self.max_stream)?;
                        let ops = lexer::parse(&data)
                            .map_err(|e| format!("Form XObject /{shown}: {e}"))?;
                        let u = self.layout.units.len() as u32;
                        self.layout.units.push(Unit {
                            owner: Owner::Form(id),
                            data,
                            ops,
                        });
                        self.form_units.insert(id, u);
                        u
                    }
                };
                let matrix = match stream.dict.get(b"Matrix") {
                    Ok(Object::Array(a)) if a.len() == 6 => {
                        let mut m = [0.0; 6];
                        for (k, v) in a.iter().enumerate() {
                            m[k] = v.as_float().map(f64::from).unwrap_or(0.0);
                        }
                        Matrix(m)
                    }
                    _ => Matrix::IDENTITY,
                };
                let own = stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| self.doc.dereference(o).ok())
                    .and_then(|(_, o)| o.as_dict().ok());
                let mut init = gs.clone();
                init.ctm = matrix.then(&gs.ctm);
                // A form in optional content that is off is not shown.
                if let Ok(oc) = stream.dict.get(b"OC").and_then(Object::as_reference) {
                    init.hidden |= self.oc_off.contains(&oc);
                }
                let placement = self.layout.forms.len() as u32;
                self.layout.forms.push(FormPlacement {
                    unit,
                    parent_unit,
                    parent_op,
                    parent_instance: self.instance,
                    name: name.to_vec(),
                    page: self.page,
                });
                let outer = std::mem::replace(&mut self.instance, placement);
                stack.push(id);
                let r = self.run(unit, own.or(resources), init, stack);
                stack.pop();
                self.instance = outer;
                r.map(|_| ())
            }
            // PostScript XObjects are not drawn by conforming readers.
            _ => Ok(()),
        }
    }

    /// Shows one string: records a glyph per code and advances the text matrix.
    fn show(
        &mut self,
        unit: u32,
        op: u32,
        elem: u32,
        s: &[u8],
        gs: &GState,
        tm: &mut Matrix,
    ) -> Result<(), WalkError> {
        let Some(font) = gs.font.clone() else {
            return Err("text shown without a font (no Tf)".into());
        };
        let codes = font.split(s).map_err(|e| e.to_string())?;
        if self.layout.glyphs.len() + codes.len() > MAX_GLYPHS {
            return Err("too many glyphs (over 20 million)".into());
        }
        let (asc, desc) = (font.ascent(), font.descent());
        let vertical = font.vertical();
        for code_range in codes {
            let code = &s[code_range.clone()];
            let w0 = font.advance(code);
            let space = font.is_word_space(code);
            let spacing = gs.tc + if space { gs.tw } else { 0.0 };
            let trm = Matrix([gs.size * gs.th, 0.0, 0.0, gs.size, 0.0, gs.rise])
                .then(tm)
                .then(&gs.ctm);
            if !trm.is_finite() {
                return Err("text matrix is not finite".into());
            }
            // Vertical writing (§9.7.4.3): the glyph hangs from its vertical origin by the
            // position vector v, and the text position moves down by w1y.
            let (vx, vy, w1y) = if vertical {
                let (w1y, vx, vy) = font.vertical_metrics(code);
                (vx, vy, w1y)
            } else {
                (0.0, 0.0, 0.0)
            };
            let quad = Quad([
                trm.apply(Point::new(-vx, desc - vy)),
                trm.apply(Point::new(w0 - vx, desc - vy)),
                trm.apply(Point::new(w0 - vx, asc - vy)),
                trm.apply(Point::new(-vx, asc - vy)),
            ]);
            let origin = trm.apply(Point::new(0.0, 0.0));
            let up = Point::new(trm.0[2], trm.0[3]);
            let (advance, step) = if vertical {
                let ty = w1y * gs.size + spacing;
                (ty, Matrix::translate(0.0, ty))
            } else {
                let tx = (w0 * gs.size + spacing) * gs.th;
                (w0 * gs.size + spacing, Matrix::translate(tx, 0.0))
            };
            *tm = step.then(tm);
            let end = Matrix([gs.size * gs.th, 0.0, 0.0, gs.size, 0.0, gs.rise])
                .then(tm)
                .then(&gs.ctm)
                .apply(Point::new(0.0, 0.0));
            let dir = if vertical {
                end - origin
            } else {
                Point::new(trm.0[0], trm.0[1])
            };

            // One buffer for every glyph's text: this runs per glyph.
            let mut uni = std::mem::take(&mut self.glyph_text);
            uni.clear();
            if !font.unicode_into(code, &mut uni) {
                return Err(format!(
                    "font /{} ({}) has a glyph without a Unicode mapping",
                    String::from_utf8_lossy(&gs.font_name),
                    font.base_name()
                ));
            }
            let text = self.push_text(&uni, origin, end, dir, up.len());
            self.glyph_text = uni;
            // The TJ number that moves as far (horizontally `-n/1000 × Tfs × Th`, vertically
            // `-n/1000 × Tfs`): Th cancels in both.
            let comp = if gs.size != 0.0 {
                -1000.0 * advance / gs.size
            } else {
                f64::NAN
            };
            self.layout.glyphs.push(Glyph {
                page: self.page,
                unit,
                op,
                elem,
                bytes: code_range.start as u32..code_range.end as u32,
                comp,
                quad,
                render: gs.render,
                fill: gs.fill,
                hidden: gs.hidden,
                text,
                instance: self.instance,
            });
        }
        Ok(())
    }

    /// Appends a glyph's text, with a line feed or space before it where the layout says so.
    fn push_text(
        &mut self,
        uni: &str,
        origin: Point,
        end: Point,
        dir: Point,
        size: f64,
    ) -> Range<u32> {
        let is_space = uni.chars().all(char::is_whitespace) && !uni.is_empty();
        let dir_len = dir.len();
        let unit_dir = if dir_len > 0.0 {
            dir.scale(1.0 / dir_len)
        } else {
            Point::new(1.0, 0.0)
        };
        // The same glyph drawn again at almost the same place (fake bold, a shadow) is one
        // letter of the text: it shares the first one's text, so it goes with it.
        if let Some(pen) = &self.pen {
            let near = (origin - pen.origin).len() < 0.06 * pen.size.max(size).max(0.01);
            if near && pen.text == uni && !is_space && !uni.is_empty() {
                return pen.range.clone();
            }
        }
        let degenerate = dir_len < 1e-6 || size < 1e-6;
        let (range, space, accent) = match self.compose_accent(uni, origin, end, size) {
            Some(range) => (range, false, None),
            None => self.push_glyph_text(uni, origin, unit_dir, size, is_space, degenerate),
        };
        // The previous pen's text buffer is reused.
        let mut prev_text = self.pen.take().map(|p| p.text).unwrap_or_default();
        prev_text.clear();
        prev_text.push_str(uni);
        self.pen = Some(Pen {
            origin,
            end,
            dir: unit_dir,
            size,
            space,
            text: prev_text,
            range: range.clone(),
            degenerate,
            accent,
        });
        range
    }

    /// A letter under the spacing accent drawn just before it (`No` `¨` `e` `l` from TeX):
    /// the two read as one letter (`ë`), and both glyphs share its text, so that removing
    /// the letter removes the accent too. Returns the shared text, or `None` when `uni` is
    /// no such letter.
    fn compose_accent(
        &mut self,
        uni: &str,
        origin: Point,
        end: Point,
        size: f64,
    ) -> Option<Range<u32>> {
        let pen = self.pen.as_ref()?;
        let (Some((mark, from)), Some(base)) = (pen.accent, single_letter(uni)) else {
            return None;
        };
        let (a0, a1) = (pen.origin.dot(pen.dir), pen.end.dot(pen.dir));
        let (b0, b1) = (origin.dot(pen.dir), end.dot(pen.dir));
        // Drawn over each other by a fifth of the accent's width at least: glyphs merely
        // side by side (`~J`, "don`t") stay apart.
        let w = (a1 - a0).abs();
        let overlap = w > 0.0 && b0 < a1 - 0.2 * w && b1 > a0 + 0.2 * w;
        let same_line = (origin - pen.origin)
            .dot(Point::new(-pen.dir.y, pen.dir.x))
            .abs()
            < 0.9 * pen.size.max(size).max(0.01);
        if !(overlap && same_line && pen.range.end as usize == self.layout.text.len()) {
            return None;
        }
        let text = &mut self.layout.text;
        // The space a gap put before the accent goes; a line feed stays.
        let cut = if text[from as usize..pen.range.start as usize].contains('\n') {
            pen.range.start
        } else {
            from
        };
        text.truncate(cut as usize);
        let start = text.len() as u32;
        text.extend([base, mark].iter().collect::<String>().nfc());
        let range = start..text.len() as u32;
        if let Some(g) = self.layout.glyphs.last_mut() {
            if g.text == pen.range {
                g.text = range.clone();
            }
        }
        Some(range)
    }

    /// Appends a glyph's text after the space or line feed its distance to the glyph before
    /// calls for. Returns its range, whether it is a space, and its combining mark with the
    /// start of the gap if it is a spacing accent.
    fn push_glyph_text(
        &mut self,
        uni: &str,
        origin: Point,
        unit_dir: Point,
        size: f64,
        is_space: bool,
        degenerate: bool,
    ) -> (Range<u32>, bool, Option<(char, u32)>) {
        let text = &mut self.layout.text;
        let before_gap = text.len() as u32;
        if let Some(pen) = self.pen.as_ref().filter(|p| p.degenerate != degenerate) {
            if !pen.space && !is_space && !text.ends_with(['\n', ' ']) {
                text.push(' ');
            }
        } else if let Some(pen) = &self.pen {
            let delta = origin - pen.end;
            let along = delta.dot(pen.dir);
            let across = delta.dot(Point::new(-pen.dir.y, pen.dir.x));
            let size_ref = pen.size.max(size).max(0.01);
            let turned = unit_dir.dot(pen.dir) < 0.99;
            if turned || across.abs() > 0.6 * size_ref || along < -0.8 * size_ref {
                if !text.ends_with('\n') {
                    // Drop a trailing space before the line feed.
                    if text.ends_with(' ') && !pen.space {
                        text.pop();
                    }
                    text.push('\n');
                }
            } else if along > 0.1 * size_ref && !pen.space && !is_space {
                // A gap of a tenth of the font size is a word break, as in poppler's
                // TextOutputDev (`minWordBreakSpace`); kerning stays well below it.
                text.push(' ');
            }
        }
        let start = text.len() as u32;
        if uni.is_ascii() {
            text.extend(uni.chars().filter(|c| !c.is_control()));
        } else {
            for c in uni.nfkc() {
                match c {
                    '\u{00AD}' => text.push('-'),
                    '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => text.push(' '),
                    '\u{200B}'..='\u{200D}' | '\u{FEFF}' => {}
                    c if c.is_control() => {}
                    c => text.push(c),
                }
            }
        }
        let end_pos = text.len() as u32;
        (
            start..end_pos,
            is_space,
            spacing_accent(uni).map(|m| (m, before_gap)),
        )
    }
}

/// The one letter `uni` is, if it is one.
fn single_letter(uni: &str) -> Option<char> {
    let mut chars = uni.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c.is_alphabetic()).then_some(c)
}

/// A stream's decoded bytes, refusing streams whose filters cannot be undone.
pub fn stream_data(stream: &lopdf::Stream, max: usize) -> Result<Vec<u8>, WalkError> {
    if stream.dict.get(b"Filter").is_err() {
        if stream.content.len() > max {
            return Err("stream larger than the limit".into());
        }
        return Ok(stream.content.clone());
    }
    stream
        .decompressed_content_with_limit(max)
        .map_err(|e| format!("stream cannot be decoded: {e}"))
}

/// A page attribute, looked up through the page tree (§7.7.3.4).
pub fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(v) = node.get(key) {
            return Some(v);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|p| doc.dereference(p).ok())
            .and_then(|(_, p)| p.as_dict().ok())?;
    }
    None
}

/// The optional content groups that are off by default: those in `/OCProperties /D /OFF`,
/// or, with `/BaseState /OFF`, all but those in `/ON`.
fn hidden_groups(doc: &Document) -> std::collections::HashSet<ObjectId> {
    let mut off = std::collections::HashSet::new();
    let Some(props) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"OCProperties").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return off;
    };
    let refs = |d: &Dictionary, key: &[u8]| -> Vec<ObjectId> {
        d.get(key)
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
            .map(|a| a.iter().filter_map(|r| r.as_reference().ok()).collect())
            .unwrap_or_default()
    };
    let Some(d) = props
        .get(b"D")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return off;
    };
    off.extend(refs(d, b"OFF"));
    if d.get(b"BaseState").and_then(Object::as_name).ok() == Some(b"OFF") {
        let on: std::collections::HashSet<ObjectId> = refs(d, b"ON").into_iter().collect();
        off.extend(refs(props, b"OCGs").into_iter().filter(|g| !on.contains(g)));
    }
    off
}

/// What a viewer shows of a page: its CropBox (inherited) within its MediaBox, or the
/// MediaBox without one. Empty (`x0 > x1` or `y0 > y1`) when the two do not meet.
pub fn visible_box(doc: &Document, page: &PageLayout) -> Rect {
    let m = page.media_box;
    doc.get_dictionary(page.id)
        .ok()
        .and_then(|d| inherited(doc, d, b"CropBox"))
        .and_then(|c| rect_of(doc, c))
        .map(|c| Rect {
            x0: c.x0.max(m.x0),
            y0: c.y0.max(m.y0),
            x1: c.x1.min(m.x1),
            y1: c.y1.min(m.y1),
        })
        .unwrap_or(m)
}

/// Every item of the document outline (its bookmarks), following `/First` and `/Next`; a
/// cycle or a tree of more than a million items ends the walk.
pub fn outline_items(doc: &Document) -> Vec<ObjectId> {
    let Some(first) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
        .and_then(|o| o.get(b"First").ok())
        .and_then(|f| f.as_reference().ok())
    else {
        return Vec::new();
    };
    let mut todo = vec![first];
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) || seen.len() > 1_000_000 {
            continue;
        }
        let Ok(item) = doc.get_dictionary(id) else {
            continue;
        };
        out.push(id);
        for k in [&b"First"[..], b"Next"] {
            if let Ok(r) = item.get(k).and_then(Object::as_reference) {
                todo.push(r);
            }
        }
    }
    out
}

/// `r` grown to hold `p`.
fn grow(r: Option<Rect>, p: Point) -> Rect {
    match r {
        None => Rect {
            x0: p.x,
            y0: p.y,
            x1: p.x,
            y1: p.y,
        },
        Some(r) => Rect {
            x0: r.x0.min(p.x),
            y0: r.y0.min(p.y),
            x1: r.x1.max(p.x),
            y1: r.y1.max(p.y),
        },
    }
}

/// A rectangle object (`[x0 y0 x1 y1]`, indirect parts resolved), normalised.
pub fn rect_of(doc: &Document, o: &Object) -> Option<Rect> {
    let (_, o) = doc.dereference(o).ok()?;
    let a = o.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f64> = a
        .iter()
        .map(|x| doc.dereference(x).ok().and_then(|(_, x)| x.as_float().ok()))
        .collect::<Option<Vec<f32>>>()?
        .into_iter()
        .map(f64::from)
        .collect();
    Some(Rect {
        x0: v[0].min(v[2]),
        y0: v[1].min(v[3]),
        x1: v[0].max(v[2]),
        y1: v[1].max(v[3]),
    })
}
