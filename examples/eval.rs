//! Prints precision and recall per category on the labelled set in `fixtures/eval/`.
//!
//! `cargo run --release --example eval [DIR] [-v]`; `-v` also lists misses and false hits.

use std::path::PathBuf;

use woolak::detect::Engine;
use woolak::eval::evaluate_dir;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let dir = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map_or_else(|| PathBuf::from("fixtures/eval"), PathBuf::from);
    let engine = Engine::with_defaults();
    let report = match evaluate_dir(&engine, &dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("eval: {e}");
            std::process::exit(2);
        }
    };
    if verbose {
        for m in &report.missed {
            println!("MISS {} [{}] {:?}", m.file, m.category.as_str(), m.text);
        }
        for m in &report.false_positives {
            println!(
                "FALSE {} [{}] {} {:?}",
                m.file,
                m.category.as_str(),
                m.detector.unwrap_or("-"),
                m.text
            );
        }
    }
    print!("{}", report.table());
}
