//! serde for [`Mention`]: known fields typed and validated, unknown ones kept in `extra`.
//!
//! Deserialization goes through [`MentionSeed`], which remembers the field being read, so that a
//! reader can say *which* field of *which* line was wrong without a second parse.

use std::cell::Cell;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::{self, SerializeMap};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Kind, Mention, Platform, Rating, format_timestamp, parse_timestamp};

impl Serialize for Mention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(key) = self
            .extra
            .keys()
            .find(|k| Mention::FIELDS.contains(&k.as_str()))
        {
            return Err(ser::Error::custom(format_args!(
                "mention {:?}: extra key {key:?} has the name of a known field",
                self.id
            )));
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("platform", &self.platform)?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("text", &self.text)?;
        map.serialize_entry("published_at", &format_timestamp(&self.published_at))?;
        optional(&mut map, "author", &self.author)?;
        map.serialize_entry("author_is_brand", &self.author_is_brand)?;
        optional(&mut map, "url", &self.url)?;
        optional(&mut map, "parent_id", &self.parent_id)?;
        optional(&mut map, "thread_id", &self.thread_id)?;
        optional(&mut map, "lang", &self.lang)?;
        optional(&mut map, "region", &self.region)?;
        optional(&mut map, "rating", &self.rating.map(Rating::get))?;
        optional(&mut map, "reach", &self.reach)?;
        optional(&mut map, "reactions", &self.reactions)?;
        optional(&mut map, "comments", &self.comments)?;
        optional(&mut map, "shares", &self.shares)?;
        optional(&mut map, "views", &self.views)?;
        for (key, value) in &self.extra {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None => Ok(()),
    }
}

impl<'de> Deserialize<'de> for Mention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let field = Cell::new(None);
        MentionSeed { field: &field }.deserialize(deserializer)
    }
}

/// Deserializes a [`Mention`] and leaves in `field` the name of the last field it started to
/// read, so an error can be reported with the field's name.
pub(crate) struct MentionSeed<'a> {
    pub(crate) field: &'a Cell<Option<&'static str>>,
}

impl<'de> DeserializeSeed<'de> for MentionSeed<'_> {
    type Value = Mention;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Mention, D::Error> {
        deserializer.deserialize_map(MentionVisitor { field: self.field })
    }
}

struct MentionVisitor<'a> {
    field: &'a Cell<Option<&'static str>>,
}

/// One key of a mention object: a known field, or an unknown one kept in `extra`.
#[derive(Debug, PartialEq)]
enum Key {
    Id,
    Platform,
    Kind,
    Text,
    PublishedAt,
    Author,
    AuthorIsBrand,
    Url,
    ParentId,
    ThreadId,
    Lang,
    Region,
    Rating,
    Reach,
    Reactions,
    Comments,
    Shares,
    Views,
    Unknown(String),
}

impl Key {
    fn from_name(name: &str) -> Key {
        match name {
            "id" => Key::Id,
            "platform" => Key::Platform,
            "kind" => Key::Kind,
            "text" => Key::Text,
            "published_at" => Key::PublishedAt,
            "author" => Key::Author,
            "author_is_brand" => Key::AuthorIsBrand,
            "url" => Key::Url,
            "parent_id" => Key::ParentId,
            "thread_id" => Key::ThreadId,
            "lang" => Key::Lang,
            "region" => Key::Region,
            "rating" => Key::Rating,
            "reach" => Key::Reach,
            "reactions" => Key::Reactions,
            "comments" => Key::Comments,
            "shares" => Key::Shares,
            "views" => Key::Views,
            other => Key::Unknown(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key::from_name(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A timestamp field: RFC 3339 with a zone, converted to UTC.
struct Timestamp(DateTime<Utc>);

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string with a zone")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                parse_timestamp(v).map(Timestamp).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stars = u64::deserialize(deserializer)?;
        Rating::from_u64(stars).map_err(de::Error::custom)
    }
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(self.0)
    }
}

/// Reads the next value into `slot`, refusing a second occurrence of the same field.
///
/// Optional fields use `T = Option<U>`, so JSON `null` reads as absent.
fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

impl<'de> Visitor<'de> for MentionVisitor<'_> {
    type Value = Mention;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mention object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Mention, A::Error> {
        let mut id = None;
        let mut platform: Option<Platform> = None;
        let mut kind: Option<Kind> = None;
        let mut text = None;
        let mut published_at: Option<Timestamp> = None;
        let mut author = None;
        let mut author_is_brand: Option<Option<bool>> = None;
        let mut url = None;
        let mut parent_id = None;
        let mut thread_id = None;
        let mut lang = None;
        let mut region = None;
        let mut rating: Option<Option<Rating>> = None;
        let mut reach = None;
        let mut reactions = None;
        let mut comments = None;
        let mut shares = None;
        let mut views = None;
        let mut extra = super::Extra::new();

        while let Some(key) = map.next_key::<Key>()? {
            let field = |name: &'static str| {
                self.field.set(Some(name));
                name
            };
            match key {
                Key::Id => fill(&mut map, &mut id, field("id"))?,
                Key::Platform => fill(&mut map, &mut platform, field("platform"))?,
                Key::Kind => fill(&mut map, &mut kind, field("kind"))?,
                Key::Text => fill(&mut map, &mut text, field("text"))?,
                Key::PublishedAt => fill(&mut map, &mut published_at, field("published_at"))?,
                Key::Author => fill(&mut map, &mut author, field("author"))?,
                Key::AuthorIsBrand => {
                    fill(&mut map, &mut author_is_brand, field("author_is_brand"))?
                }
                Key::Url => fill(&mut map, &mut url, field("url"))?,
                Key::ParentId => fill(&mut map, &mut parent_id, field("parent_id"))?,
                Key::ThreadId => fill(&mut map, &mut thread_id, field("thread_id"))?,
                Key::Lang => fill(&mut map, &mut lang, field("lang"))?,
                Key::Region => fill(&mut map, &mut region, field("region"))?,
                Key::Rating => fill(&mut map, &mut rating, field("rating"))?,
                Key::Reach => fill(&mut map, &mut reach, field("reach"))?,
                Key::Reactions => fill(&mut map, &mut reactions, field("reactions"))?,
                Key::Comments => fill(&mut map, &mut comments, field("comments"))?,
                Key::Shares => fill(&mut map, &mut shares, field("shares"))?,
                Key::Views => fill(&mut map, &mut views, field("views"))?,
                Key::Unknown(name) => {
                    self.field.set(None);
                    let value: serde_json::Value = map.next_value()?;
                    if extra.contains_key(&name) {
                        return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
                    }
                    extra.insert(name, value);
                }
            }
            // The field was read: a later syntax error is not its fault.
            self.field.set(None);
        }

        let missing = |name: &'static str| {
            self.field.set(Some(name));
            de::Error::missing_field(name)
        };
        let mention = Mention {
            id: id.ok_or_else(|| missing("id"))?,
            platform: platform.ok_or_else(|| missing("platform"))?,
            kind: kind.ok_or_else(|| missing("kind"))?,
            text: text.ok_or_else(|| missing("text"))?,
            published_at: published_at.ok_or_else(|| missing("published_at"))?.0,
            author: author.flatten(),
            author_is_brand: author_is_brand.flatten().unwrap_or(false),
            url: url.flatten(),
            parent_id: parent_id.flatten(),
            thread_id: thread_id.flatten(),
            lang: lang.flatten(),
            region: region.flatten(),
            rating: rating.flatten(),
            reach: reach.flatten(),
            reactions: reactions.flatten(),
            comments: comments.flatten(),
            shares: shares.flatten(),
            views: views.flatten(),
            extra,
        };
        self.field.set(None);
        Ok(mention)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Mention, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    const BASE: &str =
        r#""id":"1","platform":"x","kind":"post","text":"t","published_at":"2025-01-01T00:00:00Z""#;

    #[test]
    fn minimal_mention_reads() {
        let m = parse(&format!("{{{BASE}}}")).unwrap();
        assert_eq!(m.id, "1");
        assert!(!m.author_is_brand);
    }

    #[test]
    fn nulls_mean_absent() {
        let m = parse(&format!(
            r#"{{{BASE},"author":null,"rating":null,"author_is_brand":null}}"#
        ))
        .unwrap();
        assert_eq!(m.author, None);
        assert_eq!(m.rating, None);
    }

    #[test]
    fn wrong_types_and_values_are_errors() {
        for (extra, expect) in [
            (r#""rating":"five""#, "invalid type"),
            (r#""rating":6"#, "rating must be 1 to 5, got 6"),
            (r#""rating":4.5"#, "invalid type"),
            (r#""reach":-3"#, "invalid value"),
            (r#""author_is_brand":"yes""#, "invalid type"),
            (r#""id":"2""#, "duplicate field `id`"),
            (r#""x":1,"x":2"#, "duplicate field `x`"),
        ] {
            let err = parse(&format!("{{{BASE},{extra}}}")).unwrap_err();
            assert!(err.contains(expect), "{extra}: {err}");
        }
    }

    #[test]
    fn missing_required_fields_are_named() {
        let err = parse(r#"{"id":"1","platform":"x","kind":"post","text":"t"}"#).unwrap_err();
        assert!(err.contains("missing field `published_at`"), "{err}");
    }

    #[test]
    fn extra_with_a_known_name_cannot_be_written() {
        let mut m = parse(&format!("{{{BASE}}}")).unwrap();
        m.extra.insert("text".into(), "shadow".into());
        let err = serde_json::to_string(&m).unwrap_err();
        assert!(
            err.to_string().contains("has the name of a known field"),
            "{err}"
        );
    }

    #[test]
    fn every_known_field_has_a_key() {
        for name in Mention::FIELDS {
            assert!(!matches!(Key::from_name(name), Key::Unknown(_)), "{name}");
        }
        assert_eq!(Key::from_name("campaign"), Key::Unknown("campaign".into()));
    }

    #[test]
    fn a_syntax_error_after_a_field_is_not_blamed_on_it() {
        let field = Cell::new(None);
        let json = r#"{"id":"1","platform":"x" "kind":"post"}"#;
        let mut de = serde_json::Deserializer::from_str(json);
        assert!(MentionSeed { field: &field }.deserialize(&mut de).is_err());
        assert_eq!(field.get(), None);
    }

    #[test]
    fn seed_reports_the_failing_field() {
        let field = Cell::new(None);
        let json = format!(r#"{{{BASE},"reach":"many"}}"#);
        let mut de = serde_json::Deserializer::from_str(&json);
        assert!(MentionSeed { field: &field }.deserialize(&mut de).is_err());
        assert_eq!(field.get(), Some("reach"));
    }
}
