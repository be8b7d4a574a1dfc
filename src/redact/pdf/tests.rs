//! Invariant tests of the PDF edit on documents built in memory: removed glyphs are gone and
//! every surviving glyph is drawn exactly where it was.

use std::collections::HashSet;

use lopdf::{dictionary, Document, Object, Stream};

use super::*;
use crate::ingest::pdf::walk::walk;

/// A one-page document with Helvetica (with /Widths) as /F1 and the given page content.
fn doc_with(content: &[u8], form: Option<&[u8]>) -> Document {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(code_font());
    let vfont = vertical_font(&mut doc);
    let mut res = dictionary! { "Font" => dictionary! { "F1" => font, "V1" => vfont } };
    if let Some(f) = form {
        let form_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 600.into(), 100.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
            },
            f.to_vec(),
        ));
        res.set("XObject", dictionary! { "X1" => form_id });
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Contents" => content_id,
        "Resources" => res,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let cat = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", cat);
    doc
}

/// A Type0 font with Identity-V: two-byte codes that are their own Unicode (ToUnicode), a
/// default vertical metric and one /W2 entry for `A`.
fn vertical_font(doc: &mut Document) -> lopdf::ObjectId {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        1 beginbfrange <0020> <007E> <0020> endbfrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end"
        .to_vec();
    let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "TestVertical",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "DW" => 1000,
        "W2" => vec![65.into(), vec![(-900).into(), 500.into(), 880.into()].into()],
    });
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "TestVertical",
        "Encoding" => "Identity-V",
        "DescendantFonts" => vec![cid_font.into()],
        "ToUnicode" => to_unicode,
    })
}

/// A small deterministic generator (xorshift64*), so the property test needs no crate and
/// every failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.below(1_000_000) as f64 / 1_000_000.0)
    }
}

fn random_content(rng: &mut Rng) -> String {
    let mut s = String::from("BT\n");
    s.push_str(&format!(
        "/F1 {:.2} Tf {:.3} Tc {:.3} Tw {:.1} Tz {:.2} Ts {:.1} TL\n",
        rng.range(4.0, 24.0),
        rng.range(-1.0, 2.0),
        rng.range(-2.0, 6.0),
        rng.range(50.0, 150.0),
        rng.range(-3.0, 3.0),
        rng.range(8.0, 20.0),
    ));
    if rng.below(2) == 0 {
        s.push_str("0.866 0.5 -0.5 0.866 100 500 Tm\n");
    } else {
        s.push_str("1 0 0 1 40 700 Tm\n");
    }
    let word = |rng: &mut Rng| -> String {
        (0..1 + rng.below(6))
            .map(|_| {
                let c = rng.below(28);
                match c {
                    26 | 27 => ' ',
                    _ => char::from(b'a' + c as u8),
                }
            })
            .collect()
    };
    for _ in 0..1 + rng.below(6) {
        match rng.below(4) {
            0 => s.push_str(&format!("({}) Tj\n", word(rng))),
            1 => s.push_str(&format!("({}) '\n", word(rng))),
            2 => s.push_str(&format!(
                "{:.2} {:.2} ({}) \"\n",
                rng.range(0.0, 4.0),
                rng.range(-0.5, 1.0),
                word(rng)
            )),
            _ => {
                s.push('[');
                for _ in 0..1 + rng.below(6) {
                    if rng.below(3) == 0 {
                        s.push_str(&format!(" {:.1}", rng.range(-400.0, 400.0)));
                    } else {
                        s.push_str(&format!(" ({})", word(rng)));
                    }
                }
                s.push_str(" ] TJ\n");
            }
        }
    }
    s.push_str("ET\n");
    s
}

fn close(a: &Quad, b: &Quad) -> bool {
    a.0.iter()
        .zip(b.0.iter())
        .all(|(p, q)| (p.x - q.x).abs() < 1e-3 && (p.y - q.y).abs() < 1e-3)
}

/// Removes random glyphs from the page drawn by `content` and checks that every other glyph
/// keeps its text and its place.
fn check_random_removals(content: &str, rng: &mut Rng, seed: u64) {
    let doc = doc_with(content.as_bytes(), None);
    let before = walk(&doc, 1 << 20).unwrap();
    let removed: HashSet<usize> = (0..before.glyphs.len())
        .filter(|_| rng.below(10) < 3)
        .collect();
    let hit = removed.iter().map(|&i| (i, (Ground::G512e, 0))).collect();
    let plan = plan::plan_glyphs(&before, &hit).unwrap();
    let new_content = match plan.changes.get(&0) {
        Some(ops) => edit::apply(&before.units[0], ops).unwrap(),
        None => content.as_bytes().to_vec(),
    };
    let after = walk(&doc_with(&new_content, None), 1 << 20).unwrap();
    let survivors: Vec<&Glyph> = before
        .glyphs
        .iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, g)| g)
        .collect();
    assert_eq!(
        survivors.len(),
        after.glyphs.len(),
        "seed {seed}: glyph count\n{content}"
    );
    for (old, new) in survivors.iter().zip(&after.glyphs) {
        assert!(
            close(&old.quad, &new.quad),
            "seed {seed}: glyph moved from {:?} to {:?}\n{content}\n{}",
            old.quad,
            new.quad,
            String::from_utf8_lossy(&new_content)
        );
        assert_eq!(
            &before.text[old.text.start as usize..old.text.end as usize],
            &after.text[new.text.start as usize..new.text.end as usize],
            "seed {seed}"
        );
    }
}

#[test]
fn random_removals_keep_every_surviving_glyph_in_place() {
    for seed in 1..=400u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let content = random_content(&mut rng);
        check_random_removals(&content, &mut rng, seed);
    }
}

#[test]
fn vertical_writing_removals_keep_the_other_glyphs_in_place() {
    let hex = |s: &str| s.bytes().map(|b| format!("00{b:02X}")).collect::<String>();
    for seed in 1..=200u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut content = format!(
            "BT /V1 {:.1} Tf {:.2} Tc {:.2} Tw 300 760 Td [",
            rng.range(6.0, 20.0),
            rng.range(-1.0, 2.0),
            rng.range(0.0, 4.0)
        );
        for _ in 0..1 + rng.below(5) {
            if rng.below(3) == 0 {
                content.push_str(&format!(" {:.1}", rng.range(-300.0, 300.0)));
            } else {
                content.push_str(&format!(
                    " <{}>",
                    hex(["Jan De", "Vries", "A A", " B"][rng.below(4) as usize])
                ));
            }
        }
        content.push_str(" ] TJ ET");
        check_random_removals(&content, &mut rng, seed);
    }
    // The glyphs stack downwards: each is below the one before.
    let doc = doc_with(
        format!("BT /V1 10 Tf 300 760 Td <{}> Tj ET", hex("Jan")).as_bytes(),
        None,
    );
    let l = walk(&doc, 1 << 20).unwrap();
    assert_eq!(&l.text, "Jan");
    assert!(l.glyphs[1].quad.0[0].y < l.glyphs[0].quad.0[0].y - 9.0);
    assert!((l.glyphs[1].quad.0[0].x - l.glyphs[0].quad.0[0].x).abs() < 1e-9);
}

fn no_op_clean(_: &str) -> Option<String> {
    None
}

fn redact_terms(doc: Document, terms: &[&str]) -> (Vec<u8>, String) {
    redact_occurrences(doc, terms, usize::MAX)
}

/// Redacts the first `max` occurrences of each term.
fn redact_occurrences(doc: Document, terms: &[&str], max: usize) -> (Vec<u8>, String) {
    let layout = walk(&doc, 1 << 20).unwrap();
    let text = layout.text.clone();
    let mut findings = Vec::new();
    for t in terms {
        for (at, _) in text.match_indices(t).take(max) {
            findings.push(Finding {
                span: at..at + t.len(),
                category: crate::detect::Category::Term,
                detector: "extra-term",
                ground: Ground::G512e,
                source: crate::detect::Source::List,
            });
        }
    }
    let pdf = PdfDocument {
        path: "test.pdf".into(),
        doc,
        layout,
        source_sha256: [0; 32],
        warnings: Vec::new(),
    };
    let scrubber = Scrubber {
        clean: &no_op_clean,
        removed_words: Vec::new(),
    };
    let out = redact(
        pdf,
        &findings,
        GroundStyle::Woo,
        BoxStyle::Black,
        &scrubber,
        &Default::default(),
    )
    .unwrap();
    let reread = Document::load_mem(&out.bytes).unwrap();
    // The pages' text, without the reading-order text after it (the codes in the boxes are
    // drawn last, so the output always reads differently in the two orders).
    let after = walk(&reread, 1 << 20).unwrap();
    let end = after.pages.last().map_or(0, |p| p.text.end);
    let text_after = after.text[..end].to_string();
    (out.bytes, text_after)
}

#[test]
fn redacted_text_is_gone_and_the_code_is_there() {
    let doc = doc_with(
        b"BT /F1 12 Tf 72 700 Td (Overleg met Jan Smit over de planning) Tj ET",
        None,
    );
    let (_, text) = redact_terms(doc, &["Jan Smit"]);
    assert!(!text.contains("Jan"), "{text}");
    assert!(!text.contains("Smit"), "{text}");
    assert!(text.contains("Overleg met"), "{text}");
    assert!(text.contains("over de planning"), "{text}");
    assert!(text.contains("5.1.2e"), "{text}");
}

/// How many Form XObjects a document holds.
fn form_count(doc: &Document) -> usize {
    doc.objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
            })
        })
        .count()
}

#[test]
fn a_form_drawn_twice_loses_the_name_in_both_places() {
    let doc = doc_with(
        b"q 1 0 0 1 0 600 cm /X1 Do Q q 1 0 0 1 0 300 cm /X1 Do Q",
        Some(b"BT /F1 10 Tf 20 20 Td (Paraaf Els Bakker) Tj ET"),
    );
    let (bytes, text) = redact_terms(doc, &["Els Bakker"]);
    assert!(!text.contains("Bakker"), "{text}");
    assert_eq!(text.matches("Paraaf").count(), 2, "{text}");
    assert_eq!(text.matches("5.1.2e").count(), 2, "{text}");
    // One shared Form, edited once, still drawn twice.
    let reread = Document::load_mem(&bytes).unwrap();
    let forms = form_count(&reread);
    assert_eq!(forms, 1);
}

#[test]
fn a_form_placement_keeps_what_was_not_found_there() {
    let doc = doc_with(
        b"q 1 0 0 1 0 600 cm /X1 Do Q q 1 0 0 1 0 300 cm /X1 Do Q",
        Some(b"BT /F1 10 Tf 20 20 Td (Paraaf Els Bakker) Tj ET"),
    );
    // Only the first placement's name is a finding (as after a reviewer's decision).
    let (bytes, text) = redact_occurrences(doc, &["Els Bakker"], 1);
    assert_eq!(text.matches("Els Bakker").count(), 1, "{text}");
    assert_eq!(text.matches("5.1.2e").count(), 1, "{text}");
    assert_eq!(text.matches("Paraaf").count(), 2, "{text}");
    let reread = Document::load_mem(&bytes).unwrap();
    let forms = form_count(&reread);
    assert_eq!(forms, 2, "the form was copied for one placement");
    // The box is over the placement that lost the name (drawn at y = 600 + 20).
    let after = walk(&reread, 1 << 20).unwrap();
    let kept = after
        .glyphs
        .iter()
        .find(|g| &after.text[g.text.start as usize..g.text.end as usize] == "E")
        .unwrap();
    assert!((kept.quad.0[0].y - 320.0).abs() < 5.0, "{:?}", kept.quad);
}

#[test]
fn output_keeps_no_metadata_or_old_objects() {
    let mut doc = doc_with(b"BT /F1 12 Tf 72 700 Td (Jan Smit) Tj ET", None);
    let info = doc.add_object(dictionary! {
        "Author" => Object::string_literal("Jan Smit"),
        "Title" => Object::string_literal("Notitie"),
    });
    doc.trailer.set("Info", info);
    // An object nothing refers to, holding the name.
    doc.add_object(Stream::new(dictionary! {}, b"(Jan Smit) Tj".to_vec()));
    let (bytes, _) = redact_terms(doc, &["Jan Smit"]);
    let reread = Document::load_mem(&bytes).unwrap();
    for obj in reread.objects.values() {
        if let Ok(s) = obj.as_stream() {
            let data = s
                .decompressed_content()
                .unwrap_or_else(|_| s.content.clone());
            assert!(memchr::memmem::find(&data, b"Smit").is_none());
        }
    }
    let info = reread
        .trailer
        .get(b"Info")
        .and_then(|i| reread.dereference(i))
        .and_then(|(_, i)| i.as_dict())
        .unwrap();
    assert!(!info.has(b"Author"));
    assert_eq!(info.get(b"Producer").unwrap().as_str().unwrap(), b"woolak");
}

#[test]
fn a_link_to_a_named_destination_is_kept_with_the_place_it_goes_to() {
    let mut doc = doc_with(b"BT /F1 12 Tf 72 700 Td (Zie bijlage) Tj ET", None);
    let page = *doc.get_pages().values().next().unwrap();
    let link = doc.add_object(dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Rect" => vec![72.into(), 690.into(), 200.into(), 712.into()],
        "Dest" => Object::string_literal("bijlage.Pietersma"),
    });
    doc.get_dictionary_mut(page)
        .unwrap()
        .set("Annots", vec![link.into()]);
    let names = dictionary! {
        "Dests" => dictionary! {
            "Names" => vec![
                Object::string_literal("bijlage.Pietersma"),
                vec![page.into(), "Fit".into()].into(),
            ],
        },
    };
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(root).unwrap().set("Names", names);
    let (bytes, _) = redact_terms(doc, &["bijlage"]);
    let out = Document::load_mem(&bytes).unwrap();
    let page = *out.get_pages().values().next().unwrap();
    let annots = out.get_page_annotations(page).unwrap();
    assert_eq!(annots.len(), 1, "the internal link stays");
    assert!(matches!(annots[0].get(b"Dest"), Ok(Object::Array(_))));
    let names = out
        .catalog()
        .unwrap()
        .get(b"Names")
        .and_then(|n| out.dereference(n))
        .and_then(|(_, n)| n.as_dict());
    assert!(
        names.is_ok_and(|n| !n.has(b"Dests")),
        "the name tree is gone"
    );
}
