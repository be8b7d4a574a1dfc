//! Which glyph instances go, and what that does to each content stream.
//!
//! A glyph of the page's own content is simply removed. A glyph of a Form XObject is drawn
//! once per placement of the form, and the placements need not agree: a name can be found
//! in one and not in another. When every placement loses the same glyphs, the form is edited
//! once. When they differ and the form is drawn straight from pages, the placements are
//! grouped by what they lose: the largest group edits the form itself and every other group
//! gets an edited copy of its own, so that no placement loses more than was found in it
//! (copy on write). A nested form whose placements differ loses the union in every placement,
//! with a warning: over-redaction, never a leak.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::detect::Finding;
use crate::ground::Ground;
use crate::ingest::pdf::walk::{Glyph, Layout, PAGE_CONTENT};

use super::edit::{Change, Removal};

/// A glyph's identity in its stream: operation, string element, first byte.
pub type Key = (u32, u32, u32);

fn key(g: &Glyph) -> Key {
    (g.op, g.elem, g.bytes.start)
}

/// A copy of a Form XObject for some of its placements.
#[derive(Debug)]
pub struct FormCopy {
    /// The form's unit.
    pub unit: u32,
    /// The changes that make the copy.
    pub changes: BTreeMap<u32, Change>,
    /// The placements (indexes into [`Layout::forms`]) that draw the copy.
    pub placements: Vec<u32>,
}

/// What a redaction does.
#[derive(Debug, Default)]
pub struct Plan {
    /// Per glyph of the layout: whether it goes, with the ground and the finding it belongs
    /// to.
    pub removed: Vec<Option<(Ground, usize)>>,
    /// Changes to the units themselves (pages and shared forms).
    pub changes: BTreeMap<u32, BTreeMap<u32, Change>>,
    /// Copies of forms whose placements differ.
    pub copies: Vec<FormCopy>,
    pub warnings: Vec<String>,
}

/// Plans the removal of the glyphs of `findings`.
pub fn plan(layout: &Layout, findings: &[Finding]) -> Result<Plan, String> {
    let mut hit: HashMap<usize, (Ground, usize)> = HashMap::new();
    for (n, f) in findings.iter().enumerate() {
        for i in layout.glyphs_in(&f.span) {
            hit.entry(i).or_insert((f.ground, n));
        }
    }
    plan_glyphs(layout, &hit)
}

/// Plans the removal of the glyph instances in `hit` (glyph index -> ground and finding).
pub fn plan_glyphs(layout: &Layout, hit: &HashMap<usize, (Ground, usize)>) -> Result<Plan, String> {
    let mut plan = Plan {
        removed: vec![None; layout.glyphs.len()],
        ..Plan::default()
    };

    // Per form placement: the glyphs drawn through it, and the keys hit there.
    let mut by_instance: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, g) in layout.glyphs.iter().enumerate() {
        if g.instance == PAGE_CONTENT {
            if let Some(&h) = hit.get(&i) {
                plan.removed[i] = Some(h);
                add_removal(plan.changes.entry(g.unit).or_default(), g)?;
            }
        } else {
            by_instance.entry(g.instance).or_default().push(i);
        }
    }
    let mut units: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (inst, p) in layout.forms.iter().enumerate() {
        units.entry(p.unit).or_default().push(inst as u32);
    }
    for (unit, instances) in units {
        // Which finding a key was found in, for the placements that lose it without having
        // it found there.
        let mut owner: HashMap<Key, (Ground, usize)> = HashMap::new();
        let sets: Vec<BTreeSet<Key>> = instances
            .iter()
            .map(|inst| {
                by_instance
                    .get(inst)
                    .into_iter()
                    .flatten()
                    .filter_map(|i| {
                        let k = key(&layout.glyphs[*i]);
                        let h = hit.get(i)?;
                        owner.entry(k).or_insert(*h);
                        Some(k)
                    })
                    .collect()
            })
            .collect();
        if sets.iter().all(BTreeSet::is_empty) {
            continue;
        }
        let all_same = sets.windows(2).all(|w| w[0] == w[1]);
        let from_pages = instances
            .iter()
            .all(|&i| layout.forms[i as usize].parent_instance == PAGE_CONTENT);
        // Groups of placements that lose the same glyphs; the first group edits the form.
        let mut groups: Vec<(BTreeSet<Key>, Vec<u32>)> = Vec::new();
        if all_same || !from_pages {
            let union: BTreeSet<Key> = sets.iter().flatten().copied().collect();
            if !all_same {
                plan.warnings.push(format!(
                    "page {}: a Form XObject drawn inside another loses the redacted text in \
                     every place it is drawn, also where it was not found",
                    layout.forms[instances[0] as usize].page + 1
                ));
            }
            groups.push((union, instances.clone()));
        } else {
            for (set, &inst) in sets.iter().zip(&instances) {
                match groups.iter_mut().find(|(s, _)| s == set) {
                    Some((_, members)) => members.push(inst),
                    None => groups.push((set.clone(), vec![inst])),
                }
            }
            // The largest group keeps the object; ties go to the earliest placement.
            let keep = (0..groups.len())
                .max_by_key(|&g| (groups[g].1.len(), std::cmp::Reverse(groups[g].1[0])))
                .unwrap_or(0);
            groups.swap(0, keep);
        }
        for (n, (set, members)) in groups.iter().enumerate() {
            let mut changes = BTreeMap::new();
            let mut comps: HashMap<Key, f64> = HashMap::new();
            for inst in members {
                for &i in by_instance.get(inst).into_iter().flatten() {
                    let g = &layout.glyphs[i];
                    let k = key(g);
                    if !set.contains(&k) {
                        continue;
                    }
                    plan.removed[i] = hit.get(&i).or_else(|| owner.get(&k)).copied();
                    match comps.get(&k) {
                        Some(&c) if (c - g.comp).abs() > 1e-6 => {
                            return Err(format!(
                                "needs manual review: page {}: a Form XObject with text to \
                                 remove is drawn with different text spacing",
                                g.page + 1
                            ))
                        }
                        Some(_) => {}
                        None => {
                            comps.insert(k, g.comp);
                            add_removal(&mut changes, g)?;
                        }
                    }
                }
            }
            if n == 0 {
                if !changes.is_empty() {
                    plan.changes.insert(unit, changes);
                }
            } else {
                plan.copies.push(FormCopy {
                    unit,
                    changes,
                    placements: members.clone(),
                });
            }
        }
    }
    Ok(plan)
}

/// Adds the removal of one glyph to the changes of its unit.
fn add_removal(changes: &mut BTreeMap<u32, Change>, g: &Glyph) -> Result<(), String> {
    if !g.comp.is_finite() {
        return Err(format!(
            "needs manual review: page {}: text to remove is drawn with font size 0",
            g.page + 1
        ));
    }
    let change = changes
        .entry(g.op)
        .or_insert_with(|| Change::Remove(Vec::new()));
    if let Change::Remove(list) = change {
        list.push(Removal {
            elem: g.elem,
            bytes: g.bytes.start as usize..g.bytes.end as usize,
            comp: g.comp,
        });
    }
    Ok(())
}
