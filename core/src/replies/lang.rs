//! Which language a short text is in, among those bank teams answer in: Ukrainian, Russian,
//! Belarusian, English. A cheap guess from letters only those languages have; the mention's
//! own `lang`, when a source gives it, always wins.

/// Guesses the language of a text: `uk`, `ru`, `be`, `en`, or `None` when it has too few
/// letters to tell. Letters decide where they can: `ї є ґ` only Ukrainian, `ў` only
/// Belarusian; `і` is Ukrainian or Belarusian, and Belarusian with `ы э ё`; `ы э ё ъ` without
/// `і` are Russian when `и` or `щ` (which Belarusian lacks) appear, else Belarusian. Cyrillic
/// with no marker falls back to a few frequent words.
///
/// ```
/// use otklik::replies::detect_language;
///
/// assert_eq!(detect_language("Де моя картка? Вже тиждень чекаю"), Some("uk"));
/// assert_eq!(detect_language("Почему не работает приложение?"), Some("ru"));
/// assert_eq!(detect_language("Дзякуй, усё працуе"), Some("be"));
/// assert_eq!(detect_language("my card was charged twice"), Some("en"));
/// assert_eq!(detect_language("👍👍"), None);
/// ```
pub fn detect_language(text: &str) -> Option<&'static str> {
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    let (mut uk, mut be, mut i, mut ru_vowels, mut ru_only) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ї' | 'є' | 'ґ' => uk += 1,
            'ў' => be += 1,
            'і' => i += 1,
            'ы' | 'э' | 'ё' | 'ъ' => ru_vowels += 1,
            'и' | 'щ' => ru_only += 1,
            _ => {}
        }
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if cyrillic + latin < 3 {
        return None;
    }
    if latin > cyrillic {
        return Some("en");
    }
    if uk > 0 {
        return Some("uk");
    }
    if be > 0 {
        return Some("be");
    }
    if i > 0 {
        return Some(if ru_vowels > 0 { "be" } else { "uk" });
    }
    if ru_vowels > 0 {
        return Some(if ru_only > 0 { "ru" } else { "be" });
    }
    // No marker letter: Russian and Ukrainian share the rest; look at a few frequent words.
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let russian = [
        "как",
        "что",
        "почему",
        "где",
        "когда",
        "не",
        "это",
        "меня",
        "мне",
        "карта",
        "спасибо",
        "здравствуйте",
    ];
    let ukrainian = [
        "як",
        "що",
        "чому",
        "де",
        "коли",
        "це",
        "мене",
        "мені",
        "картка",
        "дякую",
        "вітаю",
        "та",
    ];
    let score = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
    Some(if score(&russian) > score(&ukrainian) {
        "ru"
    } else {
        "uk"
    })
}
