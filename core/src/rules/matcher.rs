//! Tagging one text: normalize, tokenize, one pass of the term index over the tokens (the slots
//! of a large index prefetched for the first tokens), then exact evaluation of the candidate
//! rules. For large rule sets each step prefetches what the next one reads, so that the cache
//! misses of a text's hits overlap. Per-thread scratch buffers keep the hot path free of
//! allocation churn.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::compile::{Check, Inner, LAZY_CHECK, NEEDS_CHECK, NO_ATOM, Node};
use super::prefetch::{PREFETCHES, prefetch};
use super::query::Field;
use super::stem::{Lang, glob_matches, stem_into};
use super::tagging::{Span, Spans, TagMatch, Tagging};
use super::terms::{NO_WORD, Words, hash, words_in, words_of};
use crate::Mention;
use crate::text::char_index::CharIndex;
use crate::text::{Normalized, Token, normalize_into, tokens::tokenize_into};

/// Texts longer than this are tagged on their first `MAX_TEXT_BYTES` bytes only, and the
/// result says so ([`Tagging::truncated`]).
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// One confirmed occurrence of an atom: the tokens it covers.
#[derive(Clone, Copy, Debug)]
struct Hit {
    atom: u32,
    first: u32,
    last: u32,
}

/// Where an atom's hits are in `Scratch::hits`, valid when `stamp` is the current generation.
#[derive(Clone, Copy, Debug, Default)]
struct AtomSlot {
    stamp: u32,
    from: u32,
    to: u32,
}

/// Stems of the words seen on this thread, by language: words repeat from text to text, and
/// a Snowball stem costs far more than a lookup. Cleared when it grows past `STEM_MEMO_MAX`.
/// The stems of the current text's tokens are kept apart, so that the many stem atoms whose
/// prefix a token has ask the memo once per token and language.
#[derive(Default)]
struct StemCache {
    memo: [HashMap<Box<str>, Box<str>, BuildFx>; 3],
    buffer: String,
    /// Per token of the current text and language: 1 + the index of its stem in `ranges`, or 0.
    per_token: Vec<[u32; 3]>,
    /// Byte ranges of `stems`, and the hash of each stem.
    ranges: Vec<(u32, u32, u64)>,
    stems: String,
}

/// Words remembered per language before the memo starts over.
const STEM_MEMO_MAX: usize = 1 << 14;

impl StemCache {
    /// Forgets the stems of the previous text's tokens; the new text has `tokens` tokens.
    fn start_text(&mut self, tokens: usize) {
        self.per_token.clear();
        self.per_token.resize(tokens, [0; 3]);
        self.ranges.clear();
        self.stems.clear();
    }

    /// Whether the stem in `lang` of token `token`, whose text is `word`, is `want` (whose
    /// hash is `want_hash`).
    fn stem_is(
        &mut self,
        lang: Lang,
        token: usize,
        word: &str,
        want: &str,
        want_hash: u64,
    ) -> bool {
        // A stem already taken for this token is compared by its hash first; the many stem
        // atoms that share a prefix with the token then cost no string comparison.
        let known = self.per_token[token][lang as usize];
        if known != 0 {
            let (from, to, h) = self.ranges[known as usize - 1];
            return h == want_hash && self.stems[from as usize..to as usize] == *want;
        }
        if lang
            .stem_base(word)
            .is_some_and(|base| !starts_with(base.as_bytes(), want.as_bytes()))
        {
            return false;
        }
        let from = self.stems.len() as u32;
        let memo = &mut self.memo[lang as usize];
        if let Some(stem) = memo.get(word) {
            self.stems.push_str(stem);
        } else {
            if memo.len() >= STEM_MEMO_MAX {
                memo.clear();
            }
            stem_into(lang, word, &mut self.buffer);
            memo.insert(word.into(), self.buffer.as_str().into());
            self.stems.push_str(&self.buffer);
        }
        let stem = &self.stems[from as usize..];
        self.ranges
            .push((from, self.stems.len() as u32, hash(stem.as_bytes())));
        self.per_token[token][lang as usize] = self.ranges.len() as u32;
        self.stems[from as usize..] == *want
    }
}

/// Whether `word` starts with `prefix`, comparing the last byte of `prefix` first: the term
/// index found `word` by a shorter beginning of `prefix`, so they mostly differ near its end.
#[inline]
fn starts_with(word: &[u8], prefix: &[u8]) -> bool {
    match (prefix.len().checked_sub(1), word.get(..prefix.len())) {
        (Some(last), Some(head)) => head[last] == prefix[last] && head == prefix,
        (None, _) => true,
        (Some(_), None) => false,
    }
}

/// A hasher for short strings, from the term index's hash.
#[derive(Default, Clone, Copy)]
struct BuildFx;

#[derive(Default)]
struct Fx(u64);

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        // The table takes the low bits: fold the well-mixed high bits into them.
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = (self.0.rotate_left(5) ^ hash(bytes)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    /// The tokens' texts: the normalized text, then the text of each tag token whose marker is
    /// not right before its name (`#«зоря` gives `#зоря`), then [`KEY_PADDING`] zero bytes, so
    /// that the first 16 bytes of every token's text can be read at once.
    keys: String,
    /// Each token's text: a byte range of `keys`.
    texts: Vec<(u32, u32)>,
    hits: Vec<Hit>,
    /// `hits` grouped by atom (swapped with `hits` once filled).
    grouped: Vec<Hit>,
    /// The atoms with hits, in order of their first hit.
    seen: Vec<u32>,
    generation: u32,
    atoms: Vec<AtomSlot>,
    rule_stamp: Vec<u32>,
    candidates: Vec<u32>,
    /// Word id of each token in the term index.
    words: Vec<u32>,
    /// The word ids of the tokens, as a filter: most lazy atoms that are asked for are not in
    /// the text, and this says so without reading the tokens. Built on the first ask of a
    /// text (`None` before): half of the generated texts at 1,000 rules ask for none, and
    /// building it in the term index's pass cost them 151 instructions a text.
    word_bits: Option<WordBits>,
    /// The tokens whose word starts a phrase of the term index.
    phrase_starts: Vec<u32>,
    /// On the prefetching path (large rule sets on x86-64): the hits of atoms that need a
    /// check, confirmed after the tokens' and the phrases' lookups, once what the checks read
    /// has been prefetched.
    pending_checks: Vec<Hit>,
    stems: StemCache,
    /// NEAR sides: (first, last) word positions.
    near_left: Vec<(u32, u32)>,
    near_right: Vec<(u32, u32)>,
    near_by_end: Vec<(u32, u32)>,
    /// Original byte ranges of a matched rule's spans.
    ranges: Vec<(usize, usize)>,
    /// Character offsets in the original text, for the spans.
    chars: CharIndex,
    /// The normalized text's buffers, reused.
    norm: Normalized,
}

/// A 256-bit filter of word ids: bit `id % 256` for each id inserted.
#[derive(Default)]
struct WordBits([u64; 4]);

impl WordBits {
    /// The filter of `words`.
    fn of(words: &[u32]) -> WordBits {
        let mut bits = WordBits::default();
        words.iter().for_each(|&w| bits.insert(w));
        bits
    }

    /// Inserts `word`; [`NO_WORD`] is not inserted (with no branch).
    fn insert(&mut self, word: u32) {
        let bit = word as usize % 256;
        self.0[bit / 64] |= u64::from(word != NO_WORD) << (bit % 64);
    }

    /// False when `word` was not inserted (true may be another id's bit).
    fn may_hold(&self, word: u32) -> bool {
        let bit = word as usize % 256;
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }
}

impl Scratch {
    fn next_generation(&mut self, atoms: usize, rules: usize) {
        if self.atoms.len() < atoms {
            self.atoms.resize(atoms, AtomSlot::default());
        }
        if self.rule_stamp.len() < rules {
            self.rule_stamp.resize(rules, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.atoms.iter_mut().for_each(|a| a.stamp = 0);
            self.rule_stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.hits.clear();
        self.candidates.clear();
        self.chars.start_text();
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// What evaluation needs to know about the text being tagged.
struct Doc<'a> {
    original: &'a str,
    norm: Normalized,
    mention: Option<&'a Mention>,
}

pub(crate) fn tag(inner: &Inner, text: &str, mention: Option<&Mention>) -> Tagging {
    let (text, truncated) = if text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        (&text[..end], true)
    } else {
        (text, false)
    };
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => tag_with(inner, text, mention, truncated, &mut scratch),
        // Re-entered on the same thread (cannot happen today): use fresh buffers.
        Err(_) => tag_with(inner, text, mention, truncated, &mut Scratch::default()),
    })
}

fn tag_with(
    inner: &Inner,
    text: &str,
    mention: Option<&Mention>,
    truncated: bool,
    s: &mut Scratch,
) -> Tagging {
    s.next_generation(inner.atoms.len(), inner.nodes.len());
    let mut norm = std::mem::take(&mut s.norm);
    normalize_into(text, &mut norm);
    let doc = Doc {
        original: text,
        norm,
        mention,
    };
    tokenize_into(doc.norm.as_str(), &mut s.tokens);
    s.stems.start_text(s.tokens.len());
    token_texts(&doc, s);
    let warm = inner.names.len() >= WARM_FROM_RULES;
    if warm && PREFETCHES {
        find_candidates::<true>(inner, &doc, s);
    } else {
        find_candidates::<false>(inner, &doc, s);
    }

    let mut tagging = Tagging {
        truncated,
        ..Tagging::default()
    };
    // The priority of the tag whose queue was taken (`Some(None)`: a tag without priority).
    let mut queue_rank = None;
    let mut matched = std::mem::take(&mut s.candidates);
    if warm {
        if PREFETCHES {
            // The candidates' roots were prefetched by `select_candidates`: the parts under
            // them are asked for, with their ids' text (whose line holds the reference count
            // three times in four: it is the 16 bytes before), then what evaluating the atoms
            // among those parts reads; then the candidates are evaluated.
            for &rule in &matched {
                prefetch(&*inner.names[rule as usize].0);
                prefetch_parts(&inner.nodes[rule as usize]);
            }
            for &rule in &matched {
                prefetch_atoms(inner, s, &inner.nodes[rule as usize]);
            }
        }
        matched.retain(|&rule| eval(inner, &doc, s, &inner.nodes[rule as usize]));
        // What the results read of each matched rule (its effects, the reference count of its
        // id) is loaded for all of them first, by plain loads whose cache misses overlap where
        // the prefetches above have not brought them (without these loads, after the
        // prefetches: 3% slower at 100,000 rules); the atomic increment of each `Arc::clone`
        // below would otherwise wait for its miss alone.
        for &rule in &matched {
            let (tag, _) = &inner.names[rule as usize];
            std::hint::black_box((Arc::strong_count(tag), inner.effects[rule as usize]));
        }
    }
    for (i, &rule) in matched.iter().enumerate() {
        let node = &inner.nodes[rule as usize];
        if !warm && !eval(inner, &doc, s, node) {
            continue;
        }
        let def = inner.effects[rule as usize];
        tagging.needs_reply |= def.needs_reply;
        tagging.move_to_private |= def.private;
        tagging.priority = tagging.priority.max(def.priority);
        // The queue of the most urgent tag that names one; the first in file order among equals.
        if def.queue && queue_rank.is_none_or(|rank| def.priority > rank) {
            queue_rank = Some(def.priority);
            tagging.queue = inner.tags[rule as usize].queue.clone();
        }
        let spans = spans(inner, &doc, s, node);
        if tagging.tags.is_empty() {
            // One allocation for the tags of this text, whatever their number.
            tagging.tags.reserve_exact(matched.len() - i);
        }
        let (tag, category) = &inner.names[rule as usize];
        tagging.tags.push(TagMatch {
            tag: tag.clone(),
            category: category.clone(),
            spans,
        });
    }
    s.candidates = matched;
    s.norm = doc.norm;
    tagging
}

/// Finds the rules to evaluate (in `s.candidates`): the hits of the term index, grouped by
/// atom, and the rules they anchor. With `WARM` (large rule sets on x86-64, see
/// [`WARM_FROM_RULES`]), each step prefetches for all the hits what the next one reads: the
/// atoms of hits that need a check (confirmed after the tokens' lookups) and what their checks
/// read, a hit's atom slot and postings, a new atom's first posting, the postings' rule stamps,
/// tree roots and required atoms' slots, and the candidates' results. (Not inlined: inlined,
/// both copies compiled the term index's loop worse for small sets, by 60 instructions a text
/// at 1,000 rules.)
#[inline(never)]
fn find_candidates<const WARM: bool>(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch) {
    find_hits::<WARM>(inner, doc, s);
    index_hits::<WARM>(inner, s);
    select_candidates::<WARM>(inner, s);
}

/// Rule sets of at least this many rules load the lines their matched rules' results read
/// before building the results, and on x86-64 prefetch, at each step from the term index's hits
/// to the results, what the next step reads (see `find_candidates` and `tag_with`): past the
/// caches, those lines miss, and the misses overlap instead of waiting one for another.
///
/// Loading the results' lines measured, in one process alternating the two ways 30 to 40 times
/// a run on a noisy machine, 3% to 12% more mentions a second at 100,000 rules in each of four
/// runs. The prefetches of the steps before measured +15%, +11%, +3%, +5% and +4% more, stage
/// by stage (best rounds of 6 alternated runs), and confirming the checked hits after the
/// lookups +9% (8 of 8 alternations). With this threshold at 8,192, the 10,000-rule
/// set gained 0.5%, no more than noise: the lines of smaller sets stay cached, and their path
/// has not even a branch for the prefetches.
const WARM_FROM_RULES: usize = 1 << 15;

/// The zero bytes after the tokens' texts in `Scratch::keys`.
const KEY_PADDING: &str = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// Finds each token's text, as the term index keys it: a word, or a tag with its marker.
fn token_texts(doc: &Doc<'_>, s: &mut Scratch) {
    s.keys.clear();
    s.texts.clear();
    let norm = doc.norm.as_str();
    s.keys.push_str(norm);
    for t in &s.tokens {
        // A word, or a tag whose marker is right before its name (one test for both).
        if t.body - t.start <= 1 {
            s.texts.push((t.start as u32, t.end as u32));
        } else {
            let start = s.keys.len() as u32;
            s.keys.push(t.marker().unwrap_or('#'));
            s.keys.push_str(&norm[t.body..t.end]);
            s.texts.push((start, s.keys.len() as u32));
        }
    }
    s.keys.push_str(KEY_PADDING);
}

/// The tokens of the text being tagged, with their texts.
#[derive(Clone, Copy)]
struct View<'a> {
    /// `Scratch::keys`.
    keys: &'a str,
    texts: &'a [(u32, u32)],
    tokens: &'a [Token],
}

impl View<'_> {
    /// The bytes of [`View::token_text`] and their [`Words`], read from the padded keys
    /// without the character-boundary checks of a `str` slice (the ranges are token
    /// boundaries).
    #[inline]
    fn token_key(&self, token: usize) -> (Words, &[u8]) {
        let (start, end) = self.texts[token];
        let (start, end) = (start as usize, end as usize);
        let keys = self.keys.as_bytes();
        let bytes = &keys[start..end];
        let words = match keys[start..].first_chunk::<16>() {
            Some(window) => words_in(window, bytes.len()),
            None => words_of(bytes),
        };
        (words, bytes)
    }

    fn token_text(&self, token: usize) -> &str {
        let (start, end) = self.texts[token];
        &self.keys[start as usize..end as usize]
    }
}

fn confirm(
    inner: &Inner,
    doc: &Doc<'_>,
    v: View<'_>,
    stems: &mut StemCache,
    atom: u32,
    first: usize,
    last: usize,
) -> bool {
    match &inner.atoms[atom as usize].check {
        Check::Pattern => true,
        Check::Glob(pattern) => first == last && glob_matches(pattern, v.token_text(first)),
        Check::Stem(want) => {
            first == last
                && want
                    .iter()
                    .any(|(lang, st, h)| stems.stem_is(*lang, first, v.token_text(first), st, *h))
        }
        Check::Exact(raw) => {
            let (start, end) = original_range(doc, v.tokens, first, last);
            doc.original.get(start..end) == Some(raw.as_str())
        }
    }
}

fn find_hits<const WARM: bool>(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch) {
    s.words.clear();
    s.word_bits = None;
    s.pending_checks.clear();
    if inner.terms.is_empty() || s.tokens.is_empty() {
        return;
    }
    let v = View {
        keys: &s.keys,
        texts: &s.texts,
        tokens: &s.tokens,
    };
    let (hits, stems, words) = (&mut s.hits, &mut s.stems, &mut s.words);
    let (atom_slots, pending) = (&s.atoms, &mut s.pending_checks);
    let mut emit = |code: u32, first: usize, last: usize| {
        let atom = code & !NEEDS_CHECK;
        let hit = Hit {
            atom,
            first: first as u32,
            last: last as u32,
        };
        if WARM && code & NEEDS_CHECK != 0 {
            // Checked after the tokens' lookups, once their lines have come.
            prefetch(&inner.atoms[atom as usize]);
            pending.push(hit);
        } else if code & NEEDS_CHECK == 0 || confirm(inner, doc, v, stems, atom, first, last) {
            push_hit::<WARM>(inner, atom_slots, hits, hit);
        }
    };
    // The tokens that start a phrase, written with no branch on each token (whether a token
    // is a key, or starts a phrase, is as good as random from one token to the next).
    let starts = &mut s.phrase_starts;
    starts.clear();
    starts.resize(v.tokens.len(), 0);
    let mut phrase_starts = 0;
    if inner.terms.prefetch_pays() {
        // The slots of the first tokens are asked for before the first is read, so that their
        // cache misses overlap. (The hashes are computed again below: keeping them cost a
        // branch a token when both paths had it, and on the warm path alone, with the entries
        // prefetched from them too, it gained nothing: +2.9% and -2.3% in two alternations.)
        for token in 0..v.tokens.len().min(PREFETCHED_TOKENS) {
            let (key_words, bytes) = v.token_key(token);
            inner.terms.prefetch_token(key_words, bytes);
        }
    }
    for token in 0..v.tokens.len() {
        let (key_words, bytes) = v.token_key(token);
        let (word, starts_phrase) = inner
            .terms
            .token(key_words, bytes, &mut |code| emit(code, token, token));
        starts[phrase_starts] = token as u32;
        phrase_starts += usize::from(starts_phrase);
        words.push(word);
    }
    starts.truncate(phrase_starts);
    for &first in starts.iter() {
        let first = first as usize;
        for phrase in inner.terms.phrases(words[first]) {
            let rest = inner.terms.rest(phrase);
            if words.get(first + 1..first + 1 + rest.len()) == Some(rest) {
                for &code in inner.terms.codes(phrase) {
                    emit(code, first, first + rest.len());
                }
            }
        }
    }
    if WARM && !pending.is_empty() {
        for c in pending.iter() {
            prefetch_check(&inner.atoms[c.atom as usize].check);
        }
        for c in pending.iter() {
            prefetch_stems(&inner.atoms[c.atom as usize].check);
        }
        for &c in pending.iter() {
            let (first, last) = (c.first as usize, c.last as usize);
            if confirm(inner, doc, v, stems, c.atom, first, last) {
                push_hit::<WARM>(inner, atom_slots, hits, c);
            }
        }
    }
}

/// Records a hit; with `WARM`, prefetches the atom's slot and postings, which
/// `index_hits` and `select_candidates` read next.
#[inline(always)]
fn push_hit<const WARM: bool>(
    inner: &Inner,
    atom_slots: &[AtomSlot],
    hits: &mut Vec<Hit>,
    hit: Hit,
) {
    hits.push(hit);
    if WARM
        && let (Some(slot), Some(posting)) = (
            atom_slots.get(hit.atom as usize),
            inner.postings.get(hit.atom as usize),
        )
    {
        prefetch(slot);
        prefetch(posting);
    }
}

/// Prefetches what [`confirm`] reads first of a check besides the atom: the list of wanted
/// stems, the glob's characters, or the exact text.
#[inline]
fn prefetch_check(check: &Check) {
    match check {
        Check::Pattern => {}
        Check::Glob(pattern) => prefetch(&pattern[..]),
        Check::Stem(want) => prefetch(&want[..]),
        Check::Exact(raw) => prefetch(raw.as_bytes()),
    }
}

/// Prefetches the text of each wanted stem of a stem check (reads the list that
/// [`prefetch_check`] fetched).
#[inline]
fn prefetch_stems(check: &Check) {
    if let Check::Stem(want) = check {
        want.iter()
            .for_each(|(_, stem, _)| prefetch(stem.as_bytes()));
    }
}

/// How many of a text's first tokens have their slots prefetched: a tweet has about 17 tokens,
/// and the lines of a long text's would leave the cache before they were read. (A window that
/// moved ahead of the lookups cost 88 instructions a text even at 1,000 rules, where nothing
/// is prefetched: the lookups' loop inside it compiled less well.)
const PREFETCHED_TOKENS: usize = 64;

/// Groups hits by atom (a counting sort: the order of an atom's hits does not matter) and
/// records each atom's range for this generation; `s.seen` lists the atoms found.
fn index_hits<const WARM: bool>(inner: &Inner, s: &mut Scratch) {
    let generation = s.generation;
    s.seen.clear();
    for h in &s.hits {
        let slot = &mut s.atoms[h.atom as usize];
        if slot.stamp != generation {
            *slot = AtomSlot {
                stamp: generation,
                from: 0,
                to: 0,
            };
            s.seen.push(h.atom);
            if WARM && let Some(posting) = posting_ids(inner, h.atom).first() {
                prefetch(posting);
            }
        }
        slot.to += 1;
    }
    if s.seen.len() == s.hits.len() {
        // One hit per atom: the hits are their own groups.
        for (i, &atom) in s.seen.iter().enumerate() {
            let slot = &mut s.atoms[atom as usize];
            slot.from = i as u32;
            slot.to = i as u32 + 1;
        }
        return;
    }
    let mut offset = 0;
    for &atom in &s.seen {
        let slot = &mut s.atoms[atom as usize];
        let count = slot.to;
        slot.from = offset;
        slot.to = offset;
        offset += count;
    }
    s.grouped.clear();
    s.grouped.resize(
        s.hits.len(),
        Hit {
            atom: 0,
            first: 0,
            last: 0,
        },
    );
    for h in &s.hits {
        let slot = &mut s.atoms[h.atom as usize];
        s.grouped[slot.to as usize] = *h;
        slot.to += 1;
    }
    std::mem::swap(&mut s.hits, &mut s.grouped);
}

fn select_candidates<const WARM: bool>(inner: &Inner, s: &mut Scratch) {
    let seen = std::mem::take(&mut s.seen);
    if WARM {
        for &atom in &seen {
            for &(rule, check) in posting_ids(inner, atom) {
                prefetch(&s.rule_stamp[rule as usize]);
                prefetch(&inner.nodes[rule as usize]);
                // None for `NO_ATOM`.
                if let Some(slot) = s.atoms.get((check & !LAZY_CHECK) as usize) {
                    prefetch(slot);
                }
            }
        }
    }
    for &atom in &seen {
        for &(rule, check) in posting_ids(inner, atom) {
            if check != NO_ATOM {
                let atom = check & !LAZY_CHECK;
                let slot = s.atoms[atom as usize];
                let absent = if slot.stamp == s.generation {
                    slot.from == slot.to
                } else {
                    check & LAZY_CHECK == 0 || lazy_hits(inner, s, atom).is_empty()
                };
                if absent {
                    // A required atom is not in the text: the rule cannot match.
                    continue;
                }
            }
            if s.rule_stamp[rule as usize] != s.generation {
                s.rule_stamp[rule as usize] = s.generation;
                s.candidates.push(rule);
                if WARM {
                    prefetch(&inner.names[rule as usize]);
                    prefetch(&inner.effects[rule as usize]);
                }
            }
        }
    }
    s.seen = seen;
    for &rule in &inner.always {
        if s.rule_stamp[rule as usize] != s.generation {
            s.rule_stamp[rule as usize] = s.generation;
            s.candidates.push(rule);
        }
    }
    s.candidates.sort_unstable();
}

/// The postings of `atom`: the rules it anchors, each with the other atom it requires.
#[inline]
fn posting_ids(inner: &Inner, atom: u32) -> &[(u32, u32)] {
    let (from, to) = inner.postings[atom as usize];
    &inner.posting_ids[from as usize..to as usize]
}

/// Prefetches the parts of a rule's tree under its root (the root is in `Inner::nodes`): the
/// first line of them, which holds the first part and some of the second (a `Node` is 56
/// bytes; the size test below says so), or up to sixteen atoms of each NEAR side.
#[inline]
fn prefetch_parts(node: &Node) {
    match node {
        Node::And(parts) | Node::Or(parts) => prefetch(&parts[..]),
        Node::Not(part) => prefetch(&**part),
        Node::Near { left, right, .. } => {
            prefetch(&left[..]);
            prefetch(&right[..]);
        }
        _ => {}
    }
}

/// Prefetches what evaluating the atoms among a rule's root and the parts under it reads: their
/// slots of this text, and their definitions.
#[inline]
fn prefetch_atoms(inner: &Inner, s: &Scratch, node: &Node) {
    let atom = |a: u32| {
        if let (Some(slot), Some(def)) = (s.atoms.get(a as usize), inner.atoms.get(a as usize)) {
            prefetch(slot);
            prefetch(def);
        }
    };
    match node {
        Node::Atom(a) => atom(*a),
        Node::And(parts) | Node::Or(parts) => {
            for p in parts {
                if let Node::Atom(a) = p {
                    atom(*a)
                }
            }
        }
        Node::Not(part) => {
            if let Node::Atom(a) = **part {
                atom(a)
            }
        }
        Node::Near { left, right, .. } => left.iter().chain(right).for_each(|&a| atom(a)),
        _ => {}
    }
}

/// Where the hits of an atom are in `s.hits`. Unanchored atoms are found by scanning the
/// tokens on first need, and their hits appended.
fn atom_hits(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, atom: u32) -> std::ops::Range<usize> {
    let a = atom as usize;
    let slot = s.atoms[a];
    if slot.stamp == s.generation {
        return slot.from as usize..slot.to as usize;
    }
    let def = &inner.atoms[a];
    if def.is_lazy() {
        return lazy_hits(inner, s, atom);
    }
    let from = s.hits.len();
    if !def.anchored {
        let v = View {
            keys: &s.keys,
            texts: &s.texts,
            tokens: &s.tokens,
        };
        for t in 0..v.tokens.len() {
            if confirm(inner, doc, v, &mut s.stems, atom, t, t) {
                s.hits.push(Hit {
                    atom,
                    first: t as u32,
                    last: t as u32,
                });
            }
        }
    }
    let to = s.hits.len();
    s.atoms[a] = AtomSlot {
        stamp: s.generation,
        from: from as u32,
        to: to as u32,
    };
    from..to
}

/// The hits of a lazy atom (see `Atom::lazy`), found from the tokens' word ids (through their
/// filter, built on the text's first call) and recorded for this generation.
fn lazy_hits(inner: &Inner, s: &mut Scratch, atom: u32) -> std::ops::Range<usize> {
    let (from, to) = inner.atoms[atom as usize].lazy;
    let words = &inner.lazy_words[from as usize..to as usize];
    let first = s.hits.len();
    let mut push = |t: usize| {
        s.hits.push(Hit {
            atom,
            first: t as u32,
            last: t as u32,
        })
    };
    let bits = s.word_bits.get_or_insert_with(|| WordBits::of(&s.words));
    match words {
        [one] if !bits.may_hold(*one) => {}
        // Nearly always one word: a comparison a token.
        [one] => (0..s.words.len())
            .filter(|&t| s.words[t] == *one)
            .for_each(&mut push),
        _ => (0..s.words.len())
            .filter(|&t| words.contains(&s.words[t]))
            .for_each(&mut push),
    }
    s.atoms[atom as usize] = AtomSlot {
        stamp: s.generation,
        from: first as u32,
        to: s.hits.len() as u32,
    };
    first..s.hits.len()
}

fn has_atom(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, atom: u32) -> bool {
    !atom_hits(inner, doc, s, atom).is_empty()
}

/// Pushes the word positions (first, last) of every hit of `atoms`.
fn near_side(
    inner: &Inner,
    doc: &Doc<'_>,
    s: &mut Scratch,
    atoms: &[u32],
    out: &mut Vec<(u32, u32)>,
) {
    out.clear();
    for &a in atoms {
        for i in atom_hits(inner, doc, s, a) {
            let h = s.hits[i];
            out.push((
                s.tokens[h.first as usize].position,
                s.tokens[h.last as usize].position,
            ));
        }
    }
}

fn eval(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, node: &Node) -> bool {
    match node {
        Node::Atom(a) => has_atom(inner, doc, s, *a),
        Node::And(parts) => parts.iter().all(|p| eval(inner, doc, s, p)),
        Node::Or(parts) => parts.iter().any(|p| eval(inner, doc, s, p)),
        Node::Not(inner_node) => !eval(inner, doc, s, inner_node),
        Node::Near {
            left,
            right,
            distance,
            ordered,
        } => {
            let mut l = std::mem::take(&mut s.near_left);
            let mut by_start = std::mem::take(&mut s.near_right);
            let mut by_end = std::mem::take(&mut s.near_by_end);
            near_side(inner, doc, s, left, &mut l);
            near_side(inner, doc, s, right, &mut by_start);
            // Sorted right-side ranges, searched by window: linear-logarithmic, not quadratic.
            by_start.sort_unstable_by_key(|r| r.0);
            by_end.clear();
            by_end.extend_from_slice(&by_start);
            by_end.sort_unstable_by_key(|r| r.1);
            let d = *distance;
            let found = l.iter().any(|&(l0, l1)| {
                // Right side after the left: starts in l1+1 ..= l1+1+d.
                let i = by_start.partition_point(|r| r.0 <= l1);
                let forward = by_start.get(i).is_some_and(|r| r.0 - l1 - 1 <= d);
                // Right side before the left: ends in l0-1-d ..= l0-1.
                let j = by_end.partition_point(|r| r.1 < l0);
                let backward = !*ordered && j > 0 && l0 - by_end[j - 1].1 - 1 <= d;
                forward || backward
            });
            s.near_left = l;
            s.near_right = by_start;
            s.near_by_end = by_end;
            found
        }
        Node::Field(f) => doc.mention.is_some_and(|m| field_matches(f, m)),
        Node::Regex(i) => inner.regexes[*i as usize].is_match(doc.norm.as_str()),
    }
}

fn eq_text(value: &Option<String>, want: &str) -> bool {
    value
        .as_deref()
        .is_some_and(|v| v.trim().to_lowercase() == want)
}

fn field_matches(field: &Field, m: &Mention) -> bool {
    match field {
        Field::Platform(p) => m.platform == *p,
        Field::Kind(k) => m.kind == *k,
        Field::Lang(v) => eq_text(&m.lang, v),
        Field::Region(v) => eq_text(&m.region, v),
        Field::Author(v) => eq_text(&m.author, v),
        Field::Url(v) => m
            .url
            .as_deref()
            .is_some_and(|u| u.to_lowercase().contains(v.as_str())),
        Field::Rating(cmp, n) => m.rating.is_some_and(|r| cmp.holds(u64::from(r.get()), *n)),
        Field::Reach(cmp, n) => m.reach.is_some_and(|r| cmp.holds(r, *n)),
        Field::IsReply(b) => m.is_reply() == *b,
        Field::Brand(b) => m.author_is_brand == *b,
    }
}

/// Original byte range of tokens `first..=last`.
fn original_range(doc: &Doc<'_>, tokens: &[Token], first: usize, last: usize) -> (usize, usize) {
    let (a, b) = (&tokens[first], &tokens[last]);
    doc.norm.original_span(a.start, b.end)
}

/// The most spans reported for one tag (the first ones in the text); a text that repeats a
/// term a million times does not produce a million spans.
pub const MAX_SPANS_PER_TAG: usize = 256;

/// The spans of a matched rule: hits of atoms not under NOT, and regex matches.
fn spans(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, node: &Node) -> Spans {
    let mut ranges = std::mem::take(&mut s.ranges);
    ranges.clear();
    collect(inner, doc, s, node, &mut ranges);
    // By start, longest first; then drop ranges inside the one before (`ЗоряБанк` in `#ЗоряБанк`).
    ranges.sort_unstable_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let mut kept = 0;
    for i in 0..ranges.len() {
        let r = ranges[i];
        if kept > 0 && r.1 <= ranges[kept - 1].1 {
            continue;
        }
        if kept == MAX_SPANS_PER_TAG {
            break;
        }
        ranges[kept] = r;
        kept += 1;
    }
    ranges.truncate(kept);
    let out = with_chars(doc.original, &ranges, &mut s.chars);
    s.ranges = ranges;
    out
}

fn collect(
    inner: &Inner,
    doc: &Doc<'_>,
    s: &mut Scratch,
    node: &Node,
    out: &mut Vec<(usize, usize)>,
) {
    match node {
        Node::Atom(a) => collect_atom(inner, doc, s, *a, out),
        Node::Near { left, right, .. } => {
            for &a in left.iter().chain(right) {
                collect_atom(inner, doc, s, a, out);
            }
        }
        Node::And(parts) | Node::Or(parts) => {
            parts.iter().for_each(|p| collect(inner, doc, s, p, out))
        }
        Node::Regex(i) => {
            for m in inner.regexes[*i as usize].find_iter(doc.norm.as_str()) {
                out.push(doc.norm.original_span(m.start(), m.end()));
            }
        }
        Node::Not(_) | Node::Field(_) => {}
    }
}

fn collect_atom(
    inner: &Inner,
    doc: &Doc<'_>,
    s: &mut Scratch,
    atom: u32,
    out: &mut Vec<(usize, usize)>,
) {
    for i in atom_hits(inner, doc, s, atom) {
        let h = s.hits[i];
        out.push(original_range(
            doc,
            &s.tokens,
            h.first as usize,
            h.last as usize,
        ));
    }
}

/// Adds character offsets to byte ranges.
fn with_chars(text: &str, ranges: &[(usize, usize)], chars: &mut CharIndex) -> Spans {
    let mut span = |&(start, end): &(usize, usize)| Span {
        start,
        end,
        char_start: chars.chars_before(text, start),
        char_end: chars.chars_before(text, end),
    };
    match ranges {
        [one] => Spans::one(span(one)),
        [first, second] => Spans::two(span(first), span(second)),
        // No span (only field filters decided), or more than two, which are on the heap anyway:
        // collected into a vector of the right size. (Collecting every case straight into
        // `Spans` measured 2.5% more instructions a text at 1,000 rules and 4.7% at 100,000.)
        _ => Spans::from(ranges.iter().map(span).collect::<Vec<Span>>()),
    }
}

#[cfg(test)]
mod tests {
    use super::WARM_FROM_RULES;
    use crate::rules::RuleSet;
    use crate::rules::compile::LAZY_BELOW_RULES;

    #[derive(serde::Deserialize)]
    struct File {
        rules: String,
        case: Vec<Case>,
    }

    #[derive(serde::Deserialize)]
    struct Case {
        text: String,
    }

    fn rules(queries: &[String]) -> RuleSet {
        let mut file = String::new();
        for (i, q) in queries.iter().enumerate() {
            file.push_str(&format!(
                "[[tag]]\nid = \"r{i}\"\ncategory = \"type\"\nquery = '{q}'\n"
            ));
        }
        RuleSet::from_toml(&file).unwrap()
    }

    fn lazy_atoms(set: &RuleSet) -> usize {
        set.inner.atoms.iter().filter(|a| a.is_lazy()).count()
    }

    /// Words under NOT are lazy; with more of them than the word-id filter has bits, a word
    /// of the text that shares a bit with the excluded one does not exclude it.
    #[test]
    fn lazy_words_under_not_exclude_only_themselves() {
        let n = 300;
        let set = rules(
            &(0..n)
                .map(|i| format!("a{i} AND NOT c{i}"))
                .collect::<Vec<_>>(),
        );
        assert_eq!(lazy_atoms(&set), n);
        for i in 0..n {
            for j in [i, (i + 1) % n, (i + 256) % n, (i + 44) % n] {
                let text = format!("a{i} b c{j} c{j}");
                let want: Vec<String> = if i == j {
                    vec![]
                } else {
                    vec![format!("r{i}")]
                };
                assert_eq!(set.tag_text(&text).tag_ids(), want, "{text}");
            }
        }
    }

    /// Lazy words as AND parts (the posting's check), NEAR sides and spans tag as the term
    /// index's hits did.
    #[test]
    fn lazy_words_in_and_near_and_spans() {
        let set = rules(&[
            "зорябанк AND картка".to_owned(),
            "банк NEAR/1 (кредит OR картка)".to_owned(),
            "\"зоря банк\" AND NOT кредит".to_owned(),
        ]);
        // картка and кредит anchor no rule.
        assert_eq!(lazy_atoms(&set), 2);
        let chars = |t: &crate::rules::TagMatch| -> Vec<(usize, usize)> {
            t.spans.iter().map(|s| (s.char_start, s.char_end)).collect()
        };
        let t = set.tag_text("картка зорябанк, банк і картка");
        assert_eq!(t.tag_ids(), ["r0", "r1"]);
        assert_eq!(chars(&t.tags[0]), [(0, 6), (7, 15), (24, 30)]);
        // A NEAR's spans are every hit of its sides.
        assert_eq!(chars(&t.tags[1]), [(0, 6), (17, 21), (24, 30)]);
        assert_eq!(set.tag_text("зоря банк кредит").tag_ids(), ["r1"]);
        assert_eq!(set.tag_text("зоря банк картка").tag_ids(), ["r1", "r2"]);
        assert_eq!(
            set.tag_text("банк, ні, так, картка").tag_ids(),
            Vec::<&str>::new()
        );
        assert_eq!(set.tag_text("зорябанк").tag_ids(), Vec::<&str>::new());
    }

    /// Every kind of check (glob, stem, exact case) confirms the same hits when the hits are
    /// held back until after the lookups (a set padded past [`WARM_FROM_RULES`]) as when they
    /// are confirmed at once.
    #[test]
    fn checked_hits_confirm_the_same_held_back() {
        let queries = [
            "з?ря* AND банк".to_owned(),
            "~картка".to_owned(),
            "{ЗоряБанк} OR к*т?а".to_owned(),
        ];
        let small = rules(&queries);
        let mut padded = queries.to_vec();
        padded.extend((0..WARM_FROM_RULES).map(|i| format!("padword{i}")));
        let large = rules(&padded);
        let texts = [
            ("зоряна банк, зірка банк", vec!["r0"]),
            ("Картка заблокована, картки нема", vec!["r1", "r2"]),
            ("ЗоряБанк, а не зорябанк", vec!["r2"]),
            ("зорябанк кутка", vec!["r2"]),
            ("зорябанк кота", vec![]),
            ("нічого тут", vec![]),
        ];
        for (text, want) in texts {
            let (s, l) = (small.tag_text(text), large.tag_text(text));
            assert_eq!(s.tag_ids(), want, "{text}");
            assert_eq!(s, l, "{text}");
        }
    }

    /// A rule tree's node is 56 bytes on 64-bit targets, as `prefetch_parts` says.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_node_is_56_bytes() {
        assert_eq!(std::mem::size_of::<super::Node>(), 56);
    }

    /// The shared cases tag the same when their rule file is padded past [`WARM_FROM_RULES`]
    /// and [`LAZY_BELOW_RULES`] with rules of their own words (which build the results the
    /// other way, find every atom by the term index, prefetch the index's slots and, on
    /// x86-64, what each step from the hits to the results reads, confirming the checked hits
    /// (`~stem`, `{Exact}`; the globs with a check are in the test above) after the lookups); the padding rules fire in
    /// file order among the others.
    #[test]
    fn large_rule_sets_tag_as_small_ones() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/tagging.toml");
        let file: File = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut padded = file.rules.clone();
        for i in 0..WARM_FROM_RULES {
            padded.push_str(&format!(
                "\n[[tag]]\nid = \"pad{i}\"\ncategory = \"type\"\nquery = 'padword{i}'\n"
            ));
        }
        let small = RuleSet::from_toml(&file.rules).unwrap();
        let large = RuleSet::from_toml(&padded).unwrap();
        assert!(padded.matches("[[tag]]").count() >= LAZY_BELOW_RULES);
        assert!(lazy_atoms(&small) > 0);
        assert_eq!(lazy_atoms(&large), 0);
        let x86 = cfg!(target_arch = "x86_64");
        assert_eq!(large.inner.terms.prefetch_pays(), x86);
        assert!(!small.inner.terms.prefetch_pays());
        for case in &file.case {
            assert_eq!(
                small.tag_text(&case.text),
                large.tag_text(&case.text),
                "{:?}",
                case.text
            );
            let text = format!("padword7 {} padword{}", case.text, WARM_FROM_RULES - 1);
            let (want, got) = (small.tag_text(&text), large.tag_text(&text));
            let last = format!("pad{}", WARM_FROM_RULES - 1);
            let mut ids = want.tag_ids();
            ids.extend(["pad7", last.as_str()]);
            assert_eq!(got.tag_ids(), ids, "{text:?}");
            assert_eq!(got.tags[..want.tags.len()], want.tags[..]);
            assert_eq!(
                (got.priority, &got.queue, got.needs_reply),
                (want.priority, &want.queue, want.needs_reply)
            );
        }
    }
}
