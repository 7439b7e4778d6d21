//! One arbitrary route pattern: build a router from it (never panics), then, when it builds,
//! request a path derived from it with arbitrary param values (fields after the first 0xFF)
//! and check that the values come back exactly, plus every decision invariant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use routecore::{Action, Context, ParamValue, Request, RouteSpec, Router};
use routecore_fuzz::{Oracle, check, fields};

/// Everything but RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let Ok(pattern) = std::str::from_utf8(f[0]) else {
        return;
    };
    let Ok(router) = Router::builder().route(RouteSpec::page(pattern)).build() else {
        return;
    };
    let route = router.routes().next().expect("one route");
    // Values usable as one path segment: non-empty, not a dot segment.
    let mut values = f[1..]
        .iter()
        .filter_map(|v| std::str::from_utf8(v).ok())
        .filter(|v| !v.is_empty() && *v != "." && *v != "..")
        .cycle();
    let mut path = String::new();
    let mut expect: Vec<(String, Vec<String>)> = Vec::new();
    for seg in route.pattern.split('/').skip(1).filter(|s| !s.is_empty()) {
        let name = |s: &str, pre: &str, post: &str| {
            s.strip_prefix(pre)
                .and_then(|x| x.strip_suffix(post))
                .map(str::to_owned)
        };
        if let Some(n) = name(seg, "[[...", "]]").or_else(|| name(seg, "[...", "]")) {
            let take: Vec<String> = values.by_ref().take(3).map(str::to_owned).collect();
            let take = if take.is_empty() {
                vec!["x".to_owned()]
            } else {
                take
            };
            for v in &take {
                path.push('/');
                path.extend(utf8_percent_encode(v, SEGMENT));
            }
            expect.push((n, take));
        } else if let Some(n) = name(seg, "[", "]") {
            let v = values.next().unwrap_or("v").to_owned();
            path.push('/');
            path.extend(utf8_percent_encode(&v, SEGMENT));
            expect.push((n, vec![v]));
        } else {
            path.push('/');
            path.extend(utf8_percent_encode(seg, SEGMENT));
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    let oracle = Oracle::plain(&router);
    let mut ctx = Context::new();
    let req = Request::new("GET", &path);
    check(&oracle, &req, &mut ctx);
    let d = router.decide(&req, &mut ctx);
    let limits = router.options().limits;
    if path.len() > limits.max_target_bytes || path.matches('/').count() > limits.max_segments {
        assert_eq!(d.status(), 414, "{path}");
        return;
    }
    if route
        .pattern
        .split('/')
        .any(|s| ["(.)", "(..)", "(...)"].iter().any(|m| s.starts_with(m)))
    {
        // An intercepting route: only its interception rewrite reaches it (ROUTING.md §1.1).
        assert_eq!(d.status(), 404, "{pattern} / {path}");
        return;
    }
    assert_eq!(
        d.action(),
        Action::Route,
        "{pattern} / {path}: {}",
        d.to_json()
    );
    assert_eq!(d.route().expect("route").pattern(), route.pattern);
    for (name, want) in &expect {
        let got: Vec<String> = match d.param(name) {
            Some(ParamValue::One(v)) => vec![v.to_owned()],
            Some(ParamValue::Many(list)) => list.iter().map(str::to_owned).collect(),
            None => Vec::new(),
        };
        assert_eq!(&got, want, "param {name} of {pattern} via {path}");
    }
    for probe in routecore_fuzz::PROBES {
        check(&oracle, &Request::new("GET", probe), &mut ctx);
    }
});
