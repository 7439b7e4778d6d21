//! The decision in one flat binary layout (`routecore_context_packed`): the JSON form's
//! information (ROUTING.md §6.1) without JSON, for bindings where every call and every parsed
//! value is expensive (Python through ctypes); and the match that writes it in the same call
//! (`routecore_match_packed`, `routecore_match_target_packed` and their shared twins).

use crate::context::{self, Input, routecore_context, routecore_request};
use crate::decision::{action_number, with};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::router::routecore_router;
use crate::shared::routecore_shared;
use engine::{Cache, Decision};
use std::ffi::c_char;

/// Version of the `routecore_context_packed` layout: the first `uint32_t` of every packed
/// decision. A change to the layout gets a new number.
pub const ROUTECORE_PACKED_VERSION: u32 = 1;
/// Bytes in the fixed header of a packed decision; the shape words start here.
pub const ROUTECORE_PACKED_HEADER_SIZE: u32 = 64;
/// Slots before the first param slot (pattern, kind, file, pathname, location, allow, body).
pub const ROUTECORE_PACKED_FIXED_SLOTS: u32 = 7;
/// The offset of an absent string's slot (its length is 0). A present empty string has a
/// real offset and length 0.
pub const ROUTECORE_PACKED_ABSENT: u32 = 0xFFFFFFFF;
/// The shape word of a param or query key whose value is one string (not a list).
pub const ROUTECORE_PACKED_SINGLE: u32 = 0xFFFFFFFF;
/// Header flag: a route matched (`route` is not null; route id and route slots are set).
pub const ROUTECORE_PACKED_ROUTE: u32 = 1 << 0;
/// Header flag: middleware ran (`middleware`).
pub const ROUTECORE_PACKED_MIDDLEWARE: u32 = 1 << 1;
/// Header flag: HEAD is served by the GET handler (`head_via_get`).
pub const ROUTECORE_PACKED_HEAD_VIA_GET: u32 = 1 << 2;
/// Header flag: the revalidate field holds a period (`revalidate` is not null).
pub const ROUTECORE_PACKED_REVALIDATE: u32 = 1 << 3;
/// Header flag (a summary of the slot table): the route file slot is present.
pub const ROUTECORE_PACKED_FILE: u32 = 1 << 4;
/// Header flag (a summary of the slot table): the pathname slot is present.
pub const ROUTECORE_PACKED_PATHNAME: u32 = 1 << 5;
/// Header flag (a summary of the slot table): the location slot is present.
pub const ROUTECORE_PACKED_LOCATION: u32 = 1 << 6;
/// Header flag (a summary of the slot table): the allow slot is present.
pub const ROUTECORE_PACKED_ALLOW: u32 = 1 << 7;
/// Header flag (a summary of the slot table): the body slot is present.
pub const ROUTECORE_PACKED_BODY: u32 = 1 << 8;
/// Header flag (a summary of the shapes): some param's shape is a list, not
/// `ROUTECORE_PACKED_SINGLE`.
pub const ROUTECORE_PACKED_PARAM_LISTS: u32 = 1 << 9;
/// Header flag (a summary of the shapes): some query key's shape is a list.
pub const ROUTECORE_PACKED_QUERY_LISTS: u32 = 1 << 10;
/// Header flag (a summary of the slot table): some request header change is a removal (an
/// absent value).
pub const ROUTECORE_PACKED_REMOVALS: u32 = 1 << 11;

const HEADER: usize = ROUTECORE_PACKED_HEADER_SIZE as usize;

/// The seven fixed slots (pattern, kind, file, pathname, location, allow, body), read from
/// the decision once: some reads validate UTF-8, and both passes need them.
type Fixed<'a> = [Option<&'a [u8]>; ROUTECORE_PACKED_FIXED_SLOTS as usize];

fn fixed<'a>(d: &Decision<'a>) -> Fixed<'a> {
    let route = d.route();
    [
        route.map(|r| r.pattern().as_bytes()),
        route.map(|r| r.kind().as_str().as_bytes()),
        route.and_then(|r| r.file()).map(str::as_bytes),
        d.pathname_bytes(),
        d.location().map(str::as_bytes),
        d.allow().map(str::as_bytes),
        d.body(),
    ]
}

/// Counts of one decision's packed form, and the summary flags found while counting.
struct Sizes {
    flags: u32,
    params: usize,
    query: usize,
    request_headers: usize,
    response_headers: usize,
    vary: usize,
    slots: usize,
    bytes: usize,
}

impl Sizes {
    fn of(d: &Decision<'_>, fixed: &Fixed<'_>) -> Sizes {
        let len = |s: Option<&str>| s.map_or(0, str::len);
        let mut z = Sizes {
            flags: 0,
            params: 0,
            query: 0,
            request_headers: 0,
            response_headers: 0,
            vary: 0,
            slots: fixed.len(),
            bytes: fixed.iter().map(|s| s.map_or(0, <[u8]>::len)).sum(),
        };
        let presence = [
            ROUTECORE_PACKED_FILE,
            ROUTECORE_PACKED_PATHNAME,
            ROUTECORE_PACKED_LOCATION,
            ROUTECORE_PACKED_ALLOW,
            ROUTECORE_PACKED_BODY,
        ];
        for (s, flag) in fixed[2..].iter().zip(presence) {
            if s.is_some() {
                z.flags |= flag;
            }
        }
        let mut params = d.params();
        while let Some((name, catch_all, values)) = params.next_segments() {
            z.params += 1;
            z.bytes += name.len();
            if catch_all {
                z.flags |= ROUTECORE_PACKED_PARAM_LISTS;
            }
            z.slots += 1 + values.len();
            z.bytes += (0..values.len())
                .map(|k| values.get_bytes(k).map_or(0, <[u8]>::len))
                .sum::<usize>();
        }
        for e in d.query_entries() {
            if e.is_list() {
                z.flags |= ROUTECORE_PACKED_QUERY_LISTS;
            }
            z.query += 1;
            z.slots += 1;
            z.bytes += e.key().len();
            for v in e.values() {
                z.slots += 1;
                z.bytes += v.len();
            }
        }
        for (k, v) in d.request_headers() {
            if v.is_none() {
                z.flags |= ROUTECORE_PACKED_REMOVALS;
            }
            z.request_headers += 1;
            z.slots += 2;
            z.bytes += k.len() + len(v);
        }
        for (k, v) in d.response_headers() {
            z.response_headers += 1;
            z.slots += 2;
            z.bytes += k.len() + v.len();
        }
        for v in d.vary() {
            z.vary += 1;
            z.slots += 1;
            z.bytes += v.len();
        }
        z.bytes += z.slots; // a NUL after every string
        z
    }

    fn shapes_at(&self) -> usize {
        HEADER
    }
    fn slots_at(&self) -> usize {
        HEADER + 4 * (self.params + self.query)
    }
    fn strings_at(&self) -> usize {
        self.slots_at() + 8 * self.slots
    }
    fn total(&self) -> usize {
        self.strings_at() + self.bytes
    }
}

/// Writes into the caller's buffer, which is known to hold `Sizes::total` bytes.
struct Packer {
    buf: *mut u8,
    shape: usize,
    slot: usize,
    /// Where the string area starts, and where its next string goes.
    strings_at: usize,
    string: usize,
}

impl Packer {
    fn u32_at(&mut self, at: usize, v: u32) {
        // SAFETY: every offset written is below `Sizes::total`, which the buffer holds.
        unsafe { std::ptr::copy_nonoverlapping(v.to_le_bytes().as_ptr(), self.buf.add(at), 4) };
    }
    fn u64_at(&mut self, at: usize, v: u64) {
        // SAFETY: as for `u32_at`.
        unsafe { std::ptr::copy_nonoverlapping(v.to_le_bytes().as_ptr(), self.buf.add(at), 8) };
    }
    fn shape(&mut self, w: u32) {
        self.u32_at(self.shape, w);
        self.shape += 4;
    }
    fn bytes(&mut self, s: Option<&[u8]>) {
        let (off, len) = match s {
            None => (ROUTECORE_PACKED_ABSENT, 0),
            Some(b) => {
                // SAFETY: the string area ends at `Sizes::total`; `Sizes::of` counted `b`.
                unsafe {
                    std::ptr::copy_nonoverlapping(b.as_ptr(), self.buf.add(self.string), b.len())
                };
                let off = (self.string - self.strings_at) as u32;
                self.string += b.len();
                (off, b.len() as u32)
            }
        };
        // SAFETY: `Sizes::of` counted one NUL per slot.
        unsafe { *self.buf.add(self.string) = 0 };
        self.string += 1;
        self.u32_at(self.slot, off);
        self.u32_at(self.slot + 4, len);
        self.slot += 8;
    }
    fn str(&mut self, s: Option<&str>) {
        self.bytes(s.map(str::as_bytes));
    }
}

/// Writes the packed form of `d` into `buf`, which holds `z.total()` bytes. False on an
/// internal inconsistency (a bug: the sizes disagree with what was written).
fn pack(d: &Decision<'_>, fixed: &Fixed<'_>, z: &Sizes, buf: *mut u8) -> bool {
    let mut p = Packer {
        buf,
        shape: z.shapes_at(),
        slot: z.slots_at(),
        strings_at: z.strings_at(),
        string: z.strings_at(),
    };
    let route = d.route();
    let mut flags = z.flags;
    if route.is_some() {
        flags |= ROUTECORE_PACKED_ROUTE;
    }
    if d.middleware() {
        flags |= ROUTECORE_PACKED_MIDDLEWARE;
    }
    if d.head_via_get() {
        flags |= ROUTECORE_PACKED_HEAD_VIA_GET;
    }
    if d.revalidate().is_some() {
        flags |= ROUTECORE_PACKED_REVALIDATE;
    }
    let cache = match d.cache() {
        None => 0,
        Some(Cache::Static) => 1,
        Some(Cache::Dynamic) => 2,
    };
    let header = [
        ROUTECORE_PACKED_VERSION,
        z.total() as u32,
        action_number(d.action()) as u32,
        u32::from(d.status()),
        flags,
        cache,
        d.revalidate().unwrap_or(0),
        z.params as u32,
        z.query as u32,
        z.request_headers as u32,
        z.response_headers as u32,
        z.vary as u32,
        z.slots as u32,
        d.reason().map_or(0, |r| r.number()),
    ];
    for (i, w) in header.into_iter().enumerate() {
        p.u32_at(4 * i, w);
    }
    p.u64_at(56, route.map_or(0, |r| r.id()));

    for s in fixed {
        p.bytes(*s);
    }

    // Bytes, not `&str`: routecore checked each value's UTF-8 when it decoded it.
    let mut params = d.params();
    while let Some((name, catch_all, values)) = params.next_segments() {
        p.str(Some(name));
        p.shape(if catch_all {
            values.len() as u32
        } else {
            ROUTECORE_PACKED_SINGLE
        });
        for k in 0..values.len() {
            p.bytes(values.get_bytes(k));
        }
    }

    // Query shapes: an array in the JSON form (a repeated key, or a list param) is a list.
    for e in d.query_entries() {
        if e.is_list() {
            p.shape(e.values().count() as u32);
        } else {
            p.shape(ROUTECORE_PACKED_SINGLE);
        }
    }
    for e in d.query_entries() {
        p.str(Some(e.key()));
        for v in e.values() {
            p.str(Some(v));
        }
    }

    for (k, v) in d.request_headers() {
        p.str(Some(k));
        p.str(v);
    }
    for (k, v) in d.response_headers() {
        p.str(Some(k));
        p.str(Some(v));
    }
    for v in d.vary() {
        p.str(Some(v));
    }
    p.string == z.total() && p.slot == z.strings_at()
}

/// Writes the decision into the caller's buffer `buf` of `len` bytes in one flat binary
/// layout, and its size into `*needed`: the same information as the JSON form
/// (`routecore_context_json`, ROUTING.md §6.1) without JSON, decodable with fixed offsets.
///
/// Returns `ROUTECORE_RESULT_OK`; `INSUFFICIENT_SIZE` with the needed size in `*needed` when
/// `len` is too small (pass `buf = NULL, len = 0` to ask; the buffer's contents are then
/// unspecified); `LENGTH_LIMIT` if the packed form would exceed 4 GiB; `NO_DECISION`; or
/// `NULL_PARAMETER`. Allocation-free. `buf` needs no alignment.
///
/// LAYOUT. All numbers are little-endian. Byte positions below count from the start of `buf`;
/// string offsets in the slot table count from the start of the string area (part 4).
///
/// 1. Header, 64 bytes: 14 `uint32_t` then one `uint64_t`:
///    - `[0]` layout version, `ROUTECORE_PACKED_VERSION` (1);
///    - `[1]` size: bytes of the whole packed form (= `*needed`);
///    - `[2]` action (`routecore_action`); `[3]` status;
///    - `[4]` flags: `ROUTECORE_PACKED_ROUTE` (a route matched), `_MIDDLEWARE`,
///      `_HEAD_VIA_GET`, `_REVALIDATE` (a revalidate period is present); and summaries of
///      the parts below, so a reader can skip them: `_FILE`, `_PATHNAME`, `_LOCATION`,
///      `_ALLOW`, `_BODY` (that fixed slot is present), `_PARAM_LISTS`, `_QUERY_LISTS` (some
///      shape word of that part is not `ROUTECORE_PACKED_SINGLE`), `_REMOVALS` (some request
///      header value is absent);
///    - `[5]` cache (`routecore_cache`: 0 none, 1 static, 2 dynamic);
///    - `[6]` revalidate seconds (0 unless `ROUTECORE_PACKED_REVALIDATE`);
///    - `[7]` P params; `[8]` Q query keys; `[9]` R request header changes; `[10]` S response
///      headers; `[11]` V vary names; `[12]` N string slots; `[13]` the reason number
///      (`routecore_context_reason`, 0 for none; it was a reserved 0 before, so readers that
///      ignore it still work);
///    - bytes 56..64: the route id (`uint64_t`, 0 unless `ROUTECORE_PACKED_ROUTE`).
/// 2. Shape words at byte 64: P + Q `uint32_t`, one per param then one per query key, in
///    order: `ROUTECORE_PACKED_SINGLE` when the value is one string, else the number of strings
///    in its list (a catch-all param, a repeated query key, a list param in the query).
/// 3. Slot table at byte 64 + 4(P+Q): N slots of two `uint32_t`, (offset, length) of one
///    string, the offset counted from the start of the string area. An absent string has
///    offset `ROUTECORE_PACKED_ABSENT` and length 0; a present empty one has length 0 and an
///    offset of at most the string area's length. Slots, in order:
///    - 7 fixed slots: route pattern, route kind name (`route`, `page`, `metadata`), route file,
///      pathname, location, allow, body (absent when JSON has null; the pattern and kind are
///      absent exactly when no route matched);
///    - each param in pattern order: its name, then 1 value (shape SINGLE) or `shape` values;
///    - each query key in JSON order (first occurrence): the key, then 1 or `shape` values;
///    - each request header change: name, value (an absent value = remove the header);
///    - each response header: name, value;
///    - each vary name.
///
///    So N = 7 + Σ(1 + values) over params and query keys + 2R + 2S + V.
/// 4. The string area at byte 64 + 4(P+Q) + 8N, up to `size`: every slot's string in slot
///    order, each followed by one NUL byte (not counted in its length; an absent string is
///    the NUL alone). A string is at `buf + 64 + 4(P+Q) + 8N + offset`. UTF-8 except the
///    body (exact bytes); strings may themselves contain NUL bytes (trust the lengths).
///
/// # Safety
/// `ctx` is a live context that no other thread is using; `buf` is NULL (with `len` 0) or
/// `len` writable bytes; `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_packed(
    ctx: *const routecore_context,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        if ctx.is_null() || needed.is_null() || (buf.is_null() && len > 0) {
            return routecore_result::NullParameter;
        }
        // SAFETY: the caller's contract.
        unsafe { write(ctx, buf, len, needed) }
    }
}

/// `routecore_context_packed`'s body once its arguments are checked (`needed` non-NULL, `buf`
/// NULL only with `len` 0).
///
/// # Safety
/// As for `routecore_context_packed`.
unsafe fn write(
    ctx: *const routecore_context,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    with(ctx, |d| {
        let fixed = fixed(&d);
        let z = Sizes::of(&d, &fixed);
        let total = z.total();
        if u32::try_from(total).is_err() {
            return routecore_result::LengthLimit;
        }
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { *needed = total };
        if total > len || buf.is_null() {
            return routecore_result::InsufficientSize;
        }
        if !pack(&d, &fixed, &z, buf) {
            return routecore_result::Panic;
        }
        routecore_result::Ok
    })
}

/// A match, then its decision written as `routecore_context_packed` writes it.
///
/// # Safety
/// `matcher`'s contract, and `buf`/`needed` as for `routecore_context_packed`.
pub(crate) unsafe fn match_then_write(
    ctx: *mut routecore_context,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
    matcher: impl FnOnce() -> routecore_result,
) -> routecore_result {
    if needed.is_null() || (buf.is_null() && len > 0) {
        // SAFETY: the caller's contract on `ctx`.
        unsafe { context::clear(ctx) };
        return routecore_result::NullParameter;
    }
    let r = matcher();
    if r != routecore_result::Ok {
        return r;
    }
    // SAFETY: `needed` is non-NULL; the caller's contract on `buf`; `ctx` is live (the match
    // succeeded on it).
    unsafe { write(ctx, buf, len, needed) }
}

/// Matches `request` on `router` (exactly as `routecore_match`) and writes the decision into
/// `buf` (exactly as `routecore_context_packed`), in one call: for bindings where each foreign
/// call costs more than the match itself (Python through ctypes).
///
/// The match's result comes first: `NULL_PARAMETER` (a NULL handle, request or `needed`, a
/// NULL `buf` with a non-zero `len`, or a NULL view with a non-zero length) or
/// `LENGTH_LIMIT` (a view or the header count over the ABI bounds); then `ctx` holds no
/// decision. Once the match succeeded, `ctx` holds its decision whatever the packing gives:
/// `ROUTECORE_RESULT_OK`, or `INSUFFICIENT_SIZE` with the needed size in `*needed` (read it
/// with `routecore_context_packed` and a larger buffer: no second match), or `LENGTH_LIMIT`
/// if the packed form would exceed 4 GiB. The previous decision and its views are gone either
/// way. Allocation-free once `ctx` is warm; thread-safe with respect to `router`.
///
/// # Safety
/// `router` is a live router handle; `ctx` is a live context no other thread is using;
/// `request` is readable and its views are valid for the call; `buf` is NULL (with `len` 0)
/// or `len` writable bytes; `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_match_packed(
    router: *const routecore_router,
    ctx: *mut routecore_context,
    request: *const routecore_request,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe {
            match_then_write(ctx, buf, len, needed, || {
                context::match_router(router, ctx, Input::Request(request))
            })
        }
    }
}

/// `routecore_match_packed` on the router `shared` holds at this moment (as
/// `routecore_shared_match`); results as for `routecore_match_packed`. Allocation-free once
/// warm; thread-safe with respect to `shared`.
///
/// # Safety
/// `shared` is a live shared handle; `ctx` is a live context no other thread is using;
/// `request` is readable and its views are valid for the call; `buf` is NULL (with `len` 0)
/// or `len` writable bytes; `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_match_packed(
    shared: *const routecore_shared,
    ctx: *mut routecore_context,
    request: *const routecore_request,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe {
            match_then_write(ctx, buf, len, needed, || {
                context::match_shared(shared, ctx, Input::Request(request))
            })
        }
    }
}

/// `routecore_match_packed` for a request given as its method and target alone (no host, no
/// headers), as flat arguments: no `routecore_request` to build. The same checks, results,
/// and guarantees: a NULL view with a non-zero length is `NULL_PARAMETER`, a length over
/// `ROUTECORE_MAX_INPUT_BYTES` is `LENGTH_LIMIT`; any bytes are a request (a malformed one gets
/// a 400 decision).
///
/// # Safety
/// `router` is a live router handle; `ctx` is a live context no other thread is using;
/// `method` and `target` are NULL (with length 0) or readable for their lengths during the
/// call; `buf` is NULL (with `len` 0) or `len` writable bytes; `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_match_target_packed(
    router: *const routecore_router,
    ctx: *mut routecore_context,
    method: *const c_char,
    method_len: usize,
    target: *const c_char,
    target_len: usize,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        let input = Input::Target { method, method_len, target, target_len };
        // SAFETY: the caller's contract.
        unsafe {
            match_then_write(ctx, buf, len, needed, || context::match_router(router, ctx, input))
        }
    }
}

/// `routecore_match_target_packed` on the router `shared` holds at this moment (as
/// `routecore_shared_match`); results as for `routecore_match_packed`.
///
/// # Safety
/// `shared` is a live shared handle; `ctx` is a live context no other thread is using;
/// `method` and `target` are NULL (with length 0) or readable for their lengths during the
/// call; `buf` is NULL (with `len` 0) or `len` writable bytes; `needed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_match_target_packed(
    shared: *const routecore_shared,
    ctx: *mut routecore_context,
    method: *const c_char,
    method_len: usize,
    target: *const c_char,
    target_len: usize,
    buf: *mut u8,
    len: usize,
    needed: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        let input = Input::Target { method, method_len, target, target_len };
        // SAFETY: the caller's contract.
        unsafe {
            match_then_write(ctx, buf, len, needed, || context::match_shared(shared, ctx, input))
        }
    }
}
