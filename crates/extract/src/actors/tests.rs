use super::*;

#[test]
fn a_person_is_one_under_variants_and_initials() {
    let sentences = [crate::Sentence {
        text: "Arman Issetov met Deputy Minister Isetov and A. Isetov.",
        index: Some(0),
        offset: Some(0),
    }];
    let cast = Cast::build(&sentences, &[], None);
    assert_eq!(cast.persons.len(), 1, "{:?}", cast.persons);
    assert_eq!(cast.persons[0].name, "Arman Issetov");
}

#[test]
fn on_an_official_site_a_bare_name_is_the_home_side() {
    let text = "Kari Lunde met President of Chile Pedro Alvarez and Foreign Minister of Chile Ana Ruiz in Oslo.";
    let sentences = [crate::Sentence { text, index: Some(0), offset: Some(0) }];
    let country = |cast: &Cast, name: &str| cast.persons.iter().find(|p| p.name == name).and_then(|p| p.country);
    let site = Cast::build(&sentences, &[], Some("https://www.whitehouse.gov/briefing-room/1"));
    assert_eq!(country(&site, "Kari Lunde"), Some("USA"));
    assert_eq!(country(&site, "Pedro Alvarez"), Some("CHL"));
    // Elsewhere a bare name is read as the other side of the most named state
    // (Chile twice, Oslo once).
    let page = Cast::build(&sentences, &[], Some("https://example.org/news/1"));
    assert_eq!(country(&page, "Kari Lunde"), Some("NOR"));
}

#[test]
fn a_titled_surname_the_gazetteer_knows_is_not_a_namesake() {
    let texts = ["Hunter Biden attended the dinner.", "President Biden met President Duda of Poland."];
    let sentences: Vec<crate::Sentence> =
        texts.iter().enumerate().map(|(i, text)| crate::Sentence { text, index: Some(i), offset: Some(0) }).collect();
    let cast = Cast::build(&sentences, &[], None);
    let bidens: Vec<&str> = cast.persons.iter().map(|p| p.name.as_str()).filter(|n| n.contains("Biden")).collect();
    assert_eq!(bidens, ["Hunter Biden", "Biden"], "{:?}", cast.persons);
}

#[test]
fn the_object_of_a_meeting_is_found_within_its_clause() {
    use super::roles::met_with_before as met;
    assert!(met("The Minister met with "));
    assert!(met("The Minister met today with the President and "));
    assert!(met("She hosted "));
    assert!(met("They held talks with the delegation of the Ministry of Energy led by "));
    // Another clause, another sentence part: no meeting.
    assert!(!met("The Minister met the press; later "));
    assert!(!met("The Minister spoke: "));
    // Not a word of its own: "unmet", "hosted" inside a longer word.
    assert!(!met("Their needs remain unmet and "));
    // Too far from the verb: more than 180 characters after "met".
    let far = format!("He met {}", "a ".repeat(100));
    assert!(!met(&far));
    assert!(met(&format!("He met with {}", "a ".repeat(100))));
}
