//! GitHub API: matchit's 130 routes and 130 lookups through six routers in one group, then the
//! 203-route method-aware Go set through routecore's method dispatch.

use criterion::{Criterion, criterion_group, criterion_main};
use routecore::{Context, Request};
use routecore_benches::alloc::{AllocTable, CountingAlloc};
use routecore_benches::github::{self, Syntax};
use routecore_benches::{decide_route, github_router, go_github_router};
use std::hint::black_box;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn github130(c: &mut Criterion) {
    let paths = github::lookups();
    let mut allocs = AllocTable::default();
    let mut group = c.benchmark_group("github130");

    let router = github_router();
    let mut ctx = Context::new();
    let mut run = || {
        for path in black_box(&paths) {
            black_box(decide_route(&router, &Request::new("GET", path), &mut ctx));
        }
    };
    allocs.measure("routecore", &mut run);
    group.bench_function("routecore", |b| b.iter(&mut run));

    let mut matchit = matchit::Router::new();
    for route in github::routes(Syntax::Braces) {
        matchit.insert(route, true).unwrap();
    }
    let mut run = || {
        for path in black_box(&paths) {
            let m = black_box(matchit.at(path).unwrap());
            assert!(*m.value);
        }
    };
    allocs.measure("matchit", &mut run);
    group.bench_function("matchit", |b| b.iter(&mut run));

    let mut wayfind = wayfind::RouterBuilder::new();
    for route in github::routes(Syntax::Angle) {
        wayfind.insert(route, true).unwrap();
    }
    let wayfind = wayfind.build();
    let mut run = || {
        for path in black_box(&paths) {
            let m = black_box(wayfind.search(path).unwrap());
            assert!(*m.data());
        }
    };
    allocs.measure("wayfind", &mut run);
    group.bench_function("wayfind", |b| b.iter(&mut run));

    let mut path_tree = path_tree::PathTree::new();
    for route in github::routes(Syntax::Colon) {
        let _ = path_tree.insert(route, true);
    }
    let mut run = || {
        for path in black_box(&paths) {
            let m = black_box(path_tree.find(path).unwrap());
            assert!(*m.0);
        }
    };
    allocs.measure("path-tree", &mut run);
    group.bench_function("path-tree", |b| b.iter(&mut run));

    let mut actix = actix_router::Router::<bool>::build();
    for route in github::routes(Syntax::Braces) {
        actix.path(route, true);
    }
    let actix = actix.finish();
    let mut run = || {
        for path in black_box(&paths) {
            let mut path = actix_router::Path::new(*path);
            let m = black_box(actix.recognize(&mut path).unwrap());
            assert!(*m.0);
        }
    };
    allocs.measure("actix-router", &mut run);
    group.bench_function("actix-router", |b| b.iter(&mut run));

    let mut recognizer = route_recognizer::Router::new();
    for route in github::routes(Syntax::Colon) {
        recognizer.add(route, true);
    }
    let mut run = || {
        for path in black_box(&paths) {
            let m = black_box(recognizer.recognize(path).unwrap());
            assert!(**m.handler());
        }
    };
    allocs.measure("route-recognizer", &mut run);
    group.bench_function("route-recognizer", |b| b.iter(&mut run));

    group.finish();
    allocs.print("github130 (per 130 lookups)");
}

fn go_github203(c: &mut Criterion) {
    let router = go_github_router();
    let api = github::go_github_api();
    let requests: Vec<Request<'_>> = api
        .iter()
        .map(|(method, path)| Request::new(method, path))
        .collect();
    let mut ctx = Context::new();
    let mut run = || {
        for req in black_box(&requests) {
            black_box(decide_route(&router, req, &mut ctx));
        }
    };
    let mut allocs = AllocTable::default();
    allocs.measure("routecore", &mut run);
    let mut group = c.benchmark_group("go_github203");
    group.bench_function("routecore", |b| b.iter(&mut run));
    group.finish();
    allocs.print("go_github203 (per 203 decisions)");
}

criterion_group!(benches, github130, go_github203);
criterion_main!(benches);
