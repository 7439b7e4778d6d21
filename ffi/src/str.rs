//! Strings across the ABI: borrowed `(pointer, length)` views out, `(pointer, length)` bytes in.

use crate::result::routecore_result;
use std::ffi::c_char;

/// A borrowed view of bytes owned by routecore: `len` bytes at `ptr`, **not** NUL-terminated.
///
/// Ownership: never free `ptr`. Lifetime: stated by the function that returned the view
/// (for decision accessors, until the next `routecore_match`/`routecore_shared_match` on the
/// same context or its `routecore_context_free`). An absent value is `{NULL, 0}`; a present
/// empty value has a non-NULL `ptr` and `len == 0`. The bytes are UTF-8 unless a function says
/// otherwise (`routecore_context_body`). Print it with `printf("%.*s", (int)s.len, s.ptr)`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_str {
    /// The first byte, or NULL when the value is absent.
    pub ptr: *const c_char,
    /// The number of bytes.
    pub len: usize,
}

/// A (name, value) pair of views, e.g. one header or one query pair. Same lifetime rules as
/// [`routecore_str`]; an absent pair has both views `{NULL, 0}`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_pair {
    /// The name (header name, query key).
    pub name: routecore_str,
    /// The value.
    pub value: routecore_str,
}

impl routecore_str {
    /// The absent value.
    pub(crate) const NONE: routecore_str = routecore_str {
        ptr: std::ptr::null(),
        len: 0,
    };

    /// A view of `s`. Empty strings point at a static empty string, never at a dangling
    /// pointer, so C code may pass `ptr` to `memcpy` and friends.
    pub(crate) fn from_bytes(s: &[u8]) -> routecore_str {
        if s.is_empty() {
            return routecore_str {
                ptr: c"".as_ptr(),
                len: 0,
            };
        }
        routecore_str {
            ptr: s.as_ptr().cast(),
            len: s.len(),
        }
    }

    /// A view of `s`.
    pub(crate) fn from_str(s: &str) -> routecore_str {
        Self::from_bytes(s.as_bytes())
    }

    /// A view of `s`, or the absent value.
    pub(crate) fn from_opt(s: Option<&str>) -> routecore_str {
        s.map_or(Self::NONE, Self::from_str)
    }
}

impl routecore_pair {
    /// The absent pair.
    pub(crate) const NONE: routecore_pair = routecore_pair {
        name: routecore_str::NONE,
        value: routecore_str::NONE,
    };

    /// A pair of views.
    pub(crate) fn new(name: &str, value: &str) -> routecore_pair {
        routecore_pair {
            name: routecore_str::from_str(name),
            value: routecore_str::from_str(value),
        }
    }
}

/// Borrows `len` bytes at `ptr` from the caller.
///
/// NULL with `len == 0` is the empty slice; NULL with `len > 0` is
/// [`routecore_result::NullParameter`]; `len > max` is [`routecore_result::LengthLimit`]
/// (checked before anything is read).
///
/// # Safety
/// Unless NULL, `ptr` must point at `len` readable bytes that stay unchanged for `'a`.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const c_char,
    len: usize,
    max: usize,
) -> Result<&'a [u8], routecore_result> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(routecore_result::NullParameter)
        };
    }
    if len > max {
        return Err(routecore_result::LengthLimit);
    }
    if len == 0 {
        return Ok(&[]);
    }
    // SAFETY: non-NULL, `len` readable bytes (the caller's contract), and `len <= max`
    // keeps it far below `isize::MAX`.
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Like [`bytes`], then checks UTF-8 ([`routecore_result::InvalidUtf8`]).
///
/// # Safety
/// As for [`bytes`].
pub(crate) unsafe fn utf8<'a>(
    ptr: *const c_char,
    len: usize,
    max: usize,
) -> Result<&'a str, routecore_result> {
    let b = unsafe { bytes(ptr, len, max) }?;
    std::str::from_utf8(b).map_err(|_| routecore_result::InvalidUtf8)
}

/// Copies `data` into the caller's buffer `(buf, len)` and stores its length in `*out_n`.
///
/// When `len < data.len()` nothing is copied, `*out_n` is the needed size and the result is
/// [`routecore_result::InsufficientSize`] (so `buf = NULL, len = 0` asks for the size). When
/// there is room for one more byte, a NUL terminator follows the data (not counted in
/// `*out_n`).
///
/// # Safety
/// Unless NULL, `buf` must point at `len` writable bytes; `out_n` must be NULL or writable.
pub(crate) unsafe fn copy_out(
    data: &[u8],
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> routecore_result {
    if out_n.is_null() || (buf.is_null() && len > 0) {
        return routecore_result::NullParameter;
    }
    // SAFETY: `out_n` is non-NULL and writable (the caller's contract).
    unsafe { *out_n = data.len() };
    if len < data.len() || (buf.is_null() && !data.is_empty()) {
        return routecore_result::InsufficientSize;
    }
    if !buf.is_null() {
        // SAFETY: `buf` holds `len >= data.len()` writable bytes; the regions cannot overlap
        // (ours is owned by routecore).
        unsafe {
            std::ptr::copy_nonoverlapping(data.as_ptr(), buf.cast::<u8>(), data.len());
            if len > data.len() {
                *buf.add(data.len()) = 0;
            }
        }
    }
    routecore_result::Ok
}

/// An `std::io::Write` into a caller's buffer that counts every byte offered, stores those
/// that fit, and never allocates.
pub(crate) struct BufWriter {
    buf: *mut u8,
    cap: usize,
    /// Bytes offered so far (may exceed `cap`).
    pub(crate) total: usize,
}

impl BufWriter {
    /// A writer into `cap` bytes at `buf` (NULL only with `cap == 0`).
    pub(crate) fn new(buf: *mut c_char, cap: usize) -> BufWriter {
        BufWriter {
            buf: buf.cast(),
            cap: if buf.is_null() { 0 } else { cap },
            total: 0,
        }
    }
}

impl std::io::Write for BufWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.total < self.cap {
            let n = data.len().min(self.cap - self.total);
            // SAFETY: `buf` holds `cap` writable bytes and `total + n <= cap`.
            unsafe {
                std::ptr::copy_nonoverlapping(data.as_ptr(), self.buf.add(self.total), n);
            }
        }
        self.total = self.total.saturating_add(data.len());
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
