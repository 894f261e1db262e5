#!/usr/bin/env python3
"""Score HTML main-text extraction against a ground truth, the way the
Zyte/Scrapinghub article-extraction benchmark does (its evaluate.py).

Metric, re-implemented here from the benchmark's description:

* Text is tokenized into maximal runs of Unicode word characters (regex
  ``\\w+``; case and punctuation are kept as-is, punctuation is dropped).
* Each text becomes a multiset of 4-token shingles (overlapping 4-grams). A
  text with 1..3 tokens gives one shorter shingle; an empty text gives none.
* Per item: tp = shared shingles (multiset intersection), fp = predicted
  shingles in excess, fn = true shingles missing. The three are divided by
  their sum, so each item weighs the same whatever its length.
* Precision is averaged over the items with tp + fp > 0, recall over the
  items with tp + fn > 0 (an item with fp = fn = 0 scores 1 for both; with
  nothing shared it scores 0). F1 is the harmonic mean of the two averages
  (not an average of per-item F1s).
* Accuracy: share of items whose token sequences are identical.
* ± values: standard deviation over bootstrap resamples of the items.

Usage:
    python3 scripts/eval_html_extraction.py --ground-truth GT.json --pred PRED.json
        [--n-bootstrap 1000] [--seed 0] [--worst 10] [--json]

Both files map item id -> {"articleBody": str, ...}; a prediction file may also
be wrapped as {"version": ..., "output": {...}}. Keys must match.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

SHINGLE = 4
WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str | None) -> list[str]:
    return WORD.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE) -> Counter:
    toks = tokens(text)
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def item_counts(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def item_precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def item_recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


def aggregate(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    precs = [item_precision(*c) for c in counts if c[0] + c[1] > 0]
    recs = [item_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(precs) if precs else 0.0
    r = statistics.mean(recs) if recs else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def load(path: Path) -> dict:
    with path.open("rt", encoding="utf8") as f:
        data = json.load(f)
    if isinstance(data, dict) and "output" in data and isinstance(data["output"], dict):
        data = data["output"]
    return data


def body(entry) -> str:
    if isinstance(entry, dict):
        return entry.get("articleBody") or ""
    if isinstance(entry, str):
        return entry
    return ""


def evaluate(gt: dict, pred: dict, n_bootstrap: int, seed: int) -> dict:
    if set(gt) != set(pred):
        missing = sorted(set(gt) - set(pred))
        extra = sorted(set(pred) - set(gt))
        raise SystemExit(
            f"prediction keys do not match ground truth "
            f"(missing {len(missing)}, extra {len(extra)})"
        )
    keys = list(gt)
    counts = [item_counts(body(gt[k]), body(pred[k])) for k in keys]
    acc = [float(tokens(body(gt[k])) == tokens(body(pred[k]))) for k in keys]
    result = aggregate(counts)
    result["accuracy"] = statistics.mean(acc)
    if n_bootstrap > 1:
        rng = random.Random(seed)
        samples: dict[str, list[float]] = {}
        n = len(keys)
        for _ in range(n_bootstrap):
            idx = [rng.randrange(n) for _ in range(n)]
            m = aggregate([counts[i] for i in idx])
            m["accuracy"] = statistics.mean(acc[i] for i in idx)
            for name, v in m.items():
                samples.setdefault(name, []).append(v)
        for name, vs in samples.items():
            result[f"{name}_std"] = statistics.stdev(vs)
    result["n"] = len(keys)
    result["_per_item"] = {
        k: (item_precision(*c), item_recall(*c)) for k, c in zip(keys, counts)
    }
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ground-truth", required=True, type=Path)
    ap.add_argument("--pred", required=True, type=Path)
    ap.add_argument("--n-bootstrap", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--worst", type=int, default=0, help="list the N items with lowest F1")
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON")
    args = ap.parse_args()

    res = evaluate(load(args.ground_truth), load(args.pred), args.n_bootstrap, args.seed)
    per_item = res.pop("_per_item")
    if args.json:
        print(json.dumps(res, indent=2, sort_keys=True))
    else:
        def fmt(name: str) -> str:
            std = res.get(f"{name}_std")
            return f"{name}={res[name]:.3f}" + (f" ± {std:.3f}" if std is not None else "")

        print(
            f"{args.pred.stem:<20} n={res['n']}  "
            + "  ".join(fmt(m) for m in ("precision", "recall", "f1", "accuracy"))
        )
    if args.worst:
        def f1(pr):
            p, r = pr
            return 2 * p * r / (p + r) if p + r else 0.0

        for k, pr in sorted(per_item.items(), key=lambda kv: f1(kv[1]))[: args.worst]:
            print(f"  {k[:16]}  P={pr[0]:.3f} R={pr[1]:.3f} F1={f1(pr):.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
