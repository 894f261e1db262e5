//! The network of states and international organisations: events counted
//! per participant (a node) and per pair of participants on opposite sides
//! (an edge).
//!
//! Input: an [`EventQuery`] (or, from the server's in-memory index, the
//! sides of each matching event). Output: a [`Network`]. An event's
//! countries name an organisation only as `IGO`; here each organisation is
//! a node of its own (NATO and the EU are two nodes, not one "IGO"), read
//! from the actors of the side ([`Store::organisation_sides`]). A side
//! whose organisation is not named keeps the `IGO` node.

use std::collections::{BTreeSet, HashMap};

use crate::aggregate::organisation;
use crate::event_pages::{EventQuery, event_conditions};
use crate::{Result, Store};

/// The country code an organisation's side carries.
const IGO: &str = "IGO";

/// Counts of events between states and organisations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    /// Events each participant takes part in: an ISO3 code, or an
    /// organisation's acronym or name (listed in `organisations`).
    pub nodes: Vec<(String, i64)>,
    /// Events between two participants (`a < b`), one on each side.
    pub edges: Vec<(String, String, i64)>,
    /// The node keys that are organisations, sorted.
    pub organisations: Vec<String>,
}

/// The organisations each side of an event names: source, then target.
pub type OrganisationSides = (Vec<String>, Vec<String>);

/// Adds events to a [`Network`] one at a time.
#[derive(Debug, Default)]
pub struct NetworkCounter {
    nodes: HashMap<String, i64>,
    edges: HashMap<(String, String), i64>,
    organisations: BTreeSet<String>,
}

impl NetworkCounter {
    /// Counts `n` events with these sides. `orgs`: the organisations each
    /// side names (from [`Store::organisation_sides`]), standing for the
    /// side's `IGO`; `None` when neither side has one.
    pub fn add(&mut self, source: &[&str], target: &[&str], orgs: Option<&OrganisationSides>, n: i64) {
        let expand = |side: &[&str], named: Option<&Vec<String>>| -> Vec<String> {
            let mut out: Vec<String> = Vec::with_capacity(side.len());
            for c in side {
                match named.filter(|o| *c == IGO && !o.is_empty()) {
                    Some(o) => out.extend(o.iter().cloned()),
                    None => out.push((*c).to_string()),
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        let src = expand(source, orgs.map(|o| &o.0));
        let tgt = expand(target, orgs.map(|o| &o.1));
        if let Some((a, b)) = orgs {
            self.organisations.extend(a.iter().chain(b).cloned());
        }
        let mut all: Vec<&String> = src.iter().chain(&tgt).collect();
        all.sort_unstable();
        all.dedup();
        for c in all {
            match self.nodes.get_mut(c) {
                Some(v) => *v += n,
                None => {
                    self.nodes.insert(c.clone(), n);
                }
            }
        }
        let mut pairs: Vec<(&String, &String)> = Vec::new();
        for a in &src {
            for b in &tgt {
                if a != b {
                    pairs.push(if a < b { (a, b) } else { (b, a) });
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (a, b) in pairs {
            *self.edges.entry((a.clone(), b.clone())).or_default() += n;
        }
    }

    /// The network, nodes and edges by events (most first), then by key.
    pub fn finish(self) -> Network {
        let mut nodes: Vec<(String, i64)> = self.nodes.into_iter().collect();
        nodes.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut edges: Vec<(String, String, i64)> = self.edges.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        edges.sort_by(|x, y| y.2.cmp(&x.2).then((&x.0, &x.1).cmp(&(&y.0, &y.1))));
        let organisations = self.organisations.into_iter().filter(|o| nodes.iter().any(|n| &n.0 == o)).collect();
        Network { nodes, edges, organisations }
    }
}

impl Store {
    /// The organisations each side of these events names (events not found
    /// are left out; a side naming none has an empty list).
    pub fn organisation_sides(&self, ids: &[i64]) -> Result<HashMap<i64, OrganisationSides>> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            for row in self.events_by_rowids(chunk)? {
                let side = |actors: &[crate::EventActor]| -> Vec<String> {
                    let mut v: Vec<String> = actors.iter().filter_map(|a| organisation(&a.actor)).collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                out.insert(row.rowid, (side(&row.source), side(&row.target)));
            }
        }
        Ok(out)
    }

    /// States, organisations and the events between them, filtered like the
    /// events API (country and counterpart included: then only events they
    /// take part in).
    pub fn network(&self, q: &EventQuery) -> Result<Network> {
        let (cond, args) = event_conditions(q)?;
        // Events naming an organisation are read one by one (their actors
        // say which); the rest are counted per pair of country lists.
        let (has, list) = if self.is_postgres() {
            ("strpos", "string_agg(CAST(e.id AS TEXT), ' ')")
        } else {
            ("instr", "group_concat(e.id, ' ')")
        };
        let sql = format!(
            "SELECT e.source_countries, e.target_countries, count(*),
                CASE WHEN {has}(' ' || e.source_countries || ' ' || e.target_countries || ' ', ' {IGO} ') > 0
                     THEN {list} END
             FROM events e JOIN articles a ON a.id = e.article_id
             JOIN documents d ON d.id = a.document_id WHERE d.current = 1{cond} GROUP BY 1, 2"
        );
        let mut counter = NetworkCounter::default();
        let mut deferred: Vec<(String, String, Vec<i64>)> = Vec::new();
        let rows: Vec<(String, String, i64, Option<String>)> = self.select(&sql, args)?;
        for (src, tgt, n, ids) in rows {
            match ids {
                Some(ids) => deferred.push((src, tgt, ids.split(' ').filter_map(|i| i.parse().ok()).collect())),
                None => {
                    let (s, t): (Vec<&str>, Vec<&str>) =
                        (src.split_whitespace().collect(), tgt.split_whitespace().collect());
                    counter.add(&s, &t, None, n);
                }
            }
        }
        let ids: Vec<i64> = deferred.iter().flat_map(|d| d.2.iter().copied()).collect();
        let orgs = self.organisation_sides(&ids)?;
        for (src, tgt, ids) in &deferred {
            let (s, t): (Vec<&str>, Vec<&str>) = (src.split_whitespace().collect(), tgt.split_whitespace().collect());
            for id in ids {
                counter.add(&s, &t, orgs.get(id), 1);
            }
        }
        Ok(counter.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_are_nodes_of_their_own() {
        let mut c = NetworkCounter::default();
        let nato = (vec![], vec!["NATO".to_string()]);
        let eu = (vec!["EU".to_string()], vec![]);
        c.add(&["KAZ"], &["IGO"], Some(&nato), 1);
        c.add(&["IGO"], &["KAZ", "UZB"], Some(&eu), 1);
        // An organisation no actor names stays one IGO node.
        c.add(&["ARM"], &["IGO"], Some(&(vec![], vec![])), 1);
        c.add(&["KAZ"], &["UZB"], None, 2);
        let n = c.finish();
        assert_eq!(
            n.nodes,
            vec![
                ("KAZ".to_string(), 4),
                ("UZB".to_string(), 3),
                ("ARM".to_string(), 1),
                ("EU".to_string(), 1),
                ("IGO".to_string(), 1),
                ("NATO".to_string(), 1)
            ]
        );
        assert_eq!(n.organisations, vec!["EU".to_string(), "NATO".to_string()]);
        assert!(n.edges.contains(&("KAZ".into(), "NATO".into(), 1)));
        assert!(n.edges.contains(&("EU".into(), "UZB".into(), 1)));
        assert!(n.edges.contains(&("KAZ".into(), "UZB".into(), 2)));
        assert!(!n.edges.iter().any(|e| e.0 == "IGO" && e.1 == "KAZ"));
    }
}
