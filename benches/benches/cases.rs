//! The headline single lookups: a static hit (beside an `FxHashMap` lookup of the same path),
//! 1, 4 and 8 params, a 50-segment catch-all and a miss, each beside matchit, with the
//! allocations per call printed after the groups.

use criterion::{Criterion, criterion_group, criterion_main};
use routecore::{Context, Request};
use routecore_benches::alloc::{AllocTable, CountingAlloc};
use routecore_benches::cases::{self, Case};
use routecore_benches::routecore_router;
use rustc_hash::FxHashMap;
use std::hint::black_box;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn cases(c: &mut Criterion) {
    let router = routecore_router(
        cases::routes_next().iter().map(|p| (*p, &["GET"][..])),
        Default::default(),
    );
    let mut matchit = matchit::Router::new();
    for (id, route) in cases::routes_braces().into_iter().enumerate() {
        matchit.insert(route, id).unwrap();
    }
    let map: FxHashMap<&str, usize> = cases::static_routes().into_iter().zip(0..).collect();
    let mut ctx = Context::new();
    let mut allocs = AllocTable::default();

    for Case { name, path, hit } in cases::cases() {
        let path = path.as_str();
        let mut group = c.benchmark_group(format!("case_{name}"));

        let mut run = || {
            let d = router.decide(black_box(&Request::new("GET", path)), &mut ctx);
            assert_eq!(d.route().is_some(), hit, "{path}");
            black_box(d.status());
        };
        allocs.measure(format!("{name}/routecore"), &mut run);
        group.bench_function("routecore", |b| b.iter(&mut run));

        if name == "static" {
            let mut run = || {
                let v = black_box(&map).get(black_box(path));
                assert!(v.is_some());
                black_box(v);
            };
            allocs.measure(format!("{name}/fxhashmap"), &mut run);
            group.bench_function("fxhashmap", |b| b.iter(&mut run));
        }

        let mut run = || {
            let m = black_box(&matchit).at(black_box(path));
            assert_eq!(m.is_ok(), hit, "{path}");
            black_box(m.ok().map(|m| *m.value));
        };
        allocs.measure(format!("{name}/matchit"), &mut run);
        group.bench_function("matchit", |b| b.iter(&mut run));

        group.finish();
    }
    allocs.print("cases");
}

criterion_group!(benches, cases);
criterion_main!(benches);
