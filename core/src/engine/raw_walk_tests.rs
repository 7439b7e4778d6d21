//! The raw walk (`routes::tree::raw`) against the long way: every target of a generated set,
//! on rule-less routers of every path option, is decided with the walk and without it, and the
//! two decisions must be the same.

use crate::context::Context;
use crate::engine::router::{Request, Router};
use crate::engine::static_targets::StaticTargets;
use crate::routes::tree::Raw;
use crate::{Limits, RouteSpec, RouterOptions};

/// Routes of every shape the walk meets: the root, a static route beside a dynamic one at
/// each level (backtracking), catch-alls, keys the cleaner escapes or decodes, a key starting
/// with `.`, keys over 16 bytes, and more keys with one first byte than a group compares one
/// by one.
fn router(options: RouterOptions, without_raw_walk: bool) -> Router {
    let mut b = Router::builder().options(options);
    for p in [
        "/",
        "/about",
        "/user",
        "/users/[id]",
        "/users/[id]/posts/[post]",
        "/users/me/posts",
        "/shop/[category]/[item]",
        "/shop/sale/shoes",
        "/docs/[[...slug]]",
        "/files/[...path]",
        "/files/readme",
        "/caf\u{e9}/[x]",
        "/x%20y/[x]",
        "/a{b}",
        "/.well-known/security.txt",
        "/a.b/[c]",
        "/a-rather-long-static-segment/[x]",
        "/a-rather-long-static-segment-too",
        "/[lang]/about",
    ] {
        b.add(RouteSpec::page(p));
    }
    for i in 0..20 {
        b.add(RouteSpec::page(&format!("/r{i}/[x]")));
    }
    b.add(RouteSpec::route("/api/[name]", &["POST"]));
    let mut r = b.build().expect("builds");
    if without_raw_walk {
        r.raw_walk = false;
        // The static targets' decisions were made at build, through the raw walk: made
        // again the long way, they cannot hide a difference on a static route's spelling.
        r.static_targets = StaticTargets::build(&r);
    }
    r
}

/// Segments that match keys, near-misses, and every kind of byte the cleaner must judge.
const PIECES: [&str; 24] = [
    "users",
    "user",
    "me",
    "posts",
    "shop",
    "sale",
    "shoes",
    "docs",
    "files",
    "readme",
    "r7",
    "r19",
    "a-rather-long-static-segment",
    "a-rather-long-static-segment-too",
    "caf%C3%A9",
    "x%20y",
    "a{b}",
    ".well-known",
    "..",
    "a.b",
    "",
    "a%2Fb",
    "x y",
    "\u{e9}",
];

fn targets() -> Vec<String> {
    let mut paths = vec![String::new()];
    let mut layer = vec![String::new()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for p in &layer {
            for piece in PIECES {
                next.push(format!("{p}/{piece}"));
            }
        }
        paths.extend(next.iter().cloned());
        layer = next;
    }
    let mut out = Vec::new();
    for p in paths {
        for suffix in ["", "/", "?q=1&q=2", "?", "?a b", "#top", "/?x"] {
            out.push(format!("{p}{suffix}"));
        }
    }
    out.extend(["", "?", "*", "http://a.example/users/1", "users/1"].map(String::from));
    out
}

// Not under Miri: a hundred targets took 26 minutes there (sixteen router builds, each
// deciding its static targets), and the walk is safe code that calls no dependency's unsafe
// code. It runs natively in `cargo test`; the smoke test drives `decide` under Miri.
#[test]
#[cfg_attr(miri, ignore)]
fn the_raw_walk_decides_as_the_long_way_does() {
    let limits = |max_segments| Limits {
        max_segments,
        ..Limits::default()
    };
    let targets = targets();
    for (trailing_slash, skip_trailing_slash_redirect, max_segments) in [
        (false, false, 32),
        (true, true, 32),
        (false, true, 32),
        (true, false, 32),
        (false, false, 2),
        (false, false, 1),
        (false, false, 0),
        (false, false, usize::MAX),
    ] {
        let options = RouterOptions {
            trailing_slash,
            skip_trailing_slash_redirect,
            limits: limits(max_segments),
            ..RouterOptions::default()
        };
        let fast = router(options.clone(), false);
        let slow = router(options, true);
        let (mut a, mut b) = (Context::new(), Context::new());
        let (mut found, mut rest, mut missed) = (0, 0, 0);
        let mut spans = Vec::new();
        for (n, target) in targets.iter().enumerate() {
            spans.clear();
            match fast.table.tree.find_raw(target.as_bytes(), &mut spans) {
                Raw::Found { .. } => found += 1,
                Raw::Rest { .. } => rest += 1,
                Raw::Missed { .. } => missed += 1,
                Raw::Judge => {}
            }
            // Method dispatch comes after the walk: two other methods on every fifth target.
            let methods: &[&str] = if n % 5 == 0 {
                &["GET", "POST", "OPTIONS"]
            } else {
                &["GET"]
            };
            for method in methods {
                let req = Request::new(method, target);
                assert_eq!(
                    fast.decide(&req, &mut a).to_json(),
                    slow.decide(&req, &mut b).to_json(),
                    "{method} {target:?} under {:?}",
                    fast.options()
                );
            }
        }
        // The walk settles a good share of the targets each way (it is exercised, not
        // bypassed), where the limit lets most of them through.
        if fast.raw_walk && max_segments >= 2 {
            assert!(
                found > 200 && rest > 4_000 && missed > 20_000,
                "{found} {rest} {missed}"
            );
        }
    }
}

// Not under Miri either: building the router decides each static target, slow there.
#[test]
#[cfg_attr(miri, ignore)]
fn a_trailing_slash_is_judged_before_the_walk_reads_the_target() {
    let r = router(RouterOptions::default(), false);
    let tree = &r.table.tree;
    let mut spans = Vec::new();
    // Judged at once: no segment cut (the walk would have cut two before its empty segment).
    assert_eq!(tree.find_raw(b"/users/1/", &mut spans), Raw::Judge);
    assert!(spans.is_empty());
    // The root is not a trailing slash; one before a query is the walk's to find.
    assert!(matches!(tree.find_raw(b"/", &mut spans), Raw::Found { .. }));
    spans.clear();
    assert_eq!(tree.find_raw(b"/users/1/?a=b", &mut spans), Raw::Judge);
}

/// The walk does not count segments: a path over the limit is found by its length, and its
/// slashes counted, after the walk. Routes no deeper than the limits below keep the walk on.
// Not under Miri: each router build decides its static targets, slow there.
#[test]
#[cfg_attr(miri, ignore)]
fn the_raw_walk_holds_a_path_to_the_segment_limit() {
    let build = |max_segments, without_raw_walk| {
        let mut b = Router::builder().options(RouterOptions {
            limits: Limits {
                max_segments,
                ..Limits::default()
            },
            ..RouterOptions::default()
        });
        for p in [
            "/",
            "/about",
            "/[x]",
            "/files/[...path]",
            "/docs/[[...slug]]",
        ] {
            b.add(RouteSpec::page(p));
        }
        let mut r = b.build().expect("builds");
        if without_raw_walk {
            r.raw_walk = false;
            r.static_targets = StaticTargets::build(&r);
        }
        r
    };
    let (mut a, mut b) = (Context::new(), Context::new());
    for max_segments in [1, 2, 3, 5] {
        let (fast, slow) = (build(max_segments, false), build(max_segments, true));
        assert!(
            fast.raw_walk,
            "a tree of depth 1 is walked raw under {max_segments}"
        );
        for n in 0..=8 {
            for head in ["", "/files", "/docs", "/about", "/x"] {
                let tail: String = (0..n).map(|i| format!("/s{i}")).collect();
                // (`/z` segments are the shortest a path can have: the length bound's edge.)
                let shortest = "/z".repeat(n);
                for target in [
                    format!("{head}{tail}"),
                    format!("{head}{tail}?q=1"),
                    format!("{head}{shortest}"),
                ] {
                    let req = Request::new("GET", &target);
                    let (x, y) = (
                        fast.decide(&req, &mut a).to_json(),
                        slow.decide(&req, &mut b).to_json(),
                    );
                    assert_eq!(x, y, "{target:?} under {max_segments} segments");
                }
            }
        }
        // A path one segment over the limit is refused, whatever route its start names.
        let over: String = (0..=max_segments).map(|i| format!("/s{i}")).collect();
        let over = format!("/files{over}");
        assert_eq!(
            fast.decide(&Request::new("GET", &over), &mut a).status(),
            414
        );
    }
}

/// A tree deeper than the segment limit is not walked raw: the walk, which does not count
/// segments, would recurse past the limit.
#[test]
#[cfg_attr(miri, ignore)]
fn a_tree_deeper_than_the_segment_limit_is_not_walked_raw() {
    let build = |max_segments| {
        let mut b = Router::builder().options(RouterOptions {
            limits: Limits {
                max_segments,
                ..Limits::default()
            },
            ..RouterOptions::default()
        });
        b.add(RouteSpec::page("/a/[b]/c"));
        b.build().expect("builds")
    };
    assert!(!build(2).raw_walk);
    assert!(build(3).raw_walk);
}
