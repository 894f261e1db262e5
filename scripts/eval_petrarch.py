#!/usr/bin/env python3
"""CAMEO agreement of attache's events with the PETRARCH peer suites.

Usage: python3 scripts/eval_petrarch.py [--attache target/release/attache] [--shared ../shared]

For each suite (UniversalPetrarch's PETR2 GSR validation set of real newswire
sentences, and PETRARCH-2's unit-test records), every sentence becomes one
document of a temporary JSON Lines crawl (written to a temporary directory,
never into the repository), attache ingests and extracts it, and its events
are compared with the expected CAMEO codings on (source country, target
country, root code) for the roots attache covers: 03, 04, 05 and 11.

- Expected side: PETRARCH actor codes are cut to their first three letters
  when those are an ISO 3166-1 alpha-3 code of data/countries.tsv ("USAGOV" ->
  "USA"); codes beginning "IGO" count as "IGO"; anything else ("---", agents
  without a country, fictional states) as "---".
- Predicted side: each event with a CAMEO root in scope gives one triple per
  (source country, target country) pair of its actors; a MEET, symmetric,
  one per ordered pair of distinct countries among all its parties.
- Each record is given a title of its own ("Record <id>"), so that a lone
  sentence without a final stop is read as text, not as a headline.
- Precision and recall over triples, per sentence as multisets; root 04
  (consult) also direction-insensitively, since attache's MEET is symmetric.
Prints the figures and a few misses and false positives (to the terminal only).
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ROOTS = {"03", "04", "05", "11"}


def iso3_codes(repo):
    codes = set()
    with open(os.path.join(repo, "data", "countries.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            codes.add(line.split("\t", 1)[0])
    return codes


def country(code, isos):
    code = (code or "").strip()
    if code.startswith("IGO"):
        return "IGO"
    return code[:3] if code[:3] in isos else "---"


def records(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    for block in re.split(r"<Sentence\s", text)[1:]:
        head = block.split(">", 1)[0]
        sid = re.search(r'id="([^"]+)"', head)
        date = re.search(r'date="(\d{8})"', head)
        body = re.search(r"<Text>(.*?)</Text>", block, re.S)
        if not sid or not body:
            continue
        codings = re.findall(r"<EventCoding\s([^>]*)>", block)
        gold = []
        for c in codings:
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', c))
            if "eventcode" in attrs and attrs.get("eventcode") not in ("", "null"):
                gold.append((attrs.get("sourcecode", ""), attrs.get("targetcode", ""), attrs["eventcode"]))
        d = date.group(1) if date else None
        yield {
            "id": sid.group(1),
            "published": f"{d[:4]}-{d[4:6]}-{d[6:]}" if d else None,
            "text": " ".join(body.group(1).split()),
            "gold": gold,
        }


def run_attache(binary, recs, tmp):
    crawl = os.path.join(tmp, "suite.jsonl")
    with open(crawl, "w", encoding="utf-8") as f:
        for r in recs:
            # A title of its own: a lone sentence without a final stop would
            # otherwise be read as the record's headline, leaving no body.
            doc = {"id": r["id"], "title": f"Record {r['id']}", "text": r["text"]}
            if r["published"]:
                doc["published"] = r["published"]
            f.write(json.dumps(doc) + "\n")
    db = os.path.join(tmp, "suite.db")
    subprocess.run([binary, "--db", db, "ingest", crawl], check=False, capture_output=True)
    out = subprocess.run([binary, "--db", db, "export", "--format", "annotation"], check=True, capture_output=True, text=True)
    return {json.loads(l)["doc"]: json.loads(l) for l in out.stdout.splitlines() if l.strip()}


def predicted_triples(record):
    if not record:
        return []
    actors = {a["id"]: a for a in record["actors"]}
    out = []
    for e in record["events"]:
        root = (e.get("cameo") or "")[:2]
        if root not in ROOTS:
            continue
        srcs = {actors[i]["country"] or "---" for i in e["source"] if i in actors} or {"---"}
        tgts = {actors[i]["country"] or "---" for i in e["target"] if i in actors} or {"---"}
        pairs = {(s, t) for s in srcs for t in tgts}
        if e["type"] == "MEET":
            # A meeting is symmetric: CAMEO codes it once in each direction
            # between every two parties ("A, B and C met": six dyads).
            parties = srcs | tgts
            pairs = {(s, t) for s in parties for t in parties if s != t} or pairs
        for s, t in sorted(pairs):
            out.append((s, t, root, e["evidence"]))
    return out


def score(name, recs, predicted, isos, show):
    strict = collections.Counter()
    loose = collections.Counter()
    per_root = collections.defaultdict(collections.Counter)
    misses, extras = [], []
    for r in recs:
        gold = [(country(s, isos), country(t, isos), c[:2]) for s, t, c in r["gold"] if c[:2] in ROOTS]
        pred = [(s, t, root) for s, t, root, _ in predicted_triples(predicted.get(r["id"]))]
        strict["gold"] += len(gold)
        strict["pred"] += len(pred)
        loose["gold"] += len(gold)
        loose["pred"] += len(pred)
        if gold:
            strict["pred_in_scope"] += len(pred)
        for root in ROOTS:
            per_root[root]["gold"] += sum(1 for g in gold if g[2] == root)
            per_root[root]["pred"] += sum(1 for p in pred if p[2] == root)
        remaining = list(pred)
        for g in gold:
            if g in remaining:
                remaining.remove(g)
                strict["match"] += 1
                loose["match"] += 1
                per_root[g[2]]["match"] += 1
            elif g[2] == "04" and (g[1], g[0], g[2]) in remaining:
                remaining.remove((g[1], g[0], g[2]))
                loose["match"] += 1
                per_root[g[2]]["match"] += 1
            else:
                misses.append((r["id"], g, r["text"]))
        extras.extend((r["id"], p, r["text"]) for p in remaining)

    def prf(c, pred_key="pred"):
        p = c["match"] / c[pred_key] if c[pred_key] else 0.0
        rc = c["match"] / c["gold"] if c["gold"] else 0.0
        return p, rc

    print(f"== {name}: {len(recs)} sentences, {strict['gold']} expected triples in roots 03/04/05/11")
    p, r = prf(strict)
    print(f"strict            predicted {strict['pred']:4d}  matched {strict['match']:4d}  P {p:.3f}  R {r:.3f}")
    p, r = prf(loose)
    print(f"04 either way     predicted {loose['pred']:4d}  matched {loose['match']:4d}  P {p:.3f}  R {r:.3f}")
    p2 = strict["match"] / strict["pred_in_scope"] if strict["pred_in_scope"] else 0.0
    print(f"precision on sentences with an expected event in scope: {p2:.3f} ({strict['pred_in_scope']} predicted)")
    for root in sorted(ROOTS):
        c = per_root[root]
        print(f"  root {root}: expected {c['gold']:3d}  predicted {c['pred']:3d}  matched {c['match']:3d}")
    if show:
        for label, items in (("MISS", misses), ("EXTRA", extras)):
            for sid, triple, text in items[:show]:
                print(f"  {label} {sid} {triple} | {text[:140]}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--attache", default=os.path.join(repo, "target", "release", "attache"))
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared"))
    ap.add_argument("--show", type=int, default=8, help="examples of misses and extras to print")
    args = ap.parse_args()
    if not os.path.exists(args.attache):
        sys.exit(f"{args.attache} not found: run cargo build --release first")
    isos = iso3_codes(repo)
    ext = os.path.join(args.shared, "eval", "external")
    suites = [
        ("UniversalPetrarch PETR2 GSR validation", os.path.join(ext, "universal_petrarch_validation", "PETR2_GSR_validation.xml")),
        ("PETRARCH-2 unit tests", os.path.join(ext, "petrarch2_unit_tests", "PETR.UnitTest.records.xml")),
    ]
    for name, path in suites:
        recs = list(records(path))
        with tempfile.TemporaryDirectory() as tmp:
            predicted = run_attache(args.attache, recs, tmp)
        score(name, recs, predicted, isos, args.show)
        print()


if __name__ == "__main__":
    main()
