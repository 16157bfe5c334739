//! Text processing: the normalizer (with offsets back to the original) and the tokenizer.

mod blocks;
pub(crate) mod char_index;
mod chars;
mod lookalike;
mod normalize;
pub(crate) mod tokens;

pub(crate) use normalize::normalize_into;
pub use normalize::{Normalized, normalize};
pub use tokens::{Token, TokenKind, tokenize};
