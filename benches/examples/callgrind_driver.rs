//! Runs N lookups of one headline case through one router, for instruction counting under
//! `valgrind --tool=callgrind` (see `benches/callgrind.sh`, which runs it twice with different
//! N and divides the difference, so building the router is not counted).
//!
//! Usage: `callgrind_driver <routecore|routecore_headers|matchit|fxhashmap> <case> <iterations>`
//! (`routecore_headers`: every request with a browser's usual headers), where case is
//! `github130` (one iteration = the 130 GitHub lookups) or a name from
//! `routecore_benches::cases::cases()` (`fxhashmap` only has `static`); or
//! `callgrind_driver shop <full|bare> <iterations>` for the example shop's request mix; or
//! `callgrind_driver c_abi github130 <iterations>`: the same lookups through `routecore_match`
//! in `target/release/libroutecore.so` (or `$ROUTECORE_FFI_LIB`), and `c_abi_params` with
//! every param read after each (`routecore_context_params`); or
//! `callgrind_driver scaling <routes> <iterations>`: the scaling lookups on a generated tree.

use routecore::{Context, Request};
use routecore_benches::cases::{self, Case};
use routecore_benches::{decide_route, generate, github, github_router, routecore_router, shop};
use rustc_hash::FxHashMap;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, router, case, n] = &args[..] else {
        eprintln!("usage: callgrind_driver <routecore|matchit|fxhashmap> <case> <iterations>");
        std::process::exit(2);
    };
    let n: u64 = n.parse().expect("iterations is a number");
    if router == "scaling" {
        let r = generate::router(case.parse().expect("a route count"));
        let lookups = generate::lookups();
        let mut ctx = Context::new();
        let mut found = 0u64;
        for _ in 0..n {
            for (path, _) in black_box(&lookups) {
                found += u64::from(
                    r.decide(&Request::new("GET", path), &mut ctx)
                        .route()
                        .is_some(),
                );
            }
        }
        println!("{found}");
        return;
    }
    if router == "shop" {
        let (full, bare) = shop::routers();
        let r = if case == "full" { full } else { bare };
        let requests = shop::requests();
        let mut ctx = Context::new();
        let mut total = 0u64;
        for _ in 0..n {
            for req in black_box(&requests) {
                total += u64::from(r.decide(req, &mut ctx).status());
            }
        }
        println!("{total}");
        return;
    }
    let paths: Vec<String> = if case == "github130" {
        github::lookups().iter().map(|p| p.to_string()).collect()
    } else {
        let Some(Case { path, .. }) = cases::cases().into_iter().find(|c| c.name == case) else {
            eprintln!("unknown case {case}");
            std::process::exit(2);
        };
        vec![path]
    };
    let mut found = 0u64;
    match router.as_str() {
        "c_abi" => found = c_abi(&paths, n, false),
        "c_abi_params" => found = c_abi(&paths, n, true),
        "routecore_headers" => found = with_headers(case, &paths, n),
        "routecore" => {
            let r = case_router(case);
            let mut ctx = Context::new();
            for _ in 0..n {
                for p in black_box(&paths) {
                    let d = r.decide(&Request::new("GET", p), &mut ctx);
                    found += u64::from(d.route().is_some());
                }
            }
            // The lookups must be the ones the benches make.
            if case != "miss" {
                for p in &paths {
                    decide_route(&r, &Request::new("GET", p), &mut ctx);
                }
            }
        }
        "matchit" => {
            let mut r = matchit::Router::new();
            let routes = if case == "github130" {
                github::routes(github::Syntax::Braces).to_vec()
            } else {
                cases::routes_braces()
            };
            for route in routes {
                r.insert(route, ()).unwrap();
            }
            for _ in 0..n {
                for p in black_box(&paths) {
                    found += u64::from(black_box(r.at(p)).is_ok());
                }
            }
        }
        "fxhashmap" => {
            let map: FxHashMap<&str, u32> = cases::static_routes().into_iter().zip(0..).collect();
            for _ in 0..n {
                for p in black_box(&paths) {
                    found += u64::from(black_box(map.get(p.as_str())).is_some());
                }
            }
        }
        other => {
            eprintln!("unknown router {other}");
            std::process::exit(2);
        }
    }
    println!("{found}");
}

/// The routecore router of a headline case: the GitHub routes, or the cases' shared table.
fn case_router(case: &str) -> routecore::Router {
    if case == "github130" {
        github_router()
    } else {
        routecore_router(
            cases::routes_next().iter().map(|p| (*p, &["GET"][..])),
            Default::default(),
        )
    }
}

/// The `routecore` lookups, each request with a browser's usual headers. (A loop of its own:
/// in the `routecore` loop, LTO folds away the header checks of a request that has none.)
fn with_headers(case: &str, paths: &[String], n: u64) -> u64 {
    let r = case_router(case);
    let mut ctx = Context::new();
    let mut found = 0;
    for _ in 0..n {
        for p in black_box(paths) {
            let req = Request::new("GET", p).with_headers(&BROWSER_HEADERS);
            found += u64::from(r.decide(&req, &mut ctx).route().is_some());
        }
    }
    found
}

/// What a browser sends with a page request (`routecore_headers`).
const BROWSER_HEADERS: [(&[u8], &[u8]); 6] = [
    (b"host", b"shop.example"),
    (
        b"user-agent",
        b"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ),
    (
        b"accept",
        b"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ),
    (b"accept-language", b"en-US,en;q=0.5"),
    (b"accept-encoding", b"gzip, deflate, br, zstd"),
    (b"cookie", b"session=3f9a1c; theme=dark"),
];

/// `routecore_request` (include/routecore.h).
#[repr(C)]
struct CRequest {
    method: *const std::ffi::c_char,
    method_len: usize,
    target: *const std::ffi::c_char,
    target_len: usize,
    host: *const std::ffi::c_char,
    host_len: usize,
    headers: *const std::ffi::c_void,
    headers_len: usize,
}

/// One `routecore_param_entry` (routecore.h).
#[repr(C)]
#[derive(Clone, Copy)]
struct CParamEntry {
    name: (*const std::ffi::c_char, usize),
    value: (*const std::ffi::c_char, usize),
    index: u32,
    count: u32,
    catch_all: bool,
}

/// The lookups through the C ABI, on the GitHub routes given as `routecore.json` text; with
/// `params`, each decision's params are read too, with one `routecore_context_params` call
/// (what the Go binding's `Lookup` and `Handler` read after a match).
fn c_abi(paths: &[String], n: u64, params: bool) -> u64 {
    use std::ffi::{c_char, c_void};
    type FromConfig =
        unsafe extern "C" fn(*const c_char, usize, *mut *const c_void, *mut c_void) -> u32;
    type ContextNew = unsafe extern "C" fn() -> *mut c_void;
    type Match = unsafe extern "C" fn(*const c_void, *mut c_void, *const CRequest) -> u32;
    type Status = unsafe extern "C" fn(*const c_void) -> u16;
    type Params = unsafe extern "C" fn(*const c_void, *mut CParamEntry, usize, *mut usize) -> u32;
    let path = std::env::var("ROUTECORE_FFI_LIB").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/release/libroutecore.so"
        )
        .to_owned()
    });
    // SAFETY: routecore's own C library; the symbols have these signatures in routecore.h.
    let lib = unsafe { libloading::Library::new(&path) }.expect("libroutecore.so loads");
    let (from_config, context_new, matcher, status) = unsafe {
        (
            *lib.get::<FromConfig>(b"routecore_router_from_config")
                .expect("symbol"),
            *lib.get::<ContextNew>(b"routecore_context_new")
                .expect("symbol"),
            *lib.get::<Match>(b"routecore_match").expect("symbol"),
            *lib.get::<Status>(b"routecore_context_status")
                .expect("symbol"),
        )
    };
    // SAFETY: as above.
    let read_params = unsafe {
        *lib.get::<Params>(b"routecore_context_params")
            .expect("symbol")
    };
    let mut entries = [CParamEntry {
        name: (std::ptr::null(), 0),
        value: (std::ptr::null(), 0),
        index: 0,
        count: 0,
        catch_all: false,
    }; 16];
    let routes: Vec<String> = github::routes(github::Syntax::Next)
        .iter()
        .map(|p| format!(r#"{{"pattern":"{p}","kind":"route","methods":["GET"]}}"#))
        .collect();
    let config = format!(
        r#"{{"skipTrailingSlashRedirect":true,"routes":[{}]}}"#,
        routes.join(",")
    );
    let mut router: *const c_void = std::ptr::null();
    // SAFETY: a readable text view and a writable out-pointer; no error list.
    let rc = unsafe {
        from_config(
            config.as_ptr().cast(),
            config.len(),
            &mut router,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(rc, 0);
    // SAFETY: no arguments.
    let ctx = unsafe { context_new() };
    let mut found = 0;
    for _ in 0..n {
        for p in black_box(paths) {
            let req = CRequest {
                method: b"GET".as_ptr().cast(),
                method_len: 3,
                target: p.as_ptr().cast(),
                target_len: p.len(),
                host: std::ptr::null(),
                host_len: 0,
                headers: std::ptr::null(),
                headers_len: 0,
            };
            // SAFETY: live handles and a request whose views outlive the call.
            let st = unsafe {
                matcher(router, ctx, &req);
                status(ctx)
            };
            found += u64::from(st == 200);
            if params {
                let mut count = 0usize;
                // SAFETY: a live context, 16 writable entries, a writable count.
                let rc =
                    unsafe { read_params(ctx, entries.as_mut_ptr(), entries.len(), &mut count) };
                assert_eq!(rc, 0, "every GitHub lookup's params fit in 16 entries");
                for e in &entries[..count] {
                    found += black_box(e.value.1) as u64;
                }
            }
        }
    }
    found
}
