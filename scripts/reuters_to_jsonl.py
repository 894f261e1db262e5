#!/usr/bin/env python3
"""Reuters-21578 SGML to JSON Lines, for `scripts/bench`.

Usage: scripts/reuters_to_jsonl.py [OUT] [--src DIR]

Reads `reut2-*.sgm` from DIR (default: the bulk eval corpus) as Latin-1 bytes
and writes one JSON object per <REUTERS> document to OUT (default
`target/bench/reuters.jsonl`):

    {"id": "reuters-NEWID", "published": "1987-02-26T15:01", "title": ...,
     "text": ..., "source": "Reuters", "url": null}

`text` is the <BODY>, or the whole <TEXT> (tags removed) for documents
without a BODY (TYPE="UNPROC", TYPE="BRIEF"). `&lt;` `&gt;` `&amp;` are
unescaped; control-character references (`&#3;` ...) are dropped. The
bodies are hard-wrapped at ~65 columns, which `segment` would read as lines
that are not paragraphs: wrapped lines are joined into one line per
paragraph (a paragraph starts on an indented line), unless --raw. Documents
with no text are skipped and counted on stderr. Python 3.11 stdlib only.
"""

import argparse
import json
import re
import sys
from pathlib import Path

DEFAULT_SRC = Path("/work/shared/eval/corpus/bulk/reuters21578")
DEFAULT_OUT = Path("target/bench/reuters.jsonl")

DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
NEWID = re.compile(r'NEWID="(\d+)"')
DATE = re.compile(r"<DATE>(.*?)</DATE>", re.S)
TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
TAG = re.compile(r"</?[A-Z]+\b[^>]*>")
CHAR_REF = re.compile(r"&#\d+;")
# 26-FEB-1987 15:01:01.79 (day may be space-padded; trailing junk after the time).
WHEN = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2})")
MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def unescape(s: str) -> str:
    s = CHAR_REF.sub("", s)
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def reflow(body: str) -> str:
    """Joins hard-wrapped lines into one line per paragraph.

    A Reuters paragraph starts on an indented line (or after a blank line);
    its continuation lines start at column 0. Tables (every line indented)
    keep their lines.
    """
    paragraphs: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            paragraphs.append([])
            continue
        if not paragraphs or not paragraphs[-1] or line[:1].isspace():
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n".join(" ".join(p) for p in paragraphs if p)


def published(raw: str) -> str | None:
    m = WHEN.search(raw)
    if not m or m.group(2) not in MONTHS:
        return None
    day, mon, year, hh, mm = m.groups()
    return f"{year}-{MONTHS[mon]:02d}-{int(day):02d}T{int(hh):02d}:{mm}"


def records(sgml: str, raw: bool = False):
    """Yields (record or None, newid) per <REUTERS> document."""
    for m in DOC.finditer(sgml):
        attrs, inner = m.groups()
        newid = NEWID.search(attrs)
        newid = newid.group(1) if newid else None
        date = DATE.search(inner)
        text_m = TEXT.search(inner)
        title = body = None
        if text_m:
            content = text_m.group(2)
            t = TITLE.search(content)
            if t:
                title = " ".join(unescape(t.group(1)).split()) or None
            b = BODY.search(content)
            body = b.group(1) if b else TAG.sub("", content)
            body = unescape(body).strip()
            if not raw:
                body = reflow(body)
        if not newid or not body:
            yield None, newid
            continue
        yield {
            "id": f"reuters-{newid}",
            "published": published(date.group(1)) if date else None,
            "title": title,
            "text": body,
            "source": "Reuters",
            "url": None,
        }, newid


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    ap.add_argument("--raw", action="store_true", help="keep the text's hard line wraps (no reflow)")
    args = ap.parse_args()
    files = sorted(args.src.glob("reut2-*.sgm"))
    if not files:
        print(f"no reut2-*.sgm in {args.src}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    written, skipped = 0, []
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for f in files:
            sgml = f.read_bytes().decode("latin-1")
            for rec, newid in records(sgml, args.raw):
                if rec is None:
                    skipped.append(f"{f.name}#{newid}")
                    continue
                out.write(json.dumps(rec, ensure_ascii=False))
                out.write("\n")
                written += 1
    tmp.replace(args.out)
    print(f"{args.out}: {written} documents from {len(files)} files; {len(skipped)} skipped (no text)", file=sys.stderr)
    if skipped:
        print("  skipped: " + ", ".join(skipped[:10]) + (" ..." if len(skipped) > 10 else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
