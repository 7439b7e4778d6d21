//! Build time: 10,000 generated routes (validation, conflict checks, Next.js ordering, trie).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use routecore_benches::generate;

fn build(c: &mut Criterion) {
    let builder = generate::builder(10_000);
    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    group.bench_function("routes_10000", |b| {
        b.iter_batched(
            || builder.clone(),
            |b| b.build().expect("generated routes build"),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
