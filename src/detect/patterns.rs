//! The structured detectors: e-mail, phone, BSN, IBAN, address, postcode, date of birth,
//! licence plate and ID numbers. Each is a regex for candidates, a validator (11-proef,
//! mod-97, numbering plan) and a context rule.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::context::{Context, Cues, Found};
use super::rules::RuleSet;
use super::Hit;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern is valid")
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)[a-z0-9](?:[a-z0-9._%+'-]*[a-z0-9_])?@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}\b",
    )
});

/// Phone candidates: an international or trunk prefix, then digits with separators.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)
        (?: (?:\+|00)\s?31 [\s.\-]? (?:\(\s?0\s?\)[\s.\-]?)?   # +31, 0031, +31 (0)
          | \(0\d{1,3}\)[\s.\-]?                              # (020)
          | 0 )
        \d (?:[\ \t\u{a0}]{0,2}[.\-/–]?[\ \t\u{a0}]{0,2}\d){5,12}
    ")
});

static DATE_INSIDE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?-u:\b)"));

static BSN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)(?:\d{9}|\d{8}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?-u:\b)")
});

static IBAN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?-u:\b)")
});

static POSTCODE: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)[1-9]\d{3} ?[A-Z]{2}(?-u:\b)"));

/// A street name ending in a street word, then a house number with an optional addition.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:\p{{Lu}}[\p{{L}}'.]*[ \t]){{0,3}}(?:(?:de|van|der|den|het|la|le)[ \t]){{0,3}}\p{{Lu}}[\p{{Ll}}\p{{L}}'\-]*(?:{words})[ \t]{{1,3}}{HOUSE_NUMBER}",
        words = STREET_WORD_LIST.join("|"),
    ))
});

/// Words that end Dutch street names (`Kerkstraat`, `Lange Voorhout` has none).
const STREET_WORD_LIST: &[&str] = &[
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "dreef",
    "hof",
    "pad",
    "steeg",
    "park",
    "plantsoen",
    "markt",
    "boulevard",
    "baan",
    "ring",
    "wal",
    "erf",
    "burg",
    "tuin",
    "hoven",
    "haven",
    "allee",
    "brink",
    "dam",
    "vaart",
    "wetering",
    "zijde",
    "donk",
    "akker",
    "veld",
    "weide",
    "hoek",
    "lei",
    "straatje",
    "laantje",
    "wijk",
    "oord",
];

/// A house number with an optional addition: `12`, `12a`, `144 bis`, `27-hs`, `56 III`, `9-11`.
const HOUSE_NUMBER: &str =
    r"\d{1,5}(?:[ \t\-]{0,2}(?:hs|bis|bg|III|II|I|[a-zA-Z]{1,2})(?-u:\b)|[-/]\d{1,4}(?-u:\b))?";

/// A short line that is just `Street 12a`, the first line of a postal address block.
static ADDRESS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*((?:\p{Lu}[\p{L}'.\-]*[ \t]{1,3}|(?:de|van|der|den|het|la|le|'t)[ \t]{1,3}){0,4}\p{Lu}[\p{L}'.\-]*[ \t]{1,3}\d{1,5}(?:[ \t\-]{0,2}(?:hs|bis|bg|III|II|I|[a-zA-Z]{1,2})(?-u:\b)|[-/]\d{1,4})?)\s*,?\s*$",
    )
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)
        (?-u:\b)(?: \d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})
            | \d{4}-\d{2}-\d{2}
            | \d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september
                |oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?
              \s+\d{4}
        )(?-u:\b)
    ")
});

/// The 14 RDW side codes, with hyphens.
static PLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)(?-u:\b)(?:
          [A-Z]{2}-\d{2}-\d{2} | \d{2}-\d{2}-[A-Z]{2} | \d{2}-[A-Z]{2}-\d{2}
        | [A-Z]{2}-\d{2}-[A-Z]{2} | [A-Z]{2}-[A-Z]{2}-\d{2} | \d{2}-[A-Z]{2}-[A-Z]{2}
        | \d{2}-[A-Z]{3}-\d | \d-[A-Z]{3}-\d{2} | [A-Z]{2}-\d{3}-[A-Z] | [A-Z]-\d{3}-[A-Z]{2}
        | [A-Z]{3}-\d{2}-[A-Z] | [A-Z]-\d{2}-[A-Z]{3} | \d-[A-Z]{2}-\d{3} | \d{3}-[A-Z]{2}-\d
        )(?-u:\b)")
});

/// A title that stands before a person's name.
static PERSON_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:de heer|mevrouw|dhr\.|mevr\.|mw\.|familie|fam\.)\s"));

/// The street words of [`STREET`], for a quick literal test before the regex.
static STREET_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(STREET_WORD_LIST).expect("street words form an automaton")
});

/// Capitalised words and a house number: an address when a residence cue stands right before.
static CUED_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\p{{Lu}}[\p{{L}}'.\-]*(?:[ \t]{{1,3}}(?:\p{{Lu}}[\p{{L}}'.\-]*|de|van|der|den|het|'t)){{0,4}}[ \t]{{1,3}}{HOUSE_NUMBER}"
    ))
});

/// The same side codes without hyphens; only taken after a vehicle cue.
static PLATE_BARE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?x)(?-u:\b)(?:
          [A-Z]{2}\d{4} | \d{4}[A-Z]{2} | \d{2}[A-Z]{2}\d{2} | [A-Z]{2}\d{2}[A-Z]{2}
        | [A-Z]{4}\d{2} | \d{2}[A-Z]{4} | \d{2}[A-Z]{3}\d | \d[A-Z]{3}\d{2}
        | [A-Z]{2}\d{3}[A-Z] | [A-Z]\d{3}[A-Z]{2} | [A-Z]{3}\d{2}[A-Z] | [A-Z]\d{2}[A-Z]{3}
        | \d[A-Z]{2}\d{3} | \d{3}[A-Z]{2}\d
        )(?-u:\b)")
});

/// Passport / ID card: 9 characters, no letter O, the last a digit, at least two letters.
static ID_DOC: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9](?-u:\b)|(?-u:\b)\d{10}(?-u:\b)"));

/// Letters used on Dutch plates since 1951 minus vowels and C, Q, W, Y (RDW).
const PLATE_LETTERS: &str = "BDFGHJKLMNPRSTVXZ";

pub(crate) struct Patterns {
    org_domains: Vec<String>,
    functional: HashSet<String>,
    public_numbers: HashSet<String>,
    public_prefixes: Vec<String>,
    phone_public: Cues,
    letterhead: Cues,
    residence: Cues,
    /// The residence cues as literals, case-insensitive, for a quick test before a regex.
    residence_words: aho_corasick::AhoCorasick,
    birth: Cues,
    bsn: Cues,
    id_doc: Cues,
    vehicle: Cues,
    organisation: Cues,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The national number of a phone candidate (`0` + 9 digits, or a 0800/0900 number), or
/// `None` if it is not a valid Dutch number.
fn national_number(candidate: &str) -> Option<String> {
    let d = digits(candidate);
    let trimmed = candidate.trim_start();
    let national = if trimmed.starts_with('+') {
        let rest = d.strip_prefix("31")?;
        // `+31 (0)20 ...`: the trunk zero in brackets is not part of the number.
        let rest = if candidate.contains("(0)") || candidate.contains("( 0 )") {
            rest.strip_prefix('0')?
        } else {
            rest
        };
        format!("0{rest}")
    } else if let Some(rest) = d.strip_prefix("0031") {
        let rest = if candidate.contains("(0)") {
            rest.strip_prefix('0')?
        } else {
            rest
        };
        format!("0{rest}")
    } else {
        d
    };
    let bytes = national.as_bytes();
    if bytes.len() < 2 || bytes[0] != b'0' || bytes[1] == b'0' {
        return None;
    }
    if national.starts_with("0800") || national.starts_with("090") {
        return (8..=11).contains(&national.len()).then_some(national);
    }
    (national.len() == 10 && ASSIGNED_PREFIXES.iter().any(|p| national.starts_with(p)))
        .then_some(national)
}

/// Prefixes of the Dutch numbering plan in use for 10-digit numbers: the geographic area
/// codes (two digits after the trunk zero, or three), mobile `06` (all of it: pagers and new
/// series are personal too), and the non-geographic
/// `084`, `085`, `087`, `088`, `091` and `097`. Source: the ACM/Rijksoverheid list of
/// netnummers. `0123456789` or `0212 34 56 78` is no phone number.
const ASSIGNED_PREFIXES: &[&str] = &[
    "010", "0111", "0113", "0114", "0115", "0117", "0118", "013", "015", "0161", "0162", "0164",
    "0165", "0166", "0167", "0168", "0172", "0174", "0180", "0181", "0182", "0183", "0184", "0186",
    "0187", "020", "0222", "0223", "0224", "0226", "0227", "0228", "0229", "023", "024", "0251",
    "0252", "0255", "026", "0294", "0297", "0299", "030", "0313", "0314", "0315", "0316", "0317",
    "0318", "0320", "0321", "033", "0341", "0342", "0343", "0344", "0345", "0346", "0347", "0348",
    "035", "036", "038", "040", "0411", "0412", "0413", "0416", "0418", "043", "045", "046",
    "0475", "0478", "0481", "0485", "0486", "0487", "0488", "0492", "0493", "0495", "0497", "0499",
    "050", "0511", "0512", "0513", "0514", "0515", "0516", "0517", "0518", "0519", "0521", "0522",
    "0523", "0524", "0525", "0527", "0528", "0529", "053", "0541", "0543", "0544", "0545", "0546",
    "0547", "0548", "055", "0561", "0562", "0566", "0570", "0571", "0572", "0573", "0574", "0575",
    "0577", "0578", "058", "0591", "0592", "0593", "0594", "0595", "0596", "0597", "0598", "0599",
    "06", "070", "071", "072", "073", "074", "075", "076", "077", "078", "079", "084", "085",
    "087", "088", "091", "097",
];

/// The longest prefix of a phone candidate, cut at a separator, that is a valid number:
/// `06 12345678 12` (a number followed by a day) gives `06 12345678`. Returns the national
/// number and the byte length of the prefix.
fn shrink_to_number(cand: &str) -> Option<(String, usize)> {
    let mut end = cand.len();
    loop {
        if let Some(n) = national_number(&cand[..end]) {
            return Some((n, end));
        }
        // Cut the last group of digits and the separator before it.
        let prev = cand[..end].trim_end_matches(|c: char| c.is_ascii_digit());
        let prev = prev.trim_end_matches(|c: char| !c.is_ascii_digit());
        if prev.len() < 4 || digits(prev).len() < 8 {
            return None;
        }
        end = prev.len();
    }
}

/// Returns true if and only if `n` (8 or 9 digits) passes the BSN 11-proef.
pub(crate) fn elfproef(n: &str) -> bool {
    let d: Vec<u32> = n.chars().filter_map(|c| c.to_digit(10)).collect();
    let d: Vec<u32> = match d.len() {
        9 => d,
        8 => std::iter::once(0).chain(d).collect(),
        _ => return false,
    };
    if d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &x)| (9 - i as i64) * x as i64)
        .sum::<i64>()
        - d[8] as i64;
    sum % 11 == 0
}

/// Length of the IBAN for a country, for the countries seen in Dutch government mail.
fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "NL" => 18,
        "BE" => 16,
        "DE" => 22,
        "FR" | "MC" | "IT" => 27,
        "GB" | "IE" => 22,
        "LU" => 20,
        "ES" | "SE" => 24,
        "AT" => 20,
        "CH" | "LI" => 21,
        "DK" | "FI" | "FO" => 18,
        "PT" => 25,
        "PL" => 28,
        "NO" => 15,
        "CZ" | "SK" => 24,
        "TR" => 26,
        "GR" => 27,
        _ => return None,
    })
}

/// Returns true if and only if `iban` (no spaces) has a valid mod-97 check.
pub(crate) fn iban_valid(iban: &str) -> bool {
    if iban.len() < 5 || iban_length(&iban[..2]) != Some(iban.len()) {
        return false;
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let mut rem: u32 = 0;
    for c in rearranged {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

impl Patterns {
    pub fn new(rules: &RuleSet) -> Patterns {
        let c = &rules.context;
        Patterns {
            org_domains: rules
                .email
                .org_domains
                .iter()
                .map(|d| d.trim().to_lowercase())
                .collect(),
            functional: rules
                .email
                .functional_mailboxes
                .iter()
                .map(|d| d.trim().to_lowercase())
                .collect(),
            public_numbers: rules
                .phone
                .public_numbers
                .iter()
                .map(|n| digits(n))
                .collect(),
            public_prefixes: rules
                .phone
                .public_prefixes
                .iter()
                .map(|n| digits(n))
                .collect(),
            phone_public: Cues::new(&rules.phone.public_cues),
            letterhead: Cues::new(&c.letterhead),
            residence: Cues::new(&c.residence),
            residence_words: aho_corasick::AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(c.residence.iter().map(|w| w.trim()))
                .expect("residence cues form an automaton"),
            birth: Cues::new(&c.birth),
            bsn: Cues::new(&c.bsn),
            id_doc: Cues::new(&c.id_document),
            vehicle: Cues::new(&c.vehicle),
            organisation: Cues::new(&rules.names.org_words),
        }
    }

    pub fn detect(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        self.emails(ctx, out);
        self.phones(ctx, out);
        self.bsns(ctx, out);
        self.ibans(ctx, out);
        self.addresses(ctx, out);
        self.birth_dates(ctx, out);
        self.plates(ctx, out);
        self.id_numbers(ctx, out);
    }

    /// Returns true if and only if the block around `pos` is a letterhead or office address.
    fn in_letterhead(&self, ctx: &Context<'_>, pos: usize) -> bool {
        let line = ctx.line_of(pos);
        let block = ctx.block(line, 6);
        let start = ctx.line_range(block.start).start;
        let end = ctx.line_range(block.end - 1).end;
        self.letterhead.found_in(&ctx.text[start..end])
    }

    /// Returns true if and only if the text just before `pos` on its line names a general
    /// number or holds a functional mailbox (`Persvragen: pers@minvws.nl / 070 ...`).
    fn public_line(&self, ctx: &Context<'_>, pos: usize) -> bool {
        let start = ctx.line_range(ctx.line_of(pos)).start;
        let line = &ctx.text[start..pos];
        let line = &line[line.len() - floor_boundary_rev(line, 70)..];
        self.phone_public.found_in(line)
            || EMAIL.find_iter(line).any(|m| {
                let local = m.as_str().split('@').next().unwrap_or("").to_lowercase();
                let first = local.split(['.', '-', '_']).next().unwrap_or("");
                self.functional.contains(&local) || self.functional.contains(first)
            })
    }

    fn emails(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        for m in ctx.find_with_at(&EMAIL) {
            let addr = m.as_str();
            let (local, domain) = addr.split_once('@').expect("regex has an @");
            let local_l = local.to_lowercase();
            let first_seg = local_l.split(['.', '-', '_']).next().unwrap_or("");
            if self.functional.contains(&local_l)
                || self.functional.contains(first_seg)
                || self.is_function_words(&local_l)
            {
                continue;
            }
            let domain = domain.to_lowercase();
            let org = self
                .org_domains
                .iter()
                .any(|d| domain == *d || domain.ends_with(&format!(".{d}")));
            let span = if org {
                m.start()..m.start() + local.len()
            } else {
                m.range()
            };
            out.push(Hit::new(span, "email-address"));
        }
    }

    /// Returns true if and only if every part of an e-mail local part is an ordinary Dutch
    /// word or a word for a task (`bezwaar.parkeren`, `beveiliging`) and none is a name: a
    /// mailbox of a team, not of a person.
    fn is_function_words(&self, local: &str) -> bool {
        const TASK_ENDINGS: &[&str] = &[
            "ing", "heid", "zaken", "beheer", "dienst", "eren", "atie", "teit", "loket", "desk",
            "centrum", "bureau", "afdeling", "team", "punt", "lijn",
        ];
        let lex = super::lexicon::Lexicons::shipped();
        let parts: Vec<&str> = local
            .split(['.', '-', '_'])
            .filter(|p| !p.is_empty())
            .collect();
        !parts.is_empty()
            && parts.iter().all(|p| {
                let cap: String = p
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                    .collect();
                p.len() >= 4
                    && p.chars().all(|c| c.is_ascii_lowercase())
                    && !lex.first_names.contains(cap.as_str())
                    && !lex.surnames.contains(cap.as_str())
                    && (lex.common_words.contains(p) || TASK_ENDINGS.iter().any(|e| p.ends_with(e)))
            })
    }

    fn phones(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        let text = ctx.text;
        let bytes = text.as_bytes();
        for m in ctx.find_with_digits(&PHONE) {
            let mut span = m.range();
            // Trailing separators are not part of the number.
            while span.end > span.start && !bytes[span.end - 1].is_ascii_digit() {
                span.end -= 1;
            }
            let cand = &text[span.clone()];
            // Glued to other digits or a number-like prefix: part of something else.
            let prev = text[..span.start].chars().next_back();
            let prev2 = text[..span.start].chars().rev().nth(1);
            if prev.is_some_and(|c| c.is_ascii_alphanumeric())
                || (matches!(prev, Some('-' | '/' | '.' | ','))
                    && prev2.is_some_and(|c| c.is_ascii_digit()))
                || text[span.end..].starts_with(|c: char| c.is_ascii_alphanumeric())
                || text[span.end..].starts_with([',', '.'])
                    && text[span.end + 1..].starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            if DATE_INSIDE.is_match(cand) {
                continue;
            }
            let Some((national, end)) = shrink_to_number(cand) else {
                continue;
            };
            span.end = span.start + end;
            if self.public_numbers.contains(&national)
                || self
                    .public_prefixes
                    .iter()
                    .any(|p| national.starts_with(p.as_str()))
            {
                continue;
            }
            // A mobile number is a person's, wherever it stands; other numbers may be an
            // organisation's by their letterhead block or a cue on their line.
            if !national.starts_with("06")
                && (self.in_letterhead(ctx, span.start) || self.public_line(ctx, span.start))
            {
                continue;
            }
            out.push(Hit::new(span, "phone-number"));
        }
    }

    fn bsns(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        let cells = ctx.column_cells(&self.bsn);
        for m in ctx.find_with_digits(&BSN) {
            let in_column = cells
                .iter()
                .any(|c| c.start <= m.start() && m.end() <= c.end);
            let prev = ctx.text[..m.start()].chars().next_back();
            if matches!(prev, Some('-' | '/' | '+')) {
                continue;
            }
            if elfproef(m.as_str()) && (in_column || self.bsn.found_in(ctx.before(m.start()))) {
                out.push(Hit::new(m.range(), "bsn"));
            }
        }
    }

    fn ibans(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        let mut found: Vec<(Range<usize>, String, bool)> = Vec::new();
        for m in ctx.find_with_digits(&IBAN) {
            let mut compact: String = m.as_str().chars().filter(|c| *c != ' ').collect();
            let mut end = m.end();
            // The regex may take a trailing word; shrink to the country's length.
            if let Some(len) = iban_length(&compact[..2]) {
                if compact.len() > len {
                    let mut seen = 0;
                    for (i, c) in m.as_str().char_indices() {
                        if c != ' ' {
                            seen += 1;
                        }
                        if seen == len {
                            end = m.start() + i + 1;
                            break;
                        }
                    }
                    compact.truncate(len);
                }
            }
            if !iban_valid(&compact) {
                continue;
            }
            // An organisation's account: in a letterhead, or `t.n.v.` an organisation.
            let after = &ctx.text[end..ctx.line_range(ctx.line_of(end)).end];
            let after = &after[..floor_boundary(after, 40)];
            let after = after.split([',', ';', '(']).next().unwrap_or(after);
            // ASCII lowercase keeps byte offsets (`İ` grows when lowercased).
            let lower = after.to_ascii_lowercase();
            let holder = ["t.n.v.", "ten name van", "tnv"]
                .iter()
                .find_map(|cue| lower.find(cue).map(|i| &after[i + cue.len()..]));
            let public = self.in_letterhead(ctx, m.start())
                || holder.is_some_and(|h| self.organisation.found_in(h));
            found.push((m.start()..end, compact, public));
        }
        // An account shown to be an organisation's once is public everywhere in the text.
        let public: HashSet<String> = found
            .iter()
            .filter(|(_, _, p)| *p)
            .map(|(_, c, _)| c.clone())
            .collect();
        for (span, compact, _) in found {
            if !public.contains(&compact) {
                out.push(Hit::new(span, "iban"));
            }
        }
    }

    /// Street addresses and postcodes of persons.
    fn addresses(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        let text = ctx.text;
        let mut personal_lines: Vec<usize> = Vec::new();
        let mut street_hits: Vec<Range<usize>> = Vec::new();
        // Address blocks: a `Street 12` line above a `1234 AB Place` line. Only lines with a
        // digit can be one.
        for line in ctx.digit_lines() {
            let range = ctx.line_range(line);
            let content = &text[range.clone()];
            // Cheap tests first: a short line with a digit, above a line that opens with one.
            if content.len() > 100 || !content.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let Some(next) = ctx.next_nonblank(line, 1) else {
                continue;
            };
            let next_line = ctx.line(next);
            if !next_line
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let Some(caps) = ADDRESS_LINE.captures(content) else {
                continue;
            };
            let Some(pc) = POSTCODE.find(next_line) else {
                continue;
            };
            if pc.start() > 2 || !valid_postcode(pc.as_str()) {
                continue;
            }
            if self.in_letterhead(ctx, range.start) || self.block_has_org(ctx, line) {
                continue;
            }
            let m = caps.get(1).expect("group 1");
            street_hits.push(range.start + m.start()..range.start + m.end());
            personal_lines.push(next);
        }
        // Inline: an address right after a residence cue on the same line (`Adres:`,
        // `woonachtig aan de`, `ik woon ...,`), or a street with a street word anywhere after
        // such a cue.
        // Both patterns are costly; a literal scan first keeps them off text that has no
        // street word or no residence cue.
        let streets: Vec<Found<'_>> = ctx
            .find_with_digits_where(&STREET, |t| STREET_WORDS.is_match(t))
            .collect();
        let cued: Vec<Found<'_>> = ctx
            .find_with_digits_where(&CUED_ADDRESS, |t| self.residence_words.is_match(t))
            .collect();
        for (is_street, matches) in [(false, &cued), (true, &streets)] {
            for &m in matches {
                if street_hits.iter().any(|s| super::overlaps(s, &m.range())) {
                    continue;
                }
                let line = ctx.line_of(m.start());
                let before = ctx.before(m.start());
                let Some(cue) = self.residence.find_last(before) else {
                    continue;
                };
                let gap = &before[cue.end..];
                let close = is_street || (gap.len() <= 60 && !gap.contains(['.', '!', '?']));
                // A cue that someone lives there (`wonende aan`, `woonachtig`) says whose
                // address it is: an organisation's address block a few lines away (`Aan de
                // Belastingdienst`, `Postbus ...`) does not make it a letterhead; a
                // letterhead word between the cue and the address does. A bare `Adres:`
                // goes by the block around it.
                let own_line =
                    &text[m.start() - (before.len() - cue.start)..ctx.line_range(line).end];
                let cue_word = before[cue.clone()].to_lowercase();
                let lives = ["woon", "wonend", "woont", "thuis", "huisadres", "verhuisd"]
                    .iter()
                    .any(|w| cue_word.contains(w));
                let letterhead = if lives && !is_street {
                    self.letterhead.found_in(own_line)
                } else {
                    self.in_letterhead(ctx, m.start())
                };
                if close && !letterhead {
                    street_hits.push(m.range());
                    personal_lines.push(line);
                }
            }
        }
        // A street address right after a person (`mevrouw Ter Beek aan de Kerkstraat 9`) or
        // right before a residence verb (`aan de Kerkstraat 9 in Zwolle woont`).
        for &m in &streets {
            if street_hits.iter().any(|s| super::overlaps(s, &m.range())) {
                continue;
            }
            let line = ctx.line_of(m.start());
            let range = ctx.line_range(line);
            let before = &text[range.start..m.start()];
            let before = &before[before.len() - floor_boundary_rev(before, 50)..];
            let after = &text[m.end().min(range.end)..range.end];
            let after = &after[..floor_boundary(after, 30)];
            let after = after.split(['.', ',', ';', '!', '?']).next().unwrap_or("");
            let person_before = PERSON_TITLE.is_match(before) && !before.contains(['.', ';']);
            if (person_before || self.residence.found_in(after))
                && !self.in_letterhead(ctx, m.start())
            {
                street_hits.push(m.range());
                personal_lines.push(line);
            }
        }
        for s in &street_hits {
            out.push(Hit::new(s.clone(), "street-address"));
        }
        // Postcodes on the same line as, or the line after, a personal street address, or
        // after a residence cue.
        for m in ctx.find_with_digits(&POSTCODE) {
            if !valid_postcode(m.as_str()) {
                continue;
            }
            let line = ctx.line_of(m.start());
            let line_start = ctx.line_range(line).start;
            let starts_line = text[line_start..m.start()].trim().is_empty();
            let on_address_line = personal_lines.contains(&line)
                || (starts_line && line > 0 && personal_lines.contains(&(line - 1)));
            let cued = self.residence.found_in(&text[line_start..m.start()])
                && !text[line_start..m.start()]
                    .to_lowercase()
                    .contains("postbus");
            // On the line of a personal address just found, it is that address's postcode.
            if on_address_line || (cued && !self.in_letterhead(ctx, m.start())) {
                out.push(Hit::new(m.range(), "postcode"));
            }
        }
    }

    /// Returns true if and only if the lines just above line `i` in its block name an
    /// organisation (then the address block is the organisation's).
    fn block_has_org(&self, ctx: &Context<'_>, i: usize) -> bool {
        let block = ctx.block(i, 3);
        (block.start..i).any(|l| self.organisation.found_in(ctx.line(l)))
    }

    fn birth_dates(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        let cells = ctx.column_cells(&self.birth);
        for m in ctx.find_with_digits(&DATE) {
            if cells
                .iter()
                .any(|c| c.start <= m.start() && m.end() <= c.end)
            {
                out.push(Hit::new(m.range(), "birth-date"));
                continue;
            }
            let before = ctx.before(m.start());
            let Some(cue) = self.birth.find_last(before) else {
                continue;
            };
            // The cue must be close: `geboren op`, `geb.:`, `geboortedatum: ` or a table cell.
            // Only connectives and a place may stand between cue and date:
            // `geboren op`, `geb.:`, `geboren te Zwolle op`.
            let gap = &before[cue.end..];
            let connective = gap
                .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
                .filter(|w| !w.is_empty())
                .all(|w| {
                    matches!(w, "op" | "te" | "in" | "d.d." | "per" | "is" | "was")
                        || w.starts_with(char::is_uppercase)
                        || w.starts_with('\'')
                });
            // `Geboortedatum kind: 14/02/2016`: a label of a few words ending in a colon.
            let label = gap.trim_end().ends_with(':') && gap.split_whitespace().count() <= 3;
            if gap.len() <= 40
                && (connective || label)
                && !gap.contains(|c: char| c.is_ascii_digit())
            {
                out.push(Hit::new(m.range(), "birth-date"));
            }
        }
    }

    fn plates(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        for m in ctx.find_with_digits(&PLATE) {
            let letters_ok = m
                .as_str()
                .chars()
                .filter(char::is_ascii_uppercase)
                .all(|c| PLATE_LETTERS.contains(c));
            if letters_ok || self.vehicle.found_in(ctx.before(m.start())) {
                out.push(Hit::new(m.range(), "licence-plate"));
            }
        }
        let cells = ctx.column_cells(&self.vehicle);
        for m in ctx.find_with_digits(&PLATE_BARE) {
            let s = m.as_str();
            let has_letter = s.chars().any(|c| c.is_ascii_uppercase());
            let has_digit = s.chars().any(|c| c.is_ascii_digit());
            let cued = cells
                .iter()
                .any(|c| c.start <= m.start() && m.end() <= c.end)
                || self.vehicle.found_in(ctx.before(m.start()));
            if has_letter && has_digit && cued {
                out.push(Hit::new(m.range(), "licence-plate"));
            }
        }
    }

    fn id_numbers(&self, ctx: &Context<'_>, out: &mut Vec<Hit>) {
        let cells = ctx.column_cells(&self.id_doc);
        for m in ctx.find_with_digits(&ID_DOC) {
            let s = m.as_str();
            if cells
                .iter()
                .any(|c| c.start <= m.start() && m.end() <= c.end)
            {
                out.push(Hit::new(m.range(), "id-number"));
                continue;
            }
            if s.chars().all(|c| c.is_ascii_digit()) {
                // Ten digits: a driving-licence number, only after `rijbewijs`.
                let before = ctx.before(m.start()).to_lowercase();
                if before.contains("rijbewijs") {
                    out.push(Hit::new(m.range(), "id-number"));
                }
                continue;
            }
            if self.id_doc.found_in(ctx.before(m.start())) {
                out.push(Hit::new(m.range(), "id-number"));
            }
        }
    }
}

/// The length of the longest suffix of `s` of at most `max` bytes that starts on a char
/// boundary.
fn floor_boundary_rev(s: &str, max: usize) -> usize {
    let mut i = s.len().saturating_sub(max);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    s.len() - i
}

/// The largest char boundary of `s` at or below `max`.
fn floor_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Returns true if and only if `pc` is a possible postcode: SA, SD and SS are never issued.
fn valid_postcode(pc: &str) -> bool {
    !(pc.ends_with("SA") || pc.ends_with("SD") || pc.ends_with("SS"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<(String, &'static str)> {
        let p = Patterns::new(&RuleSet::defaults());
        let ctx = Context::new(text);
        let mut out = Vec::new();
        p.detect(&ctx, &mut out);
        out.into_iter()
            .map(|h| (text[h.span].to_string(), h.detector))
            .collect()
    }

    #[test]
    fn elfproef_and_mod97() {
        assert!(elfproef("111222333"));
        assert!(elfproef("123456782"));
        assert!(!elfproef("123456789"));
        assert!(iban_valid("NL91ABNA0417164300"));
        assert!(!iban_valid("NL91ABNA0417164301"));
    }

    #[test]
    fn phone_notations() {
        for n in [
            "06 12 34 56 78",
            "06-12345678",
            "+31 6 1234 5678",
            "0031 70 123 4567",
            "+31(0)20 623 4567",
            "(020) 623 45 67",
            "070-7891234",
            "0229-123456",
        ] {
            let text = format!("Bel {n} graag.");
            assert_eq!(hits(&text), vec![(n.to_string(), "phone-number")], "{n}");
        }
        for not in [
            "0123456789",
            "0212 34 56 78",
            "070 340 79 11",
            "12-03-2021",
            "0800 1234",
            "2021-0012345",
            "14 070",
            "€ 1.234.567",
        ] {
            let text = format!("Zie {not} graag.");
            assert!(hits(&text).is_empty(), "{not}");
        }
    }

    #[test]
    fn email_local_part_on_org_domain() {
        let h = hits("Mail j.devries@minvws.nl of piet@gmail.com of woo@minvws.nl.");
        assert_eq!(
            h,
            vec![
                ("j.devries".to_string(), "email-address"),
                ("piet@gmail.com".to_string(), "email-address")
            ]
        );
    }

    #[test]
    fn bsn_needs_cue() {
        assert_eq!(hits("BSN: 111222333").len(), 1);
        assert!(hits("zaak 111222333").is_empty());
        assert!(hits("BSN: 123456789").is_empty());
    }

    #[test]
    fn address_block_vs_letterhead() {
        let personal = "De heer J. Jansen\nKastanjelaan 14\n3581 AB Utrecht\n";
        let h = hits(personal);
        assert_eq!(
            h,
            vec![
                ("Kastanjelaan 14".to_string(), "street-address"),
                ("3581 AB".to_string(), "postcode")
            ]
        );
        let office = "Bezoekadres:\nParnassusplein 5\n2511 VX Den Haag\n";
        assert!(hits(office).is_empty());
    }

    #[test]
    fn plates_and_ids() {
        assert_eq!(hits("kenteken GZ-123-K").len(), 1);
        assert!(hits("COVID-19 en MT-OBP").is_empty());
        assert_eq!(hits("paspoortnummer NPH7R2CK1").len(), 1);
        assert!(hits("kenmerk NPH7R2CK1").is_empty());
        assert_eq!(hits("geboren op 12 maart 1985").len(), 1);
        assert!(hits("vergadering op 12 maart 1985").is_empty());
    }
}
