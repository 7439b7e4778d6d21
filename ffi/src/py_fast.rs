//! A packed match with its unchanging arguments in one caller-owned block
//! (`routecore_match_args`, `routecore_match_args_packed`), and a short prefix before the
//! packed decision that lets a reader take the route and params without walking the layout:
//! for bindings where every argument of a foreign call, and every step of reading its result,
//! costs more than the match itself (Python through ctypes, where each argument is converted
//! one by one and each object made costs tens of ns). A request with headers can come as one
//! run of NUL-separated fields (`routecore_match_args_fields_packed`), which such a binding
//! joins in one native step instead of filling a `routecore_request` field by field.

use crate::context::{self, Input, routecore_context, routecore_request};
use crate::decision::{routecore_context_route_pattern, with};
use crate::packed::{
    ROUTECORE_PACKED_FIXED_SLOTS, ROUTECORE_PACKED_HEADER_SIZE, ROUTECORE_PACKED_SINGLE,
    match_then_write, routecore_match_packed, routecore_match_target_packed,
    routecore_shared_match_packed, routecore_shared_match_target_packed,
};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::router::routecore_router;
use crate::shared::routecore_shared;
use engine::Action;
use std::ffi::c_char;

/// Bytes of the prefix that `routecore_match_args_packed` writes before the packed decision
/// (see its LAYOUT).
pub const ROUTECORE_MATCH_ARGS_PREFIX: u32 = 16;

const PREFIX: usize = ROUTECORE_MATCH_ARGS_PREFIX as usize;

/// The arguments of a packed match that stay the same from one match to the next, filled once
/// by the caller and passed by address: the router (or the shared router), the context, the
/// buffer, and the needed size written back.
///
/// Exactly one of `router` and `shared` is non-NULL. The block is read and written by
/// `routecore_match_args_packed`, `routecore_match_args_request_packed`,
/// `routecore_match_args_fields_packed` and `routecore_find_args` during the call only, never
/// kept; it borrows every handle it names. Not thread-safe (it names a context):
/// one thread at a time.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_match_args {
    /// The router to match on, or NULL when `shared` is set.
    pub router: *const routecore_router,
    /// The shared router to match on (the router it holds at the moment of the match), or
    /// NULL when `router` is set.
    pub shared: *const routecore_shared,
    /// The context that receives the decision (as for `routecore_match`).
    pub ctx: *mut routecore_context,
    /// The buffer the prefix and the packed decision are written into: NULL only with `len` 0.
    pub buf: *mut u8,
    /// Bytes in `buf`.
    pub len: usize,
    /// Written by each call that matched: the bytes the prefix and the packed decision take
    /// (`ROUTECORE_MATCH_ARGS_PREFIX` + the packed size). Left alone by a refused call.
    pub needed: usize,
}

/// `routecore_match_target_packed` (or, when `args->router` is NULL,
/// `routecore_shared_match_target_packed`) with the router, context and buffer taken from
/// `args`: the same match, the same results, in a call of five arguments. The packed decision
/// is written after a prefix of `ROUTECORE_MATCH_ARGS_PREFIX` bytes, and `args->needed` gets
/// the size of both.
///
/// `method_len` and `target_len` are `uint32_t`, not `size_t`, so that a binding can pass them
/// as plain C integers (ctypes passes a Python `int` as a C `int` without any declaration);
/// every length over `ROUTECORE_MAX_INPUT_BYTES` (1 MiB) is `ROUTECORE_RESULT_LENGTH_LIMIT`
/// anyway. `NULL_PARAMETER` when `args` is NULL or names neither a router nor a shared router,
/// `INVALID_ARGUMENT` when it names both (then, as for every refused call, `ctx` holds no
/// decision). `INSUFFICIENT_SIZE` when the buffer is too small (`args->needed` is the size;
/// read the decision with `routecore_context_packed`: no second match). Allocation-free once
/// the context is warm; thread-safe with respect to the router.
///
/// LAYOUT of `buf` after `ROUTECORE_RESULT_OK` (little-endian):
/// - bytes 0..8: the route token (`uint64_t`): 0 when no route matched, else a number naming
///   the matched route of the router's table: the same for every decision naming that route
///   while the table lives, different for different routes of one table. It means nothing
///   across tables (a `routecore_shared` may hold another table at its next match): a key for
///   a per-router cache, nothing else;
/// - bytes 8..12 and 12..16: where the params' strings start and end (`uint32_t`, counted from
///   the start of `buf`): each param's name and values (slot order) followed by their NULs, as
///   in the packed string area; both 0 when there are no params;
/// - from byte 16: the packed decision exactly as `routecore_context_packed` writes it (all
///   its offsets count from byte 16).
///
/// # Safety
/// `args` is NULL or readable and writable; its `router` (or `shared`) is a live handle, its
/// `ctx` a live context no other thread is using, its `buf` NULL (with `len` 0) or `len`
/// writable bytes; `method` and `target` are NULL (with length 0) or readable for their
/// lengths during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_match_args_packed(
    args: *mut routecore_match_args,
    method: *const c_char,
    method_len: u32,
    target: *const c_char,
    target_len: u32,
) -> routecore_result {
    ffi_panic_boundary! {
        let (method_len, target_len) = (method_len as usize, target_len as usize);
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe {
            with_args(
                args,
                |(a, buf, len, needed)| routecore_match_target_packed(
                    a.router, a.ctx, method, method_len, target, target_len, buf, len, needed,
                ),
                |(a, buf, len, needed)| routecore_shared_match_target_packed(
                    a.shared, a.ctx, method, method_len, target, target_len, buf, len, needed,
                ),
            )
        }
    }
}

/// `routecore_match_packed` (or, when `args->router` is NULL, `routecore_shared_match_packed`)
/// with the router, context and buffer taken from `args`: for a request with a host or
/// headers, in a call of two arguments. Results and layout as for
/// `routecore_match_args_packed`.
///
/// # Safety
/// `args` as for `routecore_match_args_packed`; `request` is readable and its views are valid
/// for the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_match_args_request_packed(
    args: *mut routecore_match_args,
    request: *const routecore_request,
) -> routecore_result {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe {
            with_args(
                args,
                |(a, buf, len, needed)| routecore_match_packed(a.router, a.ctx, request, buf, len, needed),
                |(a, buf, len, needed)| {
                    routecore_shared_match_packed(a.shared, a.ctx, request, buf, len, needed)
                },
            )
        }
    }
}

/// `routecore_match_args_request_packed` for a request given as one run of NUL-separated
/// fields instead of a `routecore_request`: for a host language that can join its strings in
/// one native step but pays for every struct field it writes (Python joins a header list with
/// one `b"\0".join`). Results and layout as for `routecore_match_args_packed`.
///
/// `fields` holds `count` fields, each followed by one NUL byte except the last: the method,
/// the target, the host (empty for none, as a zero-length `host`), then each header's name
/// and value, so `count` is `3 + 2 * headers`. `count` is the caller's own count of the fields
/// it joined, never derived from the bytes: a field holding a NUL byte then cuts into more
/// pieces than `count` and the call is refused, so no value can smuggle in a header of its
/// own. Such a request (rare: HTTP forbids NUL in a field value, and a target or name holding
/// one gets a 400 decision) is passed with `routecore_match_args_request_packed`.
///
/// `INVALID_ARGUMENT` when `count` is even or under 3, or the NUL bytes do not cut `fields`
/// into exactly `count` pieces; `LENGTH_LIMIT` when a field is over
/// `ROUTECORE_MAX_INPUT_BYTES` or there are over `ROUTECORE_MAX_HEADERS` headers;
/// `NULL_PARAMETER` for a NULL `fields` with a non-zero `fields_len`. Then `args->ctx` holds
/// no decision.
///
/// # Safety
/// `args` as for `routecore_match_args_packed`; `fields` is NULL (with `fields_len` 0) or
/// readable for `fields_len` bytes during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_match_args_fields_packed(
    args: *mut routecore_match_args,
    fields: *const c_char,
    fields_len: u32,
    count: u32,
) -> routecore_result {
    ffi_panic_boundary! {
        let input = Input::Fields { fields, len: fields_len as usize, count: count as usize };
        // SAFETY: the caller's contract, passed on unchanged.
        unsafe {
            with_args(
                args,
                |(a, buf, len, needed)| match_then_write(a.ctx, buf, len, needed, || {
                    context::match_router(a.router, a.ctx, input)
                }),
                |(a, buf, len, needed)| match_then_write(a.ctx, buf, len, needed, || {
                    context::match_shared(a.shared, a.ctx, input)
                }),
            )
        }
    }
}

/// The packed writer's arguments: the block, where the packed form goes (after the prefix),
/// its room, and where its size goes.
type Packed<'a> = (&'a routecore_match_args, *mut u8, usize, *mut usize);

/// Checks `args`, runs `on_router` or `on_shared` with the buffer past the prefix, then
/// writes the prefix and `args->needed`.
///
/// # Safety
/// `args` is NULL or as for `routecore_match_args_packed`.
#[inline(always)]
unsafe fn with_args(
    args: *mut routecore_match_args,
    on_router: impl FnOnce(Packed<'_>) -> routecore_result,
    on_shared: impl FnOnce(Packed<'_>) -> routecore_result,
) -> routecore_result {
    if args.is_null() {
        return routecore_result::NullParameter;
    }
    // SAFETY: non-NULL and readable (the caller's contract); only this thread uses it.
    let a = unsafe { *args };
    if a.buf.is_null() && a.len > 0 {
        // SAFETY: the caller's contract on `ctx` (NULL is ignored).
        unsafe { context::clear(a.ctx) };
        return routecore_result::NullParameter;
    }
    // Past the prefix; a buffer smaller than the prefix is asked for its size as NULL, 0.
    let (buf, len) = if a.len >= PREFIX {
        // SAFETY: `buf` holds `len` >= PREFIX bytes.
        (unsafe { a.buf.add(PREFIX) }, a.len - PREFIX)
    } else {
        (std::ptr::null_mut(), 0)
    };
    let mut packed = 0usize;
    let r = match (a.router.is_null(), a.shared.is_null()) {
        (false, true) => on_router((&a, buf, len, &mut packed)),
        (true, false) => on_shared((&a, buf, len, &mut packed)),
        (both_null, _) => {
            // SAFETY: the caller's contract on `ctx` (NULL is ignored).
            unsafe { context::clear(a.ctx) };
            return if both_null {
                routecore_result::NullParameter
            } else {
                routecore_result::InvalidArgument
            };
        }
    };
    if r == routecore_result::Ok || r == routecore_result::InsufficientSize {
        // SAFETY: writable (the caller's contract); the writer set `packed` with either result.
        unsafe { (*args).needed = packed + PREFIX };
    }
    if r == routecore_result::Ok {
        // SAFETY: `buf` holds PREFIX bytes, then the packed form the writer just wrote; `ctx`
        // holds its decision.
        unsafe { write_prefix(a.buf, a.ctx) };
    }
    r
}

fn u32_at(b: *const u8, at: usize) -> usize {
    let mut w = [0u8; 4];
    // SAFETY: the caller reads inside the packed form it just wrote.
    unsafe { std::ptr::copy_nonoverlapping(b.add(at), w.as_mut_ptr(), 4) };
    u32::from_le_bytes(w) as usize
}

/// The prefix: the route token and the params' span, read back from the packed form at
/// `buf + PREFIX`.
///
/// # Safety
/// `buf` holds PREFIX bytes then a complete packed form; `ctx` is live and holds its decision.
unsafe fn write_prefix(buf: *mut u8, ctx: *mut routecore_context) {
    // SAFETY: the caller's contract; the view's pointer is only compared, never read.
    let token = unsafe { routecore_context_route_pattern(ctx) }.ptr as usize as u64;
    // SAFETY: the packed form follows the prefix.
    let p = unsafe { buf.add(PREFIX) };
    let params = u32_at(p, 28);
    let (mut start, mut end) = (0, 0);
    if params > 0 {
        let shapes = ROUTECORE_PACKED_HEADER_SIZE as usize;
        let slots_at = shapes + 4 * (params + u32_at(p, 32));
        let strings_at = slots_at + 8 * u32_at(p, 48);
        let first = ROUTECORE_PACKED_FIXED_SLOTS as usize;
        let taken: usize = (0..params)
            .map(|i| match u32_at(p, shapes + 4 * i) as u32 {
                ROUTECORE_PACKED_SINGLE => 2,
                n => 1 + n as usize,
            })
            .sum();
        let last = slots_at + 8 * (first + taken - 1);
        start = PREFIX + strings_at + u32_at(p, slots_at + 8 * first);
        // Every param slot is present: the last one's offset and length, then its NUL.
        end = PREFIX + strings_at + u32_at(p, last) + u32_at(p, last + 4) + 1;
    }
    let mut prefix = [0u8; PREFIX];
    prefix[..8].copy_from_slice(&token.to_le_bytes());
    prefix[8..12].copy_from_slice(&(start as u32).to_le_bytes());
    prefix[12..].copy_from_slice(&(end as u32).to_le_bytes());
    // SAFETY: `buf` holds PREFIX bytes.
    unsafe { std::ptr::copy_nonoverlapping(prefix.as_ptr(), buf, PREFIX) };
}

/// Bytes of the header `routecore_find_args` writes before the params' strings.
pub const ROUTECORE_FIND_HEADER_SIZE: u32 = 32;
/// `routecore_find_args` flag: some param is a list (a catch-all): its shape words say how
/// many values each param has.
pub const ROUTECORE_FIND_LISTS: u32 = 1 << 0;
/// `routecore_find_args` flag: some param string itself holds a NUL byte, so splitting the
/// strings at NULs does not cut them (read the decision with `routecore_context_packed`).
pub const ROUTECORE_FIND_NUL: u32 = 1 << 1;

const FIND_HEADER: usize = ROUTECORE_FIND_HEADER_SIZE as usize;

/// Matches like `routecore_match_args_packed`, but writes only what a plain route lookup
/// returns (the route and its params), for hosts that dispatch on the route alone: no packed
/// decision, so less work per call. The decision stays in `args->ctx` as after
/// `routecore_match` (read anything else from there, e.g. with `routecore_context_packed`).
///
/// A decision is *plain* when its action is `route`, it changes no request header, adds no
/// response header and does not serve HEAD through GET: then the route token is non-zero.
/// For every other decision (a redirect, a 404, a route with headers to apply, ...) the
/// token is 0 and nothing else is written: the caller reads the decision from the context.
///
/// LAYOUT of `buf` after `ROUTECORE_RESULT_OK` (little-endian):
/// - bytes 0..8: the route token (`uint64_t`, as in `routecore_match_args_packed`), 0 when
///   the decision is not plain;
/// - bytes 8..16: the route id; 16..20: P, the number of params; 20..24: flags
///   (`ROUTECORE_FIND_LISTS`, `ROUTECORE_FIND_NUL`); 24..28: where the strings end (counted
///   from the start of `buf`); 28..32: 0;
/// - from byte 32: P shape words (`uint32_t`, `ROUTECORE_PACKED_SINGLE` or the number of
///   values of a list), then each param's name and values, each followed by a NUL.
///
/// Results as for `routecore_match_args_packed` (`INSUFFICIENT_SIZE` with the size in
/// `args->needed`; the decision is then in the context). Allocation-free once warm.
///
/// # Safety
/// As for `routecore_match_args_packed`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_find_args(
    args: *mut routecore_match_args,
    method: *const c_char,
    method_len: u32,
    target: *const c_char,
    target_len: u32,
) -> routecore_result {
    ffi_panic_boundary! {
        if args.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: non-NULL and readable (the caller's contract); only this thread uses it.
        let a = unsafe { *args };
        if a.buf.is_null() && a.len > 0 {
            // SAFETY: the caller's contract on `ctx` (NULL is ignored).
            unsafe { context::clear(a.ctx) };
            return routecore_result::NullParameter;
        }
        let input = Input::Target {
            method,
            method_len: method_len as usize,
            target,
            target_len: target_len as usize,
        };
        // SAFETY: the caller's contract, passed on unchanged.
        let r = unsafe {
            match (a.router.is_null(), a.shared.is_null()) {
                (false, true) => context::match_router(a.router, a.ctx, input),
                (true, false) => context::match_shared(a.shared, a.ctx, input),
                (both_null, _) => {
                    context::clear(a.ctx);
                    return if both_null {
                        routecore_result::NullParameter
                    } else {
                        routecore_result::InvalidArgument
                    };
                }
            }
        };
        if r != routecore_result::Ok {
            return r;
        }
        // SAFETY: `args` is writable; `buf` holds `len` bytes; `ctx` holds the decision.
        unsafe { write_found(args, a.buf, a.len, a.ctx) }
    }
}

/// `routecore_find_args`' output for the decision in `ctx`, in one pass over the params
/// (each read once): written while it fits, sized to the end either way.
///
/// # Safety
/// `args` is writable; `buf` is NULL (with `len` 0) or `len` writable bytes; `ctx` is live
/// and holds a decision.
unsafe fn write_found(
    args: *mut routecore_match_args,
    buf: *mut u8,
    len: usize,
    ctx: *mut routecore_context,
) -> routecore_result {
    with(ctx, |d| {
        let route = d.route().filter(|_| {
            d.action() == Action::Route
                && d.request_headers().len() == 0
                && d.response_headers().len() == 0
                && !d.head_via_get()
        });
        let count = if route.is_some() { d.param_count() } else { 0 };
        let room = if buf.is_null() { 0 } else { len };
        // SAFETY: `buf` holds `len` bytes when non-NULL (the caller's contract).
        let out: &mut [u8] = if room == 0 {
            &mut []
        } else {
            unsafe { std::slice::from_raw_parts_mut(buf, room) }
        };
        let mut at = FIND_HEADER + 4 * count;
        let mut flags = 0u32;
        let mut put = |s: &[u8], out: &mut [u8], flags: &mut u32| {
            if let Some(dst) = out.get_mut(at..at + s.len() + 1) {
                dst[..s.len()].copy_from_slice(s);
                dst[s.len()] = 0;
            }
            if s.contains(&0) {
                *flags |= ROUTECORE_FIND_NUL;
            }
            at += s.len() + 1;
        };
        if route.is_some() {
            // Bytes, not `&str`: routecore checked each value's UTF-8 when it decoded it.
            let mut params = d.params();
            let mut i = 0;
            while let Some((name, catch_all, values)) = params.next_segments() {
                put(name.as_bytes(), out, &mut flags);
                for k in 0..values.len() {
                    put(values.get_bytes(k).unwrap_or_default(), out, &mut flags);
                }
                let shape = if catch_all {
                    flags |= ROUTECORE_FIND_LISTS;
                    values.len() as u32
                } else {
                    ROUTECORE_PACKED_SINGLE
                };
                if let Some(dst) = out.get_mut(FIND_HEADER + 4 * i..FIND_HEADER + 4 * i + 4) {
                    dst.copy_from_slice(&shape.to_le_bytes());
                }
                i += 1;
            }
        }
        let total = at;
        if u32::try_from(total).is_err() {
            return routecore_result::LengthLimit;
        }
        // SAFETY: writable (the caller's contract).
        unsafe { (*args).needed = total };
        if total > room {
            return routecore_result::InsufficientSize;
        }
        let (token, id) = route.map_or((0, 0), |r| (r.pattern().as_ptr() as usize as u64, r.id()));
        let mut header = [0u8; FIND_HEADER];
        header[..8].copy_from_slice(&token.to_le_bytes());
        header[8..16].copy_from_slice(&id.to_le_bytes());
        header[16..20].copy_from_slice(&(count as u32).to_le_bytes());
        header[20..24].copy_from_slice(&flags.to_le_bytes());
        header[24..28].copy_from_slice(&(total as u32).to_le_bytes());
        out[..FIND_HEADER].copy_from_slice(&header);
        routecore_result::Ok
    })
}
