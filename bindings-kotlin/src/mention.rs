//! The mention model for Kotlin: a data class with `java.time.Instant` and sealed enums.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use otklik::{Kind as CoreKind, Platform as CorePlatform};

use crate::error::OtklikError;

macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident => $core:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
        pub enum $name {
            $(
                #[allow(missing_docs)]
                $variant,
            )+
            /// A name otklik does not know, kept as it came.
            Other {
                /// The name as given.
                name: String,
            },
        }

        #[uniffi::export]
        impl $name {
            /// The canonical lower-case name, as written to JSON and CSV.
            pub fn wire_name(&self) -> String {
                $core::from(self.clone()).as_str().to_owned()
            }
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                match value {
                    $( $core::$variant => $name::$variant, )+
                    $core::Other(name) => $name::Other { name },
                }
            }
        }

        impl From<$name> for $core {
            fn from(value: $name) -> Self {
                match value {
                    $( $name::$variant => $core::$variant, )+
                    // `from_name` keeps a known name out of `Other`, as the core requires.
                    $name::Other { name } => $core::from_name(&name),
                }
            }
        }
    };
}

mirror_enum! {
    /// Where a mention was published. `Unspecified` is the explicit platform "other".
    Platform => CorePlatform {
        Instagram, Facebook, X, Telegram, TelegramBot, Vk, Youtube, Tiktok, AppStore, GooglePlay,
        GoogleMaps, YandexMaps, Forum, News, Web, Unspecified,
    }
}

mirror_enum! {
    /// What a mention is on its platform.
    Kind => CoreKind { Post, Comment, Reply, Review, Message }
}

/// Reads a platform name as the core does: known names case-insensitively ("twitter" is X),
/// anything else as `Platform.Other`. An empty name is an error.
#[uniffi::export]
pub fn platform_from_name(name: String) -> Result<Platform, OtklikError> {
    name.parse::<CorePlatform>()
        .map(Platform::from)
        .map_err(OtklikError::invalid)
}

/// Reads a kind name as the core does; an empty name is an error.
#[uniffi::export]
pub fn kind_from_name(name: String) -> Result<Kind, OtklikError> {
    name.parse::<CoreKind>()
        .map(Kind::from)
        .map_err(OtklikError::invalid)
}

/// A post, comment, reply, review or message about the bank (Kotlin `data class`).
///
/// `extraJson` holds the unknown fields as a JSON object (`"{}"` or empty when none), kept
/// as they came so that writing the mention back loses nothing.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Mention {
    /// Identifier, unique within the source.
    pub id: String,
    /// Where it was published.
    pub platform: Platform,
    /// What it is there.
    pub kind: Kind,
    /// The text as written.
    pub text: String,
    /// When it was published.
    pub published_at: SystemTime,
    #[uniffi(default = None)]
    /// The author's handle or id.
    pub author: Option<String>,
    #[uniffi(default = false)]
    /// Whether the author is one of the bank's own accounts.
    pub author_is_brand: bool,
    #[uniffi(default = None)]
    /// Link to the mention.
    pub url: Option<String>,
    #[uniffi(default = None)]
    /// The mention this one answers.
    pub parent_id: Option<String>,
    #[uniffi(default = None)]
    /// The conversation (root mention) it belongs to.
    pub thread_id: Option<String>,
    #[uniffi(default = None)]
    /// Language code as given.
    pub lang: Option<String>,
    #[uniffi(default = None)]
    /// Region slug as given.
    pub region: Option<String>,
    #[uniffi(default = None)]
    /// Star rating of a review, 1 to 5.
    pub rating: Option<i32>,
    #[uniffi(default = None)]
    /// How many accounts could have seen it.
    pub reach: Option<i64>,
    #[uniffi(default = None)]
    /// Likes and other reactions.
    pub reactions: Option<i64>,
    #[uniffi(default = None)]
    /// Comments under it.
    pub comments: Option<i64>,
    #[uniffi(default = None)]
    /// Shares or reposts.
    pub shares: Option<i64>,
    #[uniffi(default = None)]
    /// Views.
    pub views: Option<i64>,
    #[uniffi(default = "")]
    /// Unknown fields as a JSON object (empty when none).
    pub extra_json: String,
}

pub(crate) fn to_system_time(t: DateTime<Utc>) -> SystemTime {
    // chrono keeps the sub-second part positive, also before 1970.
    let subsec = Duration::from_nanos(u64::from(t.timestamp_subsec_nanos()));
    let secs = Duration::from_secs(t.timestamp().unsigned_abs());
    if t.timestamp() >= 0 {
        SystemTime::UNIX_EPOCH + secs + subsec
    } else {
        SystemTime::UNIX_EPOCH - secs + subsec
    }
}

pub(crate) fn from_system_time(t: SystemTime) -> Result<DateTime<Utc>, OtklikError> {
    let out_of_range = || OtklikError::invalid("instant is out of the supported range");
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => {
            let secs = i64::try_from(d.as_secs()).map_err(|_| out_of_range())?;
            DateTime::from_timestamp(secs, d.subsec_nanos()).ok_or_else(out_of_range)
        }
        Err(before) => {
            let d = before.duration();
            let secs = i64::try_from(d.as_secs()).map_err(|_| out_of_range())?;
            let back = DateTime::from_timestamp(-secs, 0).ok_or_else(out_of_range)?;
            Ok(back - chrono::Duration::nanoseconds(i64::from(d.subsec_nanos())))
        }
    }
}

fn count(n: Option<i64>, field: &str) -> Result<Option<u64>, OtklikError> {
    n.map(|v| {
        u64::try_from(v)
            .map_err(|_| OtklikError::invalid(format!("{field} must not be negative, got {v}")))
    })
    .transpose()
}

impl From<otklik::Mention> for Mention {
    fn from(m: otklik::Mention) -> Self {
        let signed = |n: Option<u64>| n.map(crate::error::clamp);
        Mention {
            extra_json: if m.extra.is_empty() {
                String::new()
            } else {
                serde_json::Value::Object(m.extra).to_string()
            },
            id: m.id,
            platform: m.platform.into(),
            kind: m.kind.into(),
            text: m.text,
            published_at: to_system_time(m.published_at),
            author: m.author,
            author_is_brand: m.author_is_brand,
            url: m.url,
            parent_id: m.parent_id,
            thread_id: m.thread_id,
            lang: m.lang,
            region: m.region,
            rating: m.rating.map(|r| i32::from(r.get())),
            reach: signed(m.reach),
            reactions: signed(m.reactions),
            comments: signed(m.comments),
            shares: signed(m.shares),
            views: signed(m.views),
        }
    }
}

impl TryFrom<Mention> for otklik::Mention {
    type Error = OtklikError;

    fn try_from(m: Mention) -> Result<Self, OtklikError> {
        let platform: otklik::Platform = m.platform.into();
        let kind: otklik::Kind = m.kind.into();
        if platform.as_str().is_empty() || kind.as_str().is_empty() {
            return Err(OtklikError::invalid(
                "platform and kind names must not be empty",
            ));
        }
        let mut out = otklik::Mention::new(
            m.id,
            platform,
            kind,
            m.text,
            from_system_time(m.published_at)?,
        );
        out.author = m.author;
        out.author_is_brand = m.author_is_brand;
        out.url = m.url;
        out.parent_id = m.parent_id;
        out.thread_id = m.thread_id;
        out.lang = m.lang;
        out.region = m.region;
        out.rating = m
            .rating
            .map(|r| {
                u8::try_from(r)
                    .ok()
                    .and_then(|r| otklik::Rating::new(r).ok())
                    .ok_or_else(|| OtklikError::invalid(format!("rating must be 1 to 5, got {r}")))
            })
            .transpose()?;
        out.reach = count(m.reach, "reach")?;
        out.reactions = count(m.reactions, "reactions")?;
        out.comments = count(m.comments, "comments")?;
        out.shares = count(m.shares, "shares")?;
        out.views = count(m.views, "views")?;
        if !m.extra_json.trim().is_empty() {
            out.extra = serde_json::from_str(&m.extra_json).map_err(|e| {
                OtklikError::invalid(format!("extraJson must be a JSON object: {e}"))
            })?;
            if let Some(key) = out
                .extra
                .keys()
                .find(|k| otklik::Mention::FIELDS.contains(&k.as_str()))
            {
                return Err(OtklikError::invalid(format!(
                    "extraJson key {key:?} has the name of a known field"
                )));
            }
        }
        Ok(out)
    }
}

/// Reads one mention from a JSON object (a line of JSON Lines).
#[uniffi::export]
pub fn mention_from_json(json: String) -> Result<Mention, OtklikError> {
    let mut reader = otklik::io::JsonlReader::new(json.as_bytes(), otklik::io::ReadOptions::new());
    match (reader.next(), reader.next()) {
        (Some(Ok(m)), None) => Ok(m.into()),
        (Some(Err(err)), _) | (Some(Ok(_)), Some(Err(err))) => Err(err.into()),
        (Some(Ok(_)), Some(Ok(_))) => {
            Err(OtklikError::invalid("more than one mention in the text"))
        }
        (None, _) => Err(OtklikError::invalid("the text holds no mention")),
    }
}

/// The mention as one JSON object (a line of JSON Lines without the newline).
#[uniffi::export]
pub fn mention_to_json(mention: Mention) -> Result<String, OtklikError> {
    let core: otklik::Mention = mention.try_into()?;
    serde_json::to_string(&core).map_err(OtklikError::invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_before_and_after_1970() {
        for (secs, nanos) in [
            (0, 0),
            (1_700_000_000, 123_456_789),
            (-1, 500_000_000),
            (-86_400 * 365, 1),
        ] {
            let t = DateTime::from_timestamp(secs, nanos).unwrap();
            assert_eq!(
                from_system_time(to_system_time(t)).unwrap(),
                t,
                "{secs} {nanos}"
            );
        }
    }
}
