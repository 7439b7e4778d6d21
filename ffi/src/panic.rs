//! The panic boundary: no Rust panic ever unwinds into the caller.
//!
//! Every `extern "C"` function body runs inside [`ffi_panic_boundary!`]. A caught panic turns
//! into [`PanicOrDefault::value`] for the function's return type: the
//! [`routecore_result::Panic`](crate::result::routecore_result::Panic) code for functions that
//! return a result, and an empty value (NULL pointer, empty view, `false`, `0`) for accessors.

use crate::result::routecore_result;
use crate::str::{routecore_pair, routecore_str};
use std::ffi::c_char;

/// What a function returns when its body panicked (and when its handle argument is NULL).
pub(crate) trait PanicOrDefault {
    /// The value for a caught panic.
    fn value() -> Self;
    /// The value for a NULL handle argument.
    fn null_parameter() -> Self
    where
        Self: Sized,
    {
        Self::value()
    }
    /// The value for a context that holds no decision.
    fn no_decision() -> Self
    where
        Self: Sized,
    {
        Self::value()
    }
}

impl PanicOrDefault for routecore_result {
    fn value() -> Self {
        routecore_result::Panic
    }
    fn null_parameter() -> Self {
        routecore_result::NullParameter
    }
    fn no_decision() -> Self {
        routecore_result::NoDecision
    }
}

impl PanicOrDefault for routecore_str {
    fn value() -> Self {
        routecore_str::NONE
    }
}

impl PanicOrDefault for routecore_pair {
    fn value() -> Self {
        routecore_pair::NONE
    }
}

impl PanicOrDefault for bool {
    fn value() -> Self {
        false
    }
}

impl PanicOrDefault for usize {
    fn value() -> Self {
        0
    }
}

impl PanicOrDefault for u16 {
    fn value() -> Self {
        0
    }
}

impl PanicOrDefault for u32 {
    fn value() -> Self {
        0
    }
}

impl PanicOrDefault for () {
    fn value() -> Self {}
}

impl PanicOrDefault for *const c_char {
    fn value() -> Self {
        std::ptr::null()
    }
}

impl<T> PanicOrDefault for *mut T {
    fn value() -> Self {
        std::ptr::null_mut()
    }
}

/// Runs the body, turning a panic into the return type's [`PanicOrDefault::value`].
///
/// The body may `return` early; it is a closure, so `return` leaves the body, not the caller
/// of the macro, which is what every `extern "C"` function wants.
macro_rules! ffi_panic_boundary {
    ( $($tt:tt)* ) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| { $($tt)* })) {
            Ok(ret) => ret,
            Err(_) => return $crate::panic::PanicOrDefault::value(),
        }
    };
}

pub(crate) use ffi_panic_boundary;

#[cfg(test)]
mod tests {
    use super::*;

    fn panics() -> routecore_result {
        ffi_panic_boundary! {
            if std::hint::black_box(true) {
                panic!("a bug");
            }
            routecore_result::Ok
        }
    }

    fn panics_in_accessor() -> routecore_str {
        ffi_panic_boundary! {
            let v: Vec<u8> = Vec::new();
            let _ = v[std::hint::black_box(3)];
            routecore_str::NONE
        }
    }

    #[test]
    fn a_caught_panic_is_its_own_result_code() {
        assert_eq!(panics(), routecore_result::Panic);
        let s = panics_in_accessor();
        assert!(s.ptr.is_null());
        assert_eq!(s.len, 0);
    }
}
