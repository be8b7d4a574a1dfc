//! The publication set end to end: a mixed set (PDFs from real producers, text, a duplicate,
//! an unsupported file, a corrupt PDF, documents assessed by the job file, a reviewer's
//! decisions) through `woolak redact`, every output checked, with pdftotext, qpdf and xmllint
//! as outside judges.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{have, root, run, stderr, stdout, woolak};

/// Copies the set's documents (fixtures/set/docs and two example PDFs) into `dir/docs`.
fn make_set(dir: &Path) -> PathBuf {
    let docs = dir.join("docs");
    copy_tree(&root().join("fixtures/set/docs"), &docs);
    for pdf in ["lo-memo.pdf", "chromium-email.pdf"] {
        std::fs::copy(root().join("fixtures/examples").join(pdf), docs.join(pdf)).unwrap();
    }
    docs
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn redact_set(docs: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    run(woolak()
        .arg("redact")
        .arg(docs)
        .arg("--out")
        .arg(out)
        .arg("--config")
        .arg(root().join("fixtures/set/woolak.toml"))
        .args(extra))
}

/// The inventory rows by Bestandsnaam (or `Document` in the production report), as maps from
/// column to value.
fn csv_rows(path: &Path) -> (Vec<String>, BTreeMap<String, BTreeMap<String, String>>) {
    csv_rows_by(path, &["Bestandsnaam", "Document"])
}

/// The rows of a CSV by the first of `keys` that is a column.
fn csv_rows_by(
    path: &Path,
    keys: &[&str],
) -> (Vec<String>, BTreeMap<String, BTreeMap<String, String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows = BTreeMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let row: BTreeMap<String, String> = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(String::from))
            .collect();
        let key = keys.iter().find_map(|k| row.get(*k)).unwrap().clone();
        assert!(!rows.contains_key(&key), "two rows with {key}");
        rows.insert(key, row);
    }
    (headers, rows)
}

fn pdftotext_page(pdf: &Path, page: u32) -> String {
    let o = Command::new("pdftotext")
        .args([
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-enc",
            "UTF-8",
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn page_count(pdf: &Path) -> u32 {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn publication_set_end_to_end() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = make_set(tmp.path());
    let before = files(&docs);

    // The reviewer works from the proposal list: one proposal rejected by id, one
    // redaction added, in a CSV as Dutch Excel saves it.
    let o = run(woolak()
        .args(["scan", "--format", "jsonl", "--config"])
        .arg(root().join("fixtures/set/woolak.toml"))
        .arg(&docs));
    let proposals: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let annelies = proposals
        .iter()
        .find(|p| {
            p["doc"].as_str().unwrap().ends_with("verslag-overleg.txt") && p["text"] == "Annelies"
        })
        .expect("the set-wide pass proposes the given name in the minutes");
    assert_eq!(annelies["detector"], "person-name-repeat");
    let decisions = tmp.path().join("besluiten.csv");
    std::fs::write(
        &decisions,
        format!(
            "actie;id;document;tekst;grond\nafwijzen;{};;;\ntoevoegen;;verslag-overleg.txt;locatie Noord;5.1.2h\n",
            annelies["id"].as_str().unwrap()
        ),
    )
    .unwrap();

    let out = tmp.path().join("PUB");
    let decisions_arg = decisions.to_str().unwrap();
    let o = redact_set(&docs, &out, &["--jobs", "2", "--decisions", decisions_arg]);
    // The corrupt PDF and the .docx fail; the rest is done.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("kapot.pdf"), "{err}");
    assert!(err.contains("notulen.docx"), "{err}");
    assert!(
        err.contains("9 document(s), 4 published, 2 failed"),
        "{err}"
    );

    // Inputs are untouched.
    assert_eq!(files(&docs), before, "inputs changed");

    // The inventory: exact columns, one row per input, values derived from what was done.
    let (headers, inv) = csv_rows(&out.join("inventarislijst.csv"));
    assert_eq!(
        headers,
        [
            "Document ID",
            "Documentnummer",
            "Bestandsnaam",
            "Beoordeling",
            "Beoordelingsgrond",
            "Toelichting",
            "Publieke link",
            "Locatie document",
            "Opgeschort",
            "Gerelateerd document",
            "Locatie gerelateerd document",
            "Besluitnaam",
        ]
    );
    assert_eq!(inv.len(), 9);
    let row = |name: &str| inv.get(name).unwrap_or_else(|| panic!("no row for {name}"));
    // IDs in sorted path order, with the prefix; the Documentnummer carries the matter.
    let ids: Vec<(&str, &str)> = [
        ("chromium-email.pdf", "VWS0001"),
        ("advies-wob.txt", "VWS0002"),
        ("kapot.pdf", "VWS0003"),
        ("lo-memo.pdf", "VWS0004"),
        ("01-planning.txt", "VWS0005"),
        ("02-planning-kopie.txt", "VWS0006"),
        ("notulen.docx", "VWS0007"),
        ("persbericht.txt", "VWS0008"),
        ("verslag-overleg.txt", "VWS0009"),
    ]
    .to_vec();
    for (name, id) in &ids {
        assert_eq!(row(name)["Document ID"], *id, "{name}");
        assert_eq!(row(name)["Documentnummer"], format!("WOO-2024-017-{id}"));
        assert_eq!(
            row(name)["Besluitnaam"],
            "Besluit op Woo-verzoek over testcapaciteit"
        );
    }
    let check = |name: &str, beoordeling: &str, grond: &str, location: &str| {
        let r = row(name);
        assert_eq!(r["Beoordeling"], beoordeling, "{name}: {r:?}");
        assert_eq!(r["Beoordelingsgrond"], grond, "{name}: {r:?}");
        assert_eq!(r["Locatie document"], location, "{name}: {r:?}");
    };
    check(
        "chromium-email.pdf",
        "Deels openbaar",
        "5.1.2e",
        "documenten/VWS0001.pdf",
    );
    check("advies-wob.txt", "Niet openbaar", "5.1.2i; 5.2", "");
    check(
        "lo-memo.pdf",
        "Deels openbaar",
        "5.1.1e; 5.1.2e; 5.1.2i",
        "documenten/VWS0004.pdf",
    );
    check(
        "01-planning.txt",
        "Deels openbaar",
        "5.1.2e",
        "documenten/VWS0005.pdf",
    );
    check("02-planning-kopie.txt", "Niet openbaar", "dubbel", "");
    check("persbericht.txt", "Reeds openbaar", "", "");
    check(
        "verslag-overleg.txt",
        "Deels openbaar",
        "5.1.2e; 5.1.2h",
        "documenten/VWS0009.pdf",
    );
    assert_eq!(
        row("02-planning-kopie.txt")["Gerelateerd document"],
        "VWS0005"
    );
    assert_eq!(
        row("02-planning-kopie.txt")["Locatie gerelateerd document"],
        "documenten/VWS0005.pdf"
    );
    assert!(row("persbericht.txt")["Publieke link"].starts_with("https://www.rijksoverheid.nl/"));
    assert!(row("lo-memo.pdf")["Toelichting"].contains("Pagina 2 niet openbaar"));
    assert_eq!(
        row("advies-wob.txt")["Toelichting"],
        "Persoonlijke beleidsopvattingen"
    );
    for failed in ["kapot.pdf", "notulen.docx"] {
        let r = row(failed);
        assert_eq!(r["Beoordeling"], "", "{r:?}");
        assert_eq!(r["Opgeschort"], "ja");
        assert!(r["Toelichting"].starts_with("Niet verwerkt: "), "{r:?}");
    }
    assert_eq!(row("01-planning.txt")["Opgeschort"], "nee");

    // The production report: its own columns, the matter, case number and dates.
    let (pheaders, prod) = csv_rows(&out.join("productierapport.csv"));
    assert_eq!(
        pheaders,
        [
            "ID",
            "Matter",
            "Family",
            "Email Thread ID",
            "Document",
            "File Type",
            "Datum",
            "Beoordeling",
            "Opgeschort",
            "Beoordelingsgrond",
            "Toelichting",
            "Publieke Link",
            "Gerelateerd ID",
            "Zaaknummer",
        ]
    );
    let p = &prod["01-planning.txt"];
    assert_eq!(p["ID"], "VWS0005");
    assert_eq!(p["Matter"], "WOO-2024-017");
    assert_eq!(p["Zaaknummer"], "2024-017");
    assert_eq!(p["File Type"], "txt");
    assert_eq!(p["Datum"], "2021-10-12", "the e-mail's send date");
    assert_eq!(
        prod["lo-memo.pdf"]["Datum"], "2021-10-14",
        "the memo's date"
    );
    assert_eq!(prod["02-planning-kopie.txt"]["Gerelateerd ID"], "VWS0005");

    // Published files: exactly the published rows, named by ID.
    let published: Vec<String> = std::fs::read_dir(out.join("documenten"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        published,
        ["VWS0001.pdf", "VWS0004.pdf", "VWS0005.pdf", "VWS0009.pdf"]
    );
    for name in [
        "inventarislijst.xlsx",
        "inventarislijst.pdf",
        "productierapport.xlsx",
        "redactions.jsonl",
        "summary.json",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }

    if have("pdftotext") {
        for f in &published {
            let pdf = out.join("documenten").join(f);
            let id = f.trim_end_matches(".pdf");
            // The document number on every page.
            for page in 1..=page_count(&pdf) {
                assert!(
                    pdftotext_page(&pdf, page).contains(id),
                    "{f} page {page} lacks its stamp"
                );
            }
        }
        let memo = out.join("documenten/VWS0004.pdf");
        let p2 = pdftotext_page(&memo, 2);
        assert!(
            p2.contains("niet openbaar") && p2.contains("5.1.2i"),
            "{p2}"
        );
        assert!(
            !p2.contains("Inlichtingen"),
            "withheld page still has text: {p2}"
        );
        assert!(!pdftotext_page(&memo, 1).contains("Jeroen"));
        // One person, one decision: `Wijdenes` is confirmed only in the e-mail.
        let minutes = crate::util::pdftotext(&out.join("documenten/VWS0009.pdf"));
        assert!(!minutes.contains("Wijdenes"), "{minutes}");
        assert!(!minutes.contains("Zeemeeuw"), "the document's own term");
        assert!(
            !minutes.contains("locatie Noord"),
            "the reviewer's addition"
        );
        assert!(minutes.contains("5.1.2h"), "{minutes}");
        assert!(minutes.contains("Annelies"), "the rejected proposal stays");
        assert!(minutes.contains("De Jonge"), "the minister stays");
        let inv_pdf = crate::util::pdftotext(&out.join("inventarislijst.pdf"));
        for (_, id) in &ids {
            assert!(
                inv_pdf.contains(id),
                "{id} missing from inventarislijst.pdf"
            );
        }
    }
    if have("qpdf") {
        for f in std::fs::read_dir(out.join("documenten")).unwrap() {
            let p = f.unwrap().path();
            let o = run(Command::new("qpdf").arg("--check").arg(&p));
            assert!(o.status.success(), "{}: {}", p.display(), stdout(&o));
        }
    }

    // DiWoo metadata for every published document, valid against the vendored XSD.
    let metas: Vec<PathBuf> = std::fs::read_dir(out.join("metadata"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(metas.len(), 4);
    if have("xmllint") {
        for m in &metas {
            let o = run(Command::new("xmllint")
                .env(
                    "XML_CATALOG_FILES",
                    root().join("schemas/diwoo/catalog.xml"),
                )
                .args(["--nonet", "--noout", "--schema"])
                .arg(root().join("schemas/diwoo/diwoo-metadata.xsd"))
                .arg(m));
            assert!(o.status.success(), "{}: {}", m.display(), stderr(&o));
        }
    }
    let meta = std::fs::read_to_string(out.join("metadata/VWS0005.xml")).unwrap();
    assert!(meta.contains("VWS0005") && meta.contains("WOO-2024-017-VWS0005"));
    assert!(meta.contains("2021-10-12"), "{meta}");

    // The audit log: document IDs, sources, keyed hashes, never the removed text.
    let audit = std::fs::read_to_string(out.join("redactions.jsonl")).unwrap();
    let mut sources = std::collections::BTreeSet::new();
    for line in audit.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["doc_id"].as_str().unwrap().starts_with("VWS"), "{line}");
        sources.insert(v["source"].as_str().unwrap().to_string());
        if v.get("kind").is_none() {
            assert_eq!(v["hmac_sha256"].as_str().unwrap().len(), 64);
            assert_eq!(v["id"].as_str().unwrap().len(), 16);
        }
    }
    assert_eq!(
        sources.into_iter().collect::<Vec<_>>(),
        ["list", "reviewer", "rule"]
    );
    for secret in ["Wijdenes", "Zeemeeuw", "48213377", "Jeroen", "Oosterhuis"] {
        assert!(!audit.contains(secret), "{secret} in the audit log");
    }
    assert!(!audit.contains(annelies["id"].as_str().unwrap()));

    // The summary: counts and failures.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["documents"], 9);
    assert_eq!(summary["published"], 4);
    assert_eq!(summary["by_beoordeling"]["Niet openbaar"], 2);
    assert_eq!(summary["by_beoordeling"]["Reeds openbaar"], 1);
    assert_eq!(summary["failures"].as_array().unwrap().len(), 2);
    assert!(summary["names_from_set"].as_u64().unwrap() >= 1);
    assert!(summary["timings_ms"]["total"].is_u64());

    // One thread or two, documents kept between the passes or read again: the same bytes
    // (the summary's timings aside).
    let out1 = tmp.path().join("PUB1");
    let o = run(woolak()
        .env("WOOLAK_KEEP_MB", "0")
        .arg("redact")
        .arg(&docs)
        .arg("--out")
        .arg(&out1)
        .arg("--config")
        .arg(root().join("fixtures/set/woolak.toml"))
        .args(["--jobs", "1", "--decisions", decisions_arg]));
    assert_eq!(o.status.code(), Some(1));
    let (mut a, mut b) = (files(&out), files(&out1));
    let untimed = |m: &mut BTreeMap<String, Vec<u8>>| {
        let mut v: serde_json::Value =
            serde_json::from_slice(&m.remove("summary.json").unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("timings_ms");
        v
    };
    assert_eq!(untimed(&mut a), untimed(&mut b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between --jobs 1 and --jobs 2");
    }

    // A rerun over an existing set refuses, and leaves it as it was; --force replaces it.
    let o = redact_set(&docs, &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(files(&out).len(), a.len() + 1);
    let o = redact_set(&docs, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(1));
    // Without the decisions, the rejected proposal is redacted again.
    let minutes = std::fs::read(out.join("documenten/VWS0009.pdf")).unwrap();
    assert!(minutes != a["documenten/VWS0009.pdf"]);
    // Nothing temporary is left beside PUB.
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("woolak-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn job_file_errors_name_the_file_and_the_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = make_set(tmp.path());
    let job = tmp.path().join("woolak.toml");
    for (toml, want) in [
        (
            "[[documents]]\nfile = \"bestaat-niet.txt\"\nbeoordeling = \"Reeds openbaar\"\nlink = \"https://example.org\"\n",
            "names no input document",
        ),
        (
            "[[documents]]\nfile = \"persbericht.txt\"\nbeoordeling = \"Niet openbaar\"\n",
            "needs `grounds`",
        ),
        (
            "[[documents]]\nfile = \"lo-memo.pdf\"\nwithheld_pages = [{ pages = \"2-x\", grounds = [\"5.2\"] }]\n",
            "not a page",
        ),
        ("id_prefix = \"VWS-\"\n", "only letters and digits"),
    ] {
        std::fs::write(&job, toml).unwrap();
        let out = tmp.path().join("PUB");
        let o = run(woolak()
            .arg("redact")
            .arg(&docs)
            .arg("--out")
            .arg(&out)
            .arg("--config")
            .arg(&job));
        assert_eq!(o.status.code(), Some(2), "{toml}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(want), "{toml}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(!out.exists(), "nothing written");
    }
    // A page beyond the document fails that document only.
    std::fs::write(
        &job,
        "[[documents]]\nfile = \"lo-memo.pdf\"\nout_of_scope = \"7\"\n",
    )
    .unwrap();
    let out = tmp.path().join("PUB");
    let o = run(woolak()
        .arg("redact")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&job));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("page 7"), "{}", stderr(&o));
    assert!(out.join("documenten/0001.pdf").exists());
}

#[test]
fn file_names_and_titles_lose_confirmed_names() {
    // The inventory, the metadata and the audit log are published: a name in a file name
    // must go there too, also when it is written in lowercase.
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::copy(
        root().join("fixtures/set/docs/mail/01-planning.txt"),
        docs.join("mail_Annelies_Wijdenes_planning.txt"),
    )
    .unwrap();
    std::fs::write(
        docs.join("notitie-wijdenes.txt"),
        "Notitie\n\nWijdenes belt terug.\n",
    )
    .unwrap();
    let out = tmp.path().join("PUB");
    let o = run(woolak().arg("redact").arg(&docs).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, inv) = csv_rows(&out.join("inventarislijst.csv"));
    let names: Vec<&String> = inv.keys().collect();
    assert_eq!(
        names,
        ["mail_5.1.2e_planning.txt", "notitie-5.1.2e.txt"],
        "{inv:?}"
    );
    for f in files(&out).keys() {
        assert!(!f.to_lowercase().contains("wijdenes"), "{f}");
    }
    for (name, bytes) in files(&out) {
        if name.ends_with(".xml") || name.ends_with(".csv") || name.ends_with(".jsonl") {
            let text = String::from_utf8(bytes).unwrap().to_lowercase();
            assert!(!text.contains("wijdenes"), "{name}: {text}");
            assert!(!text.contains("annelies"), "{name}");
        }
    }
}

/// Runs `woolak redact` in `dir` with `args`.
fn redact_in(dir: &Path, args: &[&str]) -> std::process::Output {
    run(Command::new(env!("CARGO_BIN_EXE_woolak"))
        .current_dir(dir)
        .arg("redact")
        .args(args))
}

#[test]
fn an_output_folder_that_holds_an_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("work/docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("a.txt"), "Tekst een.\n").unwrap();
    for (input, out) in [
        ("work/docs", "work/docs"),
        ("work/docs", "work"),
        ("work/docs", "."),
    ] {
        let o = redact_in(tmp.path(), &[input, "--out", out, "--force"]);
        assert_eq!(o.status.code(), Some(2), "{input} -> {out}: {}", stderr(&o));
        assert!(stderr(&o).contains("holds the input"), "{}", stderr(&o));
        assert_eq!(std::fs::read(docs.join("a.txt")).unwrap(), b"Tekst een.\n");
    }
    // A folder with nothing to publish is no set either.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let o = redact_in(tmp.path(), &["empty", "--out", "PUB"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn reviewer_decisions_keep_their_scope_and_paths_match_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "Mevrouw Jansen belt vandaag over locatie Zuid.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("b.txt"),
        "Mevrouw Jansen belt morgen over locatie Zuid.\n",
    )
    .unwrap();
    let abs = docs.join("b.txt").display().to_string();
    std::fs::write(
        tmp.path().join("d.csv"),
        format!("action;doc;text;ground\nreject;docs/a.txt;Jansen;\nadd;./docs/a.txt;locatie Zuid;5.1.2h\nadd;{abs};locatie Zuid;5.1.2h\n"),
    )
    .unwrap();
    let o = redact_in(
        tmp.path(),
        &["docs", "--out", "PUB", "--decisions", "d.csv"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    if have("pdftotext") {
        let a = crate::util::pdftotext(&tmp.path().join("PUB/documenten/0001.pdf"));
        let b = crate::util::pdftotext(&tmp.path().join("PUB/documenten/0002.pdf"));
        assert!(a.contains("Jansen"), "rejected in a.txt only: {a}");
        assert!(!b.contains("Jansen"), "b.txt keeps its redaction: {b}");
        assert!(!a.contains("Zuid") && !b.contains("Zuid"), "{a}\n{b}");
    }
    // An addition that matches nothing would publish what the reviewer meant to redact.
    std::fs::write(
        tmp.path().join("e.csv"),
        "action;doc;text;ground\nadd;docs/c.txt;locatie Zuid;5.1.2h\n",
    )
    .unwrap();
    let o = redact_in(
        tmp.path(),
        &["docs", "--out", "PUB", "--force", "--decisions", "e.csv"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("matched nothing"), "{}", stderr(&o));
}

#[test]
fn suspended_and_wholly_replaced_documents_are_listed_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["A", "B"] {
        std::fs::create_dir(tmp.path().join(dir)).unwrap();
        std::fs::write(
            tmp.path().join(dir).join("memo.txt"),
            format!("Memo {dir}.\n"),
        )
        .unwrap();
    }
    std::fs::write(tmp.path().join("A/brief.txt"), "Brief aan de gemeente.\n").unwrap();
    std::fs::write(
        tmp.path().join("woolak.toml"),
        "id_prefix = \"VWS\"\n\
         [[documents]]\nfile = \"A/brief.txt\"\nopgeschort = true\ntoelichting = \"Zienswijze loopt\"\n\
         [[documents]]\nfile = \"B/memo.txt\"\nout_of_scope = \"1\"\nid = \"vws0002\"\n",
    )
    .unwrap();
    let o = redact_in(tmp.path(), &["A", "B", "--out", "PUB"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (_, inv) = csv_rows_by(
        &tmp.path().join("PUB/inventarislijst.csv"),
        &["Document ID"],
    );
    let rows: Vec<(&str, &str, &str, &str)> = inv
        .values()
        .map(|r| {
            (
                r["Document ID"].as_str(),
                r["Beoordeling"].as_str(),
                r["Locatie document"].as_str(),
                r["Opgeschort"].as_str(),
            )
        })
        .collect();
    assert!(
        rows.contains(&("VWS0001", "Openbaar", "", "ja")),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("vws0002", "Niet openbaar", "", "nee")),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("VWS0003", "Openbaar", "documenten/VWS0003.pdf", "nee")),
        "{rows:?}"
    );
    let published: Vec<String> = files(&tmp.path().join("PUB/documenten"))
        .into_keys()
        .collect();
    assert_eq!(published, ["VWS0003.pdf"]);
    assert!(!tmp.path().join("PUB/metadata/VWS0001.xml").exists());
}

#[test]
fn a_withheld_page_leaves_no_text_in_bookmarks_or_tags() {
    if !have("qpdf") {
        return;
    }
    // LibreOffice, tagged, with bookmarks: page 2's heading names a person, and its image's
    // alternative text (in the tag tree) repeats the page.
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::copy(
        root().join("fixtures/pdf/lo-report-outline.pdf"),
        docs.join("rapport.pdf"),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("woolak.toml"),
        "[[documents]]\nfile = \"rapport.pdf\"\nwithheld_pages = [{ pages = \"2\", grounds = [\"5.1.2i\"] }]\n",
    )
    .unwrap();
    let o = redact_in(tmp.path(), &["docs", "--out", "PUB"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = tmp.path().join("PUB/documenten/0001.pdf");
    let raw = crate::pdf::inflated(&out, &tmp.path().join("qdf.pdf")).unwrap();
    let holds = |raw: &[u8], t: &str| {
        let utf16: Vec<u8> = t.encode_utf16().flat_map(u16::to_be_bytes).collect();
        memchr::memmem::find(raw, t.as_bytes()).is_some()
            || memchr::memmem::find(raw, &utf16).is_some()
    };
    // Words of page 2 that no detector removes: only withholding does. Its content is gone
    // (pdftotext), and so are the tag tree and the bookmark that repeat it.
    if have("pdftotext") {
        let p2 = pdftotext_page(&out, 2);
        assert!(
            p2.contains("niet openbaar") && !p2.contains("Alphen"),
            "{p2}"
        );
    }
    for gone in ["testlocatie in Leiden", "Advies van", "StructTreeRoot"] {
        assert!(!holds(&raw, gone), "{gone} survives the withheld page");
    }
    assert!(holds(&raw, "niet openbaar"), "the bookmark to page 2");
    // The other pages keep their bookmarks.
    assert!(holds(&raw, "Inleiding") && holds(&raw, "Vervolg"));
    // The oracle sees hex strings: the input's tag tree and bookmarks hold these texts.
    let before =
        crate::pdf::inflated(&docs.join("rapport.pdf"), &tmp.path().join("in.pdf")).unwrap();
    assert!(holds(&before, "testlocatie in Leiden") && holds(&before, "Advies van"));
}
