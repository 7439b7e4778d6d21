//! `routecore_result_message`: the text of any result code, into the caller's buffer.

use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::str::copy_out;
use std::ffi::c_char;

/// Writes the message for `result` (any number; unknown ones get a generic message) into the
/// caller's buffer `buf` of `len` bytes and its length into `*out_n`.
///
/// Returns `ROUTECORE_RESULT_OK`, or `ROUTECORE_RESULT_INSUFFICIENT_SIZE` with the needed size in
/// `*out_n` and nothing written (pass `buf = NULL, len = 0` to ask for the size). The message
/// is UTF-8 and not NUL-terminated, except that a NUL follows it when `len` leaves room for one.
/// Thread-safe.
///
/// # Safety
/// `buf` is NULL (with `len` 0) or `len` writable bytes; `out_n` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_result_message(
    result: u32,
    buf: *mut c_char,
    len: usize,
    out_n: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        let msg = routecore_result::from_u32(result)
            .map_or("unknown routecore_result code", routecore_result::message);
        // SAFETY: the caller's contract on `buf`, `len` and `out_n`.
        unsafe { copy_out(msg.as_bytes(), buf, len, out_n) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_reports_the_needed_size() {
        let mut n = 0usize;
        let r = unsafe { routecore_result_message(6, std::ptr::null_mut(), 0, &mut n) };
        assert_eq!(r, routecore_result::InsufficientSize);
        assert_eq!(n, routecore_result::BuildFailed.message().len());
        let mut buf = vec![0 as c_char; n + 1];
        let r = unsafe { routecore_result_message(6, buf.as_mut_ptr(), buf.len(), &mut n) };
        assert_eq!(r, routecore_result::Ok);
        assert_eq!(buf[n], 0);
        let text: Vec<u8> = buf[..n].iter().map(|&c| c as u8).collect();
        assert_eq!(text, routecore_result::BuildFailed.message().as_bytes());
    }
}
