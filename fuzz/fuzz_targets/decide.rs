//! Arbitrary bytes as method, target, host and headers (fields split on 0xFF: method, target,
//! host, then name/value pairs) against the example shop (middleware, headers, redirects,
//! rewrites), as configured and again under a basePath with `trailingSlash: true`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routecore::{Context, Request, Router, RouterBuilder, parse_config};
use routecore_fuzz::{Oracle, absolute_origins, check, fields, header_pairs, without_rules};
use std::sync::LazyLock;

const SHOP: &str = include_str!("../../examples/shop/routecore.json");

struct Fixture {
    router: Router,
    plain: Router,
    absolute: Vec<String>,
}

fn fixture(edit: impl Fn(&mut serde_json::Value)) -> Fixture {
    let mut value: serde_json::Value = serde_json::from_str(SHOP).expect("shop JSON");
    edit(&mut value);
    let builder: RouterBuilder = parse_config(&value.to_string()).expect("shop config");
    Fixture {
        plain: without_rules(&builder).build().expect("shop routes"),
        router: builder.build().expect("shop builds"),
        absolute: absolute_origins(&value),
    }
}

static FIXTURES: LazyLock<[Fixture; 2]> = LazyLock::new(|| {
    [
        fixture(|_| {}),
        fixture(|v| {
            v["basePath"] = "/shop".into();
            v["trailingSlash"] = true.into();
        }),
    ]
});

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let method = f[0];
    let target = f.get(1).copied().unwrap_or(b"/");
    let host = f.get(2).copied().filter(|h| !h.is_empty());
    let headers = header_pairs(&f);
    let req = Request {
        method,
        target,
        host,
        headers: &headers,
    };
    let mut ctx = Context::new();
    for fx in FIXTURES.iter() {
        let oracle = Oracle {
            router: &fx.router,
            plain: &fx.plain,
            absolute: fx.absolute.clone(),
            has_rules: true,
        };
        check(&oracle, &req, &mut ctx);
    }
});
