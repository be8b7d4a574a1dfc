//! Scrubbing: everything outside the page content that can carry personal data.
//!
//! The Info dictionary is replaced (Producer woolak, the title only with its personal data
//! replaced by codes), XMP metadata, thumbnails, embedded files, JavaScript, automatic
//! actions, form fields and application data are removed, annotations other than plain web
//! and internal links are removed, and the strings that stand in for text (`/Alt`,
//! `/ActualText`, `/E`, outline and structure titles) keep no personal data. Old revisions
//! and unreferenced objects go when the file is written anew.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::ingest::pdf::lexer::{self, Op, Operand};

/// Replaces the personal data in a string by codes: `None` when it has none.
pub type CleanFn<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// Scrubs a document with a detection function for the strings it keeps.
pub struct Scrubber<'a> {
    pub clean: &'a CleanFn<'a>,
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

/// Strings that stand in for content and are kept only without personal data.
const TEXT_KEYS: [&[u8]; 4] = [b"Alt", b"ActualText", b"E", b"TU"];

impl Scrubber<'_> {
    pub fn scrub(&self, doc: &mut Document, warnings: &mut Vec<String>) {
        self.info(doc);
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
        for k in [&b"Perms"[..], b"Collection", b"SpiderInfo", b"Threads"] {
            catalog.remove(k);
        }
        let mut drop_names = |names: &mut Dictionary| {
            for k in [
                &b"EmbeddedFiles"[..],
                b"JavaScript",
                b"AlternatePresentations",
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
                    if let Ok(id) = a.as_reference() {
                        if let Ok(d) = doc.get_dictionary_mut(id) {
                            d.remove(b"Contents");
                            d.remove(b"StructParent");
                        }
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
        let Some(action) = annot
            .get(b"A")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_dict().ok())
        else {
            return annot.has(b"Dest");
        };
        match action.get(b"S").and_then(Object::as_name).ok() {
            Some(b"GoTo") => true,
            Some(b"URI") => {
                let uri = action
                    .get(b"URI")
                    .ok()
                    .and_then(|u| doc.dereference(u).ok())
                    .and_then(|(_, u)| u.as_str().ok())
                    .map(|u| String::from_utf8_lossy(u).to_string())
                    .unwrap_or_default();
                let lower = uri.to_ascii_lowercase();
                (lower.starts_with("http://") || lower.starts_with("https://"))
                    && (self.clean)(&uri).is_none()
                    && (self.clean)(&uri.replace(['/', '.', '?', '&', '=', '-', '_'], " "))
                        .is_none()
            }
            _ => false,
        }
    }

    fn outlines(&self, doc: &mut Document) {
        let Some(first) = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"Outlines").ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok())
            .and_then(|o| o.get(b"First").ok())
            .and_then(|f| f.as_reference().ok())
        else {
            return;
        };
        let mut todo = vec![first];
        let mut seen = HashSet::new();
        while let Some(id) = todo.pop() {
            if !seen.insert(id) || seen.len() > 1_000_000 {
                continue;
            }
            let Ok(item) = doc.get_dictionary_mut(id) else {
                continue;
            };
            for k in [&b"First"[..], b"Next"] {
                if let Ok(r) = item.get(k).and_then(Object::as_reference) {
                    todo.push(r);
                }
            }
            if let Ok(Object::String(t, _)) = item.get(b"Title") {
                let title = decode_text_string(t);
                if let Some(clean) = (self.clean)(&title) {
                    item.set("Title", text_string(&clean));
                }
            }
            // An outline item's action can run anything; its destination is enough.
            if let Ok(Object::Dictionary(a)) = item.get(b"A") {
                if a.get(b"S").and_then(Object::as_name).ok() != Some(&b"GoTo"[..]) {
                    item.remove(b"A");
                }
            }
        }
    }

    fn all_objects(&self, doc: &mut Document) {
        let clean = self.clean;
        let fix = |d: &mut Dictionary| {
            for k in DROP_EVERYWHERE {
                d.remove(k);
            }
            let is_struct = d.has(b"S") && d.has(b"P");
            for k in TEXT_KEYS
                .iter()
                .copied()
                .chain(is_struct.then_some(&b"T"[..]))
            {
                if let Ok(Object::String(s, _)) = d.get(k) {
                    let text = decode_text_string(s);
                    if let Some(c) = clean(&text) {
                        d.set(k.to_vec(), text_string(&c));
                    }
                }
            }
        };
        for obj in doc.objects.values_mut() {
            match obj {
                Object::Dictionary(d) => fix(d),
                Object::Stream(s) => fix(&mut s.dict),
                _ => {}
            }
        }
        // XMP metadata streams and embedded files left unreferenced are pruned on save.
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
