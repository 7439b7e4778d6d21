//! Runs N lookups of one headline case through one router, for instruction counting under
//! `valgrind --tool=callgrind` (see `benches/callgrind.sh`, which runs it twice with different
//! N and divides the difference, so building the router is not counted).
//!
//! Usage: `callgrind_driver <routecore|matchit|fxhashmap> <case> <iterations>`, where case is
//! `github130` (one iteration = the 130 GitHub lookups) or a name from
//! `routecore_benches::cases::cases()` (`fxhashmap` only has `static`); or
//! `callgrind_driver shop <full|bare> <iterations>` for the example shop's request mix.

use routecore::{Context, Request};
use routecore_benches::cases::{self, Case};
use routecore_benches::{decide_route, github, github_router, routecore_router, shop};
use rustc_hash::FxHashMap;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, router, case, n] = &args[..] else {
        eprintln!("usage: callgrind_driver <routecore|matchit|fxhashmap> <case> <iterations>");
        std::process::exit(2);
    };
    let n: u64 = n.parse().expect("iterations is a number");
    if router == "shop" {
        let (full, bare) = shop::routers();
        let r = if case == "full" { full } else { bare };
        let requests = shop::requests();
        let mut ctx = Context::new();
        let mut total = 0u64;
        for _ in 0..n {
            for req in black_box(&requests) {
                total += u64::from(r.decide(req, &mut ctx).status());
            }
        }
        println!("{total}");
        return;
    }
    let paths: Vec<String> = if case == "github130" {
        github::lookups().iter().map(|p| p.to_string()).collect()
    } else {
        let Some(Case { path, .. }) = cases::cases().into_iter().find(|c| c.name == case) else {
            eprintln!("unknown case {case}");
            std::process::exit(2);
        };
        vec![path]
    };
    let mut found = 0u64;
    match router.as_str() {
        "routecore" => {
            let r = if case == "github130" {
                github_router()
            } else {
                routecore_router(
                    cases::routes_next().iter().map(|p| (*p, &["GET"][..])),
                    Default::default(),
                )
            };
            let mut ctx = Context::new();
            for _ in 0..n {
                for p in black_box(&paths) {
                    let d = r.decide(&Request::new("GET", p), &mut ctx);
                    found += u64::from(d.route().is_some());
                }
            }
            // The lookups must be the ones the benches make.
            if case != "miss" {
                for p in &paths {
                    decide_route(&r, &Request::new("GET", p), &mut ctx);
                }
            }
        }
        "matchit" => {
            let mut r = matchit::Router::new();
            let routes = if case == "github130" {
                github::routes(github::Syntax::Braces).to_vec()
            } else {
                cases::routes_braces()
            };
            for route in routes {
                r.insert(route, ()).unwrap();
            }
            for _ in 0..n {
                for p in black_box(&paths) {
                    found += u64::from(black_box(r.at(p)).is_ok());
                }
            }
        }
        "fxhashmap" => {
            let map: FxHashMap<&str, u32> = cases::static_routes().into_iter().zip(0..).collect();
            for _ in 0..n {
                for p in black_box(&paths) {
                    found += u64::from(black_box(map.get(p.as_str())).is_some());
                }
            }
        }
        other => {
            eprintln!("unknown router {other}");
            std::process::exit(2);
        }
    }
    println!("{found}");
}
