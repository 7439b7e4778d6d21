//! # routecore C ABI
//!
//! `libroutecore` (`.so` / `.a`) and `include/routecore.h` expose the routecore engine to C and
//! to every language with a C FFI (Go, Python, ...). This crate only translates: all routing
//! behaviour lives in the `routecore` crate; nothing here parses paths or matches routes.
//!
//! ## Conventions (also at the top of `routecore.h`)
//!
//! - **One prefix.** Every function, type and constant starts with `routecore_` /
//!   `ROUTECORE_`.
//! - **Opaque handles** (`routecore_builder`, `routecore_router`, `routecore_shared`,
//!   `routecore_context`, `routecore_errors`) are made by a `_new`, `_build`, `_load` or
//!   `_from_config` function and released by the matching `_free`. `_free(NULL)` is a no-op.
//!   Freeing a handle twice, or using it after its free, is the one thing the ABI cannot
//!   detect: don't.
//! - **`const` first argument = not mutated** by the call; such calls on thread-safe handles
//!   (routers, shared tables) may run on many threads at once. Each handle type documents its
//!   thread-safety.
//! - **Results.** Fallible functions return a `routecore_result` (`ROUTECORE_RESULT_OK` = 0);
//!   out-parameters come last and are written only on success (the size out-parameter of a
//!   buffer function is also written on `ROUTECORE_RESULT_INSUFFICIENT_SIZE`).
//!   `routecore_result_message` describes any code. Build errors go into a caller-owned
//!   `routecore_errors` object, never into thread-local state.
//! - **Strings in** are `(const char *ptr, size_t len)` pairs: never NUL-terminated, never kept
//!   after the call. NULL with length 0 is empty; NULL with a non-zero length is
//!   `ROUTECORE_RESULT_NULL_PARAMETER`; lengths over the documented bounds are
//!   `ROUTECORE_RESULT_LENGTH_LIMIT` and nothing is read. Request bytes need not be UTF-8 (a bad
//!   request gets a 400 decision); configuration text must be (`ROUTECORE_RESULT_INVALID_UTF8`).
//! - **Strings out** are `routecore_str {ptr, len}` views into routecore's memory: never freed by
//!   the caller, not NUL-terminated, valid as long as the function says (decision views: until
//!   the next match on the same context, or its free). Absent = `{NULL, 0}`.
//! - **Caller buffers** (`routecore_result_message`, `routecore_context_json`,
//!   `routecore_context_packed`, the `routecore_*match*_packed` functions): when too small, the
//!   needed size is returned with `ROUTECORE_RESULT_INSUFFICIENT_SIZE`.
//! - **Panics** never cross the ABI: every entry point catches them and returns
//!   `ROUTECORE_RESULT_PANIC` (or an empty value from accessors).
//! - **Allocation.** `routecore_match` (and its `_packed` forms) and the accessors allocate
//!   nothing once a context has grown to fit the requests it sees.
//! - **Versioning.** `ROUTECORE_ABI_VERSION` changes only on an incompatible change; additions
//!   (functions, result codes, enum values) keep it. Compare it with `routecore_abi_version()`
//!   at startup.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]

// Modules, lowest first: result → str → panic → handle → errors, result_message → router →
// shared → context → decision → packed → params → summary. Each imports only those below it
// (tests/layers.rs checks).
mod handle;
mod panic;
pub mod str;

pub mod context;
pub mod decision;
pub mod errors;
pub mod packed;
pub mod params;
pub mod py_fast;
pub mod result;
pub mod result_message;
pub mod router;
pub mod shared;
pub mod summary;

use crate::panic::ffi_panic_boundary;
use std::ffi::c_char;

/// The ABI version this header describes. Bumped only by an incompatible change; check it
/// against `routecore_abi_version()` (the library's) at startup.
pub const ROUTECORE_ABI_VERSION: u32 = 1;

/// The library's ABI version (`ROUTECORE_ABI_VERSION` of the header it was built with).
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_abi_version() -> u32 {
    ffi_panic_boundary! { ROUTECORE_ABI_VERSION }
}

/// The library version, e.g. `0.1.0`: a static NUL-terminated string, never freed.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_version() -> *const c_char {
    ffi_panic_boundary! { concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast() }
}
