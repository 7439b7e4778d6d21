//! The counting global allocator, shared with the tests (`routecore-testkit`): each bench
//! binary installs it with `#[global_allocator] static A: CountingAlloc = CountingAlloc;`.

pub use routecore_testkit::alloc::{AllocTable, CountingAlloc, allocations, per_call};
