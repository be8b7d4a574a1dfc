//! PDF redaction throughput against lopdf's own load and save, measured in the same run.
//!
//! `cargo run --release --example bench_pdf [PAGES] [DIR]` reads the PDFs in DIR (default
//! `fixtures/pdf`; files that need a password are skipped), repeats them until at least PAGES
//! pages (default 300), and times on one thread:
//!
//! - the ceiling: `lopdf::Document::load_mem` and a save with the options woolak uses;
//! - woolak: load and walk, detection with the default rules, redaction, scrub and save, all
//!   in memory.
//!
//! Pages per second for both and the ratio are printed; the ratio is what to compare between
//! machines.

use std::time::Instant;

use woolak::detect::Engine;
use woolak::ground::GroundStyle;
use woolak::ingest::pdf::parse_pdf;
use woolak::redact::pdf::{dedupe_findings, redact_with_engine};
use woolak::redact::textpdf::BoxStyle;

fn main() {
    let pages_wanted: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let dir = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "fixtures/pdf".to_string());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("run from the repository root, or name an existing DIR")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .filter(|p| !p.with_extension("password").exists())
        .collect();
    files.sort();
    let engine = Engine::with_defaults();
    let mut inputs = Vec::new();
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        match parse_pdf(p, &bytes, None) {
            Ok(doc) => inputs.push((p.clone(), bytes, doc.layout.pages.len())),
            Err(e) => eprintln!("skipped: {e}"),
        }
    }
    assert!(!inputs.is_empty(), "no readable PDFs in {dir}");
    let one_round: usize = inputs.iter().map(|i| i.2).sum();
    let rounds = pages_wanted.div_ceil(one_round);
    let pages = rounds * one_round;

    let options = || {
        lopdf::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .compression_level(6)
            .build()
    };
    let t = Instant::now();
    let mut out_bytes = 0usize;
    for _ in 0..rounds {
        for (_, bytes, _) in &inputs {
            let mut doc = lopdf::Document::load_mem(bytes).unwrap();
            let mut out = Vec::new();
            doc.save_with_options(&mut out, options()).unwrap();
            out_bytes += out.len();
        }
    }
    let ceiling = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut findings_total = 0usize;
    for _ in 0..rounds {
        for (path, bytes, _) in &inputs {
            let pdf = parse_pdf(path, bytes, None).unwrap();
            let findings = dedupe_findings(&pdf.layout, engine.detect(&pdf.layout.text));
            findings_total += findings.len();
            let out = redact_with_engine(
                pdf,
                &findings,
                &engine,
                &Default::default(),
                GroundStyle::Woo,
                BoxStyle::Black,
                &Default::default(),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out_bytes += out.bytes.len();
        }
    }
    let woolak = t.elapsed().as_secs_f64();

    println!(
        "corpus: {} files x {rounds} rounds = {pages} pages, {findings_total} findings, {} output bytes",
        inputs.len(),
        out_bytes
    );
    println!(
        "lopdf load+save (ceiling):       {:8.1} pages/s",
        pages as f64 / ceiling
    );
    println!(
        "woolak redact (1 thread):        {:8.1} pages/s",
        pages as f64 / woolak
    );
    println!("ratio woolak/ceiling time:       {:.2}x", woolak / ceiling);
}
