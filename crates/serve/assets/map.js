// attache dashboard: the network view's map. Natural Earth's 1:110m country
// outlines (public domain; data/map/ in the repository), compiled into the
// binary and served from this origin as /assets/world.json (SVG path data,
// equirectangular: x = (longitude + 180) * 2, y = (90 - latitude) * 2). Each
// state is shaded by its events with the focused country
// (/api/v1/aggregate?by=counterpart); states too small for the outlines are
// dots at their capitals; international organisations are listed as
// themselves (/api/v1/aggregate?by=organisation), not as one "IGO".
// Uses app.js's helpers (h, s, countryName, fmt, COUNTRIES) when called.
"use strict";

let WORLD = null;

/** The outlines, read once. */
async function worldOutlines() {
  if (!WORLD) {
    const res = await fetch("/assets/world.json", { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(`the base map could not be read (${res.status})`);
    WORLD = await res.json();
  }
  return WORLD;
}

/** Blue from pale to deep by a share (0 to 1) of the most events. */
function engagementFill(share) {
  return `rgba(29,95,168,${(0.18 + 0.82 * share).toFixed(3)})`;
}

/** Latitudes 86 N to 64 S: the plane's rows drawn (Antarctica is left off). */
const MAP_TOP = 8, MAP_HEIGHT = 300;

/**
 * The map: `counts` are the items of `aggregate?by=counterpart&country=focus`
 * ({key: ISO3, count}); `IGO` and events with no counterpart are not states
 * and are left to the organisations' list.
 */
function mapChart(world, counts, focus) {
  const weight = {};
  for (const i of counts) if (i.key && i.key !== "IGO" && i.count > 0) weight[i.key] = i.count;
  const max = Math.max(1, ...Object.values(weight));
  const svg = s("svg", { viewBox: `0 ${MAP_TOP} ${world.width} ${MAP_HEIGHT}`, role: "img", class: "map", id: "world-map",
    "aria-label": `states shaded by their events with ${countryName(focus)}` });
  svg.append(s("rect", { x: 0, y: MAP_TOP, width: world.width, height: MAP_HEIGHT, fill: "#eef3f8" }));
  const drawn = new Set();
  for (const c of world.countries) {
    const w = (c.iso3 && weight[c.iso3]) || 0;
    if (c.iso3) drawn.add(c.iso3);
    const isFocus = c.iso3 === focus;
    const fill = isFocus ? "#dd6b20" : w ? engagementFill(w / max) : "#d3dae3";
    const title = isFocus ? `${countryName(focus)} (focus)`
      : c.iso3 ? `${countryName(c.iso3)}: ${fmt(w)} event(s) with ${countryName(focus)}` : c.name;
    const path = s("path", { d: c.d, fill, stroke: "#ffffff", "stroke-width": 0.4, "stroke-linejoin": "round",
      "data-country": c.iso3, "data-events": w || null }, s("title", {}, title));
    svg.append(w && !isFocus ? s("a", { href: `#/pair/${focus}/${c.iso3}` }, path) : path);
  }
  // States the 1:110m outlines leave out (Singapore, Malta, Bahrain, ...): a dot at the capital.
  const dot = (iso, fill, w) => {
    const [name, lat, lon] = COUNTRIES[iso];
    const circle = s("circle", { cx: (lon + 180) * 2, cy: (90 - lat) * 2, r: 2.6, fill, stroke: "#ffffff", "stroke-width": 0.7,
      "data-country": iso, "data-events": w || null, class: "small-state" },
    s("title", {}, iso === focus ? `${name} (focus)` : `${name}: ${fmt(w)} event(s) with ${countryName(focus)}`));
    svg.append(iso === focus ? circle : s("a", { href: `#/pair/${focus}/${iso}` }, circle));
  };
  for (const [iso, w] of Object.entries(weight)) if (!drawn.has(iso) && COUNTRIES[iso]) dot(iso, engagementFill(w / max), w);
  if (!drawn.has(focus) && COUNTRIES[focus]) dot(focus, "#dd6b20", 0);
  const steps = [0.2, 0.4, 0.6, 0.8, 1];
  const key = h("div", { class: "map-key small muted" },
    h("span", {}, h("i", { style: "background:#dd6b20" }), countryName(focus)),
    h("span", {}, "events with it: "),
    steps.map((x) => h("i", { style: `background:${engagementFill(x)}`, title: `up to ${fmt(Math.round(x * max))}` })),
    h("span", {}, ` 1 to ${fmt(max)}`),
    h("span", {}, h("i", { style: "background:#d3dae3" }), "none"));
  return h("div", { class: "map-box" }, svg, key);
}

/** International organisations the focused country has events with: items of `aggregate?by=organisation`. */
function organisationList(items, focus) {
  const orgs = items.filter((i) => i.key && i.count > 0);
  if (!orgs.length) return h("p", { class: "muted", id: "organisations" }, "No international organisation named in its events.");
  return h("ul", { class: "orgs", id: "organisations" }, orgs.slice(0, 24).map((o) => h("li", { "data-organisation": o.key },
    h("a", { href: "#/events" + qs({ country: focus, counterpart: "IGO" }) }, o.key),
    h("span", { class: "muted" }, ` ${fmt(o.count)}`))));
}
