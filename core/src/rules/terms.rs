//! The term index: finds every pattern of every atom in a text's token stream.
//!
//! Every pattern is aligned on tokens: a whole token (`" w "`, `" #tag "`), consecutive whole
//! tokens (`" w1 w2 "`), or the beginning of one token (`" lit"`, for `lit*` and `~word`). An
//! Aho-Corasick pass over `" tok1 tok2 ... "` that only accepts matches starting at a space
//! finds exactly what a dictionary of token strings finds: one hash probe per token for whole
//! tokens and phrases, and one per prefix length in use for prefixes. The probes do not depend
//! on each other (an automaton's steps do), so large rule sets cost cache misses in parallel
//! rather than one after another, and small ones stay in the first-level cache.

use super::prefetch::{PREFETCHES, prefetch};

/// Word id of a token that is no key of the index.
pub(crate) const NO_WORD: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, Default)]
struct Entry {
    /// The key, in `keys`.
    key: (u32, u32),
    /// The key's [`Words`], compared first; a key of at most [`SIGNED`] bytes is then known
    /// without reading `keys`.
    signature: Words,
    /// What a token that is this key finds (in `lists`): the patterns that are the whole
    /// token, then those that are a prefix of it (this key itself, then its shorter prefixes),
    /// so that a token which is a key needs no prefix probes.
    full: (u32, u32),
    /// What the patterns that are this prefix of a token find (in `lists`).
    prefix: (u32, u32),
    /// Patterns of several tokens that start with this one (in `phrases`).
    phrases: (u32, u32),
}

/// A pattern of several tokens: what it finds and the word ids of its tokens after the first.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Phrase {
    codes: (u32, u32),
    rest: (u32, u32),
}

/// A dictionary of the token strings of every pattern (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct TermIndex {
    /// Open addressing, linear probing: `fingerprint << 32 | (entry + 1)`, 0 when empty.
    slots: Vec<u64>,
    /// 64 - log2(number of slots): a hash's slot is `hash >> shift`.
    shift: u32,
    entries: Vec<Entry>,
    keys: String,
    /// Codes of atoms (see [`TermIndex::new`]).
    lists: Vec<u32>,
    phrases: Vec<Phrase>,
    phrase_words: Vec<u32>,
    /// A one-hash Bloom filter of the prefix keys: most prefixes of most tokens are no key, and
    /// the filter (small enough for the cache) says so without touching the slots.
    prefix_filter: Vec<u64>,
    /// Bit `n` is set when some prefix pattern is `n` bytes long (`n` < 64).
    prefix_lengths: u64,
    /// By the first four bytes of a token (hashed into [`LEADS`] entries): bit `n` is set when
    /// some prefix pattern of `n` bytes (4 <= `n` < 8) starts with those bytes; and by the
    /// first eight bytes, for the patterns of 8 to 63 bytes. A token probes only the lengths its
    /// own beginning may have, not every length in use.
    lead_lengths: Vec<u64>,
    /// The lengths in use below four bytes (probed for every token long enough).
    short_lengths: u64,
    /// Whether some prefix pattern is 64 bytes long or more.
    long_prefixes: bool,
}

#[inline]
fn read8(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// The first 16 bytes of a key as two little-endian words, zero past the key's end. With the
/// length they are the whole key when it has at most [`SIGNED`] bytes, and [`hash`] reads them
/// first. The matcher reads them from a buffer with padding after its tokens ([`words_in`]),
/// with no test of the key's length: the length-dependent branches of reading a key a few bytes
/// at a time were mispredicted for most tokens.
pub(crate) type Words = (u64, u64);

/// Masks that keep the first `n` bytes of [`Words`], for `n` from 0 to 16.
static KEEP: [Words; 17] = {
    let mut table = [(0u64, 0u64); 17];
    let mut n = 0;
    while n <= 16 {
        let low = if n >= 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        let high = if n >= 16 {
            u64::MAX
        } else if n <= 8 {
            0
        } else {
            (1u64 << (8 * (n - 8))) - 1
        };
        table[n] = (low, high);
        n += 1;
    }
    table
};

/// The [`Words`] of the first `n` bytes of `words`.
#[inline(always)]
fn keep(words: Words, n: usize) -> Words {
    let (low, high) = KEEP[n.min(16)];
    (words.0 & low, words.1 & high)
}

/// The [`Words`] of `key`.
pub(crate) fn words_of(key: &[u8]) -> Words {
    let mut block = [0u8; 16];
    let n = key.len().min(16);
    block[..n].copy_from_slice(&key[..n]);
    words_in(&block, n)
}

/// The [`Words`] of a key of `len` bytes that starts `window` (the bytes after it are anything).
#[inline(always)]
pub(crate) fn words_in(window: &[u8; 16], len: usize) -> Words {
    let (low, high) = window.split_at(8);
    keep((read8(low), read8(high)), len)
}

/// A fast hash of a short key: FxHash steps over 8-byte words (the tail of a key over 16 bytes
/// is read as overlapping words, never copied byte by byte). Its high bits are well mixed, its
/// low bits less so: the slot comes from the top bits.
#[inline]
pub(crate) fn hash(key: &[u8]) -> u64 {
    hash_words(words_of(key), key)
}

/// The multiplier of [`hash`]'s steps (FxHash's).
const K: u64 = 0x517c_c1b7_2722_0a95;

/// One step of [`hash`]: mixes `word` into `h`.
#[inline(always)]
fn step(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

/// [`hash`] of `key`, whose [`Words`] are `words`.
#[inline(always)]
fn hash_words(words: Words, key: &[u8]) -> u64 {
    let h = step(step((key.len() as u64).wrapping_mul(K), words.0), words.1);
    if key.len() > 16 { hash_rest(h, key) } else { h }
}

/// [`hash`] of a key over 16 bytes from the hash of its first 16.
#[inline(never)]
fn hash_rest(mut h: u64, key: &[u8]) -> u64 {
    let n = key.len();
    let mut i = 16;
    while i + 8 < n {
        h = step(h, read8(&key[i..]));
        i += 8;
    }
    step(h, read8(&key[n - 8..]))
}

/// The number of entries of each half of [`TermIndex::lead_lengths`] (a power of two).
const LEADS: usize = 4096;

/// The entry of [`TermIndex::lead_lengths`] for a key of `n` > 4 bytes whose prefixes of at
/// least `at_least` bytes (4 or 8, at most `n`) are asked for, from the key's first word.
#[inline]
fn lead(first: u64, at_least: usize) -> usize {
    let word = if at_least >= 8 {
        first
    } else {
        (first & 0xFFFF_FFFF) | (1 << 40)
    };
    let h = word.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - LEADS.trailing_zeros())) as usize + if at_least >= 8 { LEADS } else { 0 }
}

/// Whether byte `n` of `bytes` starts a character (or is the end).
#[inline]
fn is_boundary(bytes: &[u8], n: usize) -> bool {
    bytes.get(n).is_none_or(|&b| (b as i8) >= -0x40)
}

/// Keys up to this many bytes are compared by their [`Words`].
const SIGNED: usize = 16;

/// The part of a hash kept in a slot to skip most keys without reading them.
#[inline]
fn fingerprint(h: u64) -> u64 {
    h & 0xFFFF_FFFF
}

/// Builds a [`TermIndex`] from patterns written as the automaton patterns were: a space, the
/// tokens separated by spaces, and a closing space unless the pattern is a prefix.
#[derive(Default)]
struct Build {
    entries: Vec<Entry>,
    keys: String,
    ids: std::collections::HashMap<String, u32>,
    /// (entry, pattern) pairs.
    full: Vec<(u32, u32)>,
    prefix: Vec<(u32, u32)>,
    /// (first word, pattern, the other words).
    phrases: Vec<(u32, u32, Vec<u32>)>,
}

impl Build {
    fn word(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.entries.len() as u32;
        let start = self.keys.len() as u32;
        self.keys.push_str(key);
        self.entries.push(Entry {
            key: (start, self.keys.len() as u32),
            signature: words_of(key.as_bytes()),
            ..Entry::default()
        });
        self.ids.insert(key.to_owned(), id);
        id
    }
}

/// Groups sorted `(entry, pattern)` pairs into per-entry ranges of `out`, each pattern replaced
/// by its codes.
fn ranges(
    pairs: &mut [(u32, u32)],
    codes: &dyn Fn(u32) -> Vec<u32>,
    out: &mut Vec<u32>,
    mut set: impl FnMut(u32, (u32, u32)),
) {
    pairs.sort_unstable();
    let mut i = 0;
    while i < pairs.len() {
        let entry = pairs[i].0;
        let start = out.len() as u32;
        while i < pairs.len() && pairs[i].0 == entry {
            out.extend(codes(pairs[i].1));
            i += 1;
        }
        set(entry, (start, out.len() as u32));
    }
}

/// The token of a pattern that is one whole token (` word `), or `None` for a phrase
/// (` two words `) or a prefix (`word`, no spaces around it): the encoding [`TermIndex::new`]
/// reads.
pub(crate) fn whole_token(pattern: &str) -> Option<&str> {
    let token = pattern.strip_prefix(' ')?.strip_suffix(' ')?;
    (!token.is_empty() && !token.contains(' ')).then_some(token)
}

impl TermIndex {
    /// Indexes `patterns` (pattern id = position); `codes(pattern)` is what finding the pattern
    /// reports (the matcher's atom codes; opaque here).
    pub(crate) fn new(patterns: &[String], codes: &dyn Fn(u32) -> Vec<u32>) -> TermIndex {
        let mut b = Build::default();
        let mut prefix_lengths = 0u64;
        let mut long_prefixes = false;
        for (id, pattern) in patterns.iter().enumerate() {
            let id = id as u32;
            let body = pattern.strip_prefix(' ').unwrap_or(pattern);
            match body.strip_suffix(' ') {
                Some(tokens) => {
                    let mut words = tokens.split(' ');
                    let first = b.word(words.next().unwrap_or(""));
                    let rest: Vec<u32> = words.map(|w| b.word(w)).collect();
                    if rest.is_empty() {
                        b.full.push((first, id));
                    } else {
                        b.phrases.push((first, id, rest));
                    }
                }
                None => {
                    let entry = b.word(body);
                    b.prefix.push((entry, id));
                    if body.len() < 64 {
                        prefix_lengths |= 1 << body.len();
                    } else {
                        long_prefixes = true;
                    }
                }
            }
        }
        let mut index = TermIndex {
            prefix_lengths,
            long_prefixes,
            ..TermIndex::default()
        };
        let entries = &mut b.entries;
        ranges(&mut b.full, codes, &mut index.lists, |e, r| {
            entries[e as usize].full = r
        });
        ranges(&mut b.prefix, codes, &mut index.lists, |e, r| {
            entries[e as usize].prefix = r
        });
        b.phrases.sort_by_key(|p| (p.0, p.1));
        let mut i = 0;
        while i < b.phrases.len() {
            let entry = b.phrases[i].0;
            let start = index.phrases.len() as u32;
            while i < b.phrases.len() && b.phrases[i].0 == entry {
                let from = index.phrase_words.len() as u32;
                index.phrase_words.extend_from_slice(&b.phrases[i].2);
                let first = index.lists.len() as u32;
                index.lists.extend(codes(b.phrases[i].1));
                index.phrases.push(Phrase {
                    codes: (first, index.lists.len() as u32),
                    rest: (from, index.phrase_words.len() as u32),
                });
                i += 1;
            }
            entries[entry as usize].phrases = (start, index.phrases.len() as u32);
        }
        // At most half full, so a probe for an absent key usually stops at once.
        let size = (entries.len() * 2).next_power_of_two().max(16);
        index.slots = vec![0; size];
        index.shift = 64 - size.trailing_zeros();
        for (id, entry) in entries.iter().enumerate() {
            let key = &b.keys[entry.key.0 as usize..entry.key.1 as usize];
            let h = hash(key.as_bytes());
            let mut slot = index.slot_of(h);
            while index.slots[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            index.slots[slot] = (fingerprint(h) << 32) | (id as u64 + 1);
        }
        let prefixes = entries.iter().filter(|e| e.prefix.0 < e.prefix.1).count();
        let bits = (prefixes * 16).next_power_of_two().max(1024);
        index.prefix_filter = vec![0; bits / 64];
        for entry in entries.iter().filter(|e| e.prefix.0 < e.prefix.1) {
            let key = &b.keys[entry.key.0 as usize..entry.key.1 as usize];
            let bit = index.filter_bit(hash(key.as_bytes()));
            index.prefix_filter[bit / 64] |= 1 << (bit % 64);
        }
        index.lead_lengths = vec![0; 2 * LEADS];
        for entry in entries.iter().filter(|e| e.prefix.0 < e.prefix.1) {
            let key = &b.keys.as_bytes()[entry.key.0 as usize..entry.key.1 as usize];
            match key.len() {
                n if n < 4 => index.short_lengths |= 1 << n,
                n if n < 8 => index.lead_lengths[lead(words_of(key).0, 4)] |= 1 << n,
                n if n < 64 => index.lead_lengths[lead(words_of(key).0, 8)] |= 1 << n,
                _ => {}
            }
        }
        index.entries = b.entries;
        index.keys = b.keys;
        index.add_prefixes_of_keys();
        index
    }

    /// Extends each entry's `full` list with what the token probes of its prefixes would find
    /// (see [`Entry::full`]), in the order [`TermIndex::token`] used to report them.
    fn add_prefixes_of_keys(&mut self) {
        let mut combined = Vec::new();
        for id in 0..self.entries.len() {
            let e = self.entries[id];
            let key = &self.keys[e.key.0 as usize..e.key.1 as usize];
            combined.clear();
            combined.extend_from_slice(self.list(e.full));
            combined.extend_from_slice(self.list(e.prefix));
            let mut extended = false;
            for n in 1..key.len() {
                let in_use = if n < 64 {
                    self.prefix_lengths & (1 << n) != 0
                } else {
                    self.long_prefixes
                };
                if in_use
                    && key.is_char_boundary(n)
                    && let Some(p) = self.get(&key.as_bytes()[..n])
                {
                    let range = self.entries[p as usize].prefix;
                    extended |= range.0 < range.1;
                    combined.extend_from_slice(self.list(range));
                }
            }
            let own = e.full.0 == e.full.1 || e.prefix.0 == e.prefix.1;
            if !extended && own {
                // Nothing to add, or one of the two lists is empty: point at the other one.
                if e.full.0 == e.full.1 {
                    self.entries[id].full = e.prefix;
                }
                continue;
            }
            let start = self.lists.len() as u32;
            self.lists.extend_from_slice(&combined);
            self.entries[id].full = (start, self.lists.len() as u32);
        }
    }

    /// The first slot probed for a key's hash (its top bits).
    #[inline(always)]
    fn slot_of(&self, h: u64) -> usize {
        (h >> self.shift) as usize
    }

    /// The bit of the prefix filter for a key's hash (middle bits; the slots use the top ones).
    #[inline]
    fn filter_bit(&self, h: u64) -> usize {
        (h >> 20) as usize & (self.prefix_filter.len() * 64 - 1)
    }

    /// Whether no pattern is indexed.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The word id of a pattern that is one whole token ([`whole_token`]), if it is indexed:
    /// what [`TermIndex::token`] returns for a token of that text.
    pub(crate) fn word_of(&self, pattern: &str) -> Option<u32> {
        self.get(whole_token(pattern)?.as_bytes())
    }

    /// The entry (word id) of `key`, if it is a key.
    #[inline]
    fn get(&self, key: &[u8]) -> Option<u32> {
        let words = words_of(key);
        self.find(words, key, hash_words(words, key))
    }

    /// [`TermIndex::get`] with the key's [`Words`] and hash.
    #[inline(always)]
    fn find(&self, words: Words, key: &[u8], h: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut slot = self.slot_of(h);
        loop {
            let s = self.slots[slot];
            if s == 0 {
                return None;
            }
            if s >> 32 == fingerprint(h) {
                let id = (s as u32).wrapping_sub(1);
                let e = &self.entries[id as usize];
                let (from, to) = e.key;
                if (to - from) as usize == key.len() {
                    let same = e.signature == words
                        && (key.len() <= SIGNED
                            || self.keys.as_bytes()[from as usize..to as usize] == *key);
                    if same {
                        return Some(id);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    fn list(&self, range: (u32, u32)) -> &[u32] {
        &self.lists[range.0 as usize..range.1 as usize]
    }

    /// Finds the patterns that are the token `bytes` (UTF-8, whose [`Words`] are `words`) or a
    /// prefix of it: calls `found(code)` for each of their codes, and returns the token's word
    /// id ([`NO_WORD`] if it is no key) and whether some phrase starts with it (whether
    /// [`TermIndex::phrases`] of the id is not empty).
    #[inline]
    pub(crate) fn token(
        &self,
        words: Words,
        bytes: &[u8],
        found: &mut impl FnMut(u32),
    ) -> (u32, bool) {
        if let Some(id) = self.find(words, bytes, hash_words(words, bytes)) {
            // A key's list already holds what its prefixes find.
            let e = self.entries[id as usize];
            self.list(e.full).iter().for_each(|&p| found(p));
            return (id, e.phrases.0 < e.phrases.1);
        }
        // Proper prefixes of the lengths in use, at character boundaries.
        let below = if bytes.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << bytes.len()) - 1
        };
        let mut lengths = self.short_lengths;
        if bytes.len() > 4 {
            lengths |= self.lead_lengths[lead(words.0, 4)] & 0xF0;
            if bytes.len() > 8 {
                lengths |= self.lead_lengths[lead(words.0, 8)];
            }
        }
        lengths &= below;
        while lengths != 0 {
            let n = lengths.trailing_zeros() as usize;
            lengths &= lengths - 1;
            if is_boundary(bytes, n) {
                self.prefix(keep(words, n), &bytes[..n], found);
            }
        }
        if self.long_prefixes {
            for n in 64..bytes.len() {
                if is_boundary(bytes, n) {
                    self.prefix(words, &bytes[..n], found);
                }
            }
        }
        (NO_WORD, false)
    }

    /// Whether [`TermIndex::prefetch_token`] pays: on x86-64 (elsewhere it does nothing), when
    /// the slots are too large for the second-level cache of most CPUs (over 256 KiB).
    #[inline]
    pub(crate) fn prefetch_pays(&self) -> bool {
        PREFETCHES && self.slots.len() > 1 << 15
    }

    /// Asks the CPU to fetch the slot that [`TermIndex::token`] reads first for the token
    /// `bytes` (whose [`Words`] are `words`), without waiting for it. Does nothing but the hash
    /// on other targets than x86-64.
    #[inline(always)]
    pub(crate) fn prefetch_token(&self, words: Words, bytes: &[u8]) {
        prefetch(&self.slots[self.slot_of(hash_words(words, bytes))]);
    }

    /// Reports the patterns that are the prefix `key` of a token (whose [`Words`] are `words`).
    /// Always inlined: as a call it cost 35 instructions a text at 1,000 rules and 286 at
    /// 100,000 (4.5 and 14 probes a text).
    #[inline(always)]
    fn prefix(&self, words: Words, key: &[u8], found: &mut impl FnMut(u32)) {
        let h = hash_words(words, key);
        let bit = self.filter_bit(h);
        if self.prefix_filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return;
        }
        if let Some(id) = self.find(words, key, h) {
            let e = self.entries[id as usize];
            self.list(e.prefix).iter().for_each(|&p| found(p));
        }
    }

    /// The patterns of several tokens that start with word `word`.
    #[inline]
    pub(crate) fn phrases(&self, word: u32) -> &[Phrase] {
        if word == NO_WORD {
            return &[];
        }
        let (from, to) = self.entries[word as usize].phrases;
        &self.phrases[from as usize..to as usize]
    }

    /// The word ids of a phrase's tokens after the first.
    #[inline]
    pub(crate) fn rest(&self, phrase: &Phrase) -> &[u32] {
        &self.phrase_words[phrase.rest.0 as usize..phrase.rest.1 as usize]
    }

    /// What finding a phrase reports.
    #[inline]
    pub(crate) fn codes(&self, phrase: &Phrase) -> &[u32] {
        self.list(phrase.codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(index: &TermIndex, tokens: &[&str]) -> Vec<(u32, usize, usize)> {
        let mut out = Vec::new();
        let mut words = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            words.push(
                index
                    .token(words_of(t.as_bytes()), t.as_bytes(), &mut |p| {
                        out.push((p, i, i))
                    })
                    .0,
            );
        }
        for (i, &w) in words.iter().enumerate() {
            for ph in index.phrases(w) {
                let rest = index.rest(ph);
                if words.get(i + 1..i + 1 + rest.len()) == Some(rest) {
                    for &code in index.codes(ph) {
                        out.push((code, i, i + rest.len()));
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }

    proptest::proptest! {
        /// A key's words read from a window with anything after the key are the words of the
        /// key alone, so the matcher's padded reads hash and compare as the index was built.
        #[test]
        fn words_in_a_window_are_the_words_of_the_key(
            key in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            after in proptest::collection::vec(1u8.., 16),
        ) {
            let mut buffer = key.clone();
            buffer.extend_from_slice(&after);
            let window = buffer.first_chunk::<16>().unwrap();
            let words = words_in(window, key.len());
            proptest::prop_assert_eq!(words, words_of(&key));
            proptest::prop_assert_eq!(hash_words(words, &key), hash(&key));
        }
    }

    #[test]
    fn whole_token_reads_only_single_whole_tokens() {
        assert_eq!(whole_token(" картка "), Some("картка"));
        assert_eq!(whole_token(" #зорябанк "), Some("#зорябанк"));
        assert_eq!(whole_token(" зоря банк "), None);
        assert_eq!(whole_token("кредит"), None);
        assert_eq!(whole_token(" кредит"), None);
        assert_eq!(whole_token("  "), None);
    }

    #[test]
    fn words_phrases_and_prefixes() {
        let patterns: Vec<String> = [
            " банк ",
            " зоря банк ",
            " бан",
            " #зоря ",
            " зоря банк ",
            " карт",
            " картка ",
            " a b c ",
        ]
        .map(String::from)
        .to_vec();
        let index = TermIndex::new(&patterns, &|p| vec![p]);
        assert_eq!(
            find(&index, &["зоря", "банк", "картка", "#зоря", "бан"]),
            [
                (0, 1, 1),
                (1, 0, 1),
                (2, 1, 1),
                (2, 4, 4),
                (3, 3, 3),
                (4, 0, 1),
                (5, 2, 2),
                (6, 2, 2)
            ]
        );
        // Whether a token starts a phrase comes with its word id.
        for (token, starts) in [("зоря", true), ("a", true), ("банк", false), ("x", false)]
        {
            let (word, starts_phrase) =
                index.token(words_of(token.as_bytes()), token.as_bytes(), &mut |_| {});
            assert_eq!(starts_phrase, starts, "{token}");
            assert_eq!(starts_phrase, !index.phrases(word).is_empty(), "{token}");
        }
        assert_eq!(find(&index, &["a", "b", "c"]), [(7, 0, 2)]);
        assert_eq!(find(&index, &["a", "b"]), []);
        assert!(find(&index, &["ба", "кар", "x"]).is_empty());
    }

    #[test]
    fn long_prefixes_and_many_keys() {
        let long = "я".repeat(40);
        let mut patterns = vec![format!(" {long}")];
        patterns.extend((0..5000).map(|i| format!(" w{i} ")));
        let index = TermIndex::new(&patterns, &|p| vec![p]);
        let token = format!("{long}ю");
        assert_eq!(find(&index, &[&token]), [(0, 0, 0)]);
        assert_eq!(find(&index, &["w4999", "w5000"]), [(5000, 0, 0)]);
    }
}
