//! Actor ids, made and read in one place.
//!
//! An id is `<kind letter>:<country>:<name>`: the kind's first letter (`p`
//! person, `g` group, `i` institution, `s` state), the ISO3 code in lower
//! case (`xxx` when unknown) and the folded name with dashes for spaces
//! (`p:kaz:arman-issetov`). A second identity of one name takes a `-2`
//! suffix; a part split off by curation `~<name>`.
//!
//! Input: kind, country and name ([`identity_id`]) or an id ([`ActorId::parse`]).
//! Output: the id, or its parts.

use attache_model::kinds::ActorKind;
use attache_model::names::fold;

/// The country part of an id whose country is unknown.
const NO_COUNTRY: &str = "xxx";

/// The id an identity gets from its kind, country and name (before a suffix
/// that tells apart two identities of one name).
pub fn identity_id(kind: ActorKind, country: Option<&str>, name: &str) -> String {
    format!("{}:{}:{}", kind_letter(kind), country.unwrap_or(NO_COUNTRY).to_lowercase(), fold(name).replace(' ', "-"))
}

fn kind_letter(kind: ActorKind) -> char {
    kind.as_str().chars().next().unwrap_or('x')
}

/// The parts of an actor id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActorId<'a> {
    /// None for a letter no kind has.
    pub kind: Option<ActorKind>,
    /// The ISO3 code as written in the id (lower case); none for `xxx`.
    pub country: Option<&'a str>,
    /// The name part, suffixes included (`arman-issetov-2`).
    pub name: &'a str,
}

impl<'a> ActorId<'a> {
    /// Reads an id; `None` when it does not have three parts.
    pub fn parse(id: &'a str) -> Option<ActorId<'a>> {
        let mut parts = id.splitn(3, ':');
        let (letter, country, name) = (parts.next()?, parts.next()?, parts.next()?);
        let kind = ActorKind::ALL.iter().copied().find(|k| letter.len() == 1 && letter.starts_with(kind_letter(*k)));
        let country = Some(country).filter(|c| *c != NO_COUNTRY);
        Some(ActorId { kind, country, name })
    }

    pub fn is_person(self) -> bool {
        self.kind == Some(ActorKind::Person)
    }

    /// The name part with spaces for dashes, as names are compared.
    pub fn name_words(self) -> String {
        self.name.replace('-', " ")
    }

    /// The country in upper case, when it is a three-letter code.
    pub fn iso3(self) -> Option<String> {
        self.country.filter(|c| c.len() == 3).map(str::to_uppercase)
    }
}

/// The id of an event report (and of an occurrence or commitment it
/// states): `article:index`.
pub fn report_id(article: i64, index: usize) -> String {
    format!("{article}:{index}")
}

/// Whether an id is a person's.
pub fn is_person(id: &str) -> bool {
    ActorId::parse(id).is_some_and(ActorId::is_person)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_and_read_back() {
        let id = identity_id(ActorKind::Person, Some("KAZ"), "Dana Berik");
        assert_eq!(id, "p:kaz:dana-berik");
        let parts = ActorId::parse(&id).unwrap();
        assert!(parts.is_person());
        assert_eq!(parts.iso3().as_deref(), Some("KAZ"));
        assert_eq!(parts.name_words(), "dana berik");
        assert_eq!(identity_id(ActorKind::State, None, "Chile"), "s:xxx:chile");
        assert_eq!(ActorId::parse("s:xxx:norway").unwrap().iso3(), None);
        assert_eq!(ActorId::parse("i:nor:the-storting").unwrap().kind, Some(ActorKind::Institution));
        assert!(ActorId::parse("kaz").is_none());
        assert!(!is_person("pp:kaz:x") && is_person("p:kaz:a:b"));
    }
}
