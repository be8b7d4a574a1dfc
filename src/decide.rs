//! The reviewer's decisions file (`--decisions FILE`): proposals to drop and redactions to add.
//!
//! A coordinator reviews `woolak scan` output and writes a CSV (often from Excel) or JSONL file,
//! or edits the scan output itself; the next `redact` run applies it exactly. So parsing is
//! strict: a row that cannot be applied as written is an error naming its line, never skipped.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use crate::error::Error;
use crate::ground::Ground;

/// One decision of the reviewer. Holds personal text, so `Debug` shows only the kind.
#[derive(Clone, PartialEq)]
pub enum Decision {
    /// Drop one proposal by its finding id (16 hex digits, stored in lowercase).
    RejectId { id: String },
    /// Drop every proposal whose text equals this (whitespace runs compared as one space), in
    /// every document. Stored as [`normalize_text`] returns it.
    RejectText { doc: Option<String>, text: String },
    /// Redact this text (whole words) in one document (`doc` = the path as scan printed it, or
    /// a document ID), or in all documents when doc is None. `text` is stored as
    /// [`normalize_text`] returns it: match it with whitespace runs as one space.
    AddText {
        doc: Option<String>,
        text: String,
        ground: Ground,
    },
    /// Redact an area: page (1-based) and box [x0, y0, x1, y1] in PDF points, with x0 < x1 and
    /// y0 < y1.
    AddBox {
        doc: String,
        page: u32,
        bbox: [f64; 4],
        ground: Ground,
    },
}

impl fmt::Debug for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::RejectId { .. } => f.write_str("RejectId"),
            Decision::RejectText { doc, text } => {
                let scope = if doc.is_some() { ", one document" } else { "" };
                write!(f, "RejectText({} chars{scope})", text.chars().count())
            }
            Decision::AddText { doc, text, ground } => write!(
                f,
                "AddText({} chars, {}, {ground})",
                text.chars().count(),
                if doc.is_some() {
                    "one document"
                } else {
                    "all documents"
                }
            ),
            Decision::AddBox { page, ground, .. } => write!(f, "AddBox(page {page}, {ground})"),
        }
    }
}

impl Decision {
    /// The document this decision is limited to, if any. A rejection by id names one
    /// proposal, which belongs to one document.
    pub fn doc(&self) -> Option<&str> {
        match self {
            Decision::AddText { doc, .. } | Decision::RejectText { doc, .. } => doc.as_deref(),
            Decision::AddBox { doc, .. } => Some(doc),
            Decision::RejectId { .. } => None,
        }
    }
}

/// Every decision of a decisions file, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decisions {
    pub items: Vec<Decision>,
}

/// `s` with leading and trailing whitespace removed and every inner whitespace run (line
/// breaks, tabs, non-breaking spaces) as one space: the form in which texts are compared.
pub fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Parses a decisions file. The format follows the extension: `.csv`, or `.jsonl`
/// (`.json-lines`, `.ndjson`) with one JSON object per line.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Decisions, Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let fail = |line: usize, reason: String| Error::Decisions {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let items = match ext.as_deref() {
        Some("csv") => parse_csv(bytes),
        Some("jsonl" | "json-lines" | "ndjson") => parse_jsonl(bytes),
        _ => {
            return Err(Error::input(
                path,
                "unknown decisions file type (expected .csv or .jsonl)",
            ))
        }
    }
    .map_err(|(line, reason)| fail(line, reason))?;
    Ok(Decisions { items })
}

/// A line number and the reason it is invalid.
type LineError = (usize, String);

/// The fields a decision is made from, whatever the file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Action,
    Id,
    Doc,
    Text,
    Page,
    Bbox,
    X0,
    Y0,
    X1,
    Y1,
    Ground,
    /// The detector of a scan proposal: its presence makes a row a proposal.
    Detector,
}

impl Field {
    /// The field a column name or JSON key stands for; `None` for columns that are ignored
    /// (a `note`, or scan columns that a decision does not need).
    fn from_name(name: &str) -> Option<Field> {
        let f = match name.trim().to_lowercase().as_str() {
            "action" | "decision" | "actie" | "beslissing" => Field::Action,
            "id" => Field::Id,
            "doc" | "document" => Field::Doc,
            "text" | "tekst" => Field::Text,
            "page" | "pagina" => Field::Page,
            "bbox" | "box" => Field::Bbox,
            "x0" => Field::X0,
            "y0" => Field::Y0,
            "x1" => Field::X1,
            "y1" => Field::Y1,
            "ground" | "grond" => Field::Ground,
            "detector" => Field::Detector,
            _ => return None,
        };
        Some(f)
    }

    fn name(self) -> &'static str {
        match self {
            Field::Action => "action",
            Field::Id => "id",
            Field::Doc => "doc",
            Field::Text => "text",
            Field::Page => "page",
            Field::Bbox => "bbox",
            Field::X0 => "x0",
            Field::Y0 => "y0",
            Field::X1 => "x1",
            Field::Y1 => "y1",
            Field::Ground => "ground",
            Field::Detector => "detector",
        }
    }
}

/// One row or line before it is checked. Empty values are absent.
#[derive(Default)]
struct Row {
    action: Option<String>,
    id: Option<String>,
    doc: Option<String>,
    text: Option<String>,
    page: Option<String>,
    bbox: Option<String>,
    corners: [Option<String>; 4],
    ground: Option<String>,
    /// A scan proposal (it names its detector): without an action it is left as proposed.
    proposal: bool,
}

impl Row {
    /// Sets a field from a raw value; blank values are absent. A field given twice with two
    /// different values (`action` and `decision`) is an error.
    fn set(&mut self, field: Field, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(());
        }
        let slot = match field {
            Field::Detector => {
                self.proposal = true;
                return Ok(());
            }
            Field::Action => &mut self.action,
            Field::Id => &mut self.id,
            Field::Doc => &mut self.doc,
            Field::Text => &mut self.text,
            Field::Page => &mut self.page,
            Field::Bbox => &mut self.bbox,
            Field::X0 => &mut self.corners[0],
            Field::Y0 => &mut self.corners[1],
            Field::X1 => &mut self.corners[2],
            Field::Y1 => &mut self.corners[3],
            Field::Ground => &mut self.ground,
        };
        match slot {
            Some(old) if old != value => Err(format!("`{}` is given twice", field.name())),
            _ => {
                *slot = Some(value.to_string());
                Ok(())
            }
        }
    }

    /// The decision this row makes: `None` for a proposal that is left as proposed.
    fn decide(self) -> Result<Option<Decision>, String> {
        let Some(action) = self.action.as_deref() else {
            if self.proposal {
                return Ok(None);
            }
            return Err("missing action (expected reject or add)".to_string());
        };
        match action_kind(action) {
            Some(Action::Accept) => Ok(None),
            Some(Action::Reject) => self.reject().map(Some),
            Some(Action::Add) => self.add().map(Some),
            None => Err(format!(
                "unknown action `{action}` (expected reject or add)"
            )),
        }
    }

    fn reject(self) -> Result<Decision, String> {
        if let Some(id) = &self.id {
            return Ok(Decision::RejectId { id: parse_id(id)? });
        }
        // Rejecting a scan proposal by its text would drop it in every document: a proposal
        // is rejected by its id only.
        if self.proposal {
            return Err("a rejected scan proposal needs its `id`".to_string());
        }
        match self.text.as_deref().map(normalize_text) {
            Some(text) if !text.is_empty() => Ok(Decision::RejectText {
                doc: self.doc,
                text,
            }),
            _ => Err("reject needs an `id` or a `text`".to_string()),
        }
    }

    fn add(self) -> Result<Decision, String> {
        let has_box =
            self.page.is_some() || self.bbox.is_some() || self.corners.iter().any(Option::is_some);
        let text = self.text.as_deref().map(normalize_text);
        if !has_box && text.is_none() {
            return Err("add needs a `text`, or a `doc`, `page` and box".to_string());
        }
        let ground = match self.ground.as_deref() {
            Some(g) => g.parse::<Ground>().map_err(|e| e.to_string())?,
            None => return Err("add needs a `ground` (for example 5.1.2e)".to_string()),
        };
        if has_box {
            let doc = self.doc.ok_or("a box needs a `doc`")?;
            let page = parse_page(self.page.as_deref())?;
            let bbox = parse_box(self.bbox.as_deref(), &self.corners)?;
            return Ok(Decision::AddBox {
                doc,
                page,
                bbox,
                ground,
            });
        }
        Ok(Decision::AddText {
            doc: self.doc,
            text: text.unwrap_or_default(),
            ground,
        })
    }
}

enum Action {
    Reject,
    Add,
    Accept,
}

/// The action of an `action` value, in English or Dutch, any case.
fn action_kind(s: &str) -> Option<Action> {
    let a = match s.trim().to_lowercase().as_str() {
        "reject" | "rejected" | "afwijzen" | "afgewezen" | "weigeren" | "geweigerd" => {
            Action::Reject
        }
        "add" | "toevoegen" | "redact" | "lakken" => Action::Add,
        "accept" | "accepted" | "accepteren" | "akkoord" | "keep" => Action::Accept,
        _ => return None,
    };
    Some(a)
}

/// A finding id: 16 hex digits, returned in lowercase.
fn parse_id(s: &str) -> Result<String, String> {
    if s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(s.to_ascii_lowercase());
    }
    // Excel reads an id such as `1234567890123456` or `12e4567890123456` as a number and
    // writes it back as `1,23457E+15`. Only such number-like values are shown: a shifted
    // column could put personal text here.
    let numeric = s.len() <= 24
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b',' | b'+' | b'-'));
    if numeric {
        Err(format!(
            "id `{s}` is not 16 hex digits (format the id column as text in Excel)"
        ))
    } else {
        Err("id is not 16 hex digits".to_string())
    }
}

fn parse_page(s: Option<&str>) -> Result<u32, String> {
    let s = s.ok_or("a box needs a `page`")?;
    match s.parse::<u32>() {
        Ok(p) if p >= 1 => Ok(p),
        _ => Err(format!("page `{s}` is not a page number (1 or more)")),
    }
}

/// The box from a `bbox` value (`x0 y0 x1 y1`, also `[x0, y0, x1, y1]` or `x0;y0;x1;y1`) or
/// from the four corner columns, checked: finite, x0 < x1, y0 < y1.
fn parse_box(bbox: Option<&str>, corners: &[Option<String>; 4]) -> Result<[f64; 4], String> {
    const NAMES: [&str; 4] = ["x0", "y0", "x1", "y1"];
    let values: [&str; 4] = match bbox {
        Some(_) if corners.iter().any(Option::is_some) => {
            return Err("both `bbox` and x0, y0, x1, y1 are given".to_string())
        }
        Some(b) => {
            let inner = b.trim().trim_start_matches('[').trim_end_matches(']');
            let mut parts: Vec<&str> = inner
                .split(|c: char| c.is_whitespace() || c == ';')
                .map(|p| p.trim_end_matches(','))
                .filter(|p| !p.is_empty())
                .collect();
            // `72,700.5,120,712` has no spaces: the commas separate the numbers.
            if parts.len() == 1 {
                parts = parts[0].split(',').collect();
            }
            parts
                .try_into()
                .map_err(|_| "bbox needs four numbers `x0 y0 x1 y1`".to_string())?
        }
        None => {
            let mut v = [""; 4];
            for (i, c) in corners.iter().enumerate() {
                v[i] = c
                    .as_deref()
                    .ok_or_else(|| format!("the box has no `{}`", NAMES[i]))?;
            }
            v
        }
    };
    let mut out = [0.0; 4];
    for (i, v) in values.iter().enumerate() {
        out[i] = parse_number(v).ok_or_else(|| format!("{} `{v}` is not a number", NAMES[i]))?;
    }
    let [x0, y0, x1, y1] = out;
    if x0 >= x1 {
        return Err("the box needs x0 < x1".to_string());
    }
    if y0 >= y1 {
        return Err("the box needs y0 < y1".to_string());
    }
    Ok(out)
}

/// A finite number with a decimal point or a decimal comma (Dutch Excel writes `12,5`). With
/// both, the last one is the decimal mark and the other groups thousands (`1.234,5`).
fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let plain: Cow<'_, str> = match (s.rfind(','), s.rfind('.')) {
        (Some(c), Some(p)) if c > p => Cow::Owned(s.replace('.', "").replace(',', ".")),
        (Some(_), Some(_)) => Cow::Owned(s.replace(',', "")),
        (Some(_), None) => Cow::Owned(s.replace(',', ".")),
        (None, _) => Cow::Borrowed(s),
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses a CSV decisions file: a header row, then one decision per row.
fn parse_csv(bytes: &[u8]) -> Result<Vec<Decision>, LineError> {
    let text = decode(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(header_line))
        .from_reader(text.as_bytes());
    let line_of = |pos: Option<&csv::Position>| pos.map_or(0, |p| p.line() as usize);

    let mut records = reader.records();
    let (header, header_at) = loop {
        match records.next() {
            None => return Err((1, "no header row".to_string())),
            Some(Err(e)) => return Err((line_of(e.position()), csv_reason(&e))),
            Some(Ok(r)) if is_blank(&r) => continue,
            Some(Ok(r)) => {
                let at = line_of(r.position());
                break (r, at);
            }
        }
    };
    let mut columns = Vec::with_capacity(header.len());
    for name in &header {
        let field = Field::from_name(name);
        if let Some(f) = field {
            if columns.contains(&Some(f)) {
                return Err((header_at, format!("two columns give `{}`", f.name())));
            }
        }
        columns.push(field);
    }
    if !columns.contains(&Some(Field::Action)) {
        return Err((
            header_at,
            "the first row must be a header with an `action` column".to_string(),
        ));
    }

    let mut out = Vec::new();
    for record in records {
        let record = record.map_err(|e| (line_of(e.position()), csv_reason(&e)))?;
        if is_blank(&record) {
            continue;
        }
        let line = line_of(record.position());
        let mut row = Row::default();
        for (field, value) in columns.iter().zip(record.iter()) {
            if let Some(f) = field {
                row.set(*f, value).map_err(|r| (line, r))?;
            }
        }
        if let Some(d) = row.decide().map_err(|r| (line, r))? {
            out.push(d);
        }
    }
    Ok(out)
}

/// The text of a CSV file: UTF-8, or else Windows-1252, which Excel's plain "CSV" uses.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The delimiter of a CSV file from its header line: `;` (Dutch Excel), tab or `,`, whichever
/// occurs most outside quotes; `,` on a tie.
fn sniff_delimiter(header: &str) -> u8 {
    let (mut comma, mut semicolon, mut tab) = (0, 0, 0);
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semicolon += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semicolon > comma && semicolon >= tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

/// Returns true if and only if every field of the record is blank (Excel writes an empty row
/// as `;;;`).
fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

/// A CSV error without its position (the line is reported separately).
fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        _ => format!("invalid CSV: {e}"),
    }
}

/// Parses a JSONL decisions file: one object per line, or scan output with `decision` added.
fn parse_jsonl(bytes: &[u8]) -> Result<Vec<Decision>, LineError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let s = std::str::from_utf8(raw).map_err(|_| (line, "not valid UTF-8".to_string()))?;
        if s.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(s).map_err(|e| (line, json_reason(&e)))?;
        let serde_json::Value::Object(object) = value else {
            return Err((line, "expected a JSON object".to_string()));
        };
        let mut row = Row::default();
        for (key, value) in &object {
            let Some(field) = Field::from_name(key) else {
                continue;
            };
            let value = json_value(field, value).map_err(|r| (line, r))?;
            row.set(field, &value).map_err(|r| (line, r))?;
        }
        if let Some(d) = row.decide().map_err(|r| (line, r))? {
            out.push(d);
        }
    }
    Ok(out)
}

/// A JSON value as the text a CSV cell would hold: strings as they are, numbers written out,
/// a `bbox` array as `x0 y0 x1 y1`, null as blank.
fn json_value(field: Field, value: &serde_json::Value) -> Result<String, String> {
    use serde_json::Value;
    match value {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Array(items) if field == Field::Bbox => {
            let numbers: Option<Vec<String>> = items
                .iter()
                .map(|v| v.as_number().map(|n| n.to_string()))
                .collect();
            numbers
                .map(|n| n.join(" "))
                .ok_or_else(|| "bbox needs four numbers `[x0, y0, x1, y1]`".to_string())
        }
        _ => Err(format!("`{}` must be a string or a number", field.name())),
    }
}

/// A serde_json error without its position: every line is its own document, so the line is
/// reported separately and only the column is kept. Syntax errors never quote the input.
fn json_reason(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    format!("invalid JSON at column {}: {message}", e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef";
    const ID2: &str = "fedcba9876543210";

    fn csv(s: &str) -> Result<Decisions, Error> {
        parse(Path::new("decisions.csv"), s.as_bytes())
    }

    fn jsonl(s: &str) -> Result<Decisions, Error> {
        parse(Path::new("decisions.jsonl"), s.as_bytes())
    }

    /// The line number and reason of a decisions error.
    fn line_err(r: Result<Decisions, Error>) -> (usize, String) {
        match r {
            Err(Error::Decisions { line, reason, .. }) => (line, reason),
            other => panic!("expected a decisions error, got {other:?}"),
        }
    }

    fn add_text(doc: Option<&str>, text: &str, ground: Ground) -> Decision {
        Decision::AddText {
            doc: doc.map(str::to_string),
            text: text.to_string(),
            ground,
        }
    }

    fn add_box(doc: &str, page: u32, bbox: [f64; 4], ground: Ground) -> Decision {
        Decision::AddBox {
            doc: doc.to_string(),
            page,
            bbox,
            ground,
        }
    }

    fn reject_id(id: &str) -> Decision {
        Decision::RejectId { id: id.to_string() }
    }

    fn reject_text(text: &str) -> Decision {
        Decision::RejectText {
            doc: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn csv_with_commas() {
        let d = csv(&format!(
            "action,id,doc,text,page,x0,y0,x1,y1,ground\n\
             reject,{ID},,,,,,,,\n\
             reject,,,Jan  de\tVries,,,,,,\n\
             add,,in/brief.pdf,Piet Jansen,,,,,,5.1.2e\n\
             add,,,Klaas,,,,,,10.2.e\n\
             add,,in/brief.pdf,,2,72,700.5,120,712,5.1.1e\n"
        ))
        .unwrap();
        assert_eq!(
            d.items,
            [
                reject_id(ID),
                reject_text("Jan de Vries"),
                add_text(Some("in/brief.pdf"), "Piet Jansen", Ground::G512e),
                add_text(None, "Klaas", Ground::G512e),
                add_box(
                    "in/brief.pdf",
                    2,
                    [72.0, 700.5, 120.0, 712.0],
                    Ground::G511e
                ),
            ]
        );
    }

    #[test]
    fn csv_dutch_excel() {
        // BOM, `;`, CRLF, decimal commas, capitalised headers, Dutch actions, a note column,
        // a blank line and an empty Excel row.
        let s = format!(
            "\u{feff}Action;ID;Doc;Text;Page;X0;Y0;X1;Y1;Ground;Note\r\n\
             afwijzen;{ID};;;;;;;;;functionaris, openbaar\r\n\
             \r\n\
             ;;;;;;;;;;\r\n\
             weigeren;;;Team Woo;;;;;;;\r\n\
             Toevoegen;;in/memo.pdf;;1;12,5;30;40,25;50;5.1.2e;\"box om paraaf\"\r\n"
        );
        let d = csv(&s).unwrap();
        assert_eq!(
            d.items,
            [
                reject_id(ID),
                reject_text("Team Woo"),
                add_box("in/memo.pdf", 1, [12.5, 30.0, 40.25, 50.0], Ground::G512e),
            ]
        );
    }

    #[test]
    fn csv_bbox_column() {
        for bbox in [
            "12,5 30 40,25 50",
            "12.5 30 40.25 50",
            "[12.5, 30, 40.25, 50]",
            "12.5,30,40.25,50",
        ] {
            let s = format!("action;doc;page;bbox;ground\nadd;a.pdf;3;{bbox};5.1.2e\n");
            let d = csv(&s).unwrap();
            assert_eq!(
                d.items,
                [add_box(
                    "a.pdf",
                    3,
                    [12.5, 30.0, 40.25, 50.0],
                    Ground::G512e
                )],
                "{bbox}"
            );
        }
        // Quoted, in a comma-separated file.
        let s = "action,doc,page,bbox,ground\nadd,a.pdf,3,\"12,5 30 40,25 50\",5.1.2e\n";
        assert_eq!(
            csv(s).unwrap().items,
            [add_box(
                "a.pdf",
                3,
                [12.5, 30.0, 40.25, 50.0],
                Ground::G512e
            )]
        );
    }

    #[test]
    fn csv_exported_proposal_list() {
        // Every scan column, the action filled in on two rows; the others stay as proposed.
        let s = format!(
            "id;doc;start;end;text;category;detector;ground;page;bbox;action\n\
             {ID};in/a.txt;10;22;Jan de Vries;name;person-name;5.1.2e;;;reject\n\
             {ID2};in/a.txt;40;52;Piet Jansen;name;person-name;5.1.2e;;;\n\
             {ID2};in/a.txt;40;52;Piet Jansen;name;person-name;5.1.2e;;;accept\n"
        );
        assert_eq!(csv(&s).unwrap().items, [reject_id(ID)]);
    }

    #[test]
    fn csv_windows_1252() {
        let mut bytes = b"action;text;ground\ntoevoegen;H".to_vec();
        bytes.push(0xe9); // é in Windows-1252
        bytes.extend_from_slice(b"l\xe8ne;5.1.2e\n");
        let d = parse(Path::new("d.CSV"), &bytes).unwrap();
        assert_eq!(d.items, [add_text(None, "Hélène", Ground::G512e)]);
    }

    #[test]
    fn csv_errors_name_their_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 1, "no header row"),
            ("reject;0123456789abcdef\n", 1, "header"),
            ("id;text\nx;y\n", 1, "`action` column"),
            ("action;decision\nreject;reject\n", 1, "two columns"),
            (
                "action;text\nreject;a\nschrappen;b\n",
                3,
                "unknown action `schrappen`",
            ),
            ("action;text\n\nreject;a\n;b\n", 4, "missing action"),
            ("action;id;text\nreject;;\n", 2, "reject needs"),
            (
                "action;id\nreject;1,23457E+15\n",
                2,
                "format the id column as text",
            ),
            (
                "action;id\nreject;Jan de Vries\n",
                2,
                "id is not 16 hex digits",
            ),
            ("action;text;ground\nadd;Jan;\n", 2, "needs a `ground`"),
            (
                "action;text;ground\nadd;Jan;5.9.9\n",
                2,
                "unknown refusal ground `5.9.9`",
            ),
            (
                "action;doc;ground\nadd;a.pdf;5.1.2e\n",
                2,
                "add needs a `text`",
            ),
            (
                "action;page;bbox;ground\nadd;1;1 2 3 4;5.1.2e\n",
                2,
                "needs a `doc`",
            ),
            (
                "action;doc;bbox;ground\nadd;a;1 2 3 4;5.1.2e\n",
                2,
                "needs a `page`",
            ),
            (
                "action;doc;page;bbox;ground\nadd;a;0;1 2 3 4;5.1.2e\n",
                2,
                "page `0`",
            ),
            (
                "action;doc;page;bbox;ground\nadd;a;x;1 2 3 4;5.1.2e\n",
                2,
                "page `x`",
            ),
            (
                "action;doc;page;bbox;ground\nadd;a;1;1 2 3;5.1.2e\n",
                2,
                "four numbers",
            ),
            (
                "action;doc;page;bbox;ground\nadd;a;1;3 2 1 4;5.1.2e\n",
                2,
                "x0 < x1",
            ),
            (
                "action;doc;page;bbox;ground\nadd;a;1;1 4 3 4;5.1.2e\n",
                2,
                "y0 < y1",
            ),
            (
                "action;doc;page;bbox;ground\nadd;a;1;1 2 inf 4;5.1.2e\n",
                2,
                "x1 `inf`",
            ),
            (
                "action;doc;page;x0;y0;x1;ground\nadd;a;1;1;2;3;5.1.2e\n",
                2,
                "no `y1`",
            ),
            (
                "action;doc;page;bbox;x0;ground\nadd;a;1;1 2 3 4;1;5.1.2e\n",
                2,
                "both `bbox`",
            ),
            // A quoted cell over two lines: the next row starts on line 4.
            (
                "action;text\nreject;\"a\nb\"\nfoo;c\n",
                4,
                "unknown action `foo`",
            ),
        ];
        for (s, line, reason) in cases {
            let (l, r) = line_err(csv(s));
            assert_eq!(l, *line, "{s:?}: {r}");
            assert!(r.contains(reason), "{s:?}: {r}");
        }
    }

    #[test]
    fn error_message_is_one_line_with_file_and_line() {
        let e = csv("action;text\nreject;a\nfoo;b\n").unwrap_err();
        let msg = e.to_string();
        assert_eq!(
            msg,
            "decisions.csv:3: invalid decision: unknown action `foo` (expected reject or add)"
        );
        assert!(!msg.contains('\n'));
    }

    #[test]
    fn unknown_extension_is_an_error() {
        let e = parse(Path::new("decisions.txt"), b"action\n").unwrap_err();
        assert!(e.to_string().starts_with("decisions.txt: "), "{e}");
        assert!(parse(Path::new("decisions"), b"").is_err());
    }

    #[test]
    fn jsonl_decisions() {
        let s = format!(
            "{{\"action\": \"reject\", \"id\": \"{}\"}}\r\n\
             \n\
             {{\"action\": \"afwijzen\", \"text\": \" Jan\\nde Vries \"}}\n\
             {{\"action\": \"add\", \"doc\": \"in/a.txt\", \"text\": \"Piet\", \"ground\": \"(10)(2e)\", \"note\": \"x\"}}\n\
             {{\"action\": \"toevoegen\", \"text\": \"Klaas\", \"ground\": \"5.1.2e\", \"doc\": null}}\n\
             {{\"action\": \"add\", \"doc\": \"in/b.pdf\", \"page\": 2, \"bbox\": [72, 700.5, 120.25, 712], \"ground\": \"5.1.1e\"}}\n\
             {{\"action\": \"add\", \"doc\": \"in/b.pdf\", \"page\": \"3\", \"bbox\": \"12,5 30 40 50\", \"ground\": \"5.1.2e\"}}\n",
            ID.to_uppercase()
        );
        let d = jsonl(&s).unwrap();
        assert_eq!(
            d.items,
            [
                reject_id(ID),
                reject_text("Jan de Vries"),
                add_text(Some("in/a.txt"), "Piet", Ground::G512e),
                add_text(None, "Klaas", Ground::G512e),
                add_box("in/b.pdf", 2, [72.0, 700.5, 120.25, 712.0], Ground::G511e),
                add_box("in/b.pdf", 3, [12.5, 30.0, 40.0, 50.0], Ground::G512e),
            ]
        );
    }

    #[test]
    fn jsonl_scan_lines() {
        let scan = |id: &str, extra: &str| {
            format!(
                "{{\"id\": \"{id}\", \"doc\": \"in/a.pdf\", \"start\": 10, \"end\": 22, \"text\": \"Jan de Vries\", \"category\": \"name\", \"detector\": \"person-name\", \"ground\": \"5.1.2e\", \"page\": 1, \"bbox\": [72.0, 700.0, 130.0, 712.0]{extra}}}\n"
            )
        };
        let s = format!(
            "\u{feff}{}{}{}",
            scan(ID, ", \"decision\": \"reject\""),
            scan(ID2, ""),
            scan(ID2, ", \"decision\": \"accept\"")
        );
        assert_eq!(jsonl(&s).unwrap().items, [reject_id(ID)]);

        // A rejected proposal without its id would reject the text everywhere: an error.
        let s = "{\"doc\": \"a\", \"text\": \"Jan\", \"detector\": \"person-name\", \"decision\": \"reject\"}\n";
        let (line, reason) = line_err(jsonl(s));
        assert_eq!(line, 1);
        assert!(reason.contains("needs its `id`"), "{reason}");
    }

    #[test]
    fn jsonl_errors_name_their_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("{\"action\": \"reject\", \"text\": \"a\"}\n{\"action\": \n", 2, "invalid JSON at column"),
            ("\n\n[1, 2]\n", 3, "expected a JSON object"),
            ("{\"text\": \"a\"}\n", 1, "missing action"),
            ("{\"action\": \"nope\"}\n", 1, "unknown action `nope`"),
            ("{\"action\": \"reject\"}\n", 1, "reject needs"),
            ("{\"action\": \"add\", \"text\": \"a\"}\n", 1, "needs a `ground`"),
            ("{\"action\": \"add\", \"text\": \"a\", \"ground\": \"x\"}\n", 1, "unknown refusal ground"),
            ("{\"action\": \"add\", \"doc\": \"a\", \"page\": 1, \"bbox\": [1, 2, 3], \"ground\": \"5.1.2e\"}\n", 1, "four numbers"),
            ("{\"action\": \"add\", \"doc\": \"a\", \"page\": 1, \"bbox\": [1, \"b\", 3, 4], \"ground\": \"5.1.2e\"}\n", 1, "four numbers"),
            ("{\"action\": \"add\", \"doc\": \"a\", \"page\": 1.5, \"bbox\": [1, 2, 3, 4], \"ground\": \"5.1.2e\"}\n", 1, "page `1.5`"),
            ("{\"action\": \"add\", \"doc\": \"a\", \"page\": 1, \"bbox\": [1, 2, 3, 1], \"ground\": \"5.1.2e\"}\n", 1, "y0 < y1"),
            ("{\"action\": \"reject\", \"id\": true}\n", 1, "`id` must be a string"),
            ("{\"action\": \"reject\", \"decision\": \"add\", \"id\": \"0123456789abcdef\"}\n", 1, "`action` is given twice"),
        ];
        for (s, line, reason) in cases {
            let (l, r) = line_err(jsonl(s));
            assert_eq!(l, *line, "{s:?}: {r}");
            assert!(r.contains(reason), "{s:?}: {r}");
        }
        let bytes = b"{\"action\": \"reject\", \"text\": \"a\"}\n\xff\n";
        let (l, r) = line_err(parse(Path::new("d.jsonl"), bytes));
        assert_eq!((l, r.as_str()), (2, "not valid UTF-8"));
    }

    #[test]
    fn json_lines_extensions() {
        let s = b"{\"action\": \"reject\", \"text\": \"a\"}\n";
        for name in ["d.json-lines", "d.ndjson", "d.JSONL"] {
            assert_eq!(parse(Path::new(name), s).unwrap().items, [reject_text("a")]);
        }
    }

    #[test]
    fn debug_shows_no_text() {
        let items = [
            reject_id(ID),
            reject_text("Jan de Vries"),
            add_text(
                Some("in/brief aan Jansen.pdf"),
                "Jan de Vries",
                Ground::G512e,
            ),
            add_box(
                "in/brief aan Jansen.pdf",
                2,
                [1.0, 2.0, 3.0, 4.0],
                Ground::G512e,
            ),
        ];
        let shown = format!(
            "{:?}",
            Decisions {
                items: items.to_vec()
            }
        );
        for secret in ["Jan", "Vries", "Jansen", ID] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("AddBox(page 2, 5.1.2e)"), "{shown}");
    }

    #[test]
    fn doc_names() {
        assert_eq!(add_text(None, "a", Ground::G512e).doc(), None);
        assert_eq!(
            add_box("a.pdf", 1, [1.0, 2.0, 3.0, 4.0], Ground::G512e).doc(),
            Some("a.pdf")
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("12,5"), Some(12.5));
        assert_eq!(parse_number(" 12.5 "), Some(12.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("12,5,3"), None);
        assert_eq!(parse_number(""), None);
    }
}
