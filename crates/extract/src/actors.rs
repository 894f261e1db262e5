//! The cast of an article: its persons (one per person, however often and
//! however spelled they are mentioned), their roles parsed from titles, the
//! home side and the counterpart, and, sentence by sentence, every reference
//! to an actor: names, role phrases ("the Kazakh diplomat", "the Head of
//! State"), pronouns, "the parties", and states named as wholes.

use std::collections::{HashMap, HashSet};

use attache_gazetteer::{Entry, Hit, gazetteer};
use attache_model::annotation::{Actor, AnnotatedArticle, Event};
use attache_model::kinds::{ActorKind, Sector};
use attache_model::names::{fold, same_folded_surname};

use crate::Sentence;
use crate::home::most_named_other;
use crate::lexicon::{self, Means, PARTIES, Pronoun, ROLE_HINT, ROLE_REF};
use crate::mentions::{self, PersonMention, given_names_agree, surname};
use crate::speakers;
use crate::titles::{self, Role, parse_role};

#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub name: String,
    /// Folded surname of the first mention, for matching later ones.
    pub key: String,
    pub title: Option<String>,
    pub country: Option<&'static str>,
    pub sector: Option<Sector>,
    pub org: Option<&'static str>,
    /// Title head ("ambassador"), for role phrases.
    pub head: Option<&'static str>,
    /// First sentence (index into the sentence list) naming the person.
    pub first: usize,
    /// Named as the one met ("met with Vice President X") in that sentence.
    pub met: bool,
}

impl Person {
    /// Takes what a title says: a fuller title replaces a bare one
    /// ("Ambassador" -> "Ambassador of ... to ..."), a country or an
    /// organisation fills a gap.
    fn take_role(&mut self, role: Role) {
        let bare = self.title.as_deref().is_none_or(|t| !t.contains(' '));
        if bare && role.title.is_some() {
            self.title = role.title;
            self.head = role.head;
            self.sector = role.sector;
        }
        if self.country.is_none() {
            self.country = role.country;
        }
        // An organisation's office makes an IGO official (whatever their
        // nationality), unless an earlier full title gave a state's office
        // ("President of Ukraine X" stays Ukraine's).
        if self.org.is_none() && role.org.is_some() && (bare || self.country.is_none()) {
            self.org = role.org;
            self.country = Some("IGO");
            self.sector = Some(Sector::Igo);
        }
    }
}

/// Who a reference in a sentence points at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Who {
    Person(usize),
    State(&'static str),
    Org(&'static str),
    Group {
        name: String,
        country: Option<&'static str>,
        sector: Sector,
        kind: ActorKind,
    },
    /// "the parties", "both sides": the two sides of the article's encounter.
    Parties,
}

#[derive(Clone, Debug)]
pub(crate) struct Ref {
    pub start: usize,
    pub end: usize,
    pub who: Who,
}

pub(crate) struct Cast {
    pub persons: Vec<Person>,
    /// The side the article is about.
    pub home: Option<&'static str>,
    /// The home side is the state of the official site that published the
    /// article, not a guess from how often states are named.
    pub home_known: bool,
    /// The most named other state.
    pub counterpart: Option<&'static str>,
    /// Per sentence, references in text order.
    pub refs: Vec<Vec<Ref>>,
    /// Per sentence, who speaks in it (first-person words point there).
    pub speakers: Vec<Option<Who>>,
    /// Sentences that are speaker labels naming a person ("Name, Title, Body:").
    pub labels: Vec<usize>,
    pub places: Vec<Vec<Hit>>,
}

/// The person a sentence is about: the first one named, not counting one
/// named after "with", "by" or "to" in its clause ("During the talks with X, Y
/// stressed ...": Y); else the first named.
fn subject_of(text: &str, refs: &[Ref]) -> Option<usize> {
    let persons = || refs.iter().filter_map(|r| if let Who::Person(id) = r.who { Some((r.start, id)) } else { None });
    let governed = |start: usize| {
        let clause = text[..start].rsplit(',').next().unwrap_or("");
        clause.split_whitespace().any(|w| matches!(w, "with" | "by" | "to"))
    };
    persons().find(|&(start, _)| !governed(start)).or_else(|| persons().next()).map(|(_, id)| id)
}

impl Cast {
    /// The cast of an article: its sentences (the title last), cited origins
    /// and URL in.
    pub fn build(sentences: &[Sentence<'_>], via: &[String], url: Option<&str>) -> Cast {
        let mut places: Vec<Vec<Hit>> = sentences.iter().map(|s| unmodified_places(s.text)).collect();
        let (home, ranked) = crate::home::home_without_namesakes(&mut places, sentences, via, url);
        let counterpart = most_named_other(&ranked, home.state)
            .filter(|&c| !home.known || crate::home::attested(c, &ranked, &places, sentences));
        let (home_known, refs, speakers, labels) = (home.known, Vec::new(), Vec::new(), Vec::new());
        let mut cast =
            Cast { persons: Vec::new(), home: home.state, home_known, counterpart, refs, speakers, labels, places };
        let person_mentions = cast.name_persons(sentences);
        cast.inherit_list_countries(sentences, &person_mentions);
        // With nothing but counts to go on, the article is about the side of
        // the one its lead sentence is about ("Foreign Minister of X Y met ...").
        if home.guessed
            && let Some((lead, mentions)) = sentences.iter().zip(&person_mentions).find(|(s, _)| s.index == Some(0))
        {
            let refs: Vec<Ref> =
                mentions.iter().map(|(m, id)| Ref { start: m.start, end: m.end, who: Who::Person(*id) }).collect();
            let state_of = |id: usize| {
                let p = &cast.persons[id];
                p.country.or_else(|| crate::leaders::lookup(&p.name).map(|l| l.country))
            };
            if let Some(state) = subject_of(lead.text, &refs).and_then(state_of) {
                cast.home = Some(state);
                cast.counterpart = most_named_other(&ranked, cast.home);
            }
        }
        let (venues, trip) = cast.venues(sentences);
        // Envoys presenting credentials, each addressed in turn.
        let ceremony = sentences.iter().any(|s| s.text.contains("credentials") || s.text.contains("credence"));
        let mut last_subject: Option<usize> = None;
        let mut speaker = cast.title_speaker(sentences);
        let mut own_delegation = false;
        for (si, s) in sentences.iter().enumerate() {
            let mut refs = titles::person_refs(s.text, &person_mentions[si]);
            cast.role_refs(s.text, si, last_subject, &mut refs);
            let parties = lexicon::PARTIES_HINT.is_match(s.text).then(|| PARTIES.find_iter(s.text));
            for m in parties.into_iter().flatten() {
                refs.push(Ref { start: m.start(), end: m.end(), who: Who::Parties });
            }
            let pronouns = lexicon::pronouns(s.text);
            cast.pronoun_refs(s.text, &pronouns, last_subject, &mut refs);
            cast.place_refs(si, s.text, &mut refs);
            crate::handles::refs(s.text, &mut refs);
            own_delegation |=
                cast.group_refs(s.text, venues[si].is_some() || trip.is_some() || own_delegation, &mut refs);
            let home = cast.home.filter(|_| cast.home_known);
            crate::institutions::ministry_refs(s.text, &cast.places[si], home, &mut refs);
            refs.sort_by_key(|r| r.start);
            speakers::vocative_refs(s.text, &pronouns, &mut refs);
            // A label speaks only if it names someone with an office or a name
            // the leaders' list knows: "Assisting Farmers in Climate-Smart
            // Decisions: The United States will ..." heads a paragraph.
            if s.index.is_some()
                && let Some(label) = speakers::label(s.text, &refs)
            {
                speaker = Some(label).filter(|l| cast.credible(l));
                cast.labels.extend(matches!(speaker, Some(Who::Person(_))).then_some(si));
            }
            // An official on background speaks for the site's state; a reporter for no party.
            if let Some(official) = speakers::anonymous_turn(s.text) {
                speaker = cast.home.filter(|_| official && cast.home_known).map(Who::State);
            }
            if let Some(sp) = &speaker {
                cast.speaker_refs(sp, &pronouns, &mut refs, ceremony);
            }
            cast.speakers.push(speaker.clone());
            if let Some(first) = subject_of(s.text, &refs) {
                last_subject = Some(first);
            }
            cast.refs.push(refs);
        }
        let texts: Vec<&str> = sentences.iter().map(|s| s.text).collect();
        speakers::attribute_quotations(&mut cast, &texts);
        speakers::post_authors(&mut cast, &texts);
        cast.settle_countries((&venues, trip), &Cast::signatories(sentences, &person_mentions));
        cast
    }

    /// The speaker a statement's title names ("Statement by President X on
    /// ..."): that person (added to the cast if the body does not name them),
    /// else, on an official site, its state.
    fn title_speaker(&mut self, sentences: &[Sentence<'_>]) -> Option<Who> {
        let si = sentences.iter().position(|s| s.index.is_none())?;
        let title = sentences[si].text;
        let by = speakers::STATEMENT_TITLE.find(title)?.end();
        let named = mentions::persons(title, &self.places[si], &HashSet::new());
        let Some(m) = named.iter().find(|m| m.start >= by) else {
            return self.site_voice();
        };
        let role = parse_role(title, m, &named);
        let id = self.person_for(&m.name, si, role.head);
        self.persons[id].take_role(role);
        Some(Who::Person(id))
    }

    /// Who says "we" on an official site when nobody else is named as
    /// speaking: the site's state.
    fn site_voice(&self) -> Option<Who> {
        self.home.filter(|_| self.home_known).map(Who::State)
    }

    /// Persons named in each sentence (full names first, then bare surnames of
    /// those), with their roles: per sentence, (mention, person).
    fn name_persons(&mut self, sentences: &[Sentence<'_>]) -> Vec<Vec<(PersonMention, usize)>> {
        let places = std::mem::take(&mut self.places);
        // Pass 1: full names; pass 2: single surnames of those.
        let candidates: Vec<_> =
            sentences.iter().zip(&places).map(|(s, hits)| mentions::candidates(s.text, hits)).collect();
        let mut known: HashSet<&str> = HashSet::new();
        // A heading names nobody the prose does not name (its capitals are no sign of a name).
        let headings: Vec<bool> =
            sentences.iter().map(|s| s.index.is_none() || mentions::heading_line(s.text)).collect();
        for (c, _) in candidates.iter().zip(&headings).filter(|(_, h)| !**h) {
            known.extend(c.iter().filter(|(_, key)| key.is_none()).map(|(m, _)| surname(&m.name)));
        }
        let named_in = |c: &[(PersonMention, Option<usize>)]| -> Vec<PersonMention> {
            c.iter()
                .filter(|(m, key)| key.is_none_or(|len| known.contains(&m.name[..len])))
                .map(|(m, _)| m.clone())
                .collect()
        };
        let common = crate::ordinary::common_words(sentences, &candidates, &named_in);
        let mut person_mentions = Vec::new();
        for (si, (s, c)) in sentences.iter().zip(candidates.iter()).enumerate() {
            let mut found = Vec::new();
            let named = named_in(c);
            for m in named.iter().cloned() {
                if common.contains(surname(&m.name)) {
                    continue;
                }
                let role = parse_role(s.text, &m, &named);
                // In a headline only a title naming a state makes a name ("Talks with
                // President of Estonia A B"): its capitals are no sign of one.
                let titled = role.title.is_some() && (s.index.is_some() || role.country.is_some());
                if headings[si] && !known.contains(surname(&m.name)) && mentions::title_case(s.text) && !titled {
                    continue;
                }
                let id = self.person_for(&m.name, si, role.head);
                self.persons[id].take_role(role);
                if self.persons[id].first == si
                    && roles::met_with_before(&s.text[s.text.floor_char_boundary(m.start.saturating_sub(400))..m.start])
                {
                    self.persons[id].met = true;
                }
                found.push((m, id));
            }
            person_mentions.push(found);
        }
        self.places = places;
        person_mentions
    }

    /// Role phrases ("the Kazakh diplomat", "Spain's Minister") naming a person named before.
    fn role_refs(&mut self, text: &str, si: usize, last_subject: Option<usize>, refs: &mut Vec<Ref>) {
        let g = gazetteer();
        let role_refs = ROLE_HINT.is_match(text).then(|| ROLE_REF.captures_iter(text));
        for c in role_refs.into_iter().flatten() {
            let whole = c.get(0).unwrap();
            let bare = c.get(3).is_some();
            // A bare office opening a clause ("Three days ago, President of X
            // discussed ...") is its subject: a verb follows, and no name
            // stands right before it (", President of X," in apposition).
            if matches!(c.get(3).map(|m| m.as_str()), Some("" | ", "))
                && (!lexicon::verb_follows(&text[whole.end()..]) || refs.iter().any(|r| r.end == whole.start()))
            {
                continue;
            }
            let start = if bare { c.get(4).map_or(whole.start(), |h| h.start()) } else { whole.start() };
            let (end, phrase) = (whole.end(), &text[start..whole.end()]);
            if refs.iter().any(|r| r.start < end + 2 && start < r.end) {
                continue;
            }
            // A title right before a name belongs to that name; one served is part of a title.
            let rest = &text[end..];
            if lexicon::serves(&text[..start])
                || rest.starts_with(' ')
                    && rest[1..].starts_with(|c: char| c.is_uppercase())
                    && !rest[1..].starts_with("Kazakhstan")
                    && refs.iter().any(|r| titles::titles_between(text, end, r.start))
            {
                continue;
            }
            let demonym = c.get(2).or(c.get(1)).and_then(|d| g.lookup(d.as_str()).and_then(mentions::country_of));
            let of_country =
                c.get(5).and_then(|d| g.places(d.as_str()).iter().find_map(|h| mentions::country_of(&h.entry)));
            let (head, means) = lexicon::role_head(c.get(2).map(|m| m.as_str()), &c[4]);
            let country = demonym.or(of_country);
            if bare && of_country.is_none() {
                continue;
            }
            // "the First President of X – Leader of the Nation Y": a title in
            // apposition to a name after a dash is that person's.
            if let Some(after) = rest.strip_prefix(" – ").or_else(|| rest.strip_prefix(" — "))
                && let clause_end =
                    end + (rest.len() - after.len()) + after.find([',', '.', ';']).unwrap_or(after.len())
                && let Some(id) = refs.iter().find_map(|r| match r.who {
                    Who::Person(id) if r.start > end && r.end <= clause_end => Some(id),
                    _ => None,
                })
            {
                self.persons[id].country = self.persons[id].country.or(country);
                continue;
            }
            // A phrase points back, not at one named later (`named_later`).
            let later = self.named_later(text, refs, (start, end), si);
            let resolved = self
                .resolve_role((&head, c.get(5).map(|p| p.as_str())), means, country, (si, &later), last_subject)
                .or_else(|| if bare { None } else { self.untitled_subject(phrase, country, last_subject) })
                .or_else(|| {
                    let own = self.own_office(c.get(2).map(|m| m.as_str()), bare, means);
                    self.unnamed_holder(phrase, means, country.or(own), si)
                });
            if let Some(id) = resolved {
                refs.push(Ref { start, end, who: Who::Person(id) });
            }
        }
    }

    /// Pronouns: the nearest person before them in the sentence, else the last
    /// subject (an object pronoun: the other side of that person).
    fn pronoun_refs(&self, text: &str, pronouns: &[Pronoun], last_subject: Option<usize>, refs: &mut Vec<Ref>) {
        for m in pronouns.iter().filter(|p| matches!(p.refers, "subject" | "object")) {
            if refs.iter().any(|r| r.start <= m.start && m.end <= r.end) {
                continue;
            }
            // "..., the Ambassador visited the plant, where he was shown ...": the
            // nearest person before the pronoun in the same sentence, else the last subject.
            let earlier = refs.iter().rev().find_map(|r| match r.who {
                Who::Person(id) if r.end <= m.start => Some(id),
                _ => None,
            });
            let target = if m.refers == "subject" {
                earlier.or(last_subject)
            } else {
                self.object_of(text, m.start, refs)
                    .or_else(|| earlier.or(last_subject).and_then(|s| self.other_side(s)))
            };
            if let Some(id) = target {
                refs.push(Ref { start: m.start, end: m.end, who: Who::Person(id) });
            }
        }
    }

    /// Whom an object pronoun at `at` points to among the persons named
    /// before it in its sentence: after "and" ("met with X and informed him")
    /// the one named last; right after a verb ("X informed her") another than
    /// that verb's subject.
    fn object_of(&self, text: &str, at: usize, refs: &[Ref]) -> Option<usize> {
        let persons: Vec<(usize, usize)> = refs
            .iter()
            .filter_map(|r| match r.who {
                Who::Person(id) if r.end <= at => Some((r.end, id)),
                _ => None,
            })
            .collect();
        let &(end, nearest) = persons.last()?;
        // "A spoke with B to congratulate him": the object of the purpose is B.
        let purpose = persons.len() >= 2 && {
            let gap = text[end..at].trim_start_matches([',', ' ']);
            gap.split(' ').take(4).any(|w| w == "to") && gap.split(' ').count() <= 5
        };
        if text[end..at].contains(" and ") || purpose {
            return Some(nearest);
        }
        persons.iter().rev().map(|&(_, id)| id).find(|&id| id != nearest)
    }

    /// States and organisations named as wholes in sentence `si`; a people
    /// named for its state ("the Russians are accusing ...") is that state.
    fn place_refs(&self, si: usize, text: &str, refs: &mut Vec<Ref>) {
        for h in &self.places[si] {
            match &h.entry {
                Entry::Country { iso3 } => refs.push(Ref { start: h.start, end: h.end, who: Who::State(iso3) }),
                Entry::Demonym { iso3 }
                    if (text[..h.start].ends_with("the ") || text[..h.start].ends_with("The "))
                        && text[h.start..h.end].ends_with('s') =>
                {
                    refs.push(Ref { start: h.start, end: h.end, who: Who::State(iso3) })
                }
                Entry::Organization { acronym } => {
                    refs.push(Ref { start: h.start, end: h.end, who: Who::Org(acronym) })
                }
                _ => {}
            }
        }
    }

    /// The person a name refers to, matching earlier persons by surname and initial.
    /// Of several persons of one surname ("President Biden" after "Joseph R.
    /// Biden, Jr." and "First Lady Jill Biden"), the one whose office the
    /// mention's title names (`head`), else the first named.
    fn person_for(&mut self, name: &str, sentence: usize, head: Option<&str>) -> usize {
        // "A Bin B" and "A Bin B Al C": one name of two or more words goes on,
        // with a family particle, to the other.
        fn extends(a: &str, b: &str) -> bool {
            let (a, b) = (fold(a), fold(b));
            let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
            short.contains(' ')
                && long
                    .strip_prefix(short.as_str())
                    .and_then(|r| r.strip_prefix(' '))
                    .is_some_and(|r| ["al ", "el ", "bin ", "ibn ", "bint ", "ould "].iter().any(|p| r.starts_with(p)))
        }
        let key = fold(surname(name));
        // "President Biden" after "Hunter Biden": a titled bare surname the
        // gazetteer knows as another person's ("Joe Biden") is that person.
        let leader = head.filter(|_| !name.contains(' ')).and_then(|_| crate::leaders::lookup(name));
        // "Dr. Jill Biden" after "President Biden": a full name whose given
        // names are not those of the office holder a titled bare surname
        // stood for is another person of the family.
        let bare_leader =
            |p: &Person| (!p.name.contains(' ') && p.head.is_some()).then(|| crate::leaders::lookup(&p.name)).flatten();
        let mut same = (0..self.persons.len()).filter(|&i| {
            let p = &self.persons[i];
            same_folded_surname(&key, &p.key)
                && given_names_agree(name, &p.name)
                && leader.is_none_or(|l| given_names_agree(l.name, &p.name))
                && (!name.contains(' ') || bare_leader(p).is_none_or(|l| given_names_agree(name, l.name)))
                || extends(name, &p.name)
        });
        if let Some(first) = same.next() {
            let i = same
                .chain(std::iter::once(first))
                .find(|&i| head.is_some() && self.persons[i].head == head)
                .unwrap_or(first);
            let p = &mut self.persons[i];
            if name.len() > p.name.len() && !name.contains('.') {
                p.name = name.to_string();
            }
            return i;
        }
        // "Vice Minister Xiong" after "Xiong Xuanguo": a family name written
        // first, when one person named before begins with it.
        if !name.contains([' ', '.']) {
            let mut firsts = (0..self.persons.len()).filter(|&i| {
                let n = &self.persons[i].name;
                n.contains(' ') && n.split(' ').next().is_some_and(|w| fold(w) == key)
            });
            if let (Some(i), None) = (firsts.next(), firsts.next()) {
                return i;
            }
        }
        self.persons.push(Person {
            key,
            name: name.to_string(),
            title: None,
            country: None,
            sector: None,
            org: None,
            head: None,
            first: sentence,
            met: false,
        });
        self.persons.len() - 1
    }

    /// The first person of another country than `id`'s.
    pub fn other_side(&self, id: usize) -> Option<usize> {
        let c = self.persons[id].country;
        (0..self.persons.len()).find(|&i| i != id && (self.persons[i].country != c || c.is_none()))
    }

    /// The one a speaker speaks to: the other side.
    pub fn addressee(&self, speaker: &Who) -> Option<Who> {
        match speaker {
            Who::Person(i) => self.other_side(*i).map(Who::Person),
            Who::State(c) => self.counterpart.filter(|o| o != c).map(Who::State),
            _ => None,
        }
    }

    /// The country of a reference.
    pub fn country(&self, who: &Who) -> Option<&'static str> {
        match who {
            Who::Person(i) => self.persons[*i].country,
            Who::State(c) => Some(c),
            Who::Org(_) => Some("IGO"),
            Who::Group { country, .. } => *country,
            Who::Parties => None,
        }
    }

    /// Someone who may speak or act: not a person with neither an office
    /// nor a name the leaders' list knows.
    fn credible(&self, who: &Who) -> bool {
        match who {
            Who::Person(i) => {
                let p = &self.persons[*i];
                p.title.is_some() || crate::leaders::lookup(&p.name).is_some()
            }
            _ => true,
        }
    }

    /// The article's protagonist: the first person of the home side.
    /// One with an office or a name the gazetteer knows: a capitalised run
    /// with neither ("Financial Support", "Methane Pledge") acts for nobody.
    pub fn protagonist(&self) -> Option<usize> {
        let home = |i: &usize| self.persons[*i].country == self.home && self.home.is_some();
        let credible = |i: &usize| {
            let p = &self.persons[*i];
            p.title.is_some() || crate::leaders::lookup(&p.name).is_some()
        };
        (0..self.persons.len()).filter(home).find(credible)
    }

    /// Writes actors (those taking part in events) and events into the record.
    pub fn into_record(self, events: Vec<(Event, Vec<Who>, Vec<Who>)>, record: &mut AnnotatedArticle) {
        let mut ids: HashMap<Who, String> = HashMap::new();
        let g = gazetteer();
        let mut id_of = |who: &Who, actors: &mut Vec<Actor>| -> String {
            if let Some(id) = ids.get(who) {
                return id.clone();
            }
            let id = format!("a{}", actors.len() + 1);
            let actor = match who {
                Who::Person(i) => {
                    let p = &self.persons[*i];
                    Actor {
                        id: id.clone(),
                        name: p.name.clone(),
                        title: p.title.clone(),
                        country: p.country.map(str::to_string),
                        sector: p.sector,
                        org: p.org.map(str::to_string),
                        // An office holder the article never names ("the
                        // President of Brazil") is the office: an institution.
                        kind: if p.title.as_deref() == Some(p.name.as_str()) {
                            ActorKind::Institution
                        } else {
                            ActorKind::Person
                        },
                    }
                }
                Who::State(c) => Actor {
                    id: id.clone(),
                    name: g.country(c).map_or(c.to_string(), |k| k.name.to_string()),
                    title: None,
                    country: Some(c.to_string()),
                    sector: Some(Sector::Gov),
                    org: None,
                    kind: ActorKind::State,
                },
                Who::Org(a) => Actor {
                    id: id.clone(),
                    name: g
                        .organizations
                        .iter()
                        .find(|o| o.acronym == *a)
                        .map_or(a.to_string(), |o| o.name.to_string()),
                    title: None,
                    country: Some("IGO".into()),
                    sector: Some(Sector::Igo),
                    org: Some(a.to_string()),
                    kind: ActorKind::Institution,
                },
                Who::Group { name, country, sector, kind } => Actor {
                    id: id.clone(),
                    name: name.clone(),
                    title: None,
                    country: country.map(str::to_string),
                    sector: Some(*sector),
                    org: None,
                    kind: *kind,
                },
                Who::Parties => {
                    Actor { id: id.clone(), name: "the parties".into(), kind: ActorKind::Group, ..Actor::default() }
                }
            };
            actors.push(actor);
            ids.insert(who.clone(), id.clone());
            id
        };
        for (mut event, mut source, mut target) in events {
            // "the parties" are resolved to persons by the event rules; any left are dropped.
            source.retain(|w| *w != Who::Parties);
            target.retain(|w| *w != Who::Parties);
            event.source = source.iter().map(|w| id_of(w, &mut record.actors)).collect();
            event.target = target.iter().map(|w| id_of(w, &mut record.actors)).collect();
            record.events.push(event);
        }
    }
}

mod groups;
mod places;
mod roles;

use places::unmodified_places;

#[cfg(test)]
mod tests;
