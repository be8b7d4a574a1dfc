//! Never-panicking accessors over lopdf objects: every lookup resolves indirect references
//! (lopdf bounds reference chains, so cycles end in an error) and answers `None` on wrong types.

use lopdf::{Dictionary, Document, Object, Stream};

/// Cap on the decoded size of a CMap or font program stream (decompression bombs).
pub(crate) const MAX_STREAM: usize = 16 << 20;

pub(crate) fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub(crate) fn number(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)).filter(|f| f.is_finite()),
        _ => None,
    }
}

pub(crate) fn num_of(doc: &Document, obj: &Object) -> Option<f64> {
    resolve(doc, obj).and_then(number)
}

pub(crate) fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(number)
}

pub(crate) fn get_int(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<i64> {
    match get(doc, dict, key)? {
        Object::Integer(i) => Some(*i),
        // Some producers write integers as reals (e.g. "/FirstChar 32.0").
        Object::Real(r) if r.fract() == 0.0 && r.abs() < 1e15 => Some(*r as i64),
        _ => None,
    }
}

pub(crate) fn get_name<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(crate) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

pub(crate) fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

pub(crate) fn get_stream<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// The decoded content of a stream, bounded by `MAX_STREAM`.
pub(crate) fn stream_data(s: &Stream) -> Option<Vec<u8>> {
    s.get_plain_content_with_limit(MAX_STREAM).ok()
}

/// A fixed-size array of numbers, e.g. /FontBBox or /FontMatrix.
pub(crate) fn numbers<const N: usize>(doc: &Document, arr: &[Object]) -> Option<[f64; N]> {
    if arr.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, a) in out.iter_mut().zip(arr) {
        *o = num_of(doc, a)?;
    }
    Some(out)
}

/// The text of a PDF name or string for messages.
pub(crate) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
