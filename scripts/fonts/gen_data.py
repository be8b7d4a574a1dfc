#!/usr/bin/env python3
"""Regenerates src/ingest/pdf/font/data/ from upstream files (see src/ingest/pdf/font/data/SOURCES.md).

usage: gen_data.py AFM_DIR PDFMINER_LATIN_ENC_PY PYPDF_ZAPFDING_PY GLYPHLIST_TXT
"""
import os, re, shutil, sys

afm_dir, latin_py, zapf_py, glyphlist = sys.argv[1:5]
out = os.path.join(os.path.dirname(__file__), "..", "src", "font", "data")

# Core 14 AFMs: keep the header and the C/WX/N fields, drop bounding boxes, ligatures and kerning.
NOTE = ("Comment MODIFIED for woolak: per-glyph bounding boxes (B), ligatures (L) and all kerning\n"
        "Comment data were removed; nothing else was changed. See readme.txt and SOURCES.md.\n")
for fn in sorted(os.listdir(afm_dir)):
    src = os.path.join(afm_dir, fn)
    if fn == "readme.txt":
        shutil.copy(src, os.path.join(out, "core14", fn))
        continue
    if not fn.endswith(".afm"):
        continue
    lines = open(src, encoding="latin-1").read().splitlines()
    res, in_metrics = [], False
    for i, l in enumerate(lines):
        if l.startswith("StartKernData") or l.startswith("StartComposites"):
            break
        if l.startswith("StartCharMetrics"):
            in_metrics = True
        elif in_metrics and l.startswith("C "):
            f = dict((p.strip().split(" ", 1) + [""])[:2] for p in l.split(";") if p.strip())
            l = "C %s ; WX %s ; N %s" % (f["C"].strip(), f["WX"].strip(), f["N"].strip())
        res.append(l.rstrip())
        if i == 0:
            res.append(NOTE.rstrip())
    res.append("EndFontMetrics")
    open(os.path.join(out, "core14", fn), "w").write("\n".join(res) + "\n")

# Latin encodings (PDF 32000-1:2008 Annex D.2) from pdfminer.six latin_enc.py, with the
# duplicate "space"/"nbspace" rows fixed to follow the annex notes (see SOURCES.md).
ns = {}
exec(open(latin_py).read(), ns)
rows = {}
for name, std, mac, win, _pdf in ns["ENCODING"]:
    if name in ("nbspace", "space"):
        continue
    rows[name] = [std, mac, win]
rows["space"] = [32, 32, 32]
rows["hyphen"] = [45, 45, 45]
with open(os.path.join(out, "latin.txt"), "w") as f:
    f.write("# glyph name, code in StandardEncoding, MacRomanEncoding, WinAnsiEncoding (- = none)\n")
    f.write("# from pdfminer.six latin_enc.py (MIT); extra codes: space 202 mac, 160 win; hyphen 173 win;\n")
    f.write("# bullet for the unused WinAnsi codes (Annex D.2 notes); the 15 Mac OS Roman extras\n")
    for name in sorted(rows):
        std, mac, win = rows[name]
        f.write("%s %s %s %s\n" % (name, *("-" if v is None else v for v in (std, mac, win))))
    f.write("space - 202 160\nhyphen - - 173\n")
    # Mac OS Roman characters outside the PDF Latin set (Annex D.1 note; pdf.js and lopdf have them).
    for name, code in (("notequal", 173), ("infinity", 176), ("lessequal", 178), ("greaterequal", 179),
                       ("partialdiff", 182), ("summation", 183), ("product", 184), ("pi", 185),
                       ("integral", 186), ("Omega", 189), ("radical", 195), ("approxequal", 197),
                       ("Delta", 198), ("lozenge", 215), ("apple", 240)):
        f.write("%s - %d -\n" % (name, code))
    # Annex D.2 note 6: unused WinAnsi codes above 40 (octal) map to the bullet.
    for code in (127, 129, 141, 143, 144, 157):
        f.write("bullet - - %d\n" % code)

# ZapfDingbats glyph names -> Unicode: names from ZapfDingbats.afm, values from pypdf's table.
zns = {}
exec(open(zapf_py).read(), zns)
zenc = zns["_zapfding_encoding"]
with open(os.path.join(out, "zapfdingbats.txt"), "w") as f:
    f.write("# ZapfDingbats glyph name;Unicode, as in the AGL zapfdingbats.txt (via pypdf, BSD-3-Clause)\n")
    for l in open(os.path.join(afm_dir, "ZapfDingbats.afm"), encoding="latin-1"):
        m = re.match(r"C (\d+) ; WX \d+ ; N (\S+)", l)
        if m and int(m.group(1)) >= 0:
            u = zenc[int(m.group(1))]
            if len(u) == 1 and ord(u) > 0x20:
                f.write("%s;%04X\n" % (m.group(2), ord(u)))

shutil.copy(glyphlist, os.path.join(out, "glyphlist.txt"))
