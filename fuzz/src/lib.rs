//! Invariants every routecore decision must keep, checked inside the fuzz targets (a broken
//! invariant panics, which libFuzzer reports as a crash with the input that caused it).
//!
//! - a matched route's pattern really matches the normalized path: the decision's params put
//!   back into the pattern give exactly the decoded segments of the decision's pathname;
//! - a redirect `Location` is same-origin (one leading `/`, never `//` or `/\`) unless the rule
//!   that produced it had an absolute destination;
//! - no CR, LF or NUL in any emitted header name or value, `Location` or `Allow`, and header
//!   names are tokens;
//! - normalization is idempotent: deciding the decision's own pathname again (on the same
//!   routes without rules) gives the same route, params and pathname, and normalization
//!   redirects settle in at most two hops.

use routecore::{Action, Context, Decision, ParamValue, Request, Router, RouterBuilder};

/// What the checker must know about the router a decision came from.
pub struct Oracle<'r> {
    /// The router, rules and all.
    pub router: &'r Router,
    /// The same routes and options without any rule (for the idempotence check).
    pub plain: &'r Router,
    /// The origins (`scheme://host`, lower case) of absolute redirect/rewrite destinations;
    /// For a host with params, `scheme://host` as written with each param a `*`: a param may
    /// only become one DNS label (letters, digits, `-`).
    pub absolute: Vec<String>,
    /// Whether the router has rules (a rewritten pathname may then legitimately differ).
    pub has_rules: bool,
}

impl<'r> Oracle<'r> {
    /// An oracle for a router without rules.
    pub fn plain(router: &'r Router) -> Self {
        Oracle {
            router,
            plain: router,
            absolute: Vec::new(),
            has_rules: false,
        }
    }
}

/// The same routes and options as `builder`, without rules.
pub fn without_rules(builder: &RouterBuilder) -> RouterBuilder {
    let mut b = builder.clone();
    *b.rules_mut() = Default::default();
    b
}

/// Origins of absolute destinations found in a `routecore.json` value.
pub fn absolute_origins(config: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_destinations(config, &mut out);
    out
}

fn collect_destinations(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                if k == "destination"
                    && let Some(d) = x.as_str()
                    && let Some(origin) = origin_of(d)
                {
                    out.push(origin);
                }
                collect_destinations(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_destinations(x, out)),
        _ => {}
    }
}

/// `scheme://host[:port]` of an absolute destination, lower case; `*` when the host has a param.
pub fn origin_of(dest: &str) -> Option<String> {
    let (scheme, rest) = dest.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let param = host.contains(['(', '{', '*', '+', '?'])
        || host
            .match_indices(':')
            .any(|(i, _)| host[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
    if param {
        return Some(format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            host_template(&host.to_ascii_lowercase())
        ));
    }
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

fn is_token(s: &str) -> bool {
    routecore::is_token(s.as_bytes())
}

fn clean(what: &str, s: &str) {
    assert!(
        !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0),
        "{what} contains CR, LF or NUL: {s:?}"
    );
}

/// Strict percent-decoding of one segment; `None` when malformed or not UTF-8.
pub fn decode(seg: &str) -> Option<String> {
    let b = seg.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let h = b.get(i + 1).and_then(|c| (*c as char).to_digit(16))?;
            let l = b.get(i + 2).and_then(|c| (*c as char).to_digit(16))?;
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The decoded segments of a pathname (without its trailing slash).
pub fn path_segments(pathname: &str) -> Vec<Option<String>> {
    let p = pathname.strip_prefix('/').unwrap_or(pathname);
    let p = p.strip_suffix('/').unwrap_or(p);
    if p.is_empty() {
        return Vec::new();
    }
    p.split('/').map(decode).collect()
}

#[derive(Debug, PartialEq, Eq, Clone)]
enum Seg {
    Static(String),
    One(String),
    Many(String),
    Opt(String),
}

fn pattern_segments(pattern: &str) -> Vec<Seg> {
    if pattern == "/" {
        return Vec::new();
    }
    pattern[1..]
        .split('/')
        .map(|s| {
            if let Some(n) = s.strip_prefix("[[...").and_then(|x| x.strip_suffix("]]")) {
                Seg::Opt(n.to_owned())
            } else if let Some(n) = s.strip_prefix("[...").and_then(|x| x.strip_suffix(']')) {
                Seg::Many(n.to_owned())
            } else if let Some(n) = s.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                Seg::One(n.to_owned())
            } else {
                Seg::Static(s.to_owned())
            }
        })
        .collect()
}

/// A snapshot of the parts of a decision that normalization must reproduce.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Matched {
    /// The route pattern.
    pub pattern: String,
    /// The params, as JSON.
    pub params: String,
    /// The pathname.
    pub pathname: Option<String>,
}

fn matched(d: &Decision<'_>) -> Option<Matched> {
    let r = d.route()?;
    let params: Vec<String> = d
        .params()
        .map(|p| {
            format!(
                "{}={}",
                p.name,
                serde_json::to_string(&p.value).expect("params serialize")
            )
        })
        .collect();
    Some(Matched {
        pattern: r.pattern().to_owned(),
        params: params.join("&"),
        pathname: d.pathname().map(str::to_owned),
    })
}

/// The byte reads the C ABI uses give the bytes of the `&str` reads (whose UTF-8 they do not
/// check again; debug builds assert it where the bytes are read).
fn check_byte_reads(d: &Decision<'_>) {
    assert_eq!(d.pathname_bytes(), d.pathname().map(str::as_bytes), "pathname bytes");
    let mut by_bytes = d.params();
    for p in d.params() {
        let (name, catch_all, values) = by_bytes.next_segments().expect("as many params");
        assert_eq!(name, p.name);
        let strs: Vec<&str> = match p.value {
            ParamValue::One(v) => vec![v],
            ParamValue::Many(segs) => segs.iter().collect(),
        };
        assert_eq!(catch_all, matches!(p.value, ParamValue::Many(_)), "{name}: catch-all");
        assert_eq!(values.len(), strs.len(), "{name}: values");
        for (k, v) in strs.iter().enumerate() {
            assert_eq!(values.get_bytes(k), Some(v.as_bytes()), "{name}: value {k}");
        }
    }
    assert!(by_bytes.next_segments().is_none(), "as many params");
}

/// Checks every invariant of one decision (`d`) for request `req`. Panics on a violation.
pub fn check(oracle: &Oracle<'_>, req: &Request<'_>, ctx: &mut Context) {
    let d = oracle.router.decide(req, ctx);
    // The JSON form always serializes and is valid JSON.
    let json = d.to_json();
    let _: serde_json::Value = serde_json::from_str(&json).expect("decision JSON parses");

    for (k, v) in d.response_headers() {
        clean("response header name", k);
        clean("response header value", v);
        assert!(is_token(k), "response header name {k:?} is not a token");
    }
    for (k, v) in d.request_headers() {
        clean("request header name", k);
        assert!(is_token(k), "request header name {k:?} is not a token");
        if let Some(v) = v {
            clean("request header value", v);
        }
    }
    if let Some(a) = d.allow() {
        clean("allow", a);
    }
    let status = d.status();
    assert!((100..=599).contains(&status), "status {status}");
    check_byte_reads(&d);

    match d.action() {
        Action::Redirect => {
            let loc = d.location().expect("a redirect has a location");
            clean("location", loc);
            assert!(
                !loc.bytes().any(|b| b == b' ' || b.is_ascii_control()),
                "location has a space or control byte: {loc:?}"
            );
            check_origin(oracle, loc, "redirect");
            assert!((300..400).contains(&status), "redirect status {status}");
        }
        Action::RewriteExternal => {
            let loc = d.location().expect("an external rewrite has a location");
            clean("location", loc);
            assert!(
                loc.starts_with("http://") || loc.starts_with("https://"),
                "external rewrite to {loc:?}"
            );
            check_origin(oracle, loc, "rewrite");
        }
        Action::Route | Action::Options | Action::MethodNotAllowed => {
            if let Some(r) = d.route() {
                let pathname = d.pathname().expect("a matched route has a pathname");
                check_route_matches(r.pattern(), &d, pathname);
            }
        }
        _ => {}
    }

    check_normalization_redirects_settle(oracle, req);

    // Normalization is idempotent: the pathname, decided again, names the same route.
    if matches!(d.action(), Action::Route) {
        let m = matched(&d).expect("route");
        let opts = oracle.router.options();
        let pathname = m.pathname.as_deref().unwrap_or("/");
        // The basePath root is `<basePath>` (`<basePath>/` with trailingSlash), not `<basePath>/`.
        let again = if pathname == "/" && !opts.base_path.is_empty() && !opts.trailing_slash {
            opts.base_path.to_string()
        } else {
            format!("{}{pathname}", opts.base_path)
        };
        let method = req.method.to_vec();
        let mut ctx2 = Context::new();
        let req2 = Request {
            method: &method,
            target: again.as_bytes(),
            host: None,
            headers: &[],
        };
        let d2 = oracle.plain.decide(&req2, &mut ctx2);
        let m2 = matched(&d2);
        if oracle.has_rules {
            // A rewritten pathname may end in '/' (a trailing-slash redirect then) or be
            // rejected as a whole target (over a limit); otherwise it names the same route.
            if d2.action() == Action::Route {
                let m2 = m2.expect("route");
                assert_eq!(
                    m.pattern, m2.pattern,
                    "re-deciding {again:?}: route changed"
                );
                assert_eq!(m.params, m2.params, "re-deciding {again:?}: params changed");
            }
        } else {
            assert_eq!(
                d2.action(),
                Action::Route,
                "re-deciding {again:?} gave {}",
                d2.to_json()
            );
            assert_eq!(
                Some(m.clone()),
                m2,
                "re-deciding {again:?} changed the match"
            );
        }
    }
}

/// Normalization is idempotent as a redirect chain: following the normalization redirects
/// (`//` and `\\` cleanup, then the trailing slash, as Next.js does in two hops) reaches a
/// target that is not redirected again, in at most two hops, on the same origin.
fn check_normalization_redirects_settle(oracle: &Oracle<'_>, req: &Request<'_>) {
    let mut ctx = Context::new();
    let mut target = req.target.to_vec();
    for hop in 0..3 {
        let r = Request {
            method: req.method,
            target: &target,
            host: None,
            headers: &[],
        };
        let d = oracle.plain.decide(&r, &mut ctx);
        if d.action() != Action::Redirect {
            return;
        }
        let loc = d.location().expect("a redirect has a location");
        assert!(
            loc.starts_with('/') && !loc.starts_with("//"),
            "normalization redirect of {:?} to {loc:?} leaves the origin",
            String::from_utf8_lossy(&target)
        );
        assert!(
            hop < 2,
            "normalization redirects of {:?} do not settle: {:?} → {loc:?}",
            String::from_utf8_lossy(req.target),
            String::from_utf8_lossy(&target)
        );
        target = loc.as_bytes().to_vec();
    }
}

fn check_origin(oracle: &Oracle<'_>, loc: &str, what: &str) {
    if loc.starts_with('/') {
        assert!(
            !loc.starts_with("//") && !loc.starts_with("/\\"),
            "{what} Location {loc:?} leaves the origin"
        );
        return;
    }
    let origin = origin_of(loc).unwrap_or_else(|| panic!("{what} Location {loc:?} is not a path"));
    // Absolute: only where a rule's destination was absolute, and only to its origin.
    assert!(
        oracle
            .absolute
            .iter()
            .any(|o| o == &origin || (o.contains(['*', '#']) && template_matches(o, &origin))),
        "{what} Location {loc:?} goes to {origin}, not an origin any rule names ({:?})",
        oracle.absolute
    );
}

/// A host pattern with each param (`:name`, with a modifier or a `(...)` group) as `*`.
fn host_template(host: &str) -> String {
    let b = host.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':'
            && b.get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            // After a literal host a param is the port (digits only, or a 400): `:#`. At the
            // start of a label it is (part of) a DNS label: `*`.
            let port = i > 0 && b[i - 1] != b'.';
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            if b.get(i) == Some(&b'(') {
                let mut depth = 0;
                while i < b.len() {
                    depth += i32::from(b[i] == b'(') - i32::from(b[i] == b')');
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
            if matches!(b.get(i), Some(b'?' | b'*' | b'+')) {
                i += 1;
            }
            out.push_str(if port { ":#" } else { "*" });
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// Whether `origin` is `template` with each `*` replaced by a (possibly empty) DNS label and
/// each `#` by a port number.
fn template_matches(template: &str, origin: &str) -> bool {
    fn go(t: &[u8], o: &[u8]) -> bool {
        match t.split_first() {
            None => o.is_empty(),
            Some((b'*', rest)) => (0..=o.len())
                .take_while(|&n| n == 0 || o[n - 1].is_ascii_alphanumeric() || o[n - 1] == b'-')
                .any(|n| go(rest, &o[n..])),
            Some((b'#', rest)) => (1..=o.len())
                .take_while(|&n| o[n - 1].is_ascii_digit())
                .any(|n| go(rest, &o[n..])),
            Some((c, rest)) => o.first() == Some(c) && go(rest, &o[1..]),
        }
    }
    go(template.as_bytes(), origin.as_bytes())
}

/// The pattern with the decision's params put back gives the pathname's decoded segments.
fn check_route_matches(pattern: &str, d: &Decision<'_>, pathname: &str) {
    let segs = path_segments(pathname);
    let pat = pattern_segments(pattern);
    let param = |name: &str| d.param(name);
    let mut i = 0;
    for p in &pat {
        match p {
            Seg::Static(text) => {
                assert_eq!(
                    segs.get(i).cloned().flatten().as_deref(),
                    Some(text.as_str()),
                    "static segment {i} of {pattern} vs pathname {pathname}"
                );
                i += 1;
            }
            Seg::One(name) => {
                let Some(ParamValue::One(v)) = param(name) else {
                    panic!("param {name} of {pattern} missing for {pathname}");
                };
                assert_eq!(
                    segs.get(i).cloned().flatten().as_deref(),
                    Some(v),
                    "param {name} of {pattern} vs pathname {pathname}"
                );
                i += 1;
            }
            Seg::Many(name) | Seg::Opt(name) => {
                let rest: Vec<Option<String>> = segs[i.min(segs.len())..].to_vec();
                match param(name) {
                    Some(ParamValue::Many(list)) => {
                        let got: Vec<Option<String>> =
                            list.iter().map(|s| Some(s.to_owned())).collect();
                        assert_eq!(got, rest, "catch-all {name} of {pattern} vs {pathname}");
                        assert!(!got.is_empty(), "empty catch-all {name}");
                    }
                    None if matches!(p, Seg::Opt(_)) => {
                        assert!(
                            rest.is_empty(),
                            "optional catch-all {name} absent but {pathname} has {rest:?}"
                        );
                    }
                    other => panic!("catch-all {name} of {pattern}: {other:?} for {pathname}"),
                }
                i = segs.len();
            }
        }
    }
    assert_eq!(i, segs.len(), "{pattern} does not cover all of {pathname}");
}

/// Splits `data` into fields on 0xFF (never valid in UTF-8, so fields keep every other byte).
pub fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0xFF).collect()
}

/// Header name/value pairs from the fields after method, target and host (a missing last
/// value is empty).
pub fn header_pairs<'a>(f: &[&'a [u8]]) -> Vec<(&'a [u8], &'a [u8])> {
    f.get(3..)
        .unwrap_or(&[])
        .chunks(2)
        .map(|c| (c[0], c.get(1).copied().unwrap_or(b"")))
        .collect()
}

/// Requests every target tries on a router besides its own: the paths rules and routes care
/// about most, in several spellings.
pub const PROBES: &[&str] = &[
    "/",
    "/a",
    "/a/b/c",
    "/api/x",
    "/blog/hello",
    "/docs",
    "/docs/a/b",
    "/_next/static/x.js",
    "/_next/data/build/index.json",
    "/%61bout",
    "/a%2Fb",
    "/a/%2e%2e/b",
    "/x?y=1&y=2",
    "//evil.com",
    "/\\evil.com",
    "/a/",
];
