//! The resolved configuration of a run: rule files, allowlist, terms and output style, from
//! the optional job file `woolak.toml` plus the command line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::detect::{Engine, RuleSet, TermList};
use crate::error::Error;
use crate::ground::{Ground, GroundStyle};

/// The job file `woolak.toml`. Every key is optional; relative paths are relative to the
/// job file. No `Debug`: terms and allowlists may hold names.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobFile {
    /// `woo` (default), `wob` or `wob-paren`.
    pub ground_style: Option<GroundStyle>,
    /// Extra rule files, merged over the defaults.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Allowlist entries (`TEXT` or `GROUND<TAB>TEXT`).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Allowlist files.
    #[serde(default)]
    pub allow_files: Vec<PathBuf>,
    /// Extra terms, always redacted (`TEXT` or `GROUND<TAB>TEXT`).
    #[serde(default)]
    pub terms: Vec<String>,
    /// Files with extra terms.
    #[serde(default)]
    pub terms_files: Vec<PathBuf>,
    /// Organisation e-mail domains, added to the defaults.
    #[serde(default)]
    pub org_domains: Vec<String>,
    /// Functional mailboxes, added to the defaults.
    #[serde(default)]
    pub functional_mailboxes: Vec<String>,
    /// Whether the shipped list of cabinet members is allowed (default true).
    pub allow_public_officials: Option<bool>,

    // The publication set (`woolak redact` without `--flat`).
    /// The matter (zaak) of the request, as in the production report's `Matter` column.
    pub matter: Option<String>,
    /// The case number (`Zaaknummer`).
    pub zaaknummer: Option<String>,
    /// Letters and digits put before every document number (`VWS` gives `VWS0001`).
    pub id_prefix: Option<String>,
    /// The first document number (default 1).
    pub id_start: Option<u32>,
    /// Digits of a document number, zero-padded (default 4).
    pub id_width: Option<usize>,
    /// The publishing organisation's name, for the DiWoo metadata.
    pub organisation: Option<String>,
    /// Its TOOI URI (default VWS, `https://identifier.overheid.nl/tooi/id/ministerie/mnre1025`).
    pub organisation_uri: Option<String>,
    /// The decision the set belongs to (`Besluitnaam`).
    pub besluitnaam: Option<String>,
    /// The decision's date, `YYYY-MM-DD`.
    pub besluitdatum: Option<String>,
    /// The stamp on every page of a published document: `true` (default, the document
    /// number), `false` (none), or a text in which `{id}` and `{nummer}` are replaced.
    pub stamp: Option<Stamp>,
    /// What happens to a document whose text equals an earlier one's: `dubbel` (default:
    /// listed with ground `dubbel` and a reference to the original, not published again) or
    /// `publish` (assessed and published like any other).
    pub duplicates: Option<DuplicatePolicy>,
    /// Per-document settings.
    #[serde(default)]
    pub documents: Vec<DocumentSettings>,
}

/// The `stamp` setting.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Stamp {
    On(bool),
    Text(String),
}

/// The `duplicates` setting.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DuplicatePolicy {
    #[default]
    Dubbel,
    Publish,
}

/// One `[[documents]]` table of the job file. No `Debug`: terms are personal data.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The document: its path inside an input folder (`mails/2021-03.pdf`) or its file name.
    pub file: String,
    /// A fixed document number instead of the assigned one.
    pub id: Option<String>,
    /// `Niet openbaar` (with `grounds`), `Reeds openbaar` (with `link`), or `Openbaar`,
    /// `Deels openbaar` to state what the redactions would otherwise decide.
    pub beoordeling: Option<String>,
    /// Grounds of a `Niet openbaar` document.
    #[serde(default)]
    pub grounds: Vec<String>,
    /// Where a `Reeds openbaar` document is already public.
    pub link: Option<String>,
    /// Pages withheld, each with its grounds.
    #[serde(default)]
    pub withheld_pages: Vec<WithheldPages>,
    /// Pages outside the request (`buiten verzoek`), e.g. `"5, 7-9"`.
    pub out_of_scope: Option<String>,
    /// Extra terms redacted in this document only (`TEXT` or `GROUND<TAB>TEXT`).
    #[serde(default)]
    pub terms: Vec<String>,
    /// The `Toelichting` column.
    pub toelichting: Option<String>,
    /// The `Opgeschort` column (default false).
    pub opgeschort: Option<bool>,
    /// The document's date (`YYYY-MM-DD`) when woolak cannot read it from the document.
    pub datum: Option<String>,
    /// The title in the metadata (default: the file name without extension).
    pub titel: Option<String>,
}

/// Pages withheld from a published document.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithheldPages {
    /// Page numbers and ranges: `"3"`, `"3-5, 9"`.
    pub pages: String,
    pub grounds: Vec<String>,
}

/// What the command line adds to the job file.
#[derive(Debug, Default)]
pub struct Overrides {
    pub job_file: Option<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub allow_files: Vec<PathBuf>,
    pub terms_files: Vec<PathBuf>,
    pub ground_style: Option<GroundStyle>,
    pub password: Option<Password>,
}

/// A PDF password. `Debug` never shows it.
#[derive(Clone, Default)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A fully resolved configuration. `Debug` shows list sizes, not entries.
#[derive(Debug)]
pub struct Config {
    pub rules: RuleSet,
    pub allow: TermList,
    pub terms: TermList,
    pub ground_style: GroundStyle,
    pub password: Option<Password>,
    pub set: SetSettings,
}

/// The default publisher: the Ministry of VWS, whose sets the seeds come from.
pub const DEFAULT_ORGANISATION: (&str, &str) = (
    "ministerie van Volksgezondheid, Welzijn en Sport",
    "https://identifier.overheid.nl/tooi/id/ministerie/mnre1025",
);

/// The publication-set part of the job file, checked.
#[derive(Debug)]
pub struct SetSettings {
    /// The job file these settings come from (`woolak.toml` when there is none), for
    /// messages.
    pub job_file: PathBuf,
    pub matter: Option<String>,
    pub zaaknummer: Option<String>,
    pub id_prefix: String,
    pub id_start: u32,
    pub id_width: usize,
    pub organisation: String,
    pub organisation_uri: String,
    pub besluitnaam: String,
    pub besluitdatum: Option<String>,
    /// The stamp text with `{id}` and `{nummer}` placeholders, or none.
    pub stamp: Option<String>,
    pub duplicates: DuplicatePolicy,
    pub documents: Vec<DocumentOverride>,
}

impl Default for SetSettings {
    fn default() -> SetSettings {
        SetSettings {
            job_file: "woolak.toml".into(),
            matter: None,
            zaaknummer: None,
            id_prefix: String::new(),
            id_start: 1,
            id_width: 4,
            organisation: DEFAULT_ORGANISATION.0.into(),
            organisation_uri: DEFAULT_ORGANISATION.1.into(),
            besluitnaam: String::new(),
            besluitdatum: None,
            stamp: Some("{id}".into()),
            duplicates: DuplicatePolicy::Dubbel,
            documents: Vec::new(),
        }
    }
}

/// A document's settings, checked. `Debug` shows no terms.
#[derive(Debug, Default)]
pub struct DocumentOverride {
    pub file: String,
    pub id: Option<String>,
    pub assessment: Option<Assessment>,
    /// Withheld pages (1-based) with their grounds.
    pub withheld: std::collections::BTreeMap<u32, Vec<Ground>>,
    /// Pages (1-based) outside the request.
    pub out_of_scope: std::collections::BTreeSet<u32>,
    pub terms: TermList,
    pub toelichting: Option<String>,
    pub opgeschort: bool,
    pub datum: Option<String>,
    pub titel: Option<String>,
}

/// A Beoordeling set by the coordinator rather than derived from the redactions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assessment {
    /// Withheld whole, on these grounds.
    NietOpenbaar(Vec<Ground>),
    /// Already public at this link.
    ReedsOpenbaar(String),
}

impl DocumentOverride {
    /// Returns true if and only if this entry is about `input` (see
    /// [`crate::ingest::Input::is_named_by`]).
    pub fn matches(&self, input: &crate::ingest::Input) -> bool {
        input.is_named_by(&self.file)
    }
}

impl Config {
    /// The PDF password, if one was given.
    pub fn password(&self) -> Option<&str> {
        self.password.as_ref().map(|p| p.0.as_str())
    }

    /// Resolves the job file (if any) and the command-line overrides.
    pub fn resolve(ov: &Overrides) -> Result<Config, Error> {
        let (job, base) = match &ov.job_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::RuleFile {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                let job: JobFile = toml::from_str(&text).map_err(|e| Error::RuleFile {
                    path: path.clone(),
                    reason: e.message().to_string(),
                })?;
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                (job, base)
            }
            None => (JobFile::default(), PathBuf::new()),
        };
        let mut rules = RuleSet::defaults();
        for path in job
            .rules
            .iter()
            .map(|p| base.join(p))
            .chain(ov.rules.clone())
        {
            rules.merge(RuleSet::load(&path)?);
        }
        rules
            .email
            .org_domains
            .extend(job.org_domains.iter().cloned());
        rules
            .email
            .functional_mailboxes
            .extend(job.functional_mailboxes.iter().cloned());

        let job_path = ov.job_file.clone().unwrap_or_else(|| "woolak.toml".into());
        let mut allow = if job.allow_public_officials.unwrap_or(true) {
            TermList::public_officials()
        } else {
            TermList::default()
        };
        add_lines(&mut allow, &job.allow, &job_path)?;
        for path in job
            .allow_files
            .iter()
            .map(|p| base.join(p))
            .chain(ov.allow_files.clone())
        {
            allow.add_file(&path)?;
        }
        let mut terms = TermList::default();
        add_lines(&mut terms, &job.terms, &job_path)?;
        for path in job
            .terms_files
            .iter()
            .map(|p| base.join(p))
            .chain(ov.terms_files.clone())
        {
            terms.add_file(&path)?;
        }
        let set = set_settings(&job, &job_path)?;
        Ok(Config {
            rules,
            allow: allow.hyphen_joins_words().build(),
            terms: terms.build(),
            ground_style: ov.ground_style.or(job.ground_style).unwrap_or_default(),
            password: ov.password.clone(),
            set,
        })
    }

    /// Builds the detection engine for this configuration.
    pub fn engine(&self) -> Engine {
        Engine::new(&self.rules, self.allow.clone(), self.terms.clone())
    }
}

/// Checks the publication-set settings of the job file.
fn set_settings(job: &JobFile, path: &Path) -> Result<SetSettings, Error> {
    let bad = |reason: String| Error::RuleFile {
        path: path.to_path_buf(),
        reason,
    };
    let defaults = SetSettings::default();
    let id_prefix = job.id_prefix.clone().unwrap_or_default();
    if !id_prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(bad(format!(
            "id_prefix `{id_prefix}`: only letters and digits (the platform reads the leading \
             letters and digits of a file name as the document ID)"
        )));
    }
    let id_width = job.id_width.unwrap_or(defaults.id_width);
    if !(1..=12).contains(&id_width) {
        return Err(bad(format!("id_width {id_width}: expected 1 to 12")));
    }
    for (key, date) in [("besluitdatum", &job.besluitdatum)] {
        if let Some(d) = date {
            check_date(d).map_err(|e| bad(format!("{key}: {e}")))?;
        }
    }
    let stamp = match &job.stamp {
        None | Some(Stamp::On(true)) => defaults.stamp,
        Some(Stamp::On(false)) => None,
        Some(Stamp::Text(t)) if t.trim().is_empty() => None,
        Some(Stamp::Text(t)) => Some(t.clone()),
    };
    let mut documents = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    for d in &job.documents {
        let at = |reason: String| bad(format!("[[documents]] `{}`: {reason}", d.file));
        if d.file.trim().is_empty() {
            return Err(bad("[[documents]]: `file` is empty".into()));
        }
        if let Some(id) = &d.id {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(at(format!("id `{id}`: only letters and digits")));
            }
            if !seen_ids.insert(id.to_ascii_lowercase()) {
                return Err(at(format!("id `{id}` is used twice")));
            }
        }
        let grounds = |list: &[String]| -> Result<Vec<Ground>, Error> {
            let mut out: Vec<Ground> = list
                .iter()
                .map(|g| g.parse::<Ground>().map_err(|e| at(e.to_string())))
                .collect::<Result<_, _>>()?;
            out.sort();
            out.dedup();
            Ok(out)
        };
        let assessment = match d.beoordeling.as_deref().map(str::to_lowercase).as_deref() {
            None => None,
            Some("niet openbaar") => {
                let g = grounds(&d.grounds)?;
                if g.is_empty() {
                    return Err(at("`Niet openbaar` needs `grounds`".into()));
                }
                Some(Assessment::NietOpenbaar(g))
            }
            Some("reeds openbaar") => match &d.link {
                Some(l) if !l.trim().is_empty() => Some(Assessment::ReedsOpenbaar(l.clone())),
                _ => return Err(at("`Reeds openbaar` needs a `link`".into())),
            },
            Some("openbaar" | "deels openbaar") => {
                return Err(at(
                    "`Openbaar` and `Deels openbaar` follow from the redactions; set only \
                     `Niet openbaar` or `Reeds openbaar`"
                        .into(),
                ))
            }
            Some(other) => {
                return Err(at(format!(
                    "unknown beoordeling `{other}` (expected `Niet openbaar` or `Reeds openbaar`)"
                )))
            }
        };
        let mut withheld = std::collections::BTreeMap::new();
        for w in &d.withheld_pages {
            let g = grounds(&w.grounds)?;
            if g.is_empty() {
                return Err(at(format!("withheld pages `{}` need grounds", w.pages)));
            }
            for p in page_list(&w.pages).map_err(at)? {
                withheld.insert(p, g.clone());
            }
        }
        let out_of_scope = match &d.out_of_scope {
            Some(p) => page_list(p).map_err(at)?.into_iter().collect(),
            None => Default::default(),
        };
        let mut terms = TermList::default();
        add_lines(&mut terms, &d.terms, path)?;
        if let Some(date) = &d.datum {
            check_date(date).map_err(|e| at(format!("datum: {e}")))?;
        }
        documents.push(DocumentOverride {
            file: d.file.clone(),
            id: d.id.clone(),
            assessment,
            withheld,
            out_of_scope,
            terms: terms.build(),
            toelichting: d.toelichting.clone(),
            opgeschort: d.opgeschort.unwrap_or(false),
            datum: d.datum.clone(),
            titel: d.titel.clone(),
        });
    }
    let (organisation, organisation_uri) = match (&job.organisation, &job.organisation_uri) {
        (Some(n), Some(u)) => (n.clone(), u.clone()),
        (None, None) => (defaults.organisation, defaults.organisation_uri),
        _ => {
            return Err(bad(
                "set both `organisation` and `organisation_uri` (its TOOI URI), or neither".into(),
            ))
        }
    };
    Ok(SetSettings {
        job_file: path.to_path_buf(),
        matter: job.matter.clone(),
        zaaknummer: job.zaaknummer.clone(),
        id_prefix,
        id_start: job.id_start.unwrap_or(defaults.id_start),
        id_width,
        organisation,
        organisation_uri,
        besluitnaam: job.besluitnaam.clone().unwrap_or_default(),
        besluitdatum: job.besluitdatum.clone(),
        stamp,
        duplicates: job.duplicates.unwrap_or_default(),
        documents,
    })
}

/// Page numbers from `"3"`, `"3-5, 9"`: 1-based, ascending, each once.
pub fn page_list(s: &str) -> Result<Vec<u32>, String> {
    let mut out = std::collections::BTreeSet::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("pages `{s}`: `{part}` is not a page or a range like `3-5`");
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: u32 = a.parse().map_err(|_| bad())?;
        let b: u32 = b.parse().map_err(|_| bad())?;
        if a == 0 || b < a || b - a > 100_000 {
            return Err(bad());
        }
        out.extend(a..=b);
    }
    if out.is_empty() {
        return Err(format!("pages `{s}`: no page numbers"));
    }
    Ok(out.into_iter().collect())
}

/// Checks a `YYYY-MM-DD` date.
fn check_date(s: &str) -> Result<(), String> {
    s.parse::<crate::publish::date::Date>()
        .map(|_| ())
        .map_err(|()| format!("`{s}` is not a date like 2021-07-19"))
}

fn add_lines(list: &mut TermList, lines: &[String], path: &Path) -> Result<(), Error> {
    for line in lines {
        list.add_line(line).map_err(|reason| Error::RuleFile {
            path: path.to_path_buf(),
            reason,
        })?;
    }
    Ok(())
}
