// attache dashboard: vanilla JavaScript over the JSON API (/api/v1), no
// dependencies. Views are chosen by the URL hash, and every filter lives in
// it too (#/network?country=KAZ&since=2026-01), so a view can be shared.
// The vocabularies (event types, meeting modes, ...) are the API's
// (/api/v1/vocabulary), read once before the first view is drawn.
"use strict";

let VOCAB = null;
const COUNTRIES = window.COUNTRIES || {};
const view = document.getElementById("view");

// ---- small helpers ----------------------------------------------------------

/** An element: h("a", {href: "#/"}, "text", child, ...). Text is never parsed as HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    // Through the CSSOM: the Content-Security-Policy refuses style attributes.
    else if (k === "style") el.style.cssText = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const SVGNS = "http://www.w3.org/2000/svg";
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "style") el.style.cssText = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** `u` when it is an http or https address, else null: the only links to elsewhere drawn. */
function webUrl(u) {
  if (typeof u !== "string") return null;
  try {
    const url = new URL(u.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function countryName(iso) {
  return (COUNTRIES[iso] && COUNTRIES[iso][0]) || iso || "?";
}

/** A type whose sides may be read in either order (a meeting). */
function isSymmetric(t) {
  return VOCAB.symmetric_types.includes(t);
}

function typeColor(t) {
  return getComputedStyle(document.documentElement).getPropertyValue("--" + t).trim() || "#718096";
}

function fmt(n) {
  return Number(n).toLocaleString("en-US");
}

function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, v);
  const t = u.toString();
  return t ? "?" + t : "";
}

class ApiError extends Error {}

async function api(path, params) {
  const res = await fetch("/api/v1" + path + qs(params || {}), { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (_) { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : res.statusText;
    throw new ApiError(`${res.status}: ${msg}`);
  }
  return body;
}

function badge(text, cls) {
  return h("span", { class: "badge " + (cls || text) }, text);
}

function card(cls, title, ...children) {
  return h("section", { class: "card " + (cls || "") }, title ? h("h2", {}, title) : null, ...children);
}

function actorLabel(a) {
  const name = a.actor_id
    ? h("a", { href: "#/actor/" + encodeURIComponent(a.actor_id) }, a.name)
    : a.name;
  return h("span", {}, name, a.country ? h("span", { class: "muted" }, ` (${a.country})`) : null);
}

function sides(e) {
  const list = (xs) => xs.length ? xs.map((a, i) => [i ? ", " : "", actorLabel(a)]) : ["—"];
  return h("span", {}, list(e.source), isSymmetric(e.type) ? " ↔ " : " → ", list(e.target));
}

function eventItem(e) {
  return h("li", { "data-event": e.id },
    h("div", { class: "ev-head" },
      h("span", { class: "ev-date" }, e.date || "undated"),
      badge(e.type), e.mode ? h("span", { class: "muted small" }, e.mode) : null,
      sides(e)),
    h("div", { class: "ev-text" },
      h("a", { href: "#/event/" + e.id, class: "evidence-link" }, e.evidence.text.length > 220 ? e.evidence.text.slice(0, 220) + "…" : e.evidence.text),
      h("span", { class: "muted small" }, " — ", e.article.title || e.article.doc)));
}

function eventList(items, empty) {
  if (!items.length) return h("p", { class: "muted" }, empty || "No events.");
  return h("ul", { class: "events" }, items.map(eventItem));
}

function table(headers, rows) {
  return h("div", { class: "table-wrap" },
    h("table", {},
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { class: x.num ? "num" : null }, x.label || x)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, i) => h("td", { class: headers[i] && headers[i].num ? "num" : null }, c)))))));
}

function legend(types) {
  return h("div", { class: "legend" }, types.map((t) => h("span", {}, h("i", { style: `background:${typeColor(t)}` }), t)));
}

// ---- charts (SVG) ---------------------------------------------------------------

/** Horizontal bars: rows of {label, value, href?, color?}. */
function barChart(rows, opts) {
  opts = opts || {};
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 22, labelW = opts.labelWidth || 130, W = 520, barW = W - labelW - 50;
  const svg = s("svg", { viewBox: `0 0 ${W} ${rows.length * rowH + 4}`, role: "img", "aria-label": opts.label || "bar chart" });
  rows.forEach((r, i) => {
    const y = i * rowH + 2;
    const label = s("text", { x: labelW - 6, y: y + 14, "text-anchor": "end" }, r.label.length > 22 ? r.label.slice(0, 21) + "…" : r.label);
    svg.append(r.href ? s("a", { href: r.href }, label) : label);
    const w = Math.max(2, (r.value / max) * barW);
    svg.append(s("rect", { x: labelW, y: y + 3, width: w, height: rowH - 8, rx: 2, fill: r.color || "#4a7fb5" }, s("title", {}, `${r.label}: ${r.value}`)));
    svg.append(s("text", { x: labelW + w + 5, y: y + 14 }, fmt(r.value)));
  });
  return svg;
}

/** Whole-number ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, at most 6 ticks. */
function integerTicks(max) {
  max = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let p = 1; ; p *= 10) {
    const s = [1, 2, 5].map((m) => m * p).find((c) => Math.ceil(max / c) <= 5);
    if (s) { step = s; break; }
  }
  const ticks = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

/** Every month from `a` to `b` (YYYY-MM), both included. */
function monthsBetween(a, b) {
  const out = [];
  let [y, m] = a.split("-").map(Number);
  const [y2, m2] = b.split("-").map(Number);
  while (y < y2 || (y === y2 && m <= m2)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

/** A width for a chart drawn at its natural size in `view` (so its text stays readable on a phone). */
function chartWidth(most) {
  return Math.max(300, Math.min(most || 1200, (view.clientWidth || 760) - 60));
}

/**
 * Events over time, stacked by type, on a true time axis: items of
 * `aggregate?by=month,type` ({key: month, second: type, count}). Every
 * month from the first to the last is a column (empty ones too); over five
 * years, columns are years. Undated events are counted below the chart.
 */
function periodChart(items, label, most) {
  const dated = items.filter((i) => i.key);
  const undated = items.filter((i) => !i.key).reduce((a, i) => a + i.count, 0);
  const note = undated ? h("p", { class: "muted small" }, `${fmt(undated)} undated event(s) not shown.`) : null;
  if (!dated.length) return h("div", {}, h("p", { class: "muted" }, "No dated events."), note);
  const months = dated.map((i) => i.key.slice(0, 7)).sort();
  let periods = monthsBetween(months[0], months[months.length - 1]);
  let keyOf = (k) => k.slice(0, 7);
  if (periods.length > 60) {
    const years = dated.map((i) => Number(i.key.slice(0, 4)));
    periods = [];
    for (let y = Math.min(...years); y <= Math.max(...years); y++) periods.push(String(y));
    keyOf = (k) => k.slice(0, 4);
  }
  const types = VOCAB.event_types.filter((t) => dated.some((x) => x.second === t));
  const per = Object.fromEntries(periods.map((p) => [p, {}]));
  for (const i of dated) per[keyOf(i.key)][i.second] = (per[keyOf(i.key)][i.second] || 0) + i.count;
  const totals = periods.map((p) => Object.values(per[p]).reduce((a, b) => a + b, 0));
  const ticks = integerTicks(Math.max(...totals));
  const top = ticks[ticks.length - 1];
  const W = chartWidth(most), H = 210, left = 34, bottom = 38, head = 10;
  const colW = (W - left - 10) / periods.length;
  const svg = s("svg", { class: "chart", width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label || "events over time" });
  for (const v of ticks) {
    const y = H - bottom - ((H - bottom - head) * v) / top;
    svg.append(s("line", { x1: left, x2: W - 10, y1: y, y2: y, stroke: "#e2e8f0" }));
    svg.append(s("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "tick" }, String(v)));
  }
  const every = Math.ceil(periods.length / Math.max(2, Math.floor((W - left) / 64)));
  periods.forEach((p, i) => {
    let y = H - bottom;
    const x = left + i * colW + colW * 0.12;
    for (const t of types) {
      const n = per[p][t] || 0;
      if (!n) continue;
      const hgt = ((H - bottom - head) * n) / top;
      y -= hgt;
      svg.append(s("rect", { x, y, width: Math.max(1, colW * 0.76), height: hgt, fill: typeColor(t) }, s("title", {}, `${p} ${t}: ${n}`)));
    }
    if (i % every === 0) svg.append(s("text", { x: x + colW * 0.38, y: H - bottom + 15, "text-anchor": "middle", class: "tick" }, p));
  });
  return h("div", { class: "chart-box" }, svg, legend(types), note);
}

/** Links that download every event of a filter as CSV and as JSON Lines. */
function downloads(path, params) {
  const link = (format, text) => h("a", { class: "button secondary download", href: "/api/v1" + path + qs({ ...params, format }), download: "" }, text);
  return h("div", { class: "downloads" }, link("csv", "Download CSV"), link("jsonl", "Download JSON Lines"));
}

/** A circle of states (dots) and international organisations (squares),
 * edges weighted by events; `focus` highlighted. */
function networkChart(net, focus, onPick) {
  const nodes = net.nodes.slice(0, 40);
  if (!nodes.length) return h("p", { class: "muted" }, "No events match.");
  const keep = new Set(nodes.map((n) => n.country));
  const edges = net.edges.filter((e) => keep.has(e.a) && keep.has(e.b));
  const W = 640, H = 520, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 70;
  const pos = {};
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    pos[n.country] = [cx + R * Math.cos(a), cy + R * Math.sin(a), a];
  });
  const maxE = Math.max(1, ...edges.map((e) => e.events));
  const maxN = Math.max(1, ...nodes.map((n) => n.events));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "network of states and organisations", class: "network" });
  const org = new Set(nodes.filter((n) => n.kind === "organisation").map((n) => n.country));
  const label = (c) => org.has(c) ? `${c} (international organisation)` : countryName(c);
  for (const e of edges) {
    const [x1, y1] = pos[e.a], [x2, y2] = pos[e.b];
    const touches = focus && (e.a === focus || e.b === focus);
    const line = s("line", {
      x1, y1, x2, y2, stroke: touches ? "#1d5fa8" : "#94a3b8",
      "stroke-opacity": focus && !touches ? 0.25 : 0.7,
      "stroke-width": 1 + (5 * e.events) / maxE,
    }, s("title", {}, `${label(e.a)} – ${label(e.b)}: ${e.events} events`));
    // A pair of states has its page; a state and an organisation, the state's events with organisations.
    const state = !org.has(e.a) ? e.a : !org.has(e.b) ? e.b : null;
    const href = !org.has(e.a) && !org.has(e.b) ? `#/pair/${e.a}/${e.b}`
      : state ? "#/events" + qs({ country: state, counterpart: "IGO" }) : "#/search" + qs({ q: e.a });
    svg.append(s("a", { href }, line));
  }
  for (const n of nodes) {
    const [x, y, a] = pos[n.country];
    const r = 4 + (10 * Math.sqrt(n.events)) / Math.sqrt(maxN);
    const isOrg = org.has(n.country);
    const title = s("title", {}, `${label(n.country)}: ${n.events} events`);
    const mark = isOrg
      ? s("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, rx: 2, fill: "#2f855a", stroke: "#fff", "stroke-width": 1.5 }, title)
      : s("circle", { cx: x, cy: y, r, fill: n.country === focus ? "#dd6b20" : "#1d5fa8", stroke: "#fff", "stroke-width": 1.5 }, title);
    const g = s("g", { class: isOrg ? "node organisation" : "node", "data-country": n.country, "data-kind": n.kind || "state", style: "cursor:pointer",
      onclick: () => isOrg ? go("#/search", { q: n.country }) : onPick(n.country) },
      mark,
      s("text", {
        x: x + Math.cos(a) * (r + 4), y: y + Math.sin(a) * (r + 4) + 4,
        "text-anchor": Math.cos(a) > 0.2 ? "start" : Math.cos(a) < -0.2 ? "end" : "middle",
        "font-weight": n.country === focus ? "700" : "400",
      }, n.country));
    svg.append(g);
  }
  return svg;
}

/** Roles over time as horizontal bars: rows of {title, first, last}. */
function roleChart(roles) {
  if (!roles.length) return h("p", { class: "muted" }, "No roles recorded.");
  const days = roles.flatMap((r) => [r.first, r.last]).filter(Boolean).map((d) => Date.parse(d.slice(0, 10)));
  const lo = Math.min(...days), hi = Math.max(...days) + 86400000;
  const W = 640, rowH = 26, left = 10, span = Math.max(1, hi - lo);
  const svg = s("svg", { viewBox: `0 0 ${W} ${roles.length * rowH + 24}`, role: "img", "aria-label": "role timeline" });
  roles.forEach((r, i) => {
    const a = r.first ? Date.parse(r.first.slice(0, 10)) : lo;
    const b = (r.last ? Date.parse(r.last.slice(0, 10)) : hi) + 86400000;
    const x = left + ((a - lo) / span) * (W - 2 * left), w = Math.max(6, ((b - a) / span) * (W - 2 * left));
    const y = i * rowH + 4;
    svg.append(s("rect", { x, y, width: w, height: rowH - 8, rx: 3, fill: "#90b4dc" }, s("title", {}, `${r.title}: ${r.first || "?"} .. ${r.last || "?"}`)));
    // The label reads from the bar into the free side of the chart.
    const label = `${r.title}${r.country ? " (" + r.country + ")" : ""}`;
    const right = x + w / 2 < W / 2;
    svg.append(s("text", { x: right ? x + 4 : x + w - 4, y: y + 13, "text-anchor": right ? "start" : "end" }, label));
  });
  const y = roles.length * rowH + 18;
  svg.append(s("text", { x: left, y }, new Date(lo).toISOString().slice(0, 10)));
  svg.append(s("text", { x: W - left, y, "text-anchor": "end" }, new Date(hi - 86400000).toISOString().slice(0, 10)));
  return svg;
}

/** An actor in the middle, counterparts around it, lines weighted by shared events. */
function starChart(center, counterparts) {
  const list = counterparts.slice(0, 16);
  if (!list.length) return h("p", { class: "muted" }, "No counterparts.");
  const W = 660, H = 380, cx = W / 2, cy = H / 2, R = 130;
  const max = Math.max(1, ...list.map((c) => c.events));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "counterpart network" });
  list.forEach((c, i) => {
    const a = (2 * Math.PI * i) / list.length - Math.PI / 2;
    const x = cx + R * Math.cos(a), y = cy + R * Math.sin(a);
    svg.append(s("line", { x1: cx, y1: cy, x2: x, y2: y, stroke: "#94a3b8", "stroke-width": 1 + (4 * c.events) / max }));
    const label = `${c.name}${c.country ? " (" + c.country + ")" : ""}`;
    const node = [
      s("circle", { cx: x, cy: y, r: 6, fill: "#1d5fa8" }, s("title", {}, `${label}: ${c.events} events`)),
      s("text", { x: x + (Math.cos(a) >= 0 ? 9 : -9), y: y + 4, "text-anchor": Math.cos(a) >= 0 ? "start" : "end" }, label.length > 28 ? label.slice(0, 27) + "…" : label),
    ];
    svg.append(c.actor_id ? s("a", { href: "#/actor/" + encodeURIComponent(c.actor_id) }, node) : s("g", {}, node));
  });
  svg.append(s("circle", { cx, cy, r: 10, fill: "#dd6b20" }));
  svg.append(s("text", { x: cx, y: cy + 26, "text-anchor": "middle", "font-weight": "700" }, center));
  return svg;
}

// ---- views -----------------------------------------------------------------------

async function overview() {
  const stats = await api("/stats");
  // Latest: events up to the newest publication day (promises dated later are not news yet).
  const until = stats.last_published ? stats.last_published.slice(0, 10) : "";
  const [latest, net, overTime] = await Promise.all([
    api("/events", { limit: 12, until }), api("/network"), api("/aggregate", { by: "month,type" })]);
  const states = net.nodes.filter((n) => n.kind !== "organisation");
  const home = states.length ? states[0].country : null;
  const isState = new Set(states.map((n) => n.country));
  const withHome = {};
  for (const e of net.edges) {
    if (e.a === home && isState.has(e.b)) withHome[e.b] = e.events;
    if (e.b === home && isState.has(e.a)) withHome[e.a] = e.events;
  }
  const counterparts = Object.entries(withHome).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 12);
  const status = Object.fromEntries(stats.commitments_by_status.map((c) => [c.key, c.count]));
  const stat = (n, label) => h("div", { class: "stat" }, h("b", {}, fmt(n)), h("span", {}, label));
  return [
    h("h1", {}, "Overview"),
    h("p", { class: "muted" },
      `Articles published ${stats.first_published || "?"} to ${stats.last_published || "?"}; events dated ${stats.first_event || "?"} to ${stats.last_event || "?"}.`),
    h("div", { class: "stats", id: "counts" },
      stat(stats.articles, "articles"), stat(stats.events, "events"), stat(stats.actors, "actors"),
      stat(stats.occurrences, "occurrences"), stat(status.open || 0, "open commitments"),
      stat(status.fulfilled || 0, "fulfilled"), stat(stats.facts, "facts"), stat(stats.documents, "documents")),
    h("div", { class: "grid", style: "margin-top:1rem" },
      card("span-12", "Events over time", periodChart(overTime.items, "events by month and type")),
      card("span-7", "Latest events", eventList(latest.items)),
      h("div", { class: "span-5", style: "display:grid;gap:1rem;align-content:start;min-width:0" },
        card("", home ? `Most active counterparts of ${countryName(home)}` : "Most active counterparts",
          counterparts.length
            ? barChart(counterparts.map(([c, n]) => ({ label: `${countryName(c)} (${c})`, value: n, href: `#/pair/${home}/${c}` })), { label: "counterpart countries" })
            : h("p", { class: "muted" }, "No country pairs yet.")),
        card("", "Events by type",
          barChart(stats.events_by_type.map((t) => ({ label: t.key, value: t.count, color: typeColor(t.key), href: `#/events?type=${t.key}` })), { labelWidth: 100, label: "events by type" })),
        card("", "Ingestion",
          h("dl", { class: "facts" },
            h("dt", {}, "last ingest"), h("dd", {}, stats.last_ingested || "never"),
            h("dt", {}, "documents"), h("dd", {}, `${fmt(stats.documents)} (${fmt(stats.document_versions)} versions)`),
            h("dt", {}, "sentences"), h("dd", {}, fmt(stats.sentences)),
            h("dt", {}, "text"), h("dd", {}, `${(stats.bytes / 1e6).toFixed(1)} MB`),
            h("dt", {}, "formats"), h("dd", {}, stats.by_format.map((f) => `${f.key} ${f.count}`).join(", ")),
            h("dt", {}, "schema"), h("dd", {}, `v${stats.schema_version}`))))),
  ];
}

async function pairView(a, b, params) {
  const type = params.get("type") || "";
  const [r, evs, overTime] = await Promise.all([
    api(`/relations/${a}/${b}`),
    api("/events", { country: a, counterpart: b, type, limit: 50 }),
    api("/aggregate", { by: "month,type", country: a, counterpart: b, type }),
  ]);
  const byStatus = (st) => r.commitments.filter((c) => c.status === st);
  const years = [...new Set(r.topics_by_year.map((t) => t.year))].sort();
  const topTopics = r.topics.slice(0, 10).map((t) => t.key);
  const topicCell = (y, t) => {
    const x = r.topics_by_year.find((z) => z.year === y && z.topic === t);
    return x ? x.count : "";
  };
  const events = h("div", {}, eventList(evs.items, "No events between them."));
  let cursor = evs.next_cursor;
  const more = h("button", { class: "secondary", onclick: async () => {
    const next = await api("/events", { country: a, counterpart: b, type, limit: 50, cursor });
    events.append(eventList(next.items));
    cursor = next.next_cursor;
    if (!cursor) more.remove();
  } }, "More events");
  return [
    h("h1", {}, `${countryName(a)} – ${countryName(b)}`),
    h("p", { class: "muted" }, `${fmt(r.events_total)} events`, r.first ? `, ${r.first} to ${r.last}` : "", ". ",
      h("a", { href: `#/pair/${b}/${a}` }, "swap"), " · ", h("a", { href: `#/network?country=${a}` }, `${a} in the network`)),
    h("div", { class: "grid" },
      card("span-8", "Events over time", periodChart(overTime.items, `events of ${a} and ${b} by month`, 760)),
      card("span-4", "Topics", r.topics.length ? barChart(r.topics.slice(0, 12).map((t) => ({ label: t.key, value: t.count })), { labelWidth: 150, label: "topics" }) : h("p", { class: "muted" }, "No topics.")),
      card("span-6", "Topics over time", years.length && topTopics.length
        ? table(["topic", ...years.map((y) => ({ label: y, num: true }))], topTopics.map((t) => [t, ...years.map((y) => topicCell(y, t))]))
        : h("p", { class: "muted" }, "No topics.")),
      card("span-6", "Facts", r.facts.length
        ? table(["what", { label: "value", num: true }, "unit", "year", "source"], r.facts.map((f) => [f.what, fmt(f.value), f.unit || "", f.year || "", h("a", { href: `#/article/${f.article_id}` }, f.title || "article")]))
        : h("p", { class: "muted" }, "No facts.")),
      card("span-12", "Commitments",
        ["open", "fulfilled", "lapsed"].map((st) => h("div", {},
          h("h3", { class: "small" }, badge(st), ` ${byStatus(st).length}`),
          byStatus(st).length ? table(["made", "kind", "source", "target", "due", "evidence", "fulfilled by"], byStatus(st).map((c) => [
            h("a", { href: "#/event/" + c.id }, c.made || "?"), badge(c.kind), named(c.source), named(c.target), c.due || "",
            h("span", { class: "small" }, c.evidence || ""),
            c.fulfilled_by ? h("a", { href: "#/event/" + c.fulfilled_by }, c.fulfilled_by) : "",
          ])) : null))),
      card("span-12", "Events",
        h("form", { class: "filters", onsubmit: (ev) => { ev.preventDefault(); go(`#/pair/${a}/${b}`, { type: ev.target.type.value }); } },
          h("label", {}, "type", typeSelect(type)), h("button", { type: "submit" }, "Filter")),
        downloads("/events", { country: a, counterpart: b, type }),
        events, cursor ? more : null)),
  ];
}

/** Actors of a commitment by name (linked) and state. */
function named(list) {
  return list.map((a, i) => [i ? "; " : "", h("a", { href: "#/actor/" + encodeURIComponent(a.actor_id) }, a.name), a.country ? ` (${a.country})` : ""]);
}

function typeSelect(value) {
  return h("select", { name: "type" }, h("option", { value: "" }, "any"), VOCAB.event_types.map((t) => h("option", { value: t, selected: t === value }, t)));
}

async function eventView(id) {
  const d = await api("/events/" + id);
  const e = d.event;
  const article = await api("/articles/" + e.article.id);
  return [
    h("h1", {}, badge(e.type), " ", e.mode ? `${e.mode} · ` : "", e.date || "undated"),
    h("p", {}, sides(e)),
    h("div", { class: "grid" },
      card("span-8", "Evidence in the article",
        h("p", {}, h("a", { href: `#/article/${article.id}` }, article.title || article.doc), h("span", { class: "muted" }, ` · ${article.published || "undated"} · ${article.origin}`)),
        articleText(article, e)),
      h("div", { class: "span-4", style: "display:grid;gap:1rem;align-content:start;min-width:0" },
        card("", "Event",
          h("dl", { class: "facts" },
            h("dt", {}, "id"), h("dd", {}, e.id),
            h("dt", {}, "date"), h("dd", {}, `${e.date || "—"} (${e.date_basis || "no date"})`),
            h("dt", {}, "location"), h("dd", {}, e.location ? `${e.location.name}${e.location.country ? " (" + e.location.country + ")" : ""}` : "—"),
            h("dt", {}, "topics"), h("dd", {}, e.topics.length ? e.topics.map((t) => h("span", { class: "pill" }, t)) : "—"),
            h("dt", {}, "CAMEO"), h("dd", {}, e.cameo || "—"),
            h("dt", {}, "rule"), h("dd", {}, e.evidence.rule || "—"),
            h("dt", {}, "trigger"), h("dd", {}, e.evidence.trigger || "—"),
            h("dt", {}, "span"), h("dd", {}, e.evidence.span ? `bytes ${e.evidence.span.start}–${e.evidence.span.end}, sentence ${e.evidence.sentence}` : "the title"))),
        card("", `Mentions across sources (${d.mentions.length})`,
          d.occurrence ? h("p", { class: "muted small" }, `${d.occurrence.reports} reports, ${d.occurrence.independent_sources} independent sources`) : null,
          h("ul", { class: "events", id: "mentions" }, d.mentions.map((m) => h("li", {},
            m.id === e.id ? h("b", {}, m.article.title || m.article.doc) : h("a", { href: "#/event/" + m.id }, m.article.title || m.article.doc),
            h("div", { class: "muted small" }, `${m.article.published || "undated"} · ${m.article.origin}${m.article.via.length ? " · via " + m.article.via.join(", ") : ""}`),
            h("div", { class: "ev-text" }, m.evidence.text))))))),
  ];
}

/** The clean text with event evidence marked: spans are UTF-8 byte offsets. */
function articleText(article, focus) {
  const bytes = new TextEncoder().encode(article.text);
  const dec = new TextDecoder();
  const marks = [];
  for (const ev of article.events) {
    if (!ev.evidence.span) continue;
    const isFocus = focus && ev.id === focus.id;
    if (focus && !isFocus && marks.some((m) => m.start === ev.evidence.span.start)) continue;
    marks.push({ start: ev.evidence.span.start, end: ev.evidence.span.end, ev, focus: isFocus });
  }
  marks.sort((x, y) => x.start - y.start || (y.focus ? 1 : 0) - (x.focus ? 1 : 0));
  const box = h("div", { class: "article-text", id: "article-text" });
  let at = 0;
  for (const m of marks) {
    if (m.start < at || m.end > bytes.length) continue;
    box.append(dec.decode(bytes.slice(at, m.start)));
    const sentence = dec.decode(bytes.slice(m.start, m.end));
    const mark = h("mark", { class: m.focus ? "evidence" : "other", id: m.focus ? "evidence" : null, title: `${m.ev.type} ${m.ev.id}` });
    const trig = m.focus && m.ev.evidence.trigger ? sentence.toLowerCase().indexOf(m.ev.evidence.trigger.toLowerCase()) : -1;
    if (trig >= 0) {
      const t = m.ev.evidence.trigger.length;
      append(mark, [sentence.slice(0, trig), h("strong", {}, sentence.slice(trig, trig + t)), sentence.slice(trig + t)]);
    } else {
      mark.append(sentence);
    }
    box.append(m.focus ? mark : h("a", { href: "#/event/" + m.ev.id, class: "plain" }, mark));
    at = m.end;
  }
  box.append(dec.decode(bytes.slice(at)));
  if (focus && !focus.evidence.span) {
    return h("div", {}, h("p", {}, "Stated in the title: ", h("mark", { class: "evidence", id: "evidence" }, focus.evidence.text)), box);
  }
  return box;
}

async function articleView(id) {
  const a = await api("/articles/" + id);
  return [
    h("h1", {}, a.title || a.doc),
    h("p", { class: "muted" }, `${a.published || "undated"} · ${a.origin} · ${a.format}${a.via.length ? " · via " + a.via.join(", ") : ""}`, webUrl(a.url) ? [" · ", h("a", { href: webUrl(a.url), rel: "noopener noreferrer" }, "source")] : null),
    h("div", { class: "grid" },
      card("span-8", "Text (event evidence marked)", articleText(a, null)),
      card("span-4", `Events (${a.events.length})`, eventList(a.events)),
      a.facts.length ? card("span-4", "Facts", table(["what", { label: "value", num: true }, "unit", "year"], a.facts.map((f) => [f.what, fmt(f.value), f.unit || "", f.year || ""]))) : null),
  ];
}

async function actorView(id) {
  const d = await api("/actors/" + encodeURIComponent(id));
  const a = d.actor;
  const meetings = d.events.filter((e) => isSymmetric(e.type));
  const others = d.events.filter((e) => !isSymmetric(e.type));
  return [
    h("h1", {}, a.name),
    h("p", { class: "muted" }, `${a.kind}${a.country ? " · " + countryName(a.country) + " (" + a.country + ")" : ""} · ${a.mentions} mentions · ${d.events_total} events · id ${a.id}`),
    a.aliases.length ? h("p", {}, "Also written: ", a.aliases.map((x) => h("span", { class: "pill" }, x))) : null,
    h("p", { class: "small muted" }, "Events naming ", a.name, ":", downloads("/events", { actor: a.name })),
    h("div", { class: "grid" },
      card("span-7", "Role timeline", roleChart(a.roles)),
      card("span-5", "Events by type", d.events_by_type.length ? barChart(d.events_by_type.map((t) => ({ label: t.key, value: t.count, color: typeColor(t.key) })), { labelWidth: 100 }) : h("p", { class: "muted" }, "No events.")),
      card("span-7", "Counterpart network", starChart(a.name, d.counterparts)),
      card("span-5", "Counterparts", d.counterparts.length ? table(["who", "country", { label: "events", num: true }], d.counterparts.slice(0, 30).map((c) => [
        c.actor_id ? h("a", { href: "#/actor/" + encodeURIComponent(c.actor_id) }, c.name) : c.name,
        c.country ? (a.country && c.country !== a.country ? h("a", { href: `#/pair/${a.country}/${c.country}` }, c.country) : c.country) : "", c.events])) : h("p", { class: "muted" }, "None.")),
      card("span-6", `Meetings (${meetings.length})`, eventList(meetings, "No meetings.")),
      card("span-6", `Other events (${others.length})`, eventList(others, "None."))),
  ];
}

async function networkView(params) {
  const f = { country: params.get("country") || "", type: params.get("type") || "", since: params.get("since") || "", until: params.get("until") || "" };
  const all = await api("/network", { type: f.type, since: f.since, until: f.until });
  const states = all.nodes.filter((n) => n.kind !== "organisation");
  const focus = f.country || (states[0] && states[0].country) || "";
  const form = h("form", { class: "filters", id: "network-filters", onsubmit: (ev) => {
    ev.preventDefault();
    const t = ev.target;
    go("#/network", { country: t.country.value, type: t.type.value, since: t.since.value, until: t.until.value });
  } },
  h("label", {}, "focus country", h("select", { name: "country" }, h("option", { value: "" }, "most active"),
    states.map((n) => h("option", { value: n.country, selected: n.country === f.country }, `${n.country} ${countryName(n.country)}`)))),
  h("label", {}, "type", typeSelect(f.type)),
  h("label", {}, "since", h("input", { name: "since", value: f.since, placeholder: "YYYY-MM-DD" })),
  h("label", {}, "until", h("input", { name: "until", value: f.until, placeholder: "YYYY-MM-DD" })),
  h("button", { type: "submit" }, "Apply"));
  const pick = (c) => go("#/network", { ...f, country: c });
  const filters = { country: focus, type: f.type, since: f.since, until: f.until };
  const [world, counterparts, organisations] = focus ? await Promise.all([worldOutlines(),
    api("/aggregate", { ...filters, by: "counterpart" }), api("/aggregate", { ...filters, by: "organisation" })]) : [null, null, null];
  const partners = focus ? counterparts.items.filter((i) => i.key && i.key !== "IGO").map((i) => ({ c: i.key, n: i.count })) : [];
  return [
    h("h1", {}, "Network of states and organisations"),
    h("p", { class: "muted" }, `${states.length} states (dots), ${all.nodes.length - states.length} international organisations (squares), ${all.edges.length} pairs; edges weighted by events. Click a state to focus it, an organisation to search for it, an edge for its events.`),
    form,
    h("div", { class: "grid" },
      card("span-7", "States, organisations and the events between them", networkChart(all, focus, pick)),
      card("span-5", focus ? `Engagement with ${countryName(focus)}` : "Engagement",
        focus ? mapChart(world, counterparts.items, focus) : null,
        focus ? h("h3", { class: "small" }, "International organisations") : null,
        focus ? organisationList(organisations.items, focus) : null,
        h("h3", { class: "small" }, "States"),
        partners.length ? table(["with", { label: "events", num: true }], partners.map((p) => [h("a", { href: `#/pair/${focus}/${p.c}` }, `${countryName(p.c)} (${p.c})`), p.n])) : h("p", { class: "muted" }, "No partners."))),
  ];
}

async function eventsView(params) {
  const keys = ["country", "counterpart", "type", "mode", "actor", "topic", "q", "since", "until", "sort"];
  const f = Object.fromEntries(keys.map((k) => [k, params.get(k) || ""]));
  const filters = Object.fromEntries(keys.filter((k) => k !== "sort").map((k) => [k, f[k]]));
  const [first, overTime] = await Promise.all([
    api("/events", { ...f, limit: 50 }), api("/aggregate", { ...filters, by: "month,type" })]);
  const list = h("div", {}, eventList(first.items, "No events match."));
  let cursor = first.next_cursor;
  const more = h("button", { class: "secondary", onclick: async () => {
    const next = await api("/events", { ...f, limit: 50, cursor });
    list.append(eventList(next.items));
    cursor = next.next_cursor;
    if (!cursor) more.remove();
  } }, "More");
  const input = (k, ph, label) => h("label", {}, label || k, h("input", { name: k, value: f[k], placeholder: ph || "" }));
  return [
    h("h1", {}, "Events"),
    h("form", { class: "filters", id: "event-filters", onsubmit: (ev) => {
      ev.preventDefault();
      const t = ev.target;
      go("#/events", Object.fromEntries(keys.map((k) => [k, t[k].value.trim()])));
    } },
    input("country", "ISO3, ISO3"), input("counterpart", "ISO3"), h("label", {}, "type", typeSelect(f.type)),
    h("label", {}, "mode", h("select", { name: "mode" }, ["", ...VOCAB.modes].map((m) => h("option", { value: m, selected: m === f.mode }, m || "any")))),
    input("actor", "name"), input("topic", "trade, energy"), input("q", "words", "evidence"),
    input("since", "YYYY-MM-DD"), input("until", "YYYY-MM-DD"),
    h("label", {}, "order", h("select", { name: "sort" }, [["", "newest first"], ["oldest", "oldest first"]].map(([v, t]) => h("option", { value: v, selected: v === f.sort }, t)))),
    h("button", { type: "submit" }, "Filter")),
    h("p", { class: "muted", id: "events-total" }, `${fmt(first.total)} event(s) match.`),
    card("", "Events over time", periodChart(overTime.items, "matching events by month and type")),
    card("", null, downloads("/events", filters), list, cursor ? more : null),
  ];
}

/** Where an article comes from, for a reader: the outlet it cites, its site, else its file's name. */
function outlet(a) {
  if (a.via && a.via.length) return a.via[0];
  const u = webUrl(a.url);
  if (u) return new URL(u).hostname.replace(/^www\./, "");
  return String(a.origin || a.doc || "").split("/").pop();
}

/** The words of a query, as the API matches them (letters and digits; a trailing * kept off). */
function queryWords(q) {
  return (q.match(/[\p{L}\p{N}]+/gu) || []).filter((w) => w.length > 0);
}

/**
 * A snippet of `text` around the first of `words`, cut at word boundaries
 * (about `n` characters, "…" where cut), with every word of the query marked.
 * `cut`: the text itself was cut short (an article's lead), so its last word
 * may be a part of one: it is left out.
 */
function snippet(text, words, n, cut) {
  text = String(text || "").replace(/\s+/g, " ").trim();
  if (cut && text.includes(" ")) text = text.slice(0, text.lastIndexOf(" ")) + " \u2026";
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...words.map((w) => { const i = lower.indexOf(w.toLowerCase()); return i < 0 ? Infinity : i; }).concat([text.length])));
  let start = Math.max(0, Math.min(at - Math.floor(n / 3), text.length - n));
  let end = Math.min(text.length, start + n);
  if (start > 0) { const sp = text.indexOf(" ", start); start = sp < 0 || sp > at ? start : sp + 1; }
  if (end < text.length) { const sp = text.lastIndexOf(" ", end); end = sp > start ? sp : end; }
  const part = text.slice(start, end);
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).filter(Boolean);
  const pieces = escaped.length ? part.split(new RegExp(`(${escaped.join("|")})`, "giu")) : [part];
  const marked = pieces.map((p, i) => (i % 2 === 1 ? h("mark", {}, p) : p));
  return h("span", { class: "snippet" }, start > 0 ? "… " : "", marked, end < text.length ? " …" : "");
}

async function searchView(params) {
  const q = (params.get("q") || "").trim();
  const form = h("form", { class: "filters", id: "search-form", onsubmit: (ev) => { ev.preventDefault(); go("#/search", { q: ev.target.q.value.trim() }); } },
    h("label", { style: "flex:1 1 20rem" }, "words (all must match; word* for prefixes)", h("input", { name: "q", value: q, type: "search" })),
    h("button", { type: "submit" }, "Search"));
  if (!q) return [h("h1", {}, "Search"), form];
  const words = queryWords(q);
  const [articles, actors, events, named] = await Promise.all([
    api("/articles", { q, limit: 30 }), api("/actors", { q, limit: 30 }),
    api("/events", { q: q.replace(/\*/g, ""), limit: 20 }), api("/events", { actor: q, limit: 20 }),
  ]);
  const evidenceList = (items) => items.length ? h("ul", { class: "events", id: "event-results" }, items.map((e) => h("li", {},
    h("span", { class: "muted small" }, `${e.date || "undated"} `), badge(e.type), " ", sides(e),
    h("div", {}, h("a", { href: "#/event/" + e.id, class: "ev-text" }, snippet(e.evidence.text, words, 220))),
    h("div", { class: "muted small" }, outlet(e.article))))) : h("p", { class: "muted" }, "No event's evidence has these words.");
  return [
    h("h1", {}, `Search: ${q}`), form,
    h("div", { class: "grid" },
      card("span-7", `Articles (${fmt(articles.total)})`,
        articles.items.length ? h("ul", { class: "events", id: "article-results" }, articles.items.map((a) => h("li", {},
          h("a", { href: "#/article/" + a.id }, a.title || outlet(a)),
          h("div", { class: "muted small" }, `${a.published || "undated"} · ${outlet(a)} · ${a.events} events`),
          h("div", { class: "ev-text" }, snippet(a.lead, words, 200, a.lead.length >= 380))))) : h("p", { class: "muted" }, "No article matches.")),
      card("span-5", `Actors (${fmt(actors.total)})`,
        actors.items.length ? h("ul", { class: "events", id: "actor-results" }, actors.items.map((a) => h("li", {},
          h("a", { href: "#/actor/" + encodeURIComponent(a.id) }, a.name),
          h("span", { class: "muted small" }, ` ${a.kind}${a.country ? " · " + a.country : ""} · ${a.mentions} mentions`)))) : h("p", { class: "muted" }, "No actor matches.")),
      card("span-7", `Events whose evidence has these words (${fmt(events.total)})`, evidenceList(events.items)),
      card("span-5", `Events naming "${q}" (${fmt(named.total)})`, eventList(named.items, "None."))),
  ];
}

// ---- routing ---------------------------------------------------------------------

/** Goes to a view with its filters in the hash. */
function go(path, params) {
  location.hash = path + qs(params || {});
}

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || "") };
}

const ISO3 = /^[A-Za-z]{3}$/;

async function render() {
  const { parts, params } = parseHash();
  const [page, ...rest] = parts;
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.dataset.nav === (page || "overview")));
  let content;
  try {
    VOCAB = VOCAB || await api("/vocabulary");
    if (!page) content = await overview();
    else if (page === "pair" && rest.length === 2 && ISO3.test(rest[0]) && ISO3.test(rest[1])) content = await pairView(rest[0].toUpperCase(), rest[1].toUpperCase(), params);
    else if (page === "event" && rest.length === 1) content = await eventView(rest[0]);
    else if (page === "article" && rest.length === 1) content = await articleView(rest[0]);
    else if (page === "actor" && rest.length >= 1) content = await actorView(rest.join("/"));
    else if (page === "network") content = await networkView(params);
    else if (page === "events") content = await eventsView(params);
    else if (page === "search") content = await searchView(params);
    else content = [h("h1", {}, "Not found"), h("p", {}, "No such page. ", h("a", { href: "#/" }, "Overview"))];
  } catch (err) {
    content = [h("h1", {}, "Could not load this view"), h("p", { class: "error" }, err instanceof ApiError ? err.message : String(err))];
  }
  view.replaceChildren(...[content].flat(Infinity).filter(Boolean));
  const ev = document.getElementById("evidence");
  if (ev) {
    const box = document.getElementById("article-text");
    if (box) box.scrollTop = Math.max(0, ev.offsetTop - box.offsetTop - 40);
  } else {
    window.scrollTo(0, 0);
  }
  document.title = "attache · " + ((view.querySelector("h1") || {}).textContent || "");
  document.body.dataset.ready = location.hash || "#/";
}

document.getElementById("quick-search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go("#/search", { q: ev.target.q.value.trim() });
});
window.addEventListener("hashchange", render);
render();
