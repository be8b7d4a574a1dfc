//! The `TJ` rewrite: drop the bytes of removed glyphs from a text operation and put a number
//! in their place that moves the text position by exactly their advance (PDF 32000-1:2008
//! §9.4.3: a `TJ` number `n` moves by `-n / 1000 × Tfs × Th`, a glyph by
//! `(w0 × Tfs + Tc + Tw) × Th`, so `n = -1000 × (w0 × Tfs + Tc + Tw) / Tfs`).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::ingest::pdf::lexer::{Op, Operand};
use crate::ingest::pdf::walk::Unit;

/// One glyph to take out of a text operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Removal {
    /// Index of the string among the operation's strings.
    pub elem: u32,
    /// The glyph's code, as a byte range in that string.
    pub bytes: Range<usize>,
    /// The `TJ` number that replaces it.
    pub comp: f64,
}

enum Tok {
    Str(Vec<u8>),
    Num(f64),
    /// A number copied from the original array, with its original value.
    Orig(f64),
}

/// What happens to one operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Glyphs come out of a text operation.
    Remove(Vec<Removal>),
    /// The operation is replaced by these bytes (a scrubbed marked-content property list).
    Replace(Vec<u8>),
}

/// The unit's bytes with every listed operation rewritten. Between operations only white
/// space and comments stand; comments are dropped (they can quote anything), the rest is
/// copied byte for byte.
pub fn apply(unit: &Unit, edits: &BTreeMap<u32, Change>) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(unit.data.len() + edits.len() * 16);
    let mut pos = 0;
    for (&op_idx, change) in edits {
        let op = unit
            .ops
            .get(op_idx as usize)
            .ok_or("text operation out of range")?;
        if op.span.start < pos || op.span.end > unit.data.len() {
            return Err("overlapping text operations".into());
        }
        copy_gaps(unit, pos, op.span.start, &mut out);
        // A replacement can start with an operator (`T*`): keep it apart from what precedes
        // (`T*(x) '` must not become `T*T*`).
        if out.last().is_some_and(|&b| !b.is_ascii_whitespace()) {
            out.push(b' ');
        }
        match change {
            Change::Remove(removals) => rewrite(op, removals, &mut out)?,
            Change::Replace(bytes) => out.extend_from_slice(bytes),
        }
        pos = op.span.end;
    }
    copy_gaps(unit, pos, unit.data.len(), &mut out);
    Ok(out)
}

/// Copies `unit.data[from..to]`, where operations are copied whole and the gaps between
/// them lose their comments.
fn copy_gaps(unit: &Unit, from: usize, to: usize, out: &mut Vec<u8>) {
    let first = unit.ops.partition_point(|o| o.span.end <= from);
    let mut at = from;
    for op in unit.ops[first..].iter().take_while(|o| o.span.start < to) {
        strip_comments(&unit.data[at..op.span.start.max(at)], out);
        out.extend_from_slice(&unit.data[op.span.start.max(at)..op.span.end.min(to)]);
        at = op.span.end.min(to);
    }
    strip_comments(&unit.data[at..to.max(at)], out);
}

/// Copies white space and comments, with every comment replaced by a line feed.
fn strip_comments(gap: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < gap.len() {
        if gap[i] == b'%' {
            while i < gap.len() && gap[i] != b'\n' && gap[i] != b'\r' {
                i += 1;
            }
            out.push(b'\n');
            continue;
        }
        out.push(gap[i]);
        i += 1;
    }
}

/// Returns true if and only if the unit has a comment between its operations.
pub fn has_comments(unit: &Unit) -> bool {
    let mut at = 0;
    for op in &unit.ops {
        if unit.data[at..op.span.start.max(at)].contains(&b'%') {
            return true;
        }
        at = op.span.end;
    }
    unit.data[at.min(unit.data.len())..].contains(&b'%')
}

/// An operation written anew from its operands (strings as hex), without what stood
/// between them.
pub fn serialize(op: &Op) -> Vec<u8> {
    let mut out = Vec::new();
    for o in &op.operands {
        crate::ingest::pdf::lexer::write_operand(o, &mut out);
        out.push(b' ');
    }
    out.extend_from_slice(&op.operator);
    out
}

/// Writes the replacement of one text operation.
pub fn rewrite(op: &Op, removals: &[Removal], out: &mut Vec<u8>) -> Result<(), String> {
    let strings: Vec<&[u8]>;
    let array: Option<&Vec<Operand>>;
    match (op.operator.as_slice(), op.operands.as_slice()) {
        (b"Tj" | b"'", [Operand::Str(s)]) => {
            strings = vec![s];
            array = None;
        }
        (b"\"", [Operand::Num(aw), Operand::Num(ac), Operand::Str(s)]) => {
            out.extend_from_slice(format!("{aw} Tw {ac} Tc ").as_bytes());
            strings = vec![s];
            array = None;
        }
        (b"TJ", [Operand::Array(items)]) => {
            strings = Vec::new();
            array = Some(items);
        }
        _ => return Err("unexpected text operation to rewrite".into()),
    }
    if op.operator != b"Tj" && op.operator != b"TJ" {
        out.extend_from_slice(b"T* ");
    }
    let mut by_elem: BTreeMap<u32, Vec<&Removal>> = BTreeMap::new();
    for r in removals {
        by_elem.entry(r.elem).or_default().push(r);
    }
    let mut toks = Vec::new();
    let mut elem = 0u32;
    let mut emit_string = |s: &[u8], elem: u32, toks: &mut Vec<Tok>| -> Result<(), String> {
        let mut rs: Vec<&Removal> = by_elem.remove(&elem).unwrap_or_default();
        rs.sort_by_key(|r| r.bytes.start);
        let mut at = 0;
        for r in rs {
            if r.bytes.start < at || r.bytes.end > s.len() || r.bytes.is_empty() {
                return Err("glyph outside its string".into());
            }
            if r.bytes.start > at {
                toks.push(Tok::Str(s[at..r.bytes.start].to_vec()));
            }
            match toks.last_mut() {
                Some(Tok::Num(n)) => *n += r.comp,
                _ => toks.push(Tok::Num(r.comp)),
            }
            at = r.bytes.end;
        }
        if at < s.len() {
            toks.push(Tok::Str(s[at..].to_vec()));
        }
        Ok(())
    };
    match array {
        None => emit_string(strings[0], 0, &mut toks)?,
        Some(items) => {
            for item in items {
                match item {
                    Operand::Str(s) => {
                        emit_string(s, elem, &mut toks)?;
                        elem += 1;
                    }
                    Operand::Num(n) => toks.push(Tok::Orig(*n)),
                    _ => return Err("TJ array holds something else".into()),
                }
            }
        }
    }
    if !by_elem.is_empty() {
        return Err("glyph in a string the operation does not have".into());
    }
    out.push(b'[');
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        match t {
            Tok::Str(s) => hex_string(s, out),
            Tok::Num(n) => out.extend_from_slice(number(*n).as_bytes()),
            Tok::Orig(n) => out.extend_from_slice(format!("{n}").as_bytes()),
        }
    }
    out.extend_from_slice(b"] TJ");
    Ok(())
}

fn hex_string(s: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push(b'<');
    for &b in s {
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
    out.push(b'>');
}

/// A `TJ` number with four decimals (a ten-thousandth of a text space unit per 1000).
fn number(v: f64) -> String {
    decimal(v, 4)
}

/// `v` with at most `places` decimals, without trailing zeros (`-0` is `0`).
pub(crate) fn decimal(v: f64, places: usize) -> String {
    let s = format!("{v:.places$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::pdf::lexer;

    fn one(src: &str, removals: &[Removal]) -> String {
        let ops = lexer::parse(src.as_bytes()).unwrap();
        let mut out = Vec::new();
        rewrite(&ops[0], removals, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn rm(elem: u32, bytes: Range<usize>, comp: f64) -> Removal {
        Removal { elem, bytes, comp }
    }

    fn unit(src: &[u8]) -> Unit {
        Unit {
            owner: crate::ingest::pdf::walk::Owner::Page((1, 0)),
            data: src.to_vec(),
            ops: lexer::parse(src).unwrap(),
        }
    }

    #[test]
    fn tj_becomes_tj_array_with_compensation() {
        assert_eq!(
            one("(Jan Smit) Tj", &[rm(0, 4..5, -500.0), rm(0, 5..6, -250.0)]),
            "[<4A616E20> -750 <6974>] TJ"
        );
    }

    #[test]
    fn tj_array_keeps_original_numbers() {
        assert_eq!(
            one("[(AB) -120.5 (CD)] TJ", &[rm(1, 0..1, -600.0)]),
            "[<4142> -120.5 -600 <44>] TJ"
        );
    }

    #[test]
    fn quote_operators_keep_their_effects() {
        assert_eq!(one("(ab) '", &[rm(0, 0..1, -1.0)]), "T* [-1 <62>] TJ");
        assert_eq!(
            one("2 0.5 (ab) \"", &[rm(0, 1..2, -3.0)]),
            "2 Tw 0.5 Tc T* [<61> -3] TJ"
        );
    }

    #[test]
    fn a_replacement_never_glues_to_the_operator_before_it() {
        let unit = unit(b"BT T*(ab) ' ET");
        let mut edits = BTreeMap::new();
        edits.insert(2, Change::Remove(vec![rm(0, 0..1, -5.0)]));
        let out = String::from_utf8(apply(&unit, &edits).unwrap()).unwrap();
        assert_eq!(out, "BT T* T* [-5 <62>] TJ ET");
    }

    #[test]
    fn comments_between_operations_are_dropped() {
        let unit = unit(b"BT %naam Jan\n(ab) Tj ET % slot");
        assert!(has_comments(&unit));
        let out = String::from_utf8(apply(&unit, &BTreeMap::new()).unwrap()).unwrap();
        assert_eq!(out, "BT \n\n(ab) Tj ET \n");
    }

    #[test]
    fn an_operation_is_written_anew_from_its_operands() {
        let ops = lexer::parse(b"1 0 %Jan\n0 1 7.25 -3 Tm").unwrap();
        assert_eq!(
            String::from_utf8(serialize(&ops[0])).unwrap(),
            "1 0 0 1 7.25 -3 Tm"
        );
    }

    #[test]
    fn bad_removals_are_errors() {
        let ops = lexer::parse(b"(ab) Tj").unwrap();
        let mut out = Vec::new();
        assert!(rewrite(&ops[0], &[rm(0, 1..3, 0.0)], &mut out).is_err());
        assert!(rewrite(&ops[0], &[rm(1, 0..1, 0.0)], &mut out).is_err());
    }

    #[test]
    fn apply_splices_only_changed_operations() {
        let unit = unit(b"BT /F1 12 Tf 0.1234567 Tc (ab) Tj (cd) Tj ET");
        let mut edits = BTreeMap::new();
        edits.insert(4, Change::Remove(vec![rm(0, 0..1, -10.0)]));
        let out = apply(&unit, &edits).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "BT /F1 12 Tf 0.1234567 Tc (ab) Tj [-10 <64>] TJ ET"
        );
    }
}
