//! Building routers: route by route (`routecore_builder`), from `routecore.json` text, or from
//! a project on disk; and reading the built route table.

use crate::errors::{ErrorList, routecore_errors};
use crate::handle::{
    Castable, OwnershipArc, OwnershipBox, box_mut, free_arc, free_box, to_arc_ptr, to_boxed_ptr,
    try_ref,
};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::str::{self, routecore_str};
use engine::{
    Dynamic, Method, Revalidate, RouteKind, RouteSpec, Router, RouterBuilder, RouterOptions,
};
use std::ffi::c_char;
use std::sync::Arc;

/// Longest single input the ABI reads (1 MiB): each `routecore_request` field and header
/// name or value, and each pattern, file name or base path given to the builder. Longer is
/// `ROUTECORE_RESULT_LENGTH_LIMIT`, and nothing is read. The router's own, smaller limits
/// (an 8 KiB target, 8 KiB header values, 1 KiB patterns by default) give decisions (414,
/// 431) or build errors.
pub const ROUTECORE_MAX_INPUT_BYTES: usize = 1 << 20;
/// Longest `routecore.json` text `routecore_router_from_config` accepts (256 MiB).
pub const ROUTECORE_MAX_CONFIG_BYTES: usize = 256 << 20;
/// Longest project path `routecore_router_load` accepts (64 KiB).
pub const ROUTECORE_MAX_PATH_BYTES: usize = 64 << 10;

/// `DELETE` in a method bitmask.
pub const ROUTECORE_METHOD_DELETE: u32 = 1 << 0;
/// `GET` in a method bitmask.
pub const ROUTECORE_METHOD_GET: u32 = 1 << 1;
/// `HEAD` in a method bitmask.
pub const ROUTECORE_METHOD_HEAD: u32 = 1 << 2;
/// `OPTIONS` in a method bitmask.
pub const ROUTECORE_METHOD_OPTIONS: u32 = 1 << 3;
/// `PATCH` in a method bitmask.
pub const ROUTECORE_METHOD_PATCH: u32 = 1 << 4;
/// `POST` in a method bitmask.
pub const ROUTECORE_METHOD_POST: u32 = 1 << 5;
/// `PUT` in a method bitmask.
pub const ROUTECORE_METHOD_PUT: u32 = 1 << 6;

/// `revalidate` not exported (the default).
pub const ROUTECORE_REVALIDATE_UNSET: i64 = -1;
/// `export const revalidate = false` (cache indefinitely).
pub const ROUTECORE_REVALIDATE_NEVER: i64 = -2;

/// The kind of file that serves a route. Passed as a `uint32_t`; other values are
/// `ROUTECORE_RESULT_INVALID_ARGUMENT`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum routecore_route_kind {
    /// A route handler (`route.ts`): answers the methods in its bitmask.
    Route = 0,
    /// A page (`page.tsx`): answers GET and HEAD.
    Page = 1,
    /// A metadata route (`sitemap.ts`, `icon.png`, ...): answers GET and HEAD.
    Metadata = 2,
}

/// `export const dynamic = '...'` (route segment config). Passed as a `uint32_t`; other values
/// are `ROUTECORE_RESULT_INVALID_ARGUMENT`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum routecore_dynamic {
    /// `'auto'`, or not exported.
    Auto = 0,
    /// `'force-dynamic'`
    ForceDynamic = 1,
    /// `'force-static'`
    ForceStatic = 2,
    /// `'error'`
    Error = 3,
}

/// A mutable collection of routes and options that builds routers.
///
/// Made by `routecore_builder_new`, released by `routecore_builder_free`. Building does not
/// consume it: add more routes and build again. Not thread-safe: one thread at a time.
pub struct routecore_builder {
    _private: [u8; 0],
}

impl Castable for routecore_builder {
    type Ownership = OwnershipBox;
    type RustType = Builder;
}

/// The Rust side of [`routecore_builder`].
#[derive(Debug, Default)]
pub(crate) struct Builder {
    options: RouterOptions,
    routes: Vec<RouteSpec>,
}

/// An immutable route table with its options, shareable across threads.
///
/// Made by `routecore_builder_build`, `routecore_router_from_config`, `routecore_router_load`
/// or `routecore_shared_load`; released by `routecore_router_free` (reference-counted: each of
/// those calls returns a handle of its own, and contexts and shared tables keep their own
/// references, so freeing a handle never invalidates a decision or another handle).
/// Thread-safe: any number of threads may match against one router at once.
pub struct routecore_router {
    _private: [u8; 0],
}

impl Castable for routecore_router {
    type Ownership = OwnershipArc;
    type RustType = Router;
}

/// One route of a built table (see `routecore_router_route`). The views are valid while the
/// router handle they came from (or any other reference to that router) is alive.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_route_info {
    /// The pattern, e.g. `/blog/[slug]`.
    pub pattern: routecore_str,
    /// A `routecore_route_kind` value.
    pub kind: u32,
    /// The implemented methods as a `ROUTECORE_METHOD_*` bitmask (pages and metadata: GET).
    pub methods: u32,
    /// The source file, or `{NULL, 0}`.
    pub file: routecore_str,
    /// The host's handler id.
    pub id: u64,
}

fn method_bit(m: Method) -> u32 {
    match m {
        Method::Delete => ROUTECORE_METHOD_DELETE,
        Method::Get => ROUTECORE_METHOD_GET,
        Method::Head => ROUTECORE_METHOD_HEAD,
        Method::Options => ROUTECORE_METHOD_OPTIONS,
        Method::Patch => ROUTECORE_METHOD_PATCH,
        Method::Post => ROUTECORE_METHOD_POST,
        Method::Put => ROUTECORE_METHOD_PUT,
    }
}

pub(crate) fn kind_number(kind: RouteKind) -> u32 {
    match kind {
        RouteKind::Route => routecore_route_kind::Route as u32,
        RouteKind::Page => routecore_route_kind::Page as u32,
        RouteKind::Metadata => routecore_route_kind::Metadata as u32,
    }
}

/// Empties `errors` (when given) before a build.
///
/// # Safety
/// `errors` is NULL or a live `routecore_errors` used by no other thread.
unsafe fn clear_errors<'a>(errors: *mut routecore_errors) -> Option<&'a mut ErrorList> {
    // SAFETY: the caller's contract.
    let list = unsafe { box_mut(errors) };
    if let Some(l) = list {
        l.messages.clear();
        return Some(l);
    }
    None
}

/// Stores the result of a build: the router in `*out`, or the errors in `errors`.
///
/// # Safety
/// `out` is non-NULL and writable.
unsafe fn finish(
    built: Result<Router, engine::BuildErrors>,
    out: *mut *const routecore_router,
    errors: Option<&mut ErrorList>,
) -> routecore_result {
    match built {
        Ok(router) => {
            // SAFETY: the caller's contract.
            unsafe { *out = to_arc_ptr::<routecore_router>(Arc::new(router)) };
            routecore_result::Ok
        }
        Err(e) => {
            if let Some(list) = errors {
                list.fill(&e);
            }
            routecore_result::BuildFailed
        }
    }
}

/// A new, empty builder with default options. Free it with `routecore_builder_free`.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_builder_new() -> *mut routecore_builder {
    ffi_panic_boundary! { to_boxed_ptr::<routecore_builder>(Builder::default()) }
}

/// Frees a builder. NULL is a no-op. Routers it built are not affected.
///
/// # Safety
/// `builder` is NULL or came from `routecore_builder_new` and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_builder_free(builder: *mut routecore_builder) {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { free_box(builder) }
    }
}

/// Adds a route. The pattern uses Next.js segment syntax (`/api/users/[id]`,
/// `/shop/[...slug]`, `/docs/[[...slug]]`) and is validated when the router is built, where
/// every problem is reported at once.
///
/// - `pattern`, `pattern_len`: UTF-8, not NUL-terminated, at most `ROUTECORE_MAX_INPUT_BYTES`.
/// - `kind`: a `routecore_route_kind`.
/// - `methods`: a bitmask of `ROUTECORE_METHOD_*` for a route handler; ignored for pages and
///   metadata routes (they answer GET and HEAD).
/// - `dynamic`: a `routecore_dynamic`.
/// - `revalidate`: seconds (0..=UINT32_MAX), `ROUTECORE_REVALIDATE_UNSET` or
///   `ROUTECORE_REVALIDATE_NEVER`.
/// - `id`: the host's handler id, returned in every decision for this route.
/// - `file`, `file_len`: the source file, or NULL/0 for none.
///
/// Returns `ROUTECORE_RESULT_OK`; `NULL_PARAMETER`, `LENGTH_LIMIT`, `INVALID_UTF8` or
/// `INVALID_ARGUMENT` leave the builder unchanged. The strings are copied.
///
/// # Safety
/// `builder` is a live builder used by no other thread; each (pointer, length) pair is NULL/0
/// or points at that many readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_builder_add_route(
    builder: *mut routecore_builder,
    pattern: *const c_char,
    pattern_len: usize,
    kind: u32,
    methods: u32,
    dynamic: u32,
    revalidate: i64,
    id: u64,
    file: *const c_char,
    file_len: usize,
) -> routecore_result {
    ffi_panic_boundary! {
        let b = try_ref!(box_mut, builder);
        if pattern.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: the caller's contract on each pair.
        let pattern = match unsafe { str::utf8(pattern, pattern_len, ROUTECORE_MAX_INPUT_BYTES) } {
            Ok(p) => p,
            Err(e) => return e,
        };
        let file = match unsafe { str::utf8(file, file_len, ROUTECORE_MAX_INPUT_BYTES) } {
            Ok(f) if !f.is_empty() => Some(f.to_owned()),
            Ok(_) => None,
            Err(e) => return e,
        };
        let kind = match kind {
            0 => RouteKind::Route,
            1 => RouteKind::Page,
            2 => RouteKind::Metadata,
            _ => return routecore_result::InvalidArgument,
        };
        let dynamic = match dynamic {
            0 => Dynamic::Auto,
            1 => Dynamic::ForceDynamic,
            2 => Dynamic::ForceStatic,
            3 => Dynamic::Error,
            _ => return routecore_result::InvalidArgument,
        };
        let revalidate = match revalidate {
            ROUTECORE_REVALIDATE_UNSET => Revalidate::Unset,
            ROUTECORE_REVALIDATE_NEVER => Revalidate::Never,
            n => match u32::try_from(n) {
                Ok(s) => Revalidate::Seconds(s),
                Err(_) => return routecore_result::InvalidArgument,
            },
        };
        let all = Method::ALL.iter().fold(0, |acc, m| acc | method_bit(*m));
        if methods & !all != 0 {
            return routecore_result::InvalidArgument;
        }
        let methods = if kind == RouteKind::Route {
            Method::ALL
                .iter()
                .filter(|m| methods & method_bit(**m) != 0)
                .map(|m| m.as_str().to_owned())
                .collect()
        } else {
            Vec::new()
        };
        b.routes.push(RouteSpec {
            pattern: pattern.to_owned(),
            kind,
            methods,
            dynamic,
            revalidate,
            id,
            file,
        });
        routecore_result::Ok
    }
}

/// Sets `basePath` (e.g. `/docs`; NULL/0 or empty for none). UTF-8, copied; validated when the
/// router is built.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `(base_path, len)` is NULL/0 or
/// readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_builder_set_base_path(
    builder: *mut routecore_builder,
    base_path: *const c_char,
    len: usize,
) -> routecore_result {
    ffi_panic_boundary! {
        let b = try_ref!(box_mut, builder);
        // SAFETY: the caller's contract.
        match unsafe { str::utf8(base_path, len, ROUTECORE_MAX_INPUT_BYTES) } {
            Ok(s) => {
                b.options.base_path = s.to_owned();
                routecore_result::Ok
            }
            Err(e) => e,
        }
    }
}

/// Sets `trailingSlash` (default false): canonical URLs end with `/`.
///
/// # Safety
/// `builder` is a live builder used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_builder_set_trailing_slash(
    builder: *mut routecore_builder,
    on: bool,
) -> routecore_result {
    ffi_panic_boundary! {
        let b = try_ref!(box_mut, builder);
        b.options.trailing_slash = on;
        routecore_result::Ok
    }
}

/// Sets `skipTrailingSlashRedirect` (default false): never redirect to add or drop a
/// trailing slash.
///
/// # Safety
/// `builder` is a live builder used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_builder_set_skip_trailing_slash_redirect(
    builder: *mut routecore_builder,
    on: bool,
) -> routecore_result {
    ffi_panic_boundary! {
        let b = try_ref!(box_mut, builder);
        b.options.skip_trailing_slash_redirect = on;
        routecore_result::Ok
    }
}

/// Builds a router from the builder's routes and options.
///
/// On success writes a new router handle to `*router_out` (free it with
/// `routecore_router_free`) and returns `ROUTECORE_RESULT_OK`. When the routes do not build,
/// returns `ROUTECORE_RESULT_BUILD_FAILED`, leaves `*router_out` untouched and, if `errors` is
/// not NULL, fills it with every error message. The builder stays usable.
///
/// # Safety
/// `builder` is a live builder used by no other thread; `router_out` is writable; `errors` is
/// NULL or a live `routecore_errors` used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_builder_build(
    builder: *const routecore_builder,
    router_out: *mut *const routecore_router,
    errors: *mut routecore_errors,
) -> routecore_result {
    ffi_panic_boundary! {
        let b = try_ref!(box_ref, builder);
        if router_out.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: the caller's contract.
        let errors = unsafe { clear_errors(errors) };
        let mut rb = RouterBuilder::new().options(b.options.clone());
        for r in &b.routes {
            rb.add(r.clone());
        }
        // SAFETY: `router_out` is non-NULL and writable.
        unsafe { finish(rb.build(), router_out, errors) }
    }
}

/// Builds a router from `routecore.json` text (ROUTING.md §7): `json` is UTF-8, `json_len`
/// bytes, not NUL-terminated, at most `ROUTECORE_MAX_CONFIG_BYTES`.
///
/// Results and ownership as for `routecore_builder_build`; a config error (unknown key, wrong
/// type, invalid JSON) is a build error whose message names the JSON path. Text that is not
/// UTF-8 gives `ROUTECORE_RESULT_INVALID_UTF8`.
///
/// # Safety
/// `(json, json_len)` is readable; `router_out` is writable; `errors` is NULL or a live
/// `routecore_errors` used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_router_from_config(
    json: *const c_char,
    json_len: usize,
    router_out: *mut *const routecore_router,
    errors: *mut routecore_errors,
) -> routecore_result {
    ffi_panic_boundary! {
        // NULL with length 0 is the empty string (the header's rule); it is not valid JSON.
        if (json.is_null() && json_len != 0) || router_out.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: the caller's contract.
        let text = match unsafe { str::utf8(json, json_len, ROUTECORE_MAX_CONFIG_BYTES) } {
            Ok(t) => t,
            Err(e) => return e,
        };
        // SAFETY: the caller's contract.
        let errors = unsafe { clear_errors(errors) };
        let built = engine::parse_config(text).and_then(RouterBuilder::build);
        // SAFETY: `router_out` is non-NULL and writable.
        unsafe { finish(built, router_out, errors) }
    }
}

/// Loads and builds a project: `path` is a Next.js project directory (with `app/` or
/// `src/app/`, plus `middleware.ts` / `proxy.ts` and an optional `routecore.json` whose routes
/// and rules are added), a directory holding only `routecore.json`, or the path of such a file
/// (`path_len` bytes, not NUL-terminated; on Unix any bytes, elsewhere UTF-8).
///
/// Results and ownership as for `routecore_builder_build`; a missing or unreadable project is
/// a build error whose message names the path. Reads the file system; call it off the request
/// path.
///
/// # Safety
/// `(path, path_len)` is readable; `router_out` is writable; `errors` is NULL or a live
/// `routecore_errors` used by no other thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_router_load(
    path: *const c_char,
    path_len: usize,
    router_out: *mut *const routecore_router,
    errors: *mut routecore_errors,
) -> routecore_result {
    ffi_panic_boundary! {
        // NULL with length 0 is the empty path (the header's rule): a build error naming it.
        if (path.is_null() && path_len != 0) || router_out.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: the caller's contract.
        let raw = match unsafe { str::bytes(path, path_len, ROUTECORE_MAX_PATH_BYTES) } {
            Ok(b) => b,
            Err(e) => return e,
        };
        #[cfg(unix)]
        let path = std::path::Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(raw));
        #[cfg(not(unix))]
        let path = match std::str::from_utf8(raw) {
            Ok(s) => std::path::Path::new(s),
            Err(_) => return routecore_result::InvalidUtf8,
        };
        // SAFETY: the caller's contract.
        let errors = unsafe { clear_errors(errors) };
        // SAFETY: `router_out` is non-NULL and writable.
        unsafe { finish(Router::load(path), router_out, errors) }
    }
}

/// Releases a router handle. NULL is a no-op. The router itself is freed when its last
/// reference goes: contexts that matched on it and shared tables holding it keep it alive, so
/// views from those contexts stay valid.
///
/// # Safety
/// `router` is NULL or a router handle not freed yet; after this call the handle must not be
/// used (by any thread).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_router_free(router: *const routecore_router) {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { free_arc(router) }
    }
}

/// How many routes the router has (0 for NULL).
///
/// # Safety
/// `router` is NULL or a live router handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_router_route_count(router: *const routecore_router) -> usize {
    ffi_panic_boundary! {
        let r = try_ref!(arc_ref, router);
        r.routes().len()
    }
}

/// Route `i` of the table in priority order (Next.js `getSortedRoutes`), written to `*out`.
/// Takes O(i) steps: meant for listing and debugging, not for the request path.
///
/// Returns `ROUTECORE_RESULT_OK`, `NULL_PARAMETER`, or `INVALID_ARGUMENT` when `i` is past the
/// end (`*out` untouched).
///
/// # Safety
/// `router` is a live router handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_router_route(
    router: *const routecore_router,
    i: usize,
    out: *mut routecore_route_info,
) -> routecore_result {
    ffi_panic_boundary! {
        let r = try_ref!(arc_ref, router);
        if out.is_null() {
            return routecore_result::NullParameter;
        }
        let Some(info) = r.routes().nth(i) else {
            return routecore_result::InvalidArgument;
        };
        let methods = info.methods.iter().fold(0, |acc, m| acc | method_bit(m));
        // SAFETY: `out` is non-NULL and writable (the caller's contract).
        unsafe {
            *out = routecore_route_info {
                pattern: routecore_str::from_str(info.pattern),
                kind: kind_number(info.kind),
                methods,
                file: routecore_str::from_opt(info.file),
                id: info.id,
            };
        }
        routecore_result::Ok
    }
}
