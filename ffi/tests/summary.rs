//! `routecore_context_summary`: one call gives what the scalar and count accessors give, on
//! every kind of decision; rejects NULLs; allocates nothing.

use routecore_ffi::context::*;
use routecore_ffi::decision::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
use routecore_ffi::str::routecore_str;
use routecore_ffi::summary::*;
mod common;

use common::{headers, request, router_from};
use routecore_testkit::alloc::{CountingAlloc, allocations_in};
use std::ptr;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// The summary's fields as the accessors give them, for comparison.
#[derive(Debug, PartialEq)]
struct Fields {
    action: routecore_action,
    status: u16,
    route: Option<u64>,
    kind: u32,
    cache: routecore_cache,
    revalidate: Option<u32>,
    reason: u32,
    counts: [usize; 5], // params, query, request headers, response headers, vary
    middleware: bool,
    head_via_get: bool,
    pathname: (*const std::ffi::c_char, usize),
}

fn by_accessors(ctx: *const routecore_context) -> Fields {
    unsafe {
        let mut id = 0;
        let mut secs = 0;
        let p = routecore_context_pathname(ctx);
        Fields {
            action: routecore_context_action(ctx),
            status: routecore_context_status(ctx),
            route: routecore_context_route_id(ctx, &mut id).then_some(id),
            kind: routecore_context_route_kind(ctx),
            cache: routecore_context_cache(ctx),
            revalidate: routecore_context_revalidate(ctx, &mut secs).then_some(secs),
            reason: routecore_context_reason(ctx),
            counts: [
                routecore_context_param_count(ctx),
                routecore_context_query_count(ctx),
                routecore_context_request_header_count(ctx),
                routecore_context_response_header_count(ctx),
                routecore_context_vary_count(ctx),
            ],
            middleware: routecore_context_middleware(ctx),
            head_via_get: routecore_context_head_via_get(ctx),
            pathname: (p.ptr, p.len),
        }
    }
}

fn from_summary(s: &routecore_summary) -> Fields {
    Fields {
        action: s.action,
        status: s.status,
        route: s.has_route.then_some(s.route_id),
        kind: s.route_kind,
        cache: s.cache,
        revalidate: s.has_revalidate.then_some(s.revalidate),
        reason: s.reason,
        counts: [
            s.param_count as usize,
            s.query_count as usize,
            s.request_header_count as usize,
            s.response_header_count as usize,
            s.vary_count as usize,
        ],
        middleware: s.middleware,
        head_via_get: s.head_via_get,
        pathname: (s.pathname.ptr, s.pathname.len),
    }
}

fn empty() -> routecore_summary {
    routecore_summary {
        route_id: 77,
        action: routecore_action::None,
        cache: routecore_cache::None,
        route_kind: 0,
        revalidate: 0,
        reason: 0,
        param_count: 0,
        query_count: 0,
        request_header_count: 0,
        response_header_count: 0,
        vary_count: 0,
        status: 0,
        has_route: false,
        has_revalidate: false,
        middleware: false,
        head_via_get: false,
        pathname: routecore_str {
            ptr: ptr::null(),
            len: 0,
        },
    }
}

fn shop() -> *const routecore_router {
    router_from(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/shop/routecore.json"
        ))
        .unwrap(),
    )
}

type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

/// Requests that reach every action, with and without middleware, query, header changes,
/// `Vary`, HEAD via GET, params and catch-alls.
fn cases() -> Vec<Case<'static>> {
    vec![
        ("GET", "/products/42?ref=home", vec![("x-debug", "1")]),
        ("GET", "/products/42", vec![]),
        ("GET", "/products/a%20b", vec![]),
        ("GET", "/categories/a/b%2Fc", vec![]),
        ("GET", "/docs/a/b", vec![]),
        ("GET", "/about", vec![]),
        ("GET", "/about/", vec![]),
        ("GET", "/blog/hello", vec![]),
        ("GET", "/checkout", vec![("cookie", "session=s")]),
        ("GET", "/checkout", vec![]),
        ("POST", "/api/products", vec![("authorization", "Bearer t")]),
        ("POST", "/api/products", vec![]),
        ("DELETE", "/api/health", vec![]),
        ("DELETE", "/api/health", vec![("authorization", "Bearer t")]),
        ("POST", "/about", vec![]),
        ("GET", "/cdn/a/b.png", vec![]),
        ("GET", "/api/files/a/b", vec![]),
        ("HEAD", "/api/search", vec![]),
        ("OPTIONS", "/api/products", vec![]),
        ("HEAD", "/api/health", vec![]),
        ("GET", "/api/health", vec![]),
        ("GET", "/p/5?x=1", vec![]),
        ("GET", "/", vec![("cookie", "ab-home=b")]),
        ("GET", "/nope", vec![]),
        ("GET", "bad", vec![]),
    ]
}

#[test]
fn one_call_gives_what_the_accessors_give() {
    let router = shop();
    let ctx = routecore_context_new();
    let mut actions = std::collections::HashSet::new();
    for (method, target, hs) in cases() {
        let hs = headers(&hs);
        let req = request(method, target, &hs);
        assert_eq!(
            unsafe { routecore_match(router, ctx, &req) },
            routecore_result::Ok
        );
        let mut out = empty();
        let r = unsafe { routecore_context_summary(ctx, &mut out) };
        assert_eq!(r, routecore_result::Ok, "{method} {target}");
        let want = by_accessors(ctx);
        assert_eq!(from_summary(&out), want, "{method} {target}");
        if !out.has_route {
            assert_eq!(out.route_id, 0, "{method} {target}");
        }
        if !out.has_revalidate {
            assert_eq!(out.revalidate, 0, "{method} {target}");
        }
        actions.insert(out.action as u32);
    }
    // route, redirect, rewrite_external, respond, options, method_not_allowed, not_found,
    // bad_request: every one was compared.
    assert_eq!(actions.len(), 8, "{actions:?}");
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn nulls_and_a_context_without_decision_are_result_codes() {
    let router = shop();
    let ctx = routecore_context_new();
    let mut out = empty();
    unsafe {
        assert_eq!(
            routecore_context_summary(ctx, &mut out),
            routecore_result::NoDecision
        );
        assert_eq!(out.route_id, 77); // untouched
        let req = request("GET", "/products/1", &[]);
        assert_eq!(routecore_match(router, ctx, &req), routecore_result::Ok);
        assert_eq!(
            routecore_context_summary(ptr::null(), &mut out),
            routecore_result::NullParameter
        );
        assert_eq!(out.route_id, 77);
        assert_eq!(
            routecore_context_summary(ctx, ptr::null_mut()),
            routecore_result::NullParameter
        );
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn a_summary_allocates_nothing() {
    let router = shop();
    let ctx = routecore_context_new();
    for (method, target, hs) in cases() {
        let hs = headers(&hs);
        let req = request(method, target, &hs);
        assert_eq!(
            unsafe { routecore_match(router, ctx, &req) },
            routecore_result::Ok
        );
        let mut out = empty();
        let n = allocations_in(|| {
            assert_eq!(
                unsafe { routecore_context_summary(ctx, &mut out) },
                routecore_result::Ok
            );
        });
        assert_eq!(n, 0, "{method} {target}");
    }
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}
