#!/usr/bin/env python3
"""Writes the worst single inputs for ingest memory that we know of, each of
about SIZE bytes (default 60,000,000, under the default --max-bytes of
64 MiB), made from the repository's own fixtures (never news from
../shared): huge single articles as plain text, Markdown, JSON Lines, HTML
and RSS; dense names; text without punctuation; a feed dump of thousands of
stories; a crawl of 150,000 tiny records (on one day and over two years);
HTML pages dense in elements. Used by scripts/peak-memory.

usage: peak_memory_inputs.py REPO OUTDIR [SIZE]
"""
import datetime, glob, json, os, random, sys

repo, out = sys.argv[1], sys.argv[2]
size = int(sys.argv[3]) if len(sys.argv) > 3 else 60_000_000
os.makedirs(out, exist_ok=True)
random.seed(7)
pool = []
for f in sorted(glob.glob(f"{repo}/crates/extract/test_data/*.txt") + glob.glob(f"{repo}/examples/news/*.txt")):
    for line in open(f, encoding="utf-8"):
        line = line.strip()
        if len(line) > 60 and line.endswith('.') and not line[:2].isdigit():
            pool.append(line)
syl = ["ka", "ro", "mi", "ten", "sul", "da", "vor", "bel", "an", "ik", "os", "tra", "lem", "nu", "pez", "gor", "hal", "ve"]
countries = ["Chile", "Peru", "Norway", "Kazakhstan", "Portugal", "Egypt", "Japan", "Viet Nam", "Canada", "Morocco"]
titles = ["Minister of Foreign Affairs of", "President of", "Ambassador of", "Prime Minister of", "Deputy Minister of Trade of"]


def name():
    g = "".join(random.choice(syl) for _ in range(2)).capitalize()
    return g + " " + "".join(random.choice(syl) for _ in range(3)).capitalize()


def names_sentence():
    a, b = random.sample(countries, 2)
    return (f"{random.choice(titles)} {a} {name()} met {random.choice(titles)} {b} {name()} "
            f"in {random.choice(['Lima', 'Oslo', 'Astana', 'Lisbon'])} on Monday.")


def body(n, gen=lambda: random.choice(pool), para=6):
    parts, total, k = [], 0, 0
    while total < n:
        s = gen()
        parts.append(s)
        total += len(s) + 1
        k += 1
        parts.append("\n\n" if k % para == 0 else " ")
    return "".join(parts)


def paragraphs_html(n):
    ps, t = [], 0
    while t < n:
        p = "<p>" + " ".join(random.choice(pool) for _ in range(4)) + "</p>\n"
        ps.append(p)
        t += len(p)
    return "".join(ps)


def write(name, data):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(data)


head = "Talks in Lima\n\n15 April 2026\n\n"
write("text_huge.txt", head + body(size))
write("text_names.txt", head + body(size, names_sentence))
words = " ".join(w.strip('.,') for p in pool for w in p.split())
write("text_nopunct.txt", head + ((words + " ") * (size // len(words) + 1))[:size])
write("text_one_word.txt", "a" * size)
write("markdown_huge.md", "---\ntitle: Talks in Lima\ndate: 2026-04-15\n---\n\n" + body(size))
record = {"id": "a", "title": "Talks in Lima", "published": "2026-04-15"}
write("jsonl_one_record.jsonl", json.dumps({**record, "text": body(size)}) + "\n")
write("jsonl_names_record.jsonl", json.dumps({**record, "text": body(size, names_sentence)}) + "\n")
recs, t, i = [], 0, 0
while t < size:
    r = {"id": f"r{i}", "title": f"Round {i}", "published": "2026-04-15",
         "text": random.choice(pool) + " " + random.choice(pool)}
    line = json.dumps(r) + "\n"
    recs.append(r)
    t += len(line)
    i += 1
write("jsonl_tiny_one_day.jsonl", "".join(json.dumps(r) + "\n" for r in recs))
day = datetime.date(2024, 1, 1)
for r in recs:
    r["published"] = str(day + datetime.timedelta(days=random.randrange(730)))
write("jsonl_tiny_two_years.jsonl", "".join(json.dumps(r) + "\n" for r in recs))
stories, t, i = [], 0, 0
while t < size:
    s = f"{(i % 28) + 1:02d}.04.2026, {i % 24:02d}:{i % 60:02d} {i}\nStory number {i} of the day\n" + body(800) + "\n"
    stories.append(s)
    t += len(s)
    i += 1
write("feed_dump.txt", "".join(stories))
write("html_huge.html", "<html><head><title>Talks in Lima</title></head><body><article><h1>Talks in Lima</h1>"
      + paragraphs_html(size) + "</article></body></html>")
for mb in (1, 4):
    unit = "<p><i>a</i> <b>b</b></p>\n"
    write(f"html_tiny_elements_{mb}mb.html", "<html><head><title>T</title></head><body><article>"
          + unit * ((mb << 20) // len(unit) - 10) + "</article></body></html>")
divs = "".join(f"<div class='c{i}'><span>{random.choice(pool)}</span></div>\n" for i in range(40000))
write("html_divs_4mb.html", "<html><head><title>Talks</title></head><body>" + divs[:(4 << 20) - 100] + "</body></html>")
items, t, i = [], 0, 0
while t < size:
    it = (f"<item><title>Story {i}</title><link>https://example.org/{i}</link>"
          f"<pubDate>Tue, 14 Apr 2026 10:00:00 GMT</pubDate><description><![CDATA[<p>{random.choice(pool)} "
          f"{random.choice(pool)}</p>]]></description></item>\n")
    items.append(it)
    t += len(it)
    i += 1
write("rss_many_items.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title>"
      + "".join(items) + "</channel></rss>")
write("rss_one_huge_item.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title><item>"
      "<title>Big</title><link>https://example.org/b</link><description><![CDATA[" + paragraphs_html(size)
      + "]]></description></item></channel></rss>")
