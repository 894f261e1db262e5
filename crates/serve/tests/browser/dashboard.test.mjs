// The dashboard in real headless Chromium: every page loads on the sample
// corpus with no console error and no failed request, at 1280x800 and at
// 390 px wide with nothing wider than the screen; the map draws Natural
// Earth's country outlines shaded as the API counts; the click path overview ->
// country pair -> event -> highlighted evidence works. Screenshots of every
// page at both sizes go to $SCREENSHOTS.
//
// Run by scripts/browser-test, which starts `attache serve` and sets BASE_URL.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.BASE_URL;
const SHOTS = process.env.SCREENSHOTS || "screenshots";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
assert.ok(BASE, "BASE_URL is not set (run scripts/browser-test)");
mkdirSync(SHOTS, { recursive: true });

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
});

async function api(path) {
  const res = await fetch(BASE + "/api/v1" + path);
  assert.equal(res.status, 200, path);
  return res.json();
}

/** A page that records console errors, page errors and failed requests. */
async function open(size) {
  const context = await browser.newContext({ viewport: SIZES[size] });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems, close: () => context.close() };
}

/** Waits until the view for the current hash is drawn. */
async function ready(page) {
  await page.waitForFunction(() => document.body.dataset.ready === (location.hash || "#/"), null, { timeout: 15000 });
}

async function visit(page, hash) {
  await page.goto(BASE + "/" + hash);
  await ready(page);
}

// Event types from the API, as the dashboard reads them: a symmetric one
// (meetings) and the first of the others.
async function types() {
  const vocab = await api("/vocabulary");
  return { meeting: vocab.symmetric_types[0], other: vocab.event_types.find((t) => !vocab.symmetric_types.includes(t)) };
}

// The network's edges between two states (not an international organisation).
function statePairs(net) {
  const states = new Set(net.nodes.filter((n) => n.kind === "state").map((n) => n.country));
  return net.edges.filter((e) => states.has(e.a) && states.has(e.b));
}

// Pages to visit: found from the data, so the test follows the corpus.
async function pages() {
  const { meeting } = await types();
  const top = statePairs(await api("/network"))[0];
  const event = (await api(`/events?country=${top.a}&counterpart=${top.b}&limit=1`)).items[0];
  const actors = (await api("/actors?kind=person&limit=1")).items[0];
  return {
    overview: "#/",
    events: `#/events?type=${meeting}`,
    network: `#/network?type=${meeting}`,
    search: "#/search?q=Kazakhstan",
    pair: `#/pair/${top.a}/${top.b}`,
    actor: "#/actor/" + encodeURIComponent(actors.id),
    event: "#/event/" + event.id,
    article: "#/article/" + event.article.id,
  };
}

for (const size of Object.keys(SIZES)) {
  test(`every page loads cleanly at ${size} size`, async () => {
    const list = await pages();
    const { page, problems, close } = await open(size);
    try {
      for (const [name, hash] of Object.entries(list)) {
        await visit(page, hash);
        const heading = await page.locator("main h1").first().textContent();
        assert.ok(heading && heading.trim().length > 0, `${name}: no heading`);
        assert.doesNotMatch(heading, /Could not load|Not found/, `${name}: ${heading}`);
        await page.screenshot({ path: `${SHOTS}/${name}-${size}.png`, fullPage: false });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${name} at ${size}: the page is ${overflow}px wider than the window`);
        assert.deepEqual(problems, [], `${name} at ${size}`);
      }
    } finally {
      await close();
    }
  });
}

test("overview -> country pair -> event -> highlighted evidence", async () => {
  const { page, problems, close } = await open("desktop");
  try {
    await visit(page, "#/");
    // The first counterpart bar of the overview goes to a country pair.
    await page.locator("svg[aria-label='counterpart countries'] a").first().click();
    await ready(page);
    const pairHash = await page.evaluate(() => location.hash);
    assert.match(pairHash, /^#\/pair\/[A-Z]{3}\/[A-Z]{3}$/);
    const [, a, b] = pairHash.match(/pair\/(\w+)\/(\w+)/);
    await page.screenshot({ path: `${SHOTS}/path-1-pair.png` });
    // Its first event, by its evidence link.
    const firstEvent = page.locator("ul.events li[data-event]").first();
    const eventId = await firstEvent.getAttribute("data-event");
    await firstEvent.locator("a.evidence-link").click();
    await ready(page);
    assert.equal(await page.evaluate(() => location.hash), "#/event/" + eventId);
    // The evidence sentence is highlighted in the article text, in view.
    const detail = await api("/events/" + eventId);
    const sides = [...detail.event.source, ...detail.event.target].map((x) => x.country);
    assert.ok(sides.includes(a) && sides.includes(b), `event ${eventId} is not between ${a} and ${b}`);
    const mark = page.locator("mark#evidence");
    await mark.waitFor({ state: "visible" });
    const marked = (await mark.textContent()).replace(/\s+/g, " ").trim();
    const evidence = detail.event.evidence.text.replace(/\s+/g, " ").trim();
    assert.ok(marked.includes(evidence) || evidence.includes(marked), `marked ${JSON.stringify(marked)} vs evidence ${JSON.stringify(evidence)}`);
    assert.ok(await mark.isVisible());
    const inView = await mark.evaluate((el) => {
      const r = el.getBoundingClientRect(), box = document.getElementById("article-text").getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom && r.top < window.innerHeight;
    });
    assert.ok(inView, "the evidence is scrolled out of view");
    // Every mention across sources is listed.
    assert.equal(await page.locator("#mentions li").count(), detail.mentions.length);
    await page.screenshot({ path: `${SHOTS}/path-2-event.png` });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("filters live in the URL", async () => {
  const { page, problems, close } = await open("desktop");
  try {
    const { other } = await types();
    await visit(page, "#/events");
    assert.deepEqual(await page.locator("#event-filters select[name=type] option").evaluateAll((os) => os.slice(1).map((o) => o.value)),
      (await api("/vocabulary")).event_types, "the type filter offers the API's event types");
    await page.selectOption("#event-filters select[name=type]", other);
    await page.fill("#event-filters input[name=since]", "2026-04");
    await page.click("#event-filters button[type=submit]");
    await ready(page);
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, new RegExp(`type=${other}`));
    assert.match(hash, /since=2026-04/);
    const expected = await api(`/events?type=${other}&since=2026-04&limit=50`);
    assert.equal(await page.locator("ul.events li[data-event]").count(), expected.items.length);
    // The same URL opened afresh shows the same view.
    const again = await open("desktop");
    try {
      await visit(again.page, hash);
      assert.equal(await again.page.locator("ul.events li[data-event]").count(), expected.items.length);
      assert.equal(await again.page.inputValue("#event-filters input[name=since]"), "2026-04");
    } finally {
      await again.close();
    }
    // Search from the header lands on the search page with q in the URL.
    await page.fill("#quick-search input", "Astana");
    await page.press("#quick-search input", "Enter");
    await ready(page);
    assert.equal(await page.evaluate(() => location.hash), "#/search?q=Astana");
    assert.ok((await page.locator("#article-results li").count()) > 0, "no article found for Astana");
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test("the network focuses a country on click and the map links its pairs", async () => {
  const { page, problems, close } = await open("desktop");
  try {
    await visit(page, "#/network");
    // Each organisation drawn is itself (a square named by its acronym), as the API counts it.
    const net = await api("/network");
    const orgs = net.nodes.slice(0, 40).filter((n) => n.kind === "organisation").map((n) => n.country);
    assert.ok(orgs.some((o) => o !== "IGO"), "the sample corpus names organisations");
    const drawn = await page.locator("svg.network g.node.organisation").evaluateAll((gs) =>
      gs.map((g) => [g.dataset.country, g.querySelector("rect") !== null]));
    assert.deepEqual(drawn.map(([c]) => c).sort(), orgs.sort());
    assert.ok(drawn.every(([, square]) => square));
    const node = page.locator("svg.network g.node[data-kind=state]").nth(1);
    const country = await node.getAttribute("data-country");
    await node.click();
    await ready(page);
    assert.match(await page.evaluate(() => location.hash), new RegExp(`country=${country}`));
    const links = await page.locator("svg.map a").count();
    assert.ok(links > 0, `no partner of ${country} on the map`);
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

for (const size of Object.keys(SIZES)) {
  test(`the map draws Natural Earth's outlines shaded by engagement, organisations by name, at ${size} size`, async () => {
    const focus = (await api("/network")).nodes.find((n) => n.kind === "state").country;
    const counts = await api(`/aggregate?by=counterpart&country=${focus}`);
    const orgs = (await api(`/aggregate?by=organisation&country=${focus}`)).items.filter((i) => i.key);
    const { page, problems, close } = await open(size);
    const elsewhere = [];
    page.on("request", (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith("data:")) elsewhere.push(r.url()); });
    try {
      await visit(page, `#/network?country=${focus}`);
      const map = page.locator("svg#world-map");
      await map.waitFor({ state: "visible" });
      // Country outlines, not dots: Natural Earth 1:110m has 177 (Antarctica left off).
      const outlines = await map.locator("path").count();
      assert.ok(outlines > 100, `only ${outlines} outlines drawn`);
      const box = await map.boundingBox();
      assert.ok(box.width > 300 && box.height > 120, `the map is ${box.width}x${box.height}`);
      // The focus is orange; each state is shaded by its events with the focus, as the API counts them.
      assert.equal(await map.locator(`path[data-country=${focus}]`).first().getAttribute("fill"), "#dd6b20");
      const shaded = await map.locator("[data-events]").evaluateAll((els) => els.map((e) => [e.dataset.country, Number(e.dataset.events)]));
      const states = counts.items.filter((i) => i.key && i.key !== "IGO" && i.count > 0);
      assert.ok(states.length > 0, `no counterpart of ${focus}`);
      const expected = Object.fromEntries(states.map((i) => [i.key, i.count]));
      for (const [iso, n] of shaded) assert.equal(n, expected[iso], `${iso} shaded for ${n} events`);
      const drawn = new Set(shaded.map(([iso]) => iso));
      const known = await page.evaluate(() => Object.keys(window.COUNTRIES));
      for (const iso of Object.keys(expected)) if (known.includes(iso)) assert.ok(drawn.has(iso), `${iso} is not shaded`);
      // International organisations as themselves, never one "IGO".
      const listed = await page.locator("#organisations li").evaluateAll((lis) => lis.map((li) => li.dataset.organisation));
      assert.deepEqual(listed, orgs.slice(0, 24).map((o) => o.key));
      assert.ok(!listed.includes("IGO"));
      await page.locator("#world-map").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/map-${size}.png`, fullPage: size === "phone" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `network at ${size}: ${overflow}px wider than the window`);
      assert.deepEqual(elsewhere, [], "the map fetched something from another origin");
      assert.deepEqual(problems, [], size);
    } finally {
      await close();
    }
  });
}

test("the pages run under the server's Content-Security-Policy and link elsewhere only over http(s)", async () => {
  const res = await fetch(BASE + "/");
  const csp = res.headers.get("content-security-policy") || "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  const { page, problems, close } = await open("desktop");
  try {
    const list = await pages();
    for (const [name, hash] of Object.entries(list)) {
      await visit(page, hash);
      // Every link is within the dashboard, or a web address (never javascript:, data:, ...).
      const others = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => !/^(#|\/(?!\/)|https?:\/\/)/i.test(h)));
      assert.deepEqual(others, [], name);
    }
    const verdicts = await page.evaluate(() =>
      ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example/", "https://example.org/a", "http://example.org"]
        .map((u) => webUrl(u)));
    assert.deepEqual(verdicts, [null, null, null, null, null, "https://example.org/a", "http://example.org/"]);
    // A violation of the policy (a style attribute, an inline script) is a console error: none.
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

// Issue 16: charts drawn from /aggregate on a true time axis, whole-number
// ticks, text readable on a phone, and a download of exactly what is shown.
for (const size of Object.keys(SIZES)) {
  test(`events over time and downloads at ${size} size`, async () => {
    const { meeting } = await types();
    const { page, problems, close } = await open(size);
    try {
      await visit(page, `#/events?type=${meeting}`);
      const chart = page.locator("svg[aria-label='matching events by month and type']");
      await chart.waitFor({ state: "visible" });
      // Every tick is a whole number, none repeated.
      const ticks = await chart.locator("text.tick").allTextContents();
      const numbers = ticks.filter((t) => /^\d+$/.test(t)).map(Number);
      assert.ok(numbers.length >= 2, `ticks: ${ticks}`);
      assert.equal(new Set(numbers).size, numbers.length, `repeated ticks: ${numbers}`);
      // A true time axis: as many columns as months from the first to the last, empty ones too.
      const agg = await api(`/aggregate?by=month&type=${meeting}`);
      const months = agg.items.filter((i) => i.key).map((i) => i.key);
      const [y0, m0] = months[0].split("-").map(Number), [y1, m1] = months[months.length - 1].split("-").map(Number);
      const span = (y1 - y0) * 12 + (m1 - m0) + 1;
      assert.equal(months.length, span, "the API lists every month between the first and the last");
      const periods = new Set(await chart.locator("rect title").allTextContents().then((ts) => ts.map((t) => t.split(" ")[0])));
      assert.ok([...periods].every((p) => months.includes(p)), `columns ${[...periods]} not months of ${months}`);
      // Tick labels are drawn at 11 px or more on screen at this width.
      const px = await chart.locator("text.tick").first().evaluate((el) => el.getBoundingClientRect().height);
      assert.ok(px >= 10, `tick label ${px}px tall at ${size}`);
      // The total shown is the API's; the CSV download holds exactly those events.
      const listed = await api(`/events?type=${meeting}&limit=1`);
      assert.match(await page.locator("#events-total").textContent(), new RegExp(`^${listed.total.toLocaleString("en-US")} event`));
      const href = await page.locator("a.download", { hasText: "JSON Lines" }).first().getAttribute("href");
      const lines = (await (await fetch(BASE + href)).text()).trim().split("\n");
      assert.equal(lines.length, listed.total, `${href}`);
      assert.ok(lines.every((l) => JSON.parse(l).type === meeting), href);
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download", { hasText: "CSV" }).first().click()]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      await page.screenshot({ path: `${SHOTS}/events-chart-${size}.png`, fullPage: true });
      // The overview's chart and the pair view's download button.
      await visit(page, "#/");
      await page.locator("svg[aria-label='events by month and type']").waitFor({ state: "visible" });
      await page.screenshot({ path: `${SHOTS}/overview-chart-${size}.png`, fullPage: true });
      const pair = statePairs(await api("/network"))[0];
      await visit(page, `#/pair/${pair.a}/${pair.b}`);
      assert.ok(await page.locator("a.download").count() >= 2, "no download on the pair view");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `pair at ${size}: ${overflow}px wider than the window`);
      assert.deepEqual(problems, [], size);
    } finally {
      await close();
    }
  });
}

test("search finds events by their evidence, with whole-word snippets and the words marked", async () => {
  const { page, problems, close } = await open("phone");
  try {
    await visit(page, "#/search?q=minister");
    const marks = await page.locator("#event-results mark").allTextContents();
    assert.ok(marks.length > 0, "no marked word in the event results");
    assert.ok(marks.every((m) => m.toLowerCase() === "minister"), `marked: ${marks}`);
    // Snippets are cut between words: the text shown is the evidence's, and where it is cut
    // ("…"), the evidence has a space there.
    const events = await api("/events?q=minister&limit=20");
    const shown = await page.locator("#event-results li").evaluateAll((lis) => lis.map((li) => ({
      id: li.querySelector("a[href^='#/event/']").getAttribute("href").slice("#/event/".length),
      text: li.querySelector(".snippet").textContent,
    })));
    assert.equal(shown.length, events.items.length);
    for (const { id, text } of shown) {
      const evidence = events.items.find((e) => e.id === id).evidence.text.replace(/\s+/g, " ").trim();
      const body = text.replace(/^… /, "").replace(/ …$/, "");
      const at = evidence.indexOf(body);
      assert.ok(at >= 0, `${body} is not in ${evidence}`);
      if (text.startsWith("… ")) assert.equal(evidence[at - 1], " ", `cut mid-word at the start: ${text}`);
      if (text.endsWith(" …")) assert.equal(evidence[at + body.length], " ", `cut mid-word at the end: ${text}`);
    }
    // Sources are outlets or sites, never file paths.
    const meta = await page.locator("#article-results .muted").allTextContents();
    assert.ok(meta.every((m) => !m.includes("/")), `a path shown: ${meta.find((m) => m.includes("/"))}`);
    await page.screenshot({ path: `${SHOTS}/search-events-phone.png`, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});
