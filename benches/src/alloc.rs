//! A counting global allocator: each bench binary installs it with
//! `#[global_allocator] static A: CountingAlloc = CountingAlloc;` and reads [`allocations`].

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

/// The system allocator, counting every `alloc`, `alloc_zeroed` and `realloc`.
pub struct CountingAlloc;

// SAFETY: every call is forwarded unchanged to `System`; the counter has no effect on memory.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Allocations (including reallocations) since the program started.
pub fn allocations() -> u64 {
    ALLOCATIONS.load(Ordering::Relaxed)
}

/// Average allocations per call of `f` over `calls` calls, after one warm-up call (so buffers
/// that grow once, such as routecore's `Context`, are not counted). Only meaningful in a
/// single-threaded binary that installed [`CountingAlloc`].
pub fn per_call(calls: u64, mut f: impl FnMut()) -> f64 {
    f();
    let before = allocations();
    for _ in 0..calls {
        f();
    }
    (allocations() - before) as f64 / calls as f64
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
