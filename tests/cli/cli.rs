//! The binary end to end: scan, redact, rules, exit codes and bad inputs. Output PDFs are
//! judged by outside tools (poppler's pdftotext, qpdf --check) where they are installed; CI
//! installs them.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::util::{have, pdftotext, root, run, stderr, stdout, woolak};

/// The jsonl schema of `woolak scan --format jsonl`: exactly these keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonFinding {
    id: String,
    doc: String,
    start: usize,
    end: usize,
    text: String,
    category: String,
    detector: String,
    ground: String,
}

#[test]
fn scan_jsonl_schema_and_offsets() {
    let path = root().join("fixtures/examples/email-thread-mondkapjes-2020.txt");
    let o = run(woolak().args(["scan", "--format", "jsonl"]).arg(&path));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut n = 0;
    for line in stdout(&o).lines() {
        let f: JsonFinding = serde_json::from_str(line).unwrap();
        assert_eq!(&text[f.start..f.end], f.text, "offsets are byte offsets");
        assert!(f.ground.parse::<woolak::ground::Ground>().is_ok());
        n += 1;
    }
    assert!(n > 20, "{n} findings");
}

#[test]
fn redact_writes_text_pdf_and_audit_log_without_personal_data() {
    let out = tempfile::tempdir().unwrap();
    let o = run(woolak()
        .args(["redact", "--flat", "fixtures/examples", "--out"])
        .arg(out.path()));
    assert!(o.status.success(), "{}", stderr(&o));
    let all: Vec<_> = std::fs::read_dir(root().join("fixtures/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // The PDF examples are judged in `pdf.rs`; here they only have to land.
    for pdf in all
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        let name = pdf.file_name().unwrap();
        assert!(out.path().join(name).exists(), "{name:?} has no output");
    }
    let examples: Vec<_> = all
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    assert!(examples.len() >= 5);
    let audit = std::fs::read_to_string(out.path().join("redactions.jsonl")).unwrap();
    for input in &examples {
        let stem = input.file_stem().unwrap().to_string_lossy().to_string();
        let original = std::fs::read_to_string(input).unwrap();
        let redacted = std::fs::read_to_string(out.path().join(format!("{stem}.txt"))).unwrap();
        assert!(redacted.contains("5.1.2e"), "{stem}");
        // Re-running detection on the output finds nothing that was to be removed.
        let engine = woolak::detect::Engine::with_defaults();
        let removed: BTreeSet<String> = engine
            .detect(&original)
            .iter()
            .map(|f| original[f.span.clone()].to_string())
            .collect();
        for f in engine.detect(&redacted) {
            let t = &redacted[f.span.clone()];
            assert!(!removed.contains(t), "{stem}: {t:?} survived redaction");
        }
        // The audit log names the document but never holds removed text.
        for r in &removed {
            if r.len() > 3 {
                assert!(!audit.contains(r.as_str()), "audit log leaks {r:?}");
            }
        }
        let pdf = out.path().join(format!("{stem}.pdf"));
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        if have("pdftotext") {
            let text = pdftotext(&pdf);
            assert!(
                text.contains("5.1.2e"),
                "{stem}: codes are real text in the PDF"
            );
            let words: BTreeSet<&str> = text
                .split(|c: char| !(c.is_alphanumeric() || c == '@' || c == '.' || c == '-'))
                .collect();
            for r in &removed {
                // Numbers and addresses anywhere; names as whole words (a removed first name
                // such as `Roos` may also be an ordinary word elsewhere, so only longer ones).
                if r.len() >= 8 && r.chars().any(|c| c.is_ascii_digit() || c == '@') {
                    assert!(!text.contains(r.as_str()), "{stem}: {r:?} in PDF text");
                }
                for w in r.split_whitespace() {
                    if w.chars().count() >= 6 && w.starts_with(char::is_uppercase) {
                        assert!(!words.contains(w), "{stem}: name part {w:?} in PDF text");
                    }
                }
            }
        }
        if have("qpdf") {
            let q = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .unwrap();
            assert!(q.status.success(), "qpdf --check {stem}: {}", stdout(&q));
        }
    }
}

#[test]
fn redact_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        let o = run(woolak()
            .args(["redact", "--flat", "fixtures/examples", "--out"])
            .arg(d.path()));
        assert!(o.status.success());
    }
    for e in std::fs::read_dir(a.path()).unwrap() {
        let name = e.unwrap().file_name();
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name:?} differs between runs"
        );
    }
}

#[test]
fn ground_style_and_terms_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("memo.txt");
    std::fs::write(
        &input,
        "Project Zonnebloem is besproken met j.devries@minvws.nl, tel. 06 12 34 56 78.\n",
    )
    .unwrap();
    let terms = dir.path().join("terms.txt");
    std::fs::write(&terms, "5.1.2i\tProject Zonnebloem\n").unwrap();
    let out = dir.path().join("out");
    let o = run(woolak()
        .args(["redact", "--flat", "--ground-style", "wob-paren", "--terms"])
        .arg(&terms)
        .arg(&input)
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let red = std::fs::read_to_string(out.join("memo.txt")).unwrap();
    assert_eq!(
        red,
        "5.1.2i is besproken met (10)(2e)@minvws.nl, tel. (10)(2e).\n"
    );
}

#[test]
fn bad_inputs_are_reported_and_the_rest_completes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "Bel 06 12 34 56 78.\n").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Caf\xe9 met Jan Jansen.\n").unwrap();
    std::fs::write(dir.path().join("scan.pdf"), b"%PDF-1.4\n").unwrap();
    std::fs::write(dir.path().join("notes.docx"), b"PK").unwrap();
    let out = dir.path().join("out");
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(dir.path())
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(1), "one input failed");
    let err = stderr(&o);
    assert!(err.contains("scan.pdf: not a readable PDF"), "{err}");
    assert!(
        err.contains("notes.docx: skipped: unsupported file type"),
        "{err}"
    );
    assert!(
        err.contains("latin1.txt: not valid UTF-8, decoded as Windows-1252"),
        "{err}"
    );
    assert!(!err.contains("Jansen"), "no personal data in diagnostics");
    assert!(out.join("good.txt").exists() && out.join("latin1.txt").exists());
    let red = std::fs::read_to_string(out.join("latin1.txt")).unwrap();
    assert_eq!(red, "Café met 5.1.2e.\n");
}

#[test]
fn missing_input_and_bad_rule_file() {
    let o = run(woolak().args(["scan", "no/such/file.txt"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no/such/file.txt: no such file or directory"));

    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("bad.toml");
    std::fs::write(&rules, "[names]\nparticle = 3\n").unwrap();
    let o = run(woolak()
        .args(["scan", "fixtures/examples", "--rules"])
        .arg(&rules));
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.toml: invalid rule file"), "{err}");
    assert_eq!(err.lines().count(), 1, "one-line message: {err}");

    let o = run(woolak().args(["scan"]));
    assert_eq!(o.status.code(), Some(2), "usage error");
}

#[test]
fn rules_lists_and_explains() {
    let o = run(woolak().arg("rules"));
    assert!(o.status.success());
    let list = stdout(&o);
    for d in woolak::detect::DETECTORS {
        assert!(list.contains(d.id), "{}", d.id);
    }
    let o = run(woolak().args(["rules", "bsn"]));
    let s = stdout(&o);
    assert!(
        s.contains("5.1.1e") && s.contains("Known false positives"),
        "{s}"
    );
    let o = run(woolak().args(["rules", "nope"]));
    assert_eq!(o.status.code(), Some(2));
}
