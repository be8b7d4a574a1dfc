//! The one table of detectors: stable ids, categories, default grounds and documentation.
//!
//! `woolak rules` lists this table and `woolak rules ID` prints one entry; the per-detector
//! fixtures in `fixtures/rules/<id>.txt` are checked against it.

use serde::Serialize;

use crate::ground::Ground;

/// What kind of personal data a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    PersonName,
    Email,
    Phone,
    Bsn,
    Iban,
    Address,
    Postcode,
    Birthdate,
    LicencePlate,
    IdNumber,
    /// A term from the user's terms list.
    Term,
}

impl Category {
    /// The snake_case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        use Category::*;
        match self {
            PersonName => "person_name",
            Email => "email",
            Phone => "phone",
            Bsn => "bsn",
            Iban => "iban",
            Address => "address",
            Postcode => "postcode",
            Birthdate => "birthdate",
            LicencePlate => "licence_plate",
            IdNumber => "id_number",
            Term => "term",
        }
    }

    /// Parses the snake_case name.
    pub fn from_name(s: &str) -> Option<Category> {
        use Category::*;
        Some(match s {
            "person_name" => PersonName,
            "email" => Email,
            "phone" => Phone,
            "bsn" => Bsn,
            "iban" => Iban,
            "address" => Address,
            "postcode" => Postcode,
            "birthdate" => Birthdate,
            "licence_plate" => LicencePlate,
            "id_number" => IdNumber,
            "term" => Term,
            _ => return None,
        })
    }
}

/// One registry entry.
#[derive(Debug, Serialize)]
pub struct DetectorInfo {
    pub id: &'static str,
    pub category: Category,
    pub ground: Ground,
    /// What it finds.
    pub finds: &'static str,
    /// Why it is personal data.
    pub why: &'static str,
    /// An example line and what is removed from it.
    pub example: &'static str,
    /// Known false positives and limits.
    pub false_positives: &'static str,
}

/// Every detector woolak has, in the order `woolak rules` lists them.
pub static DETECTORS: &[DetectorInfo] = &[
    DetectorInfo {
        id: "person-name",
        category: Category::PersonName,
        ground: Ground::G512e,
        finds: "Names of persons recognised with the shipped lexicons of Dutch first names and \
                surnames: first name + surname, initials + surname (`J.P. de Vries`), a title or \
                salutation + surname (`dhr. Jansen`, `mevrouw De Boer`), a capitalised particle + \
                surname standing alone (`Van der Meulen`), hyphenated double surnames.",
        why: "Names of civil servants who do not act in public, and of citizens, are personal \
              data (Woo 5.1.2e; Raad van State 31-1-2018 and 25-9-2019).",
        example: "`Overleg met J.P. de Vries (DGV)` -> `Overleg met 5.1.2e (DGV)`",
        false_positives:
            "Surnames that are also ordinary words (`Visser`, `Groot`) are only taken \
                          with a first name, initials, a title or a particle. Organisations named \
                          after a person (`Jansen B.V.`) are skipped by the organisation words in \
                          rules/names.toml. Ministers and other public office holders after their \
                          title (`minister De Jonge`) stay; add others to the allowlist.",
    },
    DetectorInfo {
        id: "person-name-cue",
        category: Category::PersonName,
        ground: Ground::G512e,
        finds: "Names that are in no lexicon, found by the structure around them: header and \
                list cues (`Van:`, `Aan:`, `CC:`, `Aanwezig`, `Afwezig`, `Inlichtingen bij`, \
                `Contactpersoon`), a signature block after `Met vriendelijke groet`, a salutation \
                (`Geachte heer X`, `Hoi X`), a title (`drs. X`), and a name on its own line above \
                a function title.",
        why: "Same as person-name: the structure says a person is named here.",
        example: "`Aanwezig: A. Wijdenes, K. Tjalsma` -> `Aanwezig: 5.1.2e, 5.1.2e`",
        false_positives: "A unit or team written like a name after `Aan:` (`Aan: Bureau Noord`) \
                          is skipped only when it contains an organisation word.",
    },
    DetectorInfo {
        id: "person-name-email",
        category: Category::PersonName,
        ground: Ground::G512e,
        finds: "Names derived from the local part of e-mail addresses in the same document \
                (`j.devries@minvws.nl` -> `De Vries`, `de Vries`), also when they are in no \
                lexicon.",
        why: "The address identifies its owner; the name elsewhere in the text is the same person.",
        example: "`... j.wijdenes@minvws.nl ... Wijdenes stemt in` -> `... 5.1.2e stemt in`",
        false_positives: "A functional mailbox is never used as a source. A local part that is a \
                          common word (`zorg@`) can produce a false name; such mailboxes belong \
                          on the functional list.",
    },
    DetectorInfo {
        id: "person-name-repeat",
        category: Category::PersonName,
        ground: Ground::G512e,
        finds: "Every other occurrence of a name confirmed elsewhere in the document by another \
                name detector: the full name, the surname alone (with or without particle), the \
                initials form and the first name alone.",
        why: "Once a person is redacted, every mention must go, or the redaction is undone by \
              the next line.",
        example: "`Van: Annelies Wijdenes` ... `Wijdenes licht toe` -> `5.1.2e licht toe`",
        false_positives:
            "A confirmed surname that is also an ordinary word is only repeated with a \
                          particle, initials, a first name or a title before it.",
    },
    DetectorInfo {
        id: "email-address",
        category: Category::Email,
        ground: Ground::G512e,
        finds: "E-mail addresses. On organisation domains (rules/contact.toml) only the local \
                part is removed and `@domain` stays; other addresses are removed whole. \
                Functional mailboxes (`info@`, `woo@`) stay.",
        why: "A personal address identifies and reaches one person.",
        example: "`j.devries@minvws.nl` -> `5.1.2e@minvws.nl`",
        false_positives: "Functional mailboxes missing from the list are removed; add them to \
                          functional_mailboxes.",
    },
    DetectorInfo {
        id: "phone-number",
        category: Category::Phone,
        ground: Ground::G512e,
        finds: "Dutch phone numbers in every notation (`06 12 34 56 78`, `+31 (0)70 123 4567`, \
                `0031 70 1234567`, `(020) 623 45 67`, `070-1234567`), validated against the \
                numbering plan (10 digits with trunk 0). Switchboards on the public list, \
                0800/0900 service numbers, 14 0xx short numbers and numbers in a letterhead block \
                stay.",
        why: "Direct and mobile numbers reach one person.",
        example: "`M 06 12 34 56 78` -> `M 5.1.2e`",
        false_positives: "A direct number in an organisation's letterhead block stays (it is \
                          treated as the office number).",
    },
    DetectorInfo {
        id: "bsn",
        category: Category::Bsn,
        ground: Ground::G511e,
        finds: "Burgerservicenummers: 9 digits (or 8 with an implied leading zero), also \
                `1112.22.333`, that pass the 11-proef and have a cue (`BSN`, \
                `burgerservicenummer`, `sofinummer`) on the same or the previous line.",
        why: "A national identification number (Woo 5.1.1e, absolute ground).",
        example: "`BSN: 111222333` -> `BSN: 5.1.1e`",
        false_positives: "About 1 in 11 random 9-digit numbers passes the 11-proef, hence the cue.",
    },
    DetectorInfo {
        id: "iban",
        category: Category::Iban,
        ground: Ground::G512e,
        finds: "IBANs of the 25 countries seen in Dutch government mail (NL, BE, DE, FR, GB and \
                others) with the right length and a valid mod-97 check digit, with \
                or without spaces.",
        why: "A bank account number of a person identifies them and their finances.",
        example: "`NL91 ABNA 0417 1643 00` -> `5.1.2e`",
        false_positives: "An organisation's account in a letterhead block or `t.n.v.` an \
                          organisation stays.",
    },
    DetectorInfo {
        id: "street-address",
        category: Category::Address,
        ground: Ground::G512e,
        finds: "Street + house number of a person: in an address block (street line above a \
                postcode line) that is not a letterhead, or after a residence cue (`woonachtig \
                aan`, `adres:`).",
        why: "Where a citizen lives is personal data.",
        example: "`De heer J. Jansen / Kastanjelaan 14 / 3581 AB Utrecht` -> street line removed",
        false_positives: "Office addresses (letterhead cues: Bezoekadres, Postbus, Ministerie) \
                          and buildings discussed as objects (`het pand aan de Kerkstraat 12`) \
                          stay.",
    },
    DetectorInfo {
        id: "postcode",
        category: Category::Postcode,
        ground: Ground::G512e,
        finds: "The postcode (`3581 AB`) of a person's address, the line after or beside a \
                person's street address, or after a residence cue. SA, SD and SS are never \
                postcodes.",
        why: "With the house number it pins down one home.",
        example: "`3581 AB Utrecht` -> `5.1.2e Utrecht`",
        false_positives: "Postcodes in letterheads and after `Postbus` stay.",
    },
    DetectorInfo {
        id: "birth-date",
        category: Category::Birthdate,
        ground: Ground::G512e,
        finds: "Dates after a birth cue (`geboren op`, `geb.`, `geboortedatum`): `12-03-1985`, \
                `12 maart 1985`, `1985-03-12`.",
        why: "A date of birth identifies a person together with little else.",
        example: "`geboren op 12 maart 1985` -> `geboren op 5.1.2e`",
        false_positives: "Only dates with a cue are taken; meeting dates stay.",
    },
    DetectorInfo {
        id: "licence-plate",
        category: Category::LicencePlate,
        ground: Ground::G512e,
        finds: "Dutch licence plates in the 14 RDW side codes (`XX-99-99` ... `9-XX-999`), with \
                hyphens and letters from the RDW alphabet, or without hyphens after a vehicle cue \
                (`kenteken`).",
        why: "A plate leads to the vehicle's owner.",
        example: "`kenteken GZ-123-K` -> `kenteken 5.1.2e`",
        false_positives: "Codes shaped like a plate (`KL-12-BX` as a reference) are taken when \
                          their letters are all in the RDW alphabet.",
    },
    DetectorInfo {
        id: "id-number",
        category: Category::IdNumber,
        ground: Ground::G512e,
        finds:
            "Passport and ID-card numbers (9 letters and digits, no letter O, the last a digit) \
                and driving-licence numbers (10 digits) after a cue (`paspoortnummer`, \
                `ID-kaart`, `rijbewijsnummer`).",
        why: "A document number identifies its holder.",
        example: "`paspoortnummer NPH7R2CK1` -> `paspoortnummer 5.1.2e`",
        false_positives: "Only taken with a cue on the same or the previous line.",
    },
    DetectorInfo {
        id: "extra-term",
        category: Category::Term,
        ground: Ground::G512e,
        finds: "Terms from the user's terms list (`--terms FILE`, `terms` in woolak.toml): whole \
                words, across line breaks, runs of white space and a hyphen at a line end; case \
                as given except a leading particle may be capitalised.",
        why: "The coordinator decided that this text is to be removed, with the given ground.",
        example: "terms file `5.1.2i<TAB>Project Zonnebloem` -> `5.1.2i`",
        false_positives: "None beyond the list itself; `LT` does not hit inside `resultaten`.",
    },
];

/// Returns the registry entry with the given id.
pub fn find(id: &str) -> Option<&'static DetectorInfo> {
    DETECTORS.iter().find(|d| d.id == id)
}

/// Returns the registry entry for an id that is known to exist.
pub(crate) fn info(id: &str) -> &'static DetectorInfo {
    find(id).unwrap_or_else(|| unreachable!("detector {id} is in the registry"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for d in DETECTORS {
            assert!(seen.insert(d.id), "duplicate id {}", d.id);
            assert!(
                d.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                d.id
            );
            assert!(!d.finds.is_empty() && !d.why.is_empty() && !d.example.is_empty());
        }
    }
}
