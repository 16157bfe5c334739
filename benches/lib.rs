//! Benchmark support: where the bundled and shared data sets are.
//!
//! The benchmarks themselves are in `benches/` (criterion); run them with
//! `cargo bench -p otklik-benches`.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A file of `../shared/data/` beside the project (real public data, never shipped).
pub fn shared_data(name: &str) -> PathBuf {
    workspace().join("../shared/data").join(name)
}
