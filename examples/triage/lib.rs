//! The main job of otklik: a triage and reporting pipeline over a bank's mentions.
//!
//! It tags every customer mention with the bank's rules, puts every conversation on the SLA
//! policy's clocks, and reports, as of a fixed instant: tags by category, the live reply queue,
//! first-reply service level by month and platform with percentiles, NPS and eNPS with
//! intervals from a survey file, engagement of the bank's posts per channel. It can write a CRM
//! export (JSON Lines, CSV) with personal data masked and a self-contained HTML report.
//!
//! The mentions are read twice, streaming: memory grows with the number of conversations,
//! never with the texts (see [`pipeline`]).
//!
//! ```no_run
//! use otklik_examples::pipeline::{run, Inputs, Options};
//! use otklik_examples::tables::render;
//!
//! let now = "2026-01-29T12:00:00Z".parse().unwrap();
//! let summary = run(&Inputs::bundled(), &Options::at(now)).unwrap();
//! print!("{}", render(&summary));
//! ```

pub mod crm;
pub mod html;
pub mod pipeline;
pub mod survey;
pub mod tables;
