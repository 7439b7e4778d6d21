//! The C ABI entry points with arbitrary bytes, lengths, NULLs and indices.
//!
//! Input: a mode byte, then fields split on 0xFF.
//! - mode & 3 == 0 or 1: a request (method, target, host, then header name/value pairs) matched
//!   on the example shop through `routecore_match` (0) or `routecore_shared_match` (1), with
//!   bit 2 selecting the shop under a basePath with `trailingSlash: true`, and bits 4..7 turning
//!   fields into NULL pointers (keeping their lengths). Checked: the call never fails for a
//!   well-formed call and fails with `NULL_PARAMETER` for a NULL view with a length; the JSON
//!   the ABI writes equals the core's own decision's JSON; every accessor agrees with that JSON,
//!   at every index and past the end; no view is `{NULL, len > 0}`; no CR/LF/NUL in a header.
//! - mode & 3 == 2: the fields are `routecore.json` text for `routecore_router_from_config`;
//!   built or rejected as the core's `parse_config` + `build` decide, errors listed, then
//!   matched.
//! - mode & 3 == 3: each field is a pattern for `routecore_builder_add_route`, its first byte
//!   picking kind and methods; the build agrees with the core's, and the routes list back.
//!
//! The fuzz profile aborts on panic, so a panic anywhere (even one the ABI's guard would turn
//! into `ROUTECORE_RESULT_PANIC`) is reported as a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routecore::{Context, Request, Router, parse_config};
use routecore_ffi::context::{
    routecore_context, routecore_context_free, routecore_context_new, routecore_header,
    routecore_match, routecore_request, routecore_shared_match,
};
use routecore_ffi::decision::*;
use routecore_ffi::errors::{
    routecore_errors, routecore_errors_count, routecore_errors_free, routecore_errors_message,
    routecore_errors_new,
};
use routecore_ffi::packed::{
    ROUTECORE_PACKED_ABSENT, ROUTECORE_PACKED_HEADER_SIZE, ROUTECORE_PACKED_VERSION,
    routecore_context_packed,
};
use routecore_ffi::params::{routecore_context_params, routecore_param_entry};
use routecore_ffi::result::routecore_result;
use routecore_ffi::result_message::routecore_result_message;
use routecore_ffi::router::*;
use routecore_ffi::shared::{routecore_shared, routecore_shared_new, routecore_shared_swap};
use routecore_ffi::str::routecore_str;
use routecore_fuzz::{fields, header_pairs};
use serde_json::Value;
use std::ffi::c_char;
use std::ptr;
use std::sync::LazyLock;

const SHOP: &str = include_str!("../../examples/shop/routecore.json");

/// A router built through the ABI and the same router built by the core directly.
struct Fixture {
    abi: *const routecore_router,
    shared: *mut routecore_shared,
    core: Router,
}

// SAFETY: routers and shared handles are thread-safe (documented in routecore.h); the fixture
// is only read after it is built.
unsafe impl Send for Fixture {}
unsafe impl Sync for Fixture {}

fn fixture(config: String) -> Fixture {
    let mut abi = ptr::null();
    let rc = unsafe {
        routecore_router_from_config(
            config.as_ptr().cast(),
            config.len(),
            &mut abi,
            ptr::null_mut(),
        )
    };
    assert_eq!(rc, routecore_result::Ok);
    let mut shared = ptr::null_mut();
    assert_eq!(
        unsafe { routecore_shared_new(abi, &mut shared) },
        routecore_result::Ok
    );
    // A swap to the same table: matches through `shared` see the router that was swapped in.
    assert_eq!(
        unsafe { routecore_shared_swap(shared, abi) },
        routecore_result::Ok
    );
    let core = parse_config(&config).unwrap().build().unwrap();
    Fixture { abi, shared, core }
}

static FIXTURES: LazyLock<[Fixture; 2]> = LazyLock::new(|| {
    let mut v: Value = serde_json::from_str(SHOP).unwrap();
    let plain = v.to_string();
    v["basePath"] = "/shop".into();
    v["trailingSlash"] = true.into();
    [fixture(plain), fixture(v.to_string())]
});

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let f = fields(rest);
    match mode & 3 {
        0 | 1 => request(mode, &f),
        2 => config(rest),
        _ => builder(&f),
    }
});

fn request(mode: u8, f: &[&[u8]]) {
    let fx = &FIXTURES[usize::from(mode & 4 != 0)];
    let method = f[0];
    let target = f.get(1).copied().unwrap_or(b"/");
    let host = f.get(2).copied().unwrap_or(b"");
    let pairs = header_pairs(f);
    let null = |bit: u8, s: &[u8]| -> *const c_char {
        if mode & (16 << bit) != 0 {
            ptr::null()
        } else {
            s.as_ptr().cast()
        }
    };
    let headers: Vec<routecore_header> = pairs
        .iter()
        .map(|(n, v)| routecore_header {
            name: n.as_ptr().cast(),
            name_len: n.len(),
            value: v.as_ptr().cast(),
            value_len: v.len(),
        })
        .collect();
    let req = routecore_request {
        method: null(0, method),
        method_len: method.len(),
        target: null(1, target),
        target_len: target.len(),
        host: null(2, host),
        host_len: host.len(),
        headers: if mode & 128 != 0 || headers.is_empty() {
            ptr::null()
        } else {
            headers.as_ptr()
        },
        headers_len: headers.len(),
    };
    let nulled_with_len = (mode & 16 != 0 && !method.is_empty())
        || (mode & 32 != 0 && !target.is_empty())
        || (mode & 64 != 0 && !host.is_empty())
        || (mode & 128 != 0 && !headers.is_empty());

    let ctx = routecore_context_new();
    assert!(!ctx.is_null());
    let rc = unsafe {
        if mode & 1 == 0 {
            routecore_match(fx.abi, ctx, &req)
        } else {
            routecore_shared_match(fx.shared, ctx, &req)
        }
    };
    if nulled_with_len {
        assert_eq!(rc, routecore_result::NullParameter);
        assert_no_decision(ctx);
    } else {
        assert_eq!(rc, routecore_result::Ok);
        // The core's own decision for the same request (a NULL view of length 0 is empty).
        let empty_host = mode & 64 != 0 || host.is_empty();
        let core_req = Request {
            method: if mode & 16 != 0 { b"" } else { method },
            target: if mode & 32 != 0 { b"" } else { target },
            host: if empty_host { None } else { Some(host) },
            headers: &pairs,
        };
        let want = fx.core.decide(&core_req, &mut Context::new()).to_json();
        check_context(ctx, &want);
    }
    // A NULL router or request is refused, and leaves no decision behind.
    assert_eq!(
        unsafe { routecore_match(ptr::null(), ctx, &req) },
        routecore_result::NullParameter
    );
    assert_eq!(
        unsafe { routecore_match(fx.abi, ctx, ptr::null()) },
        routecore_result::NullParameter
    );
    assert_no_decision(ctx);
    unsafe { routecore_context_free(ctx) };
}

fn assert_no_decision(ctx: *mut routecore_context) {
    unsafe {
        assert_eq!(routecore_context_action_name(ctx).len, 0);
        assert!(routecore_context_action_name(ctx).ptr.is_null());
        assert_eq!(routecore_context_status(ctx), 0);
        let mut n = 0;
        assert_eq!(
            routecore_context_json(ctx, ptr::null_mut(), 0, &mut n),
            routecore_result::NoDecision
        );
    }
}

/// A view (`routecore_str`, whose module the ABI keeps private) as a Rust string; `{NULL, 0}`
/// is `None`, `{NULL, n > 0}` a failure.
macro_rules! view {
    ($s:expr) => {{
        let s = $s;
        view_parts(s.ptr, s.len)
    }};
}

/// A pair of views (`routecore_pair`).
macro_rules! pair {
    ($p:expr) => {{
        let p = $p;
        (view!(p.name), view!(p.value))
    }};
}

fn view_parts(ptr: *const c_char, len: usize) -> Option<String> {
    if ptr.is_null() {
        assert_eq!(len, 0, "a NULL view has a length");
        return None;
    }
    let b = unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) };
    Some(String::from_utf8_lossy(b).into_owned())
}

fn clean(what: &str, s: &str) {
    assert!(
        !s.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)),
        "{what} has CR, LF or NUL: {s:?}"
    );
}

/// The ABI's JSON equals the core's, and every accessor agrees with it.
fn check_context(ctx: *mut routecore_context, want: &str) {
    // JSON through a too-small buffer first, then one that fits.
    let mut needed = 0;
    let rc = unsafe { routecore_context_json(ctx, ptr::null_mut(), 0, &mut needed) };
    assert_eq!(rc, routecore_result::InsufficientSize);
    let mut buf = vec![0u8; needed];
    let mut written = 0;
    let rc =
        unsafe { routecore_context_json(ctx, buf.as_mut_ptr().cast(), buf.len(), &mut written) };
    assert_eq!(rc, routecore_result::Ok);
    let got = std::str::from_utf8(&buf[..written]).expect("JSON is UTF-8");
    assert_eq!(
        got.trim_end_matches('\0'),
        want,
        "ABI JSON differs from the core's"
    );
    let j: Value = serde_json::from_str(want).unwrap();
    check_packed(ctx, &j);
    check_bulk_params(ctx, &j);

    unsafe {
        assert_eq!(
            view!(routecore_context_action_name(ctx)).as_deref(),
            j["action"].as_str()
        );
        assert_eq!(
            u64::from(routecore_context_status(ctx)),
            j["status"].as_u64().unwrap()
        );
        let opt = |v: &Value| v.as_str().map(str::to_owned);
        assert_eq!(view!(routecore_context_location(ctx)), opt(&j["location"]));
        assert_eq!(view!(routecore_context_allow(ctx)), opt(&j["allow"]));
        assert_eq!(view!(routecore_context_pathname(ctx)), opt(&j["pathname"]));
        assert_eq!(
            view!(routecore_context_route_pattern(ctx)),
            opt(&j["route"]["pattern"])
        );
        assert_eq!(routecore_context_middleware(ctx), j["middleware"] == true);
        assert_eq!(
            routecore_context_head_via_get(ctx),
            j["head_via_get"] == true
        );
        if let Some(l) = view!(routecore_context_location(ctx)) {
            clean("location", &l);
        }
        view!(routecore_context_route_kind_name(ctx));
        view!(routecore_context_route_file(ctx));
        view!(routecore_context_body(ctx));
        let mut secs = 0;
        routecore_context_revalidate(ctx, &mut secs);
        routecore_context_revalidate(ctx, ptr::null_mut());

        // Params: names, values and lookups by name agree with the JSON object.
        let n = routecore_context_param_count(ctx);
        let params = j["params"].as_object().unwrap();
        assert_eq!(n, params.len());
        for i in 0..n + 2 {
            let name = view!(routecore_context_param_name(ctx, i));
            let count = routecore_context_param_value_count(ctx, i);
            let catch_all = routecore_context_param_is_catch_all(ctx, i);
            let Some(name) = name else {
                assert!(i >= n && count == 0 && !catch_all);
                continue;
            };
            let values: Vec<_> = (0..count + 1)
                .map(|k| view!(routecore_context_param_value(ctx, i, k)))
                .collect();
            assert_eq!(values[count], None, "value past the end");
            let values: Vec<String> = values[..count].iter().map(|v| v.clone().unwrap()).collect();
            let want = &params[&name];
            if catch_all {
                let w: Vec<&str> = want
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap())
                    .collect();
                assert_eq!(values, w, "param {name}");
            } else {
                assert_eq!(values, [want.as_str().unwrap()], "param {name}");
                assert_eq!(
                    view!(routecore_context_param(
                        ctx,
                        name.as_ptr().cast(),
                        name.len()
                    )),
                    Some(values[0].clone())
                );
            }
            let mut index = usize::MAX;
            assert!(routecore_context_param_index(
                ctx,
                name.as_ptr().cast(),
                name.len(),
                &mut index
            ));
            assert_eq!(index, i);
        }
        assert!(view!(routecore_context_param(ctx, ptr::null(), 3)).is_none());

        // Query, headers and vary: counts, every pair, and the absent pair past the end.
        let q = routecore_context_query_count(ctx);
        for i in 0..=q {
            let (k, v) = pair!(routecore_context_query(ctx, i));
            assert_eq!(k.is_none(), i == q);
            assert_eq!(v.is_none(), i == q);
        }
        let n = routecore_context_response_header_count(ctx);
        assert_eq!(n, j["response_headers"].as_array().unwrap().len());
        for i in 0..=n {
            let (k, v) = pair!(routecore_context_response_header(ctx, i));
            if i == n {
                assert!(k.is_none() && v.is_none());
                continue;
            }
            let (k, v) = (k.unwrap(), v.unwrap());
            clean("response header name", &k);
            clean("response header value", &v);
            assert_eq!(j["response_headers"][i], serde_json::json!([k, v]));
        }
        let n = routecore_context_request_header_count(ctx);
        assert_eq!(n, j["request_headers"].as_object().unwrap().len());
        for i in 0..=n {
            let (k, v) = pair!(routecore_context_request_header(ctx, i));
            if i == n {
                assert!(k.is_none() && v.is_none());
                continue;
            }
            let k = k.unwrap();
            clean("request header name", &k);
            assert_eq!(j["request_headers"][&k], v.map_or(Value::Null, Value::from));
        }
        let n = routecore_context_vary_count(ctx);
        assert_eq!(n, j["vary"].as_array().unwrap().len());
        for i in 0..=n {
            assert_eq!(view!(routecore_context_vary(ctx, i)).is_none(), i == n);
        }
        assert!(view!(routecore_context_vary(ctx, usize::MAX)).is_none());
    }
}

/// `routecore_context_params`: the size it asks for, then one entry per value, each param's
/// values in order under one index and count, as the JSON's params object has them.
fn check_bulk_params(ctx: *mut routecore_context, j: &Value) {
    let params = j["params"].as_object().unwrap();
    let values = |v: &Value| match v {
        Value::Array(vs) => vs.iter().map(|x| x.as_str().unwrap().to_owned()).collect(),
        v => vec![v.as_str().unwrap().to_owned()],
    };
    let want: usize = params.values().map(|v| values(v).len()).sum();
    let mut n = usize::MAX;
    let rc = unsafe { routecore_context_params(ctx, ptr::null_mut(), 0, &mut n) };
    assert_eq!(n, want);
    let short = if n == 0 {
        routecore_result::Ok
    } else {
        routecore_result::InsufficientSize
    };
    assert_eq!(rc, short);
    let none = routecore_str {
        ptr: ptr::null(),
        len: 0,
    };
    let empty = routecore_param_entry {
        name: none,
        value: none,
        index: 0,
        count: 0,
        catch_all: false,
    };
    let mut out = vec![empty; n];
    let rc = unsafe { routecore_context_params(ctx, out.as_mut_ptr(), n, &mut n) };
    assert_eq!(rc, routecore_result::Ok);
    // name -> (values in entry order, catch_all, index, count)
    let mut got: std::collections::BTreeMap<String, (Vec<String>, bool, u32, u32)> =
        Default::default();
    for e in &out {
        let g = got.entry(view!(e.name).unwrap()).or_insert((
            Vec::new(),
            e.catch_all,
            e.index,
            e.count,
        ));
        assert_eq!(
            (g.1, g.2, g.3),
            (e.catch_all, e.index, e.count),
            "one param, one shape"
        );
        g.0.push(view!(e.value).unwrap());
    }
    assert_eq!(got.len(), params.len());
    for (name, v) in params {
        let g = &got[name];
        assert_eq!(g.0, values(v), "bulk param {name}");
        assert_eq!(g.1, v.is_array());
        assert_eq!(g.3 as usize, g.0.len());
    }
}

/// The packed form: its header agrees with the JSON, and every string slot lies inside the
/// string area and is followed by its NUL.
fn check_packed(ctx: *mut routecore_context, j: &Value) {
    let mut needed = 0;
    let rc = unsafe { routecore_context_packed(ctx, ptr::null_mut(), 0, &mut needed) };
    assert_eq!(rc, routecore_result::InsufficientSize);
    let mut buf = vec![0u8; needed];
    let rc = unsafe { routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut needed) };
    assert_eq!(rc, routecore_result::Ok);
    let word = |i: usize| u32::from_le_bytes(buf[4 * i..4 * i + 4].try_into().unwrap());
    assert_eq!(word(0), ROUTECORE_PACKED_VERSION);
    assert_eq!(word(1) as usize, buf.len());
    assert_eq!(u64::from(word(3)), j["status"].as_u64().unwrap());
    let (params, query, slots) = (word(7) as usize, word(8) as usize, word(12) as usize);
    assert_eq!(params, j["params"].as_object().unwrap().len());
    assert_eq!(query, j["query"].as_object().unwrap().len());
    let slots_at = ROUTECORE_PACKED_HEADER_SIZE as usize + 4 * (params + query);
    let strings_at = slots_at + 8 * slots;
    assert!(strings_at <= buf.len());
    for k in 0..slots {
        let at = slots_at + 8 * k;
        let off = u32::from_le_bytes(buf[at..at + 4].try_into().unwrap());
        let len = u32::from_le_bytes(buf[at + 4..at + 8].try_into().unwrap()) as usize;
        if off == ROUTECORE_PACKED_ABSENT {
            assert_eq!(len, 0);
            continue;
        }
        let end = strings_at + off as usize + len;
        assert!(end < buf.len(), "slot {k} past the end");
        assert_eq!(buf[end], 0, "slot {k} not NUL-terminated");
    }
}

/// `routecore_router_from_config` on arbitrary text agrees with the core and never fails
/// other than as documented.
fn config(text: &[u8]) {
    let errors = routecore_errors_new();
    let mut router = ptr::null();
    let rc = unsafe {
        routecore_router_from_config(text.as_ptr().cast(), text.len(), &mut router, errors)
    };
    let core = std::str::from_utf8(text).ok().map(|t| {
        parse_config(t)
            .map_err(|_| ())
            .and_then(|b| b.build().map_err(|_| ()))
    });
    match core {
        None => assert_eq!(rc, routecore_result::InvalidUtf8),
        Some(Err(())) => {
            assert_eq!(rc, routecore_result::BuildFailed);
            check_errors(errors);
        }
        Some(Ok(core)) => {
            assert_eq!(rc, routecore_result::Ok);
            assert_eq!(
                unsafe { routecore_router_route_count(router) },
                core.routes().len()
            );
            let ctx = routecore_context_new();
            for probe in routecore_fuzz::PROBES {
                let req = routecore_request {
                    method: b"GET".as_ptr().cast(),
                    method_len: 3,
                    target: probe.as_ptr().cast(),
                    target_len: probe.len(),
                    host: ptr::null(),
                    host_len: 0,
                    headers: ptr::null(),
                    headers_len: 0,
                };
                assert_eq!(
                    unsafe { routecore_match(router, ctx, &req) },
                    routecore_result::Ok
                );
                let want = core
                    .decide(&Request::new("GET", probe), &mut Context::new())
                    .to_json();
                check_context(ctx, &want);
            }
            unsafe {
                routecore_context_free(ctx);
                routecore_router_free(router);
            }
        }
    }
    unsafe { routecore_errors_free(errors) };
}

fn check_errors(errors: *mut routecore_errors) {
    let n = unsafe { routecore_errors_count(errors) };
    assert!(n > 0, "a failed build lists its errors");
    for i in 0..=n {
        let m = view!(unsafe { routecore_errors_message(errors, i) });
        assert_eq!(m.is_none(), i == n);
        if let Some(m) = m {
            assert!(!m.is_empty());
        }
    }
}

/// Routes added one by one through the builder; the first byte of each field picks the kind
/// (bits 0-1), the methods (bits 2-7 as a method mask) and whether to pass NULL.
fn builder(f: &[&[u8]]) {
    let b = routecore_builder_new();
    for field in f {
        let Some((&sel, pattern)) = field.split_first() else {
            continue;
        };
        let kind = u32::from(sel & 3);
        let methods = u32::from(sel >> 2);
        let rc = unsafe {
            routecore_builder_add_route(
                b,
                pattern.as_ptr().cast(),
                pattern.len(),
                kind,
                methods,
                0,
                ROUTECORE_REVALIDATE_UNSET,
                u64::from(sel),
                ptr::null(),
                0,
            )
        };
        assert_ne!(rc, routecore_result::Panic);
        assert_ne!(rc, routecore_result::NullParameter);
    }
    let errors = routecore_errors_new();
    let mut router = ptr::null();
    let rc = unsafe { routecore_builder_build(b, &mut router, errors) };
    match rc {
        routecore_result::Ok => {
            let n = unsafe { routecore_router_route_count(router) };
            for i in 0..=n {
                let mut info = std::mem::MaybeUninit::uninit();
                let rc = unsafe { routecore_router_route(router, i, info.as_mut_ptr()) };
                if i == n {
                    assert_eq!(rc, routecore_result::InvalidArgument);
                } else {
                    assert_eq!(rc, routecore_result::Ok);
                    let info = unsafe { info.assume_init() };
                    assert!(view!(info.pattern).is_some_and(|p| p.starts_with('/')));
                }
            }
            unsafe { routecore_router_free(router) };
        }
        routecore_result::BuildFailed => check_errors(errors),
        other => panic!("build returned {other:?}"),
    }
    // Result messages for every code, through buffers of every small size.
    for code in 0..10u32 {
        let mut n = 0;
        let rc = unsafe { routecore_result_message(code, ptr::null_mut(), 0, &mut n) };
        assert_eq!(rc, routecore_result::InsufficientSize);
        let mut buf = vec![0u8; n];
        assert_eq!(
            unsafe { routecore_result_message(code, buf.as_mut_ptr().cast(), n, &mut n) },
            routecore_result::Ok
        );
    }
    unsafe {
        routecore_errors_free(errors);
        routecore_builder_free(b);
    }
}
