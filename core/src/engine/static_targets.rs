//! Static targets: on a router without rules, the request targets that are a fully static
//! route's own canonical spelling (`/about`, or `/docs/about/` under basePath `/docs` with
//! trailing slashes). Cleaning such a target changes nothing and the route table's answer is
//! known, so one hash lookup replaces the path cleaner's scan and the table's lookup.
//!
//! Each target is admitted at build only after the router decided it the long way and the
//! path came out as it went in, on that route: the shortcut can only agree with the path it
//! skips. (With rules, a rule phase may see or change the path: no shortcut.)

use crate::context::Context;
use crate::engine::router::{Request, Router};
use crate::routes::dict::PathMap;
use crate::routes::tree::NONE;

/// What the path cleaner leaves for a static target (besides the path itself).
#[derive(Debug, Clone, Copy)]
struct Known {
    route: u32,
    base_len: u32,
    match_end: u32,
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
                paths.push((target.into_bytes().into_boxed_slice(), known.len() as u32));
                known.push(Known {
                    route: route as u32,
                    base_len: input.base_len as u32,
                    match_end: input.match_end as u32,
                });
            }
        }
        StaticTargets {
            paths: PathMap::new(paths),
            known: known.into_boxed_slice(),
        }
    }

    /// When `target` is a static target (with no query: finding where a query starts costs
    /// more than the lookup saves), writes what the path cleaner would have into `ctx` (the
    /// path, unsplit) and returns its route; otherwise [`NONE`], with `ctx` untouched.
    #[inline]
    pub(crate) fn take(&self, target: &[u8], ctx: &mut Context) -> u32 {
        let i = self.paths.get(target);
        if i == NONE {
            return NONE;
        }
        let k = self.known[i as usize];
        ctx.input.path.extend_from_slice(target);
        ctx.input.base_len = k.base_len as usize;
        ctx.input.match_end = k.match_end as usize;
        k.route
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
            for target in targets(&fast) {
                for method in ["GET", "HEAD", "POST", "OPTIONS", "DELETE"] {
                    let req = Request::new(method, &target);
                    assert_eq!(
                        fast.decide(&req, &mut a).to_json(),
                        slow.decide(&req, &mut b).to_json(),
                        "{method} {target:?} under {:?}",
                        fast.options()
                    );
                }
            }
        }
        // Each option set admits some targets (the shortcut is exercised, not bypassed).
        assert!(admitted > 12 * 5, "{admitted}");
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
        assert_eq!(
            router.static_targets.take(b"/about", &mut ctx),
            route("/about")
        );
        assert_eq!(router.static_targets.take(b"/", &mut ctx), route("/"));
        for not in [
            &b"/about/"[..], // redirected to /about
            b"/about?x=1",   // a query: the long way
            b"/ABOUT",
            b"/x%20y", // an escape: the trie decodes it
            b"/blog/first",
        ] {
            assert_eq!(router.static_targets.take(not, &mut ctx), NONE, "{:?}", not);
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
