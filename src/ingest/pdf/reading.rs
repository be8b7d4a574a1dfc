//! A second text of the page in reading order, for detection.
//!
//! The page text is built in content order: the order the producer drew the glyphs, which
//! is the reading order for most producers and keeps columns apart. A producer can also draw
//! a line in pieces, out of order, or right to left; text extractors sort glyphs by their
//! position and read a name there that the content order splits. So where the two orders
//! differ, the glyphs are also read line by line (per direction of writing on the page:
//! lines from top to bottom, each from start to end, pieces more than three glyph heights
//! apart read apart, as columns) and that text is appended to the document text, with its
//! own map back to the glyphs: a name found in either order is removed.

use std::ops::Range;

use std::collections::BTreeMap;

use super::geom::Point;
use super::walk::Layout;

/// Pieces of a text and the glyph each comes from: (text range, glyph index).
pub type GlyphMap = Vec<(Range<u32>, u32)>;

/// The reading-order text of the layout's pages that read differently in the two orders
/// and, per piece of it, the glyph it comes from (`text range`, glyph index), offsets
/// relative to the start of that text. `None` when every page reads the same in both.
pub fn reading_text(layout: &Layout) -> Option<(String, GlyphMap)> {
    let mut text = String::new();
    let mut map = Vec::new();
    for page in &layout.pages {
        // Glyphs with text, each drawn text once (fake bold shares a range), grouped by
        // their direction on the page to the degree.
        let mut by_dir: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut last_range = None;
        for i in page.glyphs.clone() {
            let g = &layout.glyphs[i];
            if g.text.is_empty() || last_range == Some(g.text.clone()) {
                continue;
            }
            last_range = Some(g.text.clone());
            let d = g.quad.0[1] - g.quad.0[0];
            if d.len() > 0.0 {
                let deg = d.y.atan2(d.x).to_degrees().round() as i32;
                by_dir.entry(deg.rem_euclid(360)).or_default().push(i);
            }
        }
        for (deg, idx) in by_dir {
            let a = f64::from(deg).to_radians();
            let u = Point::new(a.cos(), a.sin());
            let v = Point::new(-u.y, u.x);
            let at = |i: usize| layout.glyphs[i].quad.0[0];
            let up = |i: usize| at(i).dot(v);
            let along = |i: usize| at(i).dot(u);
            let h = |i: usize| {
                let q = &layout.glyphs[i].quad.0;
                (q[3] - q[0]).len().max(0.01)
            };
            let mut by_line = idx.clone();
            by_line.sort_by(|&a, &b| up(b).total_cmp(&up(a)).then(a.cmp(&b)));
            // Lines: glyphs whose baselines lie within 0.4 of a glyph height.
            let mut lines: Vec<Vec<usize>> = Vec::new();
            for i in by_line {
                match lines.last_mut() {
                    Some(line) if (up(line[0]) - up(i)).abs() <= 0.4 * h(line[0]).max(h(i)) => {
                        line.push(i)
                    }
                    _ => lines.push(vec![i]),
                }
            }
            for line in &mut lines {
                line.sort_by(|&a, &b| along(a).total_cmp(&along(b)).then(a.cmp(&b)));
            }
            let order: Vec<usize> = lines.iter().flatten().copied().collect();
            if order == idx {
                continue;
            }
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            for line in &lines {
                let mut prev: Option<usize> = None;
                for &i in line {
                    let g = &layout.glyphs[i];
                    if let Some(p) = prev {
                        let gap = (g.quad.0[0] - layout.glyphs[p].quad.0[1]).dot(u);
                        // A wide gap is a column or cell boundary, not a word break: the
                        // pieces are read apart.
                        if gap > 3.0 * h(i) {
                            if !text.ends_with('\n') {
                                text.push('\n');
                            }
                        } else if gap > 0.1 * h(i) && !text.ends_with([' ', '\n']) {
                            text.push(' ');
                        }
                    }
                    let start = text.len() as u32;
                    text.push_str(&layout.text[g.text.start as usize..g.text.end as usize]);
                    map.push((start..text.len() as u32, i as u32));
                    prev = Some(i);
                }
                text.push('\n');
            }
        }
    }
    (!map.is_empty()).then_some((text, map))
}
