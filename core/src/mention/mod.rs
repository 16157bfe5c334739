//! The mention model (DESIGN 3.1): one post, comment, reply, review or message about the bank.
//!
//! A [`Mention`] keeps every field it was read with: known fields are typed, unknown ones are
//! kept in [`Mention::extra`] in their original order, so reading JSON Lines and writing them back
//! loses nothing.
//!
//! ```
//! use otklik::{Mention, Platform, Kind};
//!
//! let line = r#"{"id":"ig-1","platform":"instagram","kind":"comment","text":"Де мій кешбек?",
//!                "published_at":"2025-10-03T10:15:00+03:00","rating":null,"campaign":"autumn"}"#;
//! let m: Mention = serde_json::from_str(line).unwrap();
//! assert_eq!(m.platform, Platform::Instagram);
//! assert_eq!(m.kind, Kind::Comment);
//! assert_eq!(m.extra["campaign"], "autumn");
//! // Instants are kept in UTC and written with a Z.
//! assert!(serde_json::to_string(&m).unwrap().contains(r#""published_at":"2025-10-03T07:15:00Z""#));
//! ```

mod platform;
mod serde_impl;
mod timestamp;

use chrono::{DateTime, Utc};

pub use platform::{EmptyName, Kind, Platform};
pub(crate) use serde_impl::MentionSeed;
pub use timestamp::{TimestampError, format_timestamp, parse_timestamp};

/// Free-form fields kept as they came: a JSON object, in input order.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A post, comment, reply, review or message about the bank.
///
/// Build one with [`Mention::new`] and set the optional fields directly; the struct is
/// `#[non_exhaustive]` so that new fields can be added without breaking callers.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use otklik::{Kind, Mention, Platform, Rating};
///
/// let mut m = Mention::new(
///     "gp-17",
///     Platform::GooglePlay,
///     Kind::Review,
///     "Застосунок вилітає після оновлення",
///     Utc.with_ymd_and_hms(2025, 11, 2, 8, 30, 0).unwrap(),
/// );
/// m.rating = Some(Rating::new(1).unwrap());
/// m.lang = Some("uk".into());
/// assert!(!m.is_reply());
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Mention {
    /// Identifier, unique within the source.
    pub id: String,
    /// Where it was published.
    pub platform: Platform,
    /// What it is there.
    pub kind: Kind,
    /// The text as written, never altered (normalization works on a copy).
    pub text: String,
    /// When it was published, as a UTC instant.
    pub published_at: DateTime<Utc>,
    /// The author's handle or id.
    pub author: Option<String>,
    /// Whether the author is one of the bank's own accounts.
    pub author_is_brand: bool,
    /// Link to the mention.
    pub url: Option<String>,
    /// The mention this one answers.
    pub parent_id: Option<String>,
    /// The conversation (root mention) this one belongs to.
    pub thread_id: Option<String>,
    /// Language code as given (`uk`, `ru`, `be`, `en`, ...).
    pub lang: Option<String>,
    /// Region slug as given (`kyiv`, `minsk`, ...).
    pub region: Option<String>,
    /// Star rating of a review.
    pub rating: Option<Rating>,
    /// How many accounts could have seen it.
    pub reach: Option<u64>,
    /// Likes and other reactions.
    pub reactions: Option<u64>,
    /// Comments under it.
    pub comments: Option<u64>,
    /// Shares or reposts.
    pub shares: Option<u64>,
    /// Views.
    pub views: Option<u64>,
    /// Fields otklik does not know, kept as they came. Their keys never equal a known field's.
    pub extra: Extra,
}

impl Mention {
    /// Whether everyone can read it: anything but a chat with the bank's Telegram bot or a
    /// private message. Personal data in a public mention means moving to a private channel.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let t = Utc.timestamp_opt(0, 0).unwrap();
    /// assert!(Mention::new("1", Platform::Instagram, Kind::Comment, "", t).is_public());
    /// assert!(!Mention::new("2", Platform::TelegramBot, Kind::Message, "", t).is_public());
    /// ```
    pub fn is_public(&self) -> bool {
        self.platform != Platform::TelegramBot && self.kind != Kind::Message
    }

    /// The names of the known fields, in the order they are written.
    pub const FIELDS: &'static [&'static str] = &[
        "id",
        "platform",
        "kind",
        "text",
        "published_at",
        "author",
        "author_is_brand",
        "url",
        "parent_id",
        "thread_id",
        "lang",
        "region",
        "rating",
        "reach",
        "reactions",
        "comments",
        "shares",
        "views",
    ];

    /// A mention with the required fields; every optional field is empty.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let m = Mention::new("x-1", Platform::X, Kind::Post, "hi @zoryabank", DateTime::UNIX_EPOCH);
    /// assert_eq!(m.author, None);
    /// assert!(m.extra.is_empty());
    /// ```
    pub fn new(
        id: impl Into<String>,
        platform: Platform,
        kind: Kind,
        text: impl Into<String>,
        published_at: DateTime<Utc>,
    ) -> Mention {
        Mention {
            id: id.into(),
            platform,
            kind,
            text: text.into(),
            published_at,
            author: None,
            author_is_brand: false,
            url: None,
            parent_id: None,
            thread_id: None,
            lang: None,
            region: None,
            rating: None,
            reach: None,
            reactions: None,
            comments: None,
            shares: None,
            views: None,
            extra: Extra::new(),
        }
    }

    /// Whether this mention answers another one (it has a parent, or its kind is `reply`).
    ///
    /// ```
    /// use chrono::DateTime;
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let mut m = Mention::new("fb-2", Platform::Facebook, Kind::Comment, "+", DateTime::UNIX_EPOCH);
    /// assert!(!m.is_reply());
    /// m.parent_id = Some("fb-1".into());
    /// assert!(m.is_reply());
    /// ```
    pub fn is_reply(&self) -> bool {
        self.parent_id.is_some() || self.kind == Kind::Reply
    }

    /// The conversation this mention belongs to: its `thread_id`, else its parent, else itself.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use otklik::{Kind, Mention, Platform};
    ///
    /// let m = Mention::new("tg-9", Platform::Telegram, Kind::Post, "Новини", DateTime::UNIX_EPOCH);
    /// assert_eq!(m.conversation_id(), "tg-9");
    /// ```
    pub fn conversation_id(&self) -> &str {
        self.thread_id
            .as_deref()
            .or(self.parent_id.as_deref())
            .unwrap_or(&self.id)
    }
}

/// A review's star rating, 1 to 5.
///
/// ```
/// use otklik::Rating;
///
/// assert_eq!(Rating::new(4).unwrap().get(), 4);
/// assert!(Rating::new(0).is_err());
/// assert!(Rating::new(6).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    /// A rating from 1 to 5; anything else is an error.
    pub fn new(stars: u8) -> Result<Rating, RatingError> {
        if (1..=5).contains(&stars) {
            Ok(Rating(stars))
        } else {
            Err(RatingError {
                stars: u64::from(stars),
            })
        }
    }

    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }

    pub(crate) fn from_u64(stars: u64) -> Result<Rating, RatingError> {
        u8::try_from(stars)
            .ok()
            .and_then(|s| Rating::new(s).ok())
            .ok_or(RatingError { stars })
    }
}

/// A rating outside 1 to 5.
///
/// ```
/// assert_eq!(otklik::Rating::new(9).unwrap_err().to_string(), "rating must be 1 to 5, got 9");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("rating must be 1 to 5, got {stars}")]
pub struct RatingError {
    stars: u64,
}
