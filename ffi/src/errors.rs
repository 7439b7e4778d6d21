//! `routecore_errors`: every build error of one failed build, as messages.

use crate::handle::{Castable, OwnershipBox, free_box, to_boxed_ptr, try_ref};
use crate::panic::ffi_panic_boundary;
use crate::str::routecore_str;

/// The error messages of the last failed build it was passed to.
///
/// Made by `routecore_errors_new`, released by `routecore_errors_free`. Pass it to
/// `routecore_router_from_config`, `routecore_router_load` or `routecore_builder_build`:
/// each call first empties it, then, when the build fails, fills it with every error found
/// (each message names the offending patterns, files or JSON path). Reusable. Not
/// thread-safe: one thread at a time (it may move between threads).
pub struct routecore_errors {
    _private: [u8; 0],
}

/// The Rust side of [`routecore_errors`].
#[derive(Debug, Default)]
pub(crate) struct ErrorList {
    pub(crate) messages: Vec<String>,
}

impl Castable for routecore_errors {
    type Ownership = OwnershipBox;
    type RustType = ErrorList;
}

impl ErrorList {
    /// Replaces the list with `errors`.
    pub(crate) fn fill(&mut self, errors: &engine::BuildErrors) {
        self.messages.clear();
        self.messages
            .extend(errors.errors().iter().map(|e| e.message().to_owned()));
    }
}

/// A new, empty error list. Never NULL except on allocation failure (which aborts) or a
/// caught panic. Free it with `routecore_errors_free`.
#[unsafe(no_mangle)]
pub extern "C" fn routecore_errors_new() -> *mut routecore_errors {
    ffi_panic_boundary! { to_boxed_ptr::<routecore_errors>(ErrorList::default()) }
}

/// Frees an error list and every message view taken from it. NULL is a no-op.
///
/// # Safety
/// `errors` is NULL or came from `routecore_errors_new` and was not freed yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_errors_free(errors: *mut routecore_errors) {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { free_box(errors) }
    }
}

/// How many errors the list holds (0 for NULL, or after a successful build).
///
/// # Safety
/// `errors` is NULL or a live `routecore_errors`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_errors_count(errors: *const routecore_errors) -> usize {
    ffi_panic_boundary! {
        let list = try_ref!(box_ref, errors);
        list.messages.len()
    }
}

/// Error message `i` (0-based) as a UTF-8 view, or `{NULL, 0}` when `i` is past the end or
/// `errors` is NULL. The view is valid until the list is next passed to a build function or
/// freed.
///
/// # Safety
/// `errors` is NULL or a live `routecore_errors`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_errors_message(
    errors: *const routecore_errors,
    i: usize,
) -> routecore_str {
    ffi_panic_boundary! {
        let list = try_ref!(box_ref, errors);
        routecore_str::from_opt(list.messages.get(i).map(String::as_str))
    }
}
