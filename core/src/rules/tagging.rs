//! What tagging returns: the tags that fired, with the spans that made them fire.

use std::sync::Arc;

use super::file::Priority;

/// A range of the caller's original text: byte offsets (for Rust) and character offsets
/// (for Python `str` and Kotlin, which index by character or UTF-16 unit; see the bindings).
///
/// ```
/// use otklik::rules::RuleSet;
///
/// let rules = RuleSet::from_toml(r#"
/// [[tag]]
/// id = "card"
/// category = "product"
/// query = "~картка"
/// "#).unwrap();
/// let text = "Де моя КАРТКУ?";
/// let t = rules.tag_text(text);
/// let span = t.tags[0].spans[0];
/// assert_eq!(&text[span.start..span.end], "КАРТКУ");
/// assert_eq!((span.char_start, span.char_end), (7, 13));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Start byte offset in the original text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Start in characters (Unicode scalar values).
    pub char_start: usize,
    /// End in characters (exclusive).
    pub char_end: usize,
}

/// One tag that fired.
///
/// The id and category are shared with the rule set (`Arc<str>`: a clone is a reference count,
/// and both read as `&str`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagMatch {
    /// The tag's id.
    pub tag: Arc<str>,
    /// Its category (`type`, `product`, `process`, `region`, `lead`, or one declared in the file).
    pub category: Arc<str>,
    /// The parts of the text that made it fire (terms, phrases, regex matches; never the parts
    /// under NOT), in text order, at most [`MAX_SPANS_PER_TAG`](super::MAX_SPANS_PER_TAG).
    /// Empty when only field filters decided.
    pub spans: Spans,
}

/// The spans of a [`TagMatch`]: a slice of [`Span`]s (it dereferences to `[Span]`), held
/// inline when there are one or two (as for 99% of the tags of 1,000 generated rules and 93%
/// at 100,000), so that a tag that fires costs no allocation of its own.
///
/// ```
/// use otklik::rules::{Span, Spans};
///
/// let span = Span { start: 0, end: 4, char_start: 0, char_end: 4 };
/// let spans: Spans = [span].into_iter().collect();
/// assert_eq!(spans.len(), 1);
/// assert_eq!(spans[0], span);
/// assert_eq!(spans.to_vec(), vec![span]);
/// for s in &spans {
///     assert_eq!(s.end, 4);
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Spans(smallvec::SmallVec<[Span; 2]>);

impl Spans {
    /// One span, held inline.
    pub(crate) fn one(span: Span) -> Spans {
        Spans(smallvec::smallvec![span])
    }

    /// Two spans, held inline.
    pub(crate) fn two(first: Span, second: Span) -> Spans {
        Spans(smallvec::smallvec![first, second])
    }
}

impl std::ops::Deref for Spans {
    type Target = [Span];
    fn deref(&self) -> &[Span] {
        &self.0
    }
}

impl FromIterator<Span> for Spans {
    fn from_iter<I: IntoIterator<Item = Span>>(iter: I) -> Spans {
        Spans(iter.into_iter().collect())
    }
}

impl From<Vec<Span>> for Spans {
    fn from(spans: Vec<Span>) -> Spans {
        Spans(spans.into())
    }
}

impl<'a> IntoIterator for &'a Spans {
    type Item = &'a Span;
    type IntoIter = std::slice::Iter<'a, Span>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The result of tagging one mention or text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tagging {
    /// The tags that fired, in rule-file order.
    pub tags: Vec<TagMatch>,
    /// Whether any tag that fired says the mention needs a reply.
    pub needs_reply: bool,
    /// Whether the case should move to a private channel: a tag that fired needs account
    /// details (`private = true`), or, for [`RuleSet::tag`](super::RuleSet::tag) of a public
    /// mention, its text holds personal data.
    pub move_to_private: bool,
    /// The highest priority among the tags that fired (`None` when none set one).
    pub priority: Option<Priority>,
    /// The queue of the most urgent tag that names one (the first in file order among equals).
    pub queue: Option<String>,
    /// Whether the text was longer than [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES) and only its
    /// beginning was tagged.
    pub truncated: bool,
}

impl Tagging {
    /// Whether the tag with this id fired.
    ///
    /// ```
    /// let t = otklik::rules::Tagging::default();
    /// assert!(!t.has("complaint"));
    /// ```
    pub fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| &*t.tag == tag)
    }

    /// The ids of the tags that fired, in rule-file order.
    pub fn tag_ids(&self) -> Vec<&str> {
        self.tags.iter().map(|t| &*t.tag).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    /// A tag that fires on one or two spans holds them inline; one with more has them all, in
    /// text order.
    #[test]
    fn up_to_two_spans_are_held_inline_and_more_in_order() {
        let rules = RuleSet::from_toml(
            "[[tag]]\nid = \"card\"\ncategory = \"product\"\nquery = 'картка OR карта'\n",
        )
        .unwrap();
        let one = rules.tag_text("Де моя картка?");
        assert!(!one.tags[0].spans.0.spilled());
        assert_eq!(one.tags[0].spans.len(), 1);
        let two = rules.tag_text("картка чи карта");
        assert!(!two.tags[0].spans.0.spilled());
        let ends: Vec<usize> = two.tags[0].spans.iter().map(|s| s.char_end).collect();
        assert_eq!(ends, [6, 15]);
        let text = "карта, картка і ще карта";
        let several = rules.tag_text(text);
        let got: Vec<&str> = several.tags[0]
            .spans
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(got, ["карта", "картка", "карта"]);
        let starts: Vec<usize> = several.tags[0].spans.iter().map(|s| s.char_start).collect();
        assert_eq!(starts, [0, 7, 19]);
    }
}
