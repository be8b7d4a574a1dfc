//! A tolerant tokenizer for the PostScript-like syntax of CMap streams and Type 1 font headers.
//! It never fails: garbage bytes are skipped, and every call to `next` consumes at least one byte,
//! so loops over its tokens always end.

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    /// A hexadecimal `<...>` or literal `(...)` string, decoded to bytes.
    Bytes(Vec<u8>),
    Name(&'a [u8]),
    Int(i64),
    Real(f64),
    Keyword(&'a [u8]),
    ArrayOpen,
    ArrayClose,
    DictOpen,
    DictClose,
    ProcOpen,
    ProcClose,
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    pushed: Option<Token<'a>>,
}

fn is_white(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            pushed: None,
        }
    }

    /// Puts one token back; the next call to `next` returns it.
    pub(crate) fn push_back(&mut self, tok: Token<'a>) {
        self.pushed = Some(tok);
    }

    fn peek_byte(&self, off: usize) -> Option<u8> {
        self.data.get(self.pos.saturating_add(off)).copied()
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek_byte(0) {
            if is_white(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    fn hex_string(&mut self) -> Vec<u8> {
        // `self.pos` is just past '<'.
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek_byte(0) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match high.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => high = Some(v),
                }
            }
        }
        // An odd final digit is followed by an implied 0 (PDF 32000-1:2008 §7.3.4.3).
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        // `self.pos` is just past '('; an unterminated string ends with the data.
        let (out, end, _) = crate::ingest::pdf::lexer::literal_string_at(self.data, self.pos);
        self.pos = end;
        out
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        if let Some(t) = self.pushed.take() {
            return Some(t);
        }
        loop {
            let b = self.peek_byte(0)?;
            if is_white(b) {
                self.pos += 1;
                continue;
            }
            match b {
                b'%' => {
                    while let Some(c) = self.peek_byte(0) {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                b'<' => {
                    self.pos += 1;
                    if self.peek_byte(0) == Some(b'<') {
                        self.pos += 1;
                        return Some(Token::DictOpen);
                    }
                    return Some(Token::Bytes(self.hex_string()));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek_byte(0) == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictClose);
                    }
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Bytes(self.literal_string()));
                }
                b')' => self.pos += 1,
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayOpen);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayClose);
                }
                b'{' => {
                    self.pos += 1;
                    return Some(Token::ProcOpen);
                }
                b'}' => {
                    self.pos += 1;
                    return Some(Token::ProcClose);
                }
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.regular_run()));
                }
                _ => {
                    let run = self.regular_run();
                    if run.is_empty() {
                        // Cannot happen (b is regular), but never loop without progress.
                        self.pos += 1;
                        continue;
                    }
                    return Some(number(run).unwrap_or(Token::Keyword(run)));
                }
            }
        }
    }
}

fn number(run: &[u8]) -> Option<Token<'static>> {
    let s = std::str::from_utf8(run).ok()?;
    let first = *run.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    if let Ok(i) = s.parse::<i64>() {
        return Some(Token::Int(i));
    }
    s.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Token::Real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let toks: Vec<_> = Lexer::new(b"<< /A 1 -2.5 >> [<4 1><41>] (a\\)b) % c\nfoo }").collect();
        assert_eq!(
            toks,
            vec![
                Token::DictOpen,
                Token::Name(b"A"),
                Token::Int(1),
                Token::Real(-2.5),
                Token::DictClose,
                Token::ArrayOpen,
                Token::Bytes(vec![0x41]),
                Token::Bytes(vec![0x41]),
                Token::ArrayClose,
                Token::Bytes(b"a)b".to_vec()),
                Token::Keyword(b"foo"),
                Token::ProcClose,
            ]
        );
    }

    #[test]
    fn garbage_terminates() {
        let data: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        assert!(Lexer::new(&data).count() < 5000);
        assert_eq!(
            Lexer::new(b"<41").collect::<Vec<_>>(),
            vec![Token::Bytes(vec![0x41])]
        );
        assert_eq!(Lexer::new(b"(abc").count(), 1);
        assert_eq!(Lexer::new(b"> ) >").count(), 0);
    }
}
