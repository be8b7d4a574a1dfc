#!/usr/bin/env python3
"""Rebuild woolak's person-name lexicons from pinned, licensed upstream data.

Outputs (in --out, default: <repo>/rules/lexicons):
  first_names.txt          faker + mimesis given names (MIT)
  first_names_namdict.txt  extra given names from Joerg Michael's nam_dict.txt
                           (GFDL-1.2-or-later), minus those already in first_names.txt
  surnames.txt             faker + mimesis surnames (MIT), particles stripped
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

    # ---- first names (MIT)
    given_raw: list[str] = []
    for loc in ("nl_NL", "nl_BE", "tr_TR", "fr_DZ"):
        given_raw += list(faker_person(loc).first_names)
    for loc in ("nl", "tr"):
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

    # ---- surnames (MIT)
    sur_raw: list[str] = []
    for loc in ("nl_NL", "nl_BE", "tr_TR", "fr_DZ"):
        names = list(faker_person(loc).last_names)
        if loc == "nl_NL":
            names = [n for n in names if n not in FAKER_NL_SURNAME_SKIP]
        sur_raw += names
    for loc in ("nl", "nl-be", "tr"):
        sur_raw += list(mim_person(loc)["surnames"])
    surnames = {c for n in sur_raw for c in surname_cores(n)}

    # ---- places (MIT): faker nl_NL woonplaatsen + provinces
    addr = importlib.import_module("faker.providers.address.nl_NL").Provider
    places = {c for n in list(addr.cities) + list(addr.provinces) for c in clean_places(n)}

    # ---- common words (OpenTaal, BSD-3-Clause OR CC-BY-3.0)
    lex_parts: set[str] = set()
    for e in first | extra | surnames | places:
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
        "first_names.txt": write_list(out / "first_names.txt", first),
        "first_names_namdict.txt": write_list(out / "first_names_namdict.txt", extra),
        "surnames.txt": write_list(out / "surnames.txt", surnames),
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
