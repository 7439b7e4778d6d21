//! Every input the fuzz targets (`fuzz/`) ever crashed on or broke an invariant with, kept as a
//! test. Each test names its target and what was wrong; the fix is in the commit that added it.

use routecore::{Action, Context, Request, Router, parse_config};

fn shop() -> Router {
    Router::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop")).unwrap()
}

fn no_cr_lf_nul(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// fuzz `decide`, `p2r`: a client-sent `x-middleware-*` header whose name held NUL bytes was
/// echoed, NULs and all, into the request-header removals the host applies. A header name
/// that is not a token is now a malformed request (400), like a method that is not a token.
#[test]
fn header_names_that_are_not_tokens_are_a_bad_request() {
    let router = shop();
    let mut ctx = Context::new();
    for name in [
        &b"x-middleware-subrequest\0\0"[..],
        b"x-middleware-override-he\0aders",
        b"x-nextjs-data\r\nx-evil: 1",
        b"x middleware",
        b"",
        "x-é".as_bytes(),
    ] {
        let headers = [(name, &b"1"[..])];
        let d = router.decide(
            &Request::new("GET", "/about").with_headers(&headers),
            &mut ctx,
        );
        assert_eq!(
            (d.action(), d.status()),
            (Action::BadRequest, 400),
            "{name:?}"
        );
        assert!(d.request_headers().all(|(n, _)| no_cr_lf_nul(n)));
    }
    // Valid internal names are still stripped, by name.
    let headers = [(&b"X-Middleware-Subrequest"[..], &b"1"[..])];
    let d = router.decide(
        &Request::new("GET", "/about").with_headers(&headers),
        &mut ctx,
    );
    assert_eq!(d.action(), Action::Route);
    let removed: Vec<_> = d.request_headers().collect();
    assert!(
        removed.contains(&("x-middleware-subrequest", None)),
        "{removed:?}"
    );
}

fn build(config: &str) -> Router {
    parse_config(config).unwrap().build().unwrap()
}

/// differential (middleware): with a negative-lookahead matcher, `/%62log/x` ran Next.js's
/// middleware (its matcher sees the raw path) but not routecore's, which tested only the
/// canonical (`/blog/x`, excluded) and decoded paths. ROUTING.md §4: the raw path is tested
/// too, so middleware runs whenever Next.js would run it.
#[test]
fn middleware_matcher_also_tests_the_path_as_sent() {
    let router = build(
        r#"{"routes": [{"pattern": "/blog/[slug]", "kind": "page"}],
            "middleware": {"matcher": ["/((?!blog|_next/static).*)"]}}"#,
    );
    let mut ctx = Context::new();
    for (target, runs) in [
        ("/blog/x", false),
        ("/%62log/x", true),
        ("/%62%6Cog/x", true),
        ("/other", true),
        ("/_next/static/a.js", false),
        ("/_next/%73tatic/a.js", true),
    ] {
        let d = router.decide(&Request::new("GET", target), &mut ctx);
        assert_eq!(d.middleware(), runs, "{target}");
    }
    // Without a matcher: `/_next/*` assets are skipped only when every spelling is one.
    let router = build(r#"{"routes": [], "middleware": {}}"#);
    let d = router.decide(&Request::new("GET", "/_next/%73tatic/a.js"), &mut ctx);
    assert!(!d.middleware());
    let d = router.decide(&Request::new("GET", "/%5Fnext/static/a.js"), &mut ctx);
    assert!(d.middleware());
}

/// fuzz `p2r`: an absolute destination with a space in its host
/// (`https://:x.example.co /b`) built, and its redirect's Location carried the space. A host
/// may now hold only what RFC 3986 allows (build error otherwise), and a destination's
/// `#fragment` is percent-encoded where a URI may not hold the character raw.
#[test]
fn destination_hosts_and_fragments_cannot_put_spaces_in_a_location() {
    for dest in [
        "https://:x.example.co /b",
        "https://exa mple.com/",
        "https://ex\"ample.com/",
        "https://exämple.com/",
    ] {
        let config = format!(
            r#"{{"redirects": [{{"source": "/o/:x", "destination": "{}", "permanent": true}}]}}"#,
            dest.replace('"', "\\\"")
        );
        let err = parse_config(&config)
            .unwrap()
            .build()
            .unwrap_err()
            .to_string();
        assert!(err.contains("in its host"), "{dest}: {err}");
    }
    let router = build(
        r#"{"redirects": [{"source": "/o/:x", "destination": "https://:x.example.com/p#a b\"<c>", "permanent": true}]}"#,
    );
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/o/evil"), &mut ctx);
    assert_eq!(
        d.location(),
        Some("https://evil.example.com/p#a%20b%22%3Cc%3E")
    );
}

/// pathological (`core/tests/pathological.rs`): with `maxHeaders` raised, a `requestHeaders`
/// rule (or many client `x-middleware-*` headers) recorded one removal per client header and
/// each recording scanned every earlier one: 100,000 headers took ~10 minutes. Removals are now
/// deduplicated once per decision (sort, O(n log n)); the last change of a name still wins.
#[test]
fn many_request_header_changes_are_deduplicated_in_order() {
    let router = build(
        r#"{"limits": {"maxHeaders": 100000},
            "middleware": {"rules": [
                {"setRequestHeaders": {"x-a": "1", "x-b": "2"}},
                {"deleteRequestHeaders": ["x-a"], "setRequestHeaders": {"X-C": "3"}},
                {"setRequestHeaders": {"x-b": "4"}}]}}"#,
    );
    let names: Vec<String> = (0..20_000)
        .map(|i| format!("x-middleware-{}", i % 5_000))
        .collect();
    let mut headers: Vec<(&[u8], &[u8])> =
        names.iter().map(|n| (n.as_bytes(), &b"1"[..])).collect();
    headers.push((b"X-Nextjs-Data", b"1"));
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/").with_headers(&headers), &mut ctx);
    let changes: Vec<(&str, Option<&str>)> = d.request_headers().collect();
    assert_eq!(changes.len(), 5_000 + 1 + 3);
    let tail = &changes[changes.len() - 3..];
    assert_eq!(
        tail,
        [("x-a", None), ("x-c", Some("3")), ("x-b", Some("4"))]
    );
    assert!(changes.contains(&("x-nextjs-data", None)));
}

/// pathological: building 100,000 sibling routes (`/catalog/item-N/...`) looked each new
/// static segment up by a linear scan of its siblings: O(n²), 38 s in a debug build. Siblings
/// are now indexed by text while building.
#[test]
fn many_static_siblings_build_in_linear_time() {
    let mut b = Router::builder();
    for i in 0..20_000 {
        b.add(routecore::RouteSpec::page(&format!("/c/i{i}")));
    }
    let start = std::time::Instant::now();
    let router = b.build().unwrap();
    assert_eq!(router.routes().len(), 20_000);
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    // Still in JavaScript's sort order (UTF-16 code units): i0, i1, i10, i100, ...
    let first: Vec<&str> = router.routes().take(4).map(|r| r.pattern).collect();
    assert_eq!(first, ["/c/i0", "/c/i1", "/c/i10", "/c/i100"]);
}

fn query_of(d: &routecore::Decision<'_>) -> Vec<(String, String)> {
    d.query()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// differential (rewrites), corrected by issue 17: a `beforeFiles` rewrite to a path that names
/// only a *dynamic* route goes on to the `afterFiles` rewrites. Next.js gives `beforeFiles`
/// rules no `check: true` (filesystem.js builds them as `before_files_rewrite`); only the
/// static-route check after them ends the walk. (An earlier differential model applied
/// `check: true` to them, and this test asserted the opposite.)
#[test]
fn before_files_rewrite_to_a_dynamic_route_goes_on_to_after_files() {
    let router = build(
        r#"{"routes": [{"pattern": "/docs/[[...slug]]", "kind": "page"}, {"pattern": "/a", "kind": "page"}],
            "rewrites": {"beforeFiles": [{"source": "/:p0?/a/b", "destination": "/docs/lit"}],
                         "afterFiles": [{"source": "/:p0+/:p1+", "destination": "/a?from=lit"}]}}"#,
    );
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/x/a/b"), &mut ctx);
    assert_eq!(d.route().unwrap().pattern(), "/a");
    assert_eq!(d.pathname(), Some("/a"));
    let d = router.decide(&Request::new("GET", "/a/b"), &mut ctx);
    assert_eq!(d.route().unwrap().pattern(), "/a");
}

/// differential (rewrites): params captured by one rule leaked into later rules: a fallback
/// rewrite appended an earlier `beforeFiles` rule's `p0` to the query (Next.js's params are
/// per rule). Likewise `has` captures of `headers` rules and of middleware matchers.
#[test]
fn rule_params_do_not_leak_into_later_rules() {
    let router = build(
        r#"{"routes": [{"pattern": "/blog/[slug]", "kind": "page"}],
            "headers": [{"source": "/:all*", "headers": [{"key": "x-v", "value": ":v"}],
                         "has": [{"type": "header", "key": "x-v", "value": "(?<v>.*)"}]}],
            "rewrites": {"beforeFiles": [{"source": "/:p0", "destination": "/nowhere/:p0"}],
                         "fallback": [{"source": "/(.*)/:p1+", "destination": "/blog/lit?k=lit"}]}}"#,
    );
    let mut ctx = Context::new();
    let headers: [(&[u8], &[u8]); 1] = [(b"x-v", b"hello")];
    let d = router.decide(
        &Request::new("GET", "/x.y").with_headers(&headers),
        &mut ctx,
    );
    assert_eq!(d.route().unwrap().pattern(), "/blog/[slug]");
    let q = query_of(&d);
    assert!(
        !q.iter().any(|(k, _)| k == "p0" || k == "v" || k == "all"),
        "{q:?}"
    );
    assert!(q.contains(&("p1".into(), "x.y".into())), "{q:?}");
    // The headers rule still substitutes its own `has` capture.
    assert!(d.response_headers().any(|h| h == ("x-v", "hello")));
}

/// differential (rewrites): a param appended to the query whose escapes decode to bytes that
/// are not UTF-8 (`/%C3%28`) became an empty value; it is now decoded as Node.js's
/// `querystring` does it (U+FFFD for each bad sequence).
#[test]
fn appended_params_that_are_not_utf8_are_decoded_lossily() {
    let router = build(
        r#"{"routes": [{"pattern": "/n/[...rest]", "kind": "page"}],
            "rewrites": [{"source": "/:p0/:p2", "destination": "/n/lit/x"}]}"#,
    );
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/a/%C3%28"), &mut ctx);
    assert_eq!(d.route().unwrap().pattern(), "/n/[...rest]");
    assert_eq!(
        query_of(&d),
        [("p0".into(), "a".into()), ("p2".into(), "\u{FFFD}(".into())]
    );
}

/// differential (headers): a path param substituted into a `headers` rule's value was
/// percent-decoded (`/a/hello%20world` gave `hello world`, `/a/日本` raw UTF-8 in a header).
/// Next.js inserts the raw path text (ROUTING.md §5: custom-route params are not decoded), and
/// its parsed path has non-ASCII percent-encoded; routecore now does the same.
#[test]
fn header_values_get_raw_path_params() {
    let router = build(
        r#"{"headers": [{"source": "/a/:p", "headers": [{"key": "x-p", "value": "pre-:p-post"}]}]}"#,
    );
    let mut ctx = Context::new();
    for (target, want) in [
        ("/a/hello%20world", "pre-hello%20world-post"),
        ("/a/100%25", "pre-100%25-post"),
        ("/a/日本", "pre-%E6%97%A5%E6%9C%AC-post"),
        ("/a/plain", "pre-plain-post"),
    ] {
        let d = router.decide(&Request::new("GET", target), &mut ctx);
        let got: Vec<_> = d.response_headers().collect();
        assert_eq!(got, [("x-p", want)], "{target}");
    }
}

/// fuzz `decide` (same-origin check): an absent optional param drops its `/` prefix, so the
/// text after it ran into the host of an absolute destination
/// (`https://example.com/:x*.evil.com/p` sent `/` to `https://example.com.evil.com/p`) or made
/// a relative destination not start with `/`. A rendered path now always starts with `/`.
#[test]
fn absent_optional_params_cannot_extend_the_host() {
    let router = build(
        r#"{"routes": [],
            "redirects": [
              {"source": "/a/:x*", "destination": "https://example.com/:x*.evil.com/p", "permanent": false},
              {"source": "/b/:x*", "destination": "/:x*evil", "permanent": false}
            ]}"#,
    );
    let mut ctx = Context::new();
    for (path, want) in [
        ("/a", "https://example.com/.evil.com/p"),
        ("/a/q", "https://example.com/q.evil.com/p"),
        ("/b", "/evil"),
        ("/b/q", "/qevil"),
    ] {
        let d = router.decide(&Request::new("GET", path), &mut ctx);
        assert_eq!(d.action(), Action::Redirect, "{path}");
        assert_eq!(d.location(), Some(want), "{path}");
    }
}

/// fuzz `p2r` (an oracle fix, not an engine bug): a destination host may hold RFC 3986
/// sub-delimiters such as `=` around a hostname param; the param itself still becomes one DNS
/// label only.
#[test]
fn hostname_params_stay_one_label_beside_sub_delimiters() {
    let router = build(
        r#"{"routes": [],
            "redirects": [{"source": "/d8/:a", "destination": "https://:a.exam=le.org/x", "permanent": false}]}"#,
    );
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/d8/shop"), &mut ctx);
    assert_eq!(d.location(), Some("https://shop.exam=le.org/x"));
    for evil in ["/d8/evil.com%2F", "/d8/a.b", "/d8/a%40b"] {
        let d = router.decide(&Request::new("GET", evil), &mut ctx);
        assert_ne!(d.action(), Action::Redirect, "{evil}: {:?}", d.location());
    }
}

/// fuzz `decide`: a `%` that starts no escape, followed by an escaped hex digit (`%2%65`), was
/// turned into a new escape when `%65` was decoded (`%2e`), so the path changed meaning and its
/// redirects did not settle (`/blog//a65w%2%65wt` → `/blog/a65w%2ewt/` → `/blog/a65w.wt`).
/// A path with a malformed escape is now left as sent.
#[test]
fn a_stray_percent_never_pairs_with_a_decoded_digit() {
    let router = parse_config(
        r#"{"trailingSlash": true, "routes": [{"pattern": "/blog/[slug]", "kind": "page"}]}"#,
    )
    .unwrap()
    .build()
    .unwrap();
    let mut ctx = Context::new();
    let mut target = "/blog//a65w%2%65wt".to_owned();
    let mut seen = Vec::new();
    loop {
        let d = router.decide(&Request::new("GET", &target), &mut ctx);
        if d.action() != Action::Redirect {
            // The segment is malformed (a 400), never `a65w.wt`.
            assert_eq!(d.status(), 400, "{seen:?}");
            break;
        }
        target = d.location().unwrap().to_owned();
        assert!(target.contains("%2%65"), "{target} changed the escape");
        seen.push(target.clone());
        assert!(seen.len() <= 2, "redirects do not settle: {seen:?}");
    }
    assert_eq!(seen, ["/blog/a65w%2%65wt", "/blog/a65w%2%65wt/"]);
}
