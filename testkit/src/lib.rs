//! Helpers shared by the workspace's tests and benches, so each exists once: the counting
//! global allocator that proves the match path allocates nothing, and the check that a
//! crate's modules import one way (ARCHITECTURE.md).

pub mod alloc;
pub mod layers;
