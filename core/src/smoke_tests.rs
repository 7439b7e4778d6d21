//! End-to-end decisions inside the lib test binary, so that `make miri`
//! (`cargo +nightly miri test -p routecore --lib`) runs the whole decide path under Miri: the
//! trie with backtracking, context reuse across requests, the static-path hash map, percent
//! decoding, middleware matchers with the lookahead idiom, `has` captures, the multi-pattern
//! set of a phase, and every unsafe-bearing dependency they use (`regex-automata`, `memchr`,
//! `hashbrown`). Small on purpose: Miri runs it about 1,000× slower than native.

use crate::{Action, Context, ParamValue, Request, parse_config};

#[test]
fn decides_a_small_project_end_to_end() {
    let redirects: Vec<String> = (0..2)
        .map(|i| {
            format!(r#"{{"source": "/r{i}/:a", "destination": "/b/:a?n={i}", "permanent": true}}"#)
        })
        .collect();
    let config = format!(
        r#"{{
        "routes": [
            {{"pattern": "/", "kind": "page"}},
            {{"pattern": "/blog/new", "kind": "page"}},
            {{"pattern": "/blog/[slug]/edit", "kind": "page"}},
            {{"pattern": "/b/[x]", "kind": "page"}},
            {{"pattern": "/docs/[[...slug]]", "kind": "page"}},
            {{"pattern": "/api/[id]", "kind": "route", "methods": ["GET", "POST"]}}
        ],
        "middleware": {{
            "matcher": ["/((?!_next/static|favicon.ico).*)"],
            "rules": [
                {{"if": {{"source": "/api/:id", "has": [{{"type": "header", "key": "x-user", "value": "(?<user>[a-z]+)"}}]}},
                  "setRequestHeaders": {{"x-id": "1"}}}},
                {{"setResponseHeaders": {{"x-frame-options": "DENY"}}}}
            ]
        }},
        "redirects": [{}],
        "rewrites": {{"afterFiles": [{{"source": "/p/:x", "destination": "/b/:x"}}]}}
    }}"#,
        redirects.join(",")
    );
    let router = parse_config(&config).unwrap().build().unwrap();
    let mut ctx = Context::new();
    let headers: [(&[u8], &[u8]); 2] = [(b"x-user", b"ann"), (b"x-middleware-subrequest", b"1")];
    let cases: [(&str, &str, Action, u16); 10] = [
        ("GET", "/blog/new/edit", Action::Route, 200),
        ("GET", "/docs/a/b%20c", Action::Route, 200),
        ("POST", "/api/7", Action::Route, 200),
        ("DELETE", "/api/7", Action::MethodNotAllowed, 405),
        ("OPTIONS", "/api/7", Action::Options, 204),
        ("GET", "/r1/x?q=1", Action::Redirect, 308),
        ("GET", "/p/%61b", Action::Route, 200),
        ("GET", "//evil.com", Action::Redirect, 308),
        ("GET", "/docs/%zz", Action::BadRequest, 400),
        ("GET", "/nope/x", Action::NotFound, 404),
    ];
    for (method, target, action, status) in cases {
        let d = router.decide(
            &Request::new(method, target).with_headers(&headers),
            &mut ctx,
        );
        assert_eq!(
            (d.action(), d.status()),
            (action, status),
            "{method} {target}"
        );
        let _ = d.to_json();
    }
    let d = router.decide(&Request::new("GET", "/docs/a/b%20c"), &mut ctx);
    match d.param("slug") {
        Some(ParamValue::Many(s)) => assert_eq!(s.iter().collect::<Vec<_>>(), ["a", "b c"]),
        other => panic!("{other:?}"),
    }
    let d = router.decide(&Request::new("GET", "/r1/x?q=1"), &mut ctx);
    assert_eq!(d.location(), Some("/b/x?q=1&n=1"));
}
