//! `routecore_shared`: a router slot that can be swapped atomically while other threads match.

use crate::handle::{
    Castable, OwnershipBox, arc_clone, free_box, to_arc_ptr, to_boxed_ptr, try_ref,
};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::router::routecore_router;
use arc_swap::ArcSwap;
use engine::Router;

/// A hot-swappable router: matches through it use whichever router it holds at the moment the
/// match starts.
///
/// Made by `routecore_shared_new`, released by `routecore_shared_free`. Thread-safe: any number
/// of threads may call `routecore_shared_match` while another calls `routecore_shared_swap`.
/// A match that started on the old router finishes on it, and its context keeps that router
/// alive until the context's next match or free; the old router is freed when its last user is
/// done. Swapping never blocks matching.
pub struct routecore_shared {
    _private: [u8; 0],
}

impl Castable for routecore_shared {
    type Ownership = OwnershipBox;
    type RustType = ArcSwap<Router>;
}

/// A new shared slot holding `router` (the slot takes a reference of its own: the caller still
/// owns and frees its `router` handle). Writes the handle to `*shared_out`.
///
/// # Safety
/// `router` is a live router handle; `shared_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_new(
    router: *const routecore_router,
    shared_out: *mut *mut routecore_shared,
) -> routecore_result {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        let Some(router) = (unsafe { arc_clone(router) }) else {
            return routecore_result::NullParameter;
        };
        if shared_out.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { *shared_out = to_boxed_ptr::<routecore_shared>(ArcSwap::new(router)) };
        routecore_result::Ok
    }
}

/// Atomically replaces the router the slot holds with `router` (the slot takes a reference of
/// its own; the caller still frees its handle). Matches already running finish on the old
/// router; later ones use the new one. May be called from any thread, concurrently with
/// matches and other swaps.
///
/// # Safety
/// `shared` is a live shared handle; `router` is a live router handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_swap(
    shared: *mut routecore_shared,
    router: *const routecore_router,
) -> routecore_result {
    ffi_panic_boundary! {
        let slot = try_ref!(box_ref, shared as *const routecore_shared);
        // SAFETY: the caller's contract.
        let Some(router) = (unsafe { arc_clone(router) }) else {
            return routecore_result::NullParameter;
        };
        slot.store(router);
        routecore_result::Ok
    }
}

/// A new router handle for the router the slot holds right now (free it with
/// `routecore_router_free`). Thread-safe.
///
/// # Safety
/// `shared` is a live shared handle; `router_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_load(
    shared: *const routecore_shared,
    router_out: *mut *const routecore_router,
) -> routecore_result {
    ffi_panic_boundary! {
        let slot = try_ref!(box_ref, shared);
        if router_out.is_null() {
            return routecore_result::NullParameter;
        }
        // SAFETY: non-NULL and writable (the caller's contract).
        unsafe { *router_out = to_arc_ptr::<routecore_router>(slot.load_full()) };
        routecore_result::Ok
    }
}

/// Frees the slot and its reference to the router it holds. NULL is a no-op. Contexts that
/// matched through it keep their router alive.
///
/// # Safety
/// `shared` is NULL or a live shared handle that no other thread is using or will use.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_shared_free(shared: *mut routecore_shared) {
    ffi_panic_boundary! {
        // SAFETY: the caller's contract.
        unsafe { free_box(shared) }
    }
}
