//! Helpers the C ABI's integration tests share: calling the ABI the way a C host does.

#![allow(dead_code)] // each test binary uses some of them

use routecore_ffi::context::routecore_context;
use routecore_ffi::context::{routecore_header, routecore_request};
use routecore_ffi::decision::*;
use routecore_ffi::errors::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
use routecore_ffi::shared::{routecore_shared, routecore_shared_new};
use routecore_ffi::str::routecore_str;
use std::ffi::c_char;
use std::ptr;

/// A view's text (`None` for the absent view).
pub fn s(v: routecore_str) -> Option<String> {
    if v.ptr.is_null() {
        return None;
    }
    let b = unsafe { std::slice::from_raw_parts(v.ptr.cast::<u8>(), v.len) };
    Some(String::from_utf8(b.to_vec()).unwrap())
}

/// A Rust string as the (pointer, length) pair the ABI takes.
pub fn cstr(t: &str) -> (*const c_char, usize) {
    (t.as_ptr().cast(), t.len())
}

/// A router built from `routecore.json` text through the ABI (panics with the first error).
pub fn router_from(config: &str) -> *const routecore_router {
    let mut out = ptr::null();
    let errors = routecore_errors_new();
    let (j, n) = cstr(config);
    let r = unsafe { routecore_router_from_config(j, n, &mut out, errors) };
    assert_eq!(r, routecore_result::Ok, "{:?}", unsafe {
        s(routecore_errors_message(errors, 0))
    });
    unsafe { routecore_errors_free(errors) };
    out
}

/// A shared (hot-swap) router holding `router` (panics if the ABI refuses).
pub fn shared_of(router: *const routecore_router) -> *mut routecore_shared {
    let mut shared = ptr::null_mut();
    assert_eq!(
        unsafe { routecore_shared_new(router, &mut shared) },
        routecore_result::Ok
    );
    shared
}

/// (name, value) pairs as the header views a `routecore_request` points to.
pub fn headers<N: AsRef<[u8]>, V: AsRef<[u8]>>(pairs: &[(N, V)]) -> Vec<routecore_header> {
    pairs
        .iter()
        .map(|(n, v)| {
            let (n, v) = (n.as_ref(), v.as_ref());
            routecore_header {
                name: n.as_ptr().cast(),
                name_len: n.len(),
                value: v.as_ptr().cast(),
                value_len: v.len(),
            }
        })
        .collect()
}

/// A request without host over `method`, `target` and `headers` (views valid while they are).
pub fn request(method: &str, target: &str, headers: &[routecore_header]) -> routecore_request {
    routecore_request {
        method: method.as_ptr().cast(),
        method_len: method.len(),
        target: target.as_ptr().cast(),
        target_len: target.len(),
        host: ptr::null(),
        host_len: 0,
        headers: if headers.is_empty() {
            ptr::null()
        } else {
            headers.as_ptr()
        },
        headers_len: headers.len(),
    }
}

/// Every per-field accessor, each item by index, as a C host reads a decision.
pub unsafe fn read_accessors(ctx: *const routecore_context) -> usize {
    let mut sum = 0;
    // SAFETY: a live context with a decision.
    unsafe {
        sum += routecore_context_action(ctx) as usize;
        sum += routecore_context_pathname(ctx).len + routecore_context_location(ctx).len;
        sum += routecore_context_allow(ctx).len + routecore_context_body(ctx).len;
        for i in 0..routecore_context_param_count(ctx) {
            sum += routecore_context_param_name(ctx, i).len;
            for j in 0..routecore_context_param_value_count(ctx, i) {
                sum += routecore_context_param_value(ctx, i, j).len;
            }
        }
        for i in 0..routecore_context_query_count(ctx) {
            sum += routecore_context_query(ctx, i).value.len;
        }
        for i in 0..routecore_context_request_header_count(ctx) {
            sum += routecore_context_request_header(ctx, i).name.len;
        }
        for i in 0..routecore_context_response_header_count(ctx) {
            sum += routecore_context_response_header(ctx, i).value.len;
        }
        for i in 0..routecore_context_vary_count(ctx) {
            sum += routecore_context_vary(ctx, i).len;
        }
    }
    sum
}
