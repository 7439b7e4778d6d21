//! C ABI call overhead: the 130 GitHub lookups through `routecore_match` (the exported
//! `extern "C"` function of `libroutecore.so`, loaded at run time) beside `Router::decide` on a
//! router built from the same `routecore.json` text, in one group.
//!
//! The library is `target/release/libroutecore.so` (`make bench` builds it first; or set
//! `ROUTECORE_FFI_LIB`). Without it the group is skipped with a note, so the bench always builds.
//! `ROUTECORE_FFI_BASELINE_LIB` adds `routecore_match_baseline`: the same loop through another
//! build of the library (the one before a change), in the same run.

use criterion::{Criterion, criterion_group, criterion_main};
use libloading::{Library, Symbol};
use routecore::{Context, Request};
use routecore_benches::{decide_route, github};
use std::ffi::{c_char, c_void};
use std::hint::black_box;
use std::path::PathBuf;

/// `routecore_request` (include/routecore.h).
#[repr(C)]
struct CRequest {
    method: *const c_char,
    method_len: usize,
    target: *const c_char,
    target_len: usize,
    host: *const c_char,
    host_len: usize,
    headers: *const c_void,
    headers_len: usize,
}

type FromConfig =
    unsafe extern "C" fn(*const c_char, usize, *mut *const c_void, *mut c_void) -> u32;
type ContextNew = unsafe extern "C" fn() -> *mut c_void;
type Match = unsafe extern "C" fn(*const c_void, *mut c_void, *const CRequest) -> u32;
type Status = unsafe extern "C" fn(*const c_void) -> u16;
type RouterFree = unsafe extern "C" fn(*const c_void);
type ContextFree = unsafe extern "C" fn(*mut c_void);

/// The 130 GitHub routes as `routecore.json` (as `routecore_benches::github_router` builds them).
fn github_config() -> String {
    let routes: Vec<String> = github::routes(github::Syntax::Next)
        .iter()
        .map(|p| format!(r#"{{"pattern":"{p}","kind":"route","methods":["GET"]}}"#))
        .collect();
    format!(
        r#"{{"skipTrailingSlashRedirect":true,"routes":[{}]}}"#,
        routes.join(",")
    )
}

/// One loaded libroutecore with a router and a context on the GitHub config.
struct Abi {
    _lib: Library,
    matcher: Match,
    status: Status,
    router_free: RouterFree,
    context_free: ContextFree,
    router: *const c_void,
    ctx: *mut c_void,
}

impl Abi {
    fn load(path: &PathBuf, config: &str) -> Option<Abi> {
        // SAFETY: loading routecore's own C library runs no initialisers with preconditions.
        let lib = match unsafe { Library::new(path) } {
            Ok(lib) => lib,
            Err(e) => {
                eprintln!(
                    "c_abi: SKIPPED, {} not loadable ({e}); build it with `cargo build --release -p routecore-ffi`",
                    path.display()
                );
                return None;
            }
        };
        // SAFETY: the symbols have these signatures in include/routecore.h.
        let (from_config, context_new, matcher, status, router_free, context_free) = unsafe {
            let f: Symbol<FromConfig> = lib.get(b"routecore_router_from_config").expect("symbol");
            let n: Symbol<ContextNew> = lib.get(b"routecore_context_new").expect("symbol");
            let m: Symbol<Match> = lib.get(b"routecore_match").expect("symbol");
            let s: Symbol<Status> = lib.get(b"routecore_context_status").expect("symbol");
            let rf: Symbol<RouterFree> = lib.get(b"routecore_router_free").expect("symbol");
            let cf: Symbol<ContextFree> = lib.get(b"routecore_context_free").expect("symbol");
            (*f, *n, *m, *s, *rf, *cf)
        };
        let mut router: *const c_void = std::ptr::null();
        // SAFETY: valid text view and out-pointer; NULL error list is allowed.
        let rc = unsafe {
            from_config(
                config.as_ptr().cast(),
                config.len(),
                &mut router,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(rc, 0, "routecore_router_from_config");
        // SAFETY: no arguments.
        let ctx = unsafe { context_new() };
        assert!(!ctx.is_null());
        Some(Abi {
            _lib: lib,
            matcher,
            status,
            router_free,
            context_free,
            router,
            ctx,
        })
    }

    /// The lookups through `routecore_match`, each decision's status read back.
    fn run(&self, paths: &[&str]) {
        for path in black_box(paths) {
            let req = CRequest {
                method: b"GET".as_ptr().cast(),
                method_len: 3,
                target: path.as_ptr().cast(),
                target_len: path.len(),
                host: std::ptr::null(),
                host_len: 0,
                headers: std::ptr::null(),
                headers_len: 0,
            };
            // SAFETY: live handles, a readable request whose views outlive the call.
            let rc = unsafe { (self.matcher)(self.router, self.ctx, &req) };
            // SAFETY: a live context.
            let st = unsafe { (self.status)(self.ctx) };
            assert!(rc == 0 && st == 200, "{path}: {rc} {st}");
            black_box(st);
        }
    }
}

impl Drop for Abi {
    fn drop(&mut self) {
        // SAFETY: handles made in `load`, freed once, before the library is unloaded.
        unsafe {
            (self.context_free)(self.ctx);
            (self.router_free)(self.router);
        }
    }
}

fn c_abi(c: &mut Criterion) {
    let path = std::env::var_os("ROUTECORE_FFI_LIB")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/libroutecore.so")
        });
    let config = github_config();
    let Some(abi) = Abi::load(&path, &config) else {
        return;
    };
    // Another build of the library (e.g. the one before a change), timed in the same group.
    let baseline = std::env::var_os("ROUTECORE_FFI_BASELINE_LIB")
        .and_then(|p| Abi::load(&PathBuf::from(p), &config));

    let router = routecore::parse_config(&config)
        .and_then(|b| b.build())
        .expect("the same config builds");
    let paths = github::lookups();
    let mut ctx = Context::new();
    let mut group = c.benchmark_group("c_abi");
    group.bench_function("rust_decide", |b| {
        b.iter(|| {
            for path in black_box(&paths) {
                black_box(decide_route(&router, &Request::new("GET", path), &mut ctx));
            }
        })
    });
    group.bench_function("routecore_match", |b| b.iter(|| abi.run(&paths)));
    if let Some(base) = &baseline {
        group.bench_function("routecore_match_baseline", |b| b.iter(|| base.run(&paths)));
    }
    group.finish();
}

criterion_group!(benches, c_abi);
criterion_main!(benches);
