//! Regressions, named after the issue and review that found them; one line says what broke.

use crate::util::{have, pdftotext, run, stderr, stdout, woolak};

/// Scans `text` as a file and returns the `text` field of every finding.
fn found(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, text).unwrap();
    let o = run(woolak().args(["scan", "--format", "jsonl"]).arg(&path));
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Issue 2 review: an allowed company name (`Heijmans`) hid the whole name around it.
#[test]
fn issue2_allowlist_does_not_shield_a_longer_name() {
    let f = found("Gisteren belde mevrouw Jansen-Heijmans over Piet Heineken.\n");
    assert!(f.contains(&"Jansen-Heijmans".to_string()), "{f:?}");
    assert!(f.contains(&"Piet Heineken".to_string()), "{f:?}");
    let f = found("Aanwezig: Jan Heijmans, Pieter Philips\n\nWe gaan bij de Albert Heijn langs.\n");
    assert_eq!(f, ["Jan Heijmans", "Pieter Philips"]);
}

/// Issue 2 review: `5.2` and `11.1` at the start of a date were taken for ground codes.
#[test]
fn issue2_dates_are_not_codes() {
    let f = found("Mevrouw Jansen is geboren op 5.2.1985.\n");
    assert!(f.contains(&"5.2.1985".to_string()), "{f:?}");
}

/// Issue 2 review: a lowercase particle after a title ended the name.
#[test]
fn issue2_particle_after_title() {
    let f = found("Geachte heer van Dijk, mevrouw van der Meulen belde.\n");
    assert_eq!(f, ["van Dijk", "van der Meulen"]);
}

/// Issue 2 review: en-dash double names and `O'Neill` were cut in half.
#[test]
fn issue2_whole_double_and_apostrophe_names() {
    let f = found("Mevrouw Jansen–de Vries en Sean O'Neill.\n");
    assert!(f.contains(&"Jansen–de Vries".to_string()), "{f:?}");
    assert!(f.contains(&"Sean O'Neill".to_string()), "{f:?}");
}

/// Issue 2 review: three inputs that panicked (byte slicing in a joined word, a non-ASCII
/// e-mail local part, and `İ` growing when lowercased).
#[test]
fn issue2_odd_inputs_do_not_panic() {
    for text in [
        "Met vriendelijke groet,\n\nKarin Bak-\nker\nBeleidsmedewerker\n",
        "Mail ſjansen@gmail.com graag.\n",
        "IBAN NL91ABNA0417164300 İİİİ tnv\n",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt");
        std::fs::write(&path, text).unwrap();
        let o = run(woolak().arg("scan").arg(&path));
        assert!(o.status.success(), "{text:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("internal error"), "{text:?}");
    }
}

/// Issue 2 review: the PDF dropped a BOM and a NUL the detectors saw, and showed the joined
/// number and BSN in clear.
#[test]
fn issue2_invisible_characters_do_not_split_what_the_pdf_joins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, "Bel 06-\u{feff}12345678 of BSN: 111\u{0}222333\n").unwrap();
    let out = dir.path().join("out");
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(&path)
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let red = std::fs::read_to_string(out.join("doc.txt")).unwrap();
    assert_eq!(red, "Bel 5.1.2e of BSN: 5.1.1e\n");
    if have("pdftotext") {
        let text = pdftotext(&out.join("doc.pdf"));
        assert!(
            !text.contains("12345678") && !text.contains("222333"),
            "{text}"
        );
    }
}

/// Issue 2 review: UTF-16 without a byte-order mark was read as Windows-1252 and nothing was
/// found; it is refused now.
#[test]
fn issue2_utf16_without_bom_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    let utf16: Vec<u8> = "Aanwezig: Jan Jansen\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(&path, utf16).unwrap();
    let o = run(woolak().arg("scan").arg(&path));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("looks like UTF-16"), "{}", stderr(&o));
}

/// Issue 2 review: `redact x.txt --out .` overwrote the input, and inputs with the same stem
/// in different folders both failed.
#[test]
fn issue2_outputs_never_overwrite_inputs_and_same_stems_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.txt");
    std::fs::write(&input, "Jan Jansen belt.\n").unwrap();
    let o = run(woolak()
        .current_dir(dir.path())
        .args(["redact", "--flat", "x.txt", "--out", "."]));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        "Jan Jansen belt.\n"
    );

    for year in ["2021", "2022"] {
        std::fs::create_dir_all(dir.path().join(year)).unwrap();
        std::fs::write(
            dir.path().join(year).join("verslag.txt"),
            "Bel 06-12345678.\n",
        )
        .unwrap();
    }
    let o = run(woolak()
        .current_dir(dir.path())
        .args(["redact", "--flat", "2021", "2022", "--out", "out"]));
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["2021_verslag.txt", "2022_verslag.txt"] {
        assert!(dir.path().join("out").join(name).exists(), "{name}");
    }
}

/// Issue 2 review: a link back up the tree made the directory walk run forever.
#[cfg(unix)]
#[test]
fn issue2_directory_links_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("a.txt"), "x\n").unwrap();
    std::os::unix::fs::symlink("..", d.join("up")).unwrap();
    let o = run(woolak().arg("scan").arg(&d));
    assert!(o.status.success());
    assert!(stderr(&o).contains("skipped: link to a directory"));
}

/// Issue 2 review: after a rerun in which a document failed, its outputs of the earlier run
/// stayed while the audit log no longer listed them.
#[test]
fn issue2_failed_rerun_leaves_no_stale_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("doc.txt");
    std::fs::write(&input, "Bel 06-12345678.\n").unwrap();
    let out = dir.path().join("out");
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(&input)
        .arg("--out")
        .arg(&out));
    assert!(o.status.success());
    assert!(out.join("doc.pdf").exists());
    // Now the same input cannot be read as text: UTF-16 without a byte-order mark.
    std::fs::write(&input, b"B\x00e\x00l\x00 \x000\x006\x00").unwrap();
    let o = run(woolak()
        .args(["redact", "--flat"])
        .arg(&input)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.join("doc.pdf").exists() && !out.join("doc.txt").exists());
}

/// Issue 3 review: a name wrapped after its particle (`Maria de` / `Vries`), as PDF lines
/// wrap, was found only up to the line end.
#[test]
fn issue3_name_wrapped_after_a_particle() {
    let f = found("Het overleg werd geleid door Maria de\nVries van de afdeling.\n");
    assert!(f.contains(&"Maria de\nVries".to_string()), "{f:?}");
    let f = found("Met dank aan Pieter van den\nBerg voor het verslag.\n");
    assert!(f.contains(&"Pieter van den\nBerg".to_string()), "{f:?}");
}

/// Issue 5 (`check` on woolak's own output): a BSN whose cue ends a line that also holds a
/// postcode was missed, because the whole previous line was ignored for its digits.
#[test]
fn issue5_bsn_cue_after_a_number_on_the_line_before() {
    let f = found(
        "U woont op het adres Kerkstraat 12, 3511 AB Utrecht. Uw burgerservicenummer\n\
         is 111222333. Wij hebben uw aanvraag beoordeeld.\n",
    );
    assert!(f.contains(&"111222333".to_string()), "{f:?}");
    // A number with its own cue on the line before does not lend it to the next line.
    let f = found("BSN: 123456782\nKenmerk 111222333\n");
    assert!(!f.contains(&"111222333".to_string()), "{f:?}");
}

/// Issue 5 (`check` on woolak's own output): `Sanne Bakker-Jansen, Jan de` / `Vries` was read
/// as the surname-first form `Jansen, Jan de`, and `Vries` on the next line was published.
#[test]
fn issue5_full_names_in_a_list_are_not_surname_first() {
    let f =
        found("Aanwezig: Marleen Kuijpers, Sanne Bakker-Jansen, Jan de\nVries, Karim el Amrani\n");
    assert!(f.contains(&"Sanne Bakker-Jansen".to_string()), "{f:?}");
    assert!(
        f.iter()
            .any(|t| t.starts_with("Jan de") && t.ends_with("Vries")),
        "{f:?}"
    );
}

/// Issue 5 (`check`'s second extractor on woolak's own output): a citizen's address after
/// `wonende aan` was taken for a letterhead because the addressee's `Postbus` stood a few
/// lines above, and was published.
#[test]
fn issue5_a_residence_cue_beats_an_organisation_address_nearby() {
    let f = found(
        "Aan de Belastingdienst/Toeslagen\nPostbus 8024, 6710 SB Ede\n\nBetreft: bezwaar\n\
         Ik, Hanneke Boersma-de Wit, geboren op 4 juli 1979, wonende aan\n\
         de Dorpsstraat 27, 9351 AB Leek, maak bezwaar tegen de beschikking.\n",
    );
    assert!(f.contains(&"Dorpsstraat 27".to_string()), "{f:?}");
    assert!(f.contains(&"9351 AB".to_string()), "{f:?}");
    assert!(
        !f.contains(&"6710 SB".to_string()),
        "the organisation's postcode stays: {f:?}"
    );
}
