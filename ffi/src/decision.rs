//! Reading the decision a context holds: accessors returning views, and the JSON form.
//!
//! Every accessor takes `const routecore_context*`, never fails, and returns an empty value
//! (`{NULL, 0}`, `0`, `false`, `ROUTECORE_ACTION_NONE`) when the context is NULL, holds no
//! decision, or the value is absent. Views are valid until the next match on the context or
//! its free.

use crate::context::{Ctx, routecore_context};
use crate::handle::{Castable, box_ref};
use crate::panic::{PanicOrDefault, ffi_panic_boundary};
use crate::result::routecore_result;
use crate::router::{ROUTECORE_MAX_INPUT_BYTES, kind_number};
use crate::str::{self, BufWriter, routecore_pair, routecore_str};
use engine::{Action, Cache, Decision, ParamValue, Reason};
use std::ffi::c_char;

/// What the host should do with the request (ROUTING.md §6). The numbers are part of the ABI.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum routecore_action {
    /// Call the route's handler (`routecore_context_route_id`, params, ...).
    Route = 0,
    /// Answer `status` with `Location: routecore_context_location`.
    Redirect = 1,
    /// Proxy the request to the absolute URL in `routecore_context_location`.
    RewriteExternal = 2,
    /// Answer `status` with the response headers and `routecore_context_body`.
    Respond = 3,
    /// Answer 204 with `Allow: routecore_context_allow` (automatic OPTIONS).
    Options = 4,
    /// Answer 405 with `Allow: routecore_context_allow`.
    MethodNotAllowed = 5,
    /// Answer 404.
    NotFound = 6,
    /// Answer `status` (400, 414 or 431): the request is malformed or over a limit.
    BadRequest = 7,
    /// The context holds no decision (never matched, or the last match failed).
    None = 255,
}

/// Whether the response may be cached (ROUTING.md §3).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum routecore_cache {
    /// Not applicable: no handler runs (or no decision).
    None = 0,
    /// Cacheable (GET/HEAD of a static route); see `routecore_context_revalidate`.
    Static = 1,
    /// Rendered per request.
    Dynamic = 2,
}

impl PanicOrDefault for routecore_action {
    fn value() -> Self {
        routecore_action::None
    }
}

impl PanicOrDefault for routecore_cache {
    fn value() -> Self {
        routecore_cache::None
    }
}

/// Runs `f` on the context's decision, or returns the empty value.
pub(crate) fn with<R: PanicOrDefault>(
    ctx: *const routecore_context,
    f: impl FnOnce(Decision<'_>) -> R,
) -> R {
    // SAFETY: every accessor's contract: `ctx` is NULL or a live context that no other thread
    // is using.
    let Some(c) = (unsafe { box_ref::<routecore_context>(ctx) }) else {
        return R::null_parameter();
    };
    let c: &<routecore_context as Castable>::RustType = c;
    match Ctx::decision(c) {
        Some(d) => f(d),
        None => R::no_decision(),
    }
}

pub(crate) fn action_number(a: Action) -> routecore_action {
    match a {
        Action::Route => routecore_action::Route,
        Action::Redirect => routecore_action::Redirect,
        Action::RewriteExternal => routecore_action::RewriteExternal,
        Action::Respond => routecore_action::Respond,
        Action::Options => routecore_action::Options,
        Action::MethodNotAllowed => routecore_action::MethodNotAllowed,
        Action::NotFound => routecore_action::NotFound,
        Action::BadRequest => routecore_action::BadRequest,
    }
}

fn param_value(v: ParamValue<'_>, j: usize) -> Option<&str> {
    match v {
        ParamValue::One(s) => (j == 0).then_some(s),
        ParamValue::Many(segs) => segs.get(j),
    }
}

/// What to do, or `ROUTECORE_ACTION_NONE` when the context holds no decision.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_action(
    ctx: *const routecore_context,
) -> routecore_action {
    ffi_panic_boundary! { with(ctx, |d| { action_number(d.action()) }) }
}

/// The action's name as in the JSON form (`route`, `redirect`, `method_not_allowed`, ...).
/// A static string: valid for the life of the program.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_action_name(
    ctx: *const routecore_context,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_str(d.action().as_str()) }) }
}

/// The response status (200 for `route`, 204 for `options`, ...), or 0 without a decision.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_status(ctx: *const routecore_context) -> u16 {
    ffi_panic_boundary! { with(ctx, |d| { d.status() }) }
}

/// Writes the matched route's handler id to `*id_out` and returns true, when a route matched
/// (actions `route`, `options` and `method_not_allowed`); otherwise returns false and leaves
/// `*id_out` untouched.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using; `id_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_route_id(
    ctx: *const routecore_context,
    id_out: *mut u64,
) -> bool {
    ffi_panic_boundary! {
        if id_out.is_null() {
            return false;
        }
        with(ctx, |d| match d.route() {
            Some(r) => {
                // SAFETY: non-NULL and writable (the caller's contract).
                unsafe { *id_out = r.id() };
                true
            }
            None => false,
        })
    }
}

/// The matched route's pattern (e.g. `/blog/[slug]`), or `{NULL, 0}`.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_route_pattern(
    ctx: *const routecore_context,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.route().map(|r| r.pattern())) }) }
}

/// The matched route's kind as a `routecore_route_kind` number, or `UINT32_MAX` when no
/// route matched.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_route_kind(ctx: *const routecore_context) -> u32 {
    ffi_panic_boundary! { with(ctx, |d| { d.route().map_or(u32::MAX, |r| kind_number(r.kind())) }) }
}

/// The matched route's kind as in the JSON form (`route`, `page`, `metadata`), or
/// `{NULL, 0}`. A static string.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_route_kind_name(
    ctx: *const routecore_context,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.route().map(|r| r.kind().as_str())) }) }
}

/// The matched route's source file, or `{NULL, 0}`.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_route_file(
    ctx: *const routecore_context,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.route().and_then(|r| r.file())) }) }
}

/// How many params the decision has (pattern order; an optional catch-all that matched
/// nothing is not counted).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param_count(ctx: *const routecore_context) -> usize {
    ffi_panic_boundary! { with(ctx, |d| { d.param_count() }) }
}

/// Param `i`'s name (`slug` for `[...slug]`), or `{NULL, 0}` past the end.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param_name(
    ctx: *const routecore_context,
    i: usize,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.param_at(i).map(|p| p.name)) }) }
}

/// Whether param `i` is a catch-all (`[...x]`, `[[...x]]`: a list of segments) rather than
/// a single segment `[x]`. False past the end.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param_is_catch_all(
    ctx: *const routecore_context,
    i: usize,
) -> bool {
    ffi_panic_boundary! { with(ctx, |d| { matches!(d.param_at(i).map(|p| p.value), Some(ParamValue::Many(_))) }) }
}

/// How many values param `i` has: 1 for `[x]`, the number of segments for a catch-all
/// (never 0), 0 past the end.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param_value_count(
    ctx: *const routecore_context,
    i: usize,
) -> usize {
    ffi_panic_boundary! { with(ctx, |d| { match d.param_at(i).map(|p| p.value) {
        Some(ParamValue::One(_)) => 1,
        Some(ParamValue::Many(s)) => s.len(),
        None => 0,
    } }) }
}

/// Value `j` of param `i`, percent-decoded UTF-8, or `{NULL, 0}` past either end.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param_value(
    ctx: *const routecore_context,
    i: usize,
    j: usize,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.param_at(i).and_then(|p| param_value(p.value, j))) }) }
}

/// The value of the single-segment param `[name]`, or `{NULL, 0}` when there is no such param
/// or it is a catch-all (use `routecore_context_param_index` and
/// `routecore_context_param_value` for those). `name` is `name_len` bytes, not NUL-terminated.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using; `(name, name_len)` is NULL/0
/// or readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param(
    ctx: *const routecore_context,
    name: *const c_char,
    name_len: usize,
) -> routecore_str {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        let Ok(name) = (unsafe { str::bytes(name, name_len, ROUTECORE_MAX_INPUT_BYTES) }) else {
            return routecore_str::NONE;
        };
        with(ctx, |d| {
            match std::str::from_utf8(name).ok().and_then(|n| d.param(n)) {
                Some(ParamValue::One(v)) => routecore_str::from_str(v),
                _ => routecore_str::NONE,
            }
        })
    }
}

/// Finds the param called `name` (`name_len` bytes): writes its index to `*index_out` and
/// returns true, or returns false (an optional catch-all that matched nothing is absent).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using; `(name, name_len)` is NULL/0
/// or readable; `index_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_param_index(
    ctx: *const routecore_context,
    name: *const c_char,
    name_len: usize,
    index_out: *mut usize,
) -> bool {
    ffi_panic_boundary! {
        if index_out.is_null() {
            return false;
        }
        // SAFETY: the caller's contract.
        let Ok(name) = (unsafe { str::bytes(name, name_len, ROUTECORE_MAX_INPUT_BYTES) }) else {
            return false;
        };
        with(ctx, |d| match std::str::from_utf8(name).ok().and_then(|n| d.param_index(n)) {
            Some(i) => {
                // SAFETY: non-NULL and writable (the caller's contract).
                unsafe { *index_out = i };
                true
            }
            None => false,
        })
    }
}

/// The path the handler sees (`request.nextUrl.pathname`: canonical, still percent-encoded,
/// without the basePath), or `{NULL, 0}` when the request never got that far.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_pathname(
    ctx: *const routecore_context,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { d.pathname_bytes().map_or(routecore_str::NONE, routecore_str::from_bytes) }) }
}

/// How many decoded query pairs the handler sees (repeated keys repeat).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_query_count(ctx: *const routecore_context) -> usize {
    ffi_panic_boundary! { with(ctx, |d| { d.query().len() }) }
}

/// Query pair `i` (key, value), decoded UTF-8, or the absent pair past the end.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_query(
    ctx: *const routecore_context,
    i: usize,
) -> routecore_pair {
    ffi_panic_boundary! { with(ctx, |d| { d.query_at(i).map_or(routecore_pair::NONE, |(k, v)| routecore_pair::new(k, v)) }) }
}

/// The redirect target (`redirect`) or external URL (`rewrite_external`), or `{NULL, 0}`.
/// Send it as the `Location` header; with status 308 also send `Refresh: 0;url=<location>`.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_location(
    ctx: *const routecore_context,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.location()) }) }
}

/// The `Allow` header value (`options` and `method_not_allowed`), e.g.
/// `DELETE, GET, HEAD, OPTIONS`, or `{NULL, 0}`.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_allow(ctx: *const routecore_context) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.allow()) }) }
}

/// How many request headers the handler should see changed (set by middleware).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_request_header_count(
    ctx: *const routecore_context,
) -> usize {
    ffi_panic_boundary! { with(ctx, |d| { d.request_headers().len() }) }
}

/// Request header change `i` for the handler: set `name` to `value`, or, when `value.ptr` is
/// NULL, remove the header `name` (an empty value to set has a non-NULL `ptr`). Client-sent
/// `x-middleware-*` / `x-nextjs-*` headers always appear here as removals. The absent pair
/// (both views NULL) when `i` is out of range.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_request_header(
    ctx: *const routecore_context,
    i: usize,
) -> routecore_pair {
    ffi_panic_boundary! { with(ctx, |d| { d.request_header_at(i).map_or(routecore_pair::NONE, |(k, v)| routecore_pair { name: routecore_str::from_str(k), value: v.map_or(routecore_str::NONE, routecore_str::from_str) }) }) }
}

/// How many headers to add to the response.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_response_header_count(
    ctx: *const routecore_context,
) -> usize {
    ffi_panic_boundary! { with(ctx, |d| { d.response_headers().len() }) }
}

/// Response header `i` (name, value), in order, or the absent pair.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_response_header(
    ctx: *const routecore_context,
    i: usize,
) -> routecore_pair {
    ffi_panic_boundary! { with(ctx, |d| { d.response_header_at(i).map_or(routecore_pair::NONE, |(k, v)| routecore_pair::new(k, v)) }) }
}

/// The body of a `respond` decision (bytes, not necessarily UTF-8), or `{NULL, 0}`.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_body(ctx: *const routecore_context) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { d.body().map_or(routecore_str::NONE, routecore_str::from_bytes) }) }
}

/// Whether middleware ran for this request.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_middleware(ctx: *const routecore_context) -> bool {
    ffi_panic_boundary! { with(ctx, |d| { d.middleware() }) }
}

/// Whether the response may be cached (set when a handler runs).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_cache(ctx: *const routecore_context) -> routecore_cache {
    ffi_panic_boundary! { with(ctx, |d| { match d.cache() {
        Some(Cache::Static) => routecore_cache::Static,
        Some(Cache::Dynamic) => routecore_cache::Dynamic,
        None => routecore_cache::None,
    } }) }
}

/// The revalidate period of a static response: writes the seconds to `*seconds_out` and
/// returns true, or returns false when there is none.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using; `seconds_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_revalidate(
    ctx: *const routecore_context,
    seconds_out: *mut u32,
) -> bool {
    ffi_panic_boundary! {
        if seconds_out.is_null() {
            return false;
        }
        with(ctx, |d| match d.revalidate() {
            Some(s) => {
                // SAFETY: non-NULL and writable (the caller's contract).
                unsafe { *seconds_out = s };
                true
            }
            None => false,
        })
    }
}

/// HEAD is served by the GET handler: run it and send no body.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_head_via_get(ctx: *const routecore_context) -> bool {
    ffi_panic_boundary! { with(ctx, |d| { d.head_via_get() }) }
}

/// How many request header names the decision depended on (for `Vary`).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_vary_count(ctx: *const routecore_context) -> usize {
    ffi_panic_boundary! { with(ctx, |d| { d.vary().len() }) }
}

/// Vary name `i` (lower case), or `{NULL, 0}` past the end.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_vary(
    ctx: *const routecore_context,
    i: usize,
) -> routecore_str {
    ffi_panic_boundary! { with(ctx, |d| { routecore_str::from_opt(d.vary_at(i)) }) }
}

/// No reason: the value of `routecore_context_reason` for a decision that needs none (a route,
/// a redirect, ...) or when the context holds no decision.
pub const ROUTECORE_REASON_NONE: u32 = 0;

/// Why the request got a 400, 404, 405, 414 or 431 (ROUTING.md §6): a stable reason number
/// (1 and up), or `ROUTECORE_REASON_NONE` (0). `routecore_reason_code` and
/// `routecore_reason_text` name it; the packed form carries the same number (header word 13).
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_reason(ctx: *const routecore_context) -> u32 {
    ffi_panic_boundary! { with(ctx, |d| { d.reason().map_or(ROUTECORE_REASON_NONE, |r| r.number()) }) }
}

/// The stable machine-readable code of reason number `reason` (`method_case`,
/// `target_not_origin_form`, ...; the JSON form's `reason.code`), or `{NULL, 0}` for
/// `ROUTECORE_REASON_NONE` and unknown numbers. A static string: valid for the life of the
/// program. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_reason_code(reason: u32) -> routecore_str {
    ffi_panic_boundary! { routecore_str::from_opt(Reason::from_number(reason).map(Reason::code)) }
}

/// A short text for people saying what to change, for reason number `reason` (the JSON form's
/// `reason.text`; it may be reworded between versions, the code may not), or `{NULL, 0}` for
/// `ROUTECORE_REASON_NONE` and unknown numbers. A static string. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_reason_text(reason: u32) -> routecore_str {
    ffi_panic_boundary! { routecore_str::from_opt(Reason::from_number(reason).map(Reason::text)) }
}

/// Writes the decision's JSON form (ROUTING.md §6.1, UTF-8) into the caller's buffer `buf` of
/// `len` bytes, and its length into `*needed`.
///
/// Returns `ROUTECORE_RESULT_OK`; `INSUFFICIENT_SIZE` with the needed size in `*needed` when
/// `len` is too small (pass `buf = NULL, len = 0` to ask; the buffer's contents are then
/// unspecified); `NO_DECISION`; or `NULL_PARAMETER`. Not NUL-terminated, except that a NUL
/// follows the JSON when `len` leaves room for one. Allocation-free. For debugging and tests:
/// the accessors are the fast path.
///
/// # Safety
/// `ctx` is a live context that no other thread is using; `buf` is NULL (with `len` 0) or
/// `len` writable bytes; `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_json(
    ctx: *const routecore_context,
    buf: *mut c_char,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        if ctx.is_null() || needed.is_null() || (buf.is_null() && len > 0) {
            return routecore_result::NullParameter;
        }
        with(ctx, |d| {
            let mut w = BufWriter::new(buf, len);
            if serde_json::to_writer(&mut w, &d).is_err() {
                return routecore_result::Panic;
            }
            // SAFETY: non-NULL and writable (the caller's contract).
            unsafe { *needed = w.total };
            if w.total > len {
                return routecore_result::InsufficientSize;
            }
            if w.total < len {
                // SAFETY: `buf` holds `len > total` writable bytes.
                unsafe { *buf.add(w.total) = 0 };
            }
            routecore_result::Ok
        })
    }
}
