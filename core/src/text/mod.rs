//! Text processing: the normalizer (with offsets back to the original) and the tokenizer.

mod lookalike;
mod normalize;
pub(crate) mod tokens;

pub use normalize::{Normalized, normalize};
pub use tokens::{Token, TokenKind, tokenize};
