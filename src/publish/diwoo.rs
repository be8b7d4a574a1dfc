//! DiWoo metadata: the `metadata/<ID>.xml` that goes with every published document, in the
//! form the national Woo-index harvests (DiWoo 0.9.8, KOOP; schema vendored in `schemas/diwoo/`).
//!
//! Plain string building: the part of the schema we write is small and fixed, and every text
//! and attribute value goes through one escape function that also drops what XML 1.0 forbids.

use std::fmt;
use std::str::FromStr;

/// The DiWoo namespace, bound to the prefix `diwoo`.
const NAMESPACE: &str = "https://standaarden.overheid.nl/diwoo/metadata/";

/// Defines an enum over entries of one value list in `diwoo-metadata-lijsten.xsd`, with the
/// resource URI and the label the list gives (a test checks both against the vendored file).
macro_rules! value_list {
    (
        $(#[$doc:meta])*
        $vis:vis enum $name:ident in $list:literal {
            $($(#[$vdoc:meta])* $variant:ident => $uri:literal, $label:literal;)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            #[allow(dead_code)]
            $vis const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name of the value list (`xs:simpleType`) in `diwoo-metadata-lijsten.xsd`.
            #[cfg(test)]
            const LIST: &'static str = $list;

            /// The resource URI from the value list.
            $vis fn uri(self) -> &'static str {
                match self {
                    $($name::$variant => $uri,)+
                }
            }

            /// The label the value list gives for [`Self::uri`].
            $vis fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }
    };
}

value_list! {
    /// `informatiecategorie`: the Woo information category. Everything woolak publishes is
    /// released with a decision on a Woo request (art. 4.1), so it is always this one.
    enum Informatiecategorie in "informatiecategorielijst" {
        WooVerzoekenEnBesluiten =>
            "https://identifier.overheid.nl/tooi/def/thes/kern/c_3baef532",
            "Woo-verzoeken en -besluiten";
    }
}

value_list! {
    /// `documenthandeling/soortHandeling`: what happened to the document at `atTime`.
    pub enum Handeling in "soorthandelinglijst" {
        /// The document was finalised (a note, a report, minutes).
        Vaststelling => "https://identifier.overheid.nl/tooi/def/thes/kern/c_641ecd76",
            "vaststelling";
        /// The document was signed (a decision letter).
        Ondertekening => "https://identifier.overheid.nl/tooi/def/thes/kern/c_e1ec050e",
            "ondertekening";
        /// The document was received (an incoming letter or e-mail).
        Ontvangst => "https://identifier.overheid.nl/tooi/def/thes/kern/c_dfcee535",
            "ontvangst";
    }
}

value_list! {
    /// `language`: the language of the document (EU language authority table).
    pub enum Language in "taallijst" {
        Nederlands => "http://publications.europa.eu/resource/authority/language/NLD",
            "Nederlands";
        Engels => "http://publications.europa.eu/resource/authority/language/ENG", "Engels";
        Fries => "http://publications.europa.eu/resource/authority/language/FRY", "Fries";
    }
}

value_list! {
    /// `format`: the file type of the published document (EU file-type authority table).
    pub enum Format in "formatlijst" {
        Pdf => "http://publications.europa.eu/resource/authority/file-type/PDF", "PDF";
        Txt => "http://publications.europa.eu/resource/authority/file-type/TXT", "Plain text";
    }
}

value_list! {
    /// `documentsoort`: the kind of document; the ones that are common in a Woo set.
    pub enum DocumentSoort in "documentsoortlijst" {
        /// The decision letter itself.
        BeslissingOpWooVerzoek => "https://identifier.overheid.nl/tooi/def/thes/kern/c_4f50ca9c",
            "beslissing op Wob-/Woo-verzoek";
        /// The request the decision answers.
        WooVerzoek => "https://identifier.overheid.nl/tooi/def/thes/kern/c_1cf18f83",
            "Wob-/Woo-verzoek";
        Advies => "https://identifier.overheid.nl/tooi/def/thes/kern/c_d506b718", "advies";
        Agenda => "https://identifier.overheid.nl/tooi/def/thes/kern/c_f90465b3", "agenda";
        Beslisnota => "https://identifier.overheid.nl/tooi/def/thes/kern/c_2977c34f",
            "beslisnota";
        Besluit => "https://identifier.overheid.nl/tooi/def/thes/kern/c_465163c9", "besluit";
        Besluitenlijst => "https://identifier.overheid.nl/tooi/def/thes/kern/c_d4a4792f",
            "besluitenlijst";
        Brief => "https://identifier.overheid.nl/tooi/def/thes/kern/c_7652d853", "brief";
        Rapport => "https://identifier.overheid.nl/tooi/def/thes/kern/c_3300f29a", "rapport";
        Vergaderverslag => "https://identifier.overheid.nl/tooi/def/thes/kern/c_42e406dd",
            "vergaderverslag";
    }
}

value_list! {
    /// `redenVerwijderingVervanging`: why this publication replaces an earlier one.
    pub enum Reden in "redenverwijderingvervanginglijst" {
        /// Re-publication after a redaction error.
        CorrectiePrivacygevoeligeGegevens =>
            "https://identifier.overheid.nl/tooi/def/thes/kern/c_098c1346",
            "correctie privacygevoelige gegevens";
        CorrectieProcedureleFout => "https://identifier.overheid.nl/tooi/def/thes/kern/c_c77c86e0",
            "correctie procedurele fout";
    }
}

/// An organisation: `publisher`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// The name, the element's text (e.g. `ministerie van Volksgezondheid, Welzijn en Sport`).
    pub name: String,
    /// The TOOI URI, the `resource` attribute. The schema accepts only URIs from its
    /// organisation lists (e.g. `https://identifier.overheid.nl/tooi/id/ministerie/mnre1025`).
    pub tooi_uri: String,
}

/// A reference to another document: `isPartOf`, `hasPart`.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentRef {
    /// The element's text: a title or name (e.g. the Besluitnaam of the Woo decision).
    pub title: String,
    /// The `resource` attribute, if known: the document's identifier or address.
    pub resource: Option<String>,
}

/// The DiWoo metadata of one published document.
///
/// Every text is published as given: pass the redacted title, never the source's.
#[derive(Clone, PartialEq, Eq)]
pub struct Record {
    /// `identifiers/identifier`, in this order: the document ID, then e.g. the Documentnummer.
    /// Left out when empty.
    pub identifiers: Vec<String>,
    /// `publisher`: the organisation that publishes the document.
    pub publisher: Organisation,
    /// `titelcollectie/officieleTitel`.
    pub title: String,
    /// `classificatiecollectie/documentsoorten/documentsoort`.
    pub document_soort: Option<DocumentSoort>,
    /// `creatiedatum`.
    pub creation_date: Option<Date>,
    /// `language`.
    pub language: Option<Language>,
    /// `format`.
    pub format: Option<Format>,
    /// `isPartOf`: the Woo decision (Besluitnaam) the document belongs to.
    pub is_part_of: Option<DocumentRef>,
    /// `hasParts/hasPart`: for a decision, the documents that belong to it. Left out when empty.
    pub has_parts: Vec<DocumentRef>,
    /// `documenthandelingen/documenthandeling/soortHandeling`.
    pub handeling: Handeling,
    /// `documenthandelingen/documenthandeling/atTime`: when [`Self::handeling`] happened.
    pub at_time: DateTime,
    /// `redenVerwijderingVervanging`: set when this publication replaces an earlier one.
    pub reden: Option<Reden>,
}

impl Record {
    /// A record with the required fields only.
    pub fn new(
        publisher: Organisation,
        title: impl Into<String>,
        handeling: Handeling,
        at_time: DateTime,
    ) -> Record {
        Record {
            identifiers: Vec::new(),
            publisher,
            title: title.into(),
            document_soort: None,
            creation_date: None,
            language: None,
            format: None,
            is_part_of: None,
            has_parts: Vec::new(),
            handeling,
            at_time,
            reden: None,
        }
    }
}

/// Shows sizes, not the titles: a record may be built from a title before it is redacted.
impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("identifiers", &self.identifiers.len())
            .field("publisher", &self.publisher.tooi_uri)
            .field("title", &format_args!("<{} bytes>", self.title.len()))
            .field("document_soort", &self.document_soort)
            .field("creation_date", &self.creation_date)
            .field("language", &self.language)
            .field("format", &self.format)
            .field("is_part_of", &self.is_part_of)
            .field("has_parts", &self.has_parts)
            .field("handeling", &self.handeling)
            .field("at_time", &self.at_time)
            .field("reden", &self.reden)
            .finish()
    }
}

impl fmt::Debug for DocumentRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentRef")
            .field("title", &format_args!("<{} bytes>", self.title.len()))
            .field("resource", &self.resource.as_ref().map(String::len))
            .finish()
    }
}

/// A calendar date, written as `xs:date` writes it: `YYYY-MM-DD`, no time zone.
pub use super::date::Date;

/// A moment as `xs:dateTime` writes it: `YYYY-MM-DDThh:mm:ss`, with `Z` or `±hh:mm` if the
/// time zone is known. A date alone is midnight (the DiWoo example writes `T00:00:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
    /// Offset from UTC in minutes; `None` when the time zone is not known.
    offset: Option<i16>,
}

impl DateTime {
    /// The moment, if the time of day is valid (hours 0 to 23, no leap second) and the
    /// offset is within ±14:00 (the `xs:dateTime` range), given in minutes east of UTC.
    pub fn new(
        date: Date,
        hour: u8,
        minute: u8,
        second: u8,
        offset: Option<i16>,
    ) -> Option<DateTime> {
        let offset_ok = offset.is_none_or(|m| (-14 * 60..=14 * 60).contains(&m));
        (hour < 24 && minute < 60 && second < 60 && offset_ok).then_some(DateTime {
            date,
            hour,
            minute,
            second,
            offset,
        })
    }
}

impl From<Date> for DateTime {
    fn from(date: Date) -> DateTime {
        DateTime {
            date,
            hour: 0,
            minute: 0,
            second: 0,
            offset: None,
        }
    }
}

impl FromStr for DateTime {
    type Err = DateError;

    /// Parses `YYYY-MM-DD` (midnight) or `YYYY-MM-DDThh:mm:ss`, optionally followed by `Z`
    /// or `±hh:mm`.
    fn from_str(s: &str) -> Result<DateTime, DateError> {
        const ERR: DateError = DateError("YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[Z|±hh:mm]");
        let date: Date = s.get(..10).ok_or(ERR)?.parse().map_err(|_: ()| ERR)?;
        let rest = &s.as_bytes()[10..];
        if rest.is_empty() {
            return Ok(date.into());
        }
        if rest.len() < 9 || rest[0] != b'T' || rest[3] != b':' || rest[6] != b':' {
            return Err(ERR);
        }
        let hour = digits(&rest[1..3]).ok_or(ERR)? as u8;
        let minute = digits(&rest[4..6]).ok_or(ERR)? as u8;
        let second = digits(&rest[7..9]).ok_or(ERR)? as u8;
        let offset = match &rest[9..] {
            [] => None,
            b"Z" => Some(0),
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = digits(&[*h1, *h2]).ok_or(ERR)? as i16;
                let m = digits(&[*m1, *m2]).ok_or(ERR)? as i16;
                if m >= 60 {
                    return Err(ERR);
                }
                let total = h * 60 + m;
                Some(if *sign == b'-' { -total } else { total })
            }
            _ => return Err(ERR),
        };
        DateTime::new(date, hour, minute, second, offset).ok_or(ERR)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.date, self.hour, self.minute, self.second
        )?;
        match self.offset {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

/// A date or moment that is not in the form `xs:date` or `xs:dateTime` accepts. The message
/// names the expected form, not the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("invalid date: expected {0}")]
pub struct DateError(&'static str);

/// The value of ASCII decimal `digits`, if they are all digits.
fn digits(digits: &[u8]) -> Option<u16> {
    digits.iter().try_fold(0u16, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
    })
}

/// The metadata document for `r`: UTF-8, elements in the order `DiWooType` declares them,
/// two-space indent, a final newline. The same record always gives the same bytes.
pub fn to_xml(r: &Record) -> String {
    let mut w = Writer {
        out: String::with_capacity(2048),
        depth: 0,
    };
    w.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    w.out
        .push_str(&format!("<diwoo:Document xmlns:diwoo=\"{NAMESPACE}\">\n"));
    w.depth = 1;
    w.open("DiWoo");
    if !r.identifiers.is_empty() {
        w.open("identifiers");
        for id in &r.identifiers {
            w.leaf("identifier", None, id);
        }
        w.close("identifiers");
    }
    w.leaf("publisher", Some(&r.publisher.tooi_uri), &r.publisher.name);
    w.open("titelcollectie");
    w.leaf("officieleTitel", None, &r.title);
    w.close("titelcollectie");
    w.open("classificatiecollectie");
    w.open("informatiecategorieen");
    let cat = Informatiecategorie::WooVerzoekenEnBesluiten;
    w.leaf("informatiecategorie", Some(cat.uri()), cat.label());
    w.close("informatiecategorieen");
    if let Some(soort) = r.document_soort {
        w.open("documentsoorten");
        w.leaf("documentsoort", Some(soort.uri()), soort.label());
        w.close("documentsoorten");
    }
    w.close("classificatiecollectie");
    if let Some(date) = r.creation_date {
        w.leaf("creatiedatum", None, &date.to_string());
    }
    if let Some(language) = r.language {
        w.leaf("language", Some(language.uri()), language.label());
    }
    if let Some(format) = r.format {
        w.leaf("format", Some(format.uri()), format.label());
    }
    if let Some(whole) = &r.is_part_of {
        w.leaf("isPartOf", whole.resource.as_deref(), &whole.title);
    }
    if !r.has_parts.is_empty() {
        w.open("hasParts");
        for part in &r.has_parts {
            w.leaf("hasPart", part.resource.as_deref(), &part.title);
        }
        w.close("hasParts");
    }
    w.open("documenthandelingen");
    w.open("documenthandeling");
    w.leaf(
        "soortHandeling",
        Some(r.handeling.uri()),
        r.handeling.label(),
    );
    w.leaf("atTime", None, &r.at_time.to_string());
    w.close("documenthandeling");
    w.close("documenthandelingen");
    if let Some(reden) = r.reden {
        w.leaf(
            "redenVerwijderingVervanging",
            Some(reden.uri()),
            reden.label(),
        );
    }
    w.close("DiWoo");
    w.out.push_str("</diwoo:Document>\n");
    w.out
}

/// Indented output of `diwoo:` elements.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &str) {
        self.indent();
        self.out.push_str(&format!("<diwoo:{name}>\n"));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str(&format!("</diwoo:{name}>\n"));
    }

    /// An element with text content and, if given, a `resource` attribute.
    fn leaf(&mut self, name: &str, resource: Option<&str>, text: &str) {
        self.indent();
        self.out.push_str("<diwoo:");
        self.out.push_str(name);
        if let Some(resource) = resource {
            self.out.push_str(" resource=\"");
            escape_into(&mut self.out, resource);
            self.out.push('"');
        }
        self.out.push('>');
        escape_into(&mut self.out, text);
        self.out.push_str("</diwoo:");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }
}

/// Appends `s` to `out` as XML text, fit for both element content and a quoted attribute
/// value.
///
/// The five markup characters become entities. Tab, line feed and carriage return become
/// character references, because a parser would otherwise change them: attribute values are
/// normalised to spaces and a CR in text is read as LF (XML 1.0 §2.11, §3.3.3). Characters
/// XML 1.0 does not allow (§2.2: C0 controls, U+FFFE, U+FFFF) are dropped, and so are DEL and
/// the C1 controls, which §2.2 discourages and which only reach a title through a wrong
/// decoding.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{20}'..='\u{7E}'
            | '\u{A0}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'..='\u{10FFFF}' => out.push(c),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::process::Command;

    const SCHEMA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/diwoo");

    fn vws() -> Organisation {
        Organisation {
            name: "ministerie van Volksgezondheid, Welzijn en Sport".into(),
            tooi_uri: "https://identifier.overheid.nl/tooi/id/ministerie/mnre1025".into(),
        }
    }

    fn minimal() -> Record {
        Record::new(
            vws(),
            "Verslag MT OBP 19 juli 2021",
            Handeling::Vaststelling,
            "2021-07-19".parse().unwrap(),
        )
    }

    fn full() -> Record {
        Record {
            identifiers: vec!["A1B2C3D4".into(), "0042".into()],
            publisher: vws(),
            title: "Besluit op uw Woo-verzoek over mondkapjes".into(),
            document_soort: Some(DocumentSoort::BeslissingOpWooVerzoek),
            creation_date: Some("2024-02-29".parse().unwrap()),
            language: Some(Language::Nederlands),
            format: Some(Format::Pdf),
            is_part_of: Some(DocumentRef {
                title: "Woo-besluit mondkapjes".into(),
                resource: Some("https://open.minvws.nl/dossier/VWS-WOO/123".into()),
            }),
            has_parts: vec![
                DocumentRef {
                    title: "Bijlage 1".into(),
                    resource: Some("A1B2C3D5".into()),
                },
                DocumentRef {
                    title: "Bijlage 2".into(),
                    resource: None,
                },
            ],
            handeling: Handeling::Ondertekening,
            at_time: "2024-03-01T14:30:00+01:00".parse().unwrap(),
            reden: Some(Reden::CorrectiePrivacygevoeligeGegevens),
        }
    }

    /// Every character class the escaper treats specially, and what survives of it.
    const HOSTILE: &str = "Brief <b>\"ja\" & 'nee'</b> ]]> \u{0}\u{1}\u{8}\u{B}\u{C}\u{1B}\
                           \u{7F}\u{85}\u{9F}\u{FFFE}\u{FFFF} tab\there\nlf\r\ncrlf \
                           Citroën façade – ✓ 𝄞";
    const HOSTILE_KEPT: &str = "Brief <b>\"ja\" & 'nee'</b> ]]>  tab\there\nlf\r\ncrlf \
                                Citroën façade – ✓ 𝄞";

    fn hostile() -> Record {
        let mut r = full();
        r.title = HOSTILE.into();
        r.identifiers = vec![HOSTILE.into()];
        r.publisher.name = HOSTILE.into();
        r.is_part_of = Some(DocumentRef {
            title: HOSTILE.into(),
            resource: Some(HOSTILE.into()),
        });
        r.has_parts = vec![DocumentRef {
            title: HOSTILE.into(),
            resource: Some(HOSTILE.into()),
        }];
        r
    }

    /// Returns true if and only if xmllint can be run. Under CI (`CI` set) a missing xmllint
    /// fails the test, so a green run cannot hide a skipped oracle.
    fn have_xmllint() -> bool {
        let found = Command::new("xmllint").arg("--version").output().is_ok();
        if !found {
            assert!(
                std::env::var_os("CI").is_none(),
                "xmllint is not installed; CI must install libxml2-utils"
            );
            eprintln!("skipped: xmllint is not installed (Debian package libxml2-utils)");
        }
        found
    }

    /// Runs xmllint from the crate root with the vendored catalog, as `schemas/diwoo/README.md`
    /// says, on `file` with `args`.
    fn xmllint(args: &[&str], file: &Path) -> std::process::Output {
        Command::new("xmllint")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("XML_CATALOG_FILES", "schemas/diwoo/catalog.xml")
            .arg("--nonet")
            .args(args)
            .arg(file)
            .output()
            .expect("xmllint runs")
    }

    /// Validates `xml` against the vendored DiWoo schema. `None` when xmllint is not installed.
    fn validate(xml: &str) -> Option<Result<(), String>> {
        if !have_xmllint() {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("metadata.xml");
        std::fs::write(&file, xml).unwrap();
        let o = xmllint(
            &["--noout", "--schema", "schemas/diwoo/diwoo-metadata.xsd"],
            &file,
        );
        if o.status.success() {
            Some(Ok(()))
        } else {
            Some(Err(format!(
                "xmllint: {}: {}",
                o.status,
                String::from_utf8_lossy(&o.stderr)
            )))
        }
    }

    fn assert_valid(xml: &str) {
        if let Some(Err(e)) = validate(xml) {
            panic!("not valid DiWoo 0.9.8: {e}\n{xml}");
        }
    }

    /// The string value of XPath `expr` on `xml`, as xmllint reads the file back. `None` when
    /// xmllint is not installed.
    fn xpath_string(xml: &str, expr: &str) -> Option<String> {
        if !have_xmllint() {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("metadata.xml");
        std::fs::write(&file, xml).unwrap();
        let o = xmllint(&["--xpath", &format!("string({expr})")], &file);
        assert!(o.status.success(), "xmllint --xpath {expr} failed");
        let mut text = String::from_utf8(o.stdout).unwrap();
        // xmllint ends the result with a line feed of its own.
        assert_eq!(text.pop(), Some('\n'));
        Some(text)
    }

    /// The first element named `name`, whatever its namespace.
    fn first(name: &str) -> String {
        format!("(//*[local-name()='{name}'])[1]")
    }

    #[test]
    fn minimal_record_is_exact_and_valid() {
        let xml = to_xml(&minimal());
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<diwoo:Document xmlns:diwoo="https://standaarden.overheid.nl/diwoo/metadata/">
  <diwoo:DiWoo>
    <diwoo:publisher resource="https://identifier.overheid.nl/tooi/id/ministerie/mnre1025">ministerie van Volksgezondheid, Welzijn en Sport</diwoo:publisher>
    <diwoo:titelcollectie>
      <diwoo:officieleTitel>Verslag MT OBP 19 juli 2021</diwoo:officieleTitel>
    </diwoo:titelcollectie>
    <diwoo:classificatiecollectie>
      <diwoo:informatiecategorieen>
        <diwoo:informatiecategorie resource="https://identifier.overheid.nl/tooi/def/thes/kern/c_3baef532">Woo-verzoeken en -besluiten</diwoo:informatiecategorie>
      </diwoo:informatiecategorieen>
    </diwoo:classificatiecollectie>
    <diwoo:documenthandelingen>
      <diwoo:documenthandeling>
        <diwoo:soortHandeling resource="https://identifier.overheid.nl/tooi/def/thes/kern/c_641ecd76">vaststelling</diwoo:soortHandeling>
        <diwoo:atTime>2021-07-19T00:00:00</diwoo:atTime>
      </diwoo:documenthandeling>
    </diwoo:documenthandelingen>
  </diwoo:DiWoo>
</diwoo:Document>
"#
        );
        assert_valid(&xml);
    }

    #[test]
    fn full_record_is_valid() {
        let xml = to_xml(&full());
        for part in [
            "<diwoo:identifier>A1B2C3D4</diwoo:identifier>",
            "<diwoo:identifier>0042</diwoo:identifier>",
            "kern/c_4f50ca9c\">beslissing op Wob-/Woo-verzoek</diwoo:documentsoort>",
            "<diwoo:creatiedatum>2024-02-29</diwoo:creatiedatum>",
            "language/NLD\">Nederlands</diwoo:language>",
            "file-type/PDF\">PDF</diwoo:format>",
            "<diwoo:isPartOf resource=\"https://open.minvws.nl/dossier/VWS-WOO/123\">\
             Woo-besluit mondkapjes</diwoo:isPartOf>",
            "<diwoo:hasPart resource=\"A1B2C3D5\">Bijlage 1</diwoo:hasPart>",
            "<diwoo:hasPart>Bijlage 2</diwoo:hasPart>",
            "kern/c_e1ec050e\">ondertekening</diwoo:soortHandeling>",
            "<diwoo:atTime>2024-03-01T14:30:00+01:00</diwoo:atTime>",
            "kern/c_098c1346\">correctie privacygevoelige gegevens\
             </diwoo:redenVerwijderingVervanging>",
        ] {
            assert!(xml.contains(part), "missing {part}\n{xml}");
        }
        assert_valid(&xml);
    }

    #[test]
    fn every_value_of_every_list_is_valid() {
        for (i, &handeling) in Handeling::ALL.iter().enumerate() {
            let mut r = full();
            r.handeling = handeling;
            r.language = Some(Language::ALL[i % Language::ALL.len()]);
            r.format = Some(Format::ALL[i % Format::ALL.len()]);
            r.reden = Some(Reden::ALL[i % Reden::ALL.len()]);
            assert_valid(&to_xml(&r));
        }
        for &soort in DocumentSoort::ALL {
            let mut r = minimal();
            r.document_soort = Some(soort);
            assert_valid(&to_xml(&r));
        }
    }

    #[test]
    fn hostile_text_is_escaped_and_valid() {
        let xml = to_xml(&hostile());
        assert!(
            xml.chars()
                .all(|c| c == '\n' || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}')),
            "character outside XML 1.0 in output"
        );
        assert!(!xml.contains("<b>") && !xml.contains("]]>"));
        let escaped = "Brief &lt;b&gt;&quot;ja&quot; &amp; &apos;nee&apos;&lt;/b&gt; ]]&gt;  \
                       tab&#9;here&#10;lf&#13;&#10;crlf Citroën façade – ✓ 𝄞";
        assert!(
            xml.contains(&format!(
                "<diwoo:officieleTitel>{escaped}</diwoo:officieleTitel>"
            )),
            "{xml}"
        );
        assert!(
            xml.contains(&format!("<diwoo:isPartOf resource=\"{escaped}\">")),
            "{xml}"
        );
        assert_valid(&xml);
        // A parser reads back exactly the text less the characters XML cannot hold, in text
        // content and in attribute values alike.
        for name in [
            "officieleTitel",
            "publisher",
            "identifier",
            "isPartOf",
            "hasPart",
        ] {
            if let Some(text) = xpath_string(&xml, &first(name)) {
                assert_eq!(text, HOSTILE_KEPT, "{name}");
            }
        }
        for name in ["isPartOf", "hasPart"] {
            if let Some(text) = xpath_string(&xml, &format!("{}/@resource", first(name))) {
                assert_eq!(text, HOSTILE_KEPT, "{name}/@resource");
            }
        }
    }

    #[test]
    fn wrong_soort_handeling_fails_validation() {
        let good = to_xml(&minimal());
        let bad = good.replace(
            Handeling::Vaststelling.uri(),
            "https://identifier.overheid.nl/tooi/def/thes/kern/c_00000000",
        );
        assert_ne!(good, bad);
        if let Some(result) = validate(&bad) {
            let err = result.expect_err("a soortHandeling outside the value list validated");
            assert!(err.contains("soortHandeling"), "{err}");
        }
    }

    #[test]
    fn date_without_time_in_at_time_fails_validation() {
        // Why `DateTime` always writes a time: `atTime` is `xs:dateTime`.
        let bad = to_xml(&minimal()).replace("2021-07-19T00:00:00", "2021-07-19");
        if let Some(result) = validate(&bad) {
            let err = result.expect_err("atTime without a time validated");
            assert!(err.contains("atTime"), "{err}");
        }
    }

    #[test]
    fn vendored_example_is_valid() {
        let example = std::fs::read_to_string(format!("{SCHEMA_DIR}/example-document.xml"));
        assert_valid(&example.unwrap());
    }

    /// The `xs:simpleType` named `list` in the vendored value lists.
    fn simple_type<'a>(lists: &'a str, list: &str) -> &'a str {
        let start = lists
            .find(&format!("<xs:simpleType name=\"{list}\""))
            .unwrap_or_else(|| panic!("no value list {list}"));
        let len = lists[start..].find("</xs:simpleType>").unwrap();
        &lists[start..start + len]
    }

    /// The first label (`dita:p`) of the value `uri` in `list`.
    fn label_in(list: &str, uri: &str) -> Option<String> {
        let at = list.find(&format!("<xs:enumeration value=\"{uri}\">"))?;
        let rest = &list[at..];
        let p = rest.find("<dita:p")?;
        let open_end = p + rest[p..].find('>')? + 1;
        let close = open_end + rest[open_end..].find("</dita:p>")?;
        Some(rest[open_end..close].to_string())
    }

    #[test]
    fn codes_and_labels_are_from_the_value_lists() {
        let lists =
            std::fs::read_to_string(format!("{SCHEMA_DIR}/diwoo-metadata-lijsten.xsd")).unwrap();
        macro_rules! check {
            ($($ty:ty),+) => {$(
                let list = simple_type(&lists, <$ty>::LIST);
                for &v in <$ty>::ALL {
                    assert_eq!(
                        label_in(list, v.uri()).as_deref(),
                        Some(v.label()),
                        "{v:?} in {}",
                        <$ty>::LIST
                    );
                }
            )+};
        }
        check!(
            Informatiecategorie,
            Handeling,
            Language,
            Format,
            DocumentSoort,
            Reden
        );
        let ministries = simple_type(&lists, "ministerielijst");
        assert_eq!(
            label_in(ministries, &vws().tooi_uri).as_deref(),
            Some(vws().name.as_str())
        );
    }

    #[test]
    fn elements_follow_the_schema_order() {
        let schema = std::fs::read_to_string(format!("{SCHEMA_DIR}/diwoo-metadata.xsd")).unwrap();
        let start = schema.find("<xs:complexType name=\"DiWooType\">").unwrap();
        let block = &schema[start..start + schema[start..].find("</xs:complexType>").unwrap()];
        let declared: Vec<&str> = block
            .split("<xs:element name=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert!(declared.len() > 10, "{declared:?}");
        let xml = to_xml(&full());
        let written: Vec<&str> = xml
            .lines()
            .filter_map(|l| l.strip_prefix("    <diwoo:"))
            .map(|l| &l[..l.find([' ', '>']).unwrap()])
            .collect();
        let positions: Vec<usize> = written
            .iter()
            .map(|w| declared.iter().position(|d| d == w).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|p| p[0] < p[1]),
            "{written:?} not in the order of {declared:?}"
        );
        assert_eq!(written.len(), 11, "{written:?}");
    }

    #[test]
    fn debug_shows_no_titles() {
        let shown = format!("{:?}", hostile());
        assert!(
            !shown.contains("Brief") && !shown.contains("Citro"),
            "{shown}"
        );
    }

    #[test]
    fn dates_parse_strictly() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        for bad in [
            "2023-02-29",
            "2100-02-29",
            "0000-01-01",
            "2021-7-19",
            "19-07-2021",
            "2021-07-19 ",
            "2021-13-01",
            "2021-04-31",
            "２０２１-07-19",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        for (input, shown) in [
            ("2021-07-19", "2021-07-19T00:00:00"),
            ("2021-07-19T23:59:59", "2021-07-19T23:59:59"),
            ("2021-07-19T10:00:00Z", "2021-07-19T10:00:00Z"),
            ("2021-07-19T10:00:00+00:00", "2021-07-19T10:00:00Z"),
            ("2021-07-19T10:00:00+02:00", "2021-07-19T10:00:00+02:00"),
            ("2021-07-19T10:00:00-09:30", "2021-07-19T10:00:00-09:30"),
        ] {
            let t: DateTime = input.parse().unwrap();
            assert_eq!(t.to_string(), shown, "{input}");
        }
        for bad in [
            "2021-07-19T",
            "2021-07-19T10:00",
            "2021-07-19T24:00:00",
            "2021-07-19T10:60:00",
            "2021-07-19T10:00:60",
            "2021-07-19T10:00:00.5",
            "2021-07-19T10:00:00+15:00",
            "2021-07-19T10:00:00+02:60",
            "2021-07-19T10:00:00+0200",
            "2021-07-19 10:00:00",
            "2021-07-1é",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad}");
        }
        assert!("x".parse::<Date>().is_err());
    }
}
