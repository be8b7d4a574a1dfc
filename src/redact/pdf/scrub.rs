//! Scrubbing: everything outside the page content that can carry personal data.
//!
//! The Info dictionary is replaced (Producer woolak, the title only with its personal data
//! replaced by codes), XMP metadata, thumbnails, embedded files, JavaScript, automatic
//! actions, form fields and application data are removed, annotations other than plain web
//! and internal links are removed, and the strings that stand in for text (`/Alt`,
//! `/ActualText`, `/E`, outline and structure titles) keep no personal data. Old revisions
//! and unreferenced objects go when the file is written anew.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::ingest::pdf::lexer::{self, Op, Operand};

/// Replaces the personal data in a string by codes: `None` when it has none.
pub type CleanFn<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// Scrubs a document with a detection function for the strings it keeps.
pub struct Scrubber<'a> {
    pub clean: &'a CleanFn<'a>,
    /// The texts removed from the pages as lowercase words (`de vries bakker`), to recognise
    /// them in web addresses (`/in/anouk-de-vries-bakker`).
    pub removed_words: Vec<String>,
}

/// Lowercase words of letters and digits, joined by single spaces.
pub fn words_of(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keys removed from every dictionary in the file: XMP metadata, thumbnails, automatic
/// actions, associated files, application data.
const DROP_EVERYWHERE: [&[u8]; 6] = [
    b"Metadata",
    b"Thumb",
    b"AA",
    b"AF",
    b"PieceInfo",
    b"LastModified",
];

/// Strings that stand in for content or name things, kept only without personal data:
/// alternate and replacement texts, titles, names of fields, layers and annotations, page
/// label prefixes, summaries.
const TEXT_KEYS: [&[u8]; 13] = [
    b"Alt",
    b"ActualText",
    b"E",
    b"TU",
    b"TM",
    b"T",
    b"Title",
    b"Subj",
    b"NM",
    b"Name",
    b"P",
    b"Summary",
    b"Contents",
];

/// Keys a kept link loses: its text, appearance, author, name and structure reference.
const LINK_DROP: [&[u8]; 10] = [
    b"Contents",
    b"StructParent",
    b"AP",
    b"AS",
    b"T",
    b"NM",
    b"Subj",
    b"RC",
    b"Popup",
    b"AA",
];

impl Scrubber<'_> {
    pub fn scrub(&self, doc: &mut Document, warnings: &mut Vec<String>) {
        self.info(doc);
        // Named destinations are strings chosen by the author and go with the name tree:
        // links and outline items that use one get the explicit destination instead.
        let dests = named_destinations(doc);
        resolve_named_destinations(doc, &dests);
        self.catalog(doc, warnings);
        self.annotations(doc, warnings);
        self.outlines(doc);
        self.all_objects(doc);
    }

    fn info(&self, doc: &mut Document) {
        let title = doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|i| doc.dereference(i).ok())
            .and_then(|(_, i)| i.as_dict().ok())
            .and_then(|i| i.get(b"Title").ok())
            .and_then(|t| doc.dereference(t).ok())
            .and_then(|(_, t)| t.as_str().ok())
            .map(decode_text_string);
        let mut info = Dictionary::new();
        info.set("Producer", Object::string_literal("woolak"));
        if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
            let clean = (self.clean)(&t).unwrap_or(t);
            info.set("Title", text_string(&clean));
        }
        let id = doc.add_object(info);
        doc.trailer.set("Info", id);
    }

    fn catalog(&self, doc: &mut Document, warnings: &mut Vec<String>) {
        let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) else {
            return;
        };
        let names_id = doc
            .get_dictionary(root)
            .ok()
            .and_then(|c| c.get(b"Names").ok())
            .and_then(|n| n.as_reference().ok());
        let Ok(catalog) = doc.get_dictionary_mut(root) else {
            return;
        };
        if catalog.remove(b"AcroForm").is_some() {
            warnings.push("form fields removed (their values can hold personal data)".into());
        }
        // An OpenAction that is a destination only opens a page; an action dictionary can
        // run JavaScript or launch a file.
        if matches!(
            catalog.get(b"OpenAction"),
            Ok(Object::Dictionary(_)) | Ok(Object::Reference(_))
        ) {
            catalog.remove(b"OpenAction");
        }
        // Named destinations are strings and names chosen by the author: they go, and the
        // links that use them with them.
        for k in [
            &b"Perms"[..],
            b"Collection",
            b"SpiderInfo",
            b"Threads",
            b"Dests",
        ] {
            catalog.remove(k);
        }
        let mut drop_names = |names: &mut Dictionary| {
            for k in [
                &b"EmbeddedFiles"[..],
                b"JavaScript",
                b"AlternatePresentations",
                b"Dests",
            ] {
                if names.remove(k).is_some() && k == b"EmbeddedFiles" {
                    warnings.push("embedded files removed".into());
                }
            }
        };
        if let Ok(Object::Dictionary(names)) = catalog.get_mut(b"Names") {
            drop_names(names);
        } else if let Some(id) = names_id {
            if let Ok(names) = doc.get_dictionary_mut(id) {
                drop_names(names);
            }
        }
    }

    fn annotations(&self, doc: &mut Document, warnings: &mut Vec<String>) {
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut dropped = 0usize;
        let mut dropped_ids = Vec::new();
        for page_id in pages {
            let annots: Vec<Object> = match doc
                .get_dictionary(page_id)
                .ok()
                .and_then(|p| p.get(b"Annots").ok())
                .and_then(|a| doc.dereference(a).ok())
            {
                Some((_, Object::Array(a))) => a.clone(),
                _ => continue,
            };
            let mut kept = Vec::new();
            for a in annots {
                let keep = doc
                    .dereference(&a)
                    .ok()
                    .and_then(|(_, o)| o.as_dict().ok())
                    .is_some_and(|d| self.keeps_link(doc, d));
                if keep {
                    let mut a = a;
                    match &mut a {
                        Object::Reference(id) => {
                            if let Ok(d) = doc.get_dictionary_mut(*id) {
                                strip_link(d);
                            }
                        }
                        Object::Dictionary(d) => strip_link(d),
                        _ => {}
                    }
                    kept.push(a);
                } else {
                    dropped += 1;
                    if let Ok(id) = a.as_reference() {
                        dropped_ids.push(id);
                    }
                }
            }
            if let Ok(p) = doc.get_dictionary_mut(page_id) {
                if kept.is_empty() {
                    p.remove(b"Annots");
                } else {
                    p.set("Annots", kept);
                }
            }
        }
        // The structure tree and popups can still refer to a removed annotation: delete the
        // objects themselves, so no reference keeps their text in the file.
        for id in dropped_ids {
            doc.objects.remove(&id);
        }
        if dropped > 0 {
            warnings.push(format!(
                "{dropped} annotation(s) removed (notes, comments, form widgets, mail links, \
                 attachments); check that no visible content depended on them"
            ));
        }
    }

    /// Returns true if and only if an annotation is a link to a web address or a place in
    /// the document, with no personal data in its target.
    fn keeps_link(&self, doc: &Document, annot: &Dictionary) -> bool {
        if annot.get(b"Subtype").and_then(Object::as_name).ok() != Some(&b"Link"[..]) {
            return false;
        }
        let explicit = |d: Option<&Object>| {
            d.and_then(|d| doc.dereference(d).ok())
                .is_some_and(|(_, d)| matches!(d, Object::Array(_)))
        };
        let Some(action) = annot
            .get(b"A")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_dict().ok())
        else {
            return explicit(annot.get(b"Dest").ok());
        };
        if action.has(b"Next") {
            return false;
        }
        match action.get(b"S").and_then(Object::as_name).ok() {
            Some(b"GoTo") => explicit(action.get(b"D").ok()),
            Some(b"URI") => {
                let uri = action
                    .get(b"URI")
                    .ok()
                    .and_then(|u| doc.dereference(u).ok())
                    .and_then(|(_, u)| u.as_str().ok())
                    .map(|u| String::from_utf8_lossy(u).to_string())
                    .unwrap_or_default();
                let lower = uri.to_ascii_lowercase();
                // Addresses write names in any case and glue or hyphenate their parts
                // (`/in/anouk-de-vries-bakker`, `/PietersmaJ`): compare letters only.
                let compact: String = words_of(&uri).split(' ').collect();
                let words = format!(" {} ", words_of(&uri));
                let mentions = |r: &String| {
                    let r_compact: String = r.split(' ').collect();
                    words.contains(&format!(" {r} "))
                        || (r_compact.chars().count() >= 5 && compact.contains(&r_compact))
                };
                (lower.starts_with("http://") || lower.starts_with("https://"))
                    && (self.clean)(&uri).is_none()
                    && (self.clean)(&uri.replace(['/', '.', '?', '&', '=', '-', '_'], " "))
                        .is_none()
                    && !self.removed_words.iter().any(mentions)
            }
            _ => false,
        }
    }

    fn outlines(&self, doc: &mut Document) {
        let mut indirect_titles = Vec::new();
        for id in crate::ingest::pdf::walk::outline_items(doc) {
            let Ok(item) = doc.get_dictionary_mut(id) else {
                continue;
            };
            if let Ok(Object::String(t, _)) = item.get(b"Title") {
                let title = decode_text_string(t);
                if let Some(clean) = (self.clean)(&title) {
                    item.set("Title", text_string(&clean));
                }
            }
            // A named destination is gone with the name tree; an action other than a plain
            // jump can run anything, and so can a chain of actions.
            let named =
                |o: Option<&Object>| matches!(o, Some(Object::String(..) | Object::Name(_)));
            if named(item.get(b"Dest").ok()) {
                item.remove(b"Dest");
            }
            match item.get(b"A") {
                Ok(Object::Dictionary(a))
                    if a.get(b"S").and_then(Object::as_name).ok() == Some(&b"GoTo"[..])
                        && !a.has(b"Next")
                        && !named(a.get(b"D").ok()) => {}
                Ok(_) => {
                    item.remove(b"A");
                }
                Err(_) => {}
            }
            indirect_titles.extend(item.get(b"Title").ok().and_then(|t| t.as_reference().ok()));
        }
        for id in indirect_titles {
            if let Ok(Object::String(t, _)) = doc.get_object(id) {
                let title = decode_text_string(t);
                if let Some(clean) = (self.clean)(&title) {
                    doc.objects.insert(id, text_string(&clean));
                }
            }
        }
    }

    /// Every dictionary in the file, also those nested in others: drops the keys of
    /// [`DROP_EVERYWHERE`] and cleans the strings of [`TEXT_KEYS`], also where the string is
    /// an object of its own.
    fn all_objects(&self, doc: &mut Document) {
        let clean = self.clean;
        let mut indirect: Vec<ObjectId> = Vec::new();
        for obj in doc.objects.values_mut() {
            match obj {
                Object::Dictionary(d) => fix_dict(d, clean, &mut indirect, 0),
                Object::Stream(s) => fix_dict(&mut s.dict, clean, &mut indirect, 0),
                Object::Array(a) => fix_array(a, clean, &mut indirect, 0),
                _ => {}
            }
        }
        for id in indirect {
            if let Ok(Object::String(s, _)) = doc.get_object(id) {
                let text = decode_text_string(s);
                if let Some(c) = clean(&text) {
                    doc.objects.insert(id, text_string(&c));
                }
            }
        }
        // XMP metadata streams and embedded files left unreferenced are pruned on save.
    }
}

/// Every named destination of the document (catalog `/Dests` and the `/Names /Dests` name
/// tree) with its explicit destination array.
fn named_destinations(doc: &Document) -> std::collections::HashMap<Vec<u8>, Object> {
    let mut out = std::collections::HashMap::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let explicit = |v: &Object| -> Option<Object> {
        let (_, v) = doc.dereference(v).ok()?;
        match v {
            Object::Array(_) => Some(v.clone()),
            Object::Dictionary(d) => {
                let (_, d) = doc.dereference(d.get(b"D").ok()?).ok()?;
                matches!(d, Object::Array(_)).then(|| d.clone())
            }
            _ => None,
        }
    };
    if let Some(Object::Dictionary(d)) = catalog
        .get(b"Dests")
        .ok()
        .and_then(|d| doc.dereference(d).ok())
        .map(|(_, d)| d)
    {
        for (k, v) in d.iter() {
            if let Some(e) = explicit(v) {
                out.insert(k.clone(), e);
            }
        }
    }
    let root = catalog
        .get(b"Names")
        .ok()
        .and_then(|n| doc.dereference(n).ok())
        .and_then(|(_, n)| n.as_dict().ok())
        .and_then(|n| n.get(b"Dests").ok());
    let mut todo: Vec<&Object> = root.into_iter().collect();
    let mut seen = 0usize;
    while let Some(node) = todo.pop() {
        seen += 1;
        if seen > 100_000 {
            break;
        }
        let Some(node) = doc
            .dereference(node)
            .ok()
            .and_then(|(_, n)| n.as_dict().ok())
        else {
            continue;
        };
        if let Ok(Object::Array(kids)) = node.get(b"Kids") {
            todo.extend(kids.iter());
        }
        if let Ok(Object::Array(names)) = node.get(b"Names") {
            for pair in names.chunks_exact(2) {
                if let (Object::String(k, _), Some(e)) = (&pair[0], explicit(&pair[1])) {
                    out.insert(k.clone(), e);
                }
            }
        }
    }
    out
}

/// Replaces named destinations (`/Dest (name)`, `/Dest /name`, GoTo `/D (name)`) by explicit
/// ones, in annotations and outline items; a name that does not resolve stays and is
/// dropped with the name tree.
fn resolve_named_destinations(
    doc: &mut Document,
    dests: &std::collections::HashMap<Vec<u8>, Object>,
) {
    if dests.is_empty() {
        return;
    }
    let lookup = |o: &Object| -> Option<Object> {
        let key = match o {
            Object::String(s, _) => s.clone(),
            Object::Name(n) => n.clone(),
            _ => return None,
        };
        dests.get(&key).cloned()
    };
    let fix = |d: &mut Dictionary| {
        if let Some(e) = d.get(b"Dest").ok().and_then(lookup) {
            d.set("Dest", e);
        }
        if let Ok(Object::Dictionary(a)) = d.get_mut(b"A") {
            if let Some(e) = a.get(b"D").ok().and_then(lookup) {
                a.set("D", e);
            }
        }
    };
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            fix(d);
            if let Ok(Object::Array(annots)) = d.get_mut(b"Annots") {
                for a in annots.iter_mut() {
                    if let Object::Dictionary(ad) = a {
                        fix(ad);
                    }
                }
            }
        }
    }
}

/// Strips a kept link of everything but where it is and where it goes.
fn strip_link(d: &mut Dictionary) {
    for k in LINK_DROP {
        d.remove(k);
    }
    if let Ok(Object::Dictionary(a)) = d.get_mut(b"A") {
        a.remove(b"Next");
    }
}

const MAX_NESTING: usize = 64;

fn fix_dict(d: &mut Dictionary, clean: &CleanFn<'_>, indirect: &mut Vec<ObjectId>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    for k in DROP_EVERYWHERE {
        d.remove(k);
    }
    let is_struct = d.has(b"S") && d.has(b"P");
    // A signature's /Contents is binary and no text.
    let is_sig = d.get(b"Type").and_then(Object::as_name).ok() == Some(&b"Sig"[..]);
    for (k, v) in d.iter_mut() {
        let text_key = (TEXT_KEYS.contains(&k.as_slice()) && !(is_sig && k == b"Contents"))
            || (is_struct && k == b"ID");
        match v {
            Object::String(s, _) if text_key => {
                let text = decode_text_string(s);
                if let Some(c) = clean(&text) {
                    *v = text_string(&c);
                }
            }
            Object::Reference(id) if text_key => indirect.push(*id),
            Object::Dictionary(inner) => fix_dict(inner, clean, indirect, depth + 1),
            Object::Array(items) => fix_array(items, clean, indirect, depth + 1),
            _ => {}
        }
    }
}

fn fix_array(a: &mut [Object], clean: &CleanFn<'_>, indirect: &mut Vec<ObjectId>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    for v in a {
        match v {
            Object::Dictionary(inner) => fix_dict(inner, clean, indirect, depth + 1),
            Object::Array(items) => fix_array(items, clean, indirect, depth + 1),
            _ => {}
        }
    }
}

/// The replacement of a marked-content operation (`BDC`, `DP`) whose inline property list
/// has an `/ActualText`, `/Alt` or `/E` with personal data: the same operation with those
/// strings cleaned. `None` when nothing changes.
pub fn marked_content(op: &Op, clean: &CleanFn<'_>) -> Option<Vec<u8>> {
    if op.operator != b"BDC" && op.operator != b"DP" {
        return None;
    }
    let [tag, Operand::Dict(entries)] = op.operands.as_slice() else {
        return None;
    };
    let mut changed = false;
    let mut new_entries = entries.clone();
    for (k, v) in &mut new_entries {
        if !TEXT_KEYS.contains(&k.as_slice()) {
            continue;
        }
        if let Operand::Str(s) = v {
            if let Some(c) = clean(&decode_text_string(s)) {
                if let Object::String(bytes, _) = text_string(&c) {
                    *s = bytes;
                    changed = true;
                }
            }
        }
    }
    if !changed {
        return None;
    }
    let mut out = Vec::new();
    lexer::write_operand(tag, &mut out);
    out.push(b' ');
    lexer::write_operand(&Operand::Dict(new_entries), &mut out);
    out.push(b' ');
    out.extend_from_slice(&op.operator);
    Some(out)
}

/// Decodes a PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else
/// PDFDocEncoding (read as Latin-1, which it equals for letters).
pub fn decode_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).to_string();
    }
    b.iter().map(|&c| char::from(c)).collect()
}

/// A PDF text string in UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_round_trip() {
        let o = text_string("Verslag Ayşe");
        assert_eq!(decode_text_string(o.as_str().unwrap()), "Verslag Ayşe");
        assert_eq!(decode_text_string(b"Caf\xe9"), "Café");
    }
}
