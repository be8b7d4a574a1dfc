//! The built-in encoding of an embedded Type 1 font program (/FontFile), read from its cleartext
//! part (`/Encoding StandardEncoding def` or `dup 65 /A put ...`), because a Type 1 font without
//! /Encoding uses it (PDF 32000-1:2008 §9.6.6.2) and TeX-made PDFs rely on that.

use lopdf::{Dictionary, Document};

use super::lexer::{Lexer, Token};
use super::pdf;

/// Cap on the cleartext bytes scanned; the encoding is near the start of a font program.
const MAX_CLEARTEXT: usize = 1 << 20;

#[derive(Debug)]
pub(crate) enum Builtin {
    Standard,
    Custom(Vec<Option<String>>),
}

pub(crate) fn builtin_encoding(doc: &Document, descriptor: &Dictionary) -> Option<Builtin> {
    let stream = pdf::get_stream(doc, descriptor, b"FontFile")?;
    let data = pdf::stream_data(stream)?;
    // Tolerate a PFB segment header left in place by some producers.
    let data = match data.as_slice() {
        [0x80, 0x01, rest @ ..] => rest.get(4..).unwrap_or_default(),
        d => d,
    };
    let data = data
        .get(..data.len().min(MAX_CLEARTEXT))
        .unwrap_or_default();
    let end = data
        .windows(5)
        .position(|w| w == b"eexec")
        .unwrap_or(data.len());
    parse_cleartext(data.get(..end).unwrap_or_default())
}

fn parse_cleartext(clear: &[u8]) -> Option<Builtin> {
    let mut lex = Lexer::new(clear);
    lex.by_ref().find(|t| *t == Token::Name(b"Encoding"))?;
    match lex.next()? {
        Token::Keyword(b"StandardEncoding") => return Some(Builtin::Standard),
        Token::Int(_) => {}
        _ => return None,
    }
    let mut names: Vec<Option<String>> = vec![None; 256];
    let mut any = false;
    // Expect `dup CODE /NAME put` entries, up to `readonly def` or `def`.
    let mut window: [Option<Token>; 3] = [None, None, None];
    for tok in lex {
        match &tok {
            Token::Keyword(b"put") => {
                if let [Some(Token::Keyword(b"dup")), Some(Token::Int(code)), Some(Token::Name(n))] =
                    &window
                {
                    let slot = usize::try_from(*code).ok().and_then(|c| names.get_mut(c));
                    if let Some(slot) = slot {
                        *slot = Some(String::from_utf8_lossy(n).into_owned());
                        any = true;
                    }
                }
            }
            Token::Keyword(b"def" | b"readonly") => break,
            _ => {}
        }
        window.rotate_left(1);
        if let Some(last) = window.last_mut() {
            *last = Some(tok);
        }
    }
    any.then_some(Builtin::Custom(names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleartext_encodings() {
        let t = b"%!PS-AdobeFont-1.0: CMR10\n/FontName /CMR10 def\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 65 /A put\ndup 12 /fi put\ndup 300 /x put\nreadonly def\ncurrentdict end\ncurrentfile eexec";
        match parse_cleartext(t) {
            Some(Builtin::Custom(n)) => {
                assert_eq!(n.get(65).cloned().flatten().as_deref(), Some("A"));
                assert_eq!(n.get(12).cloned().flatten().as_deref(), Some("fi"));
                assert_eq!(n.iter().flatten().count(), 2);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_cleartext(b"/Encoding StandardEncoding def"),
            Some(Builtin::Standard)
        ));
        assert!(parse_cleartext(b"/Encoding").is_none());
        assert!(parse_cleartext(b"/FontName /X def").is_none());
    }
}
