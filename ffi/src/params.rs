//! Every param of a decision in one call: `routecore_context_params` writes each param's name
//! and values as views into the caller's array, instead of two or three per-param accessor
//! calls that each find the param again and re-check its value's UTF-8.

use crate::context::routecore_context;
use crate::decision::with;
use crate::panic::ffi_panic_boundary;
use crate::result::routecore_result;
use crate::str::routecore_str;

/// One value of one param, as `routecore_context_params` writes it. A single-segment param
/// `[x]` is one entry; a catch-all (`[...x]`, `[[...x]]`) is one entry per segment, in order,
/// each with the same `name`, `index`, `count` and `catch_all`. Views as for the per-param
/// accessors: valid until the next match on the context or its free.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct routecore_param_entry {
    /// The param's name (`slug` for `[...slug]`), as `routecore_context_param_name`.
    pub name: routecore_str,
    /// The value (one segment of a catch-all), percent-decoded UTF-8, as
    /// `routecore_context_param_value`.
    pub value: routecore_str,
    /// The param's index in pattern order (the `i` of the per-param accessors).
    pub index: u32,
    /// How many values the param has, as `routecore_context_param_value_count`: 1 for `[x]`,
    /// the number of segments (never 0) for a catch-all. Its entries are consecutive.
    pub count: u32,
    /// Whether the param is a catch-all, as `routecore_context_param_is_catch_all`.
    pub catch_all: bool,
}

/// Writes every param of the decision, in pattern order, into the caller's array `out` of
/// `cap` entries (`routecore_param_entry`: one per value, so a catch-all of k segments takes
/// k), and the number of entries into `*count_out`. The same views the per-param accessors
/// return, in one call: the usual way to read all of a decision's params.
///
/// Returns `ROUTECORE_RESULT_OK` (a decision without params writes 0 entries);
/// `INSUFFICIENT_SIZE` with the needed number of entries in `*count_out` when `cap` is too
/// small (pass `out = NULL, cap = 0` to ask; the array's contents are then unspecified);
/// `NO_DECISION`; or `NULL_PARAMETER`. Allocation-free.
///
/// # Safety
/// `ctx` is a live context that no other thread is using; `out` is NULL (with `cap` 0) or
/// `cap` writable entries; `count_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn routecore_context_params(
    ctx: *const routecore_context,
    out: *mut routecore_param_entry,
    cap: usize,
    count_out: *mut usize,
) -> routecore_result {
    ffi_panic_boundary! {
        if ctx.is_null() || count_out.is_null() || (out.is_null() && cap > 0) {
            return routecore_result::NullParameter;
        }
        with(ctx, |d| {
            let mut n = 0;
            let mut put = |e: routecore_param_entry| {
                if n < cap {
                    // SAFETY: `out` holds `cap > n` writable entries (the caller's contract).
                    unsafe { out.add(n).write(e) };
                }
                n += 1;
            };
            // Bytes, not `&str`: routecore checked each value's UTF-8 when it decoded it.
            let mut params = d.params();
            let mut index = 0u32;
            while let Some((name, catch_all, values)) = params.next_segments() {
                let name = routecore_str::from_str(name);
                let count = u32::try_from(values.len()).unwrap_or(u32::MAX);
                for k in 0..values.len() {
                    put(routecore_param_entry {
                        name,
                        value: routecore_str::from_bytes(values.get_bytes(k).unwrap_or_default()),
                        index,
                        count,
                        catch_all,
                    });
                }
                index = index.saturating_add(1);
            }
            // SAFETY: non-NULL and writable (the caller's contract).
            unsafe { *count_out = n };
            if n > cap {
                return routecore_result::InsufficientSize;
            }
            routecore_result::Ok
        })
    }
}
