//! Router build from an arbitrary route set (one route per line: `p /pattern`,
//! `r GET,POST /pattern`, `m /pattern`; options `! trailing`, `! base /docs`; requests
//! `? METHOD /target`). The build never panics, does not depend on insertion order, and every
//! decision keeps the invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routecore::{Context, Request, RouteSpec, Router, RouterBuilder};
use routecore_fuzz::{Oracle, check};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut specs = Vec::new();
    let mut requests = Vec::new();
    let (mut base, mut trailing) = (String::new(), false);
    for line in text.lines() {
        let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
        match head {
            "p" => specs.push(RouteSpec::page(rest)),
            "m" => specs.push(RouteSpec::metadata(rest)),
            "r" => {
                let (methods, pattern) = rest.split_once(' ').unwrap_or(("GET", rest));
                let methods: Vec<&str> = methods.split(',').collect();
                specs.push(RouteSpec::route(pattern, &methods));
            }
            "?" => requests.push(rest.split_once(' ').unwrap_or(("GET", rest))),
            "!" => match rest.split_once(' ') {
                Some(("base", b)) => base = b.to_owned(),
                _ if rest == "trailing" => trailing = true,
                _ => {}
            },
            _ => specs.push(RouteSpec::page(line)),
        }
    }
    for (i, s) in specs.iter_mut().enumerate() {
        s.id = i as u64;
    }
    let make = |list: &mut dyn Iterator<Item = &RouteSpec>| {
        let mut b = RouterBuilder::new()
            .base_path(&base)
            .trailing_slash(trailing);
        for s in list {
            b.add(s.clone());
        }
        b.build()
    };
    let forward = make(&mut specs.iter());
    let backward = make(&mut specs.iter().rev());
    let (router, reversed): (Router, Router) = match (forward, backward) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(_), Err(_)) => return,
        (a, b) => panic!(
            "build depends on insertion order: forward {:?}, backward {:?}",
            a.err(),
            b.err()
        ),
    };
    let order: Vec<&str> = router.routes().map(|r| r.pattern).collect();
    let order_rev: Vec<&str> = reversed.routes().map(|r| r.pattern).collect();
    assert_eq!(order, order_rev, "priority depends on insertion order");
    assert_eq!(order.len(), specs.len());

    let oracle = Oracle::plain(&router);
    let mut ctx = Context::new();
    let mut ctx2 = Context::new();
    let derived: Vec<String> = order
        .iter()
        .map(|p| {
            let s: Vec<&str> = p
                .split('/')
                .map(|s| match s.strip_prefix('[') {
                    Some(x) if x.starts_with("[...") => "a/b",
                    Some(x) if x.starts_with("...") => "c/d",
                    Some(_) if s.ends_with(']') => "v1",
                    _ => s,
                })
                .collect();
            format!("{base}{}", s.join("/"))
        })
        .collect();
    let all = requests
        .iter()
        .map(|(m, t)| (*m, *t))
        .chain(derived.iter().map(|t| ("GET", t.as_str())))
        .chain(routecore_fuzz::PROBES.iter().map(|t| ("OPTIONS", *t)));
    for (method, target) in all {
        let req = Request::new(method, target);
        check(&oracle, &req, &mut ctx);
        // Both orders decide alike.
        let a = router.decide(&req, &mut ctx).to_json();
        let b = reversed.decide(&req, &mut ctx2).to_json();
        assert_eq!(
            a, b,
            "{method} {target}: decisions depend on insertion order"
        );
    }
});
