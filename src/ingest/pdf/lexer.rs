//! A strict content-stream tokenizer that keeps the byte span of every operation.
//!
//! lopdf's `Content::decode` stops silently at the first token it cannot read and turns
//! decimals into 32-bit floats; a redaction engine must neither lose the rest of a page nor
//! move glyphs it does not touch. So woolak reads content streams itself (PDF 32000-1:2008
//! §7.2, §7.3, §7.8.2, §8.9.7 for inline images): every operation gets the byte range of its
//! operands and operator, so an edit splices only the bytes of the operations it changes, and
//! anything it cannot read is an error, never a guess.

use std::ops::Range;

/// Deepest nesting of arrays and dictionaries accepted in a content stream.
const MAX_DEPTH: usize = 32;

/// One operand of a content-stream operator.
#[derive(Clone, PartialEq)]
pub enum Operand {
    Num(f64),
    Name(Vec<u8>),
    /// A string, literal or hex, as its decoded bytes.
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    Bool(bool),
    Null,
}

// Strings can hold document text: show their length only.
impl std::fmt::Debug for Operand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Operand::Num(n) => write!(f, "{n}"),
            Operand::Name(n) => write!(f, "/{}", String::from_utf8_lossy(n)),
            Operand::Str(s) => write!(f, "Str({} bytes)", s.len()),
            Operand::Array(a) => f.debug_list().entries(a).finish(),
            Operand::Dict(d) => write!(f, "Dict({} entries)", d.len()),
            Operand::Bool(b) => write!(f, "{b}"),
            Operand::Null => write!(f, "null"),
        }
    }
}

impl Operand {
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The value of `key` in a dictionary operand.
    pub fn get(&self, key: &[u8]) -> Option<&Operand> {
        match self {
            Operand::Dict(d) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// One operation: operator, operands and the bytes they occupy in the stream.
#[derive(Clone, Debug)]
pub struct Op {
    pub operator: Vec<u8>,
    pub operands: Vec<Operand>,
    /// From the first operand (or the operator when there are none) to the end of the
    /// operator; for an inline image, from `BI` to the end of `EI`.
    pub span: Range<usize>,
    /// Whether a comment stands inside the operation (between its operands): its bytes
    /// then cannot be copied as they are.
    pub comment: bool,
}

/// Why a content stream could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("content stream unreadable at byte {at}: {what}")]
pub struct LexError {
    pub at: usize,
    pub what: &'static str,
}

fn err<T>(at: usize, what: &'static str) -> Result<T, LexError> {
    Err(LexError { at, what })
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// Tokenizes a whole content stream into operations. Fails on the first byte it cannot read,
/// on operands left without an operator at the end, and on nesting deeper than 32.
pub fn parse(data: &[u8]) -> Result<Vec<Op>, LexError> {
    let mut lx = Lexer {
        data,
        pos: 0,
        comments: 0,
    };
    let mut ops = Vec::new();
    let mut operands = Vec::new();
    let mut start = None;
    // Comments seen before the operation's first operand.
    let mut comments_before = 0;
    loop {
        lx.skip_white_and_comments();
        let at = lx.pos;
        let Some(&b) = data.get(at) else { break };
        if is_regular(b) && !is_number_start(b) {
            let word = lx.word();
            if word == b"BI" {
                let span_start = start.unwrap_or(at);
                if !operands.is_empty() {
                    return err(at, "operands before an inline image");
                }
                let before = lx.comments;
                let dict = lx.inline_image_dict()?;
                ops.push(Op {
                    operator: b"BI".to_vec(),
                    operands: vec![Operand::Dict(dict)],
                    span: span_start..lx.pos,
                    comment: lx.comments > before,
                });
                start = None;
                continue;
            }
            match keyword(word) {
                Some(k) => operands.push(k),
                None => {
                    ops.push(Op {
                        operator: word.to_vec(),
                        operands: std::mem::take(&mut operands),
                        span: start.unwrap_or(at)..lx.pos,
                        comment: start.is_some() && lx.comments > comments_before,
                    });
                    start = None;
                    continue;
                }
            }
            if start.is_none() {
                start = Some(at);
                comments_before = lx.comments;
            }
            continue;
        }
        if start.is_none() {
            start = Some(at);
            comments_before = lx.comments;
        }
        operands.push(lx.operand(0)?);
    }
    if !operands.is_empty() {
        return err(data.len(), "operands without an operator at the end");
    }
    Ok(ops)
}

fn is_number_start(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Comments skipped so far.
    comments: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                self.comments += 1;
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn word(&mut self) -> &[u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn operand(&mut self, depth: usize) -> Result<Operand, LexError> {
        if depth > MAX_DEPTH {
            return err(self.pos, "arrays or dictionaries nested too deeply");
        }
        let at = self.pos;
        let Some(b) = self.peek() else {
            return err(at, "unexpected end of stream");
        };
        match b {
            b'/' => {
                self.pos += 1;
                Ok(Operand::Name(self.name_body()))
            }
            b'(' => self.literal_string().map(Operand::Str),
            b'<' if self.data.get(at + 1) == Some(&b'<') => {
                self.pos += 2;
                self.dict_body(depth).map(Operand::Dict)
            }
            b'<' => self.hex_string().map(Operand::Str),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white_and_comments();
                    match self.peek() {
                        None => return err(at, "unterminated array"),
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Operand::Array(items));
                        }
                        Some(c) if is_regular(c) && !is_number_start(c) => {
                            let w_at = self.pos;
                            match keyword(self.word()) {
                                Some(k) => items.push(k),
                                None => return err(w_at, "operator inside an array"),
                            }
                        }
                        Some(_) => items.push(self.operand(depth + 1)?),
                    }
                }
            }
            c if is_number_start(c) => self.number(),
            _ => err(at, "unexpected character"),
        }
    }

    fn number(&mut self) -> Result<Operand, LexError> {
        let at = self.pos;
        let tok = self.word();
        parse_number(tok).map(Operand::Num).ok_or(LexError {
            at,
            what: "malformed number",
        })
    }

    /// A name after its `/`, with `#xx` escapes decoded.
    fn name_body(&mut self) -> Vec<u8> {
        let raw = self.word();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#' {
                if let (Some(h), Some(l)) = (
                    raw.get(i + 1).and_then(|&c| hex_val(c)),
                    raw.get(i + 2).and_then(|&c| hex_val(c)),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
            }
            out.push(raw[i]);
            i += 1;
        }
        out
    }

    fn literal_string(&mut self) -> Result<Vec<u8>, LexError> {
        let at = self.pos;
        let (out, end, closed) = literal_string_at(self.data, at + 1);
        self.pos = end;
        if closed {
            Ok(out)
        } else {
            err(at, "unterminated string")
        }
    }

    fn hex_string(&mut self) -> Result<Vec<u8>, LexError> {
        let at = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let Some(b) = self.peek() else {
                return err(at, "unterminated hex string");
            };
            self.pos += 1;
            if b == b'>' {
                if let Some(h) = high {
                    out.push(h << 4);
                }
                return Ok(out);
            }
            if is_white(b) {
                continue;
            }
            let Some(v) = hex_val(b) else {
                return err(self.pos - 1, "bad character in hex string");
            };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
    }

    /// A dictionary after its `<<`.
    fn dict_body(&mut self, depth: usize) -> Result<Vec<(Vec<u8>, Operand)>, LexError> {
        let at = self.pos;
        let mut entries = Vec::new();
        loop {
            self.skip_white_and_comments();
            match self.peek() {
                None => return err(at, "unterminated dictionary"),
                Some(b'>') => {
                    if self.data.get(self.pos + 1) == Some(&b'>') {
                        self.pos += 2;
                        return Ok(entries);
                    }
                    return err(self.pos, "unexpected `>` in dictionary");
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name_body();
                    self.skip_white_and_comments();
                    let value = match self.peek() {
                        Some(c) if is_regular(c) && !is_number_start(c) => {
                            let w_at = self.pos;
                            match keyword(self.word()) {
                                Some(k) => k,
                                None => return err(w_at, "operator inside a dictionary"),
                            }
                        }
                        _ => self.operand(depth + 1)?,
                    };
                    entries.push((key, value));
                }
                Some(_) => return err(self.pos, "dictionary key is not a name"),
            }
        }
    }

    /// The key/value pairs of an inline image after `BI`, then its data up to and including
    /// `EI`. The data ends at the first `EI` that stands between white space (or the end of
    /// the stream) after the data's declared length, as viewers read it.
    fn inline_image_dict(&mut self) -> Result<Vec<(Vec<u8>, Operand)>, LexError> {
        let at = self.pos;
        let mut entries = Vec::new();
        loop {
            self.skip_white_and_comments();
            match self.peek() {
                None => return err(at, "unterminated inline image"),
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name_body();
                    self.skip_white_and_comments();
                    let value = match self.peek() {
                        Some(c) if is_regular(c) && !is_number_start(c) => {
                            let w = self.word();
                            // Abbreviated filter and colour space names are names.
                            keyword(w).unwrap_or_else(|| Operand::Name(w.to_vec()))
                        }
                        _ => self.operand(1)?,
                    };
                    entries.push((key, value));
                }
                Some(c) if is_regular(c) => {
                    let w_at = self.pos;
                    if self.word() != b"ID" {
                        return err(w_at, "expected ID in inline image");
                    }
                    // One white-space byte separates ID from the data.
                    self.pos += 1;
                    return self.inline_image_data(at, &entries).map(|()| entries);
                }
                Some(_) => return err(self.pos, "malformed inline image"),
            }
        }
    }

    /// Skips an inline image's data and its `EI`. Viewers differ in how they find the end
    /// (by the data's size, by `/L`, or at the first `EI` between white space), and text
    /// hidden behind a wrong end is text one of them shows: so where woolak can tell the end
    /// in two ways, they must agree, or the stream is refused.
    fn inline_image_data(
        &mut self,
        at: usize,
        entries: &[(Vec<u8>, Operand)],
    ) -> Result<(), LexError> {
        let data = self.data;
        let start = self.pos;
        let by_length = |len: usize| -> Result<usize, LexError> {
            let mut end = start.saturating_add(len);
            if end > data.len() {
                return err(at, "inline image data runs past the stream");
            }
            while end < data.len() && is_white(data[end]) {
                end += 1;
            }
            if data.get(end..end + 2) == Some(b"EI")
                && data.get(end + 2).is_none_or(|&c| !is_regular(c))
            {
                Ok(end + 2)
            } else {
                err(at, "inline image data does not end where its size says")
            }
        };
        let by_scan = || -> Option<usize> {
            let mut i = start;
            while i + 1 < data.len() {
                if data[i] == b'E'
                    && data[i + 1] == b'I'
                    && i > 0
                    && is_white(data[i - 1])
                    && data.get(i + 2).is_none_or(|&c| is_white(c))
                {
                    return Some(i + 2);
                }
                i += 1;
            }
            None
        };
        let (declared, size) = inline_image_length(entries);
        let end = match (declared, size) {
            (Some(l), Some(n)) => {
                if l != n {
                    return err(at, "inline image /L disagrees with its size");
                }
                by_length(n)?
            }
            (None, Some(n)) => by_length(n)?,
            (Some(l), None) => {
                let end = by_length(l)?;
                if by_scan() != Some(end) {
                    return err(at, "inline image /L disagrees with where its data ends");
                }
                end
            }
            (None, None) => match by_scan() {
                Some(e) => e,
                None => return err(at, "inline image without EI"),
            },
        };
        self.pos = end;
        Ok(())
    }
}

/// The byte length of an inline image's data: as declared by `/L` (`/Length`), and, for
/// unfiltered data, rows × bytes per row from its size, bits and colour space (§8.9.7).
fn inline_image_length(entries: &[(Vec<u8>, Operand)]) -> (Option<usize>, Option<usize>) {
    let get = |short: &[u8], long: &[u8]| {
        entries
            .iter()
            .find(|(k, _)| k == short || k == long)
            .map(|(_, v)| v)
    };
    let declared = match get(b"L", b"Length") {
        Some(Operand::Num(l)) if *l >= 0.0 && l.fract() == 0.0 => Some(*l as usize),
        _ => None,
    };
    if get(b"F", b"Filter").is_some() {
        return (declared, None);
    }
    let num = |short: &[u8], long: &[u8]| match get(short, long) {
        Some(Operand::Num(n)) if *n > 0.0 && n.fract() == 0.0 && *n < 1e6 => Some(*n as usize),
        _ => None,
    };
    let size = (|| {
        let (w, h) = (num(b"W", b"Width")?, num(b"H", b"Height")?);
        let mask = matches!(get(b"IM", b"ImageMask"), Some(Operand::Bool(true)));
        let (bpc, comps) = if mask {
            (1, 1)
        } else {
            let comps = match get(b"CS", b"ColorSpace") {
                Some(Operand::Name(n)) => match n.as_slice() {
                    b"G" | b"DeviceGray" | b"CalGray" | b"I" | b"Indexed" => 1,
                    b"RGB" | b"DeviceRGB" | b"CalRGB" => 3,
                    b"CMYK" | b"DeviceCMYK" => 4,
                    _ => return None,
                },
                Some(Operand::Array(a))
                    if a.first()
                        .and_then(Operand::as_name)
                        .is_some_and(|n| n == b"I" || n == b"Indexed") =>
                {
                    1
                }
                _ => return None,
            };
            (num(b"BPC", b"BitsPerComponent")?, comps)
        };
        (w.checked_mul(bpc)?.checked_mul(comps)?.div_ceil(8)).checked_mul(h)
    })();
    (declared, size)
}

/// Writes an operand in content-stream syntax (strings as hex, names escaped).
pub fn write_operand(o: &Operand, out: &mut Vec<u8>) {
    match o {
        Operand::Num(n) => out.extend_from_slice(format!("{n}").as_bytes()),
        Operand::Name(n) => {
            out.push(b'/');
            for &b in n {
                if is_regular(b) && b != b'#' && (0x21..0x7f).contains(&b) {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Operand::Str(s) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Operand::Array(items) => {
            out.push(b'[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_operand(it, out);
            }
            out.push(b']');
        }
        Operand::Dict(entries) => {
            out.extend_from_slice(b"<<");
            for (k, v) in entries {
                write_operand(&Operand::Name(k.clone()), out);
                out.push(b' ');
                write_operand(v, out);
                out.push(b' ');
            }
            out.extend_from_slice(b">>");
        }
        Operand::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Operand::Null => out.extend_from_slice(b"null"),
    }
}

/// Decodes a literal string whose body starts at `pos` (just after its `(`): the bytes,
/// where reading stopped, and whether the closing `)` was found (§7.3.4.2: balanced
/// parentheses, escapes, octal codes, line continuations; an end of line in the string is
/// read as a line feed). Shared by the content-stream and the CMap readers.
pub(crate) fn literal_string_at(data: &[u8], pos: usize) -> (Vec<u8>, usize, bool) {
    let mut out = Vec::new();
    let mut depth = 1usize;
    let mut i = pos;
    let peek = |i: usize| data.get(i).copied();
    while let Some(b) = peek(i) {
        i += 1;
        match b {
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return (out, i, true);
                }
                out.push(b);
            }
            b'\r' => {
                if peek(i) == Some(b'\n') {
                    i += 1;
                }
                out.push(b'\n');
            }
            b'\\' => {
                let Some(e) = peek(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match peek(i) {
                                Some(d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push((v & 0xff) as u8);
                    }
                    b'\r' => {
                        if peek(i) == Some(b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            _ => out.push(b),
        }
    }
    (out, i, false)
}

/// `true`, `false` and `null`, the keywords that are operands rather than operators.
fn keyword(word: &[u8]) -> Option<Operand> {
    match word {
        b"true" => Some(Operand::Bool(true)),
        b"false" => Some(Operand::Bool(false)),
        b"null" => Some(Operand::Null),
        _ => None,
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses a PDF number (`12`, `-3.5`, `.5`, `4.`); `None` for anything else.
pub fn parse_number(tok: &[u8]) -> Option<f64> {
    let (neg, rest) = match tok.first()? {
        b'-' => (true, &tok[1..]),
        b'+' => (false, &tok[1..]),
        _ => (false, tok),
    };
    // Some producers write `--5` or `-+5`: viewers read them as the sign of the last one.
    let rest = match rest.first() {
        Some(b'-' | b'+') => &rest[1..],
        _ => rest,
    };
    let mut seen_digit = false;
    let mut seen_dot = false;
    for &c in rest {
        match c {
            b'0'..=b'9' => seen_digit = true,
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    let s = std::str::from_utf8(rest).ok()?;
    let s = s.strip_suffix('.').unwrap_or(s);
    let v: f64 = if s.starts_with('.') {
        format!("0{s}").parse().ok()?
    } else {
        s.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &str) -> Vec<Op> {
        parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn spans_cover_operands_and_operator() {
        let src = "BT /F1 12 Tf 1 0 0 1 72 700 Tm (Hallo) Tj ET";
        let o = ops(src);
        let names: Vec<&[u8]> = o.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(names, [&b"BT"[..], b"Tf", b"Tm", b"Tj", b"ET"]);
        assert_eq!(&src[o[1].span.clone()], "/F1 12 Tf");
        assert_eq!(&src[o[3].span.clone()], "(Hallo) Tj");
        assert_eq!(o[3].operands, vec![Operand::Str(b"Hallo".to_vec())]);
    }

    #[test]
    fn strings_escapes_and_hex() {
        let o = ops(r"(a\(b\)c\\d\101\0121\
e) Tj <48 65 6C6C6F2> Tj (x(y)z) Tj");
        assert_eq!(o[0].operands[0], Operand::Str(b"a(b)c\\dA\n1e".to_vec()));
        assert_eq!(o[1].operands[0], Operand::Str(b"Hello ".to_vec()));
        assert_eq!(o[2].operands[0], Operand::Str(b"x(y)z".to_vec()));
    }

    #[test]
    fn tj_arrays_numbers_and_quotes() {
        let o = ops("[(A) -120.5 (B) .5 (C) 4.] TJ 1 2 (x) \" (y) '");
        assert_eq!(
            o[0].operands[0],
            Operand::Array(vec![
                Operand::Str(b"A".to_vec()),
                Operand::Num(-120.5),
                Operand::Str(b"B".to_vec()),
                Operand::Num(0.5),
                Operand::Str(b"C".to_vec()),
                Operand::Num(4.0),
            ])
        );
        assert_eq!(o[1].operator, b"\"");
        assert_eq!(o[1].operands.len(), 3);
        assert_eq!(o[2].operator, b"'");
    }

    #[test]
    fn marked_content_dict_and_names() {
        let o = ops("/Span <</ActualText (Jan) /MCID 3>> BDC /A#20B Do EMC");
        assert_eq!(o[0].operator, b"BDC");
        assert_eq!(
            o[0].operands[1].get(b"ActualText"),
            Some(&Operand::Str(b"Jan".to_vec()))
        );
        assert_eq!(o[1].operands[0], Operand::Name(b"A B".to_vec()));
    }

    #[test]
    fn inline_image_is_skipped_whole() {
        let src = b"q BI /W 4 /H 1 /BPC 8 /CS /G ID \x00EI\xff EI Q (a) Tj";
        let o = parse(src).unwrap();
        let names: Vec<&[u8]> = o.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(names, [&b"q"[..], b"BI", b"Q", b"Tj"]);
    }

    fn operators(src: &[u8]) -> Vec<Vec<u8>> {
        parse(src)
            .unwrap()
            .into_iter()
            .map(|o| o.operator)
            .collect()
    }

    #[test]
    fn inline_image_data_is_read_by_its_size() {
        // `xEI` inside the data: with the size known, the data is 2 bytes, and the text after
        // the real `EI` is read.
        let src = b"BI /W 2 /H 1 /BPC 8 /CS /G ID xE\nEI BT (Naam) Tj ET";
        assert!(operators(src).contains(&b"Tj".to_vec()));
        // `EI` right after the data, as viewers read it: the text after it is text.
        let src = b"BI /W 1 /H 1 /BPC 8 /CS /G ID xEI BT (Naam) Tj ET";
        assert!(operators(src).contains(&b"Tj".to_vec()));
        let src = b"BI /W 3 /H 1 /BPC 8 /CS /G ID xEI BT (Naam) Tj ET";
        assert!(parse(src).is_err(), "data and size disagree");
        // A declared /L that skips past the real end hides text: refused.
        let src = b"BI /W 1 /H 1 /BPC 8 /CS /G /L 30 ID x EI BT (Naam) Tj ET % EI\n";
        assert!(parse(src).is_err(), "/L and size disagree");
        let src = b"BI /W 1 /H 1 /F /AHx /L 25 ID 78> EI BT (Naam) Tj ET % EI\n";
        assert!(parse(src).is_err(), "/L and the first EI disagree");
        let src = b"BI /W 1 /H 1 /F /AHx /L 3 ID 78> EI BT (Naam) Tj ET";
        assert!(operators(src).contains(&b"Tj".to_vec()));
    }

    #[test]
    fn comments_inside_an_operation_are_marked() {
        let o = ops("% before\n1 0 % inside\n0 1 72 700 Tm (a) Tj [(b) %x\n] TJ");
        assert!(o[0].comment, "Tm has a comment between its operands");
        assert!(!o[1].comment);
        assert!(o[2].comment);
    }

    #[test]
    fn comments_are_skipped() {
        let o = ops("% comment (x) Tj\n(a) Tj %another\n");
        assert_eq!(o.len(), 1);
    }

    #[test]
    fn errors_instead_of_guesses() {
        for bad in [
            "(unterminated Tj",
            "[(a) (b) TJ",
            "<4G> Tj",
            "1 2",
            "1.2.3 Tw",
            ") Tj",
            "<< /A 1 Tj",
            "{ 1 } Tj",
            "BI /W 1 ID xx",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let src = "[".repeat(200_000);
        assert!(parse(src.as_bytes()).is_err());
    }

    #[test]
    fn operands_round_trip() {
        let src = "/Span <</ActualText (Jan \\(x\\)) /MCID 3 /A [1 -2.5 /N#20x true null]>> BDC";
        let o = ops(src);
        let mut out = Vec::new();
        for x in &o[0].operands {
            write_operand(x, &mut out);
            out.push(b' ');
        }
        out.extend_from_slice(b"BDC");
        let again = parse(&out).unwrap();
        assert_eq!(again[0].operands, o[0].operands);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b"-.5"), Some(-0.5));
        assert_eq!(parse_number(b"12"), Some(12.0));
        assert_eq!(parse_number(b"--3"), Some(-3.0));
        assert_eq!(parse_number(b"-"), None);
        assert_eq!(parse_number(b"1e5"), None);
    }
}
