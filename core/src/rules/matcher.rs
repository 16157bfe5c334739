//! Tagging one text: normalize, tokenize, one automaton pass, then exact evaluation of the
//! candidate rules. Per-thread scratch buffers keep the hot path free of allocation churn.

use std::cell::RefCell;

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{Anchored, Input};

use super::compile::{Check, Inner, Node};
use super::query::Field;
use super::stem::{glob_matches, stem};
use super::tagging::{Span, TagMatch, Tagging};
use crate::Mention;
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

#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    /// `" tok1 tok2 ... "`: what the automaton scans.
    stream: String,
    /// Byte offset in `stream` of each token.
    starts: Vec<u32>,
    hits: Vec<Hit>,
    generation: u32,
    atom_stamp: Vec<u32>,
    atom_range: Vec<(u32, u32)>,
    rule_stamp: Vec<u32>,
    candidates: Vec<u32>,
    /// The normalized text's buffers, reused.
    norm: Normalized,
}

impl Scratch {
    fn next_generation(&mut self, atoms: usize, rules: usize) {
        if self.atom_stamp.len() < atoms {
            self.atom_stamp.resize(atoms, 0);
            self.atom_range.resize(atoms, (0, 0));
        }
        if self.rule_stamp.len() < rules {
            self.rule_stamp.resize(rules, 0);
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.atom_stamp.iter_mut().for_each(|s| *s = 0);
            self.rule_stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        self.hits.clear();
        self.candidates.clear();
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
    build_stream(&doc, s);
    find_hits(inner, &doc, s);
    index_hits(s);
    select_candidates(inner, s);

    let mut tagging = Tagging {
        truncated,
        ..Tagging::default()
    };
    // The priority of the tag whose queue was taken (`Some(None)`: a tag without priority).
    let mut queue_rank = None;
    let candidates = std::mem::take(&mut s.candidates);
    for &rule in &candidates {
        let node = &inner.nodes[rule as usize];
        if !eval(inner, &doc, s, node) {
            continue;
        }
        let def = &inner.tags[rule as usize];
        tagging.needs_reply |= def.needs_reply;
        tagging.priority = tagging.priority.max(def.priority);
        // The queue of the most urgent tag that names one; the first in file order among equals.
        if def.queue.is_some() && queue_rank.is_none_or(|rank| def.priority > rank) {
            queue_rank = Some(def.priority);
            tagging.queue = def.queue.clone();
        }
        let spans = spans(inner, &doc, s, node);
        tagging.tags.push(TagMatch {
            tag: def.id.clone(),
            category: def.category.clone(),
            spans,
        });
    }
    s.candidates = candidates;
    s.norm = doc.norm;
    tagging
}

/// Writes `" tok1 tok2 ... "` and each token's offset in it.
fn build_stream(doc: &Doc<'_>, s: &mut Scratch) {
    s.stream.clear();
    s.starts.clear();
    s.stream.push(' ');
    let norm = doc.norm.as_str();
    for t in &s.tokens {
        s.starts.push(s.stream.len() as u32);
        if let Some(marker) = t.marker() {
            s.stream.push(marker);
            s.stream.push_str(&norm[t.body..t.end]);
        } else {
            s.stream.push_str(&norm[t.start..t.end]);
        }
        s.stream.push(' ');
    }
}

/// The token whose stream text contains byte `at` (or starts right after the space at `at`).
fn token_at(starts: &[u32], at: usize) -> usize {
    starts
        .partition_point(|&s| s as usize <= at)
        .saturating_sub(1)
}

fn token_text(s: &Scratch, token: usize) -> &str {
    let start = s.starts[token] as usize;
    let end = s
        .starts
        .get(token + 1)
        .map_or(s.stream.len(), |&n| n as usize)
        - 1;
    &s.stream[start..end]
}

fn confirm(
    inner: &Inner,
    doc: &Doc<'_>,
    s: &Scratch,
    atom: u32,
    first: usize,
    last: usize,
) -> bool {
    match &inner.atoms[atom as usize].check {
        Check::Pattern => true,
        Check::Glob(pattern) => first == last && glob_matches(pattern, token_text(s, first)),
        Check::Stem(stems) => {
            let word = token_text(s, first);
            first == last && stems.iter().any(|(lang, st)| stem(*lang, word) == *st)
        }
        Check::Exact(raw) => {
            let (start, end) = original_range(doc, s, first, last);
            doc.original.get(start..end) == Some(raw.as_str())
        }
    }
}

fn find_hits(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch) {
    let Some(automaton) = &inner.automaton else {
        return;
    };
    let mut hits = std::mem::take(&mut s.hits);
    // Every pattern starts with the space before a token, so the automaton is only started
    // there (anchored), and each walk stops as soon as no pattern continues.
    for token in 0..s.starts.len() {
        let input = Input::new(s.stream.as_str())
            .span(s.starts[token] as usize - 1..s.stream.len())
            .anchored(Anchored::Yes);
        let mut state = OverlappingState::start();
        loop {
            automaton.find_overlapping(input.clone(), &mut state);
            let Some(m) = state.get_match() else { break };
            // A pattern ends with the space after its last token, or (a prefix) inside that token.
            let last = token_at(&s.starts, m.end() - 1);
            let (from, to) = inner.pattern_atoms[m.pattern().as_usize()];
            for &atom in &inner.pattern_atom_ids[from as usize..to as usize] {
                if confirm(inner, doc, s, atom, token, last) {
                    hits.push(Hit {
                        atom,
                        first: token as u32,
                        last: last as u32,
                    });
                }
            }
        }
    }
    s.hits = hits;
}

/// Sorts hits by atom and records each atom's range for this generation.
fn index_hits(s: &mut Scratch) {
    s.hits.sort_unstable_by_key(|h| (h.atom, h.first));
    let mut i = 0;
    while i < s.hits.len() {
        let atom = s.hits[i].atom;
        let start = i;
        while i < s.hits.len() && s.hits[i].atom == atom {
            i += 1;
        }
        s.atom_stamp[atom as usize] = s.generation;
        s.atom_range[atom as usize] = (start as u32, i as u32);
    }
}

fn select_candidates(inner: &Inner, s: &mut Scratch) {
    let mut i = 0;
    while i < s.hits.len() {
        let atom = s.hits[i].atom;
        let (from, to) = inner.postings[atom as usize];
        for &rule in &inner.posting_ids[from as usize..to as usize] {
            if s.rule_stamp[rule as usize] != s.generation {
                s.rule_stamp[rule as usize] = s.generation;
                s.candidates.push(rule);
            }
        }
        i = s.atom_range[atom as usize].1 as usize;
    }
    for &rule in &inner.always {
        if s.rule_stamp[rule as usize] != s.generation {
            s.rule_stamp[rule as usize] = s.generation;
            s.candidates.push(rule);
        }
    }
    s.candidates.sort_unstable();
}

/// Where the hits of an atom are in `s.hits`. Unanchored atoms are found by scanning the
/// tokens on first need, and their hits appended.
fn atom_hits(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, atom: u32) -> std::ops::Range<usize> {
    let a = atom as usize;
    if s.atom_stamp[a] != s.generation {
        let from = s.hits.len();
        if !inner.atoms[a].anchored {
            for t in 0..s.tokens.len() {
                if confirm(inner, doc, s, atom, t, t) {
                    s.hits.push(Hit {
                        atom,
                        first: t as u32,
                        last: t as u32,
                    });
                }
            }
        }
        s.atom_stamp[a] = s.generation;
        s.atom_range[a] = (from as u32, s.hits.len() as u32);
    }
    let (from, to) = s.atom_range[a];
    from as usize..to as usize
}

fn has_atom(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, atom: u32) -> bool {
    !atom_hits(inner, doc, s, atom).is_empty()
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
            let side = |s: &mut Scratch, atoms: &[u32]| -> Vec<(u32, u32)> {
                let mut out = Vec::new();
                for &a in atoms {
                    for i in atom_hits(inner, doc, s, a) {
                        let h = s.hits[i];
                        out.push((
                            s.tokens[h.first as usize].position,
                            s.tokens[h.last as usize].position,
                        ));
                    }
                }
                out
            };
            let (l, mut by_start) = (side(s, left), side(s, right));
            // Sorted right-side ranges, searched by window: linear-logarithmic, not quadratic.
            by_start.sort_unstable_by_key(|r| r.0);
            let mut by_end = by_start.clone();
            by_end.sort_unstable_by_key(|r| r.1);
            let d = *distance;
            l.iter().any(|&(l0, l1)| {
                // Right side after the left: starts in l1+1 ..= l1+1+d.
                let i = by_start.partition_point(|r| r.0 <= l1);
                let forward = by_start.get(i).is_some_and(|r| r.0 - l1 - 1 <= d);
                // Right side before the left: ends in l0-1-d ..= l0-1.
                let j = by_end.partition_point(|r| r.1 < l0);
                let backward = !*ordered && j > 0 && l0 - by_end[j - 1].1 - 1 <= d;
                forward || backward
            })
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
fn original_range(doc: &Doc<'_>, s: &Scratch, first: usize, last: usize) -> (usize, usize) {
    let (a, b) = (&s.tokens[first], &s.tokens[last]);
    doc.norm.original_span(a.start, b.end)
}

/// The most spans reported for one tag (the first ones in the text); a text that repeats a
/// term a million times does not produce a million spans.
pub const MAX_SPANS_PER_TAG: usize = 256;

/// The spans of a matched rule: hits of atoms not under NOT, and regex matches.
fn spans(inner: &Inner, doc: &Doc<'_>, s: &mut Scratch, node: &Node) -> Vec<Span> {
    let mut ranges = Vec::new();
    collect(inner, doc, s, node, &mut ranges);
    // By start, longest first; then drop ranges inside the one before (`ЗоряБанк` in `#ЗоряБанк`).
    ranges.sort_unstable_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(ranges.len().min(MAX_SPANS_PER_TAG));
    for r in ranges {
        if kept.last().is_some_and(|&(_, end)| r.1 <= end) {
            continue;
        }
        if kept.len() == MAX_SPANS_PER_TAG {
            break;
        }
        kept.push(r);
    }
    let ranges = kept;
    with_chars(doc.original, ranges)
}

fn collect(
    inner: &Inner,
    doc: &Doc<'_>,
    s: &mut Scratch,
    node: &Node,
    out: &mut Vec<(usize, usize)>,
) {
    match node {
        Node::Atom(a) => {
            for i in atom_hits(inner, doc, s, *a) {
                let h = s.hits[i];
                out.push(original_range(doc, s, h.first as usize, h.last as usize));
            }
        }
        Node::Near { left, right, .. } => {
            for a in left.iter().chain(right) {
                collect(inner, doc, s, &Node::Atom(*a), out);
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

/// Adds character offsets to sorted byte ranges in one pass over the text.
fn with_chars(text: &str, ranges: Vec<(usize, usize)>) -> Vec<Span> {
    let mut out = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        let char_start = text[..start].chars().count();
        let char_end = char_start + text[start..end].chars().count();
        out.push(Span {
            start,
            end,
            char_start,
            char_end,
        });
    }
    out
}
