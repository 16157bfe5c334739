//! Reply templates with `{placeholder}`s: parsed once, filled with known values, and what is
//! left unfilled reported, never printed as `{name}`.

use std::collections::HashMap;

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(String),
}

/// A parsed template: text with `{name}` placeholders; `{{` and `}}` are literal braces.
///
/// ```
/// use std::collections::HashMap;
/// use otklik::replies::Template;
///
/// let t = Template::parse("Вітаємо, {name}! Номер звернення {case_id}.").unwrap();
/// assert_eq!(t.placeholders(), ["name", "case_id"]);
/// let values = HashMap::from([("name".to_owned(), "Олено".to_owned())]);
/// let filled = t.fill(&values);
/// assert_eq!(filled.text, None); // never "{case_id}" in a reply
/// assert_eq!(filled.missing, ["case_id"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    source: String,
    pieces: Vec<Piece>,
}

/// A template filled with the values that were known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filled {
    /// The reply, when every placeholder had a value; `None` otherwise.
    pub text: Option<String>,
    /// The placeholders with no value, in order of first use.
    pub missing: Vec<String>,
    /// The reply with each missing placeholder shown as `[name]`, for an agent to complete
    /// (never to post as it is).
    pub preview: String,
}

/// Why a template does not parse: the byte offset and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset in the template.
    pub offset: usize,
    /// What is wrong.
    pub reason: String,
}

impl Template {
    /// Parses a template. Placeholder names are letters, digits and `_`.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = source.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => {
                    return Err(TemplateError {
                        offset: at,
                        reason: "a `}` with no `{` (write `}}` for a literal brace)".into(),
                    });
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for (_, n) in chars.by_ref() {
                        if n == '}' {
                            closed = true;
                            break;
                        }
                        name.push(n);
                    }
                    if !closed {
                        return Err(TemplateError {
                            offset: at,
                            reason: "a `{` that is never closed (write `{{` for a literal brace)"
                                .into(),
                        });
                    }
                    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        return Err(TemplateError {
                            offset: at,
                            reason: format!(
                                "placeholder `{{{name}}}`: a name is letters, digits and `_`"
                            ),
                        });
                    }
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Slot(name));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template {
            source: source.to_owned(),
            pieces,
        })
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The placeholder names, in order of first use, each once.
    pub fn placeholders(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for p in &self.pieces {
            if let Piece::Slot(name) = p
                && !names.contains(&name.as_str())
            {
                names.push(name);
            }
        }
        names
    }

    /// Fills the placeholders from `values`. An empty value counts as missing.
    pub fn fill(&self, values: &HashMap<String, String>) -> Filled {
        let mut text = String::new();
        let mut preview = String::new();
        let mut missing: Vec<String> = Vec::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => {
                    text.push_str(t);
                    preview.push_str(t);
                }
                Piece::Slot(name) => match values.get(name).filter(|v| !v.trim().is_empty()) {
                    Some(v) => {
                        text.push_str(v);
                        preview.push_str(v);
                    }
                    None => {
                        if !missing.contains(name) {
                            missing.push(name.clone());
                        }
                        preview.push('[');
                        preview.push_str(name);
                        preview.push(']');
                    }
                },
            }
        }
        Filled {
            text: missing.is_empty().then_some(text),
            missing,
            preview,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_and_errors() {
        let t = Template::parse("{{literal}} {a}{a} {b_2}").unwrap();
        assert_eq!(t.placeholders(), ["a", "b_2"]);
        let v = HashMap::from([("a".into(), "x".into()), ("b_2".into(), "y".into())]);
        assert_eq!(t.fill(&v).text.as_deref(), Some("{literal} xx y"));
        for (bad, offset) in [("a } b", 2), ("x {name", 2), ("{}", 0), ("{a b}", 0)] {
            assert_eq!(Template::parse(bad).unwrap_err().offset, offset, "{bad}");
        }
        let blank = HashMap::from([("a".into(), "  ".into())]);
        let f = Template::parse("Hi {a}").unwrap().fill(&blank);
        assert_eq!(
            (f.text, f.missing, f.preview.as_str()),
            (None, vec!["a".to_owned()], "Hi [a]")
        );
    }
}
