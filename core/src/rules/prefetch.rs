//! Software prefetching: asking the CPU for a cache line before it is read.
//!
//! The matcher of a large rule set reads a chain of tables for each hit (the atom's postings,
//! then their rules, then the rules' trees) whose misses would otherwise wait one for another;
//! each step prefetches for all of a text's hits what the next step reads.

/// Whether [`prefetch`] does anything: on x86-64 only.
pub(crate) const PREFETCHES: bool = cfg!(target_arch = "x86_64");

/// Asks the CPU to load the cache line where `value` starts, without waiting for it: a later
/// read of `value` then finds its first line in the first-level cache, and the misses of many
/// such reads overlap. Does nothing on other targets than x86-64 (see [`PREFETCHES`]).
#[inline(always)]
pub(crate) fn prefetch<T: ?Sized>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is part of every x86-64 CPU, and a prefetch only loads a cache line: it
    // reads nothing into the program and never faults, whatever the address (an empty slice's
    // dangling one too).
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
