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

/// Issue 14: the injection edges of a decision.
fn build_errors(config: &str) -> Vec<String> {
    match parse_config(config).unwrap().build() {
        Ok(_) => Vec::new(),
        Err(e) => e.errors().iter().map(|e| e.to_string()).collect(),
    }
}

/// `https://example.com:port/` with `/port/evil` redirected to `https://example.comevil/`: a
/// param after the host is the port (digits only, else 400), and no param may extend a
/// literal host label (a build error).
#[test]
fn a_param_in_the_port_is_digits_and_no_param_extends_a_host() {
    let r = router(
        r#"{"routes": [{"pattern": "/[[...all]]", "kind": "page"}],
            "redirects": [{"source": "/port/:port", "destination": "https://example.com:port/x", "permanent": false},
                          {"source": "/sub/:sub", "destination": "https://:sub.example.com:8443/", "permanent": false}]}"#,
    );
    let loc = |t: &str| answer(&r, &Request::new("GET", t));
    assert_eq!(
        loc("/port/8080").2.as_deref(),
        Some("https://example.com:8080/x")
    );
    for bad in [
        "/port/evil",
        "/port/80.evil.com",
        "/port/99999",
        "/port/8080a",
    ] {
        let (action, status, location, _) = loc(bad);
        assert_eq!(
            (action, status, location),
            (Action::BadRequest, 400, None),
            "{bad}"
        );
    }
    assert_eq!(
        loc("/sub/shop").2.as_deref(),
        Some("https://shop.example.com:8443/")
    );
    for dest in [
        "https://app-:env.example.com/",
        "https://:env-app.example.com/",
        "https://example:tld.com/",
    ] {
        let errs = build_errors(&format!(
            r#"{{"routes": [{{"pattern": "/t", "kind": "page"}}],
                "redirects": [{{"source": "/:env/:tld/:y", "destination": "{dest}", "permanent": false}}]}}"#
        ));
        assert!(
            errs.iter()
                .any(|e| e.contains("whole DNS label") && e.contains("redirects[0]")),
            "{dest}: {errs:?}"
        );
    }
}

/// `{"key": ":name"}` with `/h/set-cookie/sid=evil` emitted `set-cookie: sid=evil`; framing
/// headers from a param are dropped the same way, and literal framing keys are build errors
/// naming the JSON path.
#[test]
fn header_names_from_params_never_set_cookies_or_framing() {
    let r = router(
        r#"{"routes": [{"pattern": "/[[...all]]", "kind": "page"}],
            "headers": [{"source": "/h/:name/:value", "headers": [{"key": ":name", "value": ":value"},
                                                                  {"key": "x-lit", "value": ":value"}]}]}"#,
    );
    for name in [
        "set-cookie",
        "Set-Cookie",
        "transfer-encoding",
        "content-length",
        "connection",
        "keep-alive",
        "upgrade",
        "te",
        "trailer",
        "proxy-connection",
        "host",
    ] {
        let (action, _, _, headers) = answer(&r, &Request::new("GET", &format!("/h/{name}/v1")));
        assert_eq!(action, Action::Route);
        assert!(
            !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)),
            "{name}: {headers:?}"
        );
        assert!(
            headers.contains(&("x-lit".into(), "v1".into())),
            "{headers:?}"
        );
    }
    let (_, _, _, headers) = answer(&r, &Request::new("GET", "/h/x-ok/v1"));
    assert!(
        headers.contains(&("x-ok".into(), "v1".into())),
        "{headers:?}"
    );
    // A literal Set-Cookie stays the rule author's choice (next.config allows it).
    assert!(
        build_errors(
            r#"{"routes": [{"pattern": "/t", "kind": "page"}],
            "headers": [{"source": "/t", "headers": [{"key": "Set-Cookie", "value": "a=1"}]}]}"#
        )
        .is_empty()
    );
    let errs = build_errors(
        r#"{"routes": [{"pattern": "/t", "kind": "page"}],
            "headers": [{"source": "/t", "headers": [{"key": "x-a", "value": "1"}, {"key": "Transfer-Encoding", "value": "chunked"}]}],
            "middleware": {"rules": [{"setResponseHeaders": {"content-length": "0"}},
                                     {"respond": {"status": 200, "headers": {"connection": "close"}}}]}}"#,
    );
    for path in [
        "headers[0].headers[1].key",
        "middleware.rules[0].setResponseHeaders.content-length",
        "middleware.rules[1].respond.headers.connection",
    ] {
        assert!(errs.iter().any(|e| e.contains(path)), "{path}: {errs:?}");
    }
}

/// `\x0b`, `\x0c`, DEL and the other C0 controls captured by `has` reached response headers
/// raw; only HTAB and visible bytes (and obs-text) are emitted.
#[test]
fn header_values_carry_no_control_bytes() {
    let r = router(
        r#"{"routes": [{"pattern": "/[[...all]]", "kind": "page"}],
            "headers": [{"source": "/t", "has": [{"type": "header", "key": "x-in", "value": "(?<v>.*)"}],
                         "headers": [{"key": "x-out", "value": ":v"}]}]}"#,
    );
    let sent: [(&[u8], &[u8]); 1] = [(b"x-in", b"a\x0bb\x0cc\x7fd\x01e\tf\xc3\xa9")];
    let (_, _, _, headers) = answer(&r, &Request::new("GET", "/t").with_headers(&sent));
    let value = &headers.iter().find(|(k, _)| k == "x-out").unwrap().1;
    assert_eq!(value, "a%0Bb%0Cc%7Fd%01e\tfé");
    assert!(
        build_errors(
            r#"{"routes": [{"pattern": "/t", "kind": "page"}],
                "headers": [{"source": "/t", "headers": [{"key": "x-a", "value": "a\u000bb"}]}]}"#
        )
        .iter()
        .any(|e| e.contains("control character"))
    );
}

/// `Host: admin.example.com.` skipped a `has: host` rule for `admin.example.com`: every
/// spelling of one host gets the same decision; two Host fields are a 400.
#[test]
fn every_spelling_of_a_host_meets_its_rule() {
    let r = router(
        r#"{"routes": [{"pattern": "/[[...all]]", "kind": "page"}],
            "redirects": [{"source": "/admin", "has": [{"type": "host", "value": "admin.example.com"}],
                           "destination": "/login", "permanent": false},
                          {"source": "/v6", "has": [{"type": "host", "value": "\\[::1\\]"}],
                           "destination": "/login", "permanent": false}]}"#,
    );
    let with_host = |host: &str, target: &str| {
        let headers: [(&[u8], &[u8]); 1] = [(b"host", host.as_bytes())];
        answer(&r, &Request::new("GET", target).with_headers(&headers))
    };
    let want = with_host("admin.example.com", "/admin");
    assert_eq!(
        (want.0, want.2.as_deref()),
        (Action::Redirect, Some("/login"))
    );
    for spelling in [
        "admin.example.com.",
        "ADMIN.Example.COM",
        "admin.example.com:8443",
        "admin.example.com.:443",
        "  admin.example.com ",
    ] {
        assert_eq!(with_host(spelling, "/admin"), want, "{spelling:?}");
    }
    assert_eq!(with_host("[::1]:3000", "/v6").0, Action::Redirect);
    assert_eq!(with_host("evil.example.com", "/admin").0, Action::Route);
    let two: [(&[u8], &[u8]); 2] = [(b"host", b"admin.example.com"), (b"Host", b"other")];
    let mut ctx = Context::new();
    let d = r.decide(&Request::new("GET", "/admin").with_headers(&two), &mut ctx);
    assert_eq!((d.action(), d.status()), (Action::BadRequest, 400));
    assert_eq!(d.reason().map(|r| r.code()), Some("duplicate_host"));
}

/// A header value of only spaces is empty once trimmed, as Node.js trims it: not present.
#[test]
fn a_header_of_only_whitespace_is_absent() {
    let r = router(
        r#"{"routes": [{"pattern": "/[[...all]]", "kind": "page"}],
            "redirects": [{"source": "/a", "has": [{"type": "header", "key": "x-flag"}],
                           "destination": "/flagged", "permanent": false}]}"#,
    );
    for (value, flagged) in [
        (&b"1"[..], true),
        (b" 1\t", true),
        (b"   ", false),
        (b"\t", false),
    ] {
        let headers: [(&[u8], &[u8]); 1] = [(b"x-flag", value)];
        let (action, ..) = answer(&r, &Request::new("GET", "/a").with_headers(&headers));
        assert_eq!(action == Action::Redirect, flagged, "{value:?}");
    }
}
