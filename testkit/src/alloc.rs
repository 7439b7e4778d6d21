//! A counting global allocator. A test or bench binary installs it with
//! `#[global_allocator] static A: CountingAlloc = CountingAlloc;` and reads [`allocations`] or
//! [`allocations_in`]. Counts are per thread, so tests running side by side do not see each
//! other's allocations.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: a thread being torn down may still free and allocate.
    let _ = COUNT.try_with(|c| c.set(c.get() + 1));
}

/// The system allocator, counting every `alloc`, `alloc_zeroed` and `realloc` of the thread.
pub struct CountingAlloc;

// SAFETY: every call is forwarded unchanged to `System`; the counter has no effect on memory
// (a const-initialised thread local: counting allocates nothing).
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Allocations (reallocations included) this thread made since it started.
pub fn allocations() -> u64 {
    COUNT.with(Cell::get)
}

/// Allocations this thread made while running `f`.
pub fn allocations_in(f: impl FnOnce()) -> u64 {
    let before = allocations();
    f();
    allocations() - before
}

/// Average allocations per call of `f` over `calls` calls, after one warm-up call (so buffers
/// that grow once, such as routecore's `Context`, are not counted).
pub fn per_call(calls: u64, mut f: impl FnMut()) -> f64 {
    f();
    let n = allocations_in(|| {
        for _ in 0..calls {
            f();
        }
    });
    n as f64 / calls as f64
}

/// Collects `(name, allocations per call)` rows and prints them as a table on stderr.
#[derive(Debug, Default)]
pub struct AllocTable {
    rows: Vec<(String, f64)>,
}

impl AllocTable {
    /// Measures `f` (see [`per_call`]) and records it under `name`.
    pub fn measure(&mut self, name: impl Into<String>, f: impl FnMut()) {
        self.rows.push((name.into(), per_call(1000, f)));
    }

    /// The recorded rows.
    pub fn rows(&self) -> &[(String, f64)] {
        &self.rows
    }

    /// Prints the table on stderr under `title`.
    pub fn print(&self, title: &str) {
        eprintln!("\n{title}: allocations per call (counting global allocator, after warm-up)");
        let width = self.rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, n) in &self.rows {
            eprintln!("  {name:<width$}  {n:>8.2}");
        }
    }
}
