//! The plain-target scan (`input::normalize`) finds a path's segments as it validates it,
//! pointing into the path itself; the general cleaner decodes them into a copy. Both must give
//! the same decision: a fragment (`#f`, dropped by the cleaner) sends the same target down the
//! general path, so every decision is compared across the two, under every path option.

use routecore::{Context, Request, RouteSpec, Router, RouterOptions};

fn router(base_path: &str, trailing_slash: bool, skip_redirect: bool) -> Router {
    let mut b = Router::builder().options(RouterOptions {
        base_path: base_path.into(),
        trailing_slash,
        skip_trailing_slash_redirect: skip_redirect,
        ..Default::default()
    });
    for p in [
        "/",
        "/a",
        "/a/[b]",
        "/a/[b]/c",
        "/x/[...rest]",
        "/o/[[...opt]]",
        "/p/[q]/[r]/s/[...t]",
        "/long-segment-name-0123456789/[id]",
    ] {
        b = b.route(RouteSpec::page(p));
    }
    b.build().unwrap()
}

fn paths() -> Vec<String> {
    let pool = [
        "a",
        "b",
        "c",
        "x",
        "o",
        "p",
        "s",
        "long-segment-name-0123456789",
        "q.txt",
    ];
    let mut out = vec![String::new()];
    let mut frontier = vec![String::new()];
    for _ in 0..5 {
        let mut next = Vec::new();
        for p in &frontier {
            for s in pool {
                next.push(format!("{p}/{s}"));
            }
        }
        out.extend(next.iter().cloned());
        frontier = next.into_iter().step_by(3).collect();
    }
    out
}

#[test]
fn scanned_segments_decide_as_the_general_cleaner_does() {
    let mut plain_ctx = Context::new();
    let mut general_ctx = Context::new();
    let mut compared = 0;
    for base in ["", "/docs"] {
        for trailing_slash in [false, true] {
            for skip in [false, true] {
                let r = router(base, trailing_slash, skip);
                for p in paths() {
                    for prefix in ["", base] {
                        for tail in ["", "/"] {
                            for query in ["", "?k=v&k=w"] {
                                let target = format!("{prefix}{p}{tail}{query}");
                                if !target.starts_with('/') {
                                    continue;
                                }
                                let fragment = format!("{target}#f");
                                let plain = r
                                    .decide(&Request::new("GET", &target), &mut plain_ctx)
                                    .to_json();
                                let general = r
                                    .decide(&Request::new("GET", &fragment), &mut general_ctx)
                                    .to_json();
                                assert_eq!(
                                    plain, general,
                                    "{target:?} (basePath {base:?}, trailingSlash {trailing_slash}, skip {skip})"
                                );
                                compared += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(compared > 10_000, "{compared}");
}
