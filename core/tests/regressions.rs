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

#[allow(dead_code)]
fn build(config: &str) -> Router {
    parse_config(config).unwrap().build().unwrap()
}
