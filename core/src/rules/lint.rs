//! Findings about rules that compile but deserve a look.

use super::compile::{Node, TagDef};
use super::query::{Query, Term};

/// What a [`Lint`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LintKind {
    /// The rule has no term that must be present (only NOT, only fields, a regex, a wildcard
    /// with no leading letters), so it is evaluated for every text: correct, but slower.
    AlwaysEvaluated,
    /// The rule can never match (`x AND NOT x`).
    NeverMatches,
    /// The rule is only a NOT: it matches every text without the term.
    OnlyNegative,
    /// A wildcard with fewer than 3 letters before it, which matches far too many words.
    ShortWildcard,
    /// A regex with capital letters: regexes run on the normalized, lower-case text, so they
    /// can never match there.
    RegexCase,
}

impl LintKind {
    /// A stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            LintKind::AlwaysEvaluated => "always_evaluated",
            LintKind::NeverMatches => "never_matches",
            LintKind::OnlyNegative => "only_negative",
            LintKind::ShortWildcard => "short_wildcard",
            LintKind::RegexCase => "regex_case",
        }
    }
}

/// A finding about one tag's rule.
///
/// ```
/// use otklik::rules::{LintKind, RuleSet};
///
/// let rules = RuleSet::from_toml(r#"
/// [[tag]]
/// id = "negative_reviews"
/// category = "type"
/// query = "platform:app_store AND rating:<=2"
/// "#).unwrap();
/// assert_eq!(rules.lint()[0].kind, LintKind::AlwaysEvaluated);
/// assert_eq!(rules.lint()[0].tag, "negative_reviews");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    /// The tag whose rule it is about.
    pub tag: String,
    /// What it is about.
    pub kind: LintKind,
    /// An explanation for the rule's author.
    pub message: String,
}

pub(crate) fn lint_rule(tag: &TagDef, node: &Node, always: bool) -> Vec<Lint> {
    let mut out = Vec::new();
    let mut push = |kind: LintKind, message: String| {
        out.push(Lint {
            tag: tag.id.clone(),
            kind,
            message,
        })
    };
    if always {
        push(
            LintKind::AlwaysEvaluated,
            "no term must be present (only NOT, fields, a regex or a leading wildcard), so this rule is \
             evaluated for every text; add a word it always needs to make it cheap"
                .into(),
        );
    }
    if matches!(node, Node::Not(_)) {
        push(
            LintKind::OnlyNegative,
            format!("`{}` matches every text that lacks the term", tag.query),
        );
    }
    let mut never = false;
    tag.query.walk(&mut |q| {
        if let Query::And(parts) = q {
            never |= parts
                .iter()
                .any(|p| parts.contains(&Query::Not(Box::new(p.clone()))));
        }
    });
    if never {
        push(
            LintKind::NeverMatches,
            format!("`{}` requires a term and its negation at once", tag.query),
        );
    }
    tag.query.walk(&mut |q| {
        if let Query::Regex(re) = q {
            let mut escaped = false;
            let capital = re.chars().find(|&c| {
                let hit = !escaped && c.is_uppercase();
                escaped = !escaped && c == '\\';
                hit
            });
            if let Some(c) = capital {
                push(
                    LintKind::RegexCase,
                    format!("/{re}/ has `{c}`, but regexes run on the lower-case normalized text: write it in lower case"),
                );
            }
        }
        if let Query::Term(Term::Wildcard(p)) = q {
            let letters = p.chars().take_while(|c| *c != '*' && *c != '?').count();
            if letters < 3 {
                push(
                    LintKind::ShortWildcard,
                    format!(
                        "`{p}` has {letters} letters before its wildcard; 3 or more keep it precise"
                    ),
                );
            }
        }
    });
    out
}
