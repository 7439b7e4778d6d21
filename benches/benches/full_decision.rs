//! The full decision on the example shop (`examples/shop/routecore.json`: middleware with a
//! matcher, `has`/`missing` rules, headers, redirects and rewrites) against the bare match: the
//! same routes and options in a router without any rule, deciding the same requests.

use criterion::{Criterion, criterion_group, criterion_main};
use routecore::{Context, Request, Router};
use routecore_benches::alloc::{AllocTable, CountingAlloc};
use std::hint::black_box;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const SHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop");

const SESSION: &[(&[u8], &[u8])] = &[(b"cookie", b"session=abc; theme=dark")];
const AUTH: &[(&[u8], &[u8])] = &[(b"authorization", b"Bearer t")];

/// A representative mix: pages, params, catch-alls, API calls with and without auth,
/// HEAD, OPTIONS, a trailing-slash redirect, a query and a 404.
fn requests() -> Vec<Request<'static>> {
    vec![
        Request::new("GET", "/"),
        Request::new("GET", "/about"),
        Request::new("GET", "/blog/hello-world"),
        Request::new("GET", "/products/42/reviews?page=2&sort=new"),
        Request::new("GET", "/categories/men/shoes/running"),
        Request::new("GET", "/docs/getting-started/install"),
        Request::new("GET", "/account/orders/1001").with_headers(SESSION),
        Request::new("GET", "/api/products/42"),
        Request::new("POST", "/api/products").with_headers(AUTH),
        Request::new("PATCH", "/api/cart/items/7").with_headers(AUTH),
        Request::new("HEAD", "/api/health"),
        Request::new("OPTIONS", "/api/orders"),
        Request::new("GET", "/api/files/a/b/c.txt"),
        Request::new("GET", "/contact/"),
        Request::new("GET", "/no/such/page"),
    ]
}

fn full_decision(c: &mut Criterion) {
    let full = Router::load(SHOP).expect("the example shop builds");
    let mut bare = Router::builder().options(full.options().clone());
    for r in routecore::load_project(SHOP.as_ref())
        .expect("the example shop loads")
        .routes()
    {
        bare.add(r.clone());
    }
    let bare = bare.build().expect("the shop's routes build");
    let requests = requests();
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
