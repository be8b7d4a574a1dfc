//! Font construction and lookups on font dictionaries built in memory, one case per rule.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use lopdf::{dictionary, Dictionary, Document, Object, Stream};

use super::{Font, FontError};

fn n(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

fn nums(v: &[f64]) -> Object {
    Object::Array(v.iter().map(|x| Object::Real(*x as f32)).collect())
}

fn ints(v: &[i64]) -> Object {
    Object::Array(v.iter().map(|x| Object::Integer(*x)).collect())
}

fn stream(doc: &mut Document, content: &[u8]) -> Object {
    Object::Reference(doc.add_object(Stream::new(Dictionary::new(), content.to_vec())))
}

fn build(doc: &Document, d: Dictionary) -> Result<Font, FontError> {
    Font::from_dict(doc, b"F1", &d)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn text(f: &Font, code: &[u8]) -> Option<String> {
    f.unicode(code)
}

#[test]
fn widths_first_char_and_missing_width() {
    let mut doc = Document::with_version("1.7");
    let w = doc.add_object(ints(&[500, 600]));
    let mw = doc.add_object(Object::Integer(250));
    let fd = doc.add_object(
        dictionary! { "Type" => "FontDescriptor", "MissingWidth" => mw,
        "Ascent" => 900, "Descent" => -300 },
    );
    let f = build(
        &doc,
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "ABCDEF+Foo",
        "FirstChar" => 65, "LastChar" => 66, "Widths" => w, "FontDescriptor" => fd,
        "Encoding" => "WinAnsiEncoding" },
    )
    .unwrap();
    assert!(close(f.advance(b"A"), 0.5));
    assert!(close(f.advance(b"B"), 0.6));
    assert!(close(f.advance(b"C"), 0.25));
    assert!(close(f.advance(b"AB"), 0.0));
    assert_eq!(f.base_name(), "Foo");
    assert!(close(f.ascent(), 0.9) && close(f.descent(), -0.3));
    assert_eq!(f.split(b"abc").unwrap(), vec![0..1, 1..2, 2..3]);
    assert_eq!(text(&f, b"A").as_deref(), Some("A"));
    assert!(!f.vertical());
    assert!(format!("{f:?}").contains("Foo"));
}

#[test]
fn differences_and_glyph_names() {
    let doc = Document::with_version("1.7");
    let diffs = Object::Array(vec![
        Object::Integer(65),
        n("Euro"),
        n("uni0041"),
        n("f_f_i"),
        n("g12"),
        n("u1F600"),
        n("fi"),
        Object::Integer(200),
        n("a.sc"),
        n(".notdef"),
    ]);
    let f = build(
        &doc,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => dictionary! { "BaseEncoding" => "WinAnsiEncoding", "Differences" => diffs } },
    )
    .unwrap();
    assert_eq!(text(&f, b"A").as_deref(), Some("€"));
    assert_eq!(text(&f, b"B").as_deref(), Some("A"));
    assert_eq!(text(&f, b"C").as_deref(), Some("ffi"));
    assert_eq!(text(&f, b"D"), None);
    assert_eq!(text(&f, b"E").as_deref(), Some("\u{1F600}"));
    assert_eq!(text(&f, b"F").as_deref(), Some("\u{FB01}"));
    assert_eq!(text(&f, &[200]).as_deref(), Some("a"));
    assert_eq!(text(&f, &[201]), None);
    // Untouched codes keep the base encoding.
    assert_eq!(text(&f, &[0x80]).as_deref(), Some("€"));
    assert_eq!(text(&f, b"a").as_deref(), Some("a"));
    // Standard 14 widths follow the names: Euro 556, "A" 667, fi 500.
    assert!(close(f.advance(b"A"), 0.556));
    assert!(close(f.advance(b"B"), 0.667));
    assert!(close(f.advance(b"F"), 0.5));
    assert!(close(f.advance(b"D"), 0.0));
}

#[test]
fn base_encodings_differ() {
    let doc = Document::with_version("1.7");
    let mk = |enc: Option<&str>| {
        let mut d = dictionary! { "Subtype" => "Type1", "BaseFont" => "Times-Roman" };
        if let Some(e) = enc {
            d.set("Encoding", n(e));
        }
        build(&doc, d).unwrap()
    };
    let std = mk(None);
    let win = mk(Some("WinAnsiEncoding"));
    let mac = mk(Some("MacRomanEncoding"));
    let expert = mk(Some("MacExpertEncoding"));
    assert_eq!(text(&win, &[0x80]).as_deref(), Some("€"));
    assert_eq!(text(&mac, &[0x80]).as_deref(), Some("Ä"));
    assert_eq!(text(&std, &[0x80]), None);
    assert_eq!(text(&std, b"'").as_deref(), Some("\u{2019}"));
    assert_eq!(text(&win, b"'").as_deref(), Some("'"));
    assert_eq!(text(&std, b"`").as_deref(), Some("\u{2018}"));
    assert_eq!(text(&win, b"`").as_deref(), Some("`"));
    assert_eq!(text(&win, &[0x93]).as_deref(), Some("\u{201C}"));
    assert_eq!(text(&mac, &[0xd2]).as_deref(), Some("\u{201C}"));
    assert_eq!(text(&std, &[0xaa]).as_deref(), Some("\u{201C}"));
    assert_eq!(text(&win, &[0xa0]).as_deref(), Some(" "));
    assert_eq!(text(&win, &[0x81]).as_deref(), Some("•"));
    assert_eq!(text(&expert, b" ").as_deref(), Some(" "));
    // Times-Roman: quoteright 333, quotesingle 180.
    assert!(close(std.advance(b"'"), 0.333));
    assert!(close(win.advance(b"'"), 0.18));
}

#[test]
fn standard14_widths_and_builtin_encodings() {
    let doc = Document::with_version("1.7");
    let mk = |base: &str| {
        build(
            &doc,
            dictionary! { "Subtype" => "Type1", "BaseFont" => base },
        )
    };
    assert!(close(mk("Helvetica").unwrap().advance(b"a"), 0.556));
    assert!(close(mk("Times-Roman").unwrap().advance(b"a"), 0.444));
    assert!(close(mk("Courier-Bold").unwrap().advance(b"a"), 0.6));
    let sym = mk("Symbol").unwrap();
    assert_eq!(text(&sym, b"a").as_deref(), Some("α"));
    assert!(close(sym.advance(b"a"), 0.631));
    let z = mk("ZapfDingbats").unwrap();
    assert_eq!(text(&z, b"!").as_deref(), Some("\u{2701}"));
    assert!(close(z.advance(b"!"), 0.974));
    let h = mk("Helvetica").unwrap();
    assert!(close(h.ascent(), 0.718) && close(h.descent(), -0.207));
}

#[test]
fn aliases_only_for_missing_widths() {
    let doc = Document::with_version("1.7");
    let bold = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Arial,Bold", "Encoding" => "WinAnsiEncoding" },
    )
    .unwrap();
    // Helvetica-Bold i = 278 (regular: 222).
    assert!(close(bold.advance(b"i"), 0.278));
    let reg = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "ABCDEF+ArialMT" },
    )
    .unwrap();
    assert!(close(reg.advance(b"i"), 0.222));
    assert_eq!(reg.base_name(), "ArialMT");
    let times = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "TimesNewRomanPS-BoldMT" },
    )
    .unwrap();
    assert!(close(times.advance(b"a"), 0.5));
    // With /Widths present, the alias is not used.
    let own = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Arial", "FirstChar" => 105, "Widths" => ints(&[300]) },
    )
    .unwrap();
    assert!(close(own.advance(b"i"), 0.3));
    let err = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Calibri" },
    )
    .unwrap_err();
    assert!(matches!(err, FontError::MissingWidths { .. }));
    assert_eq!(
        err.to_string(),
        "font /F1 (Calibri): no /Widths and not a standard 14 font"
    );
    assert!(build(
        &doc,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "ArialNarrow" }
    )
    .is_err());
}

fn type0(
    doc: &mut Document,
    encoding: Object,
    desc: Dictionary,
    to_unicode: Option<&[u8]>,
) -> Dictionary {
    let desc = doc.add_object(desc);
    let mut d = dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Noto",
    "Encoding" => encoding, "DescendantFonts" => Object::Array(vec![Object::Reference(desc)]) };
    if let Some(t) = to_unicode {
        let s = stream(doc, t);
        d.set("ToUnicode", s);
    }
    d
}

#[test]
fn type0_identity_w_forms_and_dw() {
    let mut doc = Document::with_version("1.7");
    let inner = doc.add_object(ints(&[500, 600]));
    let w = Object::Array(vec![
        Object::Integer(1),
        Object::Reference(inner),
        Object::Integer(10),
        Object::Integer(20),
        Object::Integer(700),
        Object::Integer(15),
        Object::Array(vec![Object::Real(250.0)]),
    ]);
    let d = type0(
        &mut doc,
        n("Identity-H"),
        dictionary! { "Subtype" => "CIDFontType2", "DW" => 300, "W" => w },
        None,
    );
    let f = build(&doc, d).unwrap();
    assert!(close(f.advance(&[0, 1]), 0.5));
    assert!(close(f.advance(&[0, 2]), 0.6));
    assert!(close(f.advance(&[0, 3]), 0.3));
    assert!(close(f.advance(&[0, 14]), 0.7));
    assert!(close(f.advance(&[0, 15]), 0.25));
    assert!(close(f.advance(&[0, 16]), 0.7));
    assert!(close(f.advance(&[0, 21]), 0.3));
    assert_eq!(f.split(&[0, 1, 0, 2]).unwrap(), vec![0..2, 2..4]);
    let err = f.split(&[0, 1, 0]).unwrap_err();
    assert!(matches!(
        err,
        FontError::Split {
            offset: 2,
            len: 3,
            ..
        }
    ));
    assert!(err.to_string().starts_with("font /F1 (Noto): "));
    assert!(!f.vertical());
    assert!(!f.is_word_space(&[0, 32]));
    assert_eq!(f.unicode(&[0, 65]), None);
    assert!(close(f.ascent(), 0.8) && close(f.descent(), -0.2));

    let v = type0(&mut doc, n("Identity-V"), dictionary! {}, None);
    let v = build(&doc, v).unwrap();
    assert!(v.vertical());
    assert!(close(v.advance(&[0, 1]), 1.0));
}

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar
<0003> <0020>
<0010> <00660069>
<0011> <D835DC00>
endbfchar
2 beginbfrange
<0020> <0022> <0041>
<0030> <0032> [<0061> <0062> <D83DDE00>]
endbfrange
1 beginbfchar <0040> <> endbfchar
1 beginbfchar <0041> <0000> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end";

#[test]
fn to_unicode_forms() {
    let mut doc = Document::with_version("1.7");
    let d = type0(&mut doc, n("Identity-H"), dictionary! {}, Some(TO_UNICODE));
    let f = build(&doc, d).unwrap();
    let t = |c: u16| f.unicode(&c.to_be_bytes());
    assert_eq!(t(3).as_deref(), Some(" "));
    assert_eq!(t(0x10).as_deref(), Some("fi"));
    assert_eq!(t(0x11).as_deref(), Some("\u{1D400}"));
    assert_eq!(t(0x20).as_deref(), Some("A"));
    assert_eq!(t(0x22).as_deref(), Some("C"));
    assert_eq!(t(0x23), None);
    assert_eq!(t(0x30).as_deref(), Some("a"));
    assert_eq!(t(0x32).as_deref(), Some("\u{1F600}"));
    assert_eq!(t(0x40), None);
    assert_eq!(t(0x41), None);
    assert_eq!(f.unicode(&[0x20]), None);
    let mut s = String::from("x");
    assert!(f.unicode_into(&[0, 0x21], &mut s));
    assert!(!f.unicode_into(&[0, 0x99], &mut s));
    assert_eq!(s, "xB");
}

#[test]
fn simple_font_to_unicode_keys_are_one_byte() {
    let mut doc = Document::with_version("1.7");
    let tu = stream(
        &mut doc,
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange
          2 beginbfchar <0041> <0058> <42> <0059> endbfchar
          1 beginbfchar <0042> <005A> endbfchar",
    );
    let f = build(
        &doc,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica", "ToUnicode" => tu },
    )
    .unwrap();
    assert_eq!(text(&f, b"A").as_deref(), Some("X"));
    assert_eq!(text(&f, b"B").as_deref(), Some("Y"));
    // Codes without a ToUnicode entry fall back to the encoding.
    assert_eq!(text(&f, b"C").as_deref(), Some("C"));
}

#[test]
fn embedded_cmap_mixed_code_lengths() {
    let mut doc = Document::with_version("1.7");
    let cmap = stream(
        &mut doc,
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> def
/CMapName /Test-H def /WMode 1 def
2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
1 begincidrange <20> <7E> 1 endcidrange
1 begincidrange <8140> <817E> 633 endcidrange
1 begincidchar <8150> 9000 endcidchar
endcmap",
    );
    let w = Object::Array(vec![
        Object::Integer(1),
        Object::Integer(95),
        Object::Integer(500),
        Object::Integer(633),
        ints(&[900, 950]),
    ]);
    let d = type0(
        &mut doc,
        cmap,
        dictionary! { "Subtype" => "CIDFontType0", "W" => w },
        None,
    );
    let f = build(&doc, d).unwrap();
    let bytes = [0x41, 0x81, 0x40, 0x20, 0x81, 0x41, 0x81, 0x50, 0x00];
    let codes = f.split(&bytes).unwrap();
    assert_eq!(codes, vec![0..1, 1..3, 3..4, 4..6, 6..8, 8..9]);
    let adv: Vec<f64> = codes.iter().map(|r| f.advance(&bytes[r.clone()])).collect();
    assert_eq!(adv, vec![0.5, 0.9, 0.5, 0.95, 1.0, 1.0]);
    assert!(f.is_word_space(&[0x20]));
    assert!(f.vertical());
    assert!(f.split(&[0x81]).is_err());
    assert!(f.split(&[0xa0, 0x41]).is_err());
}

#[test]
fn embedded_cmap_on_identity() {
    let mut doc = Document::with_version("1.7");
    let cmap = stream(
        &mut doc,
        b"/Identity-H usecmap 1 begincidchar <0005> 7 endcidchar",
    );
    let w = Object::Array(vec![Object::Integer(5), ints(&[100, 200, 300])]);
    let d = type0(&mut doc, cmap, dictionary! { "W" => w }, None);
    let f = build(&doc, d).unwrap();
    assert!(close(f.advance(&[0, 5]), 0.3));
    assert!(close(f.advance(&[0, 6]), 0.2));
    assert_eq!(f.split(&[0, 5, 0]).map_err(|_| ()), Err(()));
}

#[test]
fn predefined_cmaps() {
    let mut doc = Document::with_version("1.7");
    let d = type0(&mut doc, n("90ms-RKSJ-H"), dictionary! {}, None);
    let err = build(&doc, d).unwrap_err();
    assert_eq!(
        err.to_string(),
        "font /F1 (Noto): unsupported predefined CMap 90ms-RKSJ-H"
    );
    let tu: &[u8] = b"1 beginbfchar <4E2D> <4E2D> endbfchar";
    let d = type0(
        &mut doc,
        n("UniGB-UCS2-H"),
        dictionary! { "DW" => 1000 },
        Some(tu),
    );
    let f = build(&doc, d).unwrap();
    assert_eq!(f.split(&[0x4e, 0x2d, 0, 0x41]).unwrap(), vec![0..2, 2..4]);
    assert!(close(f.advance(&[0x4e, 0x2d]), 1.0));
    assert_eq!(f.unicode(&[0x4e, 0x2d]).as_deref(), Some("中"));
    assert_eq!(f.unicode(&[0, 0x41]).as_deref(), Some("A"));
    let d = type0(&mut doc, n("UniJIS-UTF16-H"), dictionary! {}, Some(tu));
    let f = build(&doc, d).unwrap();
    assert_eq!(
        f.split(&[0xd8, 0x35, 0xdc, 0, 0, 0x41]).unwrap(),
        vec![0..4, 4..6]
    );
    assert_eq!(
        f.unicode(&[0xd8, 0x35, 0xdc, 0]).as_deref(),
        Some("\u{1D400}")
    );
    // Without a ToUnicode, or with /W (CIDs unknown), refuse.
    let d = type0(&mut doc, n("UniGB-UCS2-H"), dictionary! {}, None);
    assert!(matches!(
        build(&doc, d),
        Err(FontError::UnsupportedCMap { .. })
    ));
    let w = Object::Array(vec![Object::Integer(1), ints(&[500])]);
    let d = type0(
        &mut doc,
        n("UniKS-UCS2-H"),
        dictionary! { "W" => w },
        Some(tu),
    );
    assert!(build(&doc, d).is_err());
    let d = type0(&mut doc, n("UniGB-UCS2-V"), dictionary! {}, Some(tu));
    assert!(build(&doc, d).is_err());
}

#[test]
fn identity_hints_for_text() {
    let mut doc = Document::with_version("1.7");
    let info = dictionary! { "Registry" => Object::string_literal("Adobe"),
    "Ordering" => Object::string_literal("UCS"), "Supplement" => 0 };
    let d = type0(
        &mut doc,
        n("Identity-H"),
        dictionary! { "CIDSystemInfo" => info },
        None,
    );
    let f = build(&doc, d).unwrap();
    assert_eq!(f.unicode(&[0, 0x41]).as_deref(), Some("A"));
    assert_eq!(f.unicode(&[0xd8, 0x00]), None);
    let info = dictionary! { "Registry" => Object::string_literal("Adobe"),
    "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 };
    let d = type0(
        &mut doc,
        n("Identity-H"),
        dictionary! { "CIDSystemInfo" => info },
        None,
    );
    assert_eq!(build(&doc, d).unwrap().unicode(&[0, 0x41]), None);
    let mut d = type0(&mut doc, n("Identity-H"), dictionary! {}, None);
    d.set("ToUnicode", n("Identity-H"));
    assert_eq!(
        build(&doc, d).unwrap().unicode(&[0, 0x42]).as_deref(),
        Some("B")
    );
}

#[test]
fn type3_font_matrix() {
    let doc = Document::with_version("1.7");
    let mk = |scale: f64| {
        build(
            &doc,
            dictionary! { "Subtype" => "Type3", "FontMatrix" => nums(&[scale, 0.0, 0.0, scale, 0.0, 0.0]),
                "FontBBox" => ints(&[0, -20, 100, 80]), "FirstChar" => 97, "LastChar" => 98,
                "Widths" => ints(&[500, 60]),
                "Encoding" => dictionary! { "Differences" => Object::Array(vec![Object::Integer(97), n("a"), n("g7")]) },
                "CharProcs" => dictionary! {} },
        )
        .unwrap()
    };
    let f = mk(0.001);
    assert!(close(f.advance(b"a"), 0.5));
    assert!(close(f.advance(b"b"), 0.06));
    assert!(close(f.ascent(), 0.08) && close(f.descent(), -0.02));
    assert_eq!(text(&f, b"a").as_deref(), Some("a"));
    assert_eq!(text(&f, b"b"), None);
    assert_eq!(text(&f, b"c"), None);
    let f = mk(0.01);
    assert!(close(f.advance(b"a"), 5.0));
    assert!(close(f.ascent(), 0.8) && close(f.descent(), -0.2));
    assert!(f.is_word_space(b" "));
    let err = build(
        &doc,
        dictionary! { "Subtype" => "Type3", "Widths" => ints(&[1]) },
    )
    .unwrap_err();
    assert!(err.to_string().contains("FontMatrix"));
    let err = build(
        &doc,
        dictionary! { "Subtype" => "Type3", "FontMatrix" => nums(&[0.001, 0.0, 0.0, 0.001, 0.0, 0.0]) },
    );
    assert!(matches!(err, Err(FontError::MissingWidths { .. })));
}

#[test]
fn word_space_rule() {
    let doc = Document::with_version("1.7");
    let f = build(
        &doc,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "Courier" },
    )
    .unwrap();
    assert!(f.is_word_space(b" "));
    assert!(!f.is_word_space(b"a"));
    assert!(!f.is_word_space(&[0, 32]));
    assert!(!f.is_word_space(b""));
}

#[test]
fn type1_builtin_encoding_from_font_file() {
    let mut doc = Document::with_version("1.7");
    let ff = stream(
        &mut doc,
        b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 11 /ff put\ndup 65 /B put\nreadonly def\ncurrentfile eexec\x00\x01\x02",
    );
    let fd =
        doc.add_object(dictionary! { "Type" => "FontDescriptor", "Flags" => 4, "FontFile" => ff });
    let f = build(
        &doc,
        dictionary! { "Subtype" => "Type1", "BaseFont" => "ABCDEF+CMR10", "FirstChar" => 0,
        "Widths" => ints(&[0; 100]), "FontDescriptor" => fd },
    )
    .unwrap();
    assert_eq!(text(&f, &[11]).as_deref(), Some("\u{FB00}"));
    assert_eq!(text(&f, b"A").as_deref(), Some("B"));
    assert_eq!(text(&f, b"C"), None);
    // A symbolic font without a readable built-in encoding tells nothing.
    let fd = doc.add_object(dictionary! { "Type" => "FontDescriptor", "Flags" => 4 });
    let f = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "Wingdings", "Widths" => ints(&[0; 10]), "FontDescriptor" => fd },
    )
    .unwrap();
    assert_eq!(text(&f, b"A"), None);
}

#[test]
fn ascent_descent_fallbacks() {
    let mut doc = Document::with_version("1.7");
    let fd = doc.add_object(
        dictionary! { "Ascent" => 0, "Descent" => 0, "FontBBox" => ints(&[0, -250, 1000, 750]) },
    );
    let f = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "X", "Widths" => ints(&[1]), "FontDescriptor" => fd },
    )
    .unwrap();
    assert!(close(f.ascent(), 0.75) && close(f.descent(), -0.25));
    let fd = doc.add_object(dictionary! { "Ascent" => 800, "Descent" => 200 });
    let f = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "BaseFont" => "X", "Widths" => ints(&[1]), "FontDescriptor" => fd },
    )
    .unwrap();
    assert!(close(f.ascent(), 0.8) && close(f.descent(), -0.2));
    let f = build(
        &doc,
        dictionary! { "Subtype" => "TrueType", "Widths" => ints(&[1]) },
    )
    .unwrap();
    assert!(close(f.ascent(), 0.8) && close(f.descent(), -0.2));
    assert_eq!(f.base_name(), "");
}

#[test]
fn malformed_inputs_do_not_panic() {
    let mut doc = Document::with_version("1.7");
    // A reference cycle: 1 -> 2 -> 1.
    let a = doc.new_object_id();
    let b = doc.new_object_id();
    doc.objects.insert(a, Object::Reference(b));
    doc.objects.insert(b, Object::Reference(a));
    let cyc = Object::Reference(a);
    let missing = Object::Reference((9999, 0));
    let junk = stream(
        &mut doc,
        &(0..=255u8).cycle().take(4096).collect::<Vec<_>>(),
    );
    let trunc = stream(
        &mut doc,
        b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfrange <00> <",
    );
    let empty = stream(&mut doc, b"");
    let values = [
        cyc.clone(),
        missing.clone(),
        junk.clone(),
        trunc.clone(),
        empty.clone(),
        Object::Null,
        Object::Integer(i64::MIN),
        Object::Integer(i64::MAX),
        Object::Integer(-1),
        Object::Real(f32::MAX),
        Object::Real(-1e30),
        n("Identity-H"),
        n("Identity-V"),
        n("WinAnsiEncoding"),
        Object::string_literal("x"),
        Object::Array(vec![]),
        Object::Array(vec![cyc.clone(), missing.clone(), Object::Null]),
        Object::Array(vec![Object::Integer(1), Object::Integer(-5), n("a")]),
        Object::Array(vec![
            Object::Integer(i64::MAX),
            Object::Array(vec![Object::Integer(1); 3]),
        ]),
        Object::Array(vec![
            Object::Integer(3),
            Object::Integer(1),
            Object::Integer(500),
        ]),
        Object::Dictionary(dictionary! { "Differences" => cyc.clone(), "BaseEncoding" => 5 }),
        Object::Dictionary(
            dictionary! { "Differences" => Object::Array(vec![Object::Integer(-3), n("a"), n("b"), n("c"), n("d")]) },
        ),
    ];
    let keys = [
        "Widths",
        "FirstChar",
        "LastChar",
        "Encoding",
        "ToUnicode",
        "FontDescriptor",
        "DescendantFonts",
        "FontMatrix",
        "FontBBox",
        "BaseFont",
    ];
    let subtypes = ["Type1", "TrueType", "Type3", "Type0", "Bogus"];
    let desc_keys = ["W", "DW", "FontDescriptor", "CIDSystemInfo", "Subtype"];
    let mut built = 0;
    for st in subtypes {
        for k in keys {
            for v in &values {
                // Only Type0 fonts read the descendant, so only they try all its variants.
                let variants = if st == "Type0" { desc_keys.len() } else { 1 };
                for dk in desc_keys.iter().take(variants) {
                    for dv in values.iter().take(if st == "Type0" { 12 } else { 1 }) {
                        let desc = dictionary! { *dk => dv.clone() };
                        let mut d = dictionary! { "Subtype" => st, "BaseFont" => "Helvetica",
                        "Encoding" => "Identity-H", "FontMatrix" => nums(&[0.001, 0.0, 0.0, 0.001, 0.0, 0.0]),
                        "DescendantFonts" => Object::Array(vec![Object::Dictionary(desc)]) };
                        d.set(k, v.clone());
                        if let Ok(f) = build(&doc, d) {
                            built += 1;
                            for code in [&b""[..], b"A", &[0, 65], &[1, 2, 3], &[0xff; 5]] {
                                let _ = f.split(code);
                                assert!(f.advance(code).is_finite());
                                assert_ne!(f.unicode(code).as_deref(), Some(""));
                            }
                            assert!(f.ascent() > f.descent());
                        }
                    }
                }
            }
        }
    }
    assert!(built > 100);
}

#[test]
fn huge_w_and_ranges_are_bounded() {
    let mut doc = Document::with_version("1.7");
    let mut w = Vec::with_capacity(1_500_000);
    for i in 0..300_000i64 {
        w.push(Object::Integer(i * 2));
        w.push(Object::Integer(i * 2 + 1));
        w.push(Object::Integer(i % 1000));
    }
    let tu: &[u8] = b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange
        1 beginbfrange <0000> <FFFF> [<0041>] endbfrange";
    let d = type0(
        &mut doc,
        n("Identity-H"),
        dictionary! { "W" => Object::Array(w) },
        Some(tu),
    );
    let t = std::time::Instant::now();
    let f = build(&doc, d).unwrap();
    assert!(close(f.advance(&[0x03, 0xe9]), 0.5));
    assert_eq!(f.unicode(&[0, 0]).as_deref(), Some("A"));
    assert_eq!(f.unicode(&[0, 1]), None);
    assert!(t.elapsed().as_secs() < 20);
    // A bfrange over 4-byte codes is clamped to 65536 codes.
    let d = type0(&mut doc, n("Identity-H"), dictionary! {}, Some(tu));
    let f = build(&doc, d).unwrap();
    assert_eq!(f.unicode(&[0, 0]).as_deref(), Some("A"));
}

/// A tiny xorshift generator, so that the fuzz test needs no dependency and is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_cmaps_do_not_panic() {
    let words: &[&[u8]] = &[
        b"begincodespacerange",
        b"endcodespacerange",
        b"beginbfchar",
        b"endbfchar",
        b"beginbfrange",
        b"endbfrange",
        b"begincidrange",
        b"endcidrange",
        b"begincidchar",
        b"endcidchar",
        b"beginnotdefrange",
        b"usecmap",
        b"/Identity-H",
        b"/WMode",
        b"1",
        b"0",
        b"-7",
        b"<00>",
        b"<FF>",
        b"<0000>",
        b"<FFFF>",
        b"<D800>",
        b"<00410042>",
        b"<8140>",
        b"[",
        b"]",
        b"<",
        b">",
        b"(",
        b")",
        b"<<",
        b">>",
        b"%",
        b"\n",
        b"99999999999999999999",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut doc = Document::with_version("1.7");
    for _ in 0..300 {
        let mut data = Vec::new();
        for _ in 0..(rng.next() % 80) {
            data.extend_from_slice(words[(rng.next() % words.len() as u64) as usize]);
            data.push(b' ');
        }
        let s = stream(&mut doc, &data);
        let s2 = stream(&mut doc, &data);
        let d = type0(&mut doc, s, dictionary! {}, Some(&data));
        let mut simple = dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica" };
        simple.set("ToUnicode", s2);
        for d in [d, simple] {
            if let Ok(f) = build(&doc, d) {
                let bytes: Vec<u8> = (0..16).map(|_| rng.next() as u8).collect();
                if let Ok(codes) = f.split(&bytes) {
                    for r in codes {
                        let code = &bytes[r];
                        assert!(f.advance(code).is_finite());
                        assert_ne!(f.unicode(code).as_deref(), Some(""));
                    }
                }
            }
        }
    }
}

#[test]
fn font_is_shareable() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Font>();
    fn err<T: std::error::Error + Send + Sync + 'static>() {}
    err::<FontError>();
}
