//! Detection throughput on a large text, against a baseline measured in the same run.
//!
//! `cargo run --release --example bench_detect [MB] [DIR]` builds a text of at least MB
//! megabytes (default 64) from the documents in DIR (default the evaluation set, markup
//! stripped), cut into documents of the sizes the corpus has, and times `Engine::detect` on
//! one thread. The baseline is one pass of
//! the `regex` crate's `\w+` over the same text: every detector has to read the text at least
//! once, so the ratio says how much more than one regex pass detection costs.

use std::time::Instant;

use regex::Regex;
use woolak::detect::Engine;
use woolak::eval::parse;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(64);
    let mut docs = Vec::new();
    let dir = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "fixtures/eval".to_string());
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("run from the repository root, or name an existing DIR")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .filter(|p| p.file_name().is_none_or(|n| n != "README.md"))
        .collect();
    entries.sort();
    for p in entries {
        docs.push(parse(&std::fs::read_to_string(p).unwrap()).unwrap().text);
    }
    let one_round: usize = docs.iter().map(String::len).sum();
    let rounds = (mb * 1024 * 1024).div_ceil(one_round);
    let corpus: Vec<&str> = (0..rounds)
        .flat_map(|_| docs.iter().map(String::as_str))
        .collect();
    let bytes: usize = corpus.iter().map(|d| d.len()).sum();
    let engine = Engine::with_defaults();
    // Warm up: lexicons and regexes are built on first use.
    let _ = engine.detect(&docs[0]);

    let words = Regex::new(r"\w+").unwrap();
    let t = Instant::now();
    let mut n_words = 0usize;
    for d in &corpus {
        n_words += words.find_iter(d).count();
    }
    let baseline = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut n_findings = 0usize;
    for d in &corpus {
        n_findings += engine.detect(d).len();
    }
    let detect = t.elapsed().as_secs_f64();

    let mbytes = bytes as f64 / 1e6;
    println!(
        "corpus: {:.1} MB in {} documents, {} words, {} findings",
        mbytes,
        corpus.len(),
        n_words,
        n_findings
    );
    println!("baseline regex \\w+ pass: {:8.1} MB/s", mbytes / baseline);
    println!("woolak detect (1 thread): {:8.1} MB/s", mbytes / detect);
    println!("ratio detect/baseline time: {:.1}x", detect / baseline);
}
