//! A deterministic generator of realistic route trees: a handful of root pages, then
//! resources spread over ten namespaces, each with its index, `[id]` page, some actions,
//! nested `[subId]` routes, and now and then a catch-all or an optional catch-all.
//!
//! The sequence is prefix-stable: the first 100 routes of the 100,000-route tree are the
//! 100-route tree, so [`lookups`] (taken from the smallest tree) hit the same routes at
//! every size.

use routecore::{MiddlewareRule, MiddlewareSpec, RedirectRule, RouteSpec, Router, RouterBuilder};

const ROOT: [&str; 7] = [
    "/",
    "/about",
    "/pricing",
    "/login",
    "/signup",
    "/sitemap.xml",
    "/robots.txt",
];
const NAMESPACES: [&str; 10] = [
    "/api/v1",
    "/api/v2",
    "/admin",
    "/shop",
    "/docs",
    "/blog",
    "/dashboard",
    "/internal/tools",
    "/partners",
    "/help",
];
const NOUNS: [&str; 40] = [
    "users",
    "orders",
    "products",
    "invoices",
    "teams",
    "projects",
    "tickets",
    "articles",
    "comments",
    "payments",
    "customers",
    "reports",
    "events",
    "files",
    "settings",
    "webhooks",
    "tokens",
    "sessions",
    "coupons",
    "reviews",
    "carts",
    "shipments",
    "warehouses",
    "vendors",
    "campaigns",
    "segments",
    "dashboards",
    "alerts",
    "incidents",
    "deployments",
    "builds",
    "releases",
    "packages",
    "licenses",
    "subscriptions",
    "plans",
    "regions",
    "clusters",
    "volumes",
    "snapshots",
];
const ACTIONS: [&str; 6] = [
    "edit", "history", "settings", "members", "export", "activity",
];
const SUBS: [&str; 3] = ["comments", "versions", "items"];

/// xorshift64*, seeded per resource so the tree never depends on how much was generated.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The first `n` route patterns of the sequence.
pub fn patterns(n: usize) -> Vec<String> {
    let mut out: Vec<String> = ROOT.iter().map(|s| s.to_string()).collect();
    let mut k = 0u64;
    while out.len() < n {
        out.extend(resource(k));
        k += 1;
    }
    out.truncate(n);
    out
}

/// The routes of resource `k`.
fn resource(k: u64) -> Vec<String> {
    let mut rng = Rng::new(k + 1);
    let ns = NAMESPACES[(rng.next() % NAMESPACES.len() as u64) as usize];
    let noun = NOUNS[(k % NOUNS.len() as u64) as usize];
    let base = if k < NOUNS.len() as u64 {
        format!("{ns}/{noun}")
    } else {
        format!("{ns}/{noun}-{}", k / NOUNS.len() as u64)
    };
    let mut r = vec![base.clone(), format!("{base}/[id]")];
    if rng.chance(60) {
        r.push(format!("{base}/new"));
    }
    if rng.chance(70) {
        let start = rng.next() as usize % ACTIONS.len();
        let count = 1 + rng.next() as usize % 3;
        for i in 0..count {
            r.push(format!(
                "{base}/[id]/{}",
                ACTIONS[(start + i) % ACTIONS.len()]
            ));
        }
    }
    if rng.chance(40) {
        let sub = SUBS[rng.next() as usize % SUBS.len()];
        r.push(format!("{base}/[id]/{sub}/[subId]"));
    }
    if rng.chance(20) {
        r.push(format!("{base}/files/[...path]"));
    }
    if rng.chance(10) {
        r.push(format!("{base}/search/[[...filters]]"));
    }
    r
}

/// The route specs: route handlers (GET, POST) under `/api`, pages elsewhere.
pub fn specs(n: usize) -> Vec<RouteSpec> {
    patterns(n)
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let spec = if p.starts_with("/api/") {
                RouteSpec::route(&p, &["GET", "POST"])
            } else {
                RouteSpec::page(&p)
            };
            spec.with_id(i as u64)
        })
        .collect()
}

/// A builder holding the first `n` routes.
pub fn builder(n: usize) -> RouterBuilder {
    let mut b = Router::builder();
    for s in specs(n) {
        b.add(s);
    }
    b
}

/// The router of the first `n` routes.
pub fn router(n: usize) -> Router {
    builder(n)
        .build()
        .unwrap_or_else(|e| panic!("generated routes must build: {e}"))
}

/// The same lookups at every size, taken from the first 100 routes: a root page, a static
/// resource index, a static sibling of `[id]`, one param, one param plus an action, two
/// params, a 3-segment catch-all, and a miss that walks three levels before failing.
/// Each is `(path, hit)`.
pub fn lookups() -> Vec<(String, bool)> {
    let pats = patterns(100);
    let first = |f: &dyn Fn(&str) -> bool| -> String {
        pats.iter()
            .find(|p| f(p))
            .unwrap_or_else(|| panic!("the 100-route tree lacks a shape the lookups need"))
            .clone()
    };
    let fill = |p: String| {
        p.replace("[[...filters]]", "open/recent")
            .replace("[...path]", "a/b/c.txt")
            .replace("[subId]", "7")
            .replace("[id]", "42")
    };
    let is_static = |p: &str| !p.contains('[');
    let index = first(&|p| is_static(p) && p.matches('/').count() >= 2 && !p.ends_with("/new"));
    let new = first(&|p| p.ends_with("/new"));
    let one = first(&|p| p.ends_with("/[id]"));
    let action = first(&|p| p.contains("/[id]/") && !p.ends_with(']'));
    let two = first(&|p| p.ends_with("[subId]"));
    let catch_all = first(&|p| p.ends_with("[...path]"));
    let miss = format!("{}/no-such-action/x", fill(one.clone()));
    vec![
        ("/about".to_owned(), true),
        (index, true),
        (new, true),
        (fill(one), true),
        (fill(action), true),
        (fill(two), true),
        (fill(catch_all), true),
        (miss, false),
    ]
}

/// `n` redirect rules (`/legacy/<noun>-<i>/:path*` → `/docs/<noun>-<i>/:path*`, 308). None
/// matches a path of the route tree; the first matches [`RULE_HIT`].
pub fn redirect_rules(n: usize) -> Vec<RedirectRule> {
    (0..n)
        .map(|i| RedirectRule {
            source: format!("/legacy/{}-{i}/:path*", NOUNS[i % NOUNS.len()]),
            destination: format!("/docs/{}-{i}/:path*", NOUNS[i % NOUNS.len()]),
            status: 308,
            base_path: true,
            ..Default::default()
        })
        .collect()
}

/// `n` middleware rules (`/campaign-<i>/:path*` sets a response header); no matcher, so the
/// middleware runs for every request. None matches a path of the route tree.
pub fn middleware_rules(n: usize) -> MiddlewareSpec {
    MiddlewareSpec {
        matcher: None,
        rules: (0..n)
            .map(|i| MiddlewareRule {
                source: Some(format!("/campaign-{i}/:path*")),
                set_response_headers: vec![("x-campaign".into(), i.to_string())],
                ..Default::default()
            })
            .collect(),
        file: Some("middleware.ts".into()),
    }
}

/// A path the first redirect rule answers.
pub const RULE_HIT: &str = "/legacy/users-0/a/b";
