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
