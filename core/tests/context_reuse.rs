//! A context reused across requests decides each one as a fresh context would: nothing an
//! earlier decision wrote (a query, a location, headers, a body, a host, a rewrite) shows in a
//! later one. `Context::reset` clears some fields only after a decision that wrote them, so
//! every ordered pair of requests of different kinds is decided on one context and compared
//! with the second request decided alone.

use routecore::{Context, Request, RouteSpec, Router};

type Headers = &'static [(&'static [u8], &'static [u8])];

const NONE: Headers = &[];
const INTERNAL: Headers = &[(b"x-middleware-subrequest", b"1"), (b"accept", b"*/*")];
const SHOP_COOKIE: Headers = &[(b"cookie", b"session=1; ab-home=b")];
const SHOP_AUTH: Headers = &[(b"authorization", b"Bearer t"), (b"x-debug", b"1")];

/// Every request of `requests` after every other one on one context.
fn each_pair_decides_as_alone(router: &Router, requests: &[(&str, &str, Headers)]) {
    let alone: Vec<String> = requests
        .iter()
        .map(|(m, t, h)| {
            router
                .decide(&Request::new(m, t).with_headers(h), &mut Context::new())
                .to_json()
        })
        .collect();
    let mut ctx = Context::new();
    for (m1, t1, h1) in requests {
        for ((m2, t2, h2), expected) in requests.iter().zip(&alone) {
            let _ = router
                .decide(&Request::new(m1, t1).with_headers(h1), &mut ctx)
                .to_json();
            let got = router
                .decide(&Request::new(m2, t2).with_headers(h2), &mut ctx)
                .to_json();
            assert_eq!(&got, expected, "{m2} {t2} after {m1} {t1}");
        }
    }
}

#[test]
fn a_rule_less_router_forgets_every_earlier_decision() {
    let mut b = Router::builder();
    b.add(RouteSpec::route("/static/hit", &["GET"]));
    b.add(RouteSpec::route("/one/[a]", &["GET"]));
    b.add(RouteSpec::page("/docs/[...slug]"));
    b.add(RouteSpec::page("/opt/[[...rest]]"));
    let router = b.build().expect("routes build");
    each_pair_decides_as_alone(
        &router,
        &[
            ("GET", "/static/hit", NONE),
            ("GET", "/static/hit?x=1&x=2", NONE),
            ("GET", "/one/x", NONE),
            ("GET", "/one/x?q=1", NONE),
            ("GET", "/one/x", INTERNAL),
            ("GET", "/one/x/", NONE),
            ("GET", "//evil.com/one/x", NONE),
            ("GET", "/one/%zz", NONE),
            ("GET", "/one/a%2Fb", NONE),
            ("GET", "/docs/a/./b/../c", NONE),
            ("GET", "/opt", NONE),
            ("DELETE", "/one/x", NONE),
            ("OPTIONS", "/one/x?y", NONE),
            ("GET", "/nope/%C3%A9", NONE),
            ("GET", "http://example.com/one/x?z=9", NONE),
        ],
    );
}

#[test]
fn a_router_with_rules_forgets_every_earlier_decision() {
    let shop = Router::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop"))
        .expect("example builds");
    each_pair_decides_as_alone(
        &shop,
        &[
            ("GET", "/products/42?ref=home", NONE),
            ("GET", "/", SHOP_COOKIE),
            ("GET", "/account/orders/7", NONE),
            ("GET", "/account/orders/7", SHOP_COOKIE),
            ("GET", "/shop/9?x=1", NONE),
            ("GET", "/blog/archive/2023/hi", NONE),
            ("GET", "/p/5", NONE),
            ("GET", "/cdn/a/b.png", NONE),
            ("POST", "/api/products", NONE),
            ("POST", "/api/products", SHOP_AUTH),
            ("GET", "/products/42", INTERNAL),
            ("GET", "/nope", NONE),
            ("DELETE", "/about", NONE),
            ("GET", "/about/", NONE),
        ],
    );
}
