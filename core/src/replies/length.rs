//! How long a reply is, as each platform counts it, and the platforms' limits.

use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::Platform;

/// Characters a URL counts for on X, whatever its length (t.co wrapping).
pub const X_URL_LENGTH: usize = 23;

/// The length of a post as X counts it (twitter-text 3, in units where the limit is 280): the
/// text NFC-normalized; each URL counts 23; each emoji (a whole ZWJ sequence, with its skin
/// tone) counts 2; code points in U+0000-U+10FF (Latin, Cyrillic, ...), U+2000-U+200D,
/// U+2010-U+201F and U+2032-U+2037 count 1; any other code point (CJK, ...) counts 2.
///
/// URLs are recognised with a scheme (`https://…`) or `www.`; twitter-text also wraps bare
/// domains with known top-level domains, which this does not.
///
/// ```
/// use otklik::replies::x_length;
///
/// assert_eq!(x_length("Дякуємо!"), 8);
/// assert_eq!(x_length("Деталі: https://zoryabank.ua/cards/gold?utm=x"), 8 + 23);
/// assert_eq!(x_length("👍"), 2);
/// assert_eq!(x_length("👩‍💻 ok"), 2 + 3); // one ZWJ sequence
/// assert_eq!(x_length("银行"), 4);
/// ```
pub fn x_length(text: &str) -> usize {
    static URL: OnceLock<Regex> = OnceLock::new();
    let url = URL.get_or_init(|| {
        Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>]+[^\s<>.,;:!?)\]}»'\x22]")
            .expect("static regex")
    });
    let text: String = text.nfc().collect();
    let mut total = 0;
    let mut last = 0;
    for m in url.find_iter(&text) {
        total += weighted(&text[last..m.start()]) + X_URL_LENGTH;
        last = m.end();
    }
    total + weighted(&text[last..])
}

fn weighted(text: &str) -> usize {
    text.graphemes(true)
        .map(|g| {
            if g.chars().any(is_emoji) {
                2
            } else {
                g.chars().map(char_weight).sum()
            }
        })
        .sum()
}

fn char_weight(c: char) -> usize {
    match c as u32 {
        0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

/// Emoji pictographs (the blocks of Extended_Pictographic that matter in replies).
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF)
}

/// The most a reply may have on a platform, and how it is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The maximum length.
    pub max: usize,
    /// Whether the length is X's weighted count ([`x_length`]) rather than characters.
    pub weighted: bool,
}

impl Limit {
    /// The length of `text` as this limit counts it.
    pub fn length(&self, text: &str) -> usize {
        if self.weighted {
            x_length(text)
        } else {
            text.chars().count()
        }
    }
}

/// The reply limit of a platform, where it has a known one: X 280 (weighted), Google Play
/// developer replies 350, App Store developer responses 5,970, Telegram messages 4,096,
/// Instagram comments 2,200, VK comments 4,096, YouTube comments 10,000, Facebook comments
/// 8,000. A tone-of-voice file can override them.
///
/// ```
/// use otklik::Platform;
/// use otklik::replies::platform_limit;
///
/// assert_eq!(platform_limit(&Platform::GooglePlay).map(|l| l.max), Some(350));
/// assert!(platform_limit(&Platform::X).unwrap().weighted);
/// assert_eq!(platform_limit(&Platform::Forum), None);
/// ```
pub fn platform_limit(platform: &Platform) -> Option<Limit> {
    let chars = |max| {
        Some(Limit {
            max,
            weighted: false,
        })
    };
    match platform {
        Platform::X => Some(Limit {
            max: 280,
            weighted: true,
        }),
        Platform::GooglePlay => chars(350),
        Platform::AppStore => chars(5970),
        Platform::Telegram | Platform::TelegramBot => chars(4096),
        Platform::Instagram => chars(2200),
        Platform::Vk => chars(4096),
        Platform::Youtube => chars(10_000),
        Platform::Facebook => chars(8000),
        _ => None,
    }
}
