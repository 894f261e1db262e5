#!/usr/bin/env python3
"""White House briefing-room Markdown to JSON Lines, for `scripts/bench`.

Usage: scripts/whitehouse_to_jsonl.py [OUT] [--src DIR]

Reads `<section>/<YYYY-MM>/<date>-<slug>.md` under DIR (default: the bulk
eval corpus `whitehouse_briefing_room` beside the repository; its README.md
and LICENSE are not documents) as UTF-8, files sorted by path, and writes one
JSON object per file to OUT (default `target/bench/whitehouse.jsonl`):

    {"id": "<section>/<file stem>", "url": source_url,
     "published": published_time or date, "title": ...,
     "text": ..., "source": "The White House"}

`text` is everything after the front matter's closing `---` line, verbatim:
hard-wrapped lines, Markdown escapes and links are left as they are (the
crawl is meant to test what attache makes of such text, not a cleaned copy).
`title`, `date`, `published_time` and `source_url` come from the YAML front
matter, read by a small parser for the scalars the corpus uses: plain,
'single-quoted' and "double-quoted" (escapes such as `\\_` = U+00A0 and
`\\u2019`, escaped line breaks), folded over several lines. `published` is the
string as found (`2025-02-10 12:05:00-05:00`, or the date `2025-02-10`).
Files with no front matter or no text are skipped and counted on stderr.
Python 3.11 stdlib only.
"""

import argparse
import json
import re
import sys
from pathlib import Path

DEFAULT_SRC = Path(__file__).resolve().parent.parent.parent / "shared/eval/corpus/bulk/whitehouse_briefing_room"
DEFAULT_OUT = Path("target/bench/whitehouse.jsonl")

KEY = re.compile(r"([A-Za-z_][\w-]*):(?:[ \t]+(.*)|)$")
# YAML 1.2 double-quoted escapes (section 5.7), besides \x \u \U.
ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
HEX_LEN = {"x": 2, "u": 4, "U": 8}


class FrontMatterError(ValueError):
    pass


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter, body) of a `---` ... `---` file, or None."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    return text[4 : end + 1], text[end + 5 :]


def fold_break(raw: str, i: int, out: list[str]) -> int:
    """Folds the line break at raw[i] (a flow scalar's): skips the next lines'
    leading white space; one break becomes a space, each empty line a newline.
    Returns the index of the next content character."""
    empty = 0
    while True:
        i += 1  # past "\n"
        while i < len(raw) and raw[i] in " \t":
            i += 1
        if i < len(raw) and raw[i] == "\n":
            empty += 1
            continue
        break
    out.append("\n" * empty if empty else " ")
    return i


def double_quoted(raw: str) -> tuple[str, str]:
    """Parses raw (starting after the opening quote); returns (value, rest after the closing quote)."""
    out: list[str] = []
    pending = ""  # literal white space, dropped if a line break follows
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == '"':
            out.append(pending)
            return "".join(out), raw[i + 1 :]
        if c in " \t":
            pending += c
            i += 1
            continue
        if c == "\n":
            pending = ""
            i = fold_break(raw, i, out)
            continue
        out.append(pending)
        pending = ""
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = raw[i + 1 : i + 2]
        if e == "\n":  # escaped line break: joined with nothing in between
            i += 2
            while i < len(raw) and raw[i] in " \t":
                i += 1
        elif e in ESCAPES:
            out.append(ESCAPES[e])
            i += 2
        elif e in HEX_LEN:
            digits = raw[i + 2 : i + 2 + HEX_LEN[e]]
            if len(digits) != HEX_LEN[e] or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise FrontMatterError(f"bad escape \\{e}{digits}")
            out.append(chr(int(digits, 16)))
            i += 2 + HEX_LEN[e]
        else:
            raise FrontMatterError(f"unknown escape \\{e!r}")
    raise FrontMatterError("unterminated double-quoted scalar")


def single_quoted(raw: str) -> tuple[str, str]:
    out: list[str] = []
    pending = ""
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "'":
            if raw[i + 1 : i + 2] == "'":
                out.append(pending + "'")
                pending = ""
                i += 2
                continue
            out.append(pending)
            return "".join(out), raw[i + 1 :]
        if c in " \t":
            pending += c
            i += 1
        elif c == "\n":
            pending = ""
            i = fold_break(raw, i, out)
        else:
            out.append(pending + c)
            pending = ""
            i += 1
    raise FrontMatterError("unterminated single-quoted scalar")


def plain(raw: str) -> str:
    """A plain scalar: lines trimmed, folded (a break is a space, an empty line
    a newline); a ` #` comment ends it."""
    out: list[str] = []
    empty = 0
    for line in raw.split("\n"):
        m = re.search(r"(^|[ \t])#", line)
        comment = m is not None
        if m:
            line = line[: m.start()]
        line = line.strip(" \t")
        if not line:
            if out:
                empty += 1
        else:
            if out:
                out.append("\n" * empty if empty else " ")
            out.append(line)
            empty = 0
        if comment:
            break
    return "".join(out)


def scalar(raw: str) -> str:
    """The string value of a flow scalar (its text after `key: `, continuation lines included)."""
    raw = raw.strip(" \t\n")
    if raw[:1] in ('"', "'"):
        value, rest = (double_quoted if raw[0] == '"' else single_quoted)(raw[1:])
        rest = rest.strip(" \t\n")
        if rest and not rest.startswith("#"):
            raise FrontMatterError(f"text after a quoted scalar: {rest[:30]!r}")
        return value
    if raw[:1] in ("|", ">", "[", "{", "&", "*", "!"):
        raise FrontMatterError(f"unsupported YAML: {raw[:30]!r}")
    return plain(raw)


def front_matter(block: str) -> dict[str, str]:
    """Top-level `key: value` pairs; a value continues on indented (or empty) lines."""
    raw: dict[str, list[str]] = {}
    key = None
    for line in block.split("\n"):
        if line[:1] in (" ", "\t") or not line.strip():
            if key is not None:
                raw[key].append(line)
            elif line.strip():
                raise FrontMatterError(f"indented line before any key: {line[:30]!r}")
            continue
        if line.startswith("#"):
            continue
        m = KEY.match(line)
        if not m:
            raise FrontMatterError(f"not a `key: value` line: {line[:30]!r}")
        key = m.group(1)
        raw[key] = [m.group(2) or ""]
    return {k: scalar("\n".join(v)) for k, v in raw.items()}


def record(path: Path, src: Path) -> dict | str:
    """The JSON record of one file, or why it was skipped."""
    parts = split_front_matter(path.read_text(encoding="utf-8"))
    if parts is None:
        return "no front matter"
    fm, body = parts
    try:
        meta = front_matter(fm)
    except FrontMatterError as e:
        return f"front matter: {e}"
    if not body.strip():
        return "no text"
    rel = path.relative_to(src)
    return {
        "id": f"{rel.parts[0]}/{path.stem}",
        "url": meta.get("source_url") or None,
        "published": meta.get("published_time") or meta.get("date") or None,
        "title": meta.get("title") or None,
        "text": body,
        "source": "The White House",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC)
    args = ap.parse_args()
    files = sorted(p for p in args.src.glob("*/*/*.md") if p.is_file())
    if not files:
        print(f"no <section>/<YYYY-MM>/*.md in {args.src}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    written, skipped, sections = 0, [], {}
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for f in files:
            rec = record(f, args.src)
            if isinstance(rec, str):
                skipped.append(f"{f.relative_to(args.src)} ({rec})")
                continue
            out.write(json.dumps(rec, ensure_ascii=False))
            out.write("\n")
            written += 1
            section = rec["id"].split("/", 1)[0]
            sections[section] = sections.get(section, 0) + 1
    tmp.replace(args.out)
    print(f"{args.out}: {written} documents from {len(files)} files; {len(skipped)} skipped", file=sys.stderr)
    for section, n in sorted(sections.items()):
        print(f"  {section}: {n}", file=sys.stderr)
    if skipped:
        print("  skipped: " + ", ".join(skipped[:10]) + (" ..." if len(skipped) > 10 else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
