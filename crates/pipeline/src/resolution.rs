//! Resolution over the store: actors, event reports, occurrences and
//! commitments, either for the new articles only ([`resolve_new`], after an
//! ingest: each chunk of articles is resolved against the actors, reports and
//! commitments it could touch, found by key, so time and memory per article
//! do not grow with the store) or for everything ([`resolve_actors`], after a
//! re-extraction or a curation).

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};

use attache_model::kinds::{ActorKind, EventKind};
use attache_resolve::{Commitment, EventReport, Identity, LookupKey, Mention, Report, ReportKey, Status, Terms};
use attache_store::{
    OpenCommitment, RecordRow, ReportRow, Resolution, Store, StoreError, StoredActor, StoredOccurrence,
};

/// Articles resolved per transaction.
const CHUNK: usize = 5000;

/// The most bytes of extraction records a store never resolved holds for
/// its first resolution to be a full one, which holds every mention and
/// report at once (about three times the records: the White House briefing
/// room's 7,530 articles have 5.4 MB); past it, it goes chunk by chunk.
const FULL_RESOLUTION_MAX: i64 = 32 << 20;

/// What a resolution did.
#[derive(Clone, Debug, Default)]
pub struct ResolveReport {
    pub articles: usize,
    /// Actors created or updated (for a full resolution: all actors).
    pub actors: usize,
    pub reports: usize,
}

/// Resolves what is not resolved yet: the new articles when the store keeps
/// its resolution state, everything otherwise.
pub fn resolve(store: &mut Store) -> Result<ResolveReport, StoreError> {
    Resolving::default().resolve(store)
}

/// Resolution of one store's stream, batch after batch, with the actors
/// and keys read or made kept in memory from one [`Resolving::resolve`] to
/// the next (within [`HOT_ACTORS`] and [`HOT_KEYS`]), as they are from one
/// chunk to the next: a process that ingests and resolves a stream in
/// batches resolves each against what it holds. What is kept is dropped
/// when anyone else resolved the store meanwhile.
#[derive(Default)]
pub struct Resolving {
    hot: Hot,
}

impl Resolving {
    /// [`resolve`], keeping what it read for the next call.
    pub fn resolve(&mut self, store: &mut Store) -> Result<ResolveReport, StoreError> {
        let done = match store.resolved_upto()? {
            Some(_) => resolve_new_with(store, &mut self.hot),
            // A store never resolved whose records are over
            // FULL_RESOLUTION_MAX is resolved as new articles are, chunk by
            // chunk from its first: memory bounded by the chunk, not by the
            // store (the first ingest of a crawl of a million articles). A
            // smaller one is resolved whole, every mention against every other.
            None if store.record_bytes()? > FULL_RESOLUTION_MAX && store.nothing_resolved()? => {
                self.hot = Hot::default();
                resolve_new_from(store, 0, &mut self.hot)
            }
            None => {
                self.hot = Hot::default();
                resolve_full(store)
            }
        };
        // A transaction that failed is rolled back, and what was kept with it.
        if done.is_err() {
            self.hot = Hot::default();
        }
        done
    }
}

/// Rebuilds actors, occurrences and commitments across all current articles
/// (after a re-extraction, a curation, or a changed document). Returns how
/// many actors there are.
pub fn resolve_actors(store: &mut Store) -> Result<usize, StoreError> {
    Ok(resolve_full(store)?.actors)
}

/// An actor as resolution sees it: a known office holder under the
/// gazetteer's spelling (one actor however articles write the name).
fn mention_of(m: &attache_model::annotation::Actor, published: &Option<String>) -> Mention {
    let known = (m.kind == ActorKind::Person).then(|| attache_extract::leader_name(&m.name, m.country.as_deref()));
    Mention {
        name: known.flatten().map_or_else(|| m.name.clone(), str::to_string),
        kind: m.kind,
        title: m.title.clone(),
        country: m.country.clone(),
        sector: m.sector,
        org: m.org.clone(),
        date: published.clone(),
    }
}

fn stored(identity: &Identity) -> StoredActor {
    StoredActor {
        id: identity.id.clone(),
        name: identity.name.clone(),
        kind: identity.kind.as_str().to_string(),
        country: identity.country.clone(),
        aliases: identity.aliases.clone(),
        roles_json: serde_json::to_string(&identity.roles).expect("roles serialize"),
        mentions: identity.mentions.len() as i64,
    }
}

fn keys_of(identity: &Identity) -> Vec<LookupKey> {
    let names: Vec<&str> =
        std::iter::once(identity.name.as_str()).chain(identity.aliases.iter().map(String::as_str)).collect();
    attache_resolve::lookup_keys(identity.kind, identity.country.as_deref(), &names)
}

/// Article-local actor ids to actor ids: (article, local id) to actor id.
type Links<'a> = FxHashMap<(i64, &'a str), &'a str>;

/// The reports of one article's events, with actor ids resolved.
fn reports_of(row: &RecordRow, links: &Links<'_>) -> Vec<(ReportRow, Report)> {
    let record = &row.record;
    let mut out = Vec::with_capacity(record.events.len());
    for (index, e) in record.events.iter().enumerate() {
        let global = |ids: &[String]| -> Vec<String> {
            ids.iter().filter_map(|local| links.get(&(row.article_id, local.as_str())).map(|a| a.to_string())).collect()
        };
        let countries = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter_map(|id| record.actors.iter().find(|a| &a.id == id))
                .filter_map(|a| a.country.clone())
                .collect()
        };
        let report = Report {
            article: row.article_id,
            index,
            kind: e.kind,
            mode: e.mode,
            date: e.date.clone(),
            published: row.published.clone(),
            source: global(&e.source),
            target: global(&e.target),
            source_countries: countries(&e.source),
            target_countries: countries(&e.target),
            location_country: e.location.as_ref().and_then(|l| l.country.clone()),
        };
        let stored = ReportRow {
            article_id: row.article_id,
            index,
            kind: e.kind,
            day: report.date.as_deref().and_then(attache_resolve::dates::whole_day).map(str::to_string),
            at: report.at().map(str::to_string),
            keys: report.keys(),
        };
        out.push((stored, report));
    }
    out
}

fn event_report(r: &Report, text_key: u64) -> EventReport {
    EventReport {
        article: r.article,
        index: r.index,
        kind: r.kind,
        date: r.date.clone(),
        actors: r.source.iter().chain(&r.target).cloned().collect(),
        text_key,
    }
}

/// The reports of stored, resolved articles, made again from their records
/// and actor links, with each article's text key.
fn stored_reports(tx: &Resolution<'_>, ids: &[i64]) -> Result<Vec<(ReportRow, Report, u64)>, StoreError> {
    let stored = tx.links_of(ids)?;
    let links: Links<'_> =
        stored.iter().map(|(article, local, actor)| ((*article, local.as_str()), actor.as_str())).collect();
    Ok(tx
        .records_of(ids)?
        .iter()
        .flat_map(|row| reports_of(row, &links).into_iter().map(|(s, r)| (s, r, row.text_key)))
        .collect())
}

/// Occurrences as stored, with their (occurrence, article, index) links.
fn occurrences_of(reports: &[EventReport]) -> (Vec<StoredOccurrence>, Vec<(String, i64, usize)>) {
    let merged = attache_resolve::merge_events(reports);
    let mut links = Vec::new();
    let stored = merged
        .iter()
        .map(|o| {
            for &i in &o.reports {
                links.push((o.id.clone(), reports[i].article, reports[i].index));
            }
            StoredOccurrence {
                id: o.id.clone(),
                kind: o.kind.as_str().to_string(),
                date: o.date.clone(),
                actors: o.actors.clone(),
                reports: o.reports.len() as i64,
                independent_sources: o.independent_sources as i64,
                log: o.log.clone(),
            }
        })
        .collect();
    (stored, links)
}

/// Stores the commitment a report states, fulfilled by the first stored
/// meeting after it that meets its terms, or open (lapsed is decided when
/// read, against the newest publication day). Returns it with its terms.
fn put_commitment(tx: &Resolution<'_>, c: &Report) -> Result<(Commitment, Terms), StoreError> {
    let mut commitment = attache_resolve::commitment_of(c).expect("an INTEND or INVITE states a commitment");
    let terms = Terms::of(&commitment);
    if let Some((article, index)) = tx.first_meeting(&terms)? {
        // Only a meeting of a current article counts (the filed one may be
        // of a version since replaced).
        let meeting = stored_reports(tx, &[article])?.into_iter().find(|(s, _, _)| s.index == index);
        if let Some((stored, _, _)) = meeting
            && stored.at.as_deref().is_some_and(|at| terms.met_by(at, &stored.keys))
        {
            commitment.fulfil(article, index);
        }
    }
    tx.put_commitment(&commitment, &terms)?;
    Ok((commitment, terms))
}

fn resolve_full(store: &mut Store) -> Result<ResolveReport, StoreError> {
    let log: Vec<attache_resolve::Curation> = store
        .curation_log()?
        .into_iter()
        .filter_map(|e| match (e.action.as_str(), e.b) {
            ("merge", Some(b)) => Some(attache_resolve::Curation::Merge { into: e.a, from: b }),
            ("split", _) => Some(attache_resolve::Curation::Split { actor: e.a }),
            ("alias", Some(b)) => Some(attache_resolve::Curation::Alias { actor: e.a, name: b }),
            _ => None,
        })
        .collect();
    let old_links = store.actor_links()?;
    let tx = store.resolution()?;
    let last = tx.last_article()?;
    // Pass 1: every actor mention.
    let mut mentions: Vec<Mention> = Vec::new();
    let mut whose: Vec<(i64, String)> = Vec::new();
    let mut after = 0;
    let mut articles = 0;
    let mut latest: Option<String> = None;
    loop {
        let rows = tx.records_after(after, CHUNK)?;
        let Some(end) = rows.last().map(|r| r.article_id) else { break };
        for row in &rows {
            articles += 1;
            latest = latest.max(row.published.clone());
            for a in &row.record.actors {
                mentions.push(mention_of(a, &row.published));
                whose.push((row.article_id, a.id.clone()));
            }
        }
        after = end;
    }
    let mut identities = attache_resolve::resolve(&mentions);
    keep_ids(&mut identities, &whose, &old_links);
    let (identities, _skipped) = attache_resolve::apply_curation(identities, &mentions, &log);
    tx.clear()?;
    let mut links_list = Vec::with_capacity(mentions.len());
    let mut links: Links<'_> = FxHashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    for identity in &identities {
        tx.put_actor(&stored(identity), identity.mentions.len() as i64)?;
        tx.put_actor_keys(&identity.id, &keys_of(identity))?;
        for &i in &identity.mentions {
            links_list.push((whose[i].0, whose[i].1.as_str(), identity.id.as_str()));
            links.insert((whose[i].0, whose[i].1.as_str()), identity.id.as_str());
        }
    }
    tx.put_links(&links_list)?;
    drop(links_list);
    // Pass 2: every event report.
    let mut merged: Vec<EventReport> = Vec::new();
    let mut tracked: Vec<Report> = Vec::new();
    after = 0;
    // Commitments are found among all meetings by key, once all are stored.
    let mut reported = 0;
    loop {
        let rows = tx.records_after(after, CHUNK)?;
        let Some(end) = rows.last().map(|r| r.article_id) else { break };
        reported += rows.len();
        crash_point(reported);
        for row in &rows {
            for (stored, r) in reports_of(row, &links) {
                tx.put_meeting(&stored)?;
                merged.push(event_report(&r, row.text_key));
                if matches!(r.kind, EventKind::Intend | EventKind::Invite) {
                    tracked.push(r);
                }
            }
        }
        after = end;
    }
    let (occurrences, occurrence_links) = occurrences_of(&merged);
    tx.put_occurrences(&occurrences, &occurrence_links)?;
    for c in &tracked {
        put_commitment(&tx, c)?;
    }
    let report = ResolveReport { articles, actors: identities.len(), reports: merged.len() };
    tx.commit(last, latest.as_deref())?;
    Ok(report)
}

/// Keeps actor ids stable across full resolutions: an identity whose id is
/// new (its fullest name changed, say) takes the id most of its mentions had
/// before, when no other identity has that id.
fn keep_ids(identities: &mut [Identity], whose: &[(i64, String)], old: &HashMap<(i64, String), String>) {
    let old_ids: std::collections::HashSet<&String> = old.values().collect();
    let mut taken: std::collections::HashSet<String> = identities.iter().map(|i| i.id.clone()).collect();
    for identity in identities.iter_mut() {
        if old_ids.contains(&identity.id) {
            continue;
        }
        let mut votes: HashMap<&String, usize> = HashMap::new();
        for &m in &identity.mentions {
            if let Some(id) = old.get(&whose[m]) {
                *votes.entry(id).or_default() += 1;
            }
        }
        let best = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(id, _)| id.clone());
        if let Some(id) = best.filter(|id| !taken.contains(id) && !id.contains('~')) {
            taken.insert(id.clone());
            identity.id = id;
        }
    }
}

/// Resolves the articles added since the last resolution, in chunks.
pub fn resolve_new(store: &mut Store) -> Result<ResolveReport, StoreError> {
    resolve_new_with(store, &mut Hot::default())
}

fn resolve_new_with(store: &mut Store, hot: &mut Hot) -> Result<ResolveReport, StoreError> {
    match store.resolved_upto()? {
        Some(after) => resolve_new_from(store, after, hot),
        None => resolve_full(store),
    }
}

/// Resolves the articles after `after`, chunk by chunk.
fn resolve_new_from(store: &mut Store, mut after: i64, hot: &mut Hot) -> Result<ResolveReport, StoreError> {
    let mut report = ResolveReport::default();
    loop {
        let tx = store.resolution()?;
        // Another process may have resolved since `after` was read (two
        // ingests into one store): go on from where it got to. A store it
        // marked for a full resolution meanwhile gets one.
        match tx.resolved_upto()? {
            Some(upto) => after = upto,
            None if after > 0 => {
                drop(tx);
                let full = resolve_full(store)?;
                report.articles += full.articles;
                report.actors = full.actors;
                report.reports += full.reports;
                return Ok(report);
            }
            None => {}
        }
        let generation = tx.generation()?;
        if hot.generation != Some(generation) || hot.too_big() {
            *hot = Hot::default();
        }
        // Up to CHUNKS_PER_COMMIT chunks in one transaction; the actors they
        // touch are written once, at its end.
        let (mut chunks, mut latest) = (0, None::<String>);
        while chunks < CHUNKS_PER_COMMIT && !hot.too_big() {
            let mut clock = Clock::new();
            let rows = tx.records_after(after, CHUNK)?;
            clock.lap("read");
            let Some(end) = rows.last().map(|r| r.article_id) else { break };
            latest = latest.into_iter().chain(rows.iter().filter_map(|r| r.published.clone())).max();
            resolve_chunk(&tx, &rows, after, hot, &mut report, &mut clock)?;
            crash_point(report.articles);
            clock.print();
            after = end;
            chunks += 1;
        }
        if chunks == 0 {
            break;
        }
        let mut clock = Clock::new();
        for (id, added) in std::mem::take(&mut hot.dirty) {
            let identity = hot.actors.identity(&id).expect("a touched actor is kept");
            tx.put_actor(&stored(&identity), added)?;
        }
        clock.lap("flush actors");
        tx.commit(after, latest.as_deref())?;
        hot.generation = Some(generation + 1);
        clock.lap("commit");
        clock.print();
    }
    Ok(report)
}

/// Actors kept in memory from one chunk to the next within one
/// [`resolve_new`], so a chunk reads from the store only the actors and keys
/// earlier chunks did not touch. Everything written is written through, so
/// it always says what the store says; it is dropped when another writer
/// committed in between (the generation moved) or when it outgrows
/// [`HOT_ACTORS`] or [`HOT_KEYS`], which bound its memory.
#[derive(Default)]
struct Hot {
    /// The resolution generation this describes (after our last commit).
    generation: Option<i64>,
    /// Lookup key to the ids of every actor filed under it.
    by_key: FxHashMap<LookupKey, Vec<String>>,
    /// Names (with the kinds and countries they came with) whose keys were
    /// looked up: every actor they find is in `actors`.
    asked: FxHashMap<String, Vec<(ActorKind, Option<String>)>>,
    /// Actors as stored, or as they will be, and what finds them.
    actors: attache_resolve::Resolver,
    /// Actors changed since the last write, with the mentions they gained.
    dirty: FxHashMap<String, i64>,
    /// Open commitments by the key of who is to act.
    open: FxHashMap<ReportKey, Opens>,
    /// Commitments fulfilled while `open` was kept (they may still be listed).
    closed: FxHashSet<String>,
}

/// The open commitments of one actor key whose last day is `since` or later.
struct Opens {
    since: String,
    list: Vec<OpenCommitment>,
}

impl Hot {
    fn too_big(&self) -> bool {
        self.actors.len() > HOT_ACTORS
            || self.by_key.len() > HOT_KEYS
            || self.asked.len() > HOT_KEYS
            || self.open.len() > HOT_KEYS
    }

    /// The open commitments that a meeting on day `at` found by `keys`
    /// fulfils ([`Terms::met_by`]), looked up by each actor among its keys.
    /// In id order.
    fn commitments_met(
        &mut self,
        tx: &Resolution<'_>,
        keys: &[ReportKey],
        at: &str,
    ) -> Result<Vec<String>, StoreError> {
        let mut met = Vec::new();
        for a in keys.iter().filter(|k| k.is_actor()) {
            let opens = match self.open.get_mut(a) {
                // Read again only for a day before what is kept.
                Some(opens) if opens.since.as_str() <= at => opens,
                _ => {
                    let list = tx.open_commitments_of(a, at)?;
                    self.open.entry(a.clone()).insert_entry(Opens { since: at.to_string(), list }).into_mut()
                }
            };
            // What is past or fulfilled goes (days come mostly in order).
            let closed = &self.closed;
            opens.list.retain(|o| o.terms.until.as_str() >= at && !closed.contains(&o.id));
            opens.since = at.to_string();
            met.extend(opens.list.iter().filter(|o| o.terms.met_by(at, keys)).map(|o| o.id.clone()));
        }
        met.sort();
        met.dedup();
        Ok(met)
    }
}

/// Stored articles whose records are read at once when a day's reports are
/// merged again.
const STORED_BATCH: usize = 1000;

/// Chunks resolved per transaction (at most; fewer when [`Hot`] fills up).
const CHUNKS_PER_COMMIT: usize = 10;

/// Actors and keys [`Hot`] holds at most (about 100 MB together).
const HOT_ACTORS: usize = 200_000;
const HOT_KEYS: usize = 1_000_000;

/// A test hook of crash consistency: with `ATTACHE_CRASH_AFTER=<n>` in the
/// environment, the process aborts (no unwinding, nothing flushed or rolled
/// back, as under `kill -9`) once resolution has read `n` or more articles
/// in its open transaction. Without it, nothing happens.
fn crash_point(articles: usize) {
    static AT: std::sync::LazyLock<Option<usize>> =
        std::sync::LazyLock::new(|| std::env::var("ATTACHE_CRASH_AFTER").ok()?.trim().parse().ok());
    if AT.is_some_and(|n| articles >= n) {
        eprintln!("ATTACHE_CRASH_AFTER: aborting after {articles} article(s) of resolution");
        std::process::abort();
    }
}

/// Time spent per phase of a chunk, printed to stderr when `ATTACHE_TIMING` is set.
struct Clock {
    on: bool,
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Clock {
    fn new() -> Clock {
        Clock { on: std::env::var_os("ATTACHE_TIMING").is_some(), last: std::time::Instant::now(), laps: Vec::new() }
    }

    fn lap(&mut self, name: &'static str) {
        if self.on {
            let now = std::time::Instant::now();
            self.laps.push((name, (now - self.last).as_secs_f64() * 1000.0));
            self.last = now;
        }
    }

    fn print(&self) {
        if self.on {
            let laps: Vec<String> = self.laps.iter().map(|(n, ms)| format!("{n} {ms:.0}")).collect();
            eprintln!("chunk ms: {}", laps.join(", "));
        }
    }
}

fn resolve_chunk(
    tx: &Resolution<'_>,
    rows: &[RecordRow],
    after: i64,
    hot: &mut Hot,
    report: &mut ResolveReport,
    clock: &mut Clock,
) -> Result<(), StoreError> {
    report.articles += rows.len();
    // Actors: the chunk's mentions against the actors their keys find.
    let mut mentions: Vec<Mention> = Vec::new();
    let mut whose: Vec<(i64, String)> = Vec::new();
    for row in rows {
        for a in &row.record.actors {
            mentions.push(mention_of(a, &row.published));
            whose.push((row.article_id, a.id.clone()));
        }
    }
    // Each name's own skeleton first; its one-letter deletions only when that
    // finds no actor (a variant spelling), so a chunk reads few actors.
    let mut ids: Vec<String> = Vec::new();
    // A name asked for once finds the same actors every time (those made
    // since are kept as they are made).
    for m in &mentions {
        let kinds = match hot.asked.get_mut(m.name.as_str()) {
            Some(kinds) => kinds,
            None => hot.asked.entry(m.name.clone()).or_default(),
        };
        if kinds.iter().any(|(k, c)| *k == m.kind && *c == m.country) {
            continue;
        }
        kinds.push((m.kind, m.country.clone()));
        let mut found = false;
        for tier in attache_resolve::mention_key_tiers(m) {
            if found {
                break;
            }
            for key in tier {
                let hits = match hot.by_key.get(&key) {
                    Some(hits) => hits,
                    None => {
                        let hits = tx.actor_ids(&key)?;
                        hot.by_key.entry(key).or_insert(hits)
                    }
                };
                found |= !hits.is_empty();
                ids.extend(hits.iter().cloned());
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    clock.lap("mentions");
    let missing: Vec<String> = ids.into_iter().filter(|id| !hot.actors.contains(id)).collect();
    for a in tx.actors_by_ids(missing)? {
        // Written by resolution from a kind: one that does not read back is not an actor of ours.
        let Ok(kind) = a.kind.parse::<ActorKind>() else { continue };
        hot.actors.add_known(Identity {
            roles: serde_json::from_str(&a.roles_json).unwrap_or_default(),
            id: a.id,
            name: a.name,
            kind,
            country: a.country,
            aliases: a.aliases,
            mentions: Vec::new(),
        });
    }
    clock.lap("lookup");
    let touched = hot.actors.resolve(&mentions);
    clock.lap("resolve");
    if clock.on {
        eprintln!("kept {} mentions {} identities out {}", hot.actors.len(), mentions.len(), touched.len());
    }
    report.actors += touched.len();
    let mut links: Links<'_> = FxHashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    let mut links_list = Vec::with_capacity(mentions.len());
    for t in &touched {
        *hot.dirty.entry(t.id.clone()).or_default() += t.mentions.len() as i64;
        // An actor seen under no new name keeps its keys.
        if t.new || t.renamed {
            let identity = hot.actors.identity_at(t.slot);
            let keys = keys_of(&identity);
            tx.put_actor_keys(&identity.id, &keys)?;
            // Written through: a key looked up before now holds this actor too.
            for key in keys {
                if let Some(ids) = hot.by_key.get_mut(&key)
                    && !ids.contains(&identity.id)
                {
                    ids.push(identity.id.clone());
                }
            }
        }
        for &i in &t.mentions {
            links_list.push((whose[i].0, whose[i].1.as_str(), t.id.as_str()));
            links.insert((whose[i].0, whose[i].1.as_str()), t.id.as_str());
        }
    }
    tx.put_links(&links_list)?;
    clock.lap("write actors");
    // Reports; then occurrences of the days they fall on, merged again.
    let mut days: BTreeMap<(EventKind, String), Vec<EventReport>> = BTreeMap::new();
    let mut singles: Vec<EventReport> = Vec::new();
    let mut commitments: Vec<Report> = Vec::new();
    let mut meetings: Vec<(ReportRow, Report)> = Vec::new();
    for row in rows {
        for (stored, r) in reports_of(row, &links) {
            tx.put_meeting(&stored)?;
            report.reports += 1;
            match &stored.day {
                Some(day) => days.entry((stored.kind, day.clone())).or_default().push(event_report(&r, row.text_key)),
                None => singles.push(event_report(&r, row.text_key)),
            }
            match r.kind {
                EventKind::Intend | EventKind::Invite => commitments.push(r),
                EventKind::Meet => meetings.push((stored, r)),
                _ => {}
            }
        }
    }
    clock.lap("reports");
    for ((kind, day), new) in days {
        // The day's reports in article order: those of articles resolved
        // before this chunk (whose occurrences are merged again), then this
        // chunk's.
        let earlier = tx.articles_with_events_on(kind, &day, after)?;
        // Read in batches: a crawl of one day holds a hundred thousand
        // articles, whose records and texts must not be in memory at once.
        let mut reports: Vec<EventReport> = Vec::new();
        for batch in earlier.chunks(STORED_BATCH) {
            reports.extend(
                stored_reports(tx, batch)?
                    .iter()
                    .filter(|(s, _, _)| s.kind == kind && s.day.as_deref() == Some(day.as_str()))
                    .map(|(_, r, text_key)| event_report(r, *text_key)),
            );
        }
        if !reports.is_empty() {
            tx.clear_occurrences_on(kind, &day)?;
        }
        reports.extend(new);
        let (occurrences, links) = occurrences_of(&reports);
        tx.put_occurrences(&occurrences, &links)?;
    }
    let (occurrences, links) = occurrences_of(&singles);
    tx.put_occurrences(&occurrences, &links)?;
    clock.lap("occurrences");
    // Commitments: a new one is looked for among all meetings after it; a new
    // meeting fulfils the open ones it matches.
    for c in &commitments {
        let (commitment, terms) = put_commitment(tx, c)?;
        // Kept open commitments of its actors list it too.
        if commitment.status == Status::Open {
            for k in &terms.actors {
                if let Some(opens) = hot.open.get_mut(k)
                    && terms.until >= opens.since
                {
                    let terms = Terms { actors: vec![k.clone()], ..terms.clone() };
                    opens.list.push(OpenCommitment { id: commitment.id.clone(), terms });
                }
            }
        }
    }
    clock.lap("new commitments");
    for (stored, meeting) in &meetings {
        let Some(at) = &stored.at else { continue };
        for id in hot.commitments_met(tx, &stored.keys, at)? {
            tx.fulfil(&id, &attache_resolve::report_id(meeting.article, meeting.index))?;
            hot.closed.insert(id);
        }
    }
    clock.lap("commitments");
    Ok(())
}
