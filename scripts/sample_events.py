"""Reads `attache export --format jsonl` on stdin; prints N events drawn with SEED."""
import json
import random
import sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
events = []
for line in sys.stdin:
    article = json.loads(line)
    actors = {a["id"]: a for a in article["actors"]}
    for event in article["events"]:
        events.append((article["doc"], article.get("title") or "", actors, event))
random.Random(seed).shuffle(events)


def side(actors, ids):
    return "; ".join("%s [%s]" % (actors[i]["name"], actors[i].get("country") or "-") for i in ids if i in actors)


print("%d events in the store; %d drawn with seed %d\n" % (len(events), min(n, len(events)), seed))
for k, (doc, title, actors, e) in enumerate(events[:n], 1):
    print("%3d. %s %s %s  rule %s" % (k, e["type"], e.get("mode") or "", e.get("date") or "-", e.get("rule", "-")))
    print("     %s  ->  %s" % (side(actors, e["source"]), side(actors, e["target"])))
    print("     doc: %s  |  %s" % (doc, title[:90]))
    print("     evidence: %s\n" % e["evidence"][:400])
