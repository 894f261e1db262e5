//! The closed vocabularies of ANNOTATION.md: event kinds, meeting modes, date
//! bases, actor kinds and sectors.
//!
//! Each is an enum with `ALL` (in the order ANNOTATION.md lists it), `as_str`
//! (its name in annotation files, the store and the API), `FromStr` and serde
//! by that name. This file is the only place the names are written: every
//! other crate, and the dashboard through the API, reads them from here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A name that is not one of a vocabulary's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// Which vocabulary: `event type`, `mode`, ...
    pub what: &'static str,
    pub name: String,
    /// The accepted names, in order.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} {:?} (expected one of: {})", self.what, self.name, self.expected.join(", "))
    }
}

impl std::error::Error for UnknownName {}

/// What every vocabulary offers, for code generic over them: the API's and
/// the CLI's parsers of filters, and the API's listing of the vocabularies.
pub trait Vocabulary: Copy + Eq + fmt::Display + FromStr<Err = UnknownName> + Send + Sync + 'static {
    /// The names of every value, in order.
    const NAMES: &'static [&'static str];
    /// What the vocabulary is called in messages.
    const WHAT: &'static str;

    /// The value named `s` in any ASCII case (`meet`, `Visit`).
    fn parse_any_case(s: &str) -> Result<Self, UnknownName> {
        match Self::NAMES.iter().find(|n| n.eq_ignore_ascii_case(s)) {
            Some(name) => name.parse(),
            None => s.parse(),
        }
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order ANNOTATION.md lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The names of `ALL`, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// What the vocabulary is called in messages.
            pub const WHAT: &'static str = $what;

            /// The name in annotation files, the store and the API.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl Vocabulary for $name {
            const NAMES: &'static [&'static str] = $name::NAMES;
            const WHAT: &'static str = $what;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownName { what: $what, name: s.to_string(), expected: Self::NAMES }),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// What happened (ANNOTATION.md section 3).
    #[derive(Default)]
    EventKind, "event type" {
        #[default]
        Meet = "MEET",
        Praise = "PRAISE",
        Condemn = "CONDEMN",
        Agree = "AGREE",
        Intend = "INTEND",
        Invite = "INVITE",
        Credentials = "CREDENTIALS",
    }
}

vocabulary! {
    /// How a `MEET` took place.
    MeetMode, "mode" {
        Meeting = "meeting",
        Visit = "visit",
        Call = "call",
        Multilateral = "multilateral",
    }
}

vocabulary! {
    /// Where an event's date comes from.
    DateBasis, "date basis" {
        /// Written in the sentence ("on 12 March").
        Stated = "stated",
        /// Reckoned from the publication date ("yesterday", "on Tuesday").
        Relative = "relative",
        /// The publication date itself.
        Published = "published",
    }
}

vocabulary! {
    /// What an actor is.
    #[derive(Default)]
    ActorKind, "actor kind" {
        #[default]
        Person = "person",
        Group = "group",
        Institution = "institution",
        State = "state",
    }
}

vocabulary! {
    /// The part of society an actor acts for.
    Sector, "sector" {
        /// Head of state.
        Hos = "HOS",
        Gov = "GOV",
        Dip = "DIP",
        Leg = "LEG",
        Jud = "JUD",
        Mil = "MIL",
        Bus = "BUS",
        Edu = "EDU",
        Med = "MED",
        Cvl = "CVL",
        Rel = "REL",
        /// An international organisation's official.
        Igo = "IGO",
    }
}

impl EventKind {
    /// A `MEET` is symmetric: its sides may be read in either order.
    pub const fn is_symmetric(self) -> bool {
        matches!(self, EventKind::Meet)
    }

    /// The CAMEO code of an event of this kind (and, for `MEET`, mode).
    pub const fn cameo(self, mode: Option<MeetMode>) -> &'static str {
        match (self, mode) {
            (EventKind::Meet, Some(MeetMode::Call)) => "041",
            (EventKind::Meet, Some(MeetMode::Visit)) => "042",
            (EventKind::Meet, Some(MeetMode::Multilateral)) => "044",
            (EventKind::Meet, _) => "040",
            (EventKind::Praise, _) => "051",
            (EventKind::Condemn, _) => "111",
            (EventKind::Agree, _) => "057",
            (EventKind::Intend, _) => "030",
            (EventKind::Invite, _) => "036",
            (EventKind::Credentials, _) => "050",
        }
    }

    /// The PLOVER event type.
    pub const fn plover(self) -> &'static str {
        match self {
            EventKind::Meet => "CONSULT",
            EventKind::Praise => "SUPPORT",
            EventKind::Condemn => "ACCUSE",
            EventKind::Agree | EventKind::Intend => "AGREE",
            EventKind::Invite => "REQUEST",
            EventKind::Credentials => "COOPERATE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_json() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(*k));
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(serde_json::from_str::<EventKind>(&json).unwrap(), *k);
        }
        for m in MeetMode::ALL {
            assert_eq!(m.to_string().parse::<MeetMode>(), Ok(*m));
        }
        assert_eq!(EventKind::NAMES.len(), EventKind::ALL.len());
        assert_eq!(Sector::ALL.len(), 12);
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_choices() {
        let e = "MEETS".parse::<EventKind>().unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("\"MEETS\"") && msg.contains("MEET, PRAISE"), "{msg}");
        assert!(serde_json::from_str::<DateBasis>("\"guessed\"").is_err());
    }

    #[test]
    fn any_case_is_read_and_the_error_keeps_the_input() {
        assert_eq!(EventKind::parse_any_case("praise"), Ok(EventKind::Praise));
        assert_eq!(MeetMode::parse_any_case("VISIT"), Ok(MeetMode::Visit));
        assert_eq!(Sector::parse_any_case("hos"), Ok(Sector::Hos));
        let e = ActorKind::parse_any_case("Robot").unwrap_err();
        assert_eq!((e.name.as_str(), e.what), ("Robot", "actor kind"));
    }

    #[test]
    fn every_kind_has_codes() {
        for k in EventKind::ALL {
            assert_eq!(k.cameo(None).len(), 3);
            assert!(!k.plover().is_empty());
        }
        assert_eq!(EventKind::Meet.cameo(Some(MeetMode::Call)), "041");
    }
}
