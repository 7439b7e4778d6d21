//! Property tests (proptest) on the core invariants:
//! - route priority does not depend on insertion order (same `routes()` order, same decisions);
//! - every inserted static path matches itself;
//! - params round-trip through percent-encoding: arbitrary Unicode values encoded into the path
//!   come back exactly.

use proptest::prelude::*;
use routecore::{Action, Context, ParamValue, Request, RouteSpec, Router, RouterBuilder};

/// Everything but RFC 3986 unreserved characters is escaped.
fn encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One static segment: short ASCII words mostly, sometimes any text (never `.` or `..`).
fn static_segment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["a", "b", "blog", "api", "docs", "new", "x-y", "v1.2", "B", "é", "日本"]).prop_map(str::to_owned),
        1 => "[^/?#\\\\\\x00-\\x1f\\x7f\\[\\]]{1,6}".prop_filter("dot segment", |s| s != "." && s != ".."),
    ]
}

/// A route pattern whose dynamic names depend on the depth only, so that most sets build.
fn pattern() -> impl Strategy<Value = String> {
    prop::collection::vec((0u8..10, static_segment()), 0..5).prop_map(|segs| {
        let n = segs.len();
        let mut out = String::new();
        for (i, (kind, text)) in segs.into_iter().enumerate() {
            let name = ["id", "slug", "x", "y", "z"][i];
            out.push('/');
            match kind {
                0..=5 => out.push_str(&text),
                6..=7 => out.push_str(&format!("[{name}]")),
                8 if i + 1 == n => out.push_str(&format!("[...{name}]")),
                9 if i + 1 == n => out.push_str(&format!("[[...{name}]]")),
                _ => out.push_str(&format!("[{name}]")),
            }
        }
        if out.is_empty() { "/".to_owned() } else { out }
    })
}

fn route_set() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(pattern(), 1..24).prop_map(|s| s.into_iter().collect())
}

fn build(patterns: &[String]) -> Result<Router, routecore::BuildErrors> {
    let mut b = RouterBuilder::new();
    for (i, p) in patterns.iter().enumerate() {
        b.add(RouteSpec::page(p).with_id(i as u64));
    }
    b.build()
}

/// A request path shaped like `pattern`, with `values` in the dynamic positions.
fn path_for(pattern: &str, values: &[String]) -> String {
    let mut v = values.iter().cycle();
    let mut out = String::new();
    for seg in pattern.split('/').skip(1).filter(|s| !s.is_empty()) {
        out.push('/');
        if seg.starts_with('[') && seg.ends_with(']') {
            out.push_str(&encode(v.next().map_or("v", String::as_str)));
        } else {
            out.push_str(&encode(seg));
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

fn param_value() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("one non-dot segment", |s| {
        !s.is_empty() && s != "." && s != ".." && s.len() < 200
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn priority_is_independent_of_insertion_order(
        (patterns, shuffled) in route_set().prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle())),
        values in prop::collection::vec(prop_oneof![static_segment(), param_value()], 1..6),
    ) {
        let a = build(&patterns);
        let b = build(&shuffled);
        prop_assert_eq!(a.is_ok(), b.is_ok(), "one order builds, the other not");
        let (Ok(a), Ok(b)) = (a, b) else { return Ok(()) };
        let order = |r: &Router| r.routes().map(|x| x.pattern.to_owned()).collect::<Vec<_>>();
        prop_assert_eq!(order(&a), order(&b));
        let (mut ca, mut cb) = (Context::new(), Context::new());
        // Ids follow the input position; compare patterns and params, not ids.
        let strip = |j: String| {
            let v: serde_json::Value = serde_json::from_str(&j).unwrap();
            (v["action"].clone(), v["route"]["pattern"].clone(), v["params"].clone(), v["pathname"].clone())
        };
        for p in patterns.iter().chain(shuffled.iter()) {
            let target = path_for(p, &values);
            let da = strip(a.decide(&Request::new("GET", &target), &mut ca).to_json());
            let db = strip(b.decide(&Request::new("GET", &target), &mut cb).to_json());
            prop_assert_eq!(da, db, "{}", target);
        }
    }

    #[test]
    fn every_static_path_matches_itself(patterns in route_set()) {
        let Ok(router) = build(&patterns) else { return Ok(()) };
        let mut ctx = Context::new();
        for p in patterns.iter().filter(|p| !p.contains('[')) {
            let target = path_for(p, &[]);
            let d = router.decide(&Request::new("GET", &target), &mut ctx);
            prop_assert_eq!(d.action(), Action::Route, "{} via {}: {}", p, target, d.to_json());
            prop_assert_eq!(d.route().unwrap().pattern(), p.as_str());
        }
    }

    #[test]
    fn params_round_trip_through_percent_encoding(
        one in param_value(),
        many in prop::collection::vec(param_value(), 1..5),
    ) {
        let router = Router::builder()
            .route(RouteSpec::page("/p/[one]/rest/[...many]"))
            .route(RouteSpec::page("/o/[[...opt]]"))
            .build()
            .unwrap();
        let mut ctx = Context::new();
        let mut target = format!("/p/{}/rest", encode(&one));
        for m in &many {
            target.push('/');
            target.push_str(&encode(m));
        }
        let d = router.decide(&Request::new("GET", &target), &mut ctx);
        prop_assert_eq!(d.action(), Action::Route, "{}", d.to_json());
        match d.param("one") {
            Some(ParamValue::One(v)) => prop_assert_eq!(v, one.as_str()),
            other => prop_assert!(false, "one: {:?}", other),
        }
        match d.param("many") {
            Some(ParamValue::Many(list)) => prop_assert_eq!(list.iter().collect::<Vec<_>>(), many.iter().map(String::as_str).collect::<Vec<_>>()),
            other => prop_assert!(false, "many: {:?}", other),
        }
        let target = format!("/o/{}", many.iter().map(|m| encode(m)).collect::<Vec<_>>().join("/"));
        let d = router.decide(&Request::new("GET", &target), &mut ctx);
        match d.param("opt") {
            Some(ParamValue::Many(list)) => prop_assert_eq!(list.iter().collect::<Vec<_>>(), many.iter().map(String::as_str).collect::<Vec<_>>()),
            other => prop_assert!(false, "opt: {:?}", other),
        }
    }
}
