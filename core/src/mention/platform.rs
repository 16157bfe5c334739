//! Where a mention was published ([`Platform`]) and what it is there ([`Kind`]).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines a string-named enum with an `Other(String)` escape, its name table, and serde by name.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A name otklik does not know, kept exactly as it came so no data is lost.
            ///
            /// Build values with [`from_name`](Self::from_name), which never puts a known name here.
            Other(String),
        }

        impl $name {
            /// Every known value, in documentation order (without `Other`).
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The canonical lower-case name, as written to JSON and CSV.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(name) => name,
                }
            }

            /// Reads a name: known names (and their aliases) case-insensitively, anything else as
            /// `Other` with its original spelling. Surrounding whitespace is ignored.
            pub fn from_name(name: &str) -> $name {
                let trimmed = name.trim();
                $(
                    if trimmed.eq_ignore_ascii_case($text) $(|| trimmed.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )+
                $name::Other(trimmed.to_owned())
            }

            /// Whether this is one of the known values (not `Other`).
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = EmptyName;

            /// Like [`from_name`](Self::from_name), but an empty or blank name is an error.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if s.trim().is_empty() {
                    Err(EmptyName { what: $what })
                } else {
                    Ok($name::from_name(s))
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct NameVisitor;
                impl serde::de::Visitor<'_> for NameVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        write!(f, "a {} name as a string", $what)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(NameVisitor)
            }
        }
    };
}

named_enum! {
    /// The network or site a mention comes from (DESIGN 3.1).
    ///
    /// Unknown names are kept as [`Platform::Other`], never rejected, so a new network in the
    /// input does not lose records. `"twitter"` is read as [`Platform::X`].
    ///
    /// ```
    /// use otklik::Platform;
    ///
    /// assert_eq!(Platform::from_name("Telegram_Bot"), Platform::TelegramBot);
    /// assert_eq!(Platform::from_name("twitter"), Platform::X);
    /// assert_eq!(Platform::from_name("threads"), Platform::Other("threads".into()));
    /// assert_eq!(Platform::GooglePlay.to_string(), "google_play");
    /// ```
    Platform, "platform" {
        /// Instagram posts, comments and story replies.
        Instagram => "instagram",
        /// Facebook posts and comments.
        Facebook => "facebook",
        /// X (formerly Twitter).
        X => "x" | "twitter",
        /// Public Telegram channels and their comments.
        Telegram => "telegram",
        /// Private chats with the bank's Telegram bot.
        TelegramBot => "telegram_bot",
        /// VKontakte.
        Vk => "vk",
        /// YouTube videos and comments.
        Youtube => "youtube",
        /// TikTok.
        Tiktok => "tiktok",
        /// Apple App Store reviews.
        AppStore => "app_store",
        /// Google Play reviews.
        GooglePlay => "google_play",
        /// Google Maps reviews of branches.
        GoogleMaps => "google_maps",
        /// Yandex Maps reviews of branches.
        YandexMaps => "yandex_maps",
        /// Forums and boards.
        Forum => "forum",
        /// News sites.
        News => "news",
        /// Any other web page.
        Web => "web",
        /// Explicitly "other" (as opposed to an unknown name, which is [`Platform::Other`]).
        Unspecified => "other",
    }
}

named_enum! {
    /// What a mention is on its platform (DESIGN 3.1).
    ///
    /// ```
    /// use otklik::Kind;
    ///
    /// assert_eq!(Kind::from_name("review"), Kind::Review);
    /// assert_eq!(Kind::from_name("story_reply"), Kind::Other("story_reply".into()));
    /// ```
    Kind, "kind" {
        /// A top-level post.
        Post => "post",
        /// A comment under a post.
        Comment => "comment",
        /// A reply to a comment or to another reply.
        Reply => "reply",
        /// A review with a rating (app stores, maps).
        Review => "review",
        /// A direct or bot message.
        Message => "message",
    }
}

/// The error of parsing an empty [`Platform`] or [`Kind`] name.
///
/// ```
/// assert!("  ".parse::<otklik::Platform>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what} name is empty")]
pub struct EmptyName {
    what: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_round_trip() {
        for p in Platform::KNOWN {
            assert_eq!(&Platform::from_name(p.as_str()), p);
            assert!(p.is_known());
        }
        for k in Kind::KNOWN {
            assert_eq!(&Kind::from_name(k.as_str()), k);
        }
    }

    #[test]
    fn unknown_names_are_kept_verbatim() {
        let p = Platform::from_name(" Threads ");
        assert_eq!(p, Platform::Other("Threads".to_owned()));
        assert_eq!(p.as_str(), "Threads");
        assert!(!p.is_known());
    }

    #[test]
    fn other_is_the_explicit_other_platform() {
        assert_eq!(Platform::from_name("other"), Platform::Unspecified);
        assert_eq!(Platform::Unspecified.as_str(), "other");
    }

    #[test]
    fn empty_name_is_an_error() {
        assert_eq!(
            "".parse::<Kind>().unwrap_err().to_string(),
            "kind name is empty"
        );
        let err = serde_json::from_str::<Platform>("\"\"").unwrap_err();
        assert!(err.to_string().contains("platform name is empty"), "{err}");
    }
}
