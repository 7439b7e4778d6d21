//! Scaling: the same lookups against generated route trees of 100 to 100,000 routes, and
//! against 10 to 10,000 redirect or middleware rules. The time per decision should depend on
//! the path, not on the number of routes or rules.

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use routecore::{Context, Request, Router, RouterBuilder};
use routecore_benches::generate;
use std::hint::black_box;

fn decide_all(router: &Router, lookups: &[(String, bool)], ctx: &mut Context) {
    for (path, hit) in black_box(lookups) {
        let d = router.decide(&Request::new("GET", path), ctx);
        assert_eq!(d.route().is_some(), *hit, "{path}");
        black_box(d.status());
    }
}

fn routes(c: &mut Criterion) {
    let lookups = generate::lookups();
    let mut group = c.benchmark_group("scaling_routes");
    for n in [100, 1_000, 10_000, 100_000] {
        let router = generate::router(n);
        let mut ctx = Context::new();
        group.bench_with_input(BenchmarkId::from_parameter(n), &lookups, |b, lookups| {
            b.iter(|| decide_all(&router, lookups, &mut ctx))
        });
    }
    group.finish();
}

/// The router, or `None` (reported on stderr) when the rules do not build: a size the engine
/// cannot take is a finding to report, not a reason to stop the other measurements.
fn built(b: RouterBuilder, group: &str, n: usize) -> Option<Router> {
    match b.build() {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("{group}/{n}: SKIPPED, the router does not build: {e}");
            None
        }
    }
}

/// The route lookups (none matches a rule) plus one request the first redirect answers.
fn rules(c: &mut Criterion) {
    let lookups = generate::lookups();
    let sizes = [10, 100, 1_000, 10_000];
    let mut group = c.benchmark_group("scaling_redirects");
    // Thousands of rules cost milliseconds per decision today: few flat samples suffice.
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for n in sizes {
        let mut b = generate::builder(1_000);
        b.rules_mut().redirects = generate::redirect_rules(n);
        let Some(router) = built(b, "scaling_redirects", n) else {
            continue;
        };
        let mut ctx = Context::new();
        group.bench_with_input(BenchmarkId::from_parameter(n), &lookups, |b, lookups| {
            b.iter(|| {
                decide_all(&router, lookups, &mut ctx);
                let d = router.decide(&Request::new("GET", generate::RULE_HIT), &mut ctx);
                assert_eq!(d.status(), 308);
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scaling_middleware");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for n in sizes {
        let b = generate::builder(1_000).middleware(generate::middleware_rules(n));
        let Some(router) = built(b, "scaling_middleware", n) else {
            continue;
        };
        let mut ctx = Context::new();
        group.bench_with_input(BenchmarkId::from_parameter(n), &lookups, |b, lookups| {
            b.iter(|| decide_all(&router, lookups, &mut ctx))
        });
    }
    group.finish();
}

criterion_group!(benches, routes, rules);
criterion_main!(benches);
