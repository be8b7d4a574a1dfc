//! A second text of the page in reading order, for detection.
//!
//! The page text is built in content order: the order the producer drew the glyphs, which
//! is the reading order for most producers and keeps columns apart. A producer can also draw
//! a line in pieces, out of order, or right to left; text extractors sort glyphs by their
//! position and read a name there that the content order splits. So where the two orders
//! differ, the glyphs are also read line by line (horizontal text, top to bottom, left to
//! right) and that text is appended to the document text, with its own map back to the
//! glyphs: a name found in either order is removed.

use std::ops::Range;

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
    let mut differs = false;
    for page in &layout.pages {
        // Horizontal glyphs with text, each drawn text once (fake bold shares a range).
        let mut idx: Vec<usize> = Vec::new();
        let mut last_range = None;
        for i in page.glyphs.clone() {
            let g = &layout.glyphs[i];
            if g.text.is_empty() || last_range == Some(g.text.clone()) {
                continue;
            }
            last_range = Some(g.text.clone());
            let d = g.quad.0[1] - g.quad.0[0];
            let len = d.len();
            if len > 0.0 && d.x / len > 0.999 {
                idx.push(i);
            }
        }
        if idx.is_empty() {
            continue;
        }
        let y = |i: usize| layout.glyphs[i].quad.0[0].y;
        let h = |i: usize| {
            let q = &layout.glyphs[i].quad.0;
            (q[3] - q[0]).len().max(0.01)
        };
        let mut by_y = idx.clone();
        by_y.sort_by(|&a, &b| y(b).total_cmp(&y(a)).then(a.cmp(&b)));
        // Lines: glyphs whose baselines lie within 0.4 of a glyph height.
        let mut lines: Vec<Vec<usize>> = Vec::new();
        for i in by_y {
            match lines.last_mut() {
                Some(line) if (y(line[0]) - y(i)).abs() <= 0.4 * h(line[0]).max(h(i)) => {
                    line.push(i)
                }
                _ => lines.push(vec![i]),
            }
        }
        let x = |i: usize| layout.glyphs[i].quad.0[0].x;
        for line in &mut lines {
            line.sort_by(|&a, &b| x(a).total_cmp(&x(b)).then(a.cmp(&b)));
        }
        let order: Vec<usize> = lines.iter().flatten().copied().collect();
        if order == idx {
            continue;
        }
        differs = true;
        if !text.is_empty() {
            text.push('\n');
        }
        for line in &lines {
            let mut prev: Option<Point> = None;
            for &i in line {
                let g = &layout.glyphs[i];
                if let Some(end) = prev {
                    let gap = g.quad.0[0].x - end.x;
                    if gap > 0.1 * h(i) && !text.ends_with(' ') {
                        text.push(' ');
                    }
                }
                let start = text.len() as u32;
                text.push_str(&layout.text[g.text.start as usize..g.text.end as usize]);
                map.push((start..text.len() as u32, i as u32));
                prev = Some(g.quad.0[1]);
            }
            text.push('\n');
        }
    }
    differs.then_some((text, map))
}
