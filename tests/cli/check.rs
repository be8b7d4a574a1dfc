//! `woolak check`: fails the known leaks with the right reason, passes what `woolak redact`
//! writes, and reports in the formats CI systems read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::util::{have, root, run, stderr, stdout, woolak};

/// The error-level checks per file, from `check --format json`.
fn errors(paths: &[&Path]) -> (Option<i32>, BTreeMap<String, BTreeSet<String>>) {
    let o = run(woolak().args(["check", "--format", "json"]).args(paths));
    let reports: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let mut out = BTreeMap::new();
    for r in reports.as_array().unwrap() {
        let name = Path::new(r["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let checks: BTreeSet<String> = r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == "error")
            .map(|i| i["check"].as_str().unwrap().to_string())
            .collect();
        out.insert(name, checks);
    }
    (o.status.code(), out)
}

#[test]
fn check_fails_the_leaks_in_the_engine_fixtures() {
    let pdf = |n: &str| root().join("fixtures/pdf").join(n);
    let files = [
        pdf("attachment.pdf"),
        pdf("hand-incremental.pdf"),
        pdf("lo-metadata-links.pdf"),
        pdf("lo-report-outline.pdf"),
    ];
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (code, found) = errors(&refs);
    assert_eq!(code, Some(1));
    let want: [(&str, &[&str]); 4] = [
        ("attachment.pdf", &["embedded-file", "personal-data"]),
        (
            "hand-incremental.pdf",
            &["incremental-update", "orphan-text", "metadata-personal"],
        ),
        (
            "lo-metadata-links.pdf",
            &[
                "metadata-personal",
                "outline-personal",
                "annotation-personal",
                "personal-data",
            ],
        ),
        (
            "lo-report-outline.pdf",
            &["alt-text", "outline-personal", "personal-data"],
        ),
    ];
    for (file, checks) in want {
        for c in checks {
            assert!(
                found[file].contains(*c),
                "{file}: {c} missing from {:?}",
                found[file]
            );
        }
    }
}

#[test]
fn check_passes_what_redact_writes() {
    // Every engine fixture with the default rules, and the mixed set: what woolak publishes
    // must pass its own gate (this found a BSN and a name that the detectors had missed).
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for e in std::fs::read_dir(root().join("fixtures/pdf")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "pdf") {
            std::fs::copy(&p, docs.join(p.file_name().unwrap())).unwrap();
        }
    }
    for f in ["seed-2021-07-19.txt", "email-thread-mondkapjes-2020.txt"] {
        std::fs::copy(root().join("fixtures/examples").join(f), docs.join(f)).unwrap();
    }
    let out = tmp.path().join("PUB");
    let o = run(woolak().arg("redact").arg(&docs).arg("--out").arg(&out));
    // The user-password PDF fails without its password; the rest is published.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = run(woolak().arg("check").arg(&out));
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 with errors"), "{}", stdout(&o));
}

#[test]
fn junit_report_has_a_case_per_document() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.xml");
    let o = run(woolak()
        .args(["check", "--format", "junit"])
        .arg(root().join("fixtures/pdf/attachment.pdf"))
        .arg(root().join("fixtures/examples/lo-memo.pdf")));
    assert_eq!(o.status.code(), Some(1));
    let xml = stdout(&o);
    std::fs::write(&out, &xml).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 2);
    assert_eq!(xml.matches("<failure ").count(), 2, "{xml}");
    assert!(!xml.contains("Jeroen de Vries"), "personal data is masked");
    if have("xmllint") {
        let o = run(Command::new("xmllint").arg("--noout").arg(&out));
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn check_usage_errors_exit_2() {
    let o = run(woolak().args(["check", "bestaat/niet.pdf"]));
    assert_eq!(o.status.code(), Some(2));
    let tmp = tempfile::tempdir().unwrap();
    let o = run(woolak().arg("check").arg(tmp.path()));
    assert_eq!(
        o.status.code(),
        Some(2),
        "an empty folder: nothing to check"
    );
}

#[test]
fn check_fails_each_leak_of_the_corpus_and_passes_its_controls() {
    // fixtures/check: one PDF per classic redaction failure, made by real producers where
    // one makes it (scripts/fixtures/check/make.sh), with the checks each must fail.
    let dir = root().join("fixtures/check");
    let expect = std::fs::read_to_string(dir.join("EXPECT")).unwrap();
    let mut want: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in expect
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (file, checks) = line.split_once(' ').unwrap();
        want.insert(
            file.to_string(),
            checks.trim().split(',').map(String::from).collect(),
        );
    }
    assert!(want.len() >= 20, "the corpus is in fixtures/check");
    let files: Vec<std::path::PathBuf> = want.keys().map(|f| dir.join(f)).collect();
    let o = run(woolak().args(["check", "--format", "json"]).args(&files));
    assert_eq!(o.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut failures = Vec::new();
    for r in reports.as_array().unwrap() {
        let file = Path::new(r["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let issues = r["issues"].as_array().unwrap();
        let fired = |sev: &str| -> BTreeSet<String> {
            issues
                .iter()
                .filter(|i| i["severity"] == sev)
                .map(|i| i["check"].as_str().unwrap().to_string())
                .collect()
        };
        let (errors, warnings) = (fired("error"), fired("warning"));
        let want = &want[&file];
        if want == &["clean"] {
            if !errors.is_empty() {
                failures.push(format!("{file}: a clean control fails with {errors:?}"));
            }
            continue;
        }
        for c in want {
            // `box-without-code` and `image-only-page` are warnings; every other is an error.
            let warning_level = matches!(c.as_str(), "box-without-code" | "image-only-page");
            let ok = if warning_level {
                warnings.contains(c)
            } else {
                errors.contains(c)
            };
            if !ok {
                failures.push(format!(
                    "{file}: {c} did not fire ({errors:?} / {warnings:?})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn check_holds_a_publication_folder_against_its_inventory() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in [
        "email-thread-mondkapjes-2020.txt",
        "lo-memo.pdf",
        "brief-beschikking-tegemoetkoming.txt",
    ] {
        std::fs::copy(root().join("fixtures/examples").join(f), docs.join(f)).unwrap();
    }
    std::fs::write(
        docs.join("persbericht.txt"),
        "Minister De Jonge maakt de cijfers bekend.\n",
    )
    .unwrap();
    let out = tmp.path().join("PUB");
    let o = run(woolak().arg("redact").arg(&docs).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(woolak().arg("check").arg(&out));
    assert!(
        o.status.success(),
        "what redact writes passes: {}",
        stdout(&o)
    );

    // Tamper: a Deels openbaar document listed as Openbaar, another with the wrong grounds,
    // an unlisted PDF, metadata gone.
    let inv = out.join("inventarislijst.csv");
    let mut text = std::fs::read_to_string(&inv).unwrap();
    for (id, from, to) in [
        ("0001,", "Deels openbaar", "Openbaar"),
        ("0002,", ",5.1.2e,", ",5.2,"),
    ] {
        let row = text
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .to_string();
        assert!(row.contains(from), "{row}");
        text = text.replace(&row, &row.replacen(from, to, 1));
    }
    std::fs::write(&inv, text).unwrap();
    std::fs::copy(
        out.join("documenten/0002.pdf"),
        out.join("documenten/0099.pdf"),
    )
    .unwrap();
    std::fs::remove_file(out.join("metadata/0003.xml")).unwrap();
    let (code, found) = errors(&[&out]);
    assert_eq!(code, Some(1));
    assert!(
        found["0001.pdf"].contains("inventory-beoordeling"),
        "{found:?}"
    );
    assert!(
        found["0002.pdf"].contains("inventory-grounds"),
        "{found:?} {}",
        std::fs::read_to_string(&inv).unwrap()
    );
    assert!(found["0003.pdf"].contains("metadata-missing"), "{found:?}");
    assert!(
        found["inventarislijst.csv"].contains("inventory-unlisted-file"),
        "{found:?}"
    );
    assert!(
        found["0004.pdf"].is_empty(),
        "the Openbaar press release is fine: {found:?}"
    );
}
