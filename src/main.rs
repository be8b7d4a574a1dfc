//! The `woolak` command: parses flags, resolves the configuration once, runs the library and
//! maps the outcome to an exit code (0 ok, 1 some input failed, 2 usage or setup error).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;

use woolak::config::{Config, Overrides};
use woolak::detect::{registry, Engine, Finding, NameKeys};
use woolak::ground::GroundStyle;
use woolak::ingest::{self, InputKind, Loaded};
use woolak::publish::{self, set};
use woolak::redact::{pdf as redact_pdf, text as redact_text, textpdf};

/// Find personal data in Dutch government documents and replace it with the Woo ground code.
#[derive(Parser)]
#[command(
    name = "woolak",
    version,
    after_help = "Exit status: 0 all inputs done, 1 at least one input failed (the others are \
                  still done), 2 usage error or unreadable configuration."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report the personal data found in text files (and directories, recursively).
    Scan {
        /// Files or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Write the publication set: redacted documents, inventory, metadata and audit log.
    Redact {
        /// Files or directories (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder: the publication set (PUB).
        #[arg(long)]
        out: PathBuf,
        /// How the boxes in the PDF are drawn.
        #[arg(long, value_enum, default_value_t = BoxArg::Black)]
        box_style: BoxArg,
        /// Replace an existing, non-empty output folder.
        #[arg(long)]
        force: bool,
        /// A reviewer's decisions (`.csv` or `.jsonl`): proposals rejected, redactions added.
        #[arg(long)]
        decisions: Option<PathBuf>,
        /// Per input, `<name>.txt` (text inputs), `<name>.pdf` and one `redactions.jsonl` in
        /// the output folder, without inventory or metadata (and without set-wide names).
        #[arg(long, conflicts_with_all = ["force", "decisions"])]
        flat: bool,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Check a publication set or PDFs for anything personal that can still be recovered.
    Check {
        /// Publication folders or PDF files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// List the detectors, or explain one.
    Rules {
        /// A detector id, e.g. `email-address`.
        id: Option<String>,
    },
}

#[derive(Args)]
struct CommonArgs {
    /// Job file (default: ./woolak.toml when it exists).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Extra rule file(s), merged over the defaults.
    #[arg(long = "rules")]
    rules: Vec<PathBuf>,
    /// Allowlist file(s): lines `TEXT` or `GROUND<TAB>TEXT`, never redacted.
    #[arg(long = "allow")]
    allow: Vec<PathBuf>,
    /// Terms file(s): lines `TEXT` or `GROUND<TAB>TEXT`, always redacted.
    #[arg(long = "terms")]
    terms: Vec<PathBuf>,
    /// How grounds are written.
    #[arg(long, value_enum)]
    ground_style: Option<StyleArg>,
    /// Password that opens PDFs with a user password (files with only an owner password
    /// open without it, and are written unencrypted).
    #[arg(long)]
    password: Option<String>,
    /// Worker threads (default: one per core). Outputs are the same for any number.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum StyleArg {
    Woo,
    Wob,
    WobParen,
}

impl From<StyleArg> for GroundStyle {
    fn from(s: StyleArg) -> GroundStyle {
        match s {
            StyleArg::Woo => GroundStyle::Woo,
            StyleArg::Wob => GroundStyle::Wob,
            StyleArg::WobParen => GroundStyle::WobParen,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum BoxArg {
    Black,
    Outline,
    Grey,
}

impl From<BoxArg> for textpdf::BoxStyle {
    fn from(b: BoxArg) -> textpdf::BoxStyle {
        match b {
            BoxArg::Black => textpdf::BoxStyle::Black,
            BoxArg::Outline => textpdf::BoxStyle::Outline,
            BoxArg::Grey => textpdf::BoxStyle::Grey,
        }
    }
}

fn main() -> ExitCode {
    // A panic message can quote document text (a failed slice shows the string): print only
    // where it happened. Panics are caught per document in `guarded`.
    std::panic::set_hook(Box::new(|info| {
        // The second extractor of `check` is run to fail safely: its panics are reported
        // as a warning for the file.
        if std::thread::current().name() == Some("pdf-extract") {
            return;
        }
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        eprintln!("woolak: internal error{at}");
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("woolak: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Rules { id } => rules(id.as_deref()),
        Command::Check {
            paths,
            format,
            common,
        } => {
            let config = resolve(&common)?;
            with_jobs(common.jobs, || check(&paths, format, &config))
        }
        Command::Scan {
            paths,
            format,
            common,
        } => {
            let config = resolve(&common)?;
            with_jobs(common.jobs, || scan(&paths, format, &config))
        }
        Command::Redact {
            paths,
            out,
            box_style,
            force,
            decisions,
            flat,
            common,
        } => {
            let config = resolve(&common)?;
            if flat {
                return with_jobs(common.jobs, || {
                    redact(&paths, &out, box_style.into(), &config)
                });
            }
            let decisions = match &decisions {
                Some(p) => {
                    let bytes = std::fs::read(p)
                        .with_context(|| format!("{}: cannot read", p.display()))?;
                    Some(woolak::decide::parse(p, &bytes)?)
                }
                None => None,
            };
            // How much of the set the first pass keeps loaded (MB of input files); the rest
            // is read again in the second pass.
            let keep_bytes = match std::env::var("WOOLAK_KEEP_MB") {
                Ok(v) => v
                    .trim()
                    .parse::<u64>()
                    .map(|mb| mb.saturating_mul(1024 * 1024))
                    .map_err(|_| anyhow::anyhow!("WOOLAK_KEEP_MB={v}: expected a number of MB"))?,
                Err(_) => set::KEEP_BYTES,
            };
            let opts = set::Options {
                config: &config,
                decisions: decisions.as_ref(),
                box_style: box_style.into(),
                force,
                keep_bytes,
            };
            with_jobs(common.jobs, || publish_set(&paths, &out, &opts))
        }
    }
}

/// Runs `f` on a pool of `jobs` threads (default: rayon's, one per core).
fn with_jobs(jobs: Option<u16>, f: impl FnOnce() -> Result<ExitCode> + Send) -> Result<ExitCode> {
    match jobs {
        None => f(),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build()
            .context("cannot start worker threads")?
            .install(f),
    }
}

/// Progress on stderr when it is a terminal: documents read, then documents written with
/// their pages, rate and ETA.
struct Bar {
    bar: indicatif::ProgressBar,
    total: u64,
    scanned: std::sync::atomic::AtomicU64,
    pages: std::sync::atomic::AtomicU64,
}

impl Bar {
    fn new(total: usize) -> Bar {
        use std::io::IsTerminal;
        let visible = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = if visible {
            indicatif::ProgressBar::new(total as u64)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix:>8} [{bar:30}] {pos}/{len} documents, {msg} ({rate} documents/s, ETA {eta})",
            )
            .expect("a valid progress template")
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}", s.per_sec());
                },
            )
            .progress_chars("=> "),
        );
        bar.set_prefix("reading");
        bar.set_message("0 pages");
        Bar {
            bar,
            total: total as u64,
            scanned: Default::default(),
            pages: Default::default(),
        }
    }
}

impl set::Progress for Bar {
    fn scanned(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        let n = self.scanned.fetch_add(1, Relaxed) + 1;
        self.bar.inc(1);
        if n == self.total {
            self.bar.reset();
            self.bar.set_prefix("writing");
        }
    }

    fn published(&self, pages: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let p = self.pages.fetch_add(pages as u64, Relaxed) + pages as u64;
        self.bar.set_message(format!("{p} pages"));
        self.bar.inc(1);
    }
}

/// `woolak redact` without `--flat`: the publication set.
fn publish_set(paths: &[PathBuf], out: &Path, opts: &set::Options<'_>) -> Result<ExitCode> {
    set::check_paths(paths, out)?;
    let collected = ingest::collect(paths, Some(out));
    for n in &collected.notes {
        eprintln!("woolak: {n}");
    }
    let mut errors = collected.errors;
    let bar = Bar::new(collected.inputs.len());
    let summary = set::publish(collected.inputs, out, opts, &bar)?;
    bar.bar.finish_and_clear();
    for w in &summary.warnings {
        eprintln!("woolak: warning: {w}");
    }
    errors.extend(summary.failures.iter().map(|f| f.message.clone()));
    errors.extend(summary.errors.iter().cloned());
    for e in &errors {
        eprintln!("woolak: {e}");
    }
    let secs = summary.timings_ms.total as f64 / 1000.0;
    let grounds: Vec<String> = summary
        .by_ground
        .iter()
        .map(|(g, n)| format!("{g}: {n}"))
        .collect();
    let assessed: Vec<String> = summary
        .by_beoordeling
        .iter()
        .map(|(b, n)| format!("{b}: {n}"))
        .collect();
    eprintln!(
        "woolak: {} document(s), {} published, {} failed; {} page(s), {} redaction(s){}; {:.1} s, \
         {:.0} pages/s -> {}",
        summary.documents,
        summary.published,
        summary.failures.len(),
        summary.pages,
        summary.redactions,
        if grounds.is_empty() {
            String::new()
        } else {
            format!(" ({})", grounds.join(", "))
        },
        secs,
        summary.pages as f64 / secs.max(0.001),
        out.display()
    );
    if !assessed.is_empty() {
        eprintln!("woolak: {}", assessed.join(", "));
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `woolak check`: exit 0 when no file has an error, 1 when one has, 2 when the check
/// itself cannot run (a path that does not exist).
fn check(paths: &[PathBuf], format: CheckFormat, config: &Config) -> Result<ExitCode> {
    let (pdfs, errors) = woolak::check::pdfs_in(paths);
    if !errors.is_empty() {
        bail!("{}", errors.join("; "));
    }
    if pdfs.is_empty() {
        bail!(
            "no PDF files to check in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let engine = config.engine();
    let mut reports: Vec<woolak::check::FileReport> = pdfs
        .par_iter()
        .map(|p| woolak::check::check_pdf(p, &engine))
        .collect();
    // A publication folder is also held against its inventory.
    for p in paths {
        if p.is_dir() && woolak::check::is_publication(p) {
            woolak::check::check_inventory(p, &mut reports);
        }
    }
    let text = match format {
        CheckFormat::Human => woolak::check::report::human(&reports),
        CheckFormat::Json => woolak::check::report::json(&reports),
        CheckFormat::Junit => woolak::check::report::junit(&reports),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if reports.iter().any(|r| r.errors() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn resolve(common: &CommonArgs) -> Result<Config> {
    let job_file = common.config.clone().or_else(|| {
        let default = PathBuf::from("woolak.toml");
        default.is_file().then_some(default)
    });
    let ov = Overrides {
        job_file,
        rules: common.rules.clone(),
        allow_files: common.allow.clone(),
        terms_files: common.terms.clone(),
        ground_style: common.ground_style.map(Into::into),
        password: common.password.clone().map(woolak::config::Password),
    };
    Ok(Config::resolve(&ov)?)
}

fn rules(id: Option<&str>) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match id {
        None => {
            for d in registry::DETECTORS {
                writeln!(
                    out,
                    "{:<20} {:<14} {:<7} {}",
                    d.id,
                    d.category.as_str(),
                    d.ground.woo_code(),
                    first_sentence(d.finds)
                )?;
            }
        }
        Some(id) => {
            let Some(d) = registry::find(id) else {
                bail!("unknown detector `{id}`\nhint: `woolak rules` lists them");
            };
            writeln!(
                out,
                "{}  ({}, ground {})\n",
                d.id,
                d.category.as_str(),
                d.ground
            )?;
            writeln!(out, "What it finds\n  {}\n", d.finds)?;
            writeln!(out, "Why it is personal data\n  {}\n", d.why)?;
            writeln!(out, "Example\n  {}\n", d.example)?;
            writeln!(out, "Known false positives\n  {}", d.false_positives)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The first sentence of a description: up to a full stop after a lowercase word or a
/// bracket and before a capital, so that `J.P.` and `...` do not end it.
fn first_sentence(s: &str) -> &str {
    let b = s.as_bytes();
    (1..b.len().saturating_sub(2))
        .find(|&i| {
            b[i] == b'.'
                && b[i + 1] == b' '
                && (b[i - 1].is_ascii_lowercase() || b[i - 1] == b')')
                && b[i + 2].is_ascii_uppercase()
        })
        .map_or(s, |i| &s[..=i])
}

/// Expands files and directories into a sorted list of supported inputs. Unsupported files
/// inside a directory are reported as skipped; an unsupported file named explicitly fails.
fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<PathBuf> {
    let c = ingest::collect(paths, None);
    errors.extend(c.errors);
    for n in c.notes {
        eprintln!("woolak: {n}");
    }
    let named: std::collections::HashSet<&PathBuf> = paths.iter().collect();
    c.inputs
        .into_iter()
        .filter(|i| {
            let ok = ingest::kind_of(&i.path) != InputKind::Unsupported || named.contains(&i.path);
            if !ok {
                eprintln!(
                    "woolak: {}: skipped: unsupported file type",
                    i.path.display()
                );
            }
            ok
        })
        .map(|i| i.path)
        .collect()
}

/// Output names (without extension): the file stem, or, where stems collide
/// (`2021/verslag.txt`, `2022/verslag.txt`), the path with its separators as `_`
/// (`2021_verslag`); where that is still not unique (`memo.txt` and `memo.pdf` in one folder),
/// the extension is added (`memo_txt`, `memo_pdf`). Inputs are sorted, so names are the same
/// on every run.
fn output_names(inputs: &[PathBuf]) -> std::collections::BTreeMap<PathBuf, String> {
    let stem = |p: &Path| {
        p.file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string()
    };
    let mut count = std::collections::BTreeMap::new();
    for p in inputs {
        *count.entry(stem(p)).or_insert(0) += 1;
    }
    let named = inputs
        .iter()
        .map(|p| {
            let s = stem(p);
            let name = if count[&s] > 1 {
                p.with_extension("")
                    .components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(n) => Some(n.to_string_lossy().to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join("_")
            } else {
                s
            };
            (p.clone(), name)
        })
        .collect::<Vec<_>>();
    let mut uses = std::collections::BTreeMap::new();
    for (_, n) in &named {
        *uses.entry(n.clone()).or_insert(0) += 1;
    }
    named
        .into_iter()
        .map(|(p, n)| {
            if uses[&n] > 1 {
                let ext = p
                    .extension()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                (p, format!("{n}_{ext}"))
            } else {
                (p, n)
            }
        })
        .collect()
}

/// Detection result for one input.
struct Processed<'a> {
    doc: &'a Loaded,
    findings: &'a [Finding],
    ids: &'a [String],
}

/// Loads one input and finds its personal data (`--flat`: each document on its own).
fn detect_one(
    path: &Path,
    engine: &Engine,
    config: &Config,
) -> Result<(Loaded, Vec<Finding>), String> {
    let doc = ingest::load(path, config.password())?;
    let mut findings = engine.detect(doc.text());
    if let Loaded::Pdf(pdf) = &doc {
        findings = redact_pdf::dedupe_findings(&pdf.layout, findings);
    }
    Ok((doc, findings))
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    /// Stable across runs on the same input: what a decisions file names.
    id: &'a str,
    doc: String,
    start: usize,
    end: usize,
    text: &'a str,
    category: &'static str,
    detector: &'static str,
    ground: String,
    /// PDFs only: the page (1-based) and the box `[x0, y0, x1, y1]` in PDF points.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bbox: Option<[f64; 4]>,
}

fn scan(paths: &[PathBuf], format: Format, config: &Config) -> Result<ExitCode> {
    let mut errors = Vec::new();
    let inputs = collect_inputs(paths, &mut errors);
    let engine = config.engine();
    // The same detection as `redact` runs over a set, names confirmed anywhere found
    // everywhere, so that the proposals and their ids are what `redact` applies.
    let inputs: Vec<ingest::Input> = inputs
        .into_iter()
        .map(|path| ingest::Input {
            rel: path.display().to_string(),
            path,
        })
        .collect();
    let members = set::members(inputs, config, false).map_err(anyhow::Error::msg)?;
    let results = set::detect_set(&members, config, &engine);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut all_json = Vec::new();
    for result in &results {
        let p = match result {
            Ok(p) => p,
            Err(e) => {
                errors.push(e.clone());
                continue;
            }
        };
        let p = Processed {
            doc: &p.loaded,
            findings: &p.findings,
            ids: &p.ids,
        };
        for w in p.doc.warnings() {
            eprintln!("woolak: warning: {w}");
        }
        let doc = p.doc.path().display().to_string();
        let full = p.doc.text();
        // Line and column are reported for text inputs only (PDFs report the page).
        let newlines: Vec<usize> = match (p.doc, format) {
            (Loaded::Text(_), Format::Human) => full
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
            _ => Vec::new(),
        };
        for (f, id) in p.findings.iter().zip(p.ids) {
            let text = &full[f.span.clone()];
            let place = match p.doc {
                Loaded::Pdf(pdf) => redact_pdf::placement(&pdf.layout, f),
                Loaded::Text(_) => None,
            };
            match format {
                Format::Human => {
                    let at = match &place {
                        Some(pl) => format!("page {}", pl.page),
                        None => {
                            let (line, col) = line_col(full, &newlines, f.span.start);
                            format!("{line}:{col}")
                        }
                    };
                    writeln!(
                        out,
                        "{doc}:{at}: {} [{}, {}] {}",
                        f.detector,
                        f.category.as_str(),
                        f.ground.display(config.ground_style),
                        text.replace('\n', " ")
                    )?;
                }
                Format::Json | Format::Jsonl => {
                    let j = JsonFinding {
                        id,
                        doc: doc.clone(),
                        start: f.span.start,
                        end: f.span.end,
                        text,
                        category: f.category.as_str(),
                        detector: f.detector,
                        ground: f.ground.display(config.ground_style),
                        page: place.as_ref().map(|pl| pl.page),
                        bbox: place.as_ref().map(|pl| bbox_of(&pl.bbox)),
                    };
                    if matches!(format, Format::Jsonl) {
                        serde_json::to_writer(&mut out, &j)?;
                        writeln!(out)?;
                    } else {
                        all_json.push(serde_json::to_value(&j)?);
                    }
                }
            }
        }
    }
    if matches!(format, Format::Json) {
        serde_json::to_writer_pretty(&mut out, &all_json)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(finish(&errors))
}

/// A box rounded to hundredths of a point, as reported.
fn bbox_of(r: &woolak::ingest::pdf::geom::Rect) -> [f64; 4] {
    let round = |v: f64| (v * 100.0).round() / 100.0;
    [round(r.x0), round(r.y0), round(r.x1), round(r.y1)]
}

/// 1-based line and column (in characters) of byte `pos`, given the positions of the line
/// feeds.
fn line_col(text: &str, newlines: &[usize], pos: usize) -> (usize, usize) {
    let line = newlines.partition_point(|&n| n < pos);
    let start = if line == 0 { 0 } else { newlines[line - 1] + 1 };
    (line + 1, text[start..pos].chars().count() + 1)
}

fn finish(errors: &[String]) -> ExitCode {
    for e in errors {
        eprintln!("woolak: {e}");
    }
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn redact(
    paths: &[PathBuf],
    out_dir: &Path,
    box_style: textpdf::BoxStyle,
    config: &Config,
) -> Result<ExitCode> {
    let mut errors = Vec::new();
    let inputs = collect_inputs(paths, &mut errors);
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("{}: cannot create output directory", out_dir.display()))?;
    let names = output_names(&inputs);
    let out_canonical = std::fs::canonicalize(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
    let engine = config.engine();
    let style = config.ground_style;
    let results: Vec<Result<String, String>> = inputs
        .par_iter()
        .map(|path| {
            set::guarded(path, || {
                let stem = &names[path];
                // Never write over an input (`redact x.txt --out .`).
                let input = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                for ext in ["txt", "pdf"] {
                    if out_canonical.join(format!("{stem}.{ext}")) == input {
                        return Err(format!(
                            "{}: the output {stem}.{ext} would overwrite this input; choose \
                             another --out",
                            path.display()
                        ));
                    }
                }
                let (doc, findings) = detect_one(path, &engine, config)?;
                let name = path.display().to_string();
                let mut audit = String::new();
                match doc {
                    Loaded::Text(doc) => {
                        let segments = redact_text::segments(&doc.text, &findings, style);
                        let redacted = redact_text::join(&segments);
                        let pdf = textpdf::render(&segments, box_style)
                            .map_err(|e| format!("{}: cannot render PDF: {e}", path.display()))?;
                        publish::write_atomic(
                            &out_dir.join(format!("{stem}.txt")),
                            redacted.as_bytes(),
                        )
                        .map_err(|e| e.to_string())?;
                        publish::write_atomic(&out_dir.join(format!("{stem}.pdf")), &pdf)
                            .map_err(|e| e.to_string())?;
                        for w in &doc.warnings {
                            eprintln!("woolak: warning: {w}");
                        }
                        let key = publish::sha256(doc.text.as_bytes());
                        publish::audit_lines(
                            &publish::AuditDoc {
                                doc: &name,
                                set: None,
                                key: &key,
                                text: &doc.text,
                            },
                            &findings,
                            &[],
                            style,
                            &mut audit,
                        );
                    }
                    Loaded::Pdf(pdf) => {
                        for w in &pdf.warnings {
                            eprintln!("woolak: warning: {w}");
                        }
                        let key = pdf.source_sha256;
                        let text = pdf.layout.text.clone();
                        let result = redact_pdf::redact_with_engine(
                            *pdf,
                            &findings,
                            &engine,
                            &NameKeys::default(),
                            style,
                            box_style,
                            &Default::default(),
                        )
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                        publish::write_atomic(&out_dir.join(format!("{stem}.pdf")), &result.bytes)
                            .map_err(|e| e.to_string())?;
                        for w in &result.warnings {
                            eprintln!("woolak: warning: {}: {w}", path.display());
                        }
                        publish::audit_lines(
                            &publish::AuditDoc {
                                doc: &name,
                                set: None,
                                key: &key,
                                text: &text,
                            },
                            &findings,
                            &result.placements,
                            style,
                            &mut audit,
                        );
                    }
                }
                Ok(audit)
            })
        })
        .collect();
    let mut audit = String::new();
    let mut done = 0;
    for (path, r) in inputs.iter().zip(results) {
        match r {
            Ok(lines) => {
                audit.push_str(&lines);
                done += 1;
            }
            Err(e) => {
                errors.push(e);
                // Outputs of an earlier run for this input would no longer match the audit
                // log: remove them, unless they are the input itself.
                let input = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                for ext in ["txt", "pdf"] {
                    let stale = out_dir.join(format!("{}.{ext}", names[path]));
                    let is_input = std::fs::canonicalize(&stale).is_ok_and(|c| c == input);
                    if stale.exists() && !is_input {
                        if let Err(err) = std::fs::remove_file(&stale) {
                            errors.push(format!(
                                "{}: cannot remove stale output: {err}",
                                stale.display()
                            ));
                        }
                    }
                }
            }
        }
    }
    publish::write_atomic(&out_dir.join("redactions.jsonl"), audit.as_bytes())?;
    eprintln!(
        "woolak: {done} document(s) redacted, {} failed, {} redaction(s) -> {}",
        errors.len(),
        audit.lines().count(),
        out_dir.display()
    );
    Ok(finish(&errors))
}
