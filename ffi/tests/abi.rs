//! Tests that call the `extern "C"` functions the way a C host does, including the proof that
//! `routecore_match` and the accessors allocate nothing once a context is warm (ROUTING.md §9).

use routecore_ffi::context::*;
use routecore_ffi::decision::*;
use routecore_ffi::errors::*;
use routecore_ffi::packed::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
use routecore_ffi::shared::*;
use routecore_ffi::str::{routecore_pair, routecore_str};
mod common;

use common::{cstr, router_from, s};
use routecore_testkit::alloc::{CountingAlloc, allocations_in};
use std::ffi::c_char;
use std::ptr;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

fn p(v: routecore_pair) -> Option<(String, String)> {
    Some((s(v.name)?, s(v.value)?))
}

struct Req<'a> {
    headers: Vec<routecore_header>,
    method: &'a str,
    target: &'a str,
}

impl<'a> Req<'a> {
    fn new(method: &'a str, target: &'a str, headers: &[(&'a str, &'a str)]) -> Self {
        Req {
            headers: common::headers(headers),
            method,
            target,
        }
    }
    fn raw(&self) -> routecore_request {
        common::request(self.method, self.target, &self.headers)
    }
}

const CONFIG: &str = r#"{"routes": [
  {"pattern": "/api/users/[id]", "kind": "route", "methods": ["GET", "DELETE"], "id": 7},
  {"pattern": "/shop/[...slug]", "kind": "page", "id": 8},
  {"pattern": "/docs/[[...slug]]", "kind": "page", "id": 9, "dynamic": "force-static"},
  {"pattern": "/blog/[slug]", "kind": "page", "id": 10, "revalidate": 60}
]}"#;

#[test]
fn matching_through_the_abi_allocates_nothing_once_warm() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let many: Vec<(String, String)> = (0..40)
        .map(|i| (format!("x-h{i}"), "v".repeat(100)))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let catch_all = format!("/shop{}", "/seg".repeat(60));
    let cases: Vec<(Req, routecore_action, u16, usize)> = vec![
        (
            Req::new("GET", "/api/users/42?x=1&y=%20", &[("cookie", "a=1")]),
            routecore_action::Route,
            200,
            1,
        ),
        (
            Req::new("GET", &catch_all, &many),
            routecore_action::Route,
            200,
            1,
        ),
        (
            Req::new("GET", "/docs", &[]),
            routecore_action::Route,
            200,
            0,
        ),
        (
            Req::new("HEAD", "/blog/hello%20world", &[]),
            routecore_action::Route,
            200,
            1,
        ),
        (
            Req::new("GET", "/nope/nothing", &[]),
            routecore_action::NotFound,
            404,
            0,
        ),
        (
            Req::new("POST", "/api/users/42", &[]),
            routecore_action::MethodNotAllowed,
            405,
            1,
        ),
        (
            Req::new("OPTIONS", "/api/users/42", &[]),
            routecore_action::Options,
            204,
            1,
        ),
        (
            Req::new("GET", "/a//b", &[]),
            routecore_action::Redirect,
            308,
            0,
        ),
        (
            Req::new("GET", "/api/users/%zz", &[]),
            routecore_action::BadRequest,
            400,
            0,
        ),
    ];
    // The shared (hot-swap) path too.
    let shared = common::shared_of(router);
    let mut json = vec![0 as c_char; 64 << 10];
    let mut packed = vec![0u8; 64 << 10];
    let read_all = |ctx: *mut routecore_context| unsafe {
        let c = ctx as *const routecore_context;
        // Every list item by index, then the accessors it does not call.
        let mut total = common::read_accessors(c) + routecore_context_status(c) as usize;
        let mut id = 0u64;
        let mut secs = 0u32;
        let mut idx = 0usize;
        total += routecore_context_route_id(c, &mut id) as usize
            + routecore_context_route_pattern(c).len
            + routecore_context_route_file(c).len
            + routecore_context_param(c, c"id".as_ptr(), 2).len
            + routecore_context_param_index(c, c"slug".as_ptr(), 4, &mut idx) as usize
            + routecore_context_revalidate(c, &mut secs) as usize
            + routecore_context_head_via_get(c) as usize;
        total
    };
    for round in 0..2 {
        for (req, action, status, params) in &cases {
            let raw = req.raw();
            let mut seen = (routecore_action::None, 0, 0);
            allocations_in(|| {
                let r = if round == 0 {
                    unsafe { routecore_match(router, ctx, &raw) }
                } else {
                    unsafe { routecore_shared_match(shared, ctx, &raw) }
                };
                assert_eq!(r, routecore_result::Ok);
                read_all(ctx);
                let mut needed = 0;
                let r = unsafe {
                    routecore_context_json(ctx, json.as_mut_ptr(), json.len(), &mut needed)
                };
                assert_eq!(r, routecore_result::Ok);
                let r = unsafe {
                    routecore_context_packed(ctx, packed.as_mut_ptr(), packed.len(), &mut needed)
                };
                assert_eq!(r, routecore_result::Ok);
                let c = ctx as *const routecore_context;
                seen = unsafe {
                    (
                        routecore_context_action(c),
                        routecore_context_status(c),
                        routecore_context_param_count(c),
                    )
                };
            });
            assert_eq!(
                seen,
                (*action, *status, *params),
                "{} {}",
                req.method,
                req.target
            );
        }
    }
    // Now warm: every case, both paths, zero allocations.
    for (req, _, _, _) in &cases {
        let raw = req.raw();
        for shared_path in [false, true] {
            let n = allocations_in(|| {
                let r = unsafe {
                    if shared_path {
                        routecore_shared_match(shared, ctx, &raw)
                    } else {
                        routecore_match(router, ctx, &raw)
                    }
                };
                assert_eq!(r, routecore_result::Ok);
                std::hint::black_box(read_all(ctx));
                let mut needed = 0;
                unsafe { routecore_context_json(ctx, json.as_mut_ptr(), json.len(), &mut needed) };
                let r = unsafe {
                    routecore_context_packed(ctx, packed.as_mut_ptr(), packed.len(), &mut needed)
                };
                assert_eq!(r, routecore_result::Ok);
            });
            assert_eq!(
                n, 0,
                "{} {} (shared: {shared_path}): {n} allocations",
                req.method, req.target
            );
        }
    }
    unsafe {
        routecore_shared_free(shared);
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn counting_allocator_counts() {
    let n = allocations_in(|| {
        std::hint::black_box(Vec::<u8>::with_capacity(10));
    });
    assert_eq!(n, 1);
}

#[test]
fn decision_accessors_read_the_core_decision() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let c = ctx as *const routecore_context;
    unsafe {
        assert_eq!(routecore_context_action(c), routecore_action::None);
        let mut needed = 0;
        assert_eq!(
            routecore_context_json(c, ptr::null_mut(), 0, &mut needed),
            routecore_result::NoDecision
        );

        let req = Req::new("GET", "/shop/a/b%2Fc?q=1&q=2", &[]);
        assert_eq!(
            routecore_match(router, ctx, &req.raw()),
            routecore_result::Ok
        );
        assert_eq!(routecore_context_action(c), routecore_action::Route);
        assert_eq!(
            s(routecore_context_action_name(c)).as_deref(),
            Some("route")
        );
        assert_eq!(
            s(routecore_context_route_pattern(c)).as_deref(),
            Some("/shop/[...slug]")
        );
        assert_eq!(
            s(routecore_context_route_kind_name(c)).as_deref(),
            Some("page")
        );
        assert_eq!(
            routecore_context_route_kind(c),
            routecore_route_kind::Page as u32
        );
        let mut id = 0;
        assert!(routecore_context_route_id(c, &mut id));
        assert_eq!(id, 8);
        assert_eq!(routecore_context_param_count(c), 1);
        assert!(routecore_context_param_is_catch_all(c, 0));
        assert_eq!(routecore_context_param_value_count(c, 0), 2);
        assert_eq!(
            s(routecore_context_param_value(c, 0, 1)).as_deref(),
            Some("b/c")
        );
        assert!(routecore_context_param_value(c, 0, 2).ptr.is_null());
        assert!(
            routecore_context_param(c, c"slug".as_ptr(), 4)
                .ptr
                .is_null(),
            "catch-all"
        );
        let mut idx = 9;
        assert!(routecore_context_param_index(
            c,
            c"slug".as_ptr(),
            4,
            &mut idx
        ));
        assert_eq!(idx, 0);
        assert_eq!(routecore_context_query_count(c), 2);
        assert_eq!(
            p(routecore_context_query(c, 1)),
            Some(("q".into(), "2".into()))
        );
        assert!(p(routecore_context_query(c, 2)).is_none());

        let req = Req::new("GET", "/blog/hello", &[]);
        routecore_match(router, ctx, &req.raw());
        assert_eq!(
            s(routecore_context_param(c, c"slug".as_ptr(), 4)).as_deref(),
            Some("hello")
        );
        assert_eq!(routecore_context_cache(c), routecore_cache::Static);
        let mut secs = 0;
        assert!(routecore_context_revalidate(c, &mut secs));
        assert_eq!(secs, 60);

        let req = Req::new("DELETE", "/blog/hello", &[]);
        routecore_match(router, ctx, &req.raw());
        assert_eq!(routecore_context_status(c), 405);
        assert_eq!(
            s(routecore_context_allow(c)).as_deref(),
            Some("GET, HEAD, OPTIONS")
        );

        // JSON: too small reports the size, then it fits and equals the core's own JSON.
        let mut needed = 0;
        assert_eq!(
            routecore_context_json(c, ptr::null_mut(), 0, &mut needed),
            routecore_result::InsufficientSize
        );
        let mut small = vec![0 as c_char; needed - 1];
        assert_eq!(
            routecore_context_json(c, small.as_mut_ptr(), small.len(), &mut needed),
            routecore_result::InsufficientSize
        );
        let mut buf = vec![0 as c_char; needed + 1];
        let mut n = 0;
        assert_eq!(
            routecore_context_json(c, buf.as_mut_ptr(), buf.len(), &mut n),
            routecore_result::Ok
        );
        assert_eq!(n, needed);
        assert_eq!(buf[n], 0);
        let text = String::from_utf8(buf[..n].iter().map(|&b| b as u8).collect()).unwrap();
        let core_router = engine::parse_config(CONFIG).unwrap().build().unwrap();
        let mut core_ctx = engine::Context::new();
        let want = core_router
            .decide(
                &engine::Request::new("DELETE", "/blog/hello"),
                &mut core_ctx,
            )
            .to_json();
        assert_eq!(text, want);

        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn the_decision_outlives_the_router_handle_and_a_swap() {
    let a = router_from(r#"{"routes": [{"pattern": "/a/[x]", "kind": "page"}]}"#);
    let b = router_from(r#"{"routes": [{"pattern": "/b/[y]", "kind": "page"}]}"#);
    let mut shared = ptr::null_mut();
    unsafe {
        assert_eq!(routecore_shared_new(a, &mut shared), routecore_result::Ok);
        routecore_router_free(a);
        let ctx = routecore_context_new();
        let c = ctx as *const routecore_context;
        let req = Req::new("GET", "/a/1", &[]);
        assert_eq!(
            routecore_shared_match(shared, ctx, &req.raw()),
            routecore_result::Ok
        );
        let pattern = routecore_context_route_pattern(c);
        assert_eq!(routecore_shared_swap(shared, b), routecore_result::Ok);
        routecore_router_free(b);
        // Router `a` now lives only through the context: the view is still valid.
        assert_eq!(s(pattern).as_deref(), Some("/a/[x]"));
        assert_eq!(
            routecore_shared_match(shared, ctx, &req.raw()),
            routecore_result::Ok
        );
        assert_eq!(routecore_context_status(c), 404);
        let req = Req::new("GET", "/b/2", &[]);
        routecore_shared_match(shared, ctx, &req.raw());
        assert_eq!(
            s(routecore_context_param(c, c"y".as_ptr(), 1)).as_deref(),
            Some("2")
        );
        let mut loaded = ptr::null();
        assert_eq!(
            routecore_shared_load(shared, &mut loaded),
            routecore_result::Ok
        );
        assert_eq!(routecore_router_route_count(loaded), 1);
        routecore_router_free(loaded);
        routecore_shared_free(shared);
        routecore_context_free(ctx);
    }
}

#[test]
fn bad_calls_get_result_codes() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let c = ctx as *const routecore_context;
    unsafe {
        let ok = Req::new("GET", "/blog/x", &[]);
        assert_eq!(
            routecore_match(ptr::null(), ctx, &ok.raw()),
            routecore_result::NullParameter
        );
        assert_eq!(
            routecore_match(router, ptr::null_mut(), &ok.raw()),
            routecore_result::NullParameter
        );
        assert_eq!(
            routecore_match(router, ctx, ptr::null()),
            routecore_result::NullParameter
        );
        let mut raw = ok.raw();
        raw.target = ptr::null();
        assert_eq!(
            routecore_match(router, ctx, &raw),
            routecore_result::NullParameter
        );
        assert_eq!(routecore_context_action(c), routecore_action::None);
        raw.target_len = 0; // NULL with length 0 = empty target: a decision (400).
        assert_eq!(routecore_match(router, ctx, &raw), routecore_result::Ok);
        assert_eq!(routecore_context_status(c), 400);
        let mut raw = ok.raw();
        raw.target_len = ROUTECORE_MAX_INPUT_BYTES + 1;
        assert_eq!(
            routecore_match(router, ctx, &raw),
            routecore_result::LengthLimit
        );
        let mut raw = ok.raw();
        raw.headers_len = ROUTECORE_MAX_HEADERS + 1;
        raw.headers = ptr::dangling::<routecore_header>(); // never read
        assert_eq!(
            routecore_match(router, ctx, &raw),
            routecore_result::LengthLimit
        );
        // Not UTF-8: a decision, not an error.
        let bad = [b'/', 0xff, 0xfe];
        let mut raw = ok.raw();
        raw.target = bad.as_ptr().cast();
        raw.target_len = bad.len();
        assert_eq!(routecore_match(router, ctx, &raw), routecore_result::Ok);
        assert_eq!(routecore_context_status(c), 400);

        // Builder argument checks.
        let b = routecore_builder_new();
        let (pat, n) = cstr("/x");
        assert_eq!(
            routecore_builder_add_route(b, pat, n, 9, 0, 0, -1, 0, ptr::null(), 0),
            routecore_result::InvalidArgument
        );
        assert_eq!(
            routecore_builder_add_route(b, pat, n, 0, 1 << 7, 0, -1, 0, ptr::null(), 0),
            routecore_result::InvalidArgument
        );
        assert_eq!(
            routecore_builder_add_route(b, pat, n, 0, 2, 4, -1, 0, ptr::null(), 0),
            routecore_result::InvalidArgument
        );
        assert_eq!(
            routecore_builder_add_route(b, pat, n, 0, 2, 0, -3, 0, ptr::null(), 0),
            routecore_result::InvalidArgument
        );
        assert_eq!(
            routecore_builder_add_route(b, pat, n, 0, 2, 0, 1 << 33, 0, ptr::null(), 0),
            routecore_result::InvalidArgument
        );
        assert_eq!(
            routecore_builder_add_route(b, bad.as_ptr().cast(), 3, 0, 2, 0, -1, 0, ptr::null(), 0),
            routecore_result::InvalidUtf8
        );
        assert_eq!(
            routecore_builder_add_route(b, ptr::null(), 0, 0, 2, 0, -1, 0, ptr::null(), 0),
            routecore_result::NullParameter
        );
        assert_eq!(
            routecore_builder_add_route(
                b,
                pat,
                n,
                0,
                ROUTECORE_METHOD_GET,
                0,
                30,
                5,
                ptr::null(),
                0
            ),
            routecore_result::Ok
        );
        let mut built = ptr::null();
        assert_eq!(
            routecore_builder_build(b, &mut built, ptr::null_mut()),
            routecore_result::Ok
        );
        let mut info = std::mem::zeroed::<routecore_route_info>();
        assert_eq!(
            routecore_router_route(built, 0, &mut info),
            routecore_result::Ok
        );
        assert_eq!(s(info.pattern).as_deref(), Some("/x"));
        assert_eq!(info.methods, ROUTECORE_METHOD_GET);
        assert_eq!(info.id, 5);
        assert_eq!(
            routecore_router_route(built, 1, &mut info),
            routecore_result::InvalidArgument
        );
        routecore_router_free(built);
        routecore_builder_free(b);

        // Every build error reaches the errors object.
        let errors = routecore_errors_new();
        let mut out = ptr::null();
        let (j, n) = cstr(
            r#"{"routes": [{"pattern": "/a/[id]", "kind": "page"}, {"pattern": "/a/[slug]", "kind": "page"}], "nope": 1}"#,
        );
        assert_eq!(
            routecore_router_from_config(j, n, &mut out, errors),
            routecore_result::BuildFailed
        );
        assert!(out.is_null());
        let all: Vec<String> = (0..routecore_errors_count(errors))
            .map(|i| s(routecore_errors_message(errors, i)).unwrap())
            .collect();
        assert!(all.iter().any(|m| m.contains("nope")), "{all:?}");
        let (pth, n) = cstr("/definitely/not/here");
        assert_eq!(
            routecore_router_load(pth, n, &mut out, errors),
            routecore_result::BuildFailed
        );
        assert_eq!(routecore_errors_count(errors), 1);
        assert!(
            s(routecore_errors_message(errors, 0))
                .unwrap()
                .contains("/definitely/not/here")
        );
        routecore_errors_free(errors);

        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

/// Per-call cost of `routecore_match` against `Router::decide` on the same requests. Timing,
/// not a check: run with `cargo test -p routecore-ffi --release -- --ignored --nocapture`.
#[test]
#[ignore]
fn per_call_overhead() {
    let config = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/shop/routecore.json"
    ))
    .unwrap();
    let router = router_from(&config);
    let core_router = engine::parse_config(&config).unwrap().build().unwrap();
    let targets = [
        "/api/products/42?ref=home",
        "/categories/a/b/c",
        "/blog/new/edit",
        "/nope",
        "/about/",
    ];
    let headers = [
        ("accept", "*/*"),
        ("cookie", "a=1"),
        ("user-agent", "bench"),
    ];
    let reqs: Vec<Req> = targets
        .iter()
        .map(|t| Req::new("GET", t, &headers))
        .collect();
    let raws: Vec<routecore_request> = reqs.iter().map(Req::raw).collect();
    let core_headers: Vec<(&[u8], &[u8])> = headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
        .collect();
    let core_reqs: Vec<engine::Request> = targets
        .iter()
        .map(|t| engine::Request::new("GET", t).with_headers(&core_headers))
        .collect();
    let ctx = routecore_context_new();
    let mut core_ctx = engine::Context::new();
    let n = 2_000_000;
    for round in 0..2 {
        let t = std::time::Instant::now();
        for i in 0..n {
            let d = core_router.decide(&core_reqs[i % core_reqs.len()], &mut core_ctx);
            std::hint::black_box(d.status());
        }
        let rust = t.elapsed().as_nanos() as f64 / n as f64;
        let t = std::time::Instant::now();
        for i in 0..n {
            unsafe {
                routecore_match(router, ctx, &raws[i % raws.len()]);
                std::hint::black_box(routecore_context_status(ctx));
            }
        }
        let abi = t.elapsed().as_nanos() as f64 / n as f64;
        // The two ways to read a whole decision, per decision (the match not counted).
        let mut out = vec![0u8; 64 << 10];
        let mut needed = 0;
        let mut read_all = |f: &mut dyn FnMut(&mut [u8], &mut usize)| {
            let t = std::time::Instant::now();
            let per = n / 10 / raws.len();
            for raw in &raws {
                unsafe { routecore_match(router, ctx, raw) };
                for _ in 0..per {
                    f(&mut out, &mut needed);
                }
            }
            t.elapsed().as_nanos() as f64 / (per * raws.len()) as f64
        };
        let json = read_all(&mut |b, n| unsafe {
            routecore_context_json(ctx, b.as_mut_ptr().cast(), b.len(), n);
        });
        let packed = read_all(&mut |b, n| unsafe {
            routecore_context_packed(ctx, b.as_mut_ptr(), b.len(), n);
        });
        if round == 1 {
            eprintln!(
                "Router::decide {rust:.1} ns/call, routecore_match {abi:.1} ns/call, overhead {:.1} ns",
                abi - rust
            );
            eprintln!(
                "routecore_context_json {json:.1} ns/call, routecore_context_packed {packed:.1} ns/call"
            );
        }
    }
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

/// Decodes a packed decision (the layout documented on `routecore_context_packed`) back into
/// the JSON text `routecore_context_json` writes, so the two can be compared byte for byte.
fn packed_to_json(b: &[u8]) -> String {
    let u32_at = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let h: Vec<u32> = (0..14).map(|i| u32_at(4 * i)).collect();
    assert_eq!(h[0], ROUTECORE_PACKED_VERSION);
    assert_eq!(h[1] as usize, b.len(), "size");
    // Word 13: the reason number, named through the static reason tables.
    let reason = if h[13] == ROUTECORE_REASON_NONE {
        "null".to_string()
    } else {
        let quote =
            |v: routecore_str| serde_json::to_string(&s(v).expect("a known reason")).unwrap();
        format!(
            r#"{{"code":{},"text":{}}}"#,
            quote(routecore_reason_code(h[13])),
            quote(routecore_reason_text(h[13]))
        )
    };
    let id = u64::from_le_bytes(b[56..64].try_into().unwrap());
    let (np, nq, nr, ns, nv, n) = (h[7], h[8], h[9], h[10], h[11], h[12] as usize);
    let mut shapes = (0..(np + nq) as usize).map(|i| u32_at(64 + 4 * i));
    let slots_at = 64 + 4 * (np + nq) as usize;
    let strings_at = slots_at + 8 * n;
    let mut used = 0;
    let mut slot = || -> Option<&[u8]> {
        assert!(used < n, "more slots read than the header's {n}");
        let (off, len) = (u32_at(slots_at + 8 * used), u32_at(slots_at + 8 * used + 4));
        used += 1;
        if off == ROUTECORE_PACKED_ABSENT {
            assert_eq!(len, 0);
            return None;
        }
        let (off, len) = (strings_at + off as usize, len as usize);
        assert!(off + len < b.len(), "slot out of the string area");
        assert_eq!(b[off + len], 0, "a NUL after every string");
        Some(&b[off..off + len])
    };
    let q = |s: Option<&[u8]>| match s {
        None => "null".to_string(),
        Some(s) => serde_json::to_string(std::str::from_utf8(s).unwrap()).unwrap(),
    };
    let action = [
        "route",
        "redirect",
        "rewrite_external",
        "respond",
        "options",
        "method_not_allowed",
        "not_found",
        "bad_request",
    ][h[2] as usize];
    let (pattern, kind, file) = (slot(), slot(), slot());
    let route = if h[4] & ROUTECORE_PACKED_ROUTE != 0 {
        format!(
            r#"{{"pattern":{},"kind":{},"file":{},"id":{id}}}"#,
            q(pattern),
            q(kind),
            q(file)
        )
    } else {
        assert!(pattern.is_none() && kind.is_none() && file.is_none() && id == 0);
        "null".to_string()
    };
    let (pathname, location, allow) = (q(slot()), q(slot()), q(slot()));
    let body = match slot() {
        None => "null".to_string(),
        Some(b) => serde_json::to_string(&String::from_utf8_lossy(b)).unwrap(),
    };
    let mut multimap = |count: u32| {
        let mut out = Vec::new();
        for _ in 0..count {
            let name = q(slot());
            let shape = shapes.next().unwrap();
            let value = if shape == ROUTECORE_PACKED_SINGLE {
                q(slot())
            } else {
                let v: Vec<String> = (0..shape).map(|_| q(slot())).collect();
                format!("[{}]", v.join(","))
            };
            out.push(format!("{name}:{value}"));
        }
        format!("{{{}}}", out.join(","))
    };
    let params = multimap(np);
    let query = multimap(nq);
    let rh: Vec<String> = (0..nr)
        .map(|_| format!("{}:{}", q(slot()), q(slot())))
        .collect();
    let sh: Vec<String> = (0..ns)
        .map(|_| format!("[{},{}]", q(slot()), q(slot())))
        .collect();
    let vary: Vec<String> = (0..nv).map(|_| q(slot())).collect();
    assert_eq!(used, n, "slots left unread");
    // The string area is exactly the slots' strings in order, each followed by a NUL.
    let mut area = Vec::new();
    for i in 0..n {
        let (off, len) = (
            u32_at(slots_at + 8 * i),
            u32_at(slots_at + 8 * i + 4) as usize,
        );
        if off != ROUTECORE_PACKED_ABSENT {
            assert_eq!(off as usize, area.len(), "slot {i} in order");
            let at = strings_at + off as usize;
            area.extend_from_slice(&b[at..at + len]);
        }
        area.push(0);
    }
    assert_eq!(&b[strings_at..], &area[..]);
    let flag = |f: u32| h[4] & f != 0;
    // The summary flags agree with the table and the shapes.
    let absent = |i: usize| u32_at(slots_at + 8 * i) == ROUTECORE_PACKED_ABSENT;
    assert_eq!(flag(ROUTECORE_PACKED_FILE), !absent(2));
    assert_eq!(flag(ROUTECORE_PACKED_PATHNAME), !absent(3));
    assert_eq!(flag(ROUTECORE_PACKED_LOCATION), !absent(4));
    assert_eq!(flag(ROUTECORE_PACKED_ALLOW), !absent(5));
    assert_eq!(flag(ROUTECORE_PACKED_BODY), !absent(6));
    let lists = |from: u32, to: u32| {
        (from..to).any(|i| u32_at(64 + 4 * i as usize) != ROUTECORE_PACKED_SINGLE)
    };
    assert_eq!(flag(ROUTECORE_PACKED_PARAM_LISTS), lists(0, np));
    assert_eq!(flag(ROUTECORE_PACKED_QUERY_LISTS), lists(np, np + nq));
    assert_eq!(
        flag(ROUTECORE_PACKED_REMOVALS),
        rh.iter().any(|h| h.ends_with(":null"))
    );
    assert!(h[4] < 1 << 12, "unknown flags");
    let cache = ["null", r#""static""#, r#""dynamic""#][h[5] as usize];
    let revalidate = if flag(ROUTECORE_PACKED_REVALIDATE) {
        h[6].to_string()
    } else {
        assert_eq!(h[6], 0);
        "null".to_string()
    };
    format!(
        concat!(
            r#"{{"action":"{}","status":{},"route":{},"params":{},"pathname":{},"query":{},"#,
            r#""location":{},"allow":{},"request_headers":{{{}}},"response_headers":[{}],"#,
            r#""body":{},"middleware":{},"cache":{},"revalidate":{},"head_via_get":{},"#,
            r#""vary":[{}],"reason":{}}}"#
        ),
        action,
        h[3],
        route,
        params,
        pathname,
        query,
        location,
        allow,
        rh.join(","),
        sh.join(","),
        body,
        flag(ROUTECORE_PACKED_MIDDLEWARE),
        cache,
        revalidate,
        flag(ROUTECORE_PACKED_HEAD_VIA_GET),
        vary.join(","),
        reason
    )
}

fn context_json(ctx: *const routecore_context) -> String {
    let mut buf = vec![0 as c_char; 64 << 10];
    let mut n = 0;
    let r = unsafe { routecore_context_json(ctx, buf.as_mut_ptr(), buf.len(), &mut n) };
    assert_eq!(r, routecore_result::Ok);
    String::from_utf8(buf[..n].iter().map(|&c| c as u8).collect()).unwrap()
}

fn context_packed(ctx: *const routecore_context) -> Vec<u8> {
    let mut needed = 0;
    let r = unsafe { routecore_context_packed(ctx, ptr::null_mut(), 0, &mut needed) };
    assert_eq!(r, routecore_result::InsufficientSize);
    let mut buf = vec![0xAAu8; needed];
    let mut again = 0;
    let r = unsafe { routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut again) };
    assert_eq!(r, routecore_result::Ok);
    assert_eq!(again, needed);
    buf
}

#[test]
fn the_packed_form_carries_the_json_form() {
    let shop = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/shop/routecore.json"
    ))
    .unwrap();
    // The shop, plus a rewrite that appends a catch-all param to the query (a list: an array
    // in the JSON form even with one value) and a body that is not UTF-8.
    let mut config: serde_json::Value = serde_json::from_str(&shop).unwrap();
    config["rewrites"]["afterFiles"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"source": "/old-docs/:path*", "destination": "/docs"}));
    let shop_router = router_from(&config.to_string());
    let bytes_router = router_from(
        r#"{"routes": [{"pattern": "/", "kind": "page"}],
            "middleware": {"rules": [{"if": {"source": "/bin"},
              "respond": {"status": 200, "body": "caf\u00e9 \u2603"}}]}}"#,
    );
    type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        ("GET", "/products/42?ref=home&utm=a&utm=b", vec![]),
        ("GET", "/categories/men/shoes/running", vec![]),
        ("GET", "/docs", vec![]),
        ("GET", "/docs/getting-started/install", vec![]),
        ("GET", "/blog/hello%20w%C3%B6rld?q=%E2%82%AC", vec![]),
        ("HEAD", "/about", vec![]),
        (
            "GET",
            "/",
            vec![
                ("cookie", "ab-home=b"),
                ("x-debug", "1"),
                ("x-middleware-next", "1"),
            ],
        ),
        ("GET", "/shop/7", vec![]),
        ("GET", "/account/orders/1", vec![]),
        ("GET", "/help", vec![]),
        ("GET", "/p/9?x=", vec![]),
        ("GET", "/cdn/img/a.png", vec![]),
        ("GET", "/old-docs/a", vec![]),
        ("GET", "/old-docs/a/b?path=z", vec![]),
        ("POST", "/api/products", vec![]),
        ("POST", "/api/products", vec![("authorization", "Bearer x")]),
        ("GET", "/nope/nothing", vec![]),
        ("PUT", "/api/health", vec![("authorization", "Bearer x")]),
        ("OPTIONS", "/api/products/42", vec![]),
        ("GET", "/a/%zz/../..", vec![]),
        ("GET", "no-slash", vec![]),
        ("BAD METHOD", "/", vec![]),
    ];
    let ctx = routecore_context_new();
    let mut actions = std::collections::BTreeSet::new();
    for (method, target, headers) in &cases {
        let req = Req::new(method, target, headers);
        let r = unsafe { routecore_match(shop_router, ctx, &req.raw()) };
        assert_eq!(r, routecore_result::Ok);
        let json = context_json(ctx);
        let packed = context_packed(ctx);
        assert_eq!(packed_to_json(&packed), json, "{method} {target}");
        if *target == "/old-docs/a" {
            assert!(json.contains(r#""query":{"path":["a"]}"#), "{json}");
        }
        actions.insert(unsafe { routecore_context_action(ctx) } as u32);
    }
    // All eight actions were seen.
    assert_eq!(actions.len(), 8, "{actions:?}");
    // Warm: the packed call allocates nothing, whatever the decision (query shapes included).
    let mut buf = vec![0u8; 64 << 10];
    for (method, target, headers) in &cases {
        let req = Req::new(method, target, headers);
        assert_eq!(
            unsafe { routecore_match(shop_router, ctx, &req.raw()) },
            routecore_result::Ok
        );
        let mut needed = 0;
        let n = allocations_in(|| {
            let r =
                unsafe { routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut needed) };
            assert_eq!(r, routecore_result::Ok);
        });
        assert_eq!(n, 0, "{method} {target}: {n} allocations");
    }

    // A respond body is exact bytes (the JSON form is lossy for non-UTF-8; this one is UTF-8).
    let req = Req::new("GET", "/bin", &[]);
    assert_eq!(
        unsafe { routecore_match(bytes_router, ctx, &req.raw()) },
        routecore_result::Ok
    );
    let packed = context_packed(ctx);
    assert_eq!(packed_to_json(&packed), context_json(ctx));
    let body = unsafe { routecore_context_body(ctx) };
    let body = unsafe { std::slice::from_raw_parts(body.ptr.cast::<u8>(), body.len) };
    assert!(packed.windows(body.len()).any(|w| w == body));

    // A buffer one byte short: INSUFFICIENT_SIZE with the size; exactly enough: OK.
    let mut needed = 0;
    let mut buf = vec![0u8; packed.len() - 1];
    let r = unsafe { routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut needed) };
    assert_eq!(
        (r, needed),
        (routecore_result::InsufficientSize, packed.len())
    );
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(shop_router);
        routecore_router_free(bytes_router);
    }
}

#[test]
fn packed_bad_calls_get_result_codes() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let mut buf = [0u8; 256];
    let mut needed = 12345;
    unsafe {
        // No decision yet.
        let r = routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut needed);
        assert_eq!((r, needed), (routecore_result::NoDecision, 12345));
        // NULLs.
        let r = routecore_context_packed(ptr::null(), buf.as_mut_ptr(), buf.len(), &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        let r = routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), ptr::null_mut());
        assert_eq!(r, routecore_result::NullParameter);
        let r = routecore_context_packed(ctx, ptr::null_mut(), 10, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        // Asking for the size, then a buffer too small, then enough.
        let req = Req::new("GET", "/api/users/7", &[]);
        assert_eq!(
            routecore_match(router, ctx, &req.raw()),
            routecore_result::Ok
        );
        let r = routecore_context_packed(ctx, ptr::null_mut(), 0, &mut needed);
        assert_eq!(r, routecore_result::InsufficientSize);
        assert!(needed > ROUTECORE_PACKED_HEADER_SIZE as usize && needed < buf.len());
        let r = routecore_context_packed(ctx, buf.as_mut_ptr(), 10, &mut needed);
        assert_eq!(r, routecore_result::InsufficientSize);
        let r = routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut needed);
        assert_eq!(r, routecore_result::Ok);
        assert_eq!(
            packed_to_json(&buf[..needed]),
            r#"{"action":"route","status":200,"route":{"pattern":"/api/users/[id]","kind":"route","file":null,"id":7},"params":{"id":"7"},"pathname":"/api/users/7","query":{},"location":null,"allow":null,"request_headers":{},"response_headers":[],"body":null,"middleware":false,"cache":"dynamic","revalidate":null,"head_via_get":false,"vary":[],"reason":null}"#
        );
        // A failed match leaves no decision.
        let bad = routecore_request {
            method: ptr::null(),
            method_len: 3,
            ..req.raw()
        };
        assert_ne!(routecore_match(router, ctx, &bad), routecore_result::Ok);
        let r = routecore_context_packed(ctx, buf.as_mut_ptr(), buf.len(), &mut needed);
        assert_eq!(r, routecore_result::NoDecision);
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn reasons_cross_the_abi_as_numbers_codes_and_texts() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    // No decision yet, then one reason per kind of answer.
    assert_eq!(
        unsafe { routecore_context_reason(ctx) },
        ROUTECORE_REASON_NONE
    );
    assert_eq!(
        unsafe { routecore_context_reason(ptr::null()) },
        ROUTECORE_REASON_NONE
    );
    for (method, target, code) in [
        ("GET", "/api/users/1", None),
        ("get", "/api/users/1", Some("method_case")),
        ("PUT", "/api/users/1", Some("method_not_allowed")),
        ("GET", "api/users/1", Some("target_not_origin_form")),
        ("GET", "/blog/%zz", Some("bad_escape")),
        ("GET", "/%zz", Some("no_route_bad_escape")),
        ("GET", "/nothing", Some("no_route")),
    ] {
        let req = Req::new(method, target, &[]);
        assert_eq!(
            unsafe { routecore_match(router, ctx, &req.raw()) },
            routecore_result::Ok
        );
        let n = unsafe { routecore_context_reason(ctx) };
        assert_eq!(
            s(routecore_reason_code(n)).as_deref(),
            code,
            "{method} {target}"
        );
        assert_eq!(n == ROUTECORE_REASON_NONE, code.is_none());
        if code.is_some() {
            let json: serde_json::Value = serde_json::from_str(&context_json(ctx)).unwrap();
            assert_eq!(json["reason"]["code"].as_str(), code);
            assert_eq!(
                json["reason"]["text"].as_str(),
                s(routecore_reason_text(n)).as_deref()
            );
        }
    }
    // Unknown numbers have no name.
    assert_eq!(s(routecore_reason_code(0)), None);
    assert_eq!(s(routecore_reason_text(10_000)), None);
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

/// The one-call functions (`routecore_match_packed`, `routecore_shared_match_packed`,
/// `routecore_match_target_packed`, `routecore_shared_match_target_packed`) write exactly
/// what `routecore_match` + `routecore_context_packed` write, leave the decision in the context
/// like `routecore_match`, and allocate nothing once warm.
#[test]
fn one_call_match_and_pack() {
    let router = router_from(CONFIG);
    let shared = common::shared_of(router);
    let ctx = routecore_context_new();
    type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        ("GET", "/api/users/42?x=1&x=2", vec![]),
        ("GET", "/api/users/42", vec![("cookie", "a=1")]),
        ("GET", "/shop/a/b/c", vec![]),
        ("GET", "/docs", vec![]),
        ("HEAD", "/blog/hello%20world", vec![]),
        ("POST", "/api/users/42", vec![]),
        ("OPTIONS", "/api/users/42", vec![]),
        ("GET", "/a//b", vec![]),
        ("GET", "/api/users/%zz", vec![]),
        ("GET", "/nope", vec![]),
        ("get", "no-slash", vec![]),
    ];
    let mut buf = vec![0u8; 64 << 10];
    for round in 0..2 {
        for (method, target, headers) in &cases {
            let req = Req::new(method, target, headers);
            let raw = req.raw();
            assert_eq!(
                unsafe { routecore_match(router, ctx, &raw) },
                routecore_result::Ok
            );
            let expected = context_packed(ctx);
            for way in 0..4 {
                if way >= 2 && !headers.is_empty() {
                    continue; // the target functions take no headers
                }
                buf.fill(0xAA);
                let mut needed = 0;
                let mut call = || unsafe {
                    let (m, ml) = cstr(method);
                    let (t, tl) = cstr(target);
                    let (b, n) = (buf.as_ptr().cast_mut(), buf.len());
                    let needed = &mut needed as *mut usize;
                    match way {
                        0 => routecore_match_packed(router, ctx, &raw, b, n, needed),
                        1 => routecore_shared_match_packed(shared, ctx, &raw, b, n, needed),
                        2 => routecore_match_target_packed(router, ctx, m, ml, t, tl, b, n, needed),
                        _ => routecore_shared_match_target_packed(
                            shared, ctx, m, ml, t, tl, b, n, needed,
                        ),
                    }
                };
                let allocations = allocations_in(|| {
                    assert_eq!(call(), routecore_result::Ok);
                });
                if round == 1 {
                    assert_eq!(allocations, 0, "{method} {target} ({way}): allocations");
                }
                assert_eq!(&buf[..needed], &expected[..], "{method} {target} ({way})");
                // The decision stays in the context, as after routecore_match.
                assert_eq!(context_packed(ctx), expected);
            }
        }
    }

    // Too small: INSUFFICIENT_SIZE with the size, and the decision is in the context.
    let (m, ml) = cstr("GET");
    let (t, tl) = cstr("/api/users/7");
    let mut needed = 0;
    let r = unsafe {
        routecore_match_target_packed(router, ctx, m, ml, t, tl, buf.as_mut_ptr(), 10, &mut needed)
    };
    assert_eq!(r, routecore_result::InsufficientSize);
    let expected = context_packed(ctx);
    assert_eq!(needed, expected.len());
    let r = unsafe {
        routecore_match_target_packed(router, ctx, m, ml, t, tl, ptr::null_mut(), 0, &mut needed)
    };
    assert_eq!(
        (r, needed),
        (routecore_result::InsufficientSize, expected.len())
    );
    assert_eq!(unsafe { routecore_context_status(ctx) }, 200);

    // Bad calls: the match's result codes, and then no decision.
    let b = buf.as_mut_ptr();
    let n = buf.len();
    let no_decision = |ctx| unsafe {
        routecore_context_packed(ctx, b, n, &mut 0) == routecore_result::NoDecision
    };
    unsafe {
        let ok = |r| assert_eq!(r, routecore_result::Ok);
        ok(routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            tl,
            b,
            n,
            &mut needed,
        ));
        let r = routecore_match_target_packed(router, ctx, m, ml, t, tl, b, n, ptr::null_mut());
        assert_eq!(r, routecore_result::NullParameter);
        assert!(no_decision(ctx));
        ok(routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            tl,
            b,
            n,
            &mut needed,
        ));
        let r = routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            tl,
            ptr::null_mut(),
            8,
            &mut needed,
        );
        assert_eq!(r, routecore_result::NullParameter);
        assert!(no_decision(ctx));
        ok(routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            tl,
            b,
            n,
            &mut needed,
        ));
        let r = routecore_match_target_packed(ptr::null(), ctx, m, ml, t, tl, b, n, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        assert!(no_decision(ctx));
        let r =
            routecore_shared_match_target_packed(ptr::null(), ctx, m, ml, t, tl, b, n, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        let r =
            routecore_match_target_packed(router, ptr::null_mut(), m, ml, t, tl, b, n, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        ok(routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            tl,
            b,
            n,
            &mut needed,
        ));
        let r =
            routecore_match_target_packed(router, ctx, ptr::null(), 3, t, tl, b, n, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        assert!(no_decision(ctx));
        let r = routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            ROUTECORE_MAX_INPUT_BYTES + 1,
            b,
            n,
            &mut needed,
        );
        assert_eq!(r, routecore_result::LengthLimit);
        let r = routecore_match_packed(router, ctx, ptr::null(), b, n, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        let r = routecore_shared_match_packed(shared, ctx, ptr::null(), b, n, &mut needed);
        assert_eq!(r, routecore_result::NullParameter);
        assert!(no_decision(ctx));
        // NULL with length 0 is an empty view: a request (a 400), not an error.
        ok(routecore_match_target_packed(
            router,
            ctx,
            ptr::null(),
            0,
            ptr::null(),
            0,
            b,
            n,
            &mut needed,
        ));
        assert_eq!(routecore_context_status(ctx), 400);

        routecore_shared_free(shared);
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

/// A context reuses its reference to the router it matched on last (no reference-count
/// update), and still keeps that router alive when the caller frees its handle.
#[test]
fn a_context_keeps_the_router_it_matched_on() {
    let a = router_from(CONFIG);
    let b = router_from(r#"{"routes": [{"pattern": "/b", "kind": "page", "id": 3}]}"#);
    let ctx = routecore_context_new();
    let req = Req::new("GET", "/api/users/1", &[]);
    unsafe {
        assert_eq!(routecore_match(a, ctx, &req.raw()), routecore_result::Ok);
        assert_eq!(routecore_match(a, ctx, &req.raw()), routecore_result::Ok);
        routecore_router_free(a);
        // The context's reference keeps the decision readable.
        assert_eq!(
            s(routecore_context_route_pattern(ctx)).as_deref(),
            Some("/api/users/[id]")
        );
        // Another router: the old reference is released (the first router is freed here).
        let req = Req::new("GET", "/b", &[]);
        assert_eq!(routecore_match(b, ctx, &req.raw()), routecore_result::Ok);
        let mut id = 0;
        assert!(routecore_context_route_id(ctx, &mut id));
        assert_eq!(id, 3);
        routecore_context_free(ctx);
        routecore_router_free(b);
    }
}
