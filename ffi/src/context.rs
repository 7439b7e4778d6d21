//! `routecore_context` and matching: one request in (as a `routecore_request` view), one
//! decision out, kept in the context until its next match.

use crate::handle::{Castable, OwnershipBox, arc_clone, box_mut, free_box, to_boxed_ptr, try_ref};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::router::{ROUTECORE_MAX_INPUT_BYTES, routecore_router};
use crate::shared::routecore_shared;
use crate::str;
use engine::{Decision, Request, Router};
use std::ffi::c_char;
use std::mem::ManuallyDrop;
use std::sync::Arc;

/// Most headers one `routecore_request` may carry (10,000). More is
/// `ROUTECORE_RESULT_LENGTH_LIMIT`; the router's own limit (64 by default) gives a 431 decision
/// well before that.
pub const ROUTECORE_MAX_HEADERS: usize = 10_000;

/// One request header: name and value as (pointer, length) byte views, not NUL-terminated.
/// Any bytes are accepted; routecore reads them only during the call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_header {
    /// The header name (case-insensitive).
    pub name: *const c_char,
    /// Bytes in `name`.
    pub name_len: usize,
    /// The header value.
    pub value: *const c_char,
    /// Bytes in `value`.
    pub value_len: usize,
}

/// One request as the host received it: every field is a (pointer, length) view of the host's
/// own bytes, read only during the `routecore_match` call and never kept. Nothing needs to be
/// NUL-terminated or UTF-8: bytes that are not valid get a 400 decision, not an error. A NULL
/// pointer with length 0 is an empty field; a NULL pointer with a non-zero length is
/// `ROUTECORE_RESULT_NULL_PARAMETER`. Each length is at most `ROUTECORE_MAX_INPUT_BYTES` and
/// `headers_len` at most `ROUTECORE_MAX_HEADERS` (else `ROUTECORE_RESULT_LENGTH_LIMIT`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_request {
    /// The method token, e.g. `GET` (case-sensitive).
    pub method: *const c_char,
    /// Bytes in `method`.
    pub method_len: usize,
    /// The request target: `/path?query`, or an absolute URL (its host is used; `host` and a
    /// `Host` header are then ignored, RFC 9112 §3.2.2).
    pub target: *const c_char,
    /// Bytes in `target`.
    pub target_len: usize,
    /// The `Host` (or `:authority`) when known apart from the headers; NULL or length 0 for
    /// none.
    pub host: *const c_char,
    /// Bytes in `host`.
    pub host_len: usize,
    /// An array of `headers_len` headers (NULL when `headers_len` is 0).
    pub headers: *const routecore_header,
    /// Number of headers.
    pub headers_len: usize,
}

/// Per-thread scratch space and the last decision.
///
/// Made by `routecore_context_new`, released by `routecore_context_free`. Pass it to every
/// match: its buffers grow to fit the largest request seen, after which matching allocates
/// nothing. It holds the decision of its last successful match, read with the
/// `routecore_context_*` accessors; every view they return stays valid until the next match on
/// this context or its free, even if the router was freed or swapped out meanwhile (the
/// context keeps a reference to the router it matched on). Not thread-safe: one thread at a
/// time (it may move between threads, e.g. with a Go goroutine); use one per thread.
pub struct routecore_context {
    _private: [u8; 0],
}

impl Castable for routecore_context {
    type Ownership = OwnershipBox;
    type RustType = Ctx;
}

/// The Rust side of [`routecore_context`].
pub(crate) struct Ctx {
    core: engine::Context,
    /// The router of the last successful match; `None` = no decision.
    router: Option<Arc<Router>>,
    /// Reused storage for the header slice `Request` wants (always empty between calls).
    headers: Vec<(&'static [u8], &'static [u8])>,
}

impl Ctx {
    /// The decision of the last successful match.
    pub(crate) fn decision(&self) -> Option<Decision<'_>> {
        self.router.as_ref().map(|r| r.decision(&self.core))
    }
}

/// Gives an empty vector's storage a new element lifetime, so it can be reused across calls.
fn recycle<'b>(v: Vec<(&[u8], &[u8])>) -> Vec<(&'b [u8], &'b [u8])> {
    let mut v = ManuallyDrop::new(v);
    v.clear();
    // SAFETY: same allocation, same element type up to lifetimes (identical layout), and
    // length 0, so no element with the old lifetime survives.
    unsafe { Vec::from_raw_parts(v.as_mut_ptr().cast(), 0, v.capacity()) }
}

/// A new context. Free it with `routecore_context_free`. Its buffers are sized for typical
/// requests, so even the first match usually allocates nothing.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_context_new() -> *mut routecore_context {
    ffi_panic_boundary! {
        to_boxed_ptr::<routecore_context>(Ctx {
            core: engine::Context::new(),
            router: None,
            headers: Vec::with_capacity(64),
        })
    }
}

/// Frees a context, its decision, and its reference to the router it last matched on. NULL is
/// a no-op. Every view taken from it becomes invalid.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_free(ctx: *mut routecore_context) {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { free_box(ctx) }
    }
}

/// What a match reads: a whole `routecore_request`, or a method and a target alone (the
/// `_target_` functions: no host, no headers).
#[derive(Clone, Copy)]
pub(crate) enum Input {
    /// A `routecore_request` (NULL is `ROUTECORE_RESULT_NULL_PARAMETER`).
    Request(*const routecore_request),
    /// The method and target views of a request without host or headers.
    Target {
        method: *const c_char,
        method_len: usize,
        target: *const c_char,
        target_len: usize,
    },
    /// A whole request as `count` NUL-separated fields in one view: method, target, host
    /// (empty for none), then each header's name and value.
    Fields {
        fields: *const c_char,
        len: usize,
        count: usize,
    },
}

/// Decides `input` on `router` into `c`; sets `c.router` only on success.
///
/// Inlined into each entry point, so that the compiler sees the context's router slot empty
/// from the `take` to the store here (no drop check) and no frame is set up twice.
///
/// # Safety
/// `input`'s request (unless NULL) is readable and its views are valid for the call.
#[inline(always)]
unsafe fn decide(router: Arc<Router>, c: &mut Ctx, input: Input) -> routecore_result {
    let max = ROUTECORE_MAX_INPUT_BYTES;
    let req = match input {
        Input::Target {
            method,
            method_len,
            target,
            target_len,
        } => {
            // SAFETY (both): the caller's contract on the views.
            let method = match unsafe { str::bytes(method, method_len, max) } {
                Ok(b) => b,
                Err(e) => return e,
            };
            let target = match unsafe { str::bytes(target, target_len, max) } {
                Ok(b) => b,
                Err(e) => return e,
            };
            let request = Request {
                method,
                target,
                host: None,
                headers: &[],
            };
            let _ = router.decide(&request, &mut c.core);
            c.router = Some(router);
            return routecore_result::Ok;
        }
        Input::Fields { fields, len, count } => {
            // SAFETY: the caller's contract on the view; each field's length is checked
            // against `max` as it is cut.
            return match unsafe { str::bytes(fields, len, usize::MAX) } {
                Ok(run) => decide_fields(router, c, run, count),
                Err(e) => e,
            };
        }
        // SAFETY: the caller's contract.
        Input::Request(req) => match unsafe { req.as_ref() } {
            Some(req) => req,
            None => return routecore_result::NullParameter,
        },
    };
    // SAFETY (all four): the caller's contract on the request's views.
    let method = match unsafe { str::bytes(req.method, req.method_len, max) } {
        Ok(b) => b,
        Err(e) => return e,
    };
    let target = match unsafe { str::bytes(req.target, req.target_len, max) } {
        Ok(b) => b,
        Err(e) => return e,
    };
    let host = match unsafe { str::bytes(req.host, req.host_len, max) } {
        Ok(b) if !b.is_empty() => Some(b),
        Ok(_) => None,
        Err(e) => return e,
    };
    if req.headers_len == 0 {
        let request = Request {
            method,
            target,
            host,
            headers: &[],
        };
        let _ = router.decide(&request, &mut c.core);
        c.router = Some(router);
        return routecore_result::Ok;
    }
    if req.headers_len > ROUTECORE_MAX_HEADERS {
        return routecore_result::LengthLimit;
    }
    if req.headers.is_null() {
        return routecore_result::NullParameter;
    }
    // SAFETY: non-NULL, `headers_len` (bounded) readable entries: the caller's contract.
    let raw_headers = unsafe { std::slice::from_raw_parts(req.headers, req.headers_len) };
    let mut headers = recycle(std::mem::take(&mut c.headers));
    for h in raw_headers {
        // SAFETY: the caller's contract on each header's views.
        let pair = unsafe {
            (
                str::bytes(h.name, h.name_len, max),
                str::bytes(h.value, h.value_len, max),
            )
        };
        match pair {
            (Ok(n), Ok(v)) => headers.push((n, v)),
            (Err(e), _) | (_, Err(e)) => {
                c.headers = recycle(headers);
                return e;
            }
        }
    }
    decide_request(router, c, (method, target, host), headers)
}

/// Decides the request of `method`, `target`, `host` and `headers` (the context's reused
/// vector, filled by the caller) on `router` into `c`, then hands the vector back.
#[inline(always)]
fn decide_request<'b>(
    router: Arc<Router>,
    c: &mut Ctx,
    (method, target, host): (&'b [u8], &'b [u8], Option<&'b [u8]>),
    headers: Vec<(&'b [u8], &'b [u8])>,
) -> routecore_result {
    let request = Request {
        method,
        target,
        host,
        headers: &headers,
    };
    let _ = router.decide(&request, &mut c.core);
    c.headers = recycle(headers);
    c.router = Some(router);
    routecore_result::Ok
}

/// Cuts `run` into `count` fields at its NUL bytes (method, target, host, then name and value
/// pairs) and decides the request they make. `count` is the caller's own count of the fields
/// it joined, so a field that holds a NUL byte cuts into more pieces than `count` and is
/// refused (`INVALID_ARGUMENT`), never read as a header the client did not send.
fn decide_fields(router: Arc<Router>, c: &mut Ctx, run: &[u8], count: usize) -> routecore_result {
    if count < 3 || count % 2 == 0 {
        return routecore_result::InvalidArgument;
    }
    if (count - 3) / 2 > ROUTECORE_MAX_HEADERS {
        return routecore_result::LengthLimit;
    }
    let mut rest = Some(run);
    // The next field, or `Err` when there is none left or it is over the input limit.
    let mut next = || -> Result<&[u8], routecore_result> {
        let r = rest.ok_or(routecore_result::InvalidArgument)?;
        let field = match memchr::memchr(0, r) {
            Some(at) => {
                rest = Some(&r[at + 1..]);
                &r[..at]
            }
            None => {
                rest = None;
                r
            }
        };
        if field.len() > ROUTECORE_MAX_INPUT_BYTES {
            return Err(routecore_result::LengthLimit);
        }
        Ok(field)
    };
    let (method, target, host) = match (next(), next(), next()) {
        (Ok(m), Ok(t), Ok(h)) => (m, t, (!h.is_empty()).then_some(h)),
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return e,
    };
    let mut headers = recycle(std::mem::take(&mut c.headers));
    for _ in 0..(count - 3) / 2 {
        match (next(), next()) {
            (Ok(n), Ok(v)) => headers.push((n, v)),
            (Err(e), _) | (_, Err(e)) => {
                c.headers = recycle(headers);
                return e;
            }
        }
    }
    if rest.is_some() {
        // More pieces than fields: some field holds a NUL byte.
        c.headers = recycle(headers);
        return routecore_result::InvalidArgument;
    }
    decide_request(router, c, (method, target, host), headers)
}

/// `routecore_match`'s body, for every function that matches on a router handle: the
/// context's previous decision is dropped, then `input` is decided on `router`. The context's
/// reference from its last match is reused when it is to this same router (the usual case:
/// no reference-count update per match).
///
/// # Safety
/// As for `routecore_match`.
#[inline(always)]
pub(crate) unsafe fn match_router(
    router: *const routecore_router,
    ctx: *mut routecore_context,
    input: Input,
) -> routecore_result {
    let c = try_ref!(box_mut, ctx);
    let previous = c.router.take();
    let router = match previous {
        // The context holds a strong reference to this very router, so the handle's pointer
        // cannot have been reused for another one.
        Some(p) if std::ptr::eq(Arc::as_ptr(&p), router.cast::<Router>()) => p,
        stale => {
            drop(stale);
            // SAFETY: the caller's contract.
            match unsafe { arc_clone(router) } {
                Some(r) => r,
                None => return routecore_result::NullParameter,
            }
        }
    };
    // SAFETY: the caller's contract.
    unsafe { decide(router, c, input) }
}

/// `routecore_shared_match`'s body, for every function that matches on a shared handle.
///
/// # Safety
/// As for `routecore_shared_match`.
#[inline(always)]
pub(crate) unsafe fn match_shared(
    shared: *const routecore_shared,
    ctx: *mut routecore_context,
    input: Input,
) -> routecore_result {
    let c = try_ref!(box_mut, ctx);
    let previous = c.router.take();
    let slot = try_ref!(box_ref, shared);
    let router = slot.load_reusing(previous);
    // SAFETY: the caller's contract.
    unsafe { decide(router, c, input) }
}

/// Drops the decision `ctx` holds (a NULL `ctx` is ignored): what a match that fails its
/// argument checks leaves behind.
///
/// # Safety
/// `ctx` is NULL or a live context no other thread is using.
pub(crate) unsafe fn clear(ctx: *mut routecore_context) {
    // SAFETY: the caller's contract.
    if let Some(c) = unsafe { box_mut(ctx) } {
        c.router = None;
    }
}

/// Matches `request` on `router`, storing the decision in `ctx` (see the accessors).
///
/// Returns `ROUTECORE_RESULT_OK` for every request the host can receive, malformed ones
/// included (they get a 400, 414 or 431 decision). Only an unusable call fails:
/// `NULL_PARAMETER` (NULL handle or request, or a NULL view with a non-zero length) or
/// `LENGTH_LIMIT` (a view or the header count over the ABI bounds); then `ctx` holds no
/// decision. Either way the previous decision and its views are gone.
///
/// Allocation-free once `ctx` has grown to fit the requests it sees. Thread-safe with respect
/// to `router` (many threads, one context each).
///
/// # Safety
/// `router` is a live router handle; `ctx` is a live context no other thread is using;
/// `request` is readable and its views are valid for the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_match(
    router: *const routecore_router,
    ctx: *mut routecore_context,
    request: *const routecore_request,
) -> routecore_result {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { match_router(router, ctx, Input::Request(request)) }
    }
}

/// Matches `request` on the router `shared` holds at this moment, storing the decision in
/// `ctx`; results as for `routecore_match`. The context keeps that router alive until its next
/// match or free, so a concurrent `routecore_shared_swap` never invalidates the decision.
/// Allocation-free once warm. Thread-safe with respect to `shared`.
///
/// # Safety
/// `shared` is a live shared handle; `ctx` is a live context no other thread is using;
/// `request` is readable and its views are valid for the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_match(
    shared: *const routecore_shared,
    ctx: *mut routecore_context,
    request: *const routecore_request,
) -> routecore_result {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { match_shared(shared, ctx, Input::Request(request)) }
    }
}
