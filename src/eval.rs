//! Evaluation against a labelled set: precision and recall per category.
//!
//! Files in the set mark personal data inline as `[[category|text]]`; stripping the markup
//! gives the document. A gold span counts as found when findings cover every byte of it (a
//! partly covered name still leaks); a finding counts as correct when it overlaps a gold span.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::detect::{overlaps, Category, Engine};
use crate::error::Error;

/// A labelled document: its plain text and gold spans.
#[derive(Debug)]
pub struct Labelled {
    pub text: String,
    pub gold: Vec<(Range<usize>, Category)>,
}

/// Parses `[[category|text]]` markup.
pub fn parse(marked: &str) -> Result<Labelled, String> {
    let mut text = String::with_capacity(marked.len());
    let mut gold = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").ok_or("unclosed [[")?;
        let inner = &after[..close];
        let (cat, value) = inner.split_once('|').ok_or("[[ without |")?;
        let cat = Category::from_name(cat).ok_or_else(|| format!("unknown category `{cat}`"))?;
        let start = text.len();
        text.push_str(value);
        gold.push((start..text.len(), cat));
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    Ok(Labelled { text, gold })
}

/// Counts for one category.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub gold: usize,
    pub found: usize,
    pub findings: usize,
    pub correct: usize,
}

impl Counts {
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.found as f64 / self.gold as f64
        }
    }
    pub fn precision(&self) -> f64 {
        if self.findings == 0 {
            1.0
        } else {
            self.correct as f64 / self.findings as f64
        }
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.found += o.found;
        self.findings += o.findings;
        self.correct += o.correct;
    }
}

/// A missed gold span or a false finding, for the report.
#[derive(Debug)]
pub struct Miss {
    pub file: String,
    pub category: Category,
    pub text: String,
    pub detector: Option<&'static str>,
}

/// The result of an evaluation.
#[derive(Debug, Default)]
pub struct Report {
    pub per_category: BTreeMap<Category, Counts>,
    pub missed: Vec<Miss>,
    pub false_positives: Vec<Miss>,
}

impl Report {
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.per_category.values() {
            t.add(*c);
        }
        t
    }

    /// The table printed by the harness.
    pub fn table(&self) -> String {
        let mut s = format!(
            "{:<15} {:>5} {:>6} {:>7} {:>9} {:>7}\n",
            "category", "gold", "found", "recall", "findings", "prec."
        );
        let row = |name: &str, c: &Counts| {
            format!(
                "{:<15} {:>5} {:>6} {:>7.3} {:>9} {:>7.3}\n",
                name,
                c.gold,
                c.found,
                c.recall(),
                c.findings,
                c.precision()
            )
        };
        for (cat, c) in &self.per_category {
            s.push_str(&row(cat.as_str(), c));
        }
        s.push_str(&row("total", &self.total()));
        s
    }
}

/// Evaluates one labelled document.
pub fn evaluate_doc(engine: &Engine, file: &str, doc: &Labelled, report: &mut Report) {
    let findings = engine.detect(&doc.text);
    for (span, cat) in &doc.gold {
        let c = report.per_category.entry(*cat).or_default();
        c.gold += 1;
        // Covered when the union of overlapping findings spans every non-space byte.
        let covered = doc.text[span.clone()]
            .char_indices()
            .filter(|(_, ch)| !ch.is_whitespace())
            .all(|(i, _)| {
                let p = span.start + i;
                findings.iter().any(|f| f.span.contains(&p))
            });
        if covered {
            c.found += 1;
        } else {
            report.missed.push(Miss {
                file: file.to_string(),
                category: *cat,
                text: doc.text[span.clone()].to_string(),
                detector: None,
            });
        }
    }
    for f in &findings {
        let c = report.per_category.entry(f.category).or_default();
        c.findings += 1;
        if doc.gold.iter().any(|(g, _)| overlaps(g, &f.span)) {
            c.correct += 1;
        } else {
            report.false_positives.push(Miss {
                file: file.to_string(),
                category: f.category,
                text: doc.text[f.span.clone()].to_string(),
                detector: Some(f.detector),
            });
        }
    }
}

/// Evaluates every `.txt` file in `dir`.
pub fn evaluate_dir(engine: &Engine, dir: &Path) -> Result<Report, Error> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::input(dir, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut report = Report::default();
    for path in files {
        let marked =
            std::fs::read_to_string(&path).map_err(|e| Error::input(&path, e.to_string()))?;
        let doc = parse(&marked).map_err(|e| Error::input(&path, e))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        evaluate_doc(engine, &name, &doc, &mut report);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_markup() {
        let d = parse("Aan [[person_name|Jan]] via [[email|j]]@x.nl").unwrap();
        assert_eq!(d.text, "Aan Jan via j@x.nl");
        assert_eq!(d.gold.len(), 2);
        assert_eq!(&d.text[d.gold[0].0.clone()], "Jan");
        assert!(parse("[[foo|x]]").is_err());
        assert!(parse("[[person_name|x").is_err());
    }
}
