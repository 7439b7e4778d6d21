//! Rule bypasses found by a security review (2026-12-05): each a spelling of a request that
//! reached the route a rule guards without the rule applying. Every case checks the canonical
//! spelling and the variant give the same answer.

use routecore::{Action, Context, Request, Router, parse_config};

fn router(config: &str) -> Router {
    parse_config(config).unwrap().build().unwrap()
}

fn answer(r: &Router, req: &Request<'_>) -> (Action, u16, Option<String>, Vec<(String, String)>) {
    let mut ctx = Context::new();
    let d = r.decide(req, &mut ctx);
    (
        d.action(),
        d.status(),
        d.location().map(str::to_owned),
        d.response_headers()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    )
}

/// Redirect and headers sources were tested on the canonical path alone, which keeps escapes
/// of reserved and non-ASCII characters, while the route table compares decoded segments:
/// `/a%21b` reached the page `/a!b` past the redirect written for `/a!b`.
#[test]
fn escaped_spellings_do_not_skip_redirects_or_headers() {
    let r = router(
        r#"{"routes": [{"pattern": "/a!b", "kind": "page"}, {"pattern": "/c++/admin", "kind": "page"},
                      {"pattern": "/user:me", "kind": "page"}, {"pattern": "/über/admin", "kind": "page"}],
            "redirects": [{"source": "/a!b", "destination": "/login", "permanent": false},
                          {"source": "/c\\+\\+/admin", "destination": "/login", "permanent": false},
                          {"source": "/user\\:me", "destination": "/login", "permanent": false}],
            "headers": [{"source": "/über/:path*", "headers": [{"key": "x-frame-options", "value": "DENY"}]}]}"#,
    );
    for (canonical, variants) in [
        ("/a!b", &["/a%21b"][..]),
        ("/c++/admin", &["/c%2B%2B/admin", "/c+%2b/admin"]),
        ("/user:me", &["/user%3Ame", "/user%3ame"]),
    ] {
        let want = answer(&r, &Request::new("GET", canonical));
        assert_eq!(
            (want.0, want.1, want.2.as_deref()),
            (Action::Redirect, 307, Some("/login"))
        );
        for v in variants {
            assert_eq!(answer(&r, &Request::new("GET", v)), want, "{v}");
        }
    }
    for target in ["/über/admin", "/%C3%BCber/admin", "/%c3%bcber/admin"] {
        let (action, _, _, headers) = answer(&r, &Request::new("GET", target));
        assert_eq!(action, Action::Route, "{target}");
        assert!(
            headers.contains(&("x-frame-options".into(), "DENY".into())),
            "{target}: {headers:?}"
        );
    }
}

/// A param captured from the decoded path keeps a decoded `%25` escaped: the destination must
/// not carry an escape that decodes a second time (`%2561` → `%61` → `a`).
#[test]
fn params_from_the_decoded_path_are_not_decoded_twice() {
    let r = router(
        r#"{"routes": [{"pattern": "/[x]", "kind": "page"}],
            "redirects": [{"source": "/über/:rest*", "destination": "/new/:rest*", "permanent": false}]}"#,
    );
    let (action, _, location, _) = answer(&r, &Request::new("GET", "/%C3%BCber/%2561dmin"));
    assert_eq!(action, Action::Redirect);
    assert_eq!(location.as_deref(), Some("/new/%2561dmin"));
}

/// HEAD runs the GET handler, so a rule guarding GET guards HEAD too.
#[test]
fn head_does_not_skip_a_get_only_rule() {
    let r = router(
        r#"{"routes": [{"pattern": "/api/secret", "kind": "route", "methods": ["GET", "POST"]}],
            "middleware": {"rules": [
              {"if": {"source": "/api/secret", "methods": ["GET"],
                      "missing": [{"type": "header", "key": "authorization"}]},
               "respond": {"status": 401}}]}}"#,
    );
    for method in ["GET", "HEAD"] {
        let (action, status, _, _) = answer(&r, &Request::new(method, "/api/secret"));
        assert_eq!((action, status), (Action::Respond, 401), "{method}");
    }
    let (action, _, _, _) = answer(&r, &Request::new("POST", "/api/secret"));
    assert_eq!(
        action,
        Action::Route,
        "the rule is still GET (and HEAD) only"
    );
    let auth = [(&b"authorization"[..], &b"x"[..])];
    let (action, _, _, _) = answer(&r, &Request::new("HEAD", "/api/secret").with_headers(&auth));
    assert_eq!(action, Action::Route);
}

/// With an absolute-form target the server must ignore `Host` (RFC 9112 §3.2.2): a `Host`
/// header, or the host the server passes, no longer overrides the target's authority.
#[test]
fn an_absolute_target_host_wins_over_host() {
    let r = router(
        r#"{"routes": [{"pattern": "/admin", "kind": "page"}],
            "middleware": {"rules": [
              {"if": {"source": "/admin", "has": [{"type": "host", "value": "public\\.example\\.com"}]},
               "respond": {"status": 403}}]}}"#,
    );
    let target = "http://public.example.com/admin";
    let other = [(&b"host"[..], &b"other.example.com"[..])];
    let empty = [(&b"host"[..], &b""[..])];
    for req in [
        Request::new("GET", target),
        Request::new("GET", target).with_headers(&other),
        Request::new("GET", target).with_headers(&empty),
        Request::new("GET", target).with_host("other.example.com"),
    ] {
        assert_eq!(answer(&r, &req).1, 403, "{req:?}");
    }
    // Origin-form: the Host header (or the server's host) decides.
    let public = [(&b"host"[..], &b"public.example.com"[..])];
    assert_eq!(
        answer(&r, &Request::new("GET", "/admin").with_headers(&public)).1,
        403
    );
    assert_eq!(
        answer(&r, &Request::new("GET", "/admin").with_headers(&other)).1,
        200
    );
    let via_absolute_other =
        Request::new("GET", "http://other.example.com/admin").with_headers(&public);
    assert_eq!(answer(&r, &via_absolute_other).1, 200);
}

/// A header, cookie or query value of `.` or `..` substituted as a whole path segment would
/// walk the destination's tree (`https://backend/t/../data` is `https://backend/data` to any
/// URL parser, `%2E%2E` included): the decision is a 400, as for an unsafe hostname param.
#[test]
fn params_cannot_make_dot_segments_in_destinations() {
    let r = router(
        r#"{"routes": [{"pattern": "/t/[x]/dash", "kind": "page"}, {"pattern": "/[slug]", "kind": "page"}],
            "middleware": {"rules": [
              {"if": {"source": "/px", "has": [{"type": "header", "key": "x-t", "value": "(?<t>.*)"}]},
               "rewrite": {"destination": "https://backend.internal/t/:t/data"}},
              {"if": {"source": "/pi", "has": [{"type": "query", "key": "t"}]},
               "rewrite": {"destination": "/t/:t/dash"}},
              {"if": {"source": "/go", "has": [{"type": "cookie", "key": "to", "value": "(?<to>.*)"}]},
               "redirect": {"destination": "/x/:to/y"}},
              {"if": {"source": "/up"}, "redirect": {"destination": "/a/../b"}}]}}"#,
    );
    let header = |v: &'static [u8]| [(&b"x-t"[..], v)];
    for v in [&b".."[..], b"."] {
        let h = header(v);
        let (action, status, _, _) = answer(&r, &Request::new("GET", "/px").with_headers(&h));
        assert_eq!((action, status), (Action::BadRequest, 400), "{v:?}");
    }
    // `%` in a value is escaped (`%252e`), so escaped dots never form a segment either.
    for v in [&b"..x"[..], b"a.b", b"...", b"%2e%2E"] {
        let h = header(v);
        let (action, _, location, _) = answer(&r, &Request::new("GET", "/px").with_headers(&h));
        assert_eq!(action, Action::RewriteExternal, "{v:?}");
        assert!(location.unwrap().starts_with("https://backend.internal/t/"));
    }
    assert_eq!(answer(&r, &Request::new("GET", "/pi?t=..")).1, 400);
    let (action, _, _, _) = answer(&r, &Request::new("GET", "/pi?t=ok"));
    assert_eq!(action, Action::Route);
    let cookie = [(&b"cookie"[..], &b"to=.."[..])];
    assert_eq!(
        answer(&r, &Request::new("GET", "/go").with_headers(&cookie)).1,
        400
    );
    // A dot segment the rule's author wrote is theirs to keep.
    let (action, _, location, _) = answer(&r, &Request::new("GET", "/up"));
    assert_eq!(
        (action, location.as_deref()),
        (Action::Redirect, Some("/a/../b"))
    );
}

/// Headers Next.js treats as internal (its `INTERNAL_HEADERS`, and the `x-invoke-*` its
/// earlier versions trusted) are removed for the handler and never satisfy a `has`.
#[test]
fn internal_headers_from_clients_are_removed_and_never_matched() {
    let r = router(
        r#"{"routes": [{"pattern": "/a", "kind": "page"}],
            "middleware": {"rules": [
              {"if": {"source": "/a", "has": [{"type": "header", "key": "x-matched-path"}]},
               "respond": {"status": 418}}]}}"#,
    );
    let mut ctx = Context::new();
    for name in [
        "x-matched-path",
        "X-Now-Route-Matches",
        "x-invoke-path",
        "x-invoke-query",
        "next-resume",
        "x-next-resume-state-length",
        "x-middleware-subrequest",
        "x-nextjs-data",
    ] {
        let headers = [(name.as_bytes(), &b"/admin"[..])];
        let d = r.decide(&Request::new("GET", "/a").with_headers(&headers), &mut ctx);
        assert_eq!(d.action(), Action::Route, "{name}");
        let lower = name.to_ascii_lowercase();
        assert!(
            d.request_headers()
                .any(|(n, v)| n.eq_ignore_ascii_case(&lower) && v.is_none()),
            "{name} is not removed"
        );
    }
    let kept = [(&b"x-invoked"[..], &b"1"[..])];
    let d = r.decide(&Request::new("GET", "/a").with_headers(&kept), &mut ctx);
    assert_eq!(d.request_headers().count(), 0);
}

/// Rewrites see the decoded spelling too: `/p%21/5` is rewritten as `/p!/5` is, instead of
/// reaching the route the rewrite exists to hide.
#[test]
fn escaped_spellings_do_not_skip_rewrites() {
    let r = router(
        r#"{"routes": [{"pattern": "/products/[id]", "kind": "page"}, {"pattern": "/[a]/[b]", "kind": "page"}],
            "rewrites": [{"source": "/p!/:id", "destination": "/products/:id"}]}"#,
    );
    let mut ctx = Context::new();
    for target in ["/p!/5", "/p%21/5"] {
        let d = r.decide(&Request::new("GET", target), &mut ctx);
        assert_eq!(
            d.route().map(|r| r.pattern()),
            Some("/products/[id]"),
            "{target}"
        );
        assert!(matches!(
            d.param("id"),
            Some(routecore::ParamValue::One("5"))
        ));
    }
}

/// No decoded spelling is made of a path with a malformed escape: decoding around a stray `%`
/// would turn `x%2%65` into `x%2e`, a value that changes meaning when the destination is read.
#[test]
fn a_malformed_path_has_no_decoded_spelling() {
    let r = router(
        r#"{"routes": [{"pattern": "/[p]/[q]", "kind": "page"}],
            "redirects": [{"source": "/r!/:v", "destination": "/s/:v", "permanent": false}]}"#,
    );
    let (action, _, location, _) = answer(&r, &Request::new("GET", "/r%21/x%2565"));
    assert_eq!(action, Action::Redirect);
    assert_eq!(location.as_deref(), Some("/s/x%2565"), "%25 stays escaped");
    let (action, status, _, _) = answer(&r, &Request::new("GET", "/r%21/x%2%65"));
    assert_eq!((action, status), (Action::BadRequest, 400));
}
