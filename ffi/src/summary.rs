//! Every scalar of a decision and the length of each of its lists in one call:
//! `routecore_context_summary` fills a `routecore_summary`, instead of a dozen accessor calls
//! that each find the decision again. A host serving the common case (a route with no query,
//! header changes or `Vary`) needs only this and `routecore_context_params`.

use crate::context::routecore_context;
use crate::decision::{
    ROUTECORE_REASON_NONE, action_number, routecore_action, routecore_cache, with,
};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::router::kind_number;
use crate::str::routecore_str;
use engine::Cache;

/// What `routecore_context_summary` writes: each field is what the accessor named beside it
/// returns for the same decision.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_summary {
    /// The matched route's handler id (`routecore_context_route_id`), 0 when `has_route` is
    /// false.
    pub route_id: u64,
    /// `routecore_context_action`.
    pub action: routecore_action,
    /// `routecore_context_cache`.
    pub cache: routecore_cache,
    /// `routecore_context_route_kind` (`UINT32_MAX` when no route matched).
    pub route_kind: u32,
    /// The revalidate seconds (`routecore_context_revalidate`), 0 when `has_revalidate` is
    /// false.
    pub revalidate: u32,
    /// `routecore_context_reason`.
    pub reason: u32,
    /// `routecore_context_param_count`.
    pub param_count: u32,
    /// `routecore_context_query_count`.
    pub query_count: u32,
    /// `routecore_context_request_header_count`.
    pub request_header_count: u32,
    /// `routecore_context_response_header_count`.
    pub response_header_count: u32,
    /// `routecore_context_vary_count`.
    pub vary_count: u32,
    /// `routecore_context_status`.
    pub status: u16,
    /// Whether a route matched (`routecore_context_route_id` returns true).
    pub has_route: bool,
    /// Whether `revalidate` holds a period (`routecore_context_revalidate` returns true).
    pub has_revalidate: bool,
    /// `routecore_context_middleware`.
    pub middleware: bool,
    /// `routecore_context_head_via_get`.
    pub head_via_get: bool,
    /// `routecore_context_pathname` (a view, valid as the accessor's).
    pub pathname: routecore_str,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes every scalar of the decision and the length of each of its lists into `*out`, as
/// the accessor named beside each field of `routecore_summary` returns it, in one call.
/// Strings, params and list items are read with their accessors (or `routecore_context_params`);
/// a decision with `action` route and zero query, request header, response header and `Vary`
/// counts and no `head_via_get` is served from this and the params alone.
///
/// Returns `ROUTECORE_RESULT_OK`, `NO_DECISION` or `NULL_PARAMETER` (`*out` untouched then).
/// Allocation-free.
///
/// # Safety
/// `ctx` is NULL or a live context that no other thread is using; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_summary(
    ctx: *const routecore_context,
    out: *mut routecore_summary,
) -> routecore_result {
    ffi_panic_boundary! {
        if out.is_null() {
            return routecore_result::NullParameter;
        }
        with(ctx, |d| {
            let route = d.route();
            let revalidate = d.revalidate();
            let summary = routecore_summary {
                route_id: route.as_ref().map_or(0, |r| r.id()),
                action: action_number(d.action()),
                cache: match d.cache() {
                    Some(Cache::Static) => routecore_cache::Static,
                    Some(Cache::Dynamic) => routecore_cache::Dynamic,
                    None => routecore_cache::None,
                },
                route_kind: route.as_ref().map_or(u32::MAX, |r| kind_number(r.kind())),
                revalidate: revalidate.unwrap_or(0),
                reason: d.reason().map_or(ROUTECORE_REASON_NONE, |r| r.number()),
                param_count: count(d.param_count()),
                query_count: count(d.query().len()),
                request_header_count: count(d.request_headers().len()),
                response_header_count: count(d.response_headers().len()),
                vary_count: count(d.vary().len()),
                status: d.status(),
                has_route: route.is_some(),
                has_revalidate: revalidate.is_some(),
                middleware: d.middleware(),
                head_via_get: d.head_via_get(),
                pathname: d.pathname_bytes().map_or(routecore_str::NONE, routecore_str::from_bytes),
            };
            // SAFETY: non-NULL and writable (the caller's contract).
            unsafe { out.write(summary) };
            routecore_result::Ok
        })
    }
}
