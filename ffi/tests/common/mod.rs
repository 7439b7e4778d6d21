//! Helpers the C ABI's integration tests share: calling the ABI the way a C host does.

#![allow(dead_code)] // each test binary uses some of them

use routecore_ffi::errors::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
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
