//! A generated news stream for the resolution benchmark: articles whose
//! records are already extracted (extraction has its own benchmark), naming
//! persons of the resolution stress set (shared surnames, initials,
//! transliteration variants, one name in two countries) with their states,
//! about 900 articles a day, one in ten a verbatim repost of an earlier
//! article of the day, one in eight stating an intention or invitation.

use attache_model::annotation::{Actor, AnnotatedArticle, Event, Extraction, Location};
use attache_model::kinds::{ActorKind, EventKind, MeetMode};
use attache_model::{Article, Document, Format, Published, RawItem, Span};
use attache_resolve::stress::{Rng, StressSet};
use attache_store::{Store, StoreError};

/// Articles per generated day.
const PER_DAY: usize = 900;

/// The stream: persons and where the next article starts.
pub struct Stream {
    set: StressSet,
    /// Mention indices of each person.
    forms: Vec<Vec<usize>>,
    rng: Rng,
    next: usize,
    /// Texts of today's articles, for reposts.
    today: Vec<String>,
}

impl Stream {
    /// A stream over `persons` generated persons.
    pub fn new(persons: usize, seed: u64) -> Stream {
        let set = attache_resolve::stress::generate(persons, seed);
        let mut forms = vec![Vec::new(); set.persons];
        for (m, &p) in set.truth.iter().enumerate() {
            forms[p].push(m);
        }
        Stream { set, forms, rng: Rng(seed.max(1) ^ 0x9e37_79b9_7f4a_7c15), next: 0, today: Vec::new() }
    }

    /// The next `n` articles, one document each, with their records.
    pub fn take(&mut self, n: usize) -> Vec<(Document, Vec<Article>, Vec<Extraction>)> {
        (0..n).map(|_| self.article()).collect()
    }

    fn person(&mut self) -> Actor {
        let p = self.rng.popular(self.set.persons);
        let forms = &self.forms[p];
        let m = &self.set.mentions[forms[self.rng.below(forms.len())]];
        Actor {
            id: String::new(),
            name: m.name.clone(),
            title: m.title.clone(),
            country: m.country.clone(),
            sector: None,
            org: None,
            kind: ActorKind::Person,
        }
    }

    fn article(&mut self) -> (Document, Vec<Article>, Vec<Extraction>) {
        let i = self.next;
        self.next += 1;
        if i.is_multiple_of(PER_DAY) {
            self.today.clear();
        }
        let date =
            jiff::civil::date(2020, 1, 1).checked_add(jiff::Span::new().days((i / PER_DAY) as i64)).expect("in range");
        let day = date.to_string();
        let (a, b) = (self.person(), self.person());
        let mut actors = vec![a, b];
        for k in 0..2 {
            if let Some(c) = actors[k].country.clone() {
                actors.push(Actor {
                    id: String::new(),
                    name: c.clone(),
                    country: Some(c),
                    kind: ActorKind::State,
                    ..Default::default()
                });
            }
        }
        for (k, actor) in actors.iter_mut().enumerate() {
            actor.id = format!("a{k}");
        }
        let place = actors[1].country.clone();
        let mut events = vec![Event {
            kind: EventKind::Meet,
            mode: Some(MeetMode::Visit),
            date: Some(day.clone()),
            source: vec!["a0".into()],
            target: vec!["a1".into()],
            location: place.clone().map(|c| Location { name: c.clone(), country: Some(c) }),
            evidence: format!("{} met {}.", actors[0].name, actors[1].name),
            ..Default::default()
        }];
        if self.rng.below(8) == 0 {
            let due = date.checked_add(jiff::Span::new().days(20 + self.rng.below(200) as i64)).expect("in range");
            let invite = self.rng.below(3) == 0;
            events.push(Event {
                kind: if invite { EventKind::Invite } else { EventKind::Intend },
                mode: Some(MeetMode::Visit),
                date: (!invite).then(|| due.to_string()[..7].to_string()),
                source: vec!["a0".into()],
                target: vec![if actors.len() > 3 { "a3".into() } else { "a1".into() }],
                evidence: "A visit was promised.".into(),
                ..Default::default()
            });
        }
        // One in ten is a verbatim repost of an article of the same day.
        let text = if !self.today.is_empty() && self.rng.below(10) == 0 {
            self.today[self.rng.below(self.today.len())].clone()
        } else {
            let t = format!("Generated report {i}. {}", events[0].evidence);
            self.today.push(t.clone());
            t
        };
        let record = AnnotatedArticle {
            doc: format!("generated-{i}"),
            article: 0,
            title: Some(format!("Generated report {i}")),
            published: Some(day.clone()),
            via: Vec::new(),
            actors,
            events,
            facts: Vec::new(),
        };
        let article = Article {
            position: 0,
            title: record.title.clone(),
            published: Some(Published::day(date)),
            views: None,
            via: Vec::new(),
            url: None,
            language: Some("eng".into()),
            sentences: vec![Span { start: 0, end: text.len() }],
            text: text.clone(),
        };
        let doc = Document {
            origin: format!("generated/{i}"),
            name: format!("generated-{i}"),
            hash: format!("generated-{i:012}"),
            format: Format::Text,
            encoding: "UTF-8".into(),
            bytes: text.len(),
            items: Vec::<RawItem>::new(),
        };
        (doc, vec![article], vec![Extraction { record, provenance: Vec::new() }])
    }
}

/// Stores generated articles in batches, without resolving them.
pub fn store_generated(
    store: &mut Store,
    items: &[(Document, Vec<Article>, Vec<Extraction>)],
) -> Result<(), StoreError> {
    for chunk in items.chunks(2000) {
        let batch = store.batch()?;
        for (doc, articles, extractions) in chunk {
            batch.put_document(doc, articles, extractions)?;
        }
        batch.commit()?;
    }
    Ok(())
}
