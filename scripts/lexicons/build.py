#!/usr/bin/env python3
"""Rebuild woolak's person-name lexicons from pinned, licensed upstream data.

Outputs (in --out, default: <repo>/rules/lexicons):
  first_names.txt          faker + mimesis given names (MIT): base sources (Dutch, Flemish,
                           Turkish, Algerian) plus every Latin-script faker/mimesis locale
  first_names_namdict.txt  extra given names from Joerg Michael's nam_dict.txt
                           (GFDL-1.2-or-later), minus those in the base part of first_names.txt
  surnames.txt             faker + mimesis surnames (MIT), particles stripped; same sources
  places.txt               faker nl_NL woonplaatsen + provinces (MIT)
  common_words.txt         OpenTaal lowercase Dutch words (BSD-3-Clause or CC-BY-3.0)

Usage (from the repo root):
  python3 scripts/lexicons/build.py            # temp venv + apt-get download, then build
  python3 scripts/lexicons/build.py --check    # rebuild into a temp dir and diff with the shipped files

The outer run makes a throw-away virtualenv, installs the pinned wheels with
`pip --require-hashes --no-deps`, fetches the pinned Debian wdutch .deb with
`apt-get download` (checked against its SHA-256), and re-runs this file with the
venv's interpreter in --extract mode. Output is deterministic: NFC-normalised,
deduplicated, sorted by Unicode code point (== `LC_ALL=C sort` on UTF-8), one entry
per line, trailing newline, no blank lines, no comments.
See rules/lexicons/SOURCES.md for origins, licences and filtering rules.
"""

from __future__ import annotations

import argparse
import filecmp
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

# ---------------------------------------------------------------- pins
WHEELS = {
    # name==version: sha256 of the wheel served by PyPI
    "faker==40.54.0": "2dd88ee8cb63a9149e19ef48bdd73879bc3854d8ba2d6c1535e902a762e603f7",
    "mimesis==22.2.0": "037011eb3d5edf0b0b5d9eafd74d9881f6dce25b4f01032da0e13fb2a56f37e9",
    "gender-guesser==0.4.0": "7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222",
}
WDUTCH_VERSION = "1:2.20.19-2"  # Debian bookworm, source package "dutch" (OpenTaal)
WDUTCH_SHA256 = "79dc0dbbd9b3e029ba84423a804c635aca87105521962f9b4c3023399c94dc35"
WDUTCH_DICT = "usr/share/dict/dutch"

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "rules" / "lexicons"
OUTPUT_FILES = [
    "first_names.txt",
    "first_names_namdict.txt",
    "surnames.txt",
    "places.txt",
    "common_words.txt",
    # licence notices copied verbatim from the pinned packages
    "LICENSES/faker-LICENSE.txt",
    "LICENSES/mimesis-LICENSE.txt",
    "LICENSES/nam_dict-NOTICE.txt",
    "LICENSES/opentaal-wdutch-copyright.txt",
]
# LICENSES/GFDL-1.2.txt is committed as is (Debian base-files /usr/share/common-licenses/GFDL-1.2).

# ---------------------------------------------------------------- rules
# Particles dropped by the brief's surname rule (an entry equal to one of these is dropped).
PARTICLES = {
    "van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "d'", "la", "le",
    "du", "von", "op", "in", "uit", "aan", "bij",
}
# Leading tokens stripped from a surname to get its core. Superset of PARTICLES with the
# historical / Flemish spellings that occur in the sources ("aen", "then", "tho", "vant",
# "Vander", "Vanden" ...), plus "'s" ('s Gravensande) and "die" (die Bont).
STRIP_LEADING = PARTICLES | {
    "'s", "t", "an", "aen", "am", "ant", "int", "opt", "vant", "van't", "up", "tot",
    "to", "toe", "tee", "teer", "tho", "thoe", "them", "then", "die", "des", "del",
    "della", "di", "da", "dos", "das", "zu", "und", "vander", "vanden", "vande",
    "ver", "op't", "in't", "uyt",
}
# faker nl_NL last_names includes a genealogy of early-medieval nobility (given name +
# "van" + territory) and a few non-surnames; these raw entries are skipped.
FAKER_NL_SURNAME_SKIP = {
    "Aelftrud van Wessex", "Alpaidis", "Amalrada", "Billung", "Bourgondië, van",
    "Chrodtrud", "Coreth von und zu Coredo und Starkenberg", "Gepa van Bourgondië",
    "Godfrey van Alemannië", "Hemma van Allemanië",
    "Henric van den Nuwenhuse", "Heribert van Laon", "Klomp Jan",
    "Luitgardis van Neustrië", "Oda", "Saxo", "The Elder", "Unruoch Hunerik", "VI",
    "Waltrade Walderade", "Welf", "Werl-Arnsberg, van", "West-Francië, van",
    "den Haag", "van Allemanië", "van Bernicia", "van Beieren", "van Boulogne",
    "van Dagsburg", "van Egisheim", "van Engeland", "van Este", "van Formbach",
    "van Hamaland", "van Haspengouw", "van Haspengouw Hesbaye", "van Henegouwen",
    "van Herstal", "van Hostaden", "van Jumiège", "van Laon", "van Luxemburg",
    "van Maasgouw", "van Metz", "van Nederlotharingen", "van Northeim",
    "van Opper-Lotharingen", "van Orleans", "van Parijs", "van Rheineck", "van Saksen",
    "van Salm", "van Schweinfurt", "van Susa", "van Tours", "van Verdun",
    "van Vermandois", "van Vlaanderen", "van Wessex", "van Westfalen", "van Zwaben",
    "van de Elzas", "van de Noordmark", "van Brunswijk", "van Bentheim", "van Drenthe",
    "van Holland", "van Limburg",
}

# nam_dict.txt columns (see gender_guesser/detector.py COUNTRIES) and the ones we keep.
NAMDICT_COUNTRIES = """great_britain ireland usa italy malta portugal spain france
    belgium luxembourg the_netherlands east_frisia germany austria swiss iceland denmark
    norway sweden finland estonia latvia lithuania poland czech_republic slovakia hungary
    romania bulgaria bosniaand croatia kosovo macedonia montenegro serbia slovenia albania
    greece russia belarus moldova ukraine armenia azerbaijan georgia the_stans turkey
    arabia israel china india japan korea vietnam other_countries""".split()
NAMDICT_KEEP = ("the_netherlands", "east_frisia", "belgium", "turkey", "arabia")
NAMDICT_RARE = 1

# ---- sources of first_names.txt / surnames.txt
# Base sources (the lists as first built). Their entries are never removed by the
# extension rules below, and first_names_namdict.txt is computed against them only.
FAKER_BASE = ("nl_NL", "nl_BE", "tr_TR", "fr_DZ")
MIMESIS_BASE_GIVEN = ("nl", "tr")
MIMESIS_BASE_SURNAMES = ("nl", "nl-be", "tr")

# Extension: every other faker person provider whose name lists are Latin script
# (checked one by one against faker 40.54.0). Left out because their lists are in another
# script and the provider has no romanised list: ar_AA ar_DZ ar_PS ar_SA fa_IR (Arabic),
# bg_BG mk_MK ru_RU uk_UA (Cyrillic), el_GR (Greek), he_IL (Hebrew), hy_AM (Armenian),
# ka_GE (Georgian), hi_IN mr_IN ne_NP (Devanagari), bn_BD gu_IN or_IN si_LK ta_IN th_TH
# ko_KR (other Indic/Thai/Hangul). faker 40.54.0 has no person provider for tl_PH/fil_PH.
FAKER_EXT = (
    "az_AZ", "cs_CZ", "da_DK", "de_AT", "de_CH", "de_DE", "de_LI", "de_LU",
    "en", "en_GB", "en_IE", "en_IN", "en_KE", "en_NG", "en_NZ", "en_PK", "en_TH", "en_US",
    "es", "es_AR", "es_CA", "es_CL", "es_CO", "es_ES", "es_MX",
    "et_EE", "fi_FI", "fr_BE", "fr_CA", "fr_CH", "fr_FR", "fr_QC", "ga_IE", "ha_NG",
    "hr_HR", "hu_HU", "id_ID", "ig_NG", "is_IS", "it_IT", "lt_LT", "lv_LV", "no_NO",
    "pl_PL", "pt_BR", "pt_PT", "ro_RO", "sk_SK", "sl_SI", "sv_SE", "sw", "tw_GH",
    "uz_UZ", "vi_VN", "yo_NG", "zu_ZA",
    # CJK providers: only their romanised lists (first/last_romanized_names) are Latin
    "ja_JP", "zh_CN", "zh_TW",
)
# Provider attributes read (every one of these the locale defines; the base class's
# placeholders John/Jane/Doe are skipped). Not read: middle_names (vi_VN "Văn", "Thị";
# Russian/Ukrainian patronymics; Icelandic middle names) and is_IS
# last_names_without_suffix (patronymic stems such as "Aages").
FAKER_GIVEN_ATTR = re.compile(r"^first_(?:romanized_)?names(?:_[a-z]+)?$")
FAKER_SURNAME_ATTR = re.compile(
    r"^(?:last_(?:romanized_)?names(?:_(?:male|female|unisex|nonbinary|common|est|rus"
    r"|male_only|female_only|hinduism|islamic))?|(?:male|female|unisex)_last_names)$"
)
# mimesis 22.2.0 locales whose person.json names/surnames are Latin script. Left out
# (other script): ar*, el, fa, ja, kk, ko, ru, uk, zh. mimesis' own romanize() (ru/uk/kk)
# is not used: its tables give non-standard spellings (я -> "ja", й -> "ye", ь -> "’").
MIMESIS_EXT = (
    "az", "cs", "da", "de", "de-at", "de-ch", "en", "en-au", "en-ca", "en-gb", "es",
    "es-mx", "et", "fi", "fr", "hr", "hu", "is", "it", "no", "pl", "pt", "pt-br", "sk", "sv",
)
# Greek small epsilon used for the Twi/Akan open e in three tw_GH surnames ("Akyerεko").
HOMOGLYPHS = str.maketrans({"\u03b5": "\u025b"})
# Polish surnames: faker pl_PL only lists the masculine form of adjectival surnames; the
# feminine form is derived by the regular ending change (Kowalski -> Kowalska).
POLISH_FEMININE = (("dzki", "dzka"), ("cki", "cka"), ("ski", "ska"))
# Extension filter word list: the "1000 basiswoorden" list that faker ships as its nl
# lorem word list (faker/providers/lorem/nl_BE, reused by nl_NL). A new entry is dropped
# when its lowercase form is in common_words.txt and in this list. No licensed Dutch
# frequency ranking (top-3000) is available offline here; see SOURCES.md.
FREQ_PROXY_MODULE = "faker.providers.lorem.nl_BE"
# A new entry must contain a vowel (after removing diacritics); drops abbreviations
# such as "Wm", "Md", "Jc" and junk such as "Xx", "Lg", "Scc" in the mimesis lists.
VOWELS = set("aeiouyæøœåəı")

COMMON_MIN_LEN = 3
COMMON_MAX_LEN_ALL = 7  # every qualifying word of length 3..7 is kept
COMMON_MAX_LEN_COLLIDE = 20  # longer words kept only if they equal a lexicon entry/part

LATIN_NAME = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


def nfc(s: str) -> str:
    """NFC, trimmed, and the IJ ligature (U+0132/U+0133, used by nam_dict) spelt as two letters."""
    return unicodedata.normalize("NFC", s.strip()).replace("\u0132", "IJ").replace("\u0133", "ij")


def is_latin_word(s: str) -> bool:
    """Letters (Latin script only), optionally joined by hyphen/apostrophe."""
    if not LATIN_NAME.match(s):
        return False
    return all(
        (not ch.isalpha()) or unicodedata.name(ch, "").startswith("LATIN")
        for ch in s
    )


def base_filter(s: str) -> bool:
    """Brief: drop entries shorter than 2 chars and entries with digits."""
    return len(s) >= 2 and not any(ch.isdigit() for ch in s)


def clean_given(name: str) -> str | None:
    s = nfc(name)
    if not base_filter(s) or not is_latin_word(s):
        return None
    if not s[0].isupper() or not any(ch.islower() for ch in s):
        return None  # needs a capital first letter and is not an all-caps acronym
    return s


def cap_first(s: str) -> str:
    return s[:1].upper() + s[1:]


def surname_cores(raw: str) -> list[str]:
    """'van der Meulen' -> ['Meulen']; 'Ven-van Dijk' -> ['Ven', 'Dijk'];
    'Willems van Lier' -> ['Willems', 'Lier']; 'Klein Hesselink' -> ['Klein Hesselink']."""
    s = nfc(raw).replace("’", "'")
    s = re.sub(r"\s+", " ", s)
    if ", " in s:  # inverted form "Bourgondië, van"
        head, _, tail = s.partition(", ")
        if all(t.lower() in STRIP_LEADING for t in tail.split()):
            s = head
    out: list[str] = []
    for part in s.split("-"):
        toks = [t for t in part.split(" ") if t]
        # attached particles: "d'Hondt" -> "Hondt", "Van'T Hout" -> "Hout"
        toks2 = []
        for t in toks:
            m = re.match(r"^(d'|D'|'t|Van'T|van't|Van't)(\S+)$", t)
            if m and m.group(2)[:1].isalpha():
                toks2.extend([m.group(1), m.group(2)])
            else:
                toks2.append(t)
        # split into segments at particle runs; a lowercase token other than the last
        # one counts as a particle too ("aen", "thoe", "an" in historical spellings)
        segs: list[list[str]] = [[]]
        for i, t in enumerate(toks2):
            last = i == len(toks2) - 1
            if t.lower() in STRIP_LEADING or (t[:1].islower() and not last):
                if segs[-1]:
                    segs.append([])
            else:
                segs[-1].append(t)
        for seg in segs:
            if seg:
                out.append(cap_first(" ".join(seg)))
    res = []
    for c in out:
        if not base_filter(c) or c.lower() in PARTICLES:
            continue
        if not all(is_latin_word(w) for w in c.split(" ")):
            continue
        if not any(ch.islower() for ch in c):
            continue
        res.append(c)
    return res


PLACE_RE = re.compile(r"^['’]?[^\W\d_]+(?:[ '’.()\-]+[^\W\d_]*)*$")


def clean_places(name: str) -> list[str]:
    """Woonplaats as written, plus the bare name when it carries a disambiguator:
    'Bergen (NH)' -> ['Bergen (NH)', 'Bergen']; 'Spaarndam gem. Haarlem' -> [..., 'Spaarndam']."""
    s = re.sub(r"\s+", " ", nfc(name))
    if not base_filter(s) or not PLACE_RE.match(s):
        return []
    if not any(ch.isupper() for ch in s):
        return []
    if not all(unicodedata.name(ch, "").startswith("LATIN") for ch in s if ch.isalpha()):
        return []
    out = [s]
    bare = re.sub(r" (\([^)]*\)|gem\. .*)$", "", s)
    if bare != s and base_filter(bare):
        out.append(bare)
    return out


def write_list(path: Path, items) -> int:
    items = sorted(set(items))
    for it in items:
        assert it and "\n" not in it and it == it.strip(), repr(it)
    path.write_text("".join(f"{it}\n" for it in items), encoding="utf-8")
    return len(items)


# ---------------------------------------------------------------- extract (inside venv)
def extract(out: Path, wdutch_dict: Path) -> None:
    import importlib

    import faker  # noqa: F401  (pinned version checked below)
    import gender_guesser
    import mimesis
    from importlib.metadata import version

    want = {k.split("==")[0]: k.split("==")[1] for k in WHEELS}
    for dist, ver in want.items():
        got = version(dist)
        if got != ver:
            sys.exit(f"{dist} {got} installed, {ver} pinned")

    def faker_person(loc):
        return importlib.import_module(f"faker.providers.person.{loc}").Provider

    mim = Path(mimesis.__file__).parent / "datasets"

    def mim_person(loc):
        return json.loads((mim / loc / "person.json").read_text(encoding="utf-8"))

    # ---- first names (MIT), base sources
    given_raw: list[str] = []
    for loc in FAKER_BASE:
        given_raw += list(faker_person(loc).first_names)
    for loc in MIMESIS_BASE_GIVEN:
        d = mim_person(loc)["names"]
        given_raw += list(d["male"]) + list(d["female"])
    first = {c for c in map(clean_given, given_raw) if c}

    # ---- OpenTaal word list (needed below and for common_words.txt)
    words = [nfc(w) for w in wdutch_dict.read_text(encoding="utf-8").split("\n")]
    all_lower = {w for w in words if w and w.isalpha() and w.islower()}

    # ---- extra first names from nam_dict.txt (GFDL-1.2-or-later)
    nd = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    idx = [NAMDICT_COUNTRIES.index(c) for c in NAMDICT_KEEP]
    best: dict[str, int] = {}  # name -> highest frequency (1..13) in the kept columns
    with nd.open(encoding="utf-8") as fh:
        for line in fh:
            if line[:1] in "#=" or len(line) < 31:
                continue
            if line[29] == "+":  # duplicate line sorted with expanded umlauts
                continue
            name = line[3:29].strip()
            vals = line[30:]
            freq = max(
                (int(vals[i], 16) for i in idx if i < len(vals) and vals[i] in "123456789ABCDabcd"),
                default=0,
            )
            if freq == 0:
                continue
            variants = [name]
            if "+" in name:  # Arabic/Chinese/Korean compound: "Abd+al+Aziz"
                variants = [name.replace("+", ""), name.replace("+", "-")]
            for v in variants:
                c = clean_given(v)
                if c and c not in first:
                    best[c] = max(best.get(c, 0), freq)
    # rare (frequency 1 = "rare" in every kept country) AND an ordinary Dutch word: dropped
    # ("Meisje", "Door", "Tien", "Maart", "Oude" ...); frequent ones ("Koos", "Wil") stay.
    extra = {c for c, f in best.items() if not (f == NAMDICT_RARE and c.lower() in all_lower)}

    # ---- surnames (MIT), base sources
    sur_raw: list[str] = []
    for loc in FAKER_BASE:
        names = list(faker_person(loc).last_names)
        if loc == "nl_NL":
            names = [n for n in names if n not in FAKER_NL_SURNAME_SKIP]
        sur_raw += names
    for loc in MIMESIS_BASE_SURNAMES:
        sur_raw += list(mim_person(loc)["surnames"])
    surnames = {c for n in sur_raw for c in surname_cores(n)}

    # ---- places (MIT): faker nl_NL woonplaatsen + provinces
    addr = importlib.import_module("faker.providers.address.nl_NL").Provider
    places = {c for n in list(addr.cities) + list(addr.provinces) for c in clean_places(n)}

    # ---- extension (MIT): more faker / mimesis locales, Latin script only
    from faker.providers.person import Provider as BasePerson

    def faker_lists(loc: str, pattern: re.Pattern) -> list[str]:
        prov = faker_person(loc)
        out: list[str] = []
        for attr in sorted(dir(prov)):
            if not pattern.match(attr):
                continue
            val = getattr(prov, attr)
            if val is getattr(BasePerson, attr, None):  # placeholder John/Jane/Doe
                continue
            if not isinstance(val, (tuple, list, dict)):  # a property or method
                continue
            out += [str(v).translate(HOMOGLYPHS) for v in val]  # dict: its keys
        return out

    def mim_list(val) -> list[str]:
        if isinstance(val, dict):  # {"male": [...], "female": [...]}
            return [v for k in sorted(val) for v in val[k]]
        return list(val or [])

    ext_given_raw: list[str] = []
    ext_sur_raw: list[str] = []
    for loc in FAKER_EXT:
        ext_given_raw += faker_lists(loc, FAKER_GIVEN_ATTR)
        sur = faker_lists(loc, FAKER_SURNAME_ATTR)
        if loc == "pl_PL":
            for n in list(sur):
                for male, female in POLISH_FEMININE:
                    if n.endswith(male):
                        sur.append(n[: -len(male)] + female)
                        break
        ext_sur_raw += sur
    for loc in MIMESIS_EXT:
        d = mim_person(loc)
        ext_given_raw += mim_list(d.get("names"))
        ext_sur_raw += mim_list(d.get("surnames"))
    ext_first = {c for c in map(clean_given, ext_given_raw) if c} - first
    ext_sur = {c for n in ext_sur_raw for c in surname_cores(n)} - surnames

    # Filters for new entries only (base entries such as Jong, Bos, Vos, Berg stay):
    # a Dutch place name (places.txt, case-insensitive), a surname particle, or a word
    # that is in common_words.txt and in the basic-vocabulary list.
    place_lower = {p.lower() for p in places}
    freq_words = {nfc(w).lower() for w in importlib.import_module(FREQ_PROXY_MODULE).Provider.word_list}

    def common_eligible(w: str) -> bool:  # the test common_words.txt applies (see below)
        return (w in all_lower and COMMON_MIN_LEN <= len(w) <= COMMON_MAX_LEN_COLLIDE
                and all(unicodedata.name(ch, "").startswith("LATIN") for ch in w))

    def drop_reason(c: str) -> str | None:
        lc = c.lower()
        bare = "".join(ch for ch in unicodedata.normalize("NFD", lc) if ch.isalpha())
        if not any(ch in VOWELS for ch in bare):
            return "no vowel"  # abbreviations and junk: Wm, Md, Jc, Lg, Xx
        if any(w.islower() for w in c.split(" ")):
            return "lowercase word"  # "Kadar rodriguez", "Kranz sans"
        if c[1:2].isupper() and not c.startswith("IJ"):
            return "capitals"  # "COmfort", "TSaoi"; McX/MacX/DeX have a lowercase 2nd letter
        if lc in place_lower:
            return "place"
        if lc in STRIP_LEADING:
            return "particle"
        if lc in freq_words and common_eligible(lc):
            return "frequent word"
        return None

    def filter_new(kind: str, cands: set[str]) -> set[str]:
        dropped: dict[str, list[str]] = {}
        for c in sorted(cands):
            why = drop_reason(c)
            if why:
                dropped.setdefault(why, []).append(c)
        kept = cands - {c for v in dropped.values() for c in v}
        print(f"extension, {kind}: {len(cands)} new, {len(kept)} kept", file=sys.stderr)
        for why, names in dropped.items():
            print(f"  dropped {len(names)} ({why}): {' '.join(names)}", file=sys.stderr)
        return kept

    ext_first = filter_new("first names", ext_first)
    ext_sur = filter_new("surnames", ext_sur)
    first_all = first | ext_first
    surnames_all = surnames | ext_sur

    # ---- common words (OpenTaal, BSD-3-Clause OR CC-BY-3.0)
    lex_parts: set[str] = set()
    for e in first_all | extra | surnames_all | places:
        for p in re.split(r"[ \-]", e):
            if p:
                lex_parts.add(p.lower())
    common = set()
    for w in sorted(all_lower):
        if not all(unicodedata.name(ch, "").startswith("LATIN") for ch in w):
            continue
        n = len(w)
        if n < COMMON_MIN_LEN or n > COMMON_MAX_LEN_COLLIDE:
            continue
        if n <= COMMON_MAX_LEN_ALL or w in lex_parts:
            common.add(w)

    out.mkdir(parents=True, exist_ok=True)
    lic = out / "LICENSES"
    lic.mkdir(exist_ok=True)
    from importlib.metadata import distribution

    def dist_file(dist: str, suffix: str) -> bytes:
        for f in distribution(dist).files or []:
            if str(f).endswith(suffix):
                return Path(f.locate()).read_bytes()
        sys.exit(f"{dist}: no file ending in {suffix}")

    (lic / "faker-LICENSE.txt").write_bytes(dist_file("faker", "licenses/LICENSE.txt"))
    (lic / "mimesis-LICENSE.txt").write_bytes(dist_file("mimesis", "licenses/LICENSE"))
    header = []
    with nd.open(encoding="utf-8") as fh:  # the copyright/licence block at the top
        for line in fh:
            if not line.startswith("#") or "If you have any remarks" in line:
                break
            header.append(line.rstrip().rstrip("$").rstrip() + "\n")
    (lic / "nam_dict-NOTICE.txt").write_text(
        "Notice from gender_guesser/data/nam_dict.txt (PyPI gender-guesser 0.4.0), lines 1-"
        f"{len(header)}, trailing '$' column markers removed:\n\n" + "".join(header),
        encoding="utf-8",
    )
    shutil.copyfile(wdutch_dict.parents[1] / "doc/wdutch/copyright",
                    lic / "opentaal-wdutch-copyright.txt")

    counts = {
        "first_names.txt": write_list(out / "first_names.txt", first_all),
        "first_names_namdict.txt": write_list(out / "first_names_namdict.txt", extra),
        "surnames.txt": write_list(out / "surnames.txt", surnames_all),
        "places.txt": write_list(out / "places.txt", places),
        "common_words.txt": write_list(out / "common_words.txt", common),
    }
    for f, n in counts.items():
        h = hashlib.sha256((out / f).read_bytes()).hexdigest()
        print(f"{f}\t{n}\tsha256={h}")


# ---------------------------------------------------------------- outer driver
def sha256_file(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def fetch_wdutch(work: Path, deb: Path | None) -> Path:
    if deb is None:
        dl = work / "deb"
        dl.mkdir()
        subprocess.run(
            ["apt-get", "download", f"wdutch={WDUTCH_VERSION}"], cwd=dl, check=True
        )
        debs = list(dl.glob("wdutch_*.deb"))
        if len(debs) != 1:
            sys.exit(f"expected one wdutch .deb, got {debs}")
        deb = debs[0]
    got = sha256_file(deb)
    if got != WDUTCH_SHA256:
        sys.exit(f"{deb}: sha256 {got} != pinned {WDUTCH_SHA256}")
    x = work / "wdutch"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(x)], check=True)
    return x / WDUTCH_DICT


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--wdutch-deb", type=Path, help="use this wdutch .deb instead of apt-get download")
    ap.add_argument("--check", action="store_true", help="build into a temp dir and compare with --out")
    ap.add_argument("--keep", action="store_true", help="keep the temp work dir")
    ap.add_argument("--extract", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--wdutch-dict", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()

    if a.extract:
        extract(a.out, a.wdutch_dict)
        return

    work = Path(tempfile.mkdtemp(prefix="woolak-lexicons-"))
    try:
        venv = work / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        py = venv / "bin" / "python"
        req = work / "requirements.txt"
        req.write_text("".join(f"{k} --hash=sha256:{v}\n" for k, v in WHEELS.items()))
        subprocess.run(
            [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--only-binary=:all:", "--require-hashes", "-r", str(req)],
            check=True,
        )
        dict_path = fetch_wdutch(work, a.wdutch_deb)
        target = work / "out" if a.check else a.out
        env = dict(os.environ, PYTHONHASHSEED="0")
        subprocess.run(
            [str(py), str(Path(__file__).resolve()), "--extract", "--out", str(target),
             "--wdutch-dict", str(dict_path)],
            check=True, env=env,
        )
        if a.check:
            bad = [f for f in OUTPUT_FILES
                   if not (a.out / f).exists() or not filecmp.cmp(target / f, a.out / f, shallow=False)]
            if bad:
                sys.exit(f"differs from shipped files: {', '.join(bad)}")
            print("shipped lexicons are up to date")
    finally:
        if a.keep:
            print(f"work dir kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
