//! `routecore_context_params`: every param in one call gives exactly what the per-param
//! accessors give, sizes its array the ABI's way, rejects NULLs and allocates nothing.

use routecore_ffi::context::*;
use routecore_ffi::decision::*;
use routecore_ffi::params::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
use routecore_ffi::str::routecore_str;
mod common;

use common::{request, router_from, s};
use routecore_testkit::alloc::{CountingAlloc, allocations_in};
use std::ptr;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

const CONFIG: &str = r#"{"routes": [
  {"pattern": "/api/users/[id]", "kind": "route", "methods": ["GET"], "id": 7},
  {"pattern": "/shop/[...slug]", "kind": "page", "id": 8},
  {"pattern": "/docs/[[...slug]]", "kind": "page", "id": 9},
  {"pattern": "/[a]/[b]/[c]/[d]/[e]", "kind": "page", "id": 10},
  {"pattern": "/files/[owner]/[...path]", "kind": "page", "id": 11}
]}"#;

/// One entry as owned values: (name, value, index, count, catch_all).
type Entry = (String, String, u32, u32, bool);

fn entry(e: &routecore_param_entry) -> Entry {
    (
        s(e.name).unwrap(),
        s(e.value).unwrap(),
        e.index,
        e.count,
        e.catch_all,
    )
}

/// The entries `routecore_context_params` should write, built from the per-param accessors.
fn by_accessors(ctx: *const routecore_context) -> Vec<Entry> {
    let mut out = Vec::new();
    unsafe {
        for i in 0..routecore_context_param_count(ctx) {
            let name = s(routecore_context_param_name(ctx, i)).unwrap();
            let count = routecore_context_param_value_count(ctx, i);
            let catch_all = routecore_context_param_is_catch_all(ctx, i);
            for j in 0..count {
                let v = s(routecore_context_param_value(ctx, i, j)).unwrap();
                out.push((name.clone(), v, i as u32, count as u32, catch_all));
            }
        }
    }
    out
}

fn matched(
    router: *const routecore_router,
    ctx: *mut routecore_context,
    method: &str,
    target: &str,
) {
    let req = request(method, target, &[]);
    assert_eq!(
        unsafe { routecore_match(router, ctx, &req) },
        routecore_result::Ok
    );
}

#[test]
fn one_call_gives_what_the_per_param_accessors_give() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let long = format!("/shop{}", "/seg".repeat(60));
    let cases: &[(&str, &str, usize)] = &[
        ("GET", "/api/users/42", 1),
        ("GET", "/api/users/%C3%A9t%C3%A9", 1), // decoded: not bytes of the target
        ("GET", "/shop/a/b/c", 3),
        ("GET", "/shop/x", 1),
        ("GET", &long, 60),
        ("GET", "/docs", 0), // an optional catch-all that took nothing is absent
        ("GET", "/docs/a/b", 2),
        ("GET", "/v/w/x/y/z", 5),
        ("GET", "/files/me/a/b", 3),
        ("POST", "/api/users/42", 1), // 405: a route matched (its params are read too)
        ("GET", "/nowhere", 0),
        ("GET", "bad", 0), // 400
    ];
    let mut out = vec![
        routecore_param_entry {
            name: routecore_str {
                ptr: ptr::null(),
                len: 0
            },
            value: routecore_str {
                ptr: ptr::null(),
                len: 0
            },
            index: 0,
            count: 0,
            catch_all: false,
        };
        64
    ];
    for &(method, target, want) in cases {
        matched(router, ctx, method, target);
        let mut n = usize::MAX;
        let r = unsafe { routecore_context_params(ctx, out.as_mut_ptr(), out.len(), &mut n) };
        assert_eq!((r, n), (routecore_result::Ok, want), "{method} {target}");
        let got: Vec<Entry> = out[..n].iter().map(entry).collect();
        assert_eq!(got, by_accessors(ctx), "{method} {target}");
        // The views are the accessors' own (same bytes in the context), not copies.
        for e in &out[..n] {
            let v = unsafe { routecore_context_param_value(ctx, e.index as usize, 0) };
            if !e.catch_all {
                assert_eq!(v.ptr, e.value.ptr, "{method} {target}");
            }
        }
    }
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn a_small_array_gets_the_needed_count() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    matched(router, ctx, "GET", "/files/me/a/b/c");
    unsafe {
        // Ask with no array.
        let mut n = 0;
        let r = routecore_context_params(ctx, ptr::null_mut(), 0, &mut n);
        assert_eq!((r, n), (routecore_result::InsufficientSize, 4));
        // Too small by one.
        let mut out = Vec::with_capacity(4);
        let r = routecore_context_params(ctx, out.as_mut_ptr(), 3, &mut n);
        assert_eq!((r, n), (routecore_result::InsufficientSize, 4));
        // Exactly enough.
        let r = routecore_context_params(ctx, out.as_mut_ptr(), 4, &mut n);
        assert_eq!((r, n), (routecore_result::Ok, 4));
        out.set_len(4);
        let got: Vec<Entry> = out.iter().map(entry).collect();
        assert_eq!(got, by_accessors(ctx));
        assert_eq!(got[0], ("owner".into(), "me".into(), 0, 1, false));
        assert_eq!(got[3], ("path".into(), "c".into(), 1, 3, true));
        // No params: OK with nothing to write, even with no array.
        matched(router, ctx, "GET", "/nowhere");
        let r = routecore_context_params(ctx, ptr::null_mut(), 0, &mut n);
        assert_eq!((r, n), (routecore_result::Ok, 0));
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn nulls_and_a_context_without_decision_are_result_codes() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let mut out = Vec::<routecore_param_entry>::with_capacity(4);
    unsafe {
        let mut n = 12345;
        let r = routecore_context_params(ctx, out.as_mut_ptr(), 4, &mut n);
        assert_eq!((r, n), (routecore_result::NoDecision, 12345));
        matched(router, ctx, "GET", "/api/users/1");
        let r = routecore_context_params(ptr::null(), out.as_mut_ptr(), 4, &mut n);
        assert_eq!((r, n), (routecore_result::NullParameter, 12345));
        let r = routecore_context_params(ctx, out.as_mut_ptr(), 4, ptr::null_mut());
        assert_eq!(r, routecore_result::NullParameter);
        let r = routecore_context_params(ctx, ptr::null_mut(), 4, &mut n);
        assert_eq!((r, n), (routecore_result::NullParameter, 12345));
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn reading_every_param_allocates_nothing() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let mut out = Vec::<routecore_param_entry>::with_capacity(8);
    let targets = ["/v/w/x/y/z", "/files/me/a/b/c", "/api/users/%C3%A9"];
    for t in targets {
        matched(router, ctx, "GET", t); // warm
        let n = allocations_in(|| {
            let mut n = 0;
            let r = unsafe { routecore_context_params(ctx, out.as_mut_ptr(), 8, &mut n) };
            assert_eq!(r, routecore_result::Ok);
        });
        assert_eq!(n, 0, "{t}");
    }
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}
