//! One fixture per detector, annotated line by line (fixtures/rules/<id>.txt): every
//! non-blank line ends in `  ## OK` or `  ## id[,id]`. Detection runs on the whole stripped
//! file; per line, the set of detectors that fired must equal the expected set.

use std::collections::BTreeSet;

use woolak::detect::{registry::DETECTORS, Engine, RuleSet, TermList};

use crate::util::root;

struct Line {
    number: usize,
    range: std::ops::Range<usize>,
    expected: BTreeSet<String>,
}

fn parse(marked: &str) -> (String, Vec<Line>) {
    let mut text = String::new();
    let mut lines = Vec::new();
    for (n, raw) in marked.lines().enumerate() {
        let start = text.len();
        if raw.trim().is_empty() {
            text.push_str(raw);
        } else {
            let (body, ann) = raw
                .rsplit_once("  ## ")
                .unwrap_or_else(|| panic!("line {} has no `  ## ` annotation", n + 1));
            text.push_str(body);
            let expected = if ann.trim() == "OK" {
                BTreeSet::new()
            } else {
                ann.split(',').map(|s| s.trim().to_string()).collect()
            };
            lines.push(Line {
                number: n + 1,
                range: start..start + body.len(),
                expected,
            });
        }
        text.push('\n');
    }
    (text, lines)
}

/// Runs one fixture and returns the lines whose detectors differ from the annotation.
fn check(id: &str) -> (usize, Vec<String>) {
    let dir = root().join("fixtures/rules");
    let marked = std::fs::read_to_string(dir.join(format!("{id}.txt")))
        .unwrap_or_else(|_| panic!("detector {id} has no fixture fixtures/rules/{id}.txt"));
    let mut terms = TermList::default();
    let terms_file = dir.join(format!("{id}.terms"));
    if terms_file.exists() {
        terms.add_file(&terms_file).unwrap();
    }
    let engine = Engine::new(
        &RuleSet::defaults(),
        TermList::public_officials().hyphen_joins_words().build(),
        terms.build(),
    );
    let (text, lines) = parse(&marked);
    let findings = engine.detect(&text);
    let mut wrong = Vec::new();
    for line in &lines {
        let got: BTreeSet<String> = findings
            .iter()
            .filter(|f| f.span.start < line.range.end && f.span.end > line.range.start)
            .map(|f| f.detector.to_string())
            .collect();
        if got != line.expected {
            wrong.push(format!(
                "{id}.txt:{}: expected {:?}, got {:?}",
                line.number, line.expected, got
            ));
        }
    }
    (lines.len(), wrong)
}

#[test]
fn every_detector_has_a_fixture_and_fixtures_pass() {
    let mut report = Vec::new();
    let mut total_lines = 0;
    let mut total_wrong = 0;
    for d in DETECTORS {
        let (n, wrong) = check(d.id);
        assert!(n >= 20, "fixture for {} has only {n} lines", d.id);
        total_lines += n;
        total_wrong += wrong.len();
        report.extend(wrong);
    }
    for r in &report {
        println!("{r}");
    }
    println!("{total_wrong} of {total_lines} fixture lines differ");
    // Known differences are listed in fixtures/rules/KNOWN.txt, one `file:line` per line; a
    // line that starts to pass must be removed from it, so the list only shrinks.
    let known: BTreeSet<String> = std::fs::read_to_string(root().join("fixtures/rules/KNOWN.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.trim().to_string())
        .collect();
    let failing: BTreeSet<String> = report
        .iter()
        .map(|r| r.split(": expected").next().unwrap().to_string())
        .collect();
    let new: Vec<&String> = failing.difference(&known).collect();
    let fixed: Vec<&String> = known.difference(&failing).collect();
    assert!(new.is_empty(), "new fixture failures: {new:#?}");
    assert!(
        fixed.is_empty(),
        "now passing, remove from KNOWN.txt: {fixed:#?}"
    );
}
