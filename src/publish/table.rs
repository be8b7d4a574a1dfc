//! Writers for the inventory tables of a publication set (`inventarislijst`,
//! `productierapport`) as CSV, XLSX and PDF.
//!
//! Pure functions from a [`Table`] to bytes; the caller writes them with
//! [`super::write_atomic`]. Every writer is deterministic: the same table gives the same bytes,
//! whatever the thread count or the time of day.

use std::borrow::Cow;
use std::fmt;

use lopdf::{dictionary, Document, Object, Stream, StringFormat};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, IgnoreError, Workbook};

use crate::redact::textpdf::{num, pdf_string, winansi, HELVETICA_WIDTHS};

/// A table to write: a sheet or document title, column headers, and rows of cell text.
///
/// The table has `headers.len()` columns. A row with fewer cells is padded with empty cells;
/// a row with more cells is an error, so no cell is ever dropped without notice.
#[derive(Clone, Copy)]
pub struct Table<'a> {
    pub title: &'a str,
    pub headers: &'a [&'a str],
    pub rows: &'a [Vec<String>],
}

// Cells can hold file names and explanations; show the shape, not the content.
impl fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Table")
            .field("title", &self.title)
            .field("columns", &self.headers.len())
            .field("rows", &self.rows.len())
            .finish()
    }
}

impl Table<'_> {
    /// The number of columns, after checking that the table has some and that no row is longer.
    fn width(&self) -> Result<usize, String> {
        if self.headers.is_empty() {
            return Err("table has no columns".into());
        }
        let width = self.headers.len();
        match self.rows.iter().position(|r| r.len() > width) {
            Some(i) => Err(format!(
                "row {} has {} cells, the table has {width} columns",
                i + 1,
                self.rows[i].len()
            )),
            None => Ok(width),
        }
    }
}

/// The cells of `row`, padded with empty cells to `width`.
fn cells(row: &[String], width: usize) -> impl Iterator<Item = &str> {
    row.iter()
        .map(String::as_str)
        .chain(std::iter::repeat(""))
        .take(width)
}

pub use super::date::Date;

// --- CSV ---------------------------------------------------------------------------------------

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The table as CSV: a UTF-8 byte order mark (so Excel reads UTF-8), comma-delimited, CRLF
/// line ends, the header row first.
///
/// A field is quoted when it contains `,` `;` `"` or a line break, or starts or ends with
/// whitespace: a ground list (`5.1.1e; 5.1.2e`) stays one cell in an Excel whose list
/// separator is `;`. A cell that starts with `=` `+` `-` `@`, a tab or a carriage return gets
/// a leading `'`, so a spreadsheet shows it as text instead of running it as a formula
/// (OWASP, "CSV Injection").
pub fn to_csv(t: &Table) -> Result<Vec<u8>, String> {
    let width = t.width()?;
    let mut out = Vec::with_capacity(64 * (t.rows.len() + 1));
    out.extend_from_slice(BOM);
    // The csv crate chooses its quoting per writer, not per field, and its `Necessary` style
    // leaves `;` and edge whitespace bare; fields are quoted by `csv_field`, the writer only
    // joins them.
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Never)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let one_column = width == 1;
    w.write_record(
        t.headers
            .iter()
            .map(|h| csv_field(h, one_column).into_owned()),
    )
    .map_err(|e| format!("csv: {e}"))?;
    for row in t.rows {
        w.write_record(cells(row, width).map(|c| csv_field(c, one_column).into_owned()))
            .map_err(|e| format!("csv: {e}"))?;
    }
    w.into_inner().map_err(|e| format!("csv: {}", e.error()))
}

/// One CSV field: neutralised against formula injection, then quoted where needed.
fn csv_field(cell: &str, one_column: bool) -> Cow<'_, str> {
    let cell: Cow<'_, str> = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    };
    let needs_quotes = cell.contains([',', ';', '"', '\n', '\r'])
        || cell.starts_with(char::is_whitespace)
        || cell.ends_with(char::is_whitespace)
        // A lone empty field would be an empty line, which readers skip.
        || (one_column && cell.is_empty());
    if needs_quotes {
        format!("\"{}\"", cell.replace('"', "\"\"")).into()
    } else {
        cell
    }
}

// --- XLSX --------------------------------------------------------------------------------------

/// Column widths in Excel character units.
const XLSX_MIN_WIDTH: usize = 8;
const XLSX_MAX_WIDTH: usize = 60;

/// The table as an xlsx workbook with one sheet named `sheet_name` (at most 31 characters,
/// none of `[ ] : * ? / \`).
///
/// The header row is bold, frozen and carries an autofilter; columns are as wide as their
/// content, capped. Every cell is a string, so a document ID like `0012` stays `0012`; the
/// columns are formatted as text so typed values stay text too, and Excel's "number stored as
/// text" warning is switched off. Strings in an xlsx are never evaluated, so no formula prefix
/// is needed here. The document properties carry `t.title` and `created` as their creation
/// and modification date (the zip entries have a fixed timestamp), so the bytes depend on the
/// input only.
pub fn to_xlsx(t: &Table, sheet_name: &str, created: Date) -> Result<Vec<u8>, String> {
    let width = t.width()?;
    // `Date` is a checked date of 1900 to 2100: the casts hold.
    let created_at =
        ExcelDateTime::from_ymd(created.year as u16, created.month as u8, created.day as u8)
            .map_err(|e| format!("xlsx: invalid creation date {created}: {e}"))?;
    let last_row = u32::try_from(t.rows.len())
        .ok()
        .filter(|&r| r < 1_048_576)
        .ok_or_else(|| format!("xlsx: {} rows do not fit in a sheet", t.rows.len()))?;
    let last_col = u16::try_from(width - 1)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or_else(|| format!("xlsx: {width} columns do not fit in a sheet"))?;
    let xlsx = |e: rust_xlsxwriter::XlsxError| format!("xlsx: {e}");

    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(t.title)
            .set_creation_datetime(&created_at),
    );
    let text = Format::new().set_num_format("@");
    let header = Format::new().set_bold().set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name)
        .map_err(|e| format!("xlsx: invalid sheet name {sheet_name:?}: {e}"))?;

    // Widths: the longest line of a column, plus room for the filter button in the header.
    let mut widths: Vec<usize> = t.headers.iter().map(|h| longest_line(h) + 4).collect();
    for (c, h) in (0..=last_col).zip(t.headers) {
        ws.write_string_with_format(0, c, *h, &header)
            .map_err(xlsx)?;
    }
    for (r, row) in (1..=last_row).zip(t.rows) {
        for ((c, cell), w) in (0..=last_col).zip(cells(row, width)).zip(&mut widths) {
            if cell.is_empty() {
                continue;
            }
            ws.write_string_with_format(r, c, cell, &text)
                .map_err(|e| format!("xlsx: row {r}, column {}: {e}", c + 1))?;
            *w = (*w).max(longest_line(cell) + 1);
        }
    }
    ws.set_column_range_format(0, last_col, &text)
        .map_err(xlsx)?;
    for (c, w) in (0..=last_col).zip(&widths) {
        let w = (*w).clamp(XLSX_MIN_WIDTH, XLSX_MAX_WIDTH) as f64;
        ws.set_column_width(c, w).map_err(xlsx)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx)?;
    ws.autofilter(0, 0, last_row, last_col).map_err(xlsx)?;
    ws.ignore_error_range(0, 0, last_row, last_col, IgnoreError::NumberStoredAsText)
        .map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

/// The length in characters of the longest line of `s`.
fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

// --- PDF ---------------------------------------------------------------------------------------

/// A4 landscape, in points.
const PAGE_W: f32 = 841.89;
const PAGE_H: f32 = 595.276;
/// 1 cm on the sides and at the top; the page number sits in the bottom margin.
const MARGIN: f32 = 28.35;
const BOTTOM: f32 = 36.0;
const FOOTER_Y: f32 = 18.0;
const TITLE_SIZE: f32 = 12.0;
const TITLE_LEADING: f32 = 14.5;
const SUBTITLE_SIZE: f32 = 9.0;
const SUBTITLE_LEADING: f32 = 11.0;
const SIZE: f32 = 7.0;
const LEADING: f32 = 8.4;
const FOOTER_SIZE: f32 = 7.5;
/// Cell padding: left and right, top and bottom.
const PAD_X: f32 = 2.0;
const PAD_Y: f32 = 1.8;
/// The least width of a column, padding included, and the most its longest word may claim as
/// that least width (longer words are broken).
const COL_MIN: f32 = 24.0;
const COL_MIN_CAP: f32 = 72.0;
/// Below this width a column cannot show a character per line.
const COL_FLOOR: f32 = 10.0;
/// Bytes after which a word too wide for its column is broken first (paths, links, IDs).
const BREAK_AFTER: &[u8] = b"/\\-_.@&?=";

/// The table as a PDF to publish: A4 landscape, `t.title` and `subtitle` at the top of the
/// first page, then the table in 7 pt Helvetica with thin grid lines, the header row (on a
/// grey band) repeated on every page, cell text wrapped within its column, and `pagina N van M`
/// at the bottom of every page.
///
/// Column widths follow the content (see [`column_widths`]), with a minimum that fits the
/// longest word where it can. Rows taller than a page continue on the next.
/// Text is WinAnsi: characters outside it are written as their base letter or `?`. The output
/// is deterministic: no dates, no random IDs.
pub fn to_pdf(t: &Table, subtitle: &str) -> Result<Vec<u8>, String> {
    let width = t.width()?;
    let avail = PAGE_W - 2.0 * MARGIN;
    if width as f32 * COL_FLOOR > avail {
        return Err(format!(
            "pdf: {width} columns do not fit on a landscape A4 page"
        ));
    }
    let rows: Vec<Vec<&str>> = t.rows.iter().map(|r| cells(r, width).collect()).collect();
    let widths = column_widths(t.headers, &rows);

    let wrap_row = |row: &[&str]| -> Vec<Vec<Vec<u8>>> {
        row.iter()
            .zip(&widths)
            .map(|(cell, w)| wrap(cell, w - 2.0 * PAD_X, SIZE))
            .collect()
    };
    let header = wrap_row(t.headers);
    let body: Vec<Vec<Vec<Vec<u8>>>> = rows.iter().map(|r| wrap_row(r)).collect();

    let title = wrap(t.title, avail, TITLE_SIZE);
    let subtitle = wrap(subtitle, avail, SUBTITLE_SIZE);
    let title_h = title.len() as f32 * TITLE_LEADING
        + subtitle.len() as f32 * SUBTITLE_LEADING
        + if title.is_empty() && subtitle.is_empty() {
            0.0
        } else {
            8.0
        };

    let pages = paginate(&header, &body, PAGE_H - MARGIN - title_h);
    let count = pages.len();

    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids: Vec<Object> = Vec::with_capacity(count);
    for (i, page) in pages.iter().enumerate() {
        let mut c = Canvas::default();
        let mut top = PAGE_H - MARGIN;
        if i == 0 {
            for line in &title {
                c.text(MARGIN, top - TITLE_SIZE, TITLE_SIZE, line);
                top -= TITLE_LEADING;
            }
            for line in &subtitle {
                c.text(MARGIN, top - SUBTITLE_SIZE, SUBTITLE_SIZE, line);
                top -= SUBTITLE_LEADING;
            }
            top = PAGE_H - MARGIN - title_h;
        }
        let header_lines = max_lines(&header);
        top = c.row(&widths, &header, 0, header_lines, top, true);
        for slice in page {
            top = c.row(&widths, &body[slice.row], slice.from, slice.to, top, false);
        }
        let footer = encode(&format!("pagina {} van {count}", i + 1));
        let fw = width_of(&footer, FOOTER_SIZE);
        c.text((PAGE_W - fw) / 2.0, FOOTER_Y, FOOTER_SIZE, &footer);

        let content_id = doc.add_object(Stream::new(dictionary! {}, c.finish()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_W), Object::Real(PAGE_H)],
            "Contents" => content_id,
            "Resources" => resources_id,
        });
        kids.push(page_id.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count as i64,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    let info_id = doc.add_object(dictionary! {
        "Title" => Object::String(utf16be(t.title), StringFormat::Hexadecimal),
        "Producer" => Object::string_literal("woolak"),
    });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| format!("pdf: {e}"))?;
    Ok(out)
}

/// A PDF text string (PDF 32000-1:2008, 7.9.2.2): UTF-16BE behind a byte order mark.
fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    out
}

/// Column widths in points, padding included, filling the text width of the page.
///
/// Each column gets its minimum (its longest word, within [`COL_MIN`] and [`COL_MIN_CAP`]);
/// the rest of the width goes to the columns in proportion to their mean cell width beyond
/// that minimum (rows are as low as can be when widths follow content), but no column gets
/// more than its longest line needs while another still wraps.
fn column_widths(headers: &[&str], rows: &[Vec<&str>]) -> Vec<f32> {
    let avail = PAGE_W - 2.0 * MARGIN;
    let pad = 2.0 * PAD_X;
    let n = headers.len();
    let (mut min, mut line, mut mean) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (c, h) in headers.iter().enumerate() {
        let (mut longest_line, mut longest_word, mut total) = (0.0f32, 0.0f32, 0.0f32);
        for (i, cell) in std::iter::once(*h)
            .chain(rows.iter().map(|r| r.get(c).copied().unwrap_or_default()))
            .enumerate()
        {
            for l in cell.lines() {
                let bytes = encode(l);
                let w = width_of(&bytes, SIZE);
                longest_line = longest_line.max(w);
                if i > 0 {
                    total += w;
                }
                for word in bytes.split(|&b| b == b' ') {
                    longest_word = longest_word.max(width_of(word, SIZE));
                }
            }
        }
        let m = (longest_word + pad).clamp(COL_MIN, COL_MIN_CAP);
        min.push(m);
        line.push((longest_line + pad).max(m));
        mean.push(total / rows.len().max(1) as f32 + pad);
    }
    let sum_min: f32 = min.iter().sum();
    if sum_min > avail {
        // Even the minimums do not fit: shrink them alike (long words are broken).
        return min.iter().map(|m| m * avail / sum_min).collect();
    }
    let mut widths = min.clone();
    let mut extra = avail - sum_min;
    // Share the extra width; a column that reaches its longest line drops out and the
    // next round shares what it did not need. Each round closes a column or spends all.
    for _ in 0..=n {
        let open: Vec<usize> = (0..n).filter(|&c| widths[c] < line[c]).collect();
        let weight = |c: usize| (mean[c] - min[c]).max(1.0);
        let total: f32 = open.iter().map(|&c| weight(c)).sum();
        if extra <= 0.01 || open.is_empty() {
            break;
        }
        let mut spent = 0.0;
        for &c in &open {
            let add = (extra * weight(c) / total).min(line[c] - widths[c]);
            widths[c] += add;
            spent += add;
        }
        extra -= spent;
    }
    if extra > 0.01 {
        // Every column fits its longest line: widen them all in proportion.
        let sum: f32 = widths.iter().sum();
        for w in &mut widths {
            *w += extra * *w / sum;
        }
    }
    widths
}

/// The part of a body row on a page: lines `from..to` of each of its cells.
struct Slice {
    row: usize,
    from: usize,
    to: usize,
}

fn max_lines(cells: &[Vec<Vec<u8>>]) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

fn row_height(lines: usize) -> f32 {
    2.0 * PAD_Y + lines as f32 * LEADING
}

/// Distributes the body rows over pages. `first_top` is where the table starts on the first
/// page. A row that does not fit moves to the next page; a row taller than a whole page is
/// split between lines.
fn paginate(
    header: &[Vec<Vec<u8>>],
    body: &[Vec<Vec<Vec<u8>>>],
    first_top: f32,
) -> Vec<Vec<Slice>> {
    let header_h = row_height(max_lines(header));
    let mut pages: Vec<Vec<Slice>> = Vec::new();
    let mut page: Vec<Slice> = Vec::new();
    let mut y = first_top - header_h;
    for (i, row) in body.iter().enumerate() {
        let n = max_lines(row);
        let mut from = 0;
        loop {
            let room = y - BOTTOM;
            if row_height(n - from) <= room {
                y -= row_height(n - from);
                page.push(Slice {
                    row: i,
                    from,
                    to: n,
                });
                break;
            }
            if page.is_empty() {
                // Not even a fresh page holds the rest of this row: fill this page with as
                // many lines as fit (at least one, so the loop ends) and go on.
                let fit = ((room - 2.0 * PAD_Y) / LEADING).floor();
                let k = if fit >= 1.0 { fit as usize } else { 1 }.min(n - from);
                page.push(Slice {
                    row: i,
                    from,
                    to: from + k,
                });
                from += k;
                if from >= n {
                    y -= row_height(k);
                    break;
                }
            }
            pages.push(std::mem::take(&mut page));
            y = PAGE_H - MARGIN - header_h;
        }
    }
    pages.push(page);
    pages
}

/// Builds one page's content stream: grey fills first, then grid lines, then all text.
#[derive(Default)]
struct Canvas {
    fill: Vec<u8>,
    grid: Vec<u8>,
    text: Vec<u8>,
}

impl Canvas {
    fn text(&mut self, x: f32, y: f32, size: f32, bytes: &[u8]) {
        self.text.extend_from_slice(
            format!("/F1 {} Tf 1 0 0 1 {} {} Tm ", num(size), num(x), num(y)).as_bytes(),
        );
        pdf_string(&mut self.text, bytes);
        self.text.extend_from_slice(b" Tj\n");
    }

    /// Draws lines `from..to` of a row's cells below `top`; returns the row's bottom.
    fn row(
        &mut self,
        widths: &[f32],
        cells: &[Vec<Vec<u8>>],
        from: usize,
        to: usize,
        top: f32,
        header: bool,
    ) -> f32 {
        let h = row_height(to - from);
        let bottom = top - h;
        let rect = format!(
            "{} {} {} {} re\n",
            num(MARGIN),
            num(bottom),
            num(widths.iter().sum::<f32>()),
            num(h)
        );
        if header {
            self.fill.extend_from_slice(rect.as_bytes());
        }
        self.grid.extend_from_slice(rect.as_bytes());
        let mut x = MARGIN;
        for (i, (w, lines)) in widths.iter().zip(cells).enumerate() {
            if i > 0 {
                self.grid.extend_from_slice(
                    format!("{} {} m {} {} l\n", num(x), num(bottom), num(x), num(top)).as_bytes(),
                );
            }
            let mut y = top - PAD_Y - 0.8 * SIZE;
            for line in lines.iter().take(to).skip(from) {
                self.text(x + PAD_X, y, SIZE, line);
                y -= LEADING;
            }
            x += w;
        }
        bottom
    }

    fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.fill.len() + self.grid.len() + self.text.len() + 64);
        if !self.fill.is_empty() {
            out.extend_from_slice(b"q 0.88 g\n");
            out.extend(self.fill);
            out.extend_from_slice(b"f Q\n");
        }
        out.extend_from_slice(b"q 0.4 G 0.3 w\n");
        out.extend(self.grid);
        out.extend_from_slice(b"S Q\nBT 0 g\n");
        out.extend(self.text);
        out.extend_from_slice(b"ET\n");
        out
    }
}

/// One line of text as WinAnsi bytes: tabs become spaces, other control characters go.
fn encode(line: &str) -> Vec<u8> {
    line.chars()
        .filter_map(|c| match c {
            '\t' => Some(b' '),
            '\u{feff}' => None,
            c if c.is_control() => None,
            c => Some(winansi(c)),
        })
        .collect()
}

/// The width in points of WinAnsi `bytes` in Helvetica at `size`.
fn width_of(bytes: &[u8], size: f32) -> f32 {
    bytes
        .iter()
        .map(|&b| f32::from(HELVETICA_WIDTHS[usize::from(b.max(32)) - 32]))
        .sum::<f32>()
        * size
        / 1000.0
}

/// Wraps `text` into lines of WinAnsi bytes no wider than `max` points at `size`. Runs of
/// spaces and empty lines collapse. A word wider than `max` breaks after one of
/// [`BREAK_AFTER`] where it can, else between characters; a line always holds at least one
/// character, so a column narrower than a character still ends.
fn wrap(text: &str, max: f32, size: f32) -> Vec<Vec<u8>> {
    let space = width_of(b" ", size);
    let mut out = Vec::new();
    for source in text.split('\n') {
        let bytes = encode(source);
        let mut cur: Vec<u8> = Vec::new();
        let mut w = 0.0f32;
        for word in bytes.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            let ww = width_of(word, size);
            if !cur.is_empty() && w + space + ww <= max {
                cur.push(b' ');
                cur.extend_from_slice(word);
                w += space + ww;
                continue;
            }
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
                w = 0.0;
            }
            if ww <= max {
                cur.extend_from_slice(word);
                w = ww;
                continue;
            }
            for part in word.split_inclusive(|b| BREAK_AFTER.contains(b)) {
                let pw = width_of(part, size);
                if w + pw <= max {
                    cur.extend_from_slice(part);
                    w += pw;
                    continue;
                }
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    w = 0.0;
                }
                for &b in part {
                    let bw = width_of(&[b], size);
                    if !cur.is_empty() && w + bw > max {
                        out.push(std::mem::take(&mut cur));
                        w = 0.0;
                    }
                    cur.push(b);
                    w += bw;
                }
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::process::Command;

    // The columns the publication set writes.
    const INVENTARIS: &[&str] = &crate::publish::set::INVENTORY_COLUMNS;
    const PRODUCTIE: &[&str] = &crate::publish::set::PRODUCTION_COLUMNS;

    const CREATED: Date = Date {
        year: 2024,
        month: 5,
        day: 1,
    };

    /// Invented words: no persons, some accents, one hyphen.
    const WORDS: &[&str] = &[
        "besluit",
        "overleg",
        "gemeente",
        "afdeling",
        "notitie",
        "planning",
        "verslag",
        "bijlage",
        "concept",
        "advies",
        "reactie",
        "begroting",
        "één",
        "overzicht",
        "werkgroep",
        "regeling",
        "subsidie",
        "aanvraag",
        "paraaf",
        "kopie",
        "e-mail",
        "vergunning",
        "provincie",
        "café",
        "agenda",
        "actiepunt",
        "offerte",
        "rapport",
        "ministerie",
        "zienswijze",
    ];

    /// A table in the inventarislijst shape, `n` rows with long Toelichting cells.
    fn inventaris_rows(n: usize) -> Vec<Vec<String>> {
        let mut seed: u64 = 12345;
        let mut next = move |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m as u64) as usize
        };
        let beoordeling = [
            "Openbaar",
            "Deels openbaar",
            "Niet openbaar",
            "Reeds openbaar",
        ];
        let grounds = ["", "5.1.2e", "5.1.1e; 5.1.2e", "5.1.2e; 5.2"];
        (1..=n)
            .map(|i| {
                let mut words = |k: usize| {
                    (0..k)
                        .map(|_| WORDS[next(WORDS.len())])
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                vec![
                    format!("{i:04}"),
                    format!("WOO-2024-{i:04}"),
                    format!("{i:04} {}.pdf", words(2)),
                    beoordeling[i % 4].to_string(),
                    grounds[i % 4].to_string(),
                    words(25 + i % 30),
                    format!("https://open.example.nl/documenten/woo-2024-{i:04}/bijlage.pdf"),
                    format!("Map {}/{}", i % 7, words(1)),
                    if i % 9 == 0 { "Ja" } else { "Nee" }.to_string(),
                    format!("{:04}", (i * 7) % n + 1),
                    format!("Map {}/{}", (i * 7) % 5, words(1)),
                    "Besluit op het Woo-verzoek over vergunningen 2024".to_string(),
                ]
            })
            .collect()
    }

    fn table<'a>(headers: &'a [&'a str], rows: &'a [Vec<String>]) -> Table<'a> {
        Table {
            title: "Inventarislijst",
            headers,
            rows,
        }
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    // --- CSV ---

    fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("csv starts with a BOM");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn csv_has_bom_crlf_and_header_first() {
        let rows = vec![row(&["0012", "a"])];
        let out = to_csv(&table(&["ID", "Matter"], &rows)).unwrap();
        assert_eq!(out, b"\xEF\xBB\xBFID,Matter\r\n0012,a\r\n");
    }

    #[test]
    fn csv_parses_back() {
        let rows = inventaris_rows(20);
        let out = to_csv(&table(INVENTARIS, &rows)).unwrap();
        let parsed = parse_csv(&out);
        assert_eq!(parsed[0], row(INVENTARIS));
        assert_eq!(parsed[1..], rows[..]);
    }

    #[test]
    fn csv_quotes_separators_quotes_and_line_breaks() {
        let cells = [
            "5.1.1e; 5.1.2e",
            "Den Haag, 3 mei",
            "zegt \"ja\"",
            "regel 1\nregel 2",
            "regel 1\r\nregel 2",
            " voorloopspatie",
            "naloopspatie ",
            "0012",
        ];
        let rows = vec![row(&cells)];
        let headers = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let out = to_csv(&table(&headers, &rows)).unwrap();
        let text = std::str::from_utf8(&out).unwrap();
        let expected = "\"5.1.1e; 5.1.2e\",\"Den Haag, 3 mei\",\"zegt \"\"ja\"\"\",\
                        \"regel 1\nregel 2\",\"regel 1\r\nregel 2\",\" voorloopspatie\",\
                        \"naloopspatie \",0012\r\n";
        assert!(text.ends_with(expected), "{text:?}");
        assert_eq!(parse_csv(&out)[1], rows[0]);
    }

    #[test]
    fn csv_neutralises_formulas() {
        let cells = [
            "=SUM(A1)", "+31", "-5", "@import", "\tx", "\rx", "a=b", "5-1", "'al",
        ];
        let rows = vec![row(&cells)];
        let headers = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        let out = to_csv(&table(&headers, &rows)).unwrap();
        let parsed = parse_csv(&out);
        assert_eq!(
            parsed[1],
            row(&[
                "'=SUM(A1)",
                "'+31",
                "'-5",
                "'@import",
                "'\tx",
                "'\rx",
                "a=b",
                "5-1",
                "'al"
            ])
        );
    }

    #[test]
    fn csv_pads_short_rows_and_rejects_long_ones() {
        let rows = vec![row(&["1"])];
        let out = to_csv(&table(&["a", "b"], &rows)).unwrap();
        assert_eq!(parse_csv(&out)[1], row(&["1", ""]));

        let rows = vec![row(&["1", "2", "3"])];
        let err = to_csv(&table(&["a", "b"], &rows)).unwrap_err();
        assert_eq!(err, "row 1 has 3 cells, the table has 2 columns");
        assert!(to_csv(&table(&[], &[])).is_err());
    }

    #[test]
    fn csv_keeps_an_empty_cell_of_a_single_column() {
        let rows = vec![row(&[""]), row(&["x"])];
        let out = to_csv(&table(&["a"], &rows)).unwrap();
        assert_eq!(parse_csv(&out), vec![row(&["a"]), row(&[""]), row(&["x"])]);
    }

    // --- XLSX ---

    fn unzip(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn xlsx_is_byte_identical_for_the_same_input() {
        let rows = inventaris_rows(50);
        let t = table(INVENTARIS, &rows);
        let a = to_xlsx(&t, "Inventarislijst", CREATED).unwrap();
        let b = to_xlsx(&t, "Inventarislijst", CREATED).unwrap();
        assert!(a == b, "two builds differ");
        // A build on another thread (its own hash seeds) gives the same bytes too.
        let rows2 = rows.clone();
        let c = std::thread::spawn(move || {
            to_xlsx(&table(INVENTARIS, &rows2), "Inventarislijst", CREATED).unwrap()
        })
        .join()
        .unwrap();
        assert!(a == c, "a build on another thread differs");
        let later = Date { day: 2, ..CREATED };
        assert!(a != to_xlsx(&t, "Inventarislijst", later).unwrap());
    }

    #[test]
    fn xlsx_reads_back_as_strings_with_header_freeze_and_filter() {
        let rows = vec![
            row(&[
                "0012",
                "Jaarverslag & bijlagen",
                "5.1.1e; 5.1.2e",
                " spatie ",
            ]),
            row(&["=1+1", "café", "", "1e5"]),
        ];
        let t = table(
            &["ID", "Document", "Beoordelingsgrond", "Toelichting"],
            &rows,
        );
        let out = to_xlsx(&t, "Productierapport", CREATED).unwrap();

        let strings = unzip(&out, "xl/sharedStrings.xml");
        for v in [
            "<t>ID</t>",
            "<t>0012</t>",
            "<t>Jaarverslag &amp; bijlagen</t>",
            "<t>5.1.1e; 5.1.2e</t>",
            "<t xml:space=\"preserve\"> spatie </t>",
            "<t>=1+1</t>",
            "<t>café</t>",
            "<t>1e5</t>",
        ] {
            assert!(strings.contains(v), "{v} not in {strings}");
        }

        let sheet = unzip(&out, "xl/worksheets/sheet1.xml");
        // Every cell is a shared string; none is a number or a formula.
        let cells = sheet.matches("<c ").count();
        assert_eq!(cells, 4 + 4 + 3);
        assert_eq!(sheet.matches("t=\"s\"").count(), cells);
        assert!(!sheet.contains("<f>"));
        assert!(
            sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""),
            "{sheet}"
        );
        assert!(sheet.contains("<autoFilter ref=\"A1:D3\"/>"), "{sheet}");
        assert!(sheet.contains("numberStoredAsText=\"1\""), "{sheet}");
        assert!(
            sheet.contains("<col min=\"1\" max=\"1\" width=\"8.7109375\""),
            "{sheet}"
        );

        let styles = unzip(&out, "xl/styles.xml");
        assert!(styles.contains("<b/>"), "{styles}");
        assert!(styles.contains("formatCode=\"@\""), "{styles}");

        let workbook = unzip(&out, "xl/workbook.xml");
        assert!(workbook.contains("name=\"Productierapport\""), "{workbook}");
        let core = unzip(&out, "docProps/core.xml");
        assert!(core.contains("2024-05-01T00:00:00Z"), "{core}");
        assert!(
            core.contains("<dc:title>Inventarislijst</dc:title>"),
            "{core}"
        );
    }

    #[test]
    fn xlsx_column_widths_follow_content_capped() {
        let long = "x".repeat(200);
        let rows = vec![row(&["0001", &long, "kort"])];
        let t = table(&["ID", "Toelichting", "Beoordelingsgrond"], &rows);
        let sheet = unzip(
            &to_xlsx(&t, "Blad", CREATED).unwrap(),
            "xl/worksheets/sheet1.xml",
        );
        let widths: Vec<f64> = sheet
            .split("<col ")
            .skip(1)
            .map(|c| {
                let w = c.split("width=\"").nth(1).unwrap();
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(widths.len(), 3, "{sheet}");
        assert!(widths[0] < 10.0, "{widths:?}");
        assert!((60.0..61.0).contains(&widths[1]), "{widths:?}");
        assert!(widths[2] > 21.0, "{widths:?}");
    }

    #[test]
    fn xlsx_rejects_bad_sheet_names_and_dates() {
        let rows = vec![row(&["1"])];
        let t = table(&["ID"], &rows);
        assert!(to_xlsx(&t, "a/b", CREATED).is_err());
        assert!(to_xlsx(&t, &"x".repeat(32), CREATED).is_err());
        assert!(to_xlsx(&table(&[], &[]), "Blad", CREATED).is_err());
    }

    #[test]
    fn xlsx_writes_the_productierapport_headers_and_control_characters() {
        let mut r = row(PRODUCTIE);
        r[10] = "met \u{1} besturingsteken".into();
        let rows = vec![r];
        let out = to_xlsx(&table(PRODUCTIE, &rows), "Productierapport", CREATED).unwrap();
        let strings = unzip(&out, "xl/sharedStrings.xml");
        assert!(strings.contains("<t>Email Thread ID</t>"));
        assert!(strings.contains("_x0001_"), "{strings}");
    }

    // --- PDF ---

    /// Returns true if and only if `tool` runs; without it the caller skips, unless `CI=true`.
    fn have(tool: &str, arg: &str) -> bool {
        let ok = Command::new(tool).arg(arg).output().is_ok();
        if !ok {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{tool} is required when CI=true"
            );
            eprintln!("skipped: {tool} not found (apt-get install poppler-utils qpdf)");
        }
        ok
    }

    fn pdftotext(pdf: &[u8], mode: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("pdftotext")
            .args([mode, "-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pdftotext failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn qpdf_check(pdf: &[u8]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("No syntax or stream encoding errors"),
            "qpdf --check failed:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    const SUBTITLE: &str = "Besluit op het Woo-verzoek over vergunningen 2024, zaak WOO-2024-0042";

    #[test]
    fn pdf_shows_every_cell_and_the_header_on_every_page() {
        if !have("pdftotext", "-v") {
            return;
        }
        let rows = inventaris_rows(120);
        let pdf = to_pdf(&table(INVENTARIS, &rows), SUBTITLE).unwrap();

        let layout = pdftotext(&pdf, "-layout");
        let pages: Vec<&str> = layout
            .split('\x0c')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let m = pages.len();
        assert!(m >= 3, "{m} pages");
        assert!(pages[0].contains("Inventarislijst"));
        assert!(pages[0].contains(SUBTITLE));
        let header_words: Vec<&str> = INVENTARIS.iter().flat_map(|h| h.split(' ')).collect();
        for (i, page) in pages.iter().enumerate() {
            let words: std::collections::HashSet<&str> = page.split_whitespace().collect();
            for w in &header_words {
                assert!(
                    words.contains(w),
                    "header word {w} missing on page {}",
                    i + 1
                );
            }
            assert!(
                page.contains(&format!("pagina {} van {m}", i + 1)),
                "page number missing on page {}",
                i + 1
            );
        }

        // Every word that fits its column appears whole.
        let words: std::collections::HashSet<&str> = layout.split_whitespace().collect();
        for cell in rows.iter().flatten() {
            for w in cell.split_whitespace().filter(|w| w.chars().count() <= 20) {
                assert!(words.contains(w), "word {w:?} missing");
            }
        }
        // Content order is cell by cell, so without whitespace every cell, links broken over
        // lines included, is a substring of the raw text.
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let raw = squash(&pdftotext(&pdf, "-raw"));
        for cell in rows.iter().flatten() {
            assert!(raw.contains(&squash(cell)), "cell {cell:?} missing");
        }
    }

    #[test]
    fn pdf_passes_qpdf_check() {
        if !have("qpdf", "--version") {
            return;
        }
        let rows = inventaris_rows(120);
        qpdf_check(&to_pdf(&table(INVENTARIS, &rows), SUBTITLE).unwrap());
        let rows: Vec<Vec<String>> = vec![row(PRODUCTIE)];
        qpdf_check(&to_pdf(&table(PRODUCTIE, &rows), "").unwrap());
        qpdf_check(&to_pdf(&table(PRODUCTIE, &[]), "").unwrap());
    }

    #[test]
    fn pdf_splits_a_row_taller_than_a_page() {
        let tokens: Vec<String> = (1..=2500).map(|i| format!("t{i}")).collect();
        let long = tokens.join(" ");
        let rows = vec![
            row(&["0001", &long, "kort"]),
            row(&["0002", "na", "de lange"]),
        ];
        let t = table(&["ID", "Toelichting", "Opgeschort"], &rows);
        let pdf = to_pdf(&t, SUBTITLE).unwrap();
        let doc = Document::load_mem(&pdf).unwrap();
        assert!(doc.get_pages().len() >= 2);
        if have("pdftotext", "-v") {
            let raw = pdftotext(&pdf, "-raw");
            let seen: Vec<&str> = raw
                .split_whitespace()
                .filter(|w| w.starts_with('t') && w[1..].parse::<u32>().is_ok())
                .collect();
            assert_eq!(seen, tokens, "the long cell is not complete and in order");
            assert!(raw.contains("de lange"));
        }
        if have("qpdf", "--version") {
            qpdf_check(&pdf);
        }
    }

    #[test]
    fn pdf_is_deterministic() {
        let rows = inventaris_rows(40);
        let t = table(INVENTARIS, &rows);
        assert!(to_pdf(&t, SUBTITLE).unwrap() == to_pdf(&t, SUBTITLE).unwrap());
    }

    #[test]
    fn pdf_survives_odd_input() {
        let rows = vec![
            row(&["漢字 ş € \u{1}\t(x) \\", "", "\n\n"]),
            row(&[&"W".repeat(500), "a", ""]),
        ];
        assert!(to_pdf(&table(&["a", "b", "c"], &rows), "").is_ok());
        assert!(to_pdf(&table(&["a"], &[]), "").is_ok());
        assert!(to_pdf(&table(&[], &[]), "").is_err());
        let many: Vec<&str> = vec!["k"; 100];
        assert!(to_pdf(&table(&many, &[]), "").is_err());
    }

    #[test]
    fn wrap_keeps_every_character_and_breaks_links_after_slashes() {
        let link = "https://open.example.nl/documenten/woo-2024-0001/bijlage.pdf";
        let max = 60.0;
        let lines = wrap(link, max, SIZE);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), link.as_bytes());
        for l in &lines {
            assert!(width_of(l, SIZE) <= max, "{:?}", String::from_utf8_lossy(l));
        }
        for l in &lines[..lines.len() - 1] {
            let last = l.last().unwrap();
            assert!(
                BREAK_AFTER.contains(last),
                "{:?}",
                String::from_utf8_lossy(l)
            );
        }
        // A column narrower than one character still ends, one character per line.
        assert_eq!(wrap("WW", 1.0, SIZE), vec![b"W".to_vec(), b"W".to_vec()]);
        assert_eq!(
            wrap("twee  woorden\n\nen meer", 1000.0, SIZE),
            vec![b"twee woorden".to_vec(), b"en meer".to_vec()]
        );
    }

    #[test]
    fn column_widths_fill_the_page_and_respect_minimums() {
        let rows = inventaris_rows(30);
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let w = column_widths(INVENTARIS, &cells);
        let avail = PAGE_W - 2.0 * MARGIN;
        assert!((w.iter().sum::<f32>() - avail).abs() < 0.01, "{w:?}");
        assert!(w.iter().all(|&c| c >= COL_MIN - 0.01), "{w:?}");
        // The long Toelichting is the widest column, the short Opgeschort among the narrowest.
        let widest = w.iter().cloned().fold(0.0, f32::max);
        assert_eq!(w[5], widest, "{w:?}");
        assert!(w[8] < w[2], "{w:?}");
    }
}
