//! The match path allocates nothing once the context is warm: counted with a global allocator,
//! on a table of 100,000 routes (ROUTING.md §9).

use routecore::{Action, Context, Request, RouteSpec, Router};
use routecore_testkit::alloc::{CountingAlloc, allocations_in};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

fn big_router() -> Router {
    let mut b = Router::builder();
    let n = 100_000 - 6;
    for i in 0..n {
        // A realistic mix: static leaves, dynamic children and nested resources.
        let spec = match i % 4 {
            0 => RouteSpec::page(&format!("/s{}/page{}", i / 100, i)),
            1 => RouteSpec::route(&format!("/s{}/items{}/[id]", i / 100, i), &["GET", "POST"]),
            2 => RouteSpec::page(&format!("/s{}/docs{}/[...slug]", i / 100, i)),
            _ => RouteSpec::route(
                &format!("/s{}/u{}/[user]/posts/[post]", i / 100, i),
                &["GET"],
            ),
        };
        b.add(spec.with_id(i as u64));
    }
    b.add(RouteSpec::route("/static/hit", &["GET"]));
    b.add(RouteSpec::route("/one/[a]", &["GET"]));
    b.add(RouteSpec::route("/four/[a]/[b]/[c]/[d]", &["GET"]));
    b.add(RouteSpec::route(
        "/eight/[a]/[b]/[c]/[d]/[e]/[f]/[g]/[h]",
        &["GET"],
    ));
    b.add(RouteSpec::route("/catch/[...rest]", &["GET"]));
    b.add(RouteSpec::page("/opt/[[...rest]]"));
    let router = b.build().expect("100k routes build");
    assert_eq!(router.routes().len(), 100_000);
    router
}

#[test]
fn deciding_allocates_nothing_once_warm() {
    let router = big_router();
    let catch_all = format!("/catch{}", "/seg".repeat(50));
    let requests: Vec<(&str, String, Action, usize)> = vec![
        ("GET", "/static/hit".into(), Action::Route, 0),
        ("GET", "/one/x%20y".into(), Action::Route, 1),
        ("GET", "/four/a/b/c/d?q=1&r=2".into(), Action::Route, 4),
        ("GET", "/eight/1/2/3/4/5/6/7/8".into(), Action::Route, 8),
        ("GET", catch_all, Action::Route, 1),
        ("GET", "/opt".into(), Action::Route, 0),
        ("GET", "/s17/u1703/[user]/posts/9".into(), Action::Route, 2),
        ("HEAD", "/s3/page300".into(), Action::Route, 0),
        ("GET", "/no/such/route".into(), Action::NotFound, 0),
        ("DELETE", "/one/x".into(), Action::MethodNotAllowed, 1),
        ("OPTIONS", "/one/x".into(), Action::Options, 1),
        ("GET", "/one/x/".into(), Action::Redirect, 0),
        ("GET", "/a//b?x=1".into(), Action::Redirect, 0),
        ("GET", "/one/%zz".into(), Action::BadRequest, 0),
        ("GET", "/x/../one/y".into(), Action::Route, 1),
    ];
    let mut ctx = Context::new();
    // Warm-up: let every buffer grow to fit.
    for (m, t, _, _) in &requests {
        let _ = router.decide(&Request::new(m, t), &mut ctx).action();
    }
    for (m, t, action, params) in &requests {
        let mut seen = (Action::NotFound, 0, 0);
        let n = allocations_in(|| {
            let d = router.decide(&Request::new(m, t), &mut ctx);
            // Reading params and the decision's fields is part of the match path.
            let count = d.params().count();
            let bytes: usize = d
                .params()
                .map(|p| match p.value {
                    routecore::ParamValue::One(v) => v.len(),
                    routecore::ParamValue::Many(s) => s.iter().map(str::len).sum(),
                })
                .sum::<usize>()
                + d.location().map_or(0, str::len)
                + d.allow().map_or(0, str::len)
                + d.pathname().map_or(0, str::len);
            seen = (d.action(), count, bytes);
        });
        assert_eq!(seen.0, *action, "{m} {t}");
        assert_eq!(seen.1, *params, "{m} {t}");
        assert_eq!(n, 0, "{m} {t}: {n} allocations");
    }
}

#[test]
fn counting_allocator_sees_allocations() {
    // The counter itself must work, or the test above proves nothing.
    let n = allocations_in(|| {
        let v: Vec<u8> = Vec::with_capacity(10);
        std::hint::black_box(v);
    });
    assert_eq!(n, 1);
}

#[test]
fn full_decisions_with_rules_allocate_nothing_once_warm() {
    let shop = Router::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop"))
        .expect("example builds");
    let cookie: &[(&[u8], &[u8])] = &[(b"cookie", b"session=1; ab-home=b")];
    let auth: &[(&[u8], &[u8])] = &[(b"authorization", b"Bearer t"), (b"x-debug", b"1")];
    let none: &[(&[u8], &[u8])] = &[];
    type Headers<'a> = &'a [(&'a [u8], &'a [u8])];
    let cases: Vec<(&str, &str, Headers<'_>, Action)> = vec![
        ("GET", "/products/42?ref=home", none, Action::Route),
        ("GET", "/", cookie, Action::Route), // A/B rewrite
        ("GET", "/account/orders/7", none, Action::Redirect), // auth redirect
        ("GET", "/account/orders/7", cookie, Action::Route),
        ("GET", "/shop/9?x=1", none, Action::Redirect), // legacy map, 308
        ("GET", "/blog/archive/2023/hi", none, Action::Redirect),
        ("GET", "/p/5", none, Action::Route), // afterFiles rewrite
        ("GET", "/cdn/a/b.png", none, Action::RewriteExternal), // proxy
        ("POST", "/api/products", none, Action::Respond), // 401 from middleware
        ("POST", "/api/products", auth, Action::Route),
        ("GET", "/nope", none, Action::NotFound),
        ("DELETE", "/about", none, Action::MethodNotAllowed),
    ];
    let mut ctx = Context::new();
    for _ in 0..2 {
        for (m, t, h, _) in &cases {
            let _ = shop
                .decide(&Request::new(m, t).with_headers(h), &mut ctx)
                .to_json();
        }
    }
    for (m, t, h, action) in &cases {
        let mut got = Action::NotFound;
        let n = allocations_in(|| {
            let d = shop.decide(&Request::new(m, t).with_headers(h), &mut ctx);
            let touched = d.response_headers().count()
                + d.request_headers().count()
                + d.query().count()
                + d.location().map_or(0, str::len)
                + d.vary().count();
            std::hint::black_box(touched);
            got = d.action();
        });
        assert_eq!(got, *action, "{m} {t}");
        assert_eq!(n, 0, "{m} {t}: {n} allocations");
    }
}
