//! Opaque handles: how a C pointer maps to the Rust value behind it.
//!
//! A handle type (`routecore_router`, ...) is a zero-sized opaque struct; C only ever holds a
//! pointer to it. [`Castable`] says what that pointer really is: a `Box<T>` (one owner,
//! mutable: builders, contexts, error lists, shared tables) or an `Arc<T>` (read-only,
//! shareable across threads: routers). NULL is checked everywhere and becomes
//! `ROUTECORE_RESULT_NULL_PARAMETER` (or an empty value, for accessors).

use std::sync::Arc;

/// Box-owned handle marker.
pub(crate) struct OwnershipBox;
/// Arc-owned handle marker.
pub(crate) struct OwnershipArc;

/// Ties an opaque C type to the Rust type it stands for and how it is owned.
pub(crate) trait Castable {
    /// [`OwnershipBox`] or [`OwnershipArc`].
    type Ownership;
    /// The Rust value behind the pointer.
    type RustType;
}

/// Moves `value` into a new Box-owned handle.
pub(crate) fn to_boxed_ptr<C: Castable<Ownership = OwnershipBox>>(value: C::RustType) -> *mut C {
    Box::into_raw(Box::new(value)).cast()
}

/// Borrows a Box-owned handle, or `None` for NULL.
///
/// # Safety
/// Unless NULL, `ptr` came from [`to_boxed_ptr`] for this `C` and was not freed.
pub(crate) unsafe fn box_ref<'a, C: Castable<Ownership = OwnershipBox>>(
    ptr: *const C,
) -> Option<&'a C::RustType> {
    // SAFETY: the caller's contract.
    unsafe { ptr.cast::<C::RustType>().as_ref() }
}

/// Mutably borrows a Box-owned handle, or `None` for NULL.
///
/// # Safety
/// As for [`box_ref`], and no other reference to the value is live (one thread at a time).
pub(crate) unsafe fn box_mut<'a, C: Castable<Ownership = OwnershipBox>>(
    ptr: *mut C,
) -> Option<&'a mut C::RustType> {
    // SAFETY: the caller's contract.
    unsafe { ptr.cast::<C::RustType>().as_mut() }
}

/// Frees a Box-owned handle; NULL is a no-op.
///
/// # Safety
/// Unless NULL, `ptr` came from [`to_boxed_ptr`] for this `C` and was not freed yet.
pub(crate) unsafe fn free_box<C: Castable<Ownership = OwnershipBox>>(ptr: *mut C) {
    if !ptr.is_null() {
        // SAFETY: the caller's contract.
        drop(unsafe { Box::from_raw(ptr.cast::<C::RustType>()) });
    }
}

/// Turns an `Arc` into an Arc-owned handle (the handle owns one strong count).
pub(crate) fn to_arc_ptr<C: Castable<Ownership = OwnershipArc>>(
    value: Arc<C::RustType>,
) -> *const C {
    Arc::into_raw(value).cast()
}

/// Borrows an Arc-owned handle, or `None` for NULL.
///
/// # Safety
/// Unless NULL, `ptr` came from [`to_arc_ptr`] for this `C` and was not freed.
pub(crate) unsafe fn arc_ref<'a, C: Castable<Ownership = OwnershipArc>>(
    ptr: *const C,
) -> Option<&'a C::RustType> {
    // SAFETY: the caller's contract; the handle's strong count keeps the value alive.
    unsafe { ptr.cast::<C::RustType>().as_ref() }
}

/// A new strong reference to an Arc-owned handle's value (no allocation), or `None` for NULL.
///
/// # Safety
/// As for [`arc_ref`].
pub(crate) unsafe fn arc_clone<C: Castable<Ownership = OwnershipArc>>(
    ptr: *const C,
) -> Option<Arc<C::RustType>> {
    if ptr.is_null() {
        return None;
    }
    let ptr = ptr.cast::<C::RustType>();
    // SAFETY: `ptr` came from `Arc::into_raw` and its count is at least one (the handle's).
    unsafe {
        Arc::increment_strong_count(ptr);
        Some(Arc::from_raw(ptr))
    }
}

/// Releases an Arc-owned handle's strong count; NULL is a no-op.
///
/// # Safety
/// Unless NULL, `ptr` came from [`to_arc_ptr`] for this `C` and this handle was not freed yet.
pub(crate) unsafe fn free_arc<C: Castable<Ownership = OwnershipArc>>(ptr: *const C) {
    if !ptr.is_null() {
        // SAFETY: the caller's contract.
        drop(unsafe { Arc::from_raw(ptr.cast::<C::RustType>()) });
    }
}

/// Borrows a handle argument or returns the NULL-parameter value of the function's return
/// type (`ROUTECORE_RESULT_NULL_PARAMETER`, or an empty value for accessors).
macro_rules! try_ref {
    ($getter:ident, $ptr:expr) => {
        // SAFETY: the handle contract every entry point documents.
        match unsafe { $crate::handle::$getter($ptr) } {
            Some(v) => v,
            None => return $crate::panic::PanicOrDefault::null_parameter(),
        }
    };
}

pub(crate) use try_ref;
