//! The headline single-lookup cases: a static hit, 1, 4 and 8 params, a 50-segment catch-all
//! and a miss, all against one router (the 130 GitHub routes plus an 8-param route and a
//! catch-all), so every case walks a realistic tree.

use crate::github::{self, Syntax};

/// One headline lookup.
#[derive(Debug, Clone)]
pub struct Case {
    /// Short name (`static`, `param1`, ...).
    pub name: &'static str,
    /// The request path.
    pub path: String,
    /// Whether a route matches it.
    pub hit: bool,
}

/// The routes added to the GitHub set for the cases, as (routecore pattern, matchit pattern).
pub const EXTRA_ROUTES: [(&str, &str); 2] = [
    (
        "/eight/[a]/[b]/[c]/[d]/[e]/[f]/[g]/[h]",
        "/eight/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}",
    ),
    ("/static/[...path]", "/static/{*path}"),
];

/// Every route of the cases router in routecore's syntax.
pub fn routes_next() -> Vec<&'static str> {
    let mut r = github::routes(Syntax::Next).to_vec();
    r.extend(EXTRA_ROUTES.iter().map(|(n, _)| *n));
    r
}

/// Every route of the cases router in matchit's syntax.
pub fn routes_braces() -> Vec<&'static str> {
    let mut r = github::routes(Syntax::Braces).to_vec();
    r.extend(EXTRA_ROUTES.iter().map(|(_, m)| *m));
    r
}

/// The fully static routes of the cases router (the keys of the hash-map baseline).
pub fn static_routes() -> Vec<&'static str> {
    routes_next()
        .into_iter()
        .filter(|r| !r.contains('['))
        .collect()
}

/// The six headline cases.
pub fn cases() -> Vec<Case> {
    let catch_all: String = (0..50).map(|i| format!("/s{i}")).collect();
    vec![
        Case {
            name: "static",
            path: "/user/repos".into(),
            hit: true,
        },
        Case {
            name: "param1",
            path: "/users/octocat".into(),
            hit: true,
        },
        Case {
            name: "param4",
            path: "/legacy/issues/search/rust-lang/rust/open/borrowck".into(),
            hit: true,
        },
        Case {
            name: "param8",
            path: "/eight/a1/b2/c3/d4/e5/f6/g7/h8".into(),
            hit: true,
        },
        Case {
            name: "catchall50",
            path: format!("/static{catch_all}"),
            hit: true,
        },
        Case {
            name: "miss",
            path: "/repos/rust-lang/rust/nope".into(),
            hit: false,
        },
    ]
}
