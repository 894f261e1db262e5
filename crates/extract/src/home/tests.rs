use super::*;

#[test]
fn government_domains_name_their_state() {
    assert_eq!(publisher_state("https://www.gov.ie/en/press-release/x"), Some("IRL"));
    assert_eq!(publisher_state("https://mfa.gov.sg/Newsroom"), Some("SGP"));
    assert_eq!(publisher_state("https://www.diplomatie.gouv.fr/en/"), Some("FRA"));
    assert_eq!(publisher_state("https://www.gob.mx/sre"), Some("MEX"));
    assert_eq!(publisher_state("https://www.number10.gov.uk/news"), Some("GBR"));
    assert_eq!(publisher_state("https://www.whitehouse.gov/briefing-room/x"), Some("USA"));
    // Not a government's own domain: no state from the address.
    assert_eq!(publisher_state("https://www.reuters.com/world/x"), None);
    assert_eq!(publisher_state("https://news.un.org/en/story"), None);
    assert_eq!(publisher_state("https://gov.zz/x"), None);
    assert_eq!(publisher_state("https://www.gov.example.org/x"), None);
}

#[test]
fn offices_of_named_bodies_are_no_states() {
    assert!(office_of_a_body("President, Alliance for Northern Shipyards"));
    assert!(office_of_a_body("President of the Harbour Workers Union"));
    assert!(office_of_a_body("President and CEO"));
    assert!(!office_of_a_body("President of Chile"));
    assert!(!office_of_a_body("President of the Republic"));
    assert!(!office_of_a_body("President"));
    assert!(!office_of_a_body("Chilean President"));
    assert!(office_of_a_body("National Dairy Growers Council President"));
    assert!(office_of_a_body("FAIR Trade Initiative President"));
    assert!(!office_of_a_body("Former Acting President"));
    assert!(!office_of_a_body("Kurdistan Region President"));
}

fn georgia_hits(text: &str, home: Option<&str>) -> usize {
    let sentences = [Sentence { text, index: Some(0), offset: Some(0) }];
    let mut places = vec![gazetteer().places(text)];
    drop_namesakes(&mut places, &sentences, home);
    places[0].iter().filter(|h| &text[h.start..h.end] == "Georgia").count()
}

#[test]
fn an_office_holder_thanked_before_being_named_is_that_person() {
    let texts = [
        "President of Norway Kari Lunde: I thank the President of Chile for coming to Oslo.",
        "President of Chile Pedro Alvarez: Thank you, Mr President.",
    ];
    let sentences: Vec<Sentence<'_>> =
        texts.iter().enumerate().map(|(i, text)| Sentence { text, index: Some(i), offset: Some(0) }).collect();
    let cast = Cast::build(&sentences, &[], None);
    let named = cast.persons.iter().position(|p| p.name == "Pedro Alvarez").expect("named");
    let thanked: Vec<&Who> = cast.refs[0]
        .iter()
        .filter(|r| texts[0][r.start..r.end].contains("President of Chile"))
        .map(|r| &r.who)
        .collect();
    assert_eq!(thanked, [&Who::Person(named)], "{:?}", cast.refs[0]);
}

#[test]
fn a_state_named_like_a_us_state_is_read_by_context() {
    // On a US page, Georgia is the US state unless the text points at the Caucasus.
    assert_eq!(georgia_hits("The Vice President will travel to Georgia to meet farmers in Savannah.", Some("USA")), 0);
    assert_eq!(georgia_hits("The Secretary met the Foreign Minister of Georgia in Tbilisi.", Some("USA")), 1);
    assert_eq!(georgia_hits("The President spoke with the Prime Minister of Georgia.", Some("USA")), 1);
    // Elsewhere, Georgia is the state.
    assert_eq!(georgia_hits("The minister will travel to Georgia next week.", Some("KAZ")), 1);
}

#[test]
fn a_publishing_site_gives_its_state() {
    assert_eq!(publisher_state("https://www.whitehouse.gov/briefings/x"), Some("USA"));
    assert_eq!(publisher_state("http://en.kremlin.ru/events/1"), Some("RUS"));
    assert_eq!(publisher_state("https://notwhitehouse.gov/x"), None);
    assert_eq!(publisher_state("https://example.org/whitehouse.gov"), None);
}
