//! `routecore_match_args_packed`, `routecore_match_args_request_packed` and
//! `routecore_match_args_fields_packed`: the same match and the same packed decision as the
//! one-call functions they wrap, after a prefix whose route
//! token and params span agree with the decision; every refused argument; allocation-free once
//! warm.

use routecore_ffi::context::*;
use routecore_ffi::decision::routecore_context_status;
use routecore_ffi::packed::*;
use routecore_ffi::py_fast::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
use routecore_ffi::shared::*;
mod common;

use common::{cstr, router_from};
use routecore_testkit::alloc::{CountingAlloc, allocations_in};
use std::ptr;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

const CONFIG: &str = r#"{"routes": [
  {"pattern": "/api/users/[id]", "kind": "route", "methods": ["GET", "DELETE"], "id": 7},
  {"pattern": "/api/users/[id]/posts/[post]", "kind": "route", "methods": ["GET"], "id": 11},
  {"pattern": "/shop/[...slug]", "kind": "page", "id": 8},
  {"pattern": "/docs/[[...slug]]", "kind": "page", "id": 9, "dynamic": "force-static"},
  {"pattern": "/blog/[slug]", "kind": "page", "id": 10, "revalidate": 60}
]}"#;

const PREFIX: usize = ROUTECORE_MATCH_ARGS_PREFIX as usize;

fn u32_at(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// The packed form `routecore_match_target_packed` writes for this request (the reference).
fn reference(
    router: *const routecore_router,
    ctx: *mut routecore_context,
    method: &str,
    target: &str,
) -> Vec<u8> {
    let mut buf = vec![0u8; 64 << 10];
    let mut needed = 0;
    let (m, ml) = cstr(method);
    let (t, tl) = cstr(target);
    let r = unsafe {
        routecore_match_target_packed(
            router,
            ctx,
            m,
            ml,
            t,
            tl,
            buf.as_mut_ptr(),
            buf.len(),
            &mut needed,
        )
    };
    assert_eq!(r, routecore_result::Ok);
    buf.truncate(needed);
    buf
}

fn args(
    router: *const routecore_router,
    shared: *const routecore_shared,
    ctx: *mut routecore_context,
    buf: &mut [u8],
) -> routecore_match_args {
    routecore_match_args {
        router,
        shared,
        ctx,
        buf: buf.as_mut_ptr(),
        len: buf.len(),
        needed: 0,
    }
}

fn call(a: &mut routecore_match_args, method: &str, target: &str) -> routecore_result {
    let (m, ml) = cstr(method);
    let (t, tl) = cstr(target);
    unsafe { routecore_match_args_packed(a, m, ml as u32, t, tl as u32) }
}

/// The params' strings of a packed form, read through its slot table (the reference for the
/// prefix's span).
fn params_text(p: &[u8]) -> Vec<u8> {
    let params = u32_at(p, 28);
    let query = u32_at(p, 32);
    let slots = u32_at(p, 48);
    let slots_at = 64 + 4 * (params + query);
    let strings_at = slots_at + 8 * slots;
    let mut taken = 0;
    for i in 0..params {
        taken += match u32_at(p, 64 + 4 * i) as u32 {
            ROUTECORE_PACKED_SINGLE => 2,
            n => 1 + n as usize,
        };
    }
    let mut out = Vec::new();
    for slot in 7..7 + taken {
        let (off, len) = (
            u32_at(p, slots_at + 8 * slot),
            u32_at(p, slots_at + 8 * slot + 4),
        );
        out.extend_from_slice(&p[strings_at + off..strings_at + off + len]);
        out.push(0);
    }
    out
}

#[test]
fn the_packed_form_after_a_prefix_that_agrees_with_it() {
    let router = router_from(CONFIG);
    let shared = common::shared_of(router);
    let ctx = routecore_context_new();
    let cases = [
        ("GET", "/api/users/42?x=1&x=2"),
        ("GET", "/api/users/43"),
        ("GET", "/api/users/42/posts/p%20q"),
        ("GET", "/shop/a/b/c"),
        ("GET", "/docs"),
        ("HEAD", "/blog/hello%00world"),
        ("POST", "/api/users/42"),
        ("OPTIONS", "/api/users/42"),
        ("GET", "/a//b"),
        ("GET", "/nope"),
        ("get", "no-slash"),
    ];
    let mut tokens: Vec<(String, u64)> = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    for round in 0..2 {
        for (method, target) in cases {
            let expected = reference(router, ctx, method, target);
            for on_shared in [false, true] {
                buf.fill(0xAA);
                let mut a = if on_shared {
                    args(ptr::null(), shared, ctx, &mut buf)
                } else {
                    args(router, ptr::null(), ctx, &mut buf)
                };
                let allocations = allocations_in(|| {
                    assert_eq!(call(&mut a, method, target), routecore_result::Ok);
                });
                if round == 1 {
                    assert_eq!(allocations, 0, "{method} {target}: allocations");
                }
                assert_eq!(a.needed, PREFIX + expected.len(), "{method} {target}");
                let packed = &buf[PREFIX..a.needed];
                assert_eq!(packed, &expected[..], "{method} {target}");
                // The prefix: a token exactly when a route matched, the params' span.
                let token = u64_at(&buf, 0);
                let routed = u32_at(packed, 16) & ROUTECORE_PACKED_ROUTE as usize != 0;
                assert_eq!(token != 0, routed, "{method} {target}");
                let (start, end) = (u32_at(&buf, 8), u32_at(&buf, 12));
                if u32_at(packed, 28) == 0 {
                    assert_eq!((start, end), (0, 0));
                } else {
                    assert_eq!(
                        buf[start..end],
                        params_text(packed)[..],
                        "{method} {target}"
                    );
                }
                if routed {
                    let pattern = {
                        let slots_at = 64 + 4 * (u32_at(packed, 28) + u32_at(packed, 32));
                        let strings_at = slots_at + 8 * u32_at(packed, 48);
                        let len = u32_at(packed, slots_at + 4);
                        String::from_utf8(packed[strings_at..strings_at + len].to_vec()).unwrap()
                    };
                    tokens.push((pattern, token));
                }
            }
        }
    }
    // One token per route: equal for the same pattern, different for different ones.
    for (p, t) in &tokens {
        for (q, u) in &tokens {
            assert_eq!(p == q, t == u, "{p} {q}");
        }
    }
    unsafe {
        routecore_context_free(ctx);
        routecore_shared_free(shared);
        routecore_router_free(router);
    }
}

#[test]
fn a_request_with_headers_matches_like_routecore_match_packed() {
    let router = router_from(CONFIG);
    let ctx = routecore_context_new();
    let hs = common::headers(&[("cookie", "a=1"), ("x-a", "b")]);
    let req = common::request("GET", "/api/users/5", &hs);
    let mut expected = vec![0u8; 64 << 10];
    let mut n = 0;
    let r = unsafe {
        routecore_match_packed(
            router,
            ctx,
            &req,
            expected.as_mut_ptr(),
            expected.len(),
            &mut n,
        )
    };
    assert_eq!(r, routecore_result::Ok);
    expected.truncate(n);
    let mut buf = vec![0u8; 64 << 10];
    let mut a = args(router, ptr::null(), ctx, &mut buf);
    for round in 0..2 {
        let allocations = allocations_in(|| {
            assert_eq!(
                unsafe { routecore_match_args_request_packed(&mut a, &req) },
                routecore_result::Ok
            );
        });
        if round == 1 {
            assert_eq!(allocations, 0);
        }
    }
    assert_eq!(&buf[PREFIX..a.needed], &expected[..]);
    assert_ne!(u64_at(&buf, 0), 0);
    assert_eq!(&buf[u32_at(&buf, 8)..u32_at(&buf, 12)], b"id\x005\x00");
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

#[test]
fn refused_arguments_and_small_buffers() {
    let router = router_from(CONFIG);
    let shared = common::shared_of(router);
    let ctx = routecore_context_new();
    let mut buf = vec![0u8; 4096];
    let no_decision = |ctx| unsafe { routecore_context_status(ctx) } == 0;
    let (m, ml) = cstr("GET");
    let (t, tl) = cstr("/api/users/1");

    // NULL block.
    let r = unsafe { routecore_match_args_packed(ptr::null_mut(), m, ml as u32, t, tl as u32) };
    assert_eq!(r, routecore_result::NullParameter);
    let hs = common::headers::<&str, &str>(&[]);
    let req = common::request("GET", "/api/users/1", &hs);
    let r = unsafe { routecore_match_args_request_packed(ptr::null_mut(), &req) };
    assert_eq!(r, routecore_result::NullParameter);

    // Neither router nor shared router; both: refused, and the context holds no decision.
    for (rt, sh, want) in [
        (ptr::null(), ptr::null(), routecore_result::NullParameter),
        (
            router,
            shared.cast_const(),
            routecore_result::InvalidArgument,
        ),
    ] {
        let mut a = args(router, ptr::null(), ctx, &mut buf);
        assert_eq!(call(&mut a, "GET", "/api/users/1"), routecore_result::Ok);
        assert!(!no_decision(ctx));
        let mut a = args(rt, sh, ctx, &mut buf);
        assert_eq!(call(&mut a, "GET", "/api/users/1"), want);
        assert_eq!(a.needed, 0, "left alone");
        assert!(no_decision(ctx));
        let r = unsafe { routecore_match_args_request_packed(&mut a, &req) };
        assert_eq!(r, want);
    }

    // A NULL buffer with a length; a NULL request; NULL views with lengths.
    let mut a = args(router, ptr::null(), ctx, &mut buf);
    a.buf = ptr::null_mut();
    assert_eq!(call(&mut a, "GET", "/"), routecore_result::NullParameter);
    let mut a = args(router, ptr::null(), ctx, &mut buf);
    let r = unsafe { routecore_match_args_request_packed(&mut a, ptr::null()) };
    assert_eq!(r, routecore_result::NullParameter);
    let r = unsafe { routecore_match_args_packed(&mut a, ptr::null(), 3, t, tl as u32) };
    assert_eq!(r, routecore_result::NullParameter);
    let r = unsafe { routecore_match_args_packed(&mut a, m, ml as u32, ptr::null(), 4) };
    assert_eq!(r, routecore_result::NullParameter);

    // Over the input bound: refused before anything is read (the pointer is not even valid
    // for that length).
    let over = (ROUTECORE_MAX_INPUT_BYTES + 1) as u32;
    let r = unsafe { routecore_match_args_packed(&mut a, m, ml as u32, t, over) };
    assert_eq!(r, routecore_result::LengthLimit);
    let r = unsafe { routecore_match_args_packed(&mut a, m, u32::MAX, t, tl as u32) };
    assert_eq!(r, routecore_result::LengthLimit);

    // Too small, smaller than the prefix, or asked with NULL, 0: INSUFFICIENT_SIZE with the
    // size of prefix + packed form, and the decision in the context.
    let full = {
        let mut a = args(router, ptr::null(), ctx, &mut buf);
        assert_eq!(call(&mut a, "GET", "/api/users/1"), routecore_result::Ok);
        a.needed
    };
    for len in [full - 1, PREFIX + 3, PREFIX, 3, 0] {
        let mut a = args(router, ptr::null(), ctx, &mut buf);
        a.len = len;
        if len == 0 {
            a.buf = ptr::null_mut();
        }
        assert_eq!(
            call(&mut a, "GET", "/api/users/1"),
            routecore_result::InsufficientSize
        );
        assert_eq!(a.needed, full, "len {len}");
        assert_eq!(unsafe { routecore_context_status(ctx) }, 200);
    }
    unsafe {
        routecore_context_free(ctx);
        routecore_shared_free(shared);
        routecore_router_free(router);
    }
}

fn find(a: &mut routecore_match_args, method: &str, target: &str) -> routecore_result {
    let (m, ml) = cstr(method);
    let (t, tl) = cstr(target);
    unsafe { routecore_find_args(a, m, ml as u32, t, tl as u32) }
}

/// `routecore_find_args`: the token and params of a plain route decision (the same token as
/// `routecore_match_args_packed`'s), 0 for every other decision, which stays in the context.
#[test]
fn find_writes_the_params_of_a_plain_route_decision() {
    let config = r#"{"routes": [
      {"pattern": "/api/users/[id]", "kind": "route", "methods": ["GET"], "id": 7},
      {"pattern": "/shop/[...slug]", "kind": "page", "id": 8},
      {"pattern": "/docs/[[...slug]]", "kind": "page", "id": 9},
      {"pattern": "/blog/[slug]", "kind": "page", "id": 10}
    ], "headers": [{"source": "/blog/:slug", "headers": [{"key": "x-h", "value": "1"}]}]}"#;
    let router = router_from(config);
    let ctx = routecore_context_new();
    let mut buf = vec![0u8; 4096];
    type Case<'a> = (&'a str, &'a str, Option<(u64, u32, &'a [u8])>);
    let single = ROUTECORE_PACKED_SINGLE.to_le_bytes();
    let cases: Vec<Case> = vec![
        ("GET", "/api/users/42?x=1", Some((7, 0, b"id\x0042\x00"))),
        (
            "GET",
            "/shop/a/b",
            Some((8, ROUTECORE_FIND_LISTS, b"slug\x00a\x00b\x00")),
        ),
        ("GET", "/docs", Some((9, 0, b""))),
        (
            "GET",
            "/api/users/a%00b",
            Some((7, ROUTECORE_FIND_NUL, b"id\x00a\x00b\x00")),
        ),
        ("GET", "/blog/x", None),       // a response header to add
        ("HEAD", "/api/users/1", None), // HEAD through GET
        ("POST", "/api/users/1", None), // 405
        ("GET", "/nope", None),
        ("get", "x", None),
    ];
    for round in 0..2 {
        for (method, target, want) in &cases {
            buf.fill(0xAA);
            let mut a = args(router, ptr::null(), ctx, &mut buf);
            let allocations = allocations_in(|| {
                assert_eq!(find(&mut a, method, target), routecore_result::Ok);
            });
            if round == 1 {
                assert_eq!(allocations, 0, "{method} {target}");
            }
            let token = u64_at(&buf, 0);
            // The decision is in the context, as after routecore_match.
            assert_ne!(unsafe { routecore_context_status(ctx) }, 0);
            let Some((id, flags, strings)) = want else {
                assert_eq!(token, 0, "{method} {target}");
                assert_eq!(a.needed, 32);
                continue;
            };
            // The same token as the packed match's prefix.
            let mut b = vec![0u8; 4096];
            let mut p = args(router, ptr::null(), ctx, &mut b);
            assert_eq!(call(&mut p, method, target), routecore_result::Ok);
            assert_eq!(token, u64_at(&b, 0), "{method} {target}");
            assert_ne!(token, 0);
            assert_eq!(u64_at(&buf, 8), *id);
            let count = u32_at(&buf, 16);
            assert_eq!(u32_at(&buf, 20) as u32, *flags, "{method} {target}");
            let end = u32_at(&buf, 24);
            assert_eq!(end, a.needed);
            assert_eq!(&buf[32 + 4 * count..end], *strings, "{method} {target}");
            if *flags & ROUTECORE_FIND_LISTS != 0 {
                assert_eq!(buf[32..36], 2u32.to_le_bytes());
            } else if count > 0 {
                assert_eq!(buf[32..36], single);
            }
        }
    }
    // Too small: INSUFFICIENT_SIZE with the size; the decision is in the context.
    let mut a = args(router, ptr::null(), ctx, &mut buf);
    a.len = 33;
    assert_eq!(
        find(&mut a, "GET", "/api/users/42"),
        routecore_result::InsufficientSize
    );
    assert_eq!(a.needed, 32 + 4 + 6); // header, one shape, "id\0" "42\0"
    assert_eq!(unsafe { routecore_context_status(ctx) }, 200);
    a.buf = ptr::null_mut();
    assert_eq!(
        find(&mut a, "GET", "/api/users/42"),
        routecore_result::NullParameter
    );
    assert_eq!(
        unsafe { routecore_find_args(ptr::null_mut(), ptr::null(), 0, ptr::null(), 0) },
        routecore_result::NullParameter
    );
    let mut a = args(ptr::null(), ptr::null(), ctx, &mut buf);
    assert_eq!(
        find(&mut a, "GET", "/docs"),
        routecore_result::NullParameter
    );
    assert_eq!(unsafe { routecore_context_status(ctx) }, 0);
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}

/// A request as `routecore_match_args_fields_packed` takes it: its fields joined with NUL
/// bytes, and their count.
fn joined(
    method: &[u8],
    target: &[u8],
    host: &[u8],
    headers: &[(Vec<u8>, Vec<u8>)],
) -> (Vec<u8>, u32) {
    let mut fields: Vec<&[u8]> = vec![method, target, host];
    for (n, v) in headers {
        fields.push(n);
        fields.push(v);
    }
    (fields.join(&0u8), fields.len() as u32)
}

fn call_fields(a: &mut routecore_match_args, run: &[u8], count: u32) -> routecore_result {
    unsafe { routecore_match_args_fields_packed(a, run.as_ptr().cast(), run.len() as u32, count) }
}

fn json_bytes(v: &serde_json::Value) -> Vec<u8> {
    v.as_str().unwrap_or_default().as_bytes().to_vec()
}

/// Every case of every vector file, on a router and on a shared router: the fields form gives
/// the packed decision `routecore_match_packed` gives for the same `routecore_request` (host,
/// headers and all), and refuses exactly the cases where some field holds a NUL byte.
#[test]
fn fields_decide_every_vector_like_a_routecore_request() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let ctx = routecore_context_new();
    let mut want = vec![0u8; 64 << 10];
    let mut buf = vec![0u8; 64 << 10];
    let (mut compared, mut with_headers, mut refused) = (0, 0, 0);
    for file in files {
        let data: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for group in data["groups"].as_array().unwrap() {
            if group.get("expect_errors").is_some() {
                continue;
            }
            let router = router_from(&group["config"].to_string());
            let shared = common::shared_of(router);
            for (i, case) in group["cases"].as_array().unwrap().iter().enumerate() {
                let what = format!("{} / {} / case {i}", file.display(), group["name"]);
                let method = json_bytes(&case["method"]);
                let target = json_bytes(&case["url"]);
                let host = json_bytes(&case["host"]);
                let headers: Vec<(Vec<u8>, Vec<u8>)> = case["headers"]
                    .as_array()
                    .map(|hs| {
                        hs.iter()
                            .map(|h| (json_bytes(&h[0]), json_bytes(&h[1])))
                            .collect()
                    })
                    .unwrap_or_default();
                let hs = common::headers(&headers);
                let mut req = common::request("", "", &hs);
                (req.method, req.method_len) = (method.as_ptr().cast(), method.len());
                (req.target, req.target_len) = (target.as_ptr().cast(), target.len());
                if !host.is_empty() {
                    (req.host, req.host_len) = (host.as_ptr().cast(), host.len());
                }
                let mut n = 0;
                let r = unsafe {
                    routecore_match_packed(router, ctx, &req, want.as_mut_ptr(), want.len(), &mut n)
                };
                assert_eq!(r, routecore_result::Ok, "{what}");
                let (run, count) = joined(&method, &target, &host, &headers);
                let holds_nul = [&method, &target, &host]
                    .into_iter()
                    .chain(headers.iter().flat_map(|(n, v)| [n, v]))
                    .any(|f| f.contains(&0));
                for on_shared in [false, true] {
                    let mut a = if on_shared {
                        args(ptr::null(), shared, ctx, &mut buf)
                    } else {
                        args(router, ptr::null(), ctx, &mut buf)
                    };
                    let r = call_fields(&mut a, &run, count);
                    if holds_nul {
                        assert_eq!(r, routecore_result::InvalidArgument, "{what}");
                        assert_eq!(unsafe { routecore_context_status(ctx) }, 0, "{what}");
                        refused += 1;
                        continue;
                    }
                    assert_eq!(r, routecore_result::Ok, "{what}");
                    assert_eq!(&buf[PREFIX..a.needed], &want[..n], "{what}");
                    compared += 1;
                    with_headers += usize::from(!headers.is_empty() || !host.is_empty());
                }
            }
            unsafe {
                routecore_shared_free(shared);
                routecore_router_free(router);
            }
        }
    }
    // The vectors hold hundreds of cases, many with headers or a host (checked, so that a
    // loader that silently read nothing cannot pass).
    assert!(compared > 1000, "{compared} cases compared");
    assert!(
        with_headers > 200,
        "{with_headers} cases with headers or a host"
    );
    println!("{compared} compared ({with_headers} with headers or a host), {refused} refused");
    unsafe { routecore_context_free(ctx) };
}

#[test]
fn fields_allocate_nothing_once_warm_and_refuse_what_they_cannot_cut() {
    let router = router_from(CONFIG);
    let shared = common::shared_of(router);
    let ctx = routecore_context_new();
    let mut buf = vec![0u8; 4096];
    let no_decision = |ctx| unsafe { routecore_context_status(ctx) } == 0;
    let headers = [
        (b"host".to_vec(), b"example.com".to_vec()),
        (b"cookie".to_vec(), b"a=1".to_vec()),
        (b"x-empty".to_vec(), b"".to_vec()),
    ];
    let (run, count) = joined(b"GET", b"/api/users/5", b"", &headers);
    assert_eq!(count, 9);
    // Everything on a router, then on a shared router.
    for on_shared in [false, true] {
        let mut a = if on_shared {
            args(ptr::null(), shared, ctx, &mut buf)
        } else {
            args(router, ptr::null(), ctx, &mut buf)
        };
        for round in 0..2 {
            let allocations = allocations_in(|| {
                assert_eq!(call_fields(&mut a, &run, count), routecore_result::Ok);
            });
            if round == 1 {
                assert_eq!(allocations, 0);
            }
        }
        assert_eq!(&buf[u32_at(&buf, 8)..u32_at(&buf, 12)], b"id\x005\x00");
        let ok = |a: &mut routecore_match_args| {
            assert_eq!(call_fields(a, &run, count), routecore_result::Ok);
            assert!(!no_decision(ctx));
        };

        // A value that tries to add a header of its own (`Host`) with NUL bytes: the caller's
        // count is of the fields it joined, so the run cuts into more pieces and is refused.
        let smuggled = [(b"x-a".to_vec(), b"1\0host\0evil.example".to_vec())];
        let (bad, bad_count) = joined(b"GET", b"/api/users/5", b"", &smuggled);
        ok(&mut a);
        assert_eq!(
            call_fields(&mut a, &bad, bad_count),
            routecore_result::InvalidArgument
        );
        assert!(no_decision(ctx));
        // A NUL in the target, the method or the host alike.
        for (m, t, h) in [
            (&b"GET"[..], &b"/a\0b"[..], &b""[..]),
            (b"G\0T", b"/", b""),
            (b"GET", b"/", b"a\0b"),
        ] {
            let (bad, bad_count) = joined(m, t, h, &[]);
            ok(&mut a);
            assert_eq!(
                call_fields(&mut a, &bad, bad_count),
                routecore_result::InvalidArgument
            );
            assert!(no_decision(ctx));
        }
        // Counts that do not fit the run: even, under 3, one more or one less than its pieces,
        // and a trailing NUL (one empty piece more).
        let mut trailing = run.clone();
        trailing.push(0);
        for (r, c) in [
            (&run, count - 1),
            (&run, count + 1),
            (&run, count + 2),
            (&run, count - 2),
            (&run, 1),
            (&run, 0),
            (&trailing, count),
        ] {
            ok(&mut a);
            assert_eq!(
                call_fields(&mut a, r, c),
                routecore_result::InvalidArgument,
                "count {c}"
            );
            assert!(no_decision(ctx));
        }
        // Over the ABI bounds: a field over ROUTECORE_MAX_INPUT_BYTES, or more headers than
        // ROUTECORE_MAX_HEADERS (refused before the run is read).
        let long = vec![b'a'; ROUTECORE_MAX_INPUT_BYTES + 1];
        let (over, over_count) = joined(b"GET", b"/", b"", &[(b"x-long".to_vec(), long)]);
        ok(&mut a);
        assert_eq!(
            call_fields(&mut a, &over, over_count),
            routecore_result::LengthLimit
        );
        assert!(no_decision(ctx));
        let many = 3 + 2 * (ROUTECORE_MAX_HEADERS as u32 + 1);
        ok(&mut a);
        assert_eq!(
            call_fields(&mut a, &run, many),
            routecore_result::LengthLimit
        );
        assert!(no_decision(ctx));
    }
    let mut a = args(router, ptr::null(), ctx, &mut buf);
    // NULL run with a length; NULL block.
    let r = unsafe { routecore_match_args_fields_packed(&mut a, ptr::null(), 5, 3) };
    assert_eq!(r, routecore_result::NullParameter);
    let r = unsafe {
        routecore_match_args_fields_packed(
            ptr::null_mut(),
            run.as_ptr().cast(),
            run.len() as u32,
            count,
        )
    };
    assert_eq!(r, routecore_result::NullParameter);
    // An empty run is one empty field: not the three a request needs.
    let r = unsafe { routecore_match_args_fields_packed(&mut a, ptr::null(), 0, 3) };
    assert_eq!(r, routecore_result::InvalidArgument);
    unsafe {
        routecore_context_free(ctx);
        routecore_shared_free(shared);
        routecore_router_free(router);
    }
}

/// Native time per call of the Python fast paths against `routecore_match` alone, over the
/// requests of `$ROUTECORE_PY_FAST_BENCH` (`{"config": ..., "requests": [[method, target]]}`).
/// `cargo test -p routecore-ffi --release --test py_fast native_cost -- --ignored --nocapture`
#[test]
#[ignore]
fn native_cost() {
    let Ok(path) = std::env::var("ROUTECORE_PY_FAST_BENCH") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let config_at = text.find("\"config\": ").unwrap() + 10;
    let requests_at = text.find(", \"requests\": ").unwrap();
    let config = &text[config_at..requests_at];
    let list = &text[requests_at + 14..text.len() - 1];
    let reqs: Vec<(String, String)> = list
        .trim_matches(|c| c == '[' || c == ']')
        .split("], [")
        .map(|p| {
            let (m, t) = p.split_once(", ").unwrap();
            (
                m.trim_matches('"').to_string(),
                t.trim_matches('"').to_string(),
            )
        })
        .collect();
    let router = router_from(config);
    let ctx = routecore_context_new();
    let mut buf = vec![0u8; 4096];
    let mut a = args(router, ptr::null(), ctx, &mut buf);
    let rounds = 2000;
    let time = |name: &str, f: &mut dyn FnMut(&str, &str)| {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = std::time::Instant::now();
            for _ in 0..rounds {
                for (m, p) in &reqs {
                    f(m, p);
                }
            }
            best = best.min(t.elapsed().as_nanos() as f64 / (rounds * reqs.len()) as f64);
        }
        println!("{name:40} {best:6.1} ns");
    };
    let hs = common::headers::<&str, &str>(&[]);
    time("routecore_match", &mut |m, p| {
        let req = common::request(m, p, &hs);
        assert_eq!(
            unsafe { routecore_match(router, ctx, &req) },
            routecore_result::Ok
        );
    });
    time("routecore_match_args_packed", &mut |m, p| {
        assert_eq!(call(&mut a, m, p), routecore_result::Ok);
    });
    time("routecore_find_args", &mut |m, p| {
        assert_eq!(find(&mut a, m, p), routecore_result::Ok);
    });
    unsafe {
        routecore_context_free(ctx);
        routecore_router_free(router);
    }
}
