//! Rule files: the coordinator-editable TOML that configures the detectors.
//!
//! The defaults in `rules/*.toml` are compiled into the binary; `--rules FILE` (or `rules = [...]`
//! in `woolak.toml`) adds files on top. Lists are merged (extended), scalar settings override.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;
use crate::ground::Ground;

/// The default rule files, compiled in so that woolak works from any directory.
pub const DEFAULT_RULE_FILES: &[(&str, &str)] = &[
    (
        "rules/detectors.toml",
        include_str!("../../rules/detectors.toml"),
    ),
    (
        "rules/contact.toml",
        include_str!("../../rules/contact.toml"),
    ),
    ("rules/names.toml", include_str!("../../rules/names.toml")),
    (
        "rules/context.toml",
        include_str!("../../rules/context.toml"),
    ),
];

/// Per-detector settings (`[detectors.ID]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorRule {
    /// Switches the detector off when false.
    pub enabled: Option<bool>,
    /// Overrides the detector's default ground.
    pub ground: Option<Ground>,
}

/// E-mail settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailRules {
    /// Organisation domains: only the local part of an address is redacted.
    #[serde(default)]
    pub org_domains: Vec<String>,
    /// Local parts of functional mailboxes, which stay.
    #[serde(default)]
    pub functional_mailboxes: Vec<String>,
}

/// Phone settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneRules {
    /// Public numbers (switchboards) in any notation; compared digit by digit.
    #[serde(default)]
    pub public_numbers: Vec<String>,
    /// Number prefixes that are public (free and paid service numbers).
    #[serde(default)]
    pub public_prefixes: Vec<String>,
    /// Words on the same line that mark a number as an organisation's general number.
    #[serde(default)]
    pub public_cues: Vec<String>,
}

/// Word lists for the name detectors.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameRules {
    /// Surname particles (`van`, `der`, `'t`), lowercase.
    #[serde(default)]
    pub particles: Vec<String>,
    /// Titles and salutations that precede a name (`dhr.`, `mevrouw`, `Geachte heer`).
    #[serde(default)]
    pub titles: Vec<String>,
    /// Offices whose holders act in public; a name after one of these stays.
    #[serde(default)]
    pub public_titles: Vec<String>,
    /// Line-start cues after which a list of names follows (`Aanwezig`, `Van:`).
    #[serde(default)]
    pub list_cues: Vec<String>,
    /// Closings after which a signature block follows.
    #[serde(default)]
    pub signature_cues: Vec<String>,
    /// Words of function titles (`adviseur`, `directeur`); a name may stand above them.
    #[serde(default)]
    pub function_words: Vec<String>,
    /// Words that mark an organisation, place or thing rather than a person.
    #[serde(default)]
    pub org_words: Vec<String>,
    /// Capitalised words that are never (part of) a name.
    #[serde(default)]
    pub not_names: Vec<String>,
}

/// Context cues for the structured detectors.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextRules {
    /// Cues that a block is a letterhead or office address (public).
    #[serde(default)]
    pub letterhead: Vec<String>,
    /// Cues that an address is where a person lives.
    #[serde(default)]
    pub residence: Vec<String>,
    /// Cues that a date is a date of birth.
    #[serde(default)]
    pub birth: Vec<String>,
    /// Cues for a BSN.
    #[serde(default)]
    pub bsn: Vec<String>,
    /// Cues for a passport, ID-card or driving-licence number.
    #[serde(default)]
    pub id_document: Vec<String>,
    /// Cues for a licence plate.
    #[serde(default)]
    pub vehicle: Vec<String>,
}

/// One parsed rule file, or the merge of several.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    #[serde(default)]
    pub detectors: BTreeMap<String, DetectorRule>,
    #[serde(default)]
    pub email: EmailRules,
    #[serde(default)]
    pub phone: PhoneRules,
    #[serde(default)]
    pub names: NameRules,
    #[serde(default)]
    pub context: ContextRules,
}

impl RuleSet {
    /// The compiled-in defaults.
    pub fn defaults() -> RuleSet {
        let mut set = RuleSet::default();
        for (name, text) in DEFAULT_RULE_FILES {
            let file = RuleSet::parse(text, Path::new(name)).expect("default rule files are valid");
            set.merge(file);
        }
        set
    }

    /// Parses one rule file.
    pub fn parse(text: &str, path: &Path) -> Result<RuleSet, Error> {
        let set: RuleSet = toml::from_str(text).map_err(|e| Error::RuleFile {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })?;
        set.validate(path)?;
        Ok(set)
    }

    /// Reads and parses one rule file.
    pub fn load(path: &Path) -> Result<RuleSet, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::RuleFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        RuleSet::parse(&text, path)
    }

    /// Adds `other` on top of `self`: lists are extended, per-detector settings override.
    pub fn merge(&mut self, other: RuleSet) {
        for (id, rule) in other.detectors {
            let entry = self.detectors.entry(id).or_default();
            if rule.enabled.is_some() {
                entry.enabled = rule.enabled;
            }
            if rule.ground.is_some() {
                entry.ground = rule.ground;
            }
        }
        let RuleSet {
            email,
            phone,
            names,
            context,
            ..
        } = other;
        self.email.org_domains.extend(email.org_domains);
        self.email
            .functional_mailboxes
            .extend(email.functional_mailboxes);
        self.phone.public_numbers.extend(phone.public_numbers);
        self.phone.public_prefixes.extend(phone.public_prefixes);
        self.phone.public_cues.extend(phone.public_cues);
        let n = &mut self.names;
        n.particles.extend(names.particles);
        n.titles.extend(names.titles);
        n.public_titles.extend(names.public_titles);
        n.list_cues.extend(names.list_cues);
        n.signature_cues.extend(names.signature_cues);
        n.function_words.extend(names.function_words);
        n.org_words.extend(names.org_words);
        n.not_names.extend(names.not_names);
        let c = &mut self.context;
        c.letterhead.extend(context.letterhead);
        c.residence.extend(context.residence);
        c.birth.extend(context.birth);
        c.bsn.extend(context.bsn);
        c.id_document.extend(context.id_document);
        c.vehicle.extend(context.vehicle);
    }

    /// Checks that every `[detectors.ID]` names a known detector.
    pub fn validate(&self, path: &Path) -> Result<(), Error> {
        for id in self.detectors.keys() {
            if super::registry::find(id).is_none() {
                return Err(Error::RuleFile {
                    path: path.to_path_buf(),
                    reason: format!("unknown detector `{id}` in [detectors]"),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_validate() {
        let set = RuleSet::defaults();
        set.validate(Path::new("defaults")).unwrap();
        assert!(set.email.org_domains.iter().any(|d| d == "minvws.nl"));
        assert!(set.names.particles.iter().any(|p| p == "van"));
    }

    #[test]
    fn unknown_detector_is_an_error_naming_the_file() {
        let err = RuleSet::parse("[detectors.foo]\nenabled = false\n", Path::new("r.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("r.toml: ") && err.contains("`foo`"),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_an_error_naming_the_file() {
        let err = RuleSet::parse("[email]\norg_domain = []\n", Path::new("x.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("x.toml"), "{msg}");
    }
}
