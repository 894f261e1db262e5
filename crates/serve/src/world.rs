//! The dashboard's base map: Natural Earth's 1:110m country outlines
//! (`data/map/countries-110m.json`, TopoJSON from the npm package
//! `world-atlas`, public domain; `data/map/README.md`), compiled in and
//! turned once into SVG paths, each named by its state's ISO 3166-1 alpha-3
//! code (`data/map/features.tsv`). Served as `/assets/world.json`, so the
//! dashboard draws the map from its own origin: nothing is fetched elsewhere.
//!
//! The projection is equirectangular, as the dashboard's points are:
//! `x = (longitude + 180) * 2`, `y = (90 - latitude) * 2` (a 720 by 360
//! plane). Antarctica is left off.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

const TOPOLOGY: &str = include_str!("../../../data/map/countries-110m.json");
const FEATURES: &str = include_str!("../../../data/map/features.tsv");

/// One outline: its state (null for land of no state we know) and its path.
#[derive(Debug, Serialize)]
pub struct Outline {
    pub iso3: Option<&'static str>,
    /// The outline's own name (Natural Earth's short form).
    pub name: String,
    /// SVG path data in the 720 by 360 plane.
    pub d: String,
}

/// The map as the dashboard reads it.
#[derive(Debug, Serialize)]
pub struct World {
    pub width: u32,
    pub height: u32,
    pub countries: Vec<Outline>,
}

/// `/assets/world.json`: computed on first use, then kept.
pub fn world_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| serde_json::to_string(&world()).expect("the map serializes"))
}

/// The state of each outline, by its numeric id or (without one) its name.
fn feature_states() -> HashMap<&'static str, &'static str> {
    let table = attache_model::tsv::parse("data/map/features.tsv", FEATURES, &["feature", "iso3", "name"]);
    table.rows.iter().map(|r| (r.get("feature"), r.get("iso3"))).collect()
}

/// Every outline of the topology but Antarctica, as paths.
///
/// # Panics
/// If the compiled-in topology is not the TopoJSON it should be: a build defect.
pub fn world() -> World {
    let topology: Value = serde_json::from_str(TOPOLOGY).expect("countries-110m.json is JSON");
    let arcs = decode_arcs(&topology);
    let states = feature_states();
    let known = |iso3: &str| attache_model::countries::by_iso3(iso3).map(|c| c.iso3);
    let mut countries = Vec::new();
    for g in topology["objects"]["countries"]["geometries"].as_array().expect("a geometry collection") {
        let name = g["properties"]["name"].as_str().unwrap_or("").to_string();
        let feature = g["id"].as_str().unwrap_or(&name);
        let state = states.get(feature).copied();
        if state == Some("ATA") {
            continue;
        }
        let polygons: Vec<&Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["arcs"]],
            Some("MultiPolygon") => g["arcs"].as_array().map(|p| p.iter().collect()).unwrap_or_default(),
            _ => continue,
        };
        let mut d = String::new();
        for rings in polygons.iter().filter_map(|p| p.as_array()) {
            for ring in rings.iter().filter_map(|r| r.as_array()) {
                let indices: Vec<i64> = ring.iter().filter_map(Value::as_i64).collect();
                ring_path(&mut d, &stitch(&arcs, &indices));
            }
        }
        countries.push(Outline { iso3: state.and_then(known), name, d });
    }
    World { width: 720, height: 360, countries }
}

/// Each arc's points in longitude and latitude (the topology's quantized,
/// delta-encoded positions read back with its transform).
fn decode_arcs(topology: &Value) -> Vec<Vec<(f64, f64)>> {
    let scale = &topology["transform"]["scale"];
    let translate = &topology["transform"]["translate"];
    let num = |v: &Value| v.as_f64().expect("a number in the transform");
    let (sx, sy, tx, ty) = (num(&scale[0]), num(&scale[1]), num(&translate[0]), num(&translate[1]));
    let arcs = topology["arcs"].as_array().expect("arcs");
    arcs.iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.as_array()
                .expect("an arc is a list of positions")
                .iter()
                .map(|p| {
                    x += p[0].as_i64().expect("a quantized position");
                    y += p[1].as_i64().expect("a quantized position");
                    (x as f64 * sx + tx, y as f64 * sy + ty)
                })
                .collect()
        })
        .collect()
}

/// A ring's points from its arcs (`!i` for arc `i` reversed), each arc's
/// first point dropped after the first arc (it is the previous one's last).
fn stitch(arcs: &[Vec<(f64, f64)>], indices: &[i64]) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::new();
    for &i in indices {
        let arc: Vec<(f64, f64)> =
            if i >= 0 { arcs[i as usize].clone() } else { arcs[!i as usize].iter().rev().copied().collect() };
        let skip = usize::from(!points.is_empty());
        points.extend(arc.into_iter().skip(skip));
    }
    points
}

/// Appends one closed ring, projected, at a tenth of a unit (repeated points
/// dropped). A ring that crosses the antimeridian (Fiji's) would be a band
/// across the whole map: its western points are moved past 180 degrees east,
/// off the map's right edge.
fn ring_path(d: &mut String, points: &[(f64, f64)]) {
    let (west, east) = points.iter().fold((f64::MAX, f64::MIN), |(w, e), p| (w.min(p.0), e.max(p.0)));
    let wraps = east - west > 270.0;
    let mut last = None;
    let mut n = 0;
    for &(lon, lat) in points {
        let lon = if wraps && lon < 0.0 { lon + 360.0 } else { lon };
        let p = (((lon + 180.0) * 20.0).round() as i64, ((90.0 - lat) * 20.0).round() as i64);
        if last == Some(p) {
            continue;
        }
        let _ = write!(d, "{}{}.{},{}.{}", if n == 0 { "M" } else { " " }, p.0 / 10, p.0 % 10, p.1 / 10, p.1 % 10);
        last = Some(p);
        n += 1;
    }
    if n > 0 {
        d.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every outline with an id or a name in the table has a state, and the
    /// states of the map are the states attache knows (less the territories).
    #[test]
    fn every_outline_is_named_and_drawn() {
        let w = world();
        assert_eq!(w.countries.len(), 176, "177 outlines less Antarctica");
        let named = w.countries.iter().filter(|c| c.iso3.is_some()).count();
        assert!(named >= 168, "only {named} outlines are states of countries.tsv");
        for iso3 in ["KAZ", "USA", "RUS", "FRA", "CHN", "BRA", "AUS", "XKX", "PRT"] {
            let c = w.countries.iter().find(|c| c.iso3 == Some(iso3)).unwrap_or_else(|| panic!("no {iso3}"));
            assert!(c.d.starts_with('M') && c.d.ends_with('Z') && c.d.len() > 20, "{iso3}: {}", c.d);
        }
        let greenland = w.countries.iter().find(|c| c.name == "Greenland").unwrap();
        assert_eq!(greenland.iso3, None, "a territory is land, not a state");
        let states = feature_states();
        assert_eq!(states.len(), 177, "one row per outline");
    }

    /// Points land where the projection puts them: Kazakhstan lies between
    /// 46 and 88 degrees east and 40 and 56 degrees north.
    #[test]
    fn the_projection_places_countries() {
        let w = world();
        let kaz = w.countries.iter().find(|c| c.iso3 == Some("KAZ")).unwrap();
        for pair in kaz.d.trim_start_matches('M').trim_end_matches('Z').split([' ', 'Z', 'M']) {
            let (x, y) = pair.split_once(',').unwrap();
            let (lon, lat) = (x.parse::<f64>().unwrap() / 2.0 - 180.0, 90.0 - y.parse::<f64>().unwrap() / 2.0);
            assert!((46.0..=88.0).contains(&lon) && (40.0..=56.0).contains(&lat), "{lon} {lat}");
        }
        // No ring is a band across the map (one crossing the antimeridian).
        for c in &w.countries {
            for ring in c.d.split('M').filter(|r| !r.is_empty()) {
                let xs: Vec<f64> = ring
                    .trim_end_matches('Z')
                    .split(' ')
                    .map(|p| p.split_once(',').unwrap().0.parse::<f64>().unwrap())
                    .collect();
                let (lo, hi) = xs.iter().fold((f64::MAX, f64::MIN), |(l, h), x| (l.min(*x), h.max(*x)));
                assert!(hi - lo < 400.0, "{}: a ring from x {lo} to {hi}", c.name);
            }
        }
        let json = world_json();
        assert!(json.starts_with("{\"width\":720,\"height\":360,\"countries\":[") && json.len() < 200_000);
    }
}
