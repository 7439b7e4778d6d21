//! Pathological inputs: huge paths, many segments, many headers, deeply nested groups in
//! path-to-regexp sources and `has` regexes, and 100,000 near-identical routes. Each must end
//! in the decision or build error the limits promise (414, 431, a clear build error), never a
//! crash, a stack overflow or a runaway. Time bounds are very generous (debug builds on a
//! loaded 2-core CI machine); they only catch a hang, not a slowdown.

use routecore::{Action, BuildErrorKind, Context, Request, RouteSpec, Router, parse_config};
use std::time::{Duration, Instant};

const GENEROUS: Duration = Duration::from_secs(60);

fn shop() -> Router {
    Router::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop")).unwrap()
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < GENEROUS, "{what} took {took:?}");
    out
}

fn raised(config: &str) -> Router {
    parse_config(config).unwrap().build().unwrap()
}

#[test]
fn one_megabyte_paths_are_414_by_default_and_decided_when_allowed() {
    let router = shop();
    let mut ctx = Context::new();
    let long = format!("/{}", "a".repeat(1 << 20));
    for target in [
        long.clone(),
        format!("/api/files/{}", "x/".repeat(1 << 19)),
        format!("/{}", "%41".repeat(350_000)),
        format!("/blog/a?{}", "q=1&".repeat(1 << 18)),
    ] {
        let d = timed("1 MB at the default limit", || {
            router
                .decide(&Request::new("GET", &target), &mut ctx)
                .status()
        });
        assert_eq!(d, 414);
    }
    // With the limits raised, the request is decided (not found / route) in bounded time.
    let router = raised(
        r#"{"limits": {"maxTargetBytes": 4000000, "maxSegments": 1000000},
            "routes": [{"pattern": "/files/[...path]", "kind": "page"}, {"pattern": "/[slug]", "kind": "page"}],
            "middleware": {"matcher": ["/((?!_next/static|favicon.ico).*)", "/:a*/deep/:b(\\d+)"]},
            "headers": [{"source": "/:path*", "headers": [{"key": "x-a", "value": ":path"}]}],
            "redirects": [{"source": "/old/:a/:b*", "destination": "/new/:a", "permanent": true}]}"#,
    );
    let d = timed("1 MB one segment", || {
        let d = router.decide(&Request::new("GET", &long), &mut ctx);
        (d.action(), d.status())
    });
    assert_eq!(d, (Action::Route, 200));
    let deep = format!("/files/{}", "seg/".repeat(250_000).trim_end_matches('/'));
    let d = timed("1 MB, 250,000 segments", || {
        let d = router.decide(&Request::new("GET", &deep), &mut ctx);
        (d.action(), d.status())
    });
    assert_eq!(d, (Action::Route, 200));
    // A captured header value of 1 MB is written once, encoded, never split.
    let d = router.decide(&Request::new("GET", &long), &mut ctx);
    let (_, v) = d.response_headers().find(|(k, _)| *k == "x-a").unwrap();
    assert_eq!(v.len(), 1 << 20);
}

#[test]
fn ten_thousand_segments_are_414_by_default_and_decided_when_allowed() {
    let router = shop();
    let mut ctx = Context::new();
    let many = "/a".repeat(10_000);
    assert_eq!(
        router
            .decide(&Request::new("GET", &many), &mut ctx)
            .status(),
        414
    );
    let target = format!("/api/files{many}");
    assert_eq!(
        router
            .decide(&Request::new("GET", &target), &mut ctx)
            .status(),
        414
    );
    // Dot segments are resolved before counting: 10,000 `..` leave nothing to count.
    let dots = format!("{}/about", "/..".repeat(2_000));
    let d = router.decide(&Request::new("GET", &dots), &mut ctx);
    assert_eq!(
        (d.action(), d.route().map(|r| r.pattern())),
        (Action::Route, Some("/about"))
    );

    let router = raised(
        r#"{"limits": {"maxTargetBytes": 1000000, "maxSegments": 20000},
            "routes": [{"pattern": "/a/[...rest]", "kind": "page"}, {"pattern": "/a/[x]/b", "kind": "page"}]}"#,
    );
    let d = timed("10,000 segments", || {
        router.decide(&Request::new("GET", &many), &mut ctx)
    });
    assert_eq!(d.action(), Action::Route);
    match d.param("rest") {
        Some(routecore::ParamValue::Many(list)) => assert_eq!(list.len(), 9_999),
        other => panic!("{other:?}"),
    }
    // Backtracking over 10,000 segments stays bounded: `/a/[x]/b` dead-ends at once.
    let d = timed("10,000 segments, backtracking", || {
        router
            .decide(&Request::new("GET", &format!("{many}/b")), &mut ctx)
            .status()
    });
    assert_eq!(d, 200);
}

#[test]
fn a_hundred_thousand_headers_are_431_by_default_and_decided_when_allowed() {
    let router = shop();
    let mut ctx = Context::new();
    let names: Vec<String> = (0..100_000).map(|i| format!("x-h{i}")).collect();
    let headers: Vec<(&[u8], &[u8])> = names.iter().map(|n| (n.as_bytes(), &b"v"[..])).collect();
    let d = timed("100,000 headers", || {
        router
            .decide(
                &Request::new("GET", "/about").with_headers(&headers),
                &mut ctx,
            )
            .status()
    });
    assert_eq!(d, 431);
    // One value over 8 KiB is 431 as well.
    let big = vec![b'a'; 8 * 1024 + 1];
    let one: [(&[u8], &[u8]); 1] = [(b"cookie", &big)];
    assert_eq!(
        router
            .decide(&Request::new("GET", "/about").with_headers(&one), &mut ctx)
            .status(),
        431
    );
    // Raised: every `has` condition scans the headers once; 100,000 of them stay bounded.
    let router = raised(
        r#"{"limits": {"maxHeaders": 200000},
            "routes": [{"pattern": "/", "kind": "page"}],
            "middleware": {"rules": [
                {"if": {"has": [{"type": "header", "key": "x-h99999", "value": "(?<v>.*)"}]}, "setResponseHeaders": {"x-seen": "1"}},
                {"if": {"missing": [{"type": "cookie", "key": "s"}]}, "setRequestHeaders": {"x-anon": "1"}},
                {"requestHeaders": {"x-only": "1"}}]}}"#,
    );
    let d = timed("100,000 headers with conditions", || {
        let d = router.decide(&Request::new("GET", "/").with_headers(&headers), &mut ctx);
        (
            d.status(),
            d.response_headers().count(),
            d.request_headers().count(),
        )
    });
    assert_eq!(d.0, 200);
    assert!(d.1 >= 1);
    // `requestHeaders` replaces the set: every one of the 100,000 is removed, named once.
    assert_eq!(d.2, 100_000 + 2);
}

fn build_error(config: &str) -> String {
    match parse_config(config).and_then(|b| b.build()) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn deeply_nested_groups_are_build_errors_not_stack_overflows() {
    for depth in [10, 1_000, 100_000] {
        let braces = format!("/a{}:x{}", "{".repeat(depth), "}".repeat(depth));
        let parens = format!("/:x({}a{})", "(?:".repeat(depth), ")".repeat(depth));
        let capturing = format!("/{}a{}", "(".repeat(depth), ")".repeat(depth));
        let class = format!("/:x({}.*)", "[(]".repeat(depth));
        for source in [braces, parens.clone(), capturing, class] {
            let src = serde_json::to_string(&source).unwrap();
            let configs = [
                format!(r#"{{"middleware": {{"matcher": [{src}]}}}}"#),
                format!(
                    r#"{{"redirects": [{{"source": {src}, "destination": "/b", "permanent": true}}]}}"#
                ),
                format!(
                    r#"{{"headers": [{{"source": {src}, "headers": [{{"key": "x", "value": "1"}}]}}]}}"#
                ),
            ];
            for config in configs {
                // Builds or fails with a message; never overflows the stack or hangs.
                let _ = timed("nested source", || build_error(&config));
            }
        }
        // The same nesting in a `has` value (a JavaScript regex).
        let value =
            serde_json::to_string(&format!("{}a{}", "(?:".repeat(depth), ")".repeat(depth)))
                .unwrap();
        let config = format!(
            r#"{{"redirects": [{{"source": "/a", "destination": "/b", "permanent": true,
                 "has": [{{"type": "header", "key": "x", "value": {value}}}]}}]}}"#
        );
        let err = timed("nested has value", || build_error(&config));
        if depth >= 1_000 {
            assert!(!err.is_empty(), "depth {depth} built");
        }
        // Deep non-capturing nesting past the regex parser's limit is an error naming it.
        if depth >= 1_000 {
            let src = serde_json::to_string(&parens).unwrap();
            let err = build_error(&format!(r#"{{"middleware": {{"matcher": [{src}]}}}}"#));
            assert!(err.contains("middleware.matcher[0]"), "{err}");
        }
    }
    // Shallow nesting is fine.
    let ok =
        build_error(r#"{"middleware": {"matcher": ["/:x((?:(?:(?:a|b)+)))", "/a{/:b{-:c}?}?"]}}"#);
    assert!(ok.is_empty() || ok.contains("Unexpected OPEN"), "{ok}");
}

#[test]
fn a_hundred_thousand_near_identical_routes_build_and_decide() {
    let mut b = Router::builder();
    for i in 0..50_000 {
        b.add(RouteSpec::page(&format!("/catalog/item-{i:05}/detail")).with_id(i));
        b.add(RouteSpec::page(&format!("/catalog/item-{i:05}/[section]")).with_id(100_000 + i));
    }
    let router = timed("building 100,000 routes", || b.build().unwrap());
    assert_eq!(router.routes().len(), 100_000);
    let mut ctx = Context::new();
    for (target, want) in [
        ("/catalog/item-49999/detail", Some(49_999)),
        ("/catalog/item-00000/reviews", Some(100_000)),
        ("/catalog/item-50000/detail", None),
        ("/catalog/item-0000/detail", None),
        ("/catalog/%69tem-12345/detail", Some(12_345)),
    ] {
        let d = router.decide(&Request::new("GET", target), &mut ctx);
        assert_eq!(d.route().map(|r| r.id()), want, "{target}");
    }
    // One more is over the limit: a clear build error, not a slow router.
    let mut b = Router::builder();
    for i in 0..100_001 {
        b.add(RouteSpec::page(&format!("/r{i}")));
    }
    let err = b.build().unwrap_err();
    assert_eq!(err.errors()[0].kind(), BuildErrorKind::Limit);
    assert!(err.to_string().contains("100001 routes exceed the limit"));
}

#[test]
fn ten_thousand_and_one_rules_are_a_build_error() {
    let rules: Vec<String> = (0..10_001)
        .map(|i| format!(r#"{{"source": "/r{i}", "destination": "/x", "permanent": true}}"#))
        .collect();
    let err = build_error(&format!(r#"{{"redirects": [{}]}}"#, rules.join(",")));
    assert!(err.contains("10001 rules exceed the limit"), "{err}");
}
