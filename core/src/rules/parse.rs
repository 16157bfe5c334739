//! The query parser: a lexer and a recursive-descent parser with precedence NOT > AND > OR
//! (NEAR binds tightest), errors with the column, the token found and what was expected.

use std::collections::HashMap;

use super::query::{Cmp, FIELD_NAMES, Field, Query, Term};
use crate::text::{normalize, tokenize};
use crate::{Kind, Platform};

/// Limits that keep parsing bounded whatever the input.
pub const MAX_QUERY_BYTES: usize = 1 << 20;
/// The deepest nesting of parentheses, NOT and aliases accepted.
pub const MAX_DEPTH: usize = 200;
/// The most parts (terms, operators) a query may have once its aliases are expanded.
pub const MAX_QUERY_PARTS: usize = 200_000;

/// How to parse: the habit for two bare words side by side, and named aliases.
///
/// ```
/// use otklik::rules::{parse_query, ParseOptions};
///
/// let strict = ParseOptions::default();
/// assert!(parse_query("кредит онлайн", &strict).unwrap_err().to_string().contains("write AND"));
/// let lenient = ParseOptions::default().implicit_and(true);
/// assert_eq!(parse_query("кредит онлайн", &lenient).unwrap().to_string(), "кредит AND онлайн");
/// ```
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    implicit_and: bool,
    /// Name -> (query, its depth, its number of parts).
    aliases: HashMap<String, (Query, usize, usize)>,
}

/// The depth and the number of parts of a query (bounded: parsed queries are at most
/// [`MAX_DEPTH`] deep).
fn measure(q: &Query) -> (usize, usize) {
    match q {
        Query::And(parts) | Query::Or(parts) => parts
            .iter()
            .map(measure)
            .fold((1, 1), |(d, n), (pd, pn)| (d.max(pd + 1), n + pn)),
        Query::Not(inner) => {
            let (d, n) = measure(inner);
            (d + 1, n + 1)
        }
        Query::Near { left, right, .. } => {
            let (l, r) = (measure(left), measure(right));
            (l.0.max(r.0) + 1, l.1 + r.1 + 1)
        }
        _ => (1, 1),
    }
}

impl ParseOptions {
    /// Reads two terms side by side as `AND` (the YouScan and X habit) instead of an error.
    pub fn implicit_and(mut self, yes: bool) -> Self {
        self.implicit_and = yes;
        self
    }

    /// Defines `@alias(name)` as `query`.
    pub fn alias(mut self, name: impl Into<String>, query: Query) -> Self {
        self.define(name.into(), query);
        self
    }

    pub(crate) fn define(&mut self, name: String, query: Query) {
        let (depth, parts) = measure(&query);
        self.aliases.insert(name, (query, depth, parts));
    }
}

/// A query that does not parse: where, what was found, and what was expected.
///
/// ```
/// use otklik::rules::{parse_query, ParseOptions};
///
/// let err = parse_query("кредит AND (карта OR", &ParseOptions::default()).unwrap_err();
/// assert_eq!((err.line(), err.column()), (1, 21));
/// assert_eq!(err.to_string(), "line 1, column 21: expected a term, a phrase or `(`, found end of query");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct QueryError {
    offset: usize,
    line: usize,
    column: usize,
    message: String,
}

impl QueryError {
    fn new(query: &str, offset: usize, message: String) -> Self {
        let (line, column) = super::error::line_column(query, offset);
        QueryError {
            offset,
            line,
            column,
            message,
        }
    }

    /// Byte offset in the query.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Line within the query, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Column (in characters) within the line, from 1.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
    Near {
        distance: u32,
        ordered: bool,
    },
    Phrase(String),
    Regex(String),
    Exact(String),
    /// A bare word as written (may carry `~ # @`, wildcards, or `field:`).
    Word(String),
}

#[derive(Clone, Debug)]
struct Lexeme {
    tok: Tok,
    start: usize,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::And => "`AND`".into(),
        Tok::Or => "`OR`".into(),
        Tok::Not => "`NOT`".into(),
        Tok::Minus => "`-`".into(),
        Tok::Near { distance, ordered } => {
            format!("`NEAR/{distance}{}`", if *ordered { "f" } else { "" })
        }
        Tok::Phrase(p) => format!("phrase \"{p}\""),
        Tok::Regex(r) => format!("regex /{r}/"),
        Tok::Exact(e) => format!("`{{{e}}}`"),
        Tok::Word(w) => format!("`{w}`"),
    }
}

fn lex(query: &str) -> Result<Vec<Lexeme>, QueryError> {
    let err = |at: usize, message: String| Err(QueryError::new(query, at, message));
    let mut out = Vec::new();
    let bytes = query.as_bytes();
    let mut i = 0;
    while i < query.len() {
        let c = query[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let (tok, end) = match c {
            '(' => (Tok::LParen, i + 1),
            ')' => (Tok::RParen, i + 1),
            '-' if bytes.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace()) => {
                (Tok::Minus, i + 1)
            }
            '"' | '“' | '”' | '«' | '»' => {
                let (text, end) = delimited(query, i + c.len_utf8(), &['"', '”', '“', '»'], false)
                    .ok_or_else(|| {
                        QueryError::new(
                            query,
                            start,
                            "unclosed phrase: expected a closing `\"`".into(),
                        )
                    })?;
                (Tok::Phrase(text), end)
            }
            '/' => {
                let (text, end) = delimited(query, i + 1, &['/'], true).ok_or_else(|| {
                    QueryError::new(
                        query,
                        start,
                        "unclosed regex: expected a closing `/`".into(),
                    )
                })?;
                (Tok::Regex(text), end)
            }
            '{' => match query[i + 1..].find('}') {
                Some(close) => {
                    let text = &query[i + 1..i + 1 + close];
                    if text.trim().is_empty() || text.contains('{') {
                        return err(start, "expected a word inside `{}`".into());
                    }
                    (Tok::Exact(text.trim().to_owned()), i + 2 + close)
                }
                None => return err(start, "unclosed `{`: expected `}`".into()),
            },
            _ => {
                let end = query[i..]
                    .find(|c: char| c.is_whitespace() || "()\"“”«»".contains(c))
                    .map_or(query.len(), |n| i + n);
                let word = &query[i..end];
                let tok = match word {
                    "AND" | "&&" => Tok::And,
                    "OR" | "||" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => match near(word) {
                        Some(Ok(t)) => t,
                        Some(Err(message)) => return err(start, message),
                        None => Tok::Word(word.to_owned()),
                    },
                };
                (tok, end)
            }
        };
        out.push(Lexeme { tok, start });
        i = end;
    }
    Ok(out)
}

/// Text up to an unescaped closing delimiter (`\` escapes the delimiter, and itself outside
/// regexes).
fn delimited(query: &str, from: usize, close: &[char], regex: bool) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = query[from..].char_indices();
    while let Some((offset, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                // In a regex only `\/` is ours; every other escape belongs to the regex.
                Some((_, next)) if close.contains(&next) || (next == '\\' && !regex) => {
                    text.push(next)
                }
                Some((_, next)) => {
                    text.push('\\');
                    text.push(next);
                }
                None => text.push('\\'),
            }
        } else if close.contains(&c) {
            return Some((text, from + offset + c.len_utf8()));
        } else {
            text.push(c);
        }
    }
    None
}

/// `NEAR/n`, `NEAR/nf`, `ONEAR/n`; `None` when the word is not a proximity operator.
fn near(word: &str) -> Option<Result<Tok, String>> {
    let (rest, ordered) = if let Some(rest) = word.strip_prefix("ONEAR/") {
        (rest, true)
    } else {
        (word.strip_prefix("NEAR/")?, false)
    };
    let (digits, forward) = match rest.strip_suffix('f') {
        Some(d) => (d, true),
        None => (rest, false),
    };
    Some(match digits.parse::<u32>() {
        Ok(distance) if distance <= 1000 => Ok(Tok::Near {
            distance,
            ordered: ordered || forward,
        }),
        _ => Err(format!(
            "expected `NEAR/n`, `NEAR/nf` or `ONEAR/n` with n from 0 to 1000, found `{word}`"
        )),
    })
}

/// Parses a query.
///
/// ```
/// use otklik::rules::{parse_query, ParseOptions, Query, Term};
///
/// let q = parse_query("~кредит AND platform:telegram_bot", &ParseOptions::default()).unwrap();
/// assert!(matches!(&q, Query::And(parts) if parts[0] == Query::Term(Term::Stem("кредит".into()))));
/// ```
pub fn parse_query(query: &str, options: &ParseOptions) -> Result<Query, QueryError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(QueryError::new(
            query,
            0,
            format!("query longer than {MAX_QUERY_BYTES} bytes"),
        ));
    }
    let tokens = lex(query)?;
    if tokens.is_empty() {
        return Err(QueryError::new(query, 0, "the query is empty".into()));
    }
    let mut parser = Parser {
        query,
        tokens,
        at: 0,
        options,
        depth: 0,
        alias_parts: 0,
    };
    let q = parser.or()?;
    match parser.peek() {
        None => Ok(q),
        Some(Lexeme {
            tok: Tok::RParen,
            start,
            ..
        }) => Err(QueryError::new(
            query,
            *start,
            "unbalanced `)`: no `(` opens it".into(),
        )),
        Some(_) => parser.fail("an operator (AND, OR, NOT, NEAR/n) or the end of the query"),
    }
}

struct Parser<'a> {
    query: &'a str,
    tokens: Vec<Lexeme>,
    at: usize,
    options: &'a ParseOptions,
    depth: usize,
    /// Parts brought in by aliases so far.
    alias_parts: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Lexeme> {
        self.tokens.get(self.at)
    }

    fn fail<T>(&self, expected: &str) -> Result<T, QueryError> {
        let (offset, found) = match self.peek() {
            Some(l) => (l.start, describe(&l.tok)),
            None => (self.query.len(), "end of query".to_owned()),
        };
        Err(QueryError::new(
            self.query,
            offset,
            format!("expected {expected}, found {found}"),
        ))
    }

    fn error_at<T>(&self, offset: usize, message: String) -> Result<T, QueryError> {
        Err(QueryError::new(self.query, offset, message))
    }

    fn enter(&mut self) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let offset = self.peek().map_or(self.query.len(), |l| l.start);
            return self.error_at(offset, format!("nested deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut parts = vec![self.and()?];
        while matches!(self.peek(), Some(Lexeme { tok: Tok::Or, .. })) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(join(parts, Query::Or))
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek().map(|l| (&l.tok, l.start)) {
                Some((Tok::And, _)) => {
                    self.at += 1;
                    parts.push(self.unary()?);
                }
                // `a -b` and `a NOT b` read as `a AND NOT b` in every tool.
                Some((Tok::Minus | Tok::Not, _)) => parts.push(self.unary()?),
                Some((Tok::Or | Tok::RParen | Tok::Near { .. }, _)) | None => break,
                Some((_, start)) => {
                    if !self.options.implicit_and {
                        let found = describe(&self.tokens[self.at].tok);
                        return self.error_at(
                            start,
                            format!(
                                "two terms side by side ({found} follows another term) mean AND in some \
                                 tools and proximity in others: write AND, or quote the phrase, or set \
                                 implicit_operator = \"and\""
                            ),
                        );
                    }
                    parts.push(self.unary()?);
                }
            }
        }
        Ok(join(parts, Query::And))
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        if matches!(
            self.peek(),
            Some(Lexeme {
                tok: Tok::Not | Tok::Minus,
                ..
            })
        ) {
            self.at += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Query::Not(Box::new(inner)));
        }
        self.near()
    }

    fn near(&mut self) -> Result<Query, QueryError> {
        let start = self.peek().map_or(self.query.len(), |l| l.start);
        let mut left = self.primary()?;
        while let Some(Lexeme {
            tok: Tok::Near { distance, ordered },
            start: op,
            ..
        }) = self.peek().cloned()
        {
            self.at += 1;
            let right_start = self.peek().map_or(self.query.len(), |l| l.start);
            let right = self.primary()?;
            for (side, at) in [(&left, start), (&right, right_start)] {
                if !is_proximity_operand(side) {
                    return self.error_at(
                        at,
                        "NEAR needs a word, a phrase or a group of them joined by OR on each side"
                            .into(),
                    );
                }
            }
            if matches!(left, Query::Near { .. }) {
                return self.error_at(op, "chained NEAR: group one side with parentheses".into());
            }
            left = Query::Near {
                left: Box::new(left),
                right: Box::new(right),
                distance,
                ordered,
            };
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Query, QueryError> {
        let Some(lexeme) = self.peek().cloned() else {
            return self.fail("a term, a phrase or `(`");
        };
        match lexeme.tok {
            Tok::LParen => {
                self.at += 1;
                self.enter()?;
                let inner = self.or()?;
                self.depth -= 1;
                if !matches!(
                    self.peek(),
                    Some(Lexeme {
                        tok: Tok::RParen,
                        ..
                    })
                ) {
                    return self.fail("`)`");
                }
                self.at += 1;
                Ok(inner)
            }
            Tok::Phrase(text) => {
                self.at += 1;
                self.phrase(&text, lexeme.start)
            }
            Tok::Regex(pattern) => {
                self.at += 1;
                if let Err(e) = regex::RegexBuilder::new(&pattern)
                    .size_limit(1 << 20)
                    .build()
                {
                    return self.error_at(lexeme.start, format!("bad regex: {e}"));
                }
                Ok(Query::Regex(pattern))
            }
            Tok::Exact(text) => {
                self.at += 1;
                if text.chars().any(char::is_whitespace) {
                    return self.error_at(
                        lexeme.start,
                        "`{}` takes one word; quote a phrase instead".into(),
                    );
                }
                Ok(Query::Term(Term::Exact(text)))
            }
            Tok::Word(word) => {
                self.at += 1;
                self.word(&word, lexeme.start)
            }
            _ => self.fail("a term, a phrase or `(`"),
        }
    }

    /// A quoted phrase: its normalized words; one word is a plain term.
    fn phrase(&self, text: &str, at: usize) -> Result<Query, QueryError> {
        if text.contains(['*', '?']) {
            return self.error_at(at, "wildcards are not allowed inside a phrase".into());
        }
        let words = words_of(text);
        match words.len() {
            0 => self.error_at(at, "the phrase has no words".into()),
            1 => Ok(Query::Term(Term::Word(
                words.into_iter().next().unwrap_or_default(),
            ))),
            _ => Ok(Query::Phrase(words)),
        }
    }

    fn word(&mut self, word: &str, at: usize) -> Result<Query, QueryError> {
        if word == "@alias" {
            return self.alias(at);
        }
        if let Some((name, value)) = word.split_once(':')
            && FIELD_NAMES.contains(&name)
        {
            return self.field(name, value, at);
        }
        let (marker, body) = match word.chars().next() {
            Some(m @ ('~' | '#' | '@')) => (Some(m), &word[1..]),
            _ => (None, word),
        };
        if body.is_empty() {
            return self.error_at(at, format!("expected a word after `{word}`"));
        }
        if body.contains(['*', '?']) {
            if marker.is_some() {
                return self.error_at(
                    at,
                    format!("wildcards cannot follow `{}`", marker.unwrap_or(' ')),
                );
            }
            let pattern = normalize_wildcard(body);
            if !pattern.chars().any(char::is_alphanumeric) {
                return self.error_at(at, format!("the wildcard `{word}` has no letters"));
            }
            if let Some(c) = pattern
                .chars()
                .find(|c| !(c.is_alphanumeric() || matches!(c, '*' | '?' | '\'')))
            {
                return self.error_at(
                    at,
                    format!("a wildcard matches one word, and `{word}` has `{c}` in it: quote the other words as a phrase"),
                );
            }
            return Ok(Query::Term(Term::Wildcard(pattern)));
        }
        let words = words_of(body);
        let single = |words: Vec<String>| words.into_iter().next().unwrap_or_default();
        match (marker, words.len()) {
            (_, 0) => self.error_at(at, format!("`{word}` has no letters or digits")),
            (None, 1) => Ok(Query::Term(Term::Word(single(words)))),
            // `онлайн-банк`, `zorya.ua`: the words, adjacent.
            (None, _) => Ok(Query::Phrase(words)),
            (Some('~'), 1) => Ok(Query::Term(Term::Stem(single(words)))),
            (Some(marker @ ('#' | '@')), _) => {
                let body = tag_body(marker, body);
                Ok(Query::Term(if marker == '#' {
                    Term::Hashtag(body)
                } else {
                    Term::Handle(body)
                }))
            }
            _ => self.error_at(at, format!("`~` takes one word, found `{word}`")),
        }
    }

    fn alias(&mut self, at: usize) -> Result<Query, QueryError> {
        let name = match (
            self.tokens.get(self.at),
            self.tokens.get(self.at + 1),
            self.tokens.get(self.at + 2),
        ) {
            (
                Some(Lexeme {
                    tok: Tok::LParen, ..
                }),
                Some(Lexeme {
                    tok: Tok::Word(name),
                    ..
                }),
                Some(Lexeme {
                    tok: Tok::RParen, ..
                }),
            ) => name.clone(),
            _ => return self.error_at(at, "expected `@alias(name)`".into()),
        };
        self.at += 3;
        let Some((q, depth, parts)) = self.options.aliases.get(&name) else {
            return self.error_at(at, format!("unknown alias `{name}`"));
        };
        if self.depth + depth > MAX_DEPTH {
            return self.error_at(
                at,
                format!("alias `{name}` nests the query deeper than {MAX_DEPTH} levels"),
            );
        }
        self.alias_parts += parts;
        if self.alias_parts > MAX_QUERY_PARTS {
            return self.error_at(
                at,
                format!("aliases expand the query to more than {MAX_QUERY_PARTS} parts"),
            );
        }
        Ok(q.clone())
    }

    fn field(&mut self, name: &str, value: &str, at: usize) -> Result<Query, QueryError> {
        if value.is_empty() {
            // `field:"a b"` or `field:(a OR b)`.
            match self.peek().cloned() {
                Some(Lexeme {
                    tok: Tok::Phrase(text),
                    ..
                }) => {
                    self.at += 1;
                    return self.field_value(name, &text, at);
                }
                Some(Lexeme {
                    tok: Tok::LParen, ..
                }) => {
                    self.at += 1;
                    let mut parts = Vec::new();
                    loop {
                        let value = match self.peek().cloned() {
                            Some(Lexeme {
                                tok: Tok::Word(v) | Tok::Phrase(v),
                                ..
                            }) => v,
                            _ => return self.fail(&format!("a value for `{name}:`")),
                        };
                        self.at += 1;
                        parts.push(self.field_value(name, &value, at)?);
                        match self.peek().map(|l| &l.tok) {
                            Some(Tok::Or) => self.at += 1,
                            Some(Tok::RParen) => {
                                self.at += 1;
                                break;
                            }
                            _ => return self.fail("`OR` or `)`"),
                        }
                    }
                    return Ok(join(parts, Query::Or));
                }
                _ => return self.error_at(at, format!("expected a value after `{name}:`")),
            }
        }
        self.field_value(name, value, at)
    }

    fn field_value(&self, name: &str, value: &str, at: usize) -> Result<Query, QueryError> {
        let text = || value.trim().to_lowercase();
        let flag = || match value.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(true),
            "false" | "no" | "0" => Ok(false),
            _ => self.error_at(
                at,
                format!("`{name}:` takes true or false, found `{value}`"),
            ),
        };
        let number = || -> Result<(Cmp, u64), QueryError> {
            let (cmp, digits) = [
                ("<=", Cmp::Le),
                (">=", Cmp::Ge),
                ("<", Cmp::Lt),
                (">", Cmp::Gt),
                ("=", Cmp::Eq),
            ]
            .iter()
            .find_map(|(p, c)| value.strip_prefix(p).map(|rest| (*c, rest)))
            .unwrap_or((Cmp::Eq, value));
            digits.parse().map(|n| (cmp, n)).or_else(|_| {
                self.error_at(
                    at,
                    format!(
                        "`{name}:` takes a number with an optional <, <=, >=, >, found `{value}`"
                    ),
                )
            })
        };
        if value.trim().is_empty() {
            return self.error_at(at, format!("expected a value after `{name}:`"));
        }
        let field = match name {
            "platform" => Field::Platform(Platform::from_name(value)),
            "kind" => Field::Kind(Kind::from_name(value)),
            "lang" => Field::Lang(text()),
            "region" => Field::Region(text()),
            "author" => Field::Author(text()),
            "url" => Field::Url(text()),
            "rating" => {
                let (cmp, n) = number()?;
                Field::Rating(cmp, n)
            }
            "reach" => {
                let (cmp, n) = number()?;
                Field::Reach(cmp, n)
            }
            "is_reply" => Field::IsReply(flag()?),
            "brand" => Field::Brand(flag()?),
            _ => return self.error_at(at, format!("unknown field `{name}:`")),
        };
        Ok(Query::Field(field))
    }
}

fn is_proximity_operand(q: &Query) -> bool {
    match q {
        Query::Term(_) | Query::Phrase(_) => true,
        Query::Or(parts) => parts
            .iter()
            .all(|p| matches!(p, Query::Term(_) | Query::Phrase(_))),
        _ => false,
    }
}

/// One part as itself, several as `make(parts)`, flattening nested parts of the same kind.
fn join(parts: Vec<Query>, make: fn(Vec<Query>) -> Query) -> Query {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or(Query::Or(Vec::new()));
    }
    let probe = make(Vec::new());
    let mut flat = Vec::with_capacity(parts.len());
    for part in parts {
        match (part, &probe) {
            (Query::And(inner), Query::And(_)) | (Query::Or(inner), Query::Or(_)) => {
                flat.extend(inner)
            }
            (other, _) => flat.push(other),
        }
    }
    make(flat)
}

/// The normalized words of a text, as the tokenizer sees them.
pub(crate) fn words_of(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    tokenize(normalized.as_str())
        .iter()
        .filter(|t| t.kind == crate::text::TokenKind::Word)
        .map(|t| normalized.as_str()[t.start..t.end].to_owned())
        .collect()
}

/// A hashtag or handle body, normalized as the tokenizer would read it after its marker.
fn tag_body(marker: char, body: &str) -> String {
    let normalized = normalize(&format!("{marker}{body}"));
    let tokens = tokenize(normalized.as_str());
    match tokens.first() {
        Some(t) if t.kind != crate::text::TokenKind::Word => {
            normalized.as_str()[t.body..t.end].to_owned()
        }
        _ => normalized.as_str()[1..].to_owned(),
    }
}

/// A wildcard pattern normalized around its `*` and `?`, in one pass.
fn normalize_wildcard(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut piece = String::new();
    for c in pattern.chars() {
        if c == '*' || c == '?' {
            out.push_str(normalize(&piece).as_str());
            piece.clear();
            // `**` is `*`.
            if !(c == '*' && out.ends_with('*')) {
                out.push(c);
            }
        } else {
            piece.push(c);
        }
    }
    out.push_str(normalize(&piece).as_str());
    out
}
