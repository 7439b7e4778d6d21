//! Shared data for routecore's benchmarks: the GitHub route sets, the headline cases, a
//! deterministic generator of realistic route trees, and a counting allocator.
//!
//! The criterion benches live in `benches/`, the callgrind driver in `examples/`.

pub mod alloc;
pub mod cases;
pub mod generate;
pub mod github;
pub mod shop;

use routecore::{Context, Decision, Request, RouteSpec, Router, RouterOptions};

/// routecore built from `(pattern, methods)` pairs, each a route handler with a distinct id.
pub fn routecore_router<'a, M: AsRef<str> + 'a>(
    routes: impl IntoIterator<Item = (&'a str, &'a [M])>,
    options: RouterOptions,
) -> Router {
    let mut b = Router::builder().options(options);
    for (id, (pattern, methods)) in routes.into_iter().enumerate() {
        b.add(RouteSpec::route(pattern, methods).with_id(id as u64));
    }
    b.build()
        .unwrap_or_else(|e| panic!("routes must build: {e}"))
}

/// The 130 GitHub routes for routecore: route handlers answering GET. matchit treats
/// `/repos/{p1}/{p2}/milestones/` as its own route and is asked for it with the slash, so
/// routecore runs with `skipTrailingSlashRedirect` (Next.js's option that serves a path with
/// or without its trailing slash instead of redirecting); everything else is the default.
pub fn github_router() -> Router {
    let routes = github::routes(github::Syntax::Next);
    routecore_router(
        routes.iter().map(|p| (*p, &["GET"][..])),
        RouterOptions {
            skip_trailing_slash_redirect: true,
            ..RouterOptions::default()
        },
    )
}

/// The 203-route Go set for routecore, grouped by path with its methods.
pub fn go_github_router() -> Router {
    let routes = github::go_routes();
    routecore_router(
        routes.iter().map(|(p, m)| (p.as_str(), &m[..])),
        RouterOptions::default(),
    )
}

/// Decides `req` and checks that a route handler answers it (so no router can win by failing).
#[inline]
pub fn decide_route<'a>(router: &'a Router, req: &Request<'_>, ctx: &'a mut Context) -> u64 {
    let d: Decision<'a> = router.decide(req, ctx);
    match d.route() {
        Some(r) if d.status() == 200 => r.id(),
        _ => panic!(
            "{} {} was not routed: {}",
            String::from_utf8_lossy(req.method),
            String::from_utf8_lossy(req.target),
            d.to_json()
        ),
    }
}
