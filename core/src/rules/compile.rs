//! Compiling rule files into a [`RuleSet`]: atoms, one index of all their token patterns (see
//! `terms.rs`), anchors for candidate selection, and the check of every example.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::error::{RuleError, RuleErrorKind, line_column};
use super::file::{self, Located, Priority, SourceFile};
use super::lint::{Lint, lint_rule};
use super::parse::{ParseOptions, parse_query};
use super::query::{Field, Query, Term};
use super::stem::{Lang, languages, stem};
use super::tagging::Tagging;
use super::terms::{TermIndex, whole_token};
use crate::Mention;

/// The categories every rule file may use without declaring them.
pub const KNOWN_CATEGORIES: &[&str] = &["type", "product", "process", "region", "lead"];

/// One tag of a rule set, as declared.
#[derive(Clone, Debug)]
pub struct TagDef {
    /// Its id, unique in the set.
    pub id: String,
    /// Its category.
    pub category: String,
    /// The query, parsed (print it for the canonical form).
    pub query: Query,
    /// Whether a mention with this tag needs a reply.
    pub needs_reply: bool,
    /// Whether a case with this tag needs account details, so the reply moves it to a private
    /// channel (`private = true` in the rule file).
    pub private: bool,
    /// How urgent it is.
    pub priority: Option<Priority>,
    /// The queue it goes to.
    pub queue: Option<String>,
    /// A description for people.
    pub description: Option<String>,
}

/// What a matched tag sets in the [`Tagging`], kept small and together for the matcher.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Effects {
    pub(crate) needs_reply: bool,
    pub(crate) private: bool,
    /// Whether the tag names a queue (read from its `TagDef` then).
    pub(crate) queue: bool,
    pub(crate) priority: Option<Priority>,
}

/// The flag of an atom code from the term index whose hits need their [`Check`].
pub(crate) const NEEDS_CHECK: u32 = 1 << 31;
/// How an atom's candidate hits are confirmed after the term index found its pattern.
#[derive(Clone, Debug)]
pub(crate) enum Check {
    /// The pattern is the whole test (words, phrases, hashtags, handles).
    Pattern,
    /// The token must match this wildcard pattern.
    Glob(Vec<char>),
    /// The token's stem in one of these languages must be this stem (with its
    /// [`hash`](super::terms::hash), compared first).
    Stem(Vec<(Lang, String, u64)>),
    /// The original text of the matched span must be exactly this (case-sensitive).
    Exact(String),
}

#[derive(Clone, Debug)]
pub(crate) struct Atom {
    pub(crate) check: Check,
    /// Whether the term index finds it (else it is found by scanning the tokens, when needed).
    pub(crate) anchored: bool,
    /// The range of `Inner::lazy_words` that holds the word ids of its patterns when it is
    /// lazy: found on first need from the tokens' word ids rather than reported by the term
    /// index (empty for the other atoms).
    pub(crate) lazy: (u32, u32),
}

impl Atom {
    /// Whether it is found on first need from the tokens' word ids ([`Atom::lazy`]).
    pub(crate) fn is_lazy(&self) -> bool {
        self.lazy.0 < self.lazy.1
    }
}

/// A compiled query.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Atom(u32),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Near {
        left: Vec<u32>,
        right: Vec<u32>,
        distance: u32,
        ordered: bool,
    },
    Field(Field),
    Regex(u32),
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) tags: Vec<TagDef>,
    /// Each tag's id and category, shared with the results.
    pub(crate) names: Vec<(Arc<str>, Arc<str>)>,
    /// What a matched tag contributes besides its name, apart from the (large) `TagDef`s.
    pub(crate) effects: Vec<Effects>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) atoms: Vec<Atom>,
    /// Finds every pattern in a text's tokens.
    pub(crate) terms: TermIndex,
    /// Atom -> rules it anchors (offsets into `posting_ids`).
    pub(crate) postings: Vec<(u32, u32)>,
    /// Per posting: the rule, and another anchored atom the rule cannot match without
    /// ([`NO_ATOM`] if none; flagged with [`LAZY_CHECK`] when lazy): a rule whose required
    /// atom is not in the text is no candidate.
    pub(crate) posting_ids: Vec<(u32, u32)>,
    /// Rules with no anchor: evaluated for every text.
    pub(crate) always: Vec<u32>,
    /// Word ids in the term index of the lazy atoms' patterns (see [`Atom::lazy`]).
    pub(crate) lazy_words: Vec<u32>,
    pub(crate) regexes: Vec<regex::Regex>,
    pub(crate) lints: Vec<Lint>,
}

/// A compiled set of tagging rules: immutable, `Send + Sync`, cheap to clone and share.
///
/// Matching is two-phase, as Lucene Monitor and the Elasticsearch percolator do it: one pass
/// over the normalized text's tokens finds every term of every query (a dictionary of token
/// strings, which finds what an Aho-Corasick scan anchored at token starts would); only the rules
/// whose anchor terms were seen (plus the few that have no anchor, see [`RuleSet::lint`]) are
/// then evaluated exactly.
///
/// ```
/// use otklik::rules::{Priority, RuleSet};
///
/// let rules = RuleSet::from_toml(r#"
/// [aliases]
/// bank = 'зоря OR зорябанк OR "zorya bank" OR @zoryabank OR #зорябанк'
///
/// [[tag]]
/// id = "complaint"
/// category = "type"
/// query = '("не працює" OR ~заблокували OR "списали гроші") AND NOT тест'
/// needs_reply = true
/// priority = "high"
/// queue = "support"
/// examples.match = ["Картку ЗАБЛОКУВАЛИ без пояснень"]
/// examples.no_match = ["Все працює, дякую"]
///
/// [[tag]]
/// id = "card"
/// category = "product"
/// query = "~картка OR карт*"
/// "#).unwrap();
///
/// let t = rules.tag_text("@ZoryaBank картку заблокували 😡");
/// assert_eq!(t.tag_ids(), ["complaint", "card"]);
/// assert!(t.needs_reply);
/// assert_eq!(t.priority, Some(Priority::High));
/// assert_eq!(t.queue.as_deref(), Some("support"));
/// ```
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub(crate) inner: Arc<Inner>,
}

impl RuleSet {
    /// Compiles a TOML rule file, checking every example.
    pub fn from_toml(text: &str) -> Result<RuleSet, RuleError> {
        compile(file::from_toml(text)?)
    }

    /// Compiles a JSON rule file (the same structure as the TOML one).
    ///
    /// ```
    /// let rules = otklik::rules::RuleSet::from_json(
    ///     r#"{"tag": [{"id": "atm", "category": "product", "query": "банкомат* OR atm"}]}"#,
    /// ).unwrap();
    /// assert!(rules.tag_text("Банкомат з'їв картку").has("atm"));
    /// ```
    pub fn from_json(text: &str) -> Result<RuleSet, RuleError> {
        compile(file::from_json(text)?)
    }

    /// Reads and compiles a rule file; `.json` files are read as JSON, anything else as TOML.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<RuleSet, RuleError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            RuleError::new(
                RuleErrorKind::Syntax,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            RuleSet::from_json(&text)
        } else {
            RuleSet::from_toml(&text)
        }
    }

    /// The tags, in rule-file order.
    pub fn tags(&self) -> &[TagDef] {
        &self.inner.tags
    }

    /// Findings about the rules that compile but deserve a look (see [`Lint`]).
    pub fn lint(&self) -> &[Lint] {
        &self.inner.lints
    }

    /// Tags a mention: its text and, for field filters, its fields.
    ///
    /// [`Tagging::move_to_private`] is also set when the mention is public
    /// ([`Mention::is_public`]) and its text holds personal data ([`crate::pii`]).
    pub fn tag(&self, mention: &Mention) -> Tagging {
        let mut tagging = super::matcher::tag(&self.inner, &mention.text, Some(mention));
        if !tagging.move_to_private
            && mention.is_public()
            && crate::pii::may_hold_pii(&mention.text)
            && !crate::pii::find_pii(&mention.text).is_empty()
        {
            tagging.move_to_private = true;
        }
        tagging
    }

    /// Tags a bare text (field filters never match).
    pub fn tag_text(&self, text: &str) -> Tagging {
        super::matcher::tag(&self.inner, text, None)
    }

    /// Tags many texts, on all cores when there are enough of them to pay for it.
    ///
    /// ```
    /// let rules = otklik::rules::RuleSet::from_toml(
    ///     "[[tag]]\nid = \"atm\"\ncategory = \"product\"\nquery = \"банкомат*\"",
    /// ).unwrap();
    /// let results = rules.tag_many(&["Банкомат не видав гроші", "Дякую!"]);
    /// assert_eq!(results.iter().map(|t| t.tags.len()).collect::<Vec<_>>(), [1, 0]);
    /// ```
    pub fn tag_many<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Tagging> {
        use rayon::prelude::*;
        if texts.len() < PARALLEL_FROM {
            return texts.iter().map(|t| self.tag_text(t.as_ref())).collect();
        }
        texts
            .par_iter()
            .with_min_len(64)
            .map(|t| self.tag_text(t.as_ref()))
            .collect()
    }

    /// Tags many mentions, on all cores when there are enough of them to pay for it.
    pub fn tag_mentions(&self, mentions: &[Mention]) -> Vec<Tagging> {
        use rayon::prelude::*;
        if mentions.len() < PARALLEL_FROM {
            return mentions.iter().map(|m| self.tag(m)).collect();
        }
        mentions
            .par_iter()
            .with_min_len(64)
            .map(|m| self.tag(m))
            .collect()
    }
}

/// Below this many inputs a batch is tagged on the calling thread.
const PARALLEL_FROM: usize = 256;

/// Interns atoms and their token patterns.
#[derive(Default)]
struct Builder {
    atoms: Vec<Atom>,
    atom_ids: HashMap<Query, u32>,
    patterns: Vec<String>,
    pattern_ids: HashMap<String, u32>,
    /// (pattern, atom) pairs.
    links: Vec<(u32, u32)>,
    regexes: Vec<regex::Regex>,
    regex_ids: HashMap<String, u32>,
}

impl Builder {
    fn pattern(&mut self, text: String, atom: u32) {
        let next = self.patterns.len() as u32;
        let id = *self.pattern_ids.entry(text.clone()).or_insert_with(|| {
            self.patterns.push(text);
            next
        });
        self.links.push((id, atom));
    }

    fn atom(&mut self, key: &Query) -> u32 {
        if let Some(&id) = self.atom_ids.get(key) {
            return id;
        }
        let id = self.atoms.len() as u32;
        let words = |ws: &[String]| format!(" {} ", ws.join(" "));
        let (check, patterns): (Check, Vec<String>) = match key {
            Query::Phrase(ws) => (Check::Pattern, vec![words(ws)]),
            Query::Term(Term::Word(w)) => (Check::Pattern, vec![format!(" {w} ")]),
            Query::Term(Term::Hashtag(h)) => (Check::Pattern, vec![format!(" #{h} ")]),
            Query::Term(Term::Handle(h)) => (Check::Pattern, vec![format!(" @{h} ")]),
            Query::Term(Term::Wildcard(p)) => {
                let literal: String = p.chars().take_while(|c| *c != '*' && *c != '?').collect();
                let patterns = if literal.is_empty() {
                    vec![]
                } else {
                    vec![format!(" {literal}")]
                };
                // `literal*`: the prefix pattern found at a token start is the whole test.
                let prefix_only = !literal.is_empty()
                    && !literal.contains(' ')
                    && p[literal.len()..].chars().all(|c| c == '*');
                let check = if prefix_only {
                    Check::Pattern
                } else {
                    Check::Glob(p.chars().collect())
                };
                (check, patterns)
            }
            Query::Term(Term::Stem(w)) => {
                let stems: Vec<(Lang, String)> =
                    languages(w).iter().map(|&l| (l, stem(l, w))).collect();
                let mut patterns = Vec::new();
                for (_, s) in &stems {
                    // The part shared by the stem and the word, less its last letter: other
                    // forms may differ there (drive/driving, stories/story).
                    let mut common: String = s
                        .chars()
                        .zip(w.chars())
                        .take_while(|(a, b)| a == b)
                        .map(|(a, _)| a)
                        .collect();
                    if common.chars().count() > 3 {
                        common.pop();
                    }
                    if common.is_empty() {
                        patterns.clear();
                        break;
                    }
                    patterns.push(format!(" {common}"));
                }
                let check = if stems.is_empty() {
                    Check::Pattern
                } else {
                    Check::Stem(
                        stems
                            .iter()
                            .map(|(l, st)| (*l, st.clone(), super::terms::hash(st.as_bytes())))
                            .collect(),
                    )
                };
                if matches!(check, Check::Pattern) {
                    // No language to stem in (digits): the word itself.
                    patterns = vec![format!(" {w} ")];
                }
                (check, patterns)
            }
            Query::Term(Term::Exact(raw)) => {
                let ws = super::parse::words_of(raw);
                let patterns = if ws.is_empty() {
                    vec![]
                } else {
                    vec![words(&ws)]
                };
                (Check::Exact(raw.clone()), patterns)
            }
            _ => (Check::Pattern, vec![]),
        };
        let anchored = !patterns.is_empty();
        self.atoms.push(Atom {
            check,
            anchored,
            lazy: (0, 0),
        });
        for p in patterns {
            self.pattern(p, id);
        }
        self.atom_ids.insert(key.clone(), id);
        id
    }

    fn node(&mut self, q: &Query) -> Result<Node, String> {
        Ok(match q {
            Query::Term(_) | Query::Phrase(_) => Node::Atom(self.atom(q)),
            Query::And(parts) => Node::And(
                parts
                    .iter()
                    .map(|p| self.node(p))
                    .collect::<Result<_, _>>()?,
            ),
            Query::Or(parts) => Node::Or(
                parts
                    .iter()
                    .map(|p| self.node(p))
                    .collect::<Result<_, _>>()?,
            ),
            Query::Not(inner) => Node::Not(Box::new(self.node(inner)?)),
            Query::Near {
                left,
                right,
                distance,
                ordered,
            } => Node::Near {
                left: self.operand(left),
                right: self.operand(right),
                distance: *distance,
                ordered: *ordered,
            },
            Query::Field(f) => Node::Field(f.clone()),
            Query::Regex(pattern) => {
                let next = self.regexes.len() as u32;
                if let Some(&id) = self.regex_ids.get(pattern) {
                    Node::Regex(id)
                } else {
                    let re = regex::RegexBuilder::new(pattern)
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|e| format!("bad regex /{pattern}/: {e}"))?;
                    self.regexes.push(re);
                    self.regex_ids.insert(pattern.clone(), next);
                    Node::Regex(next)
                }
            }
        })
    }

    fn operand(&mut self, q: &Query) -> Vec<u32> {
        match q {
            Query::Or(parts) => parts.iter().map(|p| self.atom(p)).collect(),
            other => vec![self.atom(other)],
        }
    }
}

/// How costly an atom is as an anchor: how many rules use it (a term many rules share is
/// likely common in texts too), then how short its pattern is (short terms are common).
type AnchorCost = (u64, std::cmp::Reverse<usize>);

fn set_cost(
    set: &[u32],
    cost: &dyn Fn(u32) -> AnchorCost,
) -> (u64, usize, std::cmp::Reverse<usize>) {
    let uses = set.iter().map(|a| cost(*a).0).sum();
    let shortest = set
        .iter()
        .map(|a| cost(*a).1)
        .max()
        .unwrap_or(std::cmp::Reverse(0));
    (uses, set.len(), shortest)
}

/// The atoms one of which must be found for the node to match, or `None` when the node can
/// match without any (NOT, fields, regexes, unanchored wildcards). Of an AND's parts, the
/// cheapest anchor set is taken, as Lucene Monitor's term weighting does.
fn anchors(node: &Node, atoms: &[Atom], cost: &dyn Fn(u32) -> AnchorCost) -> Option<Vec<u32>> {
    match node {
        Node::Atom(a) => atoms[*a as usize].anchored.then(|| vec![*a]),
        Node::Or(parts) => {
            let mut all = Vec::new();
            for p in parts {
                all.extend(anchors(p, atoms, cost)?);
            }
            Some(all)
        }
        Node::And(parts) => parts
            .iter()
            .filter_map(|p| anchors(p, atoms, cost))
            .min_by_key(|set| set_cost(set, cost)),
        Node::Near { left, right, .. } => [left, right]
            .into_iter()
            .filter(|side| side.iter().all(|a| atoms[*a as usize].anchored))
            .min_by_key(|side| set_cost(side, cost))
            .cloned(),
        Node::Not(_) | Node::Field(_) | Node::Regex(_) => None,
    }
}

/// The most rules that may use an atom found on first need ([`Atom::lazy`]). The more rules use
/// a word, the likelier some rule asks for it in each text that has it, and a lazy atom asked
/// for costs a pass over the text's word ids where the term index would have reported it
/// along the way. Measured on the generated rule sets (instructions a text, one run against
/// the engine without lazy atoms): with this bound, 7.8% fewer at 1,000 rules (a common word
/// is used by about 17 rules) and 5.4% fewer at 10,000 (about 170); with a bound of 32, 2.1%
/// more at 10,000; with none, 21% more at 100,000 (about 1,700).
const LAZY_MAX_USES: u64 = 256;

/// Rule sets of this many rules or more find every atom by the term index (no atom is lazy):
/// at 100,000 generated rules lazy atoms cost 2% more instructions a text and 4% fewer
/// mentions a second (five runs alternated with the engine without them), where at 1,000 and
/// 10,000 rules they gain (see [`LAZY_MAX_USES`]).
pub(crate) const LAZY_BELOW_RULES: usize = 1 << 15;

/// Flags a posting's check atom that is lazy ([`Atom::lazy`]): whether it is in the text is
/// found on asking, not from the term index's hits.
pub(crate) const LAZY_CHECK: u32 = 1 << 31;

/// Atom id meaning "no atom".
pub(crate) const NO_ATOM: u32 = u32::MAX;

/// Anchored atoms without any of which the node cannot match (some of them; with repeats).
fn required(node: &Node, atoms: &[Atom], out: &mut Vec<u32>) {
    match node {
        Node::Atom(a) => {
            if atoms[*a as usize].anchored {
                out.push(*a);
            }
        }
        Node::And(parts) => parts.iter().for_each(|p| required(p, atoms, out)),
        Node::Near { left, right, .. } => {
            for side in [left, right] {
                if let [a] = side.as_slice()
                    && atoms[*a as usize].anchored
                {
                    out.push(*a);
                }
            }
        }
        Node::Or(_) | Node::Not(_) | Node::Field(_) | Node::Regex(_) => {}
    }
}

/// Every atom a node refers to (with repeats).
fn atoms_of(node: &Node, out: &mut Vec<u32>) {
    match node {
        Node::Atom(a) => out.push(*a),
        Node::And(parts) | Node::Or(parts) => parts.iter().for_each(|p| atoms_of(p, out)),
        Node::Not(inner) => atoms_of(inner, out),
        Node::Near { left, right, .. } => out.extend(left.iter().chain(right)),
        Node::Field(_) | Node::Regex(_) => {}
    }
}

fn query_error(file: &SourceFile, located: &Located, err: &super::parse::QueryError) -> RuleError {
    let mut error = RuleError::new(RuleErrorKind::Query, err.message().to_owned());
    if let Some(start) = located.offset {
        let at = start + err.offset();
        // Exact when the file holds the query verbatim; else the line of the query.
        let verbatim =
            file.text.get(start..start + located.text.len()) == Some(located.text.as_str());
        let (line, column) = line_column(&file.text, if verbatim { at } else { start });
        error = error.at(line, column);
    }
    error
}

fn compile(file: SourceFile) -> Result<RuleSet, RuleError> {
    let mut options = ParseOptions::default().implicit_and(file.implicit_and);

    // Aliases may use each other: parse them in dependency order, refusing cycles.
    let mut pending: Vec<&(String, Located)> = file.aliases.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        // An alias that uses one not parsed yet waits for the next round; any other error
        // is the alias's own and is reported at once.
        let mut waiting = None;
        let mut failed = None;
        pending.retain(|(name, located)| {
            if failed.is_some() {
                return true;
            }
            match parse_query(&located.text, &options) {
                Ok(q) => {
                    options.define(name.clone(), q);
                    false
                }
                Err(e) if e.message().starts_with("unknown alias") => {
                    waiting = Some((name.clone(), (*located).clone(), e));
                    true
                }
                Err(e) => {
                    failed = Some((name.clone(), (*located).clone(), e));
                    true
                }
            }
        });
        if let Some((name, located, e)) = failed {
            let err = query_error(&file, &located, &e);
            let reason = format!("alias `{name}`: {}", err.reason());
            let mut out = RuleError::new(RuleErrorKind::Alias, reason);
            if let (Some(l), Some(c)) = (err.line(), err.column()) {
                out = out.at(l, c);
            }
            return Err(out);
        }
        if pending.len() == before {
            let Some((name, located, e)) = waiting else {
                return Err(RuleError::new(
                    RuleErrorKind::Alias,
                    "the aliases could not be resolved",
                ));
            };
            let mut err = query_error(&file, &located, &e);
            if e.message().starts_with("unknown alias") {
                err = RuleError::new(
                    RuleErrorKind::Alias,
                    format!(
                        "alias `{name}`: {} (or the aliases refer to each other in a cycle)",
                        e.message()
                    ),
                );
                if let Some(o) = located.offset {
                    let (l, c) = line_column(&file.text, o);
                    err = err.at(l, c);
                }
            }
            return Err(err);
        }
    }

    let mut seen = HashMap::new();
    let mut tags = Vec::with_capacity(file.tags.len());
    let mut builder = Builder::default();
    let mut nodes = Vec::with_capacity(file.tags.len());
    for tag in &file.tags {
        let id = tag.id.text.trim();
        if id.is_empty() {
            return Err(file.error_at(
                RuleErrorKind::InvalidValue,
                "tag id is empty",
                tag.id.offset,
            ));
        }
        if let Some(first) = seen.insert(id.to_owned(), tag.id.offset) {
            let first = first
                .map(|o| format!(" (first at line {})", line_column(&file.text, o).0))
                .unwrap_or_default();
            return Err(file
                .error_at(
                    RuleErrorKind::DuplicateId,
                    format!("duplicate tag id `{id}`{first}"),
                    tag.id.offset,
                )
                .in_tag(id));
        }
        let category = tag.category.text.trim();
        if !KNOWN_CATEGORIES.contains(&category) && !file.categories.iter().any(|c| c == category) {
            return Err(file
                .error_at(
                    RuleErrorKind::UnknownCategory,
                    format!(
                        "unknown category `{category}`: use one of {} or declare it in `categories`",
                        KNOWN_CATEGORIES.join(", ")
                    ),
                    tag.category.offset,
                )
                .in_tag(id));
        }
        if tag.query.text.trim().is_empty() {
            return Err(file
                .error_at(
                    RuleErrorKind::InvalidValue,
                    "the query is empty",
                    tag.query.offset,
                )
                .in_tag(id));
        }
        let query = parse_query(&tag.query.text, &options)
            .map_err(|e| query_error(&file, &tag.query, &e).in_tag(id))?;
        let node = builder.node(&query).map_err(|m| {
            file.error_at(RuleErrorKind::Query, m, tag.query.offset)
                .in_tag(id)
        })?;
        nodes.push(node);
        tags.push(TagDef {
            id: id.to_owned(),
            category: category.to_owned(),
            query,
            needs_reply: tag.needs_reply,
            private: tag.private,
            priority: tag.priority,
            queue: tag.queue.clone(),
            description: tag.description.clone(),
        });
    }

    let inner = assemble(tags, nodes, builder)
        .map_err(|m| RuleError::new(RuleErrorKind::InvalidValue, m))?;
    let rules = RuleSet {
        inner: Arc::new(inner),
    };
    check_examples(&rules, &file)?;
    Ok(rules)
}

fn assemble(tags: Vec<TagDef>, nodes: Vec<Node>, builder: Builder) -> Result<Inner, String> {
    let Builder {
        mut atoms,
        patterns,
        mut links,
        regexes,
        ..
    } = builder;
    links.sort_unstable();
    links.dedup();
    if atoms.len() >= NEEDS_CHECK as usize {
        return Err("too many distinct terms".to_owned());
    }
    let mut shortest = vec![usize::MAX; atoms.len()];
    for (p, a) in &links {
        shortest[*a as usize] = shortest[*a as usize].min(patterns[*p as usize].len());
    }
    let mut uses = vec![0u64; atoms.len()];
    let mut seen = Vec::new();
    for node in &nodes {
        seen.clear();
        atoms_of(node, &mut seen);
        seen.sort_unstable();
        seen.dedup();
        seen.iter().for_each(|a| uses[*a as usize] += 1);
    }
    let cost = |atom: u32| -> AnchorCost {
        (
            uses[atom as usize],
            std::cmp::Reverse(shortest[atom as usize]),
        )
    };
    let mut anchor_sets = Vec::with_capacity(nodes.len());
    let mut is_anchor = vec![false; atoms.len()];
    for node in &nodes {
        let set = anchors(node, &atoms, &cost);
        set.iter()
            .flatten()
            .for_each(|&a| is_anchor[a as usize] = true);
        anchor_sets.push(set);
    }
    // Atoms that anchor no rule, are whole tokens with nothing to check (the common words of
    // NOT, NEAR and AND parts) and that few rules use are found on first need, from the
    // tokens' word ids: most texts have many of them and few rules that ask (see
    // `LAZY_MAX_USES`).
    let (pattern_atoms, pattern_atom_ids) = group(patterns.len(), links.iter().copied());
    let lazy_on = nodes.len() < LAZY_BELOW_RULES;
    let mut by_atom: Vec<(u32, u32)> = links
        .iter()
        .filter(|_| lazy_on)
        .map(|&(p, a)| (a, p))
        .collect();
    by_atom.sort_unstable();
    let keys = if lazy_on { atoms.len() } else { 0 };
    let (atom_patterns, atom_pattern_ids) = group(keys, by_atom.into_iter());
    let patterns_of = |a: usize| {
        let (from, to) = atom_patterns[a];
        atom_pattern_ids[from as usize..to as usize]
            .iter()
            .map(|&p| patterns[p as usize].as_str())
    };
    let lazy: Vec<bool> = (0..atoms.len())
        .map(|a| {
            lazy_on
                && !is_anchor[a]
                && uses[a] <= LAZY_MAX_USES
                && matches!(atoms[a].check, Check::Pattern)
                && patterns_of(a).next().is_some()
                && patterns_of(a).all(|p| whole_token(p).is_some())
        })
        .collect();
    // What finding a pattern reports: each atom it belongs to that is not lazy, flagged when
    // the hit still needs its check (wildcards, stems, exact case).
    let codes = |pattern: u32| -> Vec<u32> {
        let (from, to) = pattern_atoms[pattern as usize];
        pattern_atom_ids[from as usize..to as usize]
            .iter()
            .filter(|&&a| !lazy[a as usize])
            .map(|&a| match atoms[a as usize].check {
                Check::Pattern => a,
                _ => a | NEEDS_CHECK,
            })
            .collect()
    };
    let terms = TermIndex::new(&patterns, &codes);
    let mut lazy_words = Vec::new();
    for (a, atom) in atoms.iter_mut().enumerate() {
        let from = lazy_words.len() as u32;
        if lazy[a] {
            lazy_words.extend(patterns_of(a).filter_map(|p| terms.word_of(p)));
        }
        atom.lazy = (from, lazy_words.len() as u32);
    }

    let mut posting_pairs = Vec::new();
    let mut always = Vec::new();
    let mut lints = Vec::new();
    let mut needed = Vec::new();
    for (rule, (node, anchor_set)) in nodes.iter().zip(anchor_sets).enumerate() {
        match anchor_set {
            Some(anchor_atoms) => {
                needed.clear();
                required(node, &atoms, &mut needed);
                let unique: HashSet<u32> = anchor_atoms.into_iter().collect();
                posting_pairs.extend(unique.into_iter().map(|a| {
                    // The rarest other required atom is the best filter.
                    let check = needed
                        .iter()
                        .copied()
                        .filter(|&n| n != a)
                        .min_by_key(|&n| cost(n))
                        .map_or(
                            NO_ATOM,
                            |n| if lazy[n as usize] { n | LAZY_CHECK } else { n },
                        );
                    (a, (rule as u32, check))
                }));
            }
            None => always.push(rule as u32),
        }
        lints.extend(lint_rule(
            &tags[rule],
            node,
            always.last() == Some(&(rule as u32)),
        ));
    }
    posting_pairs.sort_unstable();
    let (postings, posting_ids) = group(atoms.len(), posting_pairs.into_iter());
    let mut categories: Vec<Arc<str>> = Vec::new();
    let names = tags
        .iter()
        .map(|t| {
            let category = match categories.iter().find(|c| ***c == *t.category) {
                Some(c) => c.clone(),
                None => {
                    let c: Arc<str> = t.category.as_str().into();
                    categories.push(c.clone());
                    c
                }
            };
            (Arc::from(t.id.as_str()), category)
        })
        .collect();
    let effects = tags
        .iter()
        .map(|t| Effects {
            needs_reply: t.needs_reply,
            private: t.private,
            queue: t.queue.is_some(),
            priority: t.priority,
        })
        .collect();
    Ok(Inner {
        tags,
        names,
        effects,
        nodes,
        atoms,
        terms,
        postings,
        posting_ids,
        always,
        lazy_words,
        regexes,
        lints,
    })
}

/// Groups sorted (key, value) pairs into per-key ranges of a flat value list.
fn group<V>(keys: usize, pairs: impl Iterator<Item = (u32, V)>) -> (Vec<(u32, u32)>, Vec<V>) {
    let mut ranges = vec![(0u32, 0u32); keys];
    let mut values = Vec::new();
    let mut current: Option<u32> = None;
    for (key, value) in pairs {
        if current != Some(key) {
            if let Some(k) = current {
                ranges[k as usize].1 = values.len() as u32;
            }
            ranges[key as usize].0 = values.len() as u32;
            current = Some(key);
        }
        values.push(value);
    }
    if let Some(k) = current {
        ranges[k as usize].1 = values.len() as u32;
    }
    (ranges, values)
}

fn check_examples(rules: &RuleSet, file: &SourceFile) -> Result<(), RuleError> {
    for (source, def) in file.tags.iter().zip(rules.tags()) {
        let fail = |example: &Mention, reason: String| {
            file.error_at(RuleErrorKind::Example, reason, source.id.offset)
                .in_tag(&def.id)
                .with_example(&example.text)
        };
        for example in &source.examples_match {
            if !rules.tag(example).has(&def.id) {
                return Err(fail(
                    example,
                    format!("should match `{}`, but does not", def.query),
                ));
            }
        }
        for example in &source.examples_no_match {
            let tagging = rules.tag(example);
            if let Some(hit) = tagging.tags.iter().find(|t| *t.tag == *def.id) {
                let on: Vec<&str> = hit
                    .spans
                    .iter()
                    .map(|s| &example.text[s.start..s.end])
                    .collect();
                let on = if on.is_empty() {
                    String::new()
                } else {
                    format!(" on {on:?}")
                };
                return Err(fail(
                    example,
                    format!("should not match `{}`, but does{on}", def.query),
                ));
            }
        }
    }
    Ok(())
}
