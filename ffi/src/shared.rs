//! `routecore_shared`: a router slot that can be swapped atomically while other threads match.

use crate::handle::{
    Castable, OwnershipBox, arc_clone, free_box, to_arc_ptr, to_boxed_ptr, try_ref,
};
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::router::routecore_router;
use engine::Router;
use std::sync::{Arc, PoisonError, RwLock};

/// A hot-swappable router: matches through it use whichever router it holds at the moment the
/// match starts.
///
/// Made by `routecore_shared_new`, released by `routecore_shared_free`. Thread-safe: any number
/// of threads may call `routecore_shared_match` while another calls `routecore_shared_swap`.
/// A match that started on the old router finishes on it, and its context keeps that router
/// alive until the context's next match or free; the old router is freed when its last user is
/// done. A swap holds the slot's lock only to exchange two pointers (the old router is freed
/// after), so matching waits at most for that.
pub struct routecore_shared {
    _private: [u8; 0],
}

impl Castable for routecore_shared {
    type Ownership = OwnershipBox;
    type RustType = Slot;
}

/// The router a shared handle holds. A plain `RwLock` around an `Arc`, not a lock-free
/// structure: every critical section is one pointer read or exchange, so readers never wait
/// long, and the whole mechanism is std code with nothing subtle to get wrong under address
/// reuse. (`arc-swap` was used before; a Go stress run crashed inside its debt repayment on a
/// corrupted slot, and that crate's recent releases fixed use-after-free bugs of this kind.)
pub(crate) struct Slot(RwLock<Arc<Router>>);

impl Slot {
    fn new(router: Arc<Router>) -> Slot {
        Slot(RwLock::new(router))
    }

    /// The router held now (a new reference).
    pub(crate) fn load(&self) -> Arc<Router> {
        Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// The router held now, reusing `previous` (a context's reference from its last match)
    /// when the slot still holds that router: the usual case costs no reference-count update.
    pub(crate) fn load_reusing(&self, previous: Option<Arc<Router>>) -> Arc<Router> {
        let held = self.0.read().unwrap_or_else(PoisonError::into_inner);
        match previous {
            Some(p) if Arc::ptr_eq(&p, &held) => p,
            stale => {
                let current = Arc::clone(&held);
                // A swapped-out router may be freed with its last reference: not under the lock.
                drop(held);
                drop(stale);
                current
            }
        }
    }

    /// Puts `router` in; the router it replaces is dropped after the lock is released.
    fn store(&self, router: Arc<Router>) {
        let old = {
            let mut held = self.0.write().unwrap_or_else(PoisonError::into_inner);
            std::mem::replace(&mut *held, router)
        };
        drop(old);
    }
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
        unsafe { *shared_out = to_boxed_ptr::<routecore_shared>(Slot::new(router)) };
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
        unsafe { *router_out = to_arc_ptr::<routecore_router>(slot.load()) };
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

#[cfg(test)]
mod tests {
    use super::Slot;
    use engine::{RouteSpec, Router};
    use std::sync::Arc;

    fn router(pattern: &str) -> Arc<Router> {
        Arc::new(
            Router::builder()
                .route(RouteSpec::page(pattern))
                .build()
                .unwrap(),
        )
    }

    #[test]
    fn a_context_keeps_its_reference_while_the_slot_is_unchanged() {
        let a = router("/a");
        let slot = Slot::new(Arc::clone(&a));
        let first = slot.load_reusing(None);
        assert!(Arc::ptr_eq(&first, &a));
        assert_eq!(Arc::strong_count(&a), 3); // a, the slot, first
        let again = slot.load_reusing(Some(first));
        assert!(Arc::ptr_eq(&again, &a));
        assert_eq!(Arc::strong_count(&a), 3, "reused, not cloned");

        // After a swap the stale reference is released and the new router returned.
        let b = router("/b");
        slot.store(Arc::clone(&b));
        assert_eq!(Arc::strong_count(&a), 2); // a, again
        let now = slot.load_reusing(Some(again));
        assert!(Arc::ptr_eq(&now, &b));
        assert_eq!(Arc::strong_count(&a), 1, "the stale reference is dropped");
        assert_eq!(Arc::strong_count(&b), 3); // b, the slot, now
        assert!(Arc::ptr_eq(&slot.load(), &b));
    }

    #[test]
    fn matches_and_swaps_from_many_threads() {
        let tables = [router("/a"), router("/b")];
        let slot = Slot::new(Arc::clone(&tables[0]));
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    let mut held = None;
                    for _ in 0..20_000 {
                        let r = slot.load_reusing(held.take());
                        assert!(tables.iter().any(|t| Arc::ptr_eq(t, &r)));
                        held = Some(r);
                    }
                });
            }
            s.spawn(|| {
                for i in 0..20_000 {
                    slot.store(Arc::clone(&tables[i % 2]));
                }
            });
        });
        drop(slot);
        for t in &tables {
            assert_eq!(Arc::strong_count(t), 1, "no reference leaked or lost");
        }
    }
}
