use super::*;
use attache_model::kinds::{ActorKind, EventKind};

fn person(name: &str, country: &str, title: Option<&str>, date: &str) -> Mention {
    Mention {
        name: name.into(),
        kind: ActorKind::Person,
        title: title.map(Into::into),
        country: Some(country.into()),
        sector: None,
        org: None,
        date: Some(date.into()),
    }
}

fn groups(ids: &[Identity]) -> Vec<Vec<usize>> {
    let mut g: Vec<Vec<usize>> = ids
        .iter()
        .map(|i| {
            let mut m = i.mentions.clone();
            m.sort();
            m
        })
        .collect();
    g.sort();
    g
}

#[test]
fn variants_and_initials_are_one_person() {
    let ms = [
        person("Kassym-Jomart Tokayev", "KAZ", Some("President"), "2026-01-02"),
        person("K.Tokayev", "KAZ", None, "2026-02-03"),
        person("Tokaev", "KAZ", None, "2026-03-04"),
        person("Arman Issetov", "KAZ", Some("Deputy Minister"), "2026-02-24"),
        person("Arman Isetov", "KAZ", None, "2026-02-24"),
        person("A. Isetov", "KAZ", None, "2026-02-25"),
        person("Samuel Migaľ", "SVK", None, "2026-02-24"),
        person("Samuel Migal", "SVK", None, "2026-02-25"),
        person("Hayri Keser", "TUR", None, "2026-03-10"),
        person("Hayri Kesher", "TUR", None, "2026-03-11"),
    ];
    assert_eq!(groups(&resolve(&ms)), vec![vec![0, 1, 2], vec![3, 4, 5], vec![6, 7], vec![8, 9]]);
}

#[test]
fn one_person_two_roles_over_time() {
    let ms = [
        person(
            "Roman Vassilenko",
            "KAZ",
            Some("Deputy Minister of Foreign Affairs of the Republic of Kazakhstan"),
            "2023-05-02",
        ),
        person("Roman Vassilenko", "KAZ", Some("Ambassador of Kazakhstan to Belgium"), "2026-02-24"),
        person("Vassilenko", "KAZ", Some("Ambassador of Kazakhstan to Belgium"), "2026-03-10"),
    ];
    let ids = resolve(&ms);
    assert_eq!(ids.len(), 1);
    let roles: Vec<(&str, Option<&str>, Option<&str>)> =
        ids[0].roles.iter().map(|r| (r.title.as_str(), r.first.as_deref(), r.last.as_deref())).collect();
    assert_eq!(
        roles,
        [
            ("Deputy Minister of Foreign Affairs of Kazakhstan", Some("2023-05-02"), Some("2023-05-02")),
            ("Ambassador of Kazakhstan to Belgium", Some("2026-02-24"), Some("2026-03-10")),
        ]
    );
    assert_eq!(ids[0].id, "p:kaz:roman-vasilenko");
}

#[test]
fn shared_surnames_and_names_in_two_countries_stay_apart() {
    let ms = [
        person("Martin Gold", "CZE", None, "2026-03-10"),
        person("Anna Gold", "CZE", None, "2026-03-10"),
        person("Daniel Kim", "KOR", None, "2026-01-01"),
        person("Daniel Kim", "USA", None, "2026-01-01"),
        person("Gold", "CZE", None, "2026-03-11"),
    ];
    let g = groups(&resolve(&ms));
    assert_eq!(g.len(), 5, "{g:?}: an ambiguous surname joins nobody");
}

#[test]
fn states_are_one_identity_per_country() {
    let state = |c: &str| Mention {
        name: "Kazakhstan".into(),
        kind: ActorKind::State,
        country: Some(c.into()),
        ..Mention::default()
    };
    assert_eq!(resolve(&[state("KAZ"), state("KAZ")]).len(), 1);
}

#[test]
fn a_generated_crowd_resolves_with_high_precision_and_recall() {
    let set = stress::generate(600, 7);
    assert!(set.persons >= 600);
    let ids = resolve(&set.mentions);
    let (p, r) = stress::pairwise(&set, &ids);
    assert!(p >= 0.99, "precision {p:.4}");
    assert!(r >= 0.95, "recall {r:.4}");
    // Chunk by chunk with the identities kept in a Resolver, as a stream is resolved.
    let kept = stress::resolve_kept(&set.mentions, 150);
    assert_eq!(kept.iter().map(|i| i.mentions.len()).sum::<usize>(), set.mentions.len());
    let (p, r) = stress::pairwise(&set, &kept);
    assert!(p >= 0.99, "kept: precision {p:.4}");
    assert!(r >= 0.95, "kept: recall {r:.4}");
}

/// A kept resolver gives the same identities, chunk after chunk, as one
/// that is handed the touched identities back each time.
#[test]
fn a_kept_resolver_keeps_ids_names_and_roles() {
    let mut resolver = Resolver::default();
    let first = resolver.resolve(&[person("Arman Issetov", "KAZ", Some("Ambassador"), "2026-01-05")]);
    assert!(first[0].new && !first[0].renamed);
    let id = first[0].id.clone();
    let second = resolver.resolve(&[
        person("A. Isetov", "KAZ", None, "2026-02-01"),
        person("Arman Issetov", "KAZ", Some("Deputy Minister"), "2026-03-01"),
    ]);
    assert_eq!(second.len(), 1, "{second:?}");
    assert_eq!(second[0].id, id);
    assert!(!second[0].new && second[0].renamed, "a new form was taken");
    // Full names are taken first.
    assert_eq!(second[0].mentions, [1, 0]);
    let identity = resolver.identity(&id).unwrap();
    assert_eq!(identity.aliases, ["A. Isetov"]);
    let roles: Vec<(&str, Option<&str>)> =
        identity.roles.iter().map(|r| (r.title.as_str(), r.first.as_deref())).collect();
    assert_eq!(roles, [("Ambassador", Some("2026-01-05")), ("Deputy Minister", Some("2026-03-01"))]);
    // Known to a fresh resolver as stored, the identity takes the same mentions.
    let mut fresh = Resolver::default();
    fresh.add_known(identity.clone());
    let third = fresh.resolve(&[person("A. Isetov", "KAZ", None, "2026-04-01")]);
    assert_eq!((third[0].id.as_str(), third[0].new, third[0].renamed), (id.as_str(), false, false));
}

#[test]
fn curation_merges_splits_and_aliases() {
    let ms = [
        person("Martin Gold", "CZE", Some("owner of SKLOSTROJ"), "2026-03-10"),
        person("Martin Gould", "CZE", Some("owner of SKLOSTROJ"), "2026-04-10"),
        person("Nurlan Abenov", "KAZ", None, "2026-01-01"),
        person("Nurlan Abenova", "KAZ", None, "2026-01-02"),
    ];
    let ids = resolve(&ms);
    let gold = ids.iter().find(|i| i.name == "Martin Gold").unwrap().id.clone();
    // "Gould" is one edit from "Gold" and the given names agree: resolution already joins them.
    let (merged, skipped) = apply_curation(ids.clone(), &ms, &[Curation::Split { actor: gold.clone() }]);
    assert!(skipped.is_empty());
    assert_eq!(merged.iter().filter(|i| i.name.starts_with("Martin")).count(), 2);
    let log = [
        Curation::Split { actor: gold.clone() },
        Curation::Merge { into: gold.clone(), from: "Martin Gould".into() },
        Curation::Alias { actor: "Nurlan Abenov".into(), name: "N. Abenov".into() },
        Curation::Merge { into: "nobody".into(), from: "Martin Gold".into() },
    ];
    let (cured, skipped) = apply_curation(ids, &ms, &log);
    assert_eq!(skipped, [3], "an entry naming a missing actor is reported, not applied");
    let martin = cured.iter().find(|i| i.id == gold).unwrap();
    assert_eq!(martin.mentions, [0, 1]);
    assert!(martin.aliases.contains(&"Martin Gould".to_string()));
    assert!(cured.iter().any(|i| i.aliases.contains(&"N. Abenov".to_string())));
}

#[test]
fn reports_of_one_meeting_merge_and_reposts_are_not_independent() {
    let report = |article: i64, kind: EventKind, date: &str, actors: &[&str], key: u64| EventReport {
        article,
        index: 0,
        kind,
        date: Some(date.into()),
        actors: actors.iter().map(|a| a.to_string()).collect(),
        text_key: key,
    };
    let reports = [
        report(1, EventKind::Meet, "2026-05-04", &["p:nor:vik", "p:chl:ortega"], 11),
        report(2, EventKind::Meet, "2026-05-04", &["p:chl:ortega", "p:nor:vik"], 22),
        report(3, EventKind::Meet, "2026-05-04", &["p:nor:vik"], 33),
        report(4, EventKind::Meet, "2026-05-04", &["p:nor:vik", "p:chl:ortega"], 11),
        report(5, EventKind::Meet, "2026-05-05", &["p:nor:vik", "p:chl:ortega"], 55),
        report(6, EventKind::Praise, "2026-05-04", &["p:nor:vik", "p:chl:ortega"], 11),
        report(7, EventKind::Meet, "2026-05-04", &["p:kaz:other"], 77),
    ];
    let occ = merge_events(&reports);
    let meeting = occ.iter().find(|o| o.reports.contains(&0)).unwrap();
    assert_eq!(meeting.reports, [0, 1, 2, 3]);
    assert_eq!(meeting.independent_sources, 3, "article 4 is a verbatim copy of article 1");
    assert_eq!(meeting.log.len(), 3);
    assert_eq!(occ.len(), 4, "another day, another type and another pair stay apart");
}

/// A MEET on 2026-05-04 reported by `article` (its own text) with `actors`.
fn meeting_report(article: i64, actors: &[&str]) -> EventReport {
    EventReport {
        article,
        index: 0,
        kind: EventKind::Meet,
        date: Some("2026-05-04".into()),
        actors: actors.iter().map(|a| a.to_string()).collect(),
        text_key: article as u64,
    }
}

#[test]
fn a_crawl_of_one_day_is_merged_through_rare_actors_not_pairwise() {
    // Thousands of reports of one day share a state; two of them, far apart,
    // also share a person: they are one meeting, found through the person
    // (every report is compared with a bounded number of others per actor).
    let name = |mut i: usize| {
        let mut s = String::new();
        for _ in 0..3 {
            s.push(char::from(b'a' + (i % 26) as u8));
            i /= 26;
        }
        format!("p:per:{s}")
    };
    let n = 3000;
    let mut reports = vec![meeting_report(0, &["s:nor", "p:chl:ortega"])];
    for i in 1..n - 1 {
        reports.push(meeting_report(i as i64, &["s:nor", &name(i)]));
    }
    reports.push(meeting_report(n as i64, &["s:nor", "p:chl:ortega"]));
    let occ = merge_events(&reports);
    assert_eq!(occ.len(), n - 1);
    let first = occ.iter().find(|o| o.reports.contains(&0)).unwrap();
    assert_eq!(first.reports.len(), 2, "{:?}", first.reports);
}

#[test]
fn a_day_of_many_reports_sharing_one_actor_keeps_its_meetings_apart() {
    // A crawl of one day: the same minister meets two different people, each
    // meeting reported by hundreds of articles, interleaved. Groups once
    // refused stay apart; a report naming only the minister joins the first.
    let report = meeting_report;
    let mut reports = vec![report(0, &["p:nor:vik"])];
    for i in 1..=600 {
        let other = if i % 2 == 0 { "p:chl:ortega" } else { "p:per:ruiz" };
        reports.push(report(i, &["p:nor:vik", other]));
    }
    let occ = merge_events(&reports);
    assert_eq!(occ.len(), 2, "{:?}", occ.iter().map(|o| &o.actors).collect::<Vec<_>>());
    let first = occ.iter().find(|o| o.reports.contains(&0)).unwrap();
    assert_eq!(first.reports.len(), 301);
    assert!(first.reports.contains(&1) && !first.reports.contains(&2), "the first report joins the first meeting");
    assert_eq!(occ.iter().map(|o| o.log.len()).sum::<usize>(), 599);
}

#[test]
fn promises_are_fulfilled_lapsed_or_open() {
    let r = |article: i64,
             kind: EventKind,
             date: Option<&str>,
             published: &str,
             source: &[&str],
             target: &[&str],
             tc: &[&str],
             loc: Option<&str>| Report {
        article,
        index: 0,
        kind,
        mode: None,
        date: date.map(Into::into),
        published: Some(published.into()),
        source: source.iter().map(|s| s.to_string()).collect(),
        target: target.iter().map(|s| s.to_string()).collect(),
        source_countries: vec![],
        target_countries: tc.iter().map(|s| s.to_string()).collect(),
        location_country: loc.map(Into::into),
    };
    let reports = [
        r(1, EventKind::Intend, Some("2026-05"), "2026-03-02", &["p:chl:ortega"], &["s:nor:norway"], &["NOR"], None),
        r(
            2,
            EventKind::Intend,
            Some("2026-03-20"),
            "2026-03-02",
            &["p:gha:mensah"],
            &["s:sen:senegal"],
            &["SEN"],
            None,
        ),
        r(3, EventKind::Intend, None, "2026-03-02", &["p:uzb:karimov"], &["s:jpn:japan"], &["JPN"], None),
        r(4, EventKind::Meet, Some("2026-05-04"), "2026-05-06", &["p:nor:vik"], &["p:chl:ortega"], &[], Some("NOR")),
        r(5, EventKind::Meet, Some("2026-02-01"), "2026-02-02", &["p:gha:mensah"], &["p:sen:diop"], &[], Some("SEN")),
    ];
    let c = track_commitments(&reports, Some("2026-05-06"));
    let status: Vec<(&str, &str, Option<&str>)> =
        c.iter().map(|c| (c.id.as_str(), c.status.as_str(), c.fulfilled_by.as_deref())).collect();
    assert_eq!(
        status,
        [("1:0", "fulfilled", Some("4:0")), ("2:0", "lapsed", None), ("3:0", "open", None)],
        "an earlier meeting does not fulfil a later promise"
    );
}

#[test]
fn one_person_meeting_two_others_on_one_day_is_two_events() {
    let report = meeting_report;
    let reports = [
        report(1, &["p:kaz:arman-issetov", "p:prt:ana-costa"]),
        report(2, &["p:kaz:arman-issetov", "p:nor:ola-bergstrom"]),
        // The same meeting as 1, the Portuguese side named as a state.
        report(3, &["p:kaz:arman-issetov", "s:prt:portugal"]),
        // The same meeting as 2, Berg's name spelt another way and his country misread.
        report(4, &["p:kaz:arman-issetov", "p:swe:ola-bergstrem"]),
    ];
    let occ = merge_events(&reports);
    let with = |r: usize| occ.iter().find(|o| o.reports.contains(&r)).unwrap().reports.clone();
    assert_eq!(with(0), [0, 2], "{occ:?}");
    assert_eq!(with(1), [1, 3], "{occ:?}");
}

/// One name in two countries, and mentions of it with no country: resolved
/// chunk after chunk, they stay three identities (an unplaced mention goes to
/// the unplaced identity; it used to start a new one in every chunk).
#[test]
fn one_name_in_two_countries_does_not_multiply_across_chunks() {
    let unplaced = |date: &str| Mention { country: None, ..person("Daniel Kim", "KOR", None, date) };
    let mut known: Vec<Identity> = Vec::new();
    for day in 1..=6 {
        let date = format!("2026-01-0{day}");
        let chunk =
            [person("Daniel Kim", "KOR", None, &date), person("Daniel Kim", "JPN", None, &date), unplaced(&date)];
        for touched in resolve_with(known.clone(), &chunk) {
            let mentions = touched.mentions.len();
            assert!(mentions >= 1);
            match known.iter_mut().find(|k| k.id == touched.id) {
                Some(k) => *k = Identity { mentions: Vec::new(), ..touched },
                None => known.push(Identity { mentions: Vec::new(), ..touched }),
            }
        }
        assert_eq!(known.len(), 3, "day {day}: {:?}", known.iter().map(|k| &k.id).collect::<Vec<_>>());
    }
    let mut countries: Vec<Option<String>> = known.iter().map(|k| k.country.clone()).collect();
    countries.sort();
    assert_eq!(countries, [None, Some("JPN".into()), Some("KOR".into())]);
}

/// The partition of mentions into identities, each mention by what it says
/// (so two runs over the same mentions in other orders compare).
fn partition(mentions: &[Mention], ids: &[Identity]) -> Vec<Vec<Mention>> {
    let mut out: Vec<Vec<Mention>> = ids
        .iter()
        .map(|i| {
            let mut m: Vec<Mention> = i.mentions.iter().map(|&k| mentions[k].clone()).collect();
            m.sort();
            m
        })
        .collect();
    out.sort();
    out
}

/// Concurrent ingests store articles in another order than one ingest
/// would; resolving the same mentions in any order gives the same
/// identities, names and ids (it used to follow the input order: an
/// unplaced "Abe" went to whichever placed "Abe" came first).
#[test]
fn the_same_mentions_in_any_order_make_the_same_identities() {
    let unplaced = |name: &str| Mention { country: None, ..person(name, "JPN", None, "2026-01-02") };
    let mentions = vec![
        person("Abe", "JPN", Some("Minister"), "2026-01-01"),
        unplaced("Abe"),
        person("Abe", "KOR", None, "2026-01-03"),
        person("Ryo Abe", "JPN", None, "2026-01-04"),
        person("Rie Abe", "JPN", None, "2026-01-05"),
        unplaced("R. Abe"),
        person("Ola Berg", "NOR", None, "2026-01-06"),
        person("O. Berg", "NOR", None, "2026-01-07"),
        unplaced("Berg"),
    ];
    let reference = resolve(&mentions);
    let mut names: Vec<(String, String)> = reference.iter().map(|i| (i.id.clone(), i.name.clone())).collect();
    names.sort();
    // Every rotation and the reversal.
    let mut orders: Vec<Vec<Mention>> =
        (1..mentions.len()).map(|k| mentions[k..].iter().chain(&mentions[..k]).cloned().collect()).collect();
    orders.push(mentions.iter().rev().cloned().collect());
    for order in orders {
        let again = resolve(&order);
        assert_eq!(partition(&order, &again), partition(&mentions, &reference), "{order:?}");
        let mut again_names: Vec<(String, String)> = again.iter().map(|i| (i.id.clone(), i.name.clone())).collect();
        again_names.sort();
        assert_eq!(again_names, names);
    }
}

/// A day's reports merge alike whatever the order of their articles (the
/// pipeline gives them in article id order, which concurrent ingests change).
#[test]
fn a_days_reports_merge_alike_in_any_article_order() {
    // One minister meets two people; reports naming only the minister or
    // a state join one of the meetings: which one must not depend on the order.
    let texts: [(u64, &[&str]); 4] = [
        (7, &["p:nor:vik", "p:chl:ortega"]),
        (3, &["p:nor:vik"]),
        (9, &["p:nor:vik", "p:per:ruiz"]),
        (5, &["p:nor:vik", "s:chl"]),
    ];
    let shapes = |order: [usize; 4]| {
        let reports: Vec<EventReport> = order
            .iter()
            .enumerate()
            .map(|(article, &t)| EventReport { text_key: texts[t].0, ..meeting_report(article as i64, texts[t].1) })
            .collect();
        let mut out: Vec<Vec<u64>> = merge_events(&reports)
            .iter()
            .map(|o| {
                let mut keys: Vec<u64> = o.reports.iter().map(|&r| reports[r].text_key).collect();
                keys.sort();
                keys
            })
            .collect();
        out.sort();
        out
    };
    let first = shapes([0, 1, 2, 3]);
    for order in [[1, 2, 0, 3], [3, 2, 1, 0], [2, 0, 3, 1]] {
        assert_eq!(shapes(order), first, "reports in the order {order:?}");
    }
}
