//! The full decision on the example shop (`examples/shop/routecore.json`: middleware with a
//! matcher, `has`/`missing` rules, headers, redirects and rewrites) against the bare match: the
//! same routes and options in a router without any rule, deciding the same requests
//! (see `routecore_benches::shop`).

use criterion::{Criterion, criterion_group, criterion_main};
use routecore::Context;
use routecore_benches::alloc::{AllocTable, CountingAlloc};
use routecore_benches::shop;
use std::hint::black_box;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn full_decision(c: &mut Criterion) {
    let (full, bare) = shop::routers();
    let requests = shop::requests();
    let mut ctx = Context::new();
    let mut allocs = AllocTable::default();
    let mut group = c.benchmark_group("full_decision");
    for (name, router) in [("full", &full), ("bare_match", &bare)] {
        let mut run = || {
            for req in black_box(&requests) {
                black_box(router.decide(req, &mut ctx).status());
            }
        };
        allocs.measure(name, &mut run);
        group.bench_function(name, |b| b.iter(&mut run));
    }
    group.finish();
    allocs.print(&format!("full_decision (per {} decisions)", requests.len()));
}

criterion_group!(benches, full_decision);
criterion_main!(benches);
