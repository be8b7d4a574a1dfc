//! The publication set: one Woo request's documents in, everything to publish out.
//!
//! ```text
//! PUB/documenten/<ID>.pdf      published documents, the number stamped on every page
//! PUB/metadata/<ID>.xml        DiWoo metadata per published document
//! PUB/inventarislijst.{xlsx,csv,pdf}
//! PUB/productierapport.{xlsx,csv}
//! PUB/redactions.jsonl         the audit log (keyed hashes, never the removed text)
//! PUB/summary.json
//! ```
//!
//! The batch runs in three parallel passes with one join between them: every document is
//! loaded and scanned on its own; the names confirmed anywhere are then collected, and a
//! second pass finds their other mentions in every document (one person, one decision);
//! finally each document is assessed, redacted and written. Results are collected in input
//! order, so the outputs are the same whatever the number of threads. Everything is written
//! into a temporary folder beside PUB that replaces PUB only when the set is complete.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Assessment, Config, DocumentOverride, DuplicatePolicy};
use crate::decide::{Decision, Decisions};
use crate::detect::{registry::Category, Engine, Finding, NameKeys, Shields, Source};
use crate::error::Error;
use crate::ground::Ground;
use crate::ingest::{self, Input, InputKind, Loaded};
use crate::publish::{self, date, diwoo, table};
use crate::redact::pageops::{Notice, PageOps};
use crate::redact::textpdf::{self, BoxStyle};
use crate::redact::{pdf as redact_pdf, text as redact_text};

/// The public columns of the inventarislijst (DOMAIN.md §4), in order.
pub const INVENTORY_COLUMNS: [&str; 12] = [
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
];

/// The import columns of the productierapport (DOMAIN.md §4), in order.
pub const PRODUCTION_COLUMNS: [&str; 14] = [
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
];

/// The assessment of one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Beoordeling {
    Openbaar,
    DeelsOpenbaar,
    NietOpenbaar,
    ReedsOpenbaar,
}

impl Beoordeling {
    pub fn as_str(self) -> &'static str {
        match self {
            Beoordeling::Openbaar => "Openbaar",
            Beoordeling::DeelsOpenbaar => "Deels openbaar",
            Beoordeling::NietOpenbaar => "Niet openbaar",
            Beoordeling::ReedsOpenbaar => "Reeds openbaar",
        }
    }
}

/// A document of the set with its number.
#[derive(Debug)]
pub struct Member {
    pub input: Input,
    /// The document ID: `[A-Za-z0-9]+`, the name of its published file.
    pub id: String,
    /// The Documentnummer: `<matter>-<ID>`, or the ID when there is no matter.
    pub number: String,
    /// Its `[[documents]]` entry in the job file, if any.
    pub settings: Option<usize>,
}

/// Numbers the inputs: the job file's fixed IDs first, then the next free numbers in sorted
/// path order. With `strict`, every `[[documents]]` entry must name exactly one input (a
/// scan of part of the set passes over entries for other documents).
pub fn members(inputs: Vec<Input>, config: &Config, strict: bool) -> Result<Vec<Member>, String> {
    let set = &config.set;
    let mut settings: Vec<Option<usize>> = vec![None; inputs.len()];
    for (k, d) in set.documents.iter().enumerate() {
        let hits: Vec<usize> = (0..inputs.len())
            .filter(|&i| d.matches(&inputs[i]))
            .collect();
        match hits.as_slice() {
            [] if !strict => {}
            [] => {
                return Err(format!(
                    "[[documents]] `{}` names no input document",
                    d.file
                ))
            }
            [i] => {
                if let Some(other) = settings[*i] {
                    return Err(format!(
                        "[[documents]] `{}` and `{}` name the same document",
                        set.documents[other].file, d.file
                    ));
                }
                settings[*i] = Some(k);
            }
            _ => {
                return Err(format!(
                    "[[documents]] `{}` names {} documents; give more of the path",
                    d.file,
                    hits.len()
                ))
            }
        }
    }
    // IDs are file names: `VWS0002` and `vws0002` are the same file on many systems.
    let fixed: std::collections::HashSet<String> = set
        .documents
        .iter()
        .filter_map(|d| d.id.as_deref())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut next = set.id_start;
    let mut out = Vec::with_capacity(inputs.len());
    for (input, s) in inputs.into_iter().zip(settings) {
        let id = match s.and_then(|k| set.documents[k].id.clone()) {
            Some(id) => id,
            None => loop {
                let id = format!("{}{:0width$}", set.id_prefix, next, width = set.id_width);
                next += 1;
                if !fixed.contains(&id.to_ascii_lowercase()) {
                    break id;
                }
            },
        };
        let number = match &set.matter {
            Some(m) if !m.is_empty() => format!("{m}-{id}"),
            _ => id.clone(),
        };
        out.push(Member {
            input,
            id,
            number,
            settings: s,
        });
    }
    Ok(out)
}

/// Runs `f` for one document; a panic becomes an internal error for that document only.
pub fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(format!(
            "{}: internal error while processing this document (please report)",
            path.display()
        ))
    })
}

/// One document after detection over the whole set.
pub struct Detected {
    pub loaded: Loaded,
    /// Sorted, disjoint findings: the document's own, the other mentions of names
    /// confirmed anywhere in the set, and the document's extra terms.
    pub findings: Vec<Finding>,
    /// A stable id per finding: a hash of the source, the span and the detector.
    pub ids: Vec<String>,
    /// How many findings the set-wide pass added.
    pub from_set: usize,
}

/// The stable id of a finding: the first 16 hex digits of SHA-256 over the source's hash,
/// the span and the detector. The same input gives the same ids on every run.
pub fn finding_id(source: &[u8; 32], f: &Finding) -> String {
    let mut buf = Vec::with_capacity(64);
    buf.extend_from_slice(source);
    buf.extend_from_slice(&(f.span.start as u64).to_le_bytes());
    buf.extend_from_slice(&(f.span.end as u64).to_le_bytes());
    buf.extend_from_slice(f.detector.as_bytes());
    publish::sha256(&buf)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a progress display is told. Called from worker threads.
pub trait Progress: Sync {
    /// A document was read and scanned (first pass).
    fn scanned(&self) {}
    /// A document was written (or listed without output); `pages` it had.
    fn published(&self, _pages: usize) {}
}

/// No progress display.
pub struct Quiet;
impl Progress for Quiet {}

/// Input bytes whose loaded documents the first pass keeps for the second; the others are
/// read again, so that memory does not grow with the size of the set.
pub const KEEP_BYTES: u64 = 128 * 1024 * 1024;

/// A document after the first pass: its own findings and the names confirmed in it.
pub struct Scanned {
    /// The loaded document, or `None` when it is to be read again.
    loaded: Option<Loaded>,
    findings: Vec<Finding>,
    keys: NameKeys,
    /// The text's existing codes and allowed parts, found once for both passes.
    shields: Shields,
    /// SHA-256 of the text, to check that a document read again is the same.
    text_sha: [u8; 32],
    /// See [`normalised_hash`]: what duplicates are found by.
    norm: Option<[u8; 32]>,
}

/// The first pass: every member read and scanned on its own. Unsupported and unreadable
/// documents are an `Err` with the reason. Loaded documents are kept up to `keep` input
/// bytes in all.
pub fn first_pass(
    members: &[Member],
    config: &Config,
    engine: &Engine,
    progress: &dyn Progress,
    keep: u64,
) -> Vec<Result<Scanned, String>> {
    let kept = std::sync::atomic::AtomicU64::new(0);
    members
        .par_iter()
        .map(|m| {
            let r = guarded(&m.input.path, || {
                if ingest::kind_of(&m.input.path) == InputKind::Unsupported {
                    let ext = m
                        .input
                        .path
                        .extension()
                        .map_or_else(String::new, |e| format!(" (.{})", e.to_string_lossy()));
                    return Err(format!(
                        "{}: unsupported file type{ext}: woolak reads PDF, .txt and .md",
                        m.input.path.display()
                    ));
                }
                let loaded = ingest::load(&m.input.path, config.password())?;
                let text = loaded.text();
                let (findings, keys, shields) = engine.detect_with_names(text);
                let size = std::fs::metadata(&m.input.path).map_or(u64::MAX, |md| md.len());
                let before = kept.fetch_add(size.min(keep), Ordering::Relaxed);
                let keep_it = before.saturating_add(size) <= keep;
                if !keep_it {
                    kept.fetch_sub(size.min(keep), Ordering::Relaxed);
                }
                Ok(Scanned {
                    text_sha: publish::sha256(text.as_bytes()),
                    norm: normalised_hash(text),
                    loaded: keep_it.then_some(loaded),
                    findings,
                    keys,
                    shields,
                })
            });
            progress.scanned();
            r
        })
        .collect()
}

/// The names confirmed anywhere in the set (taken out of the scans).
pub fn set_keys(scans: &mut [Result<Scanned, String>]) -> NameKeys {
    let mut keys = NameKeys::default();
    for s in scans.iter_mut().flatten() {
        keys.extend(&std::mem::take(&mut s.keys));
    }
    keys
}

/// The second pass for one document: read again if the first pass did not keep it; the other
/// mentions of the set's names, the document's own terms, and the findings' ids.
pub fn second_pass(
    m: &Member,
    scanned: Scanned,
    keys: &NameKeys,
    config: &Config,
    engine: &Engine,
) -> Result<Detected, String> {
    guarded(&m.input.path, || {
        let Scanned {
            loaded,
            mut findings,
            shields,
            text_sha,
            ..
        } = scanned;
        let loaded = match loaded {
            Some(l) => l,
            None => {
                let l = ingest::load(&m.input.path, config.password())?;
                if publish::sha256(l.text().as_bytes()) != text_sha {
                    return Err(format!(
                        "{}: the file changed while woolak read it",
                        m.input.path.display()
                    ));
                }
                l
            }
        };
        let text = loaded.text();
        let from_set = engine.propagate(text, &shields, keys, &mut findings);
        if let Some(d) = m.settings.map(|k| &config.set.documents[k]) {
            engine.add_terms(text, &shields, &d.terms, &mut findings);
        }
        if let Loaded::Pdf(pdf) = &loaded {
            findings = redact_pdf::dedupe_findings(&pdf.layout, findings);
        }
        let source = loaded.source_sha256();
        let ids = findings.iter().map(|f| finding_id(&source, f)).collect();
        Ok(Detected {
            loaded,
            findings,
            ids,
            from_set,
        })
    })
}

/// Detection over a set, both passes, everything kept in memory (for `scan`).
pub fn detect_set(
    members: &[Member],
    config: &Config,
    engine: &Engine,
) -> Vec<Result<Detected, String>> {
    let mut scans = first_pass(members, config, engine, &Quiet, u64::MAX);
    let keys = set_keys(&mut scans);
    scans
        .into_par_iter()
        .zip(members)
        .map(|(s, m)| second_pass(m, s?, &keys, config, engine))
        .collect()
}

/// `label` (a file name, a path or a title, which often carry names) with the personal data
/// in it replaced by codes. The detectors read `-`, `_`, `.`, `+` and `/` as spaces, and the
/// names confirmed anywhere in the set are found in it too, also in lowercase.
pub fn clean_label(engine: &Engine, keys: &NameKeys, label: &str, config: &Config) -> String {
    let spaced: String = label
        .chars()
        .map(|c| {
            if matches!(c, '-' | '_' | '.' | '+' | '/') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let (mut findings, _, _) = engine.detect_with_names(&spaced);
    // File names are often lowercase (`notitie-wijdenes.pdf`): the confirmed names are
    // looked for with every word capitalised (ASCII, so offsets stay).
    let capitalised: String = spaced
        .split_inclusive(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if f.is_ascii_lowercase() => {
                    format!("{}{}", f.to_ascii_uppercase(), c.as_str())
                }
                _ => w.to_string(),
            }
        })
        .collect();
    engine.propagate(
        &capitalised,
        &engine.shields(&capitalised),
        keys,
        &mut findings,
    );
    if findings.is_empty() {
        return label.to_string();
    }
    redact_text::redact(label, &findings, config.ground_style)
}

/// One row of the inventory, before it is written out.
#[derive(Clone, Debug, Default)]
struct Row {
    id: String,
    number: String,
    file_name: String,
    file_type: String,
    beoordeling: Option<Beoordeling>,
    grounds: Vec<Ground>,
    toelichting: String,
    link: String,
    location: String,
    opgeschort: bool,
    related: String,
    related_location: String,
    date: String,
}

/// What one document contributed to the set.
#[derive(Default)]
struct Outcome {
    row: Row,
    /// Findings that only the set-wide pass found.
    from_set: usize,
    audit: String,
    pages: usize,
    redactions: usize,
    by_ground: BTreeMap<String, usize>,
    by_category: BTreeMap<&'static str, usize>,
    warnings: Vec<String>,
    failure: Option<String>,
}

/// A document that failed, as listed in the summary (which is part of the set: the file
/// name and the reason with personal data replaced by codes).
#[derive(Debug, Serialize)]
pub struct Failure {
    pub id: String,
    pub file: String,
    pub reason: String,
    /// The full message for the console, with the input's path.
    #[serde(skip)]
    pub message: String,
}

/// Counts and timings of a run (`summary.json`).
#[derive(Debug, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub published: usize,
    pub pages: usize,
    pub redactions: usize,
    pub by_beoordeling: BTreeMap<String, usize>,
    pub by_ground: BTreeMap<String, usize>,
    pub by_category: BTreeMap<String, usize>,
    pub names_from_set: usize,
    pub failures: Vec<Failure>,
    pub warnings: Vec<String>,
    /// Problems of the run that are no document's (a reviewer's addition that matched
    /// nothing): the run fails.
    pub errors: Vec<String>,
    pub timings_ms: Timings,
}

/// Wall-clock time per pass, in milliseconds.
#[derive(Debug, Serialize)]
pub struct Timings {
    pub detect: u64,
    pub publish: u64,
    pub total: u64,
}

/// How a publication set is written.
pub struct Options<'a> {
    pub config: &'a Config,
    pub decisions: Option<&'a Decisions>,
    pub box_style: BoxStyle,
    /// Replace an existing, non-empty PUB.
    pub force: bool,
    /// Input bytes whose loaded documents are kept between the passes ([`KEEP_BYTES`]).
    pub keep_bytes: u64,
}

/// Refuses an output folder that is, or holds, one of the input `paths` (`--force` would
/// replace the inputs with the set), also through a link.
pub fn check_paths(paths: &[PathBuf], out: &Path) -> Result<(), Error> {
    let Ok(out_c) = std::fs::canonicalize(out) else {
        return Ok(());
    };
    for p in paths {
        if std::fs::canonicalize(p).is_ok_and(|c| c.starts_with(&out_c)) {
            return Err(Error::output(
                out,
                format!(
                    "the output folder holds the input {}; choose another --out",
                    p.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Builds the publication set of `inputs` in `out`.
pub fn publish(
    inputs: Vec<Input>,
    out: &Path,
    opts: &Options<'_>,
    progress: &dyn Progress,
) -> Result<Summary, Error> {
    let start = Instant::now();
    let config = opts.config;
    if out.is_file() {
        return Err(Error::output(out, "exists and is a file"));
    }
    let occupied = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    if occupied && !opts.force {
        return Err(Error::output(
            out,
            "exists and is not empty; use --force to replace it with the new set",
        ));
    }
    if inputs.is_empty() {
        return Err(Error::output(out, "no input documents: nothing to publish"));
    }
    let members = members(inputs, config, true).map_err(|reason| Error::RuleFile {
        path: config.set.job_file.clone(),
        reason,
    })?;
    let tmp = temp_dir(out)?;
    let result = build(&members, &tmp, opts, progress, start);
    match result {
        Ok(summary) => {
            swap_into_place(&tmp, out)?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// A fresh temporary folder beside `out`.
fn temp_dir(out: &Path) -> Result<PathBuf, Error> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::output(parent, e))?;
    let name = out
        .file_name()
        .ok_or_else(|| Error::output(out, "no folder name"))?
        .to_string_lossy();
    let tmp = parent.join(format!(".{name}.woolak-tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::output(&tmp, e))?;
    }
    for sub in ["", "documenten", "metadata"] {
        let d = tmp.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| Error::output(&d, e))?;
    }
    Ok(tmp)
}

/// Puts the finished set at `out`: renames an old PUB aside, the new one in, and removes
/// the old one.
fn swap_into_place(tmp: &Path, out: &Path) -> Result<(), Error> {
    let old = tmp.with_file_name(format!(
        "{}-old",
        tmp.file_name().unwrap_or_default().to_string_lossy()
    ));
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old).map_err(|e| Error::output(out, e))?;
    }
    if let Err(e) = std::fs::rename(tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        return Err(Error::output(out, e));
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|e| Error::output(&old, e))?;
    }
    Ok(())
}

fn build(
    members: &[Member],
    tmp: &Path,
    opts: &Options<'_>,
    progress: &dyn Progress,
    start: Instant,
) -> Result<Summary, Error> {
    let config = opts.config;
    let engine = config.engine();
    let mut scans = first_pass(members, config, &engine, progress, opts.keep_bytes);
    let keys = set_keys(&mut scans);
    let detect_ms = start.elapsed().as_millis() as u64;

    // Duplicates: the same normalised text as an earlier document (in input order).
    let mut first_with: HashMap<[u8; 32], usize> = HashMap::new();
    let mut dup_of: Vec<Option<usize>> = vec![None; members.len()];
    if config.set.duplicates == DuplicatePolicy::Dubbel {
        for (i, s) in scans.iter().enumerate() {
            let Some(key) = s.as_ref().ok().and_then(|s| s.norm) else {
                continue;
            };
            match first_with.get(&key) {
                Some(&orig) => dup_of[i] = Some(orig),
                None => {
                    first_with.insert(key, i);
                }
            }
        }
    }

    let decisions = opts.decisions;
    let used: Vec<AtomicBool> = (0..decisions.map_or(0, |d| d.items.len()))
        .map(|_| AtomicBool::new(false))
        .collect();
    let publish_start = Instant::now();
    let job = Job {
        opts,
        engine: &engine,
        keys: &keys,
        tmp,
        used: &used,
    };
    let mut outcomes: Vec<Outcome> = scans
        .into_par_iter()
        .zip(members)
        .zip(dup_of.par_iter())
        .map(|((s, m), dup)| {
            let d = s.and_then(|s| second_pass(m, s, &keys, config, &engine));
            let o = guarded(&m.input.path, || {
                Ok(publish_one(m, d, dup.map(|k| &members[k]), &job))
            })
            .unwrap_or_else(|reason| job.failed(m, reason));
            progress.published(o.pages);
            o
        })
        .collect();

    // A duplicate points to where its original is published.
    let locations: HashMap<String, String> = outcomes
        .iter()
        .map(|o| (o.row.id.clone(), o.row.location.clone()))
        .collect();
    for o in &mut outcomes {
        if !o.row.related.is_empty() {
            o.row.related_location = locations.get(&o.row.related).cloned().unwrap_or_default();
        }
    }
    let mut warnings: Vec<String> = outcomes
        .iter()
        .flat_map(|o| o.warnings.iter().cloned())
        .collect();
    // A rejection that matches nothing changes nothing; an addition that matches nothing
    // would publish what the reviewer meant to redact.
    let mut errors = Vec::new();
    if let Some(d) = decisions {
        for (item, u) in d.items.iter().zip(&used) {
            if !u.load(Ordering::Relaxed) {
                let msg = format!(
                    "decisions: {} matched nothing in this set",
                    decision_label(item)
                );
                match item {
                    Decision::AddText { .. } | Decision::AddBox { .. } => errors.push(msg),
                    _ => warnings.push(msg),
                }
            }
        }
    }

    write_tables(&outcomes, config, tmp)?;
    let audit: String = outcomes.iter().map(|o| o.audit.as_str()).collect();
    write(tmp, "redactions.jsonl", audit.as_bytes())?;

    let mut by_beoordeling = BTreeMap::new();
    let mut by_ground: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_category: BTreeMap<String, usize> = BTreeMap::new();
    for o in &outcomes {
        if let Some(b) = o.row.beoordeling {
            *by_beoordeling.entry(b.as_str().to_string()).or_insert(0) += 1;
        }
        for (g, n) in &o.by_ground {
            *by_ground.entry(g.clone()).or_insert(0) += n;
        }
        for (c, n) in &o.by_category {
            *by_category.entry((*c).to_string()).or_insert(0) += n;
        }
    }
    let summary = Summary {
        documents: outcomes.len(),
        published: outcomes
            .iter()
            .filter(|o| !o.row.location.is_empty())
            .count(),
        pages: outcomes.iter().map(|o| o.pages).sum(),
        redactions: outcomes.iter().map(|o| o.redactions).sum(),
        by_beoordeling,
        by_ground,
        by_category,
        names_from_set: outcomes.iter().map(|o| o.from_set).sum(),
        failures: outcomes
            .iter()
            .filter_map(|o| {
                o.failure.as_ref().map(|message| Failure {
                    id: o.row.id.clone(),
                    file: o.row.file_name.clone(),
                    reason: o.row.toelichting.clone(),
                    message: message.clone(),
                })
            })
            .collect(),
        warnings,
        errors,
        timings_ms: Timings {
            detect: detect_ms,
            publish: publish_start.elapsed().as_millis() as u64,
            total: start.elapsed().as_millis() as u64,
        },
    };
    let json = serde_json::to_string_pretty(&summary).expect("summary serialises");
    write(tmp, "summary.json", format!("{json}\n").as_bytes())?;
    Ok(summary)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Error> {
    let p = dir.join(name);
    std::fs::write(&p, bytes).map_err(|e| Error::output(&p, e))
}

/// SHA-256 of the text in lowercase with white space runs as one space (punctuation and
/// digits count: `1.500` is not `1,500`), or `None` for a text without letters or digits (a
/// scan without a text layer is no duplicate of another).
fn normalised_hash(text: &str) -> Option<[u8; 32]> {
    if !text.chars().any(char::is_alphanumeric) {
        return None;
    }
    let norm: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    Some(publish::sha256(norm.join(" ").as_bytes()))
}

/// What every document of the second pass shares.
struct Job<'a> {
    opts: &'a Options<'a>,
    engine: &'a Engine,
    /// The names confirmed anywhere in the set.
    keys: &'a NameKeys,
    tmp: &'a Path,
    /// Per decision: whether it matched anything.
    used: &'a [AtomicBool],
}

impl Job<'_> {
    /// `s` with personal data replaced by codes (see [`clean_label`]).
    fn label(&self, s: &str) -> String {
        clean_label(self.engine, self.keys, s, self.opts.config)
    }

    /// The inventory row every outcome starts from: the file name cleaned of names.
    fn base_row(&self, m: &Member) -> Row {
        let file_name = m
            .input
            .path
            .file_name()
            .map_or_else(|| m.input.rel.clone(), |n| n.to_string_lossy().to_string());
        let file_type = m
            .input
            .path
            .extension()
            .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
        let s = settings(m, self.opts.config);
        Row {
            id: m.id.clone(),
            number: m.number.clone(),
            file_name: self.label(&file_name),
            file_type,
            toelichting: s.and_then(|s| s.toelichting.clone()).unwrap_or_default(),
            opgeschort: s.is_some_and(|s| s.opgeschort),
            ..Row::default()
        }
    }

    /// The outcome of a document that could not be processed: listed, suspended, with the
    /// reason (without the input's path, which the inventory names already).
    fn failed(&self, m: &Member, message: String) -> Outcome {
        let mut row = self.base_row(m);
        let reason = strip_path(&message, &m.input.path);
        note(
            &mut row.toelichting,
            &format!("Niet verwerkt: {}", self.label(&reason)),
        );
        row.opgeschort = true;
        Outcome {
            row,
            failure: Some(message),
            ..Outcome::default()
        }
    }
}

fn settings<'c>(m: &Member, config: &'c Config) -> Option<&'c DocumentOverride> {
    m.settings.map(|k| &config.set.documents[k])
}

/// `reason` without the leading `path: `.
fn strip_path(reason: &str, path: &Path) -> String {
    let p = format!("{}: ", path.display());
    reason.strip_prefix(&p).unwrap_or(reason).to_string()
}

/// Assesses, redacts and writes one document.
fn publish_one(
    m: &Member,
    d: Result<Detected, String>,
    dup: Option<&Member>,
    job: &Job<'_>,
) -> Outcome {
    let (opts, engine, tmp) = (job.opts, job.engine, job.tmp);
    let config = opts.config;
    let style = config.ground_style;
    let mut d = match d {
        Ok(d) => d,
        Err(reason) => return job.failed(m, reason),
    };
    let mut row = job.base_row(m);
    let s = settings(m, config);
    // The text outlives the loaded document, which redaction consumes.
    let text_owned = d.loaded.text().to_string();
    let text = text_owned.as_str();
    row.date = document_date(m, s, &redact_text::redact(text, &d.findings, style));
    let pages_in = match &d.loaded {
        Loaded::Pdf(p) => p.layout.pages.len(),
        Loaded::Text(_) => 0,
    };
    // The audit log is part of the set: the path inside the input folder, cleaned.
    let doc_name = job.label(&m.input.rel);
    let mut audit = String::new();

    // Assessed as a whole: a duplicate, or set by the job file.
    if let Some(orig) = dup {
        row.beoordeling = Some(Beoordeling::NietOpenbaar);
        row.grounds = vec![Ground::Dubbel];
        row.related = orig.id.clone();
        note(&mut row.toelichting, &format!("Dubbel met {}", orig.id));
        document_audit(&doc_name, m, &[Ground::Dubbel], "rule", style, &mut audit);
        return Outcome {
            row,
            audit,
            pages: pages_in,
            ..Outcome::default()
        };
    }
    match s.and_then(|s| s.assessment.as_ref()) {
        Some(Assessment::NietOpenbaar(grounds)) => {
            row.beoordeling = Some(Beoordeling::NietOpenbaar);
            row.grounds = grounds.clone();
            document_audit(&doc_name, m, grounds, "reviewer", style, &mut audit);
            return Outcome {
                row,
                audit,
                pages: pages_in,
                ..Outcome::default()
            };
        }
        Some(Assessment::ReedsOpenbaar(link)) => {
            row.beoordeling = Some(Beoordeling::ReedsOpenbaar);
            row.link = link.clone();
            return Outcome {
                row,
                pages: pages_in,
                ..Outcome::default()
            };
        }
        None => {}
    }

    // The reviewer's decisions.
    let mut warnings = Vec::new();
    if let Some(decisions) = opts.decisions {
        apply_decisions(m, &mut d, decisions, job.used, &mut warnings);
        // A date the reviewer redacted is not the Datum.
        row.date = document_date(m, s, &redact_text::redact(text, &d.findings, style));
    }

    // A text input's codes, as it is typeset.
    let segments = match &d.loaded {
        Loaded::Text(_) => redact_text::segments(text, &d.findings, style),
        Loaded::Pdf(_) => Vec::new(),
    };
    // Pages: withheld and out of scope, checked against the page count.
    let pages = match &d.loaded {
        Loaded::Pdf(p) => p.layout.pages.len(),
        Loaded::Text(_) => textpdf::page_count(&segments),
    };
    let mut ops = PageOps {
        stamp: config
            .set
            .stamp
            .as_ref()
            .map(|t| t.replace("{id}", &m.id).replace("{nummer}", &m.number)),
        notices: BTreeMap::new(),
    };
    let mut page_grounds: Vec<Ground> = Vec::new();
    if let Some(s) = s {
        let last = s
            .withheld
            .keys()
            .chain(s.out_of_scope.iter())
            .max()
            .copied()
            .unwrap_or(0);
        if last as usize > pages {
            return job.failed(
                m,
                format!(
                    "{}: the job file names page {last}, but the document has {pages} page(s)",
                    m.input.path.display()
                ),
            );
        }
        for p in &s.out_of_scope {
            ops.notices.insert(
                p - 1,
                Notice {
                    title: "buiten verzoek".into(),
                    detail: "Deze pagina valt buiten de reikwijdte van het verzoek.".into(),
                },
            );
            page_audit(&doc_name, m, *p, "buiten verzoek", &mut audit);
        }
        for (p, grounds) in &s.withheld {
            let codes = join_grounds(grounds, style);
            ops.notices.insert(
                p - 1,
                Notice {
                    title: "niet openbaar".into(),
                    detail: codes.clone(),
                },
            );
            page_grounds.extend(grounds);
            page_audit(&doc_name, m, *p, &codes, &mut audit);
        }
        if !s.withheld.is_empty() {
            note(
                &mut row.toelichting,
                &format!("Pagina {} niet openbaar", ranges(s.withheld.keys())),
            );
        }
        if !s.out_of_scope.is_empty() {
            note(
                &mut row.toelichting,
                &format!("Pagina {} buiten verzoek", ranges(s.out_of_scope.iter())),
            );
        }
    }

    // Everything withheld: listed, not published.
    // The grounds shown in the published document: a code under a withheld page is not.
    let pages_of: Vec<Option<u32>> = match &d.loaded {
        Loaded::Pdf(p) => d
            .findings
            .iter()
            .map(|f| redact_pdf::placement(&p.layout, f).map(|pl| pl.page - 1))
            .collect(),
        Loaded::Text(_) => textpdf::code_pages(&segments)
            .into_iter()
            .map(|p| Some(p as u32))
            .collect(),
    };
    let mut grounds: Vec<Ground> = d
        .findings
        .iter()
        .zip(&pages_of)
        .filter(|(_, p)| p.is_none_or(|p| !ops.notices.contains_key(&p)))
        .map(|(f, _)| f.ground)
        .collect();
    grounds.extend(&page_grounds);
    grounds.sort();
    grounds.dedup();
    // Every page withheld or out of scope: listed, not published.
    if pages > 0 && ops.notices.len() == pages {
        row.beoordeling = Some(Beoordeling::NietOpenbaar);
        row.grounds = page_grounds.clone();
        row.grounds.sort();
        row.grounds.dedup();
        return Outcome {
            row,
            audit,
            pages,
            warnings,
            ..Outcome::default()
        };
    }

    // Redact and write; a suspended document (Opgeschort) is assessed but not published.
    let publish_files = !s.is_some_and(|s| s.opgeschort);
    let key = d.loaded.source_sha256();
    let pdf_path = tmp.join("documenten").join(format!("{}.pdf", m.id));
    let write = |path: &Path, bytes: &[u8]| -> Result<(), String> {
        if publish_files {
            std::fs::write(path, bytes)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))
        } else {
            Ok(())
        }
    };
    let placements = match d.loaded {
        Loaded::Text(_) => {
            let bytes = match textpdf::render_with(&segments, opts.box_style, &ops) {
                Ok((bytes, _)) => bytes,
                Err(e) => {
                    return job.failed(
                        m,
                        format!("{}: cannot render PDF: {e}", m.input.path.display()),
                    )
                }
            };
            if let Err(e) = write(&pdf_path, &bytes) {
                return job.failed(m, e);
            }
            Vec::new()
        }
        Loaded::Pdf(pdf) => {
            warnings.extend(pdf.warnings.iter().map(|w| format!("{}: {w}", m.id)));
            let r = match redact_pdf::redact_with_engine(
                *pdf,
                &d.findings,
                engine,
                job.keys,
                style,
                opts.box_style,
                &ops,
            ) {
                Ok(r) => r,
                Err(e) => return job.failed(m, format!("{}: {e}", m.input.path.display())),
            };
            warnings.extend(r.warnings.iter().map(|w| format!("{}: {w}", m.id)));
            if let Err(e) = write(&pdf_path, &r.bytes) {
                return job.failed(m, e);
            }
            r.placements
        }
    };
    // The audit log and the counts leave out what lies under a withheld page: the page's own
    // line says it went, and boxes would draw its layout.
    let mut shown_findings = Vec::new();
    let mut shown_ids = Vec::new();
    let mut shown_places = Vec::new();
    for (i, f) in d.findings.iter().enumerate() {
        if pages_of[i].is_some_and(|p| ops.notices.contains_key(&p)) {
            continue;
        }
        shown_findings.push(f.clone());
        shown_ids.push(d.ids[i].clone());
        shown_places.push(placements.get(i).cloned().flatten());
    }
    publish::audit_lines(
        &publish::AuditDoc {
            doc: &doc_name,
            set: Some((&m.id, &shown_ids)),
            key: &key,
            text,
        },
        &shown_findings,
        &shown_places,
        style,
        &mut audit,
    );

    if publish_files {
        row.location = format!("documenten/{}.pdf", m.id);
    }
    row.grounds = grounds;
    row.beoordeling = Some(if row.grounds.is_empty() {
        Beoordeling::Openbaar
    } else {
        Beoordeling::DeelsOpenbaar
    });
    let meta = metadata(m, s, &row, job);
    let meta_path = tmp.join("metadata").join(format!("{}.xml", m.id));
    if let Err(e) = write(&meta_path, meta.as_bytes()) {
        return job.failed(m, e);
    }
    let mut by_ground = BTreeMap::new();
    let mut by_category = BTreeMap::new();
    for f in &shown_findings {
        *by_ground.entry(f.ground.display(style)).or_insert(0) += 1;
        *by_category.entry(f.category.as_str()).or_insert(0) += 1;
    }
    Outcome {
        row,
        audit,
        pages,
        redactions: shown_findings.len(),
        from_set: d.from_set,
        by_ground,
        by_category,
        warnings,
        failure: None,
    }
}

/// Appends a sentence to a Toelichting.
fn note(toelichting: &mut String, s: &str) {
    if !toelichting.is_empty() {
        toelichting.push_str(". ");
    }
    toelichting.push_str(s);
}

/// `1-3, 7` for pages 1, 2, 3, 7.
fn ranges<'a>(pages: impl Iterator<Item = &'a u32>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    for &p in pages {
        run = match run {
            Some((a, b)) if p == b + 1 => Some((a, p)),
            Some((a, b)) => {
                out.push(if a == b {
                    a.to_string()
                } else {
                    format!("{a}-{b}")
                });
                Some((p, p))
            }
            None => Some((p, p)),
        };
    }
    if let Some((a, b)) = run {
        out.push(if a == b {
            a.to_string()
        } else {
            format!("{a}-{b}")
        });
    }
    out.join(", ")
}

/// Grounds in statutory order, joined with `; `.
fn join_grounds(grounds: &[Ground], style: crate::ground::GroundStyle) -> String {
    let mut g = grounds.to_vec();
    g.sort();
    g.dedup();
    g.iter()
        .map(|g| g.display(style))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The audit line of a document assessed as a whole.
fn document_audit(
    doc: &str,
    m: &Member,
    grounds: &[Ground],
    source: &str,
    style: crate::ground::GroundStyle,
    out: &mut String,
) {
    let rec = serde_json::json!({
        "doc": doc,
        "doc_id": m.id,
        "kind": "document",
        "ground": join_grounds(grounds, style),
        "source": source,
    });
    out.push_str(&rec.to_string());
    out.push('\n');
}

/// The audit line of a page replaced by a notice.
fn page_audit(doc: &str, m: &Member, page: u32, ground: &str, out: &mut String) {
    let rec = serde_json::json!({
        "doc": doc,
        "doc_id": m.id,
        "kind": "page",
        "page": page,
        "ground": ground,
        "source": "reviewer",
    });
    out.push_str(&rec.to_string());
    out.push('\n');
}

/// `reject id 1a2b...` and the like, without the personal text.
fn decision_label(d: &Decision) -> String {
    match d {
        Decision::RejectId { id } => format!("reject id {id}"),
        Decision::RejectText { doc, .. } => match doc {
            Some(doc) => format!("a reject by text in {doc}"),
            None => "a reject by text".into(),
        },
        Decision::AddText { doc, .. } => match doc {
            Some(doc) => format!("an added text in {doc}"),
            None => "an added text".into(),
        },
        Decision::AddBox { doc, page, .. } => format!("an added box on page {page} of {doc}"),
    }
}

/// Returns true if and only if a decision's `doc` names this member: its document ID
/// (any case), or a path to it (see [`Input::is_named_by`]).
fn names_member(doc: &str, m: &Member) -> bool {
    doc.trim().eq_ignore_ascii_case(&m.id) || m.input.is_named_by(doc)
}

/// Applies the reviewer's decisions to one document's findings.
fn apply_decisions(
    m: &Member,
    d: &mut Detected,
    decisions: &Decisions,
    used: &[AtomicBool],
    warnings: &mut Vec<String>,
) {
    let source = d.loaded.source_sha256();
    let text = d.loaded.text().to_string();
    let mut keep: Vec<bool> = vec![true; d.findings.len()];
    let mut added: Vec<Finding> = Vec::new();
    for (k, item) in decisions.items.iter().enumerate() {
        let mut hit = false;
        match item {
            Decision::RejectId { id } => {
                for (i, fid) in d.ids.iter().enumerate() {
                    if fid == id {
                        keep[i] = false;
                        hit = true;
                    }
                }
            }
            Decision::RejectText { doc, text: t } => {
                if doc.as_deref().is_some_and(|doc| !names_member(doc, m)) {
                    continue;
                }
                let t = crate::decide::normalize_text(t);
                for (i, f) in d.findings.iter().enumerate() {
                    if crate::decide::normalize_text(&text[f.span.clone()]) == t {
                        keep[i] = false;
                        hit = true;
                    }
                }
            }
            Decision::AddText {
                doc,
                text: t,
                ground,
            } => {
                if doc.as_deref().is_some_and(|doc| !names_member(doc, m)) {
                    continue;
                }
                let mut list = crate::detect::TermList::default();
                if list.add_line(t).is_err() {
                    continue;
                }
                for (span, _) in list.build().find(&text) {
                    added.push(reviewer_finding(span, *ground));
                    hit = true;
                }
            }
            Decision::AddBox {
                doc,
                page,
                bbox,
                ground,
            } => {
                if !names_member(doc, m) {
                    continue;
                }
                match &d.loaded {
                    Loaded::Pdf(pdf) => {
                        for span in spans_in_box(&pdf.layout, *page, bbox) {
                            added.push(reviewer_finding(span, *ground));
                            hit = true;
                        }
                    }
                    Loaded::Text(_) => warnings.push(format!(
                        "{}: decisions: a box applies to PDFs only; use a text decision",
                        m.id
                    )),
                }
            }
        }
        if hit {
            used[k].store(true, Ordering::Relaxed);
        }
    }
    let mut findings: Vec<Finding> = std::mem::take(&mut d.findings)
        .into_iter()
        .zip(keep)
        .filter_map(|(f, k)| k.then_some(f))
        .collect();
    findings.extend(added);
    crate::detect::merge_findings(&mut findings);
    if let Loaded::Pdf(pdf) = &d.loaded {
        findings = redact_pdf::dedupe_findings(&pdf.layout, findings);
    }
    d.ids = findings.iter().map(|f| finding_id(&source, f)).collect();
    d.findings = findings;
}

fn reviewer_finding(span: std::ops::Range<usize>, ground: Ground) -> Finding {
    Finding {
        span,
        category: Category::Term,
        detector: "reviewer",
        ground,
        source: Source::Reviewer,
    }
}

/// The text spans of the glyphs whose centre lies in `bbox` on `page` (1-based): runs of
/// glyphs adjacent in the page text.
fn spans_in_box(
    layout: &crate::ingest::pdf::walk::Layout,
    page: u32,
    bbox: &[f64; 4],
) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = layout
        .glyphs
        .iter()
        .filter(|g| g.page + 1 == page && g.text.start < g.text.end)
        .filter(|g| {
            let b = g.quad.bbox();
            let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
            bbox[0] <= cx && cx <= bbox[2] && bbox[1] <= cy && cy <= bbox[3]
        })
        .map(|g| g.text.start as usize..g.text.end as usize)
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last)
                if r.start >= last.end
                    && layout.text[last.end..r.start].trim().is_empty()
                    && !layout.text[last.end..r.start].contains('\n') =>
            {
                last.end = r.end
            }
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The document's date: from the job file, read from the document (an e-mail's send date,
/// a letter's or minutes' date), or the file's modification date.
fn document_date(m: &Member, s: Option<&DocumentOverride>, text: &str) -> String {
    if let Some(d) = s.and_then(|s| s.datum.clone()) {
        return d;
    }
    if let Some(d) = date::document_date(text) {
        return d.to_string();
    }
    std::fs::metadata(&m.input.path)
        .and_then(|md| md.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| date::date_from_unix(d.as_secs() as i64).to_string())
        .unwrap_or_default()
}

/// The DiWoo metadata of a published document. The title is the job file's `titel` or the
/// file name without its extension, cleaned of personal data.
fn metadata(m: &Member, s: Option<&DocumentOverride>, row: &Row, job: &Job<'_>) -> String {
    let set = &job.opts.config.set;
    let title = s.and_then(|s| s.titel.clone()).unwrap_or_else(|| {
        m.input
            .path
            .file_stem()
            .map_or_else(|| m.id.clone(), |n| n.to_string_lossy().to_string())
    });
    let title = job.label(&title);
    let date: Option<diwoo::Date> = row.date.parse().ok();
    let at = date
        .or_else(|| set.besluitdatum.as_deref().and_then(|d| d.parse().ok()))
        .unwrap_or(diwoo::Date::new(2000, 1, 1).expect("a valid date"));
    let mut r = diwoo::Record::new(
        diwoo::Organisation {
            name: set.organisation.clone(),
            tooi_uri: set.organisation_uri.clone(),
        },
        title,
        diwoo::Handeling::Vaststelling,
        at.into(),
    );
    r.identifiers = vec![m.id.clone()];
    if m.number != m.id {
        r.identifiers.push(m.number.clone());
    }
    r.creation_date = date;
    r.language = Some(diwoo::Language::Nederlands);
    r.format = Some(diwoo::Format::Pdf);
    if !set.besluitnaam.is_empty() {
        r.is_part_of = Some(diwoo::DocumentRef {
            title: set.besluitnaam.clone(),
            resource: None,
        });
    }
    diwoo::to_xml(&r)
}

/// Writes the inventarislijst and the productierapport.
fn write_tables(outcomes: &[Outcome], config: &Config, tmp: &Path) -> Result<(), Error> {
    let set = &config.set;
    let style = config.ground_style;
    let yes_no = |b: bool| if b { "ja" } else { "nee" }.to_string();
    let inventory: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            let r = &o.row;
            vec![
                r.id.clone(),
                r.number.clone(),
                r.file_name.clone(),
                r.beoordeling.map_or("", Beoordeling::as_str).to_string(),
                join_grounds(&r.grounds, style),
                r.toelichting.clone(),
                r.link.clone(),
                r.location.clone(),
                yes_no(r.opgeschort),
                r.related.clone(),
                r.related_location.clone(),
                set.besluitnaam.clone(),
            ]
        })
        .collect();
    let production: Vec<Vec<String>> = outcomes
        .iter()
        .map(|o| {
            let r = &o.row;
            vec![
                r.id.clone(),
                set.matter.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                r.file_name.clone(),
                r.file_type.clone(),
                r.date.clone(),
                r.beoordeling.map_or("", Beoordeling::as_str).to_string(),
                yes_no(r.opgeschort),
                join_grounds(&r.grounds, style),
                r.toelichting.clone(),
                r.link.clone(),
                r.related.clone(),
                set.zaaknummer.clone().unwrap_or_default(),
            ]
        })
        .collect();
    // The workbooks' creation date: the decision's, else the newest document's (never the
    // clock, so that a rerun gives the same bytes).
    let created = set
        .besluitdatum
        .clone()
        .or_else(|| outcomes.iter().map(|o| o.row.date.clone()).max())
        .and_then(|d| d.parse::<date::Date>().ok())
        .unwrap_or(date::Date {
            year: 2000,
            month: 1,
            day: 1,
        });
    let inv = table::Table {
        title: "Inventarislijst",
        headers: &INVENTORY_COLUMNS,
        rows: &inventory,
    };
    let prod = table::Table {
        title: "Productierapport",
        headers: &PRODUCTION_COLUMNS,
        rows: &production,
    };
    let tbl = |name: &str, r: Result<Vec<u8>, String>| {
        r.map_err(|reason| Error::output(tmp.join(name), reason))
    };
    write(
        tmp,
        "inventarislijst.csv",
        &tbl("inventarislijst.csv", table::to_csv(&inv))?,
    )?;
    write(
        tmp,
        "inventarislijst.xlsx",
        &tbl(
            "inventarislijst.xlsx",
            table::to_xlsx(&inv, "Inventarislijst", created),
        )?,
    )?;
    let subtitle = [
        set.besluitnaam.as_str(),
        set.matter.as_deref().unwrap_or(""),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" - ");
    write(
        tmp,
        "inventarislijst.pdf",
        &tbl("inventarislijst.pdf", table::to_pdf(&inv, &subtitle))?,
    )?;
    write(
        tmp,
        "productierapport.csv",
        &tbl("productierapport.csv", table::to_csv(&prod))?,
    )?;
    write(
        tmp,
        "productierapport.xlsx",
        &tbl(
            "productierapport.xlsx",
            table::to_xlsx(&prod, "Productierapport", created),
        )?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_name_a_document_by_id_or_path() {
        let m = Member {
            input: Input {
                path: PathBuf::from("in/a.pdf"),
                rel: "a.pdf".into(),
            },
            id: "WOO-0001".into(),
            number: "WOO-0001".into(),
            settings: None,
        };
        assert!(names_member("woo-0001", &m));
        assert!(names_member("in\\a.pdf", &m));
        assert!(!names_member("in/b.pdf", &m));
    }

    #[test]
    fn page_ranges_read_as_people_write_them() {
        assert_eq!(ranges([1, 2, 3, 7, 9, 10].iter()), "1-3, 7, 9-10");
        assert_eq!(ranges([4].iter()), "4");
    }

    #[test]
    fn duplicates_compare_words_not_layout() {
        assert_eq!(
            normalised_hash("Verslag  MT\n19 juli"),
            normalised_hash("verslag mt 19 JULI")
        );
        assert_ne!(normalised_hash("a b"), normalised_hash("a c"));
        assert_ne!(normalised_hash("1.500 euro"), normalised_hash("1,500 euro"));
        assert_ne!(
            normalised_hash("akkoord: niet uitstellen"),
            normalised_hash("akkoord? Niet! Uitstellen.")
        );
        assert_eq!(normalised_hash(" \n--\n"), None);
    }

    #[test]
    fn finding_ids_are_stable_and_distinct() {
        let f = |s, e, d| Finding {
            span: s..e,
            category: Category::PersonName,
            detector: d,
            ground: Ground::G512e,
            source: Source::Rule,
        };
        let key = [7u8; 32];
        let a = finding_id(&key, &f(1, 5, "person-name"));
        assert_eq!(a, finding_id(&key, &f(1, 5, "person-name")));
        assert_eq!(a.len(), 16);
        assert_ne!(a, finding_id(&key, &f(1, 6, "person-name")));
        assert_ne!(a, finding_id(&key, &f(1, 5, "person-name-cue")));
        assert_ne!(a, finding_id(&[8u8; 32], &f(1, 5, "person-name")));
    }
}
