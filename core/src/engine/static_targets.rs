//! Static targets: on a router without rules, the request targets that are a fully static
//! route's own canonical spelling (`/about`, or `/docs/about/` under basePath `/docs` with
//! trailing slashes). Cleaning such a target changes nothing and the route table's answer is
//! known, so one hash lookup replaces the path cleaner's scan and the table's lookup.
//!
//! Each target is admitted at build only after the router decided it the long way and the
//! path came out as it went in, on that route: the shortcut can only agree with the path it
//! skips. (With rules, a rule phase may see or change the path: no shortcut.)
//!
//! A request whose method is one of the seven and whose headers change nothing (none, or
//! none internal and all within the header checks: a rule-less router reads nothing else in
//! them) goes further: its whole decision was made at build (one per method), so
//! [`StaticTargets::decide`] copies it in. GET's is decided the long way; the other six come
//! from the route table's method dispatch on GET's cleaned input, since without rules the
//! method changes nothing else (the equivalence test holds all seven to the long way).

use crate::context::Context;
use crate::context::outcome::Outcome;
use crate::engine::decide::{headers_change_nothing, route_found};
use crate::engine::explain::explain;
use crate::engine::router::{Request, Router};
use crate::limits::Limits;
use crate::routes::dict::PathMap;
use crate::routes::methods::Method;
use crate::routes::tree::NONE;

/// What the path cleaner leaves for a static target (besides the path itself), and the
/// decision for each method.
#[derive(Debug, Clone, Copy)]
struct Known {
    route: u32,
    base_len: u32,
    match_end: u32,
    /// The outcome of a request with this method (indexed by `Method as usize`) and headers
    /// that change nothing: the rest of such a decision is empty.
    by_method: [Outcome; 7],
    /// The target, zero-padded, when it has at most 16 bytes: copied as one 16-byte block
    /// (a copy of a constant length is a few moves; of the target's length, a `memcpy` call).
    short: Option<[u8; 16]>,
}

/// The static targets of one router.
#[derive(Debug, Default)]
pub(crate) struct StaticTargets {
    /// Target → index into `known`.
    paths: PathMap,
    known: Box<[Known]>,
}

impl StaticTargets {
    /// Every static route's spelling with and without a trailing slash, the basePath in front,
    /// kept when `router` (which has no static targets yet) routes it there with its path
    /// unchanged.
    pub(crate) fn build(router: &Router) -> StaticTargets {
        if !router.rules.is_empty() {
            return StaticTargets::default();
        }
        let mut ctx = Context::new();
        let mut paths = Vec::new();
        let mut known = Vec::new();
        let base = &*router.paths.base_path;
        let routes = router.table.routes.iter().enumerate();
        for (route, r) in routes.filter(|(_, r)| r.params.is_empty()) {
            for slash in ["", "/"] {
                let target = format!("{base}{}{slash}", r.pattern);
                router.decide(&Request::new("GET", &target), &mut ctx);
                let input = &ctx.input;
                if ctx.answer.out.route != Some(route as u32) || input.path != target.as_bytes() {
                    continue;
                }
                let (base_len, match_end) = (input.base_len as u32, input.match_end as u32);
                if !ctx.answer.is_bare() || !ctx.query.merged.order.is_empty() {
                    continue;
                }
                // GET's was just made. Without rules, the method changes only the route
                // table's dispatch (and a 405's reason): the other six reuse GET's input.
                // (Six full decisions per spelling made large routers slow to build.)
                let mut by_method = [ctx.answer.out; 7];
                for m in Method::ALL.into_iter().filter(|&m| m != Method::Get) {
                    ctx.answer.out = Outcome {
                        has_pathname: true,
                        ..Outcome::default()
                    };
                    route_found(
                        router,
                        Some(m),
                        &ctx.input,
                        route as u32,
                        &mut ctx.answer.out,
                    );
                    if ctx.answer.out.reason.is_none() {
                        let req = Request::new(m.as_str(), &target);
                        ctx.answer.out.reason = explain(router, &req, &mut ctx);
                    }
                    by_method[m as usize] = ctx.answer.out;
                }
                let short = (target.len() <= 16).then(|| {
                    let mut block = [0; 16];
                    block[..target.len()].copy_from_slice(target.as_bytes());
                    block
                });
                paths.push((target.into_bytes().into_boxed_slice(), known.len() as u32));
                known.push(Known {
                    route: route as u32,
                    base_len,
                    match_end,
                    by_method,
                    short,
                });
            }
        }
        StaticTargets {
            paths: PathMap::new(paths),
            known: known.into_boxed_slice(),
        }
    }

    /// Whether there is none (a router with rules, or without static routes).
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// The static target `target` (an index for [`StaticTargets::decide`] and
    /// [`StaticTargets::take`]), or [`NONE`]. A target with a query is never one: finding
    /// where a query starts costs more than the lookup saves.
    #[inline(always)]
    pub(crate) fn find(&self, target: &[u8]) -> u32 {
        self.paths.get(target)
    }

    /// When `req` (whose target is static target `known`, not [`NONE`]) has one of the seven
    /// methods and headers that change nothing ([`headers_change_nothing`]), writes its whole
    /// decision into `ctx` and returns true (resetting `ctx` first only when an earlier
    /// decision left more in it than this one overwrites); otherwise returns false, `ctx`
    /// untouched.
    #[inline(always)]
    pub(crate) fn decide(
        &self,
        known: u32,
        req: &Request<'_>,
        limits: &Limits,
        ctx: &mut Context,
    ) -> bool {
        if !req.headers.is_empty() && !headers_change_nothing(req.headers, limits) {
            return false;
        }
        let Some(method) = Method::from_bytes(req.method) else {
            return false;
        };
        if !ctx.reset_but_for_static {
            ctx.reset();
        }
        let k = &self.known[known as usize];
        ctx.input.path.clear();
        k.write_input(req.target, ctx);
        ctx.answer.out = k.by_method[method as usize];
        true
    }

    /// When `known` is a static target (`target`'s, from [`StaticTargets::find`]), writes
    /// what the path cleaner would have into `ctx` (the path, unsplit) and returns its route;
    /// for [`NONE`], returns [`NONE`] with `ctx` untouched.
    #[inline]
    pub(crate) fn take(&self, known: u32, target: &[u8], ctx: &mut Context) -> u32 {
        if known == NONE {
            return NONE;
        }
        let k = &self.known[known as usize];
        k.write_input(target, ctx);
        k.route
    }
}

impl Known {
    /// Appends the target (this static target's spelling) to the context's empty path and
    /// sets the bounds the path cleaner would have.
    #[inline(always)]
    fn write_input(&self, target: &[u8], ctx: &mut Context) {
        let path = &mut ctx.input.path;
        match &self.short {
            Some(block) => {
                path.extend_from_slice(block);
                path.truncate(target.len());
            }
            None => path.extend_from_slice(target),
        }
        ctx.input.base_len = self.base_len as usize;
        ctx.input.match_end = self.match_end as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RouteSpec, RouterBuilder, RouterOptions};

    /// Static routes of every shape the shortcut meets (the root, long keys, a POST-only
    /// handler, a metadata-like name, a name with an escape, names the cleaner escapes, one
    /// named like the basePath), beside dynamic ones. (An interception route brings its
    /// `Next-Url` rewrite: rules.)
    fn builder(options: RouterOptions) -> RouterBuilder {
        let mut b = Router::builder().options(options);
        let escaped_by_the_cleaner = ["/caf\u{e9}", "/a{b}", "/q\"uote"];
        for p in [
            "/",
            "/about",
            "/a/b/c",
            "/blog",
            "/pricing.json",
            "/x%20y",
            "/docs",
        ]
        .into_iter()
        .chain(escaped_by_the_cleaner)
        {
            b.add(RouteSpec::page(p));
        }
        b.add(RouteSpec::page("/a-rather-long-static-page/with/segments"));
        b.add(RouteSpec::route("/api/health", &["POST"]));
        b.add(RouteSpec::page("/blog/[slug]"));
        b.add(RouteSpec::page("/[...rest]"));
        b
    }

    fn option_sets() -> Vec<RouterOptions> {
        let mut sets = Vec::new();
        for base_path in ["", "/docs", "/a"] {
            for trailing_slash in [false, true] {
                for skip_trailing_slash_redirect in [false, true] {
                    sets.push(RouterOptions {
                        base_path: base_path.into(),
                        trailing_slash,
                        skip_trailing_slash_redirect,
                        ..RouterOptions::default()
                    });
                }
            }
        }
        sets
    }

    /// Every target near a static route's spelling: as is, with and without a trailing slash,
    /// a query, a fragment, doubled slashes, other case, escapes, outside the basePath.
    fn targets(router: &Router) -> Vec<String> {
        let base = &*router.paths.base_path;
        let mut out = vec!["".into(), "/".into(), base.into(), format!("{base}/")];
        for r in router.table.routes.iter() {
            let p = &*r.pattern;
            for t in [
                format!("{base}{p}"),
                format!("{base}{p}/"),
                p.to_string(),
                format!("{base}{p}?q=1"),
                format!("{base}{p}#top"),
                format!("{base}/{p}"),
                format!("{base}{}", p.to_uppercase()),
                format!("{base}{}", p.replace('a', "%61")),
                format!("{base}{p}/."),
                format!("{base}{p}/x"),
            ] {
                out.push(t);
            }
        }
        out
    }

    #[test]
    fn a_static_target_decides_as_the_long_way_does() {
        let mut admitted = 0;
        for options in option_sets() {
            let fast = builder(options.clone()).build().expect("builds");
            let mut slow = builder(options).build().expect("builds");
            slow.static_targets = StaticTargets::default();
            admitted += fast.static_targets.known.len();
            let (mut a, mut b) = (Context::new(), Context::new());
            // One context each for every request, so that a decision made at build follows
            // ones that leave more in the context (a query, request header changes, a 405).
            // Headers that change nothing, an internal one (a request-header change), ones
            // the header checks reject (a name that is no token, two Hosts, too many).
            let internal: &[(&[u8], &[u8])] = &[(b"x-middleware-subrequest", b"1")];
            let accept: &[(&[u8], &[u8])] = &[(b"accept", b"*/*"), (b"Host", b"a.example")];
            let bad_name: &[(&[u8], &[u8])] = &[(b"accept", b"*/*"), (b"x y", b"1")];
            let two_hosts: &[(&[u8], &[u8])] = &[(b"host", b"a"), (b"HOST", b"b")];
            let many = vec![(&b"x-a"[..], &b"1"[..]); fast.options().limits.max_headers + 1];
            for target in targets(&fast) {
                for method in [
                    "GET", "HEAD", "POST", "OPTIONS", "DELETE", "PUT", "get", "BREW",
                ] {
                    for headers in [&[][..], internal, accept, bad_name, two_hosts, &many] {
                        let req = Request::new(method, &target).with_headers(headers);
                        assert_eq!(
                            fast.decide(&req, &mut a).to_json(),
                            slow.decide(&req, &mut b).to_json(),
                            "{method} {target:?} {headers:?} under {:?}",
                            fast.options()
                        );
                    }
                }
            }
        }
        // Each option set admits some targets (the shortcut is exercised, not bypassed).
        assert!(admitted > 12 * 5, "{admitted}");
    }

    fn take(router: &Router, target: &[u8], ctx: &mut Context) -> u32 {
        let targets = &router.static_targets;
        targets.take(targets.find(target), target, ctx)
    }

    #[test]
    fn only_a_route_s_own_unchanged_spelling_is_admitted() {
        let router = builder(RouterOptions::default()).build().expect("builds");
        let mut ctx = Context::new();
        let route = |pattern: &str| {
            router
                .table
                .routes
                .iter()
                .position(|r| &*r.pattern == pattern)
                .unwrap() as u32
        };
        assert_eq!(take(&router, b"/about", &mut ctx), route("/about"));
        assert_eq!(take(&router, b"/", &mut ctx), route("/"));
        for not in [
            &b"/about/"[..], // redirected to /about
            b"/about?x=1",   // a query: the long way
            b"/ABOUT",
            b"/x%20y", // an escape: the trie decodes it
            b"/blog/first",
        ] {
            assert_eq!(take(&router, not, &mut ctx), NONE, "{:?}", not);
        }
        // With rules (here, an interception route's rewrite) there is no shortcut.
        let with_rules = builder(RouterOptions::default())
            .route(RouteSpec::page("/feed/(.)photo"))
            .build()
            .expect("builds");
        assert!(!with_rules.rules.is_empty());
        assert!(with_rules.static_targets.known.is_empty());
    }
}
