//! The resolved configuration of a run: rule files, allowlist, terms and output style, from
//! the optional job file `woolak.toml` plus the command line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::detect::{Engine, RuleSet, TermList};
use crate::error::Error;
use crate::ground::GroundStyle;

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
        Ok(Config {
            rules,
            allow: allow.hyphen_joins_words().build(),
            terms: terms.build(),
            ground_style: ov.ground_style.or(job.ground_style).unwrap_or_default(),
            password: ov.password.clone(),
        })
    }

    /// Builds the detection engine for this configuration.
    pub fn engine(&self) -> Engine {
        Engine::new(&self.rules, self.allow.clone(), self.terms.clone())
    }
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
