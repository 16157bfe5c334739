//! # otklik
//!
//! *отклик* means "response". otklik is the engine of a bank's social-care desk: it reads every
//! public mention of the bank (posts, comments, reviews, Telegram chats) and will tag it, put it
//! on a reply clock, and measure how the team does. This crate is the pure Rust core; Python and
//! Kotlin bindings wrap it without adding logic.
//!
//! Everything is deterministic: the library never reads the clock or the network. "Now" is always
//! an argument, so every figure can be reproduced.
//!
//! # Mentions
//!
//! A [`Mention`] is one post, comment, reply, review or message. Known fields are typed
//! ([`Platform`], [`Kind`], UTC instants, [`Rating`], engagement counts); unknown fields are kept
//! in [`Mention::extra`], so nothing read is lost when it is written back.
//!
//! # Reading and writing
//!
//! The [`io`] module streams mentions from and to JSON Lines and CSV in constant memory. A bad
//! record is an [`io::InputError`] that names its line (and column and field where known); the
//! caller chooses to stop at it or skip it and collect it.
//!
//! ```
//! use otklik::io::{JsonlReader, OnError, ReadOptions};
//! use otklik::Platform;
//!
//! let data = concat!(
//!     r#"{"id":"tgb-1","platform":"telegram_bot","kind":"message","text":"Картку заблоковано 😡","published_at":"2025-10-01T09:00:00Z"}"#, "\n",
//!     r#"{"id":"tgb-2","platform":"telegram_bot","kind":"message","text":"Дякую","published_at":"2025-10-01 09:02:00"}"#, "\n",
//! );
//! let mut reader = JsonlReader::new(data.as_bytes(), ReadOptions::new().on_error(OnError::Skip));
//! let mentions: Vec<_> = reader.by_ref().collect::<Result<_, _>>()?;
//! assert_eq!(mentions.len(), 1);
//! assert_eq!(mentions[0].platform, Platform::TelegramBot);
//!
//! let errors = reader.take_errors();
//! assert_eq!(
//!     errors[0].to_string(),
//!     "line 2, column 113, field `published_at`: timestamp \"2025-10-01 09:02:00\" has no time zone; \
//!      write it in UTC with a Z (2025-10-03T07:15:00Z) or with its offset (2025-10-03T10:15:00+03:00)"
//! );
//! # Ok::<(), otklik::io::InputError>(())
//! ```
//!
//! # Metrics
//!
//! The [`metrics`] module measures: NPS and eNPS kept as exact fractions and rounded in one
//! place, their confidence intervals (adjusted-Wald by default), comparisons of periods and
//! segments (independent or paired, with Holm's correction), weighted NPS, sample sizes, CSAT
//! and CES, and engagement rates named by their formula.
//!
//! ```
//! use otklik::metrics::{Confidence, NpsCounts, NpsMethod};
//!
//! let counts = NpsCounts::from_answers(&[10, 9, 8, 7, 10, 3, 9, 6])?;
//! assert_eq!(counts.score(), Some(25.0));
//! let ci = counts.interval(NpsMethod::AdjustedWald, Confidence::P95).unwrap();
//! assert!(ci.lower < 25.0 && 25.0 < ci.upper);
//! # Ok::<(), otklik::metrics::MetricsError>(())
//! ```

//! # Personal data
//!
//! The [`pii`] module finds card numbers (Luhn-valid), IBANs (MOD 97-10 valid), phone numbers,
//! e-mail addresses, and tax and passport numbers introduced by a keyword, and masks them before
//! a text goes to a CRM or a log. Amounts, dates, and order numbers that fail the checksum are
//! left alone. Each finding reports its kind, its byte and character offsets, and its mask.
//!
//! ```
//! let r = otklik::pii::redact("Картка 4111 1111 1111 1111, переказ 15 000 грн від 12.03.2024");
//! assert_eq!(r.text, "Картка **** **** **** 1111, переказ 15 000 грн від 12.03.2024");
//! ```

#![deny(missing_docs)]
#![warn(rust_2018_idioms, unreachable_pub)]

pub mod io;
pub mod mention;
pub mod metrics;
pub mod pii;
pub mod replies;
pub mod rules;
pub mod sla;
pub mod text;

pub use mention::{Kind, Mention, Platform, Rating};

/// The README's Rust examples, compiled and run as doc tests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
