//! A request's cost is linear in its size along every input dimension, through every surface
//! (an 8 KB query once cost a minute of CPU to read out of a decision).
//!
//! For each dimension a child process (this test binary again, under
//! `valgrind --tool=callgrind`) builds a request of size n and one of size 10n outside the
//! counted region, then decides and reads the decision out through every surface inside it:
//! `routecore_match`, every per-field accessor, `routecore_context_json`,
//! `routecore_context_packed`, and the Rust `Router::decide` with its readers and JSON form.
//! The parent asserts that the instruction counts grow about tenfold (a quadratic path shows
//! a hundredfold), once at the default limits and once at 1 MB inputs. Instruction counts are
//! exact and repeatable, unlike time on a shared machine.
//!
//! Run by `make test` in release: `cargo test --release -p routecore-ffi --test complexity --
//! --ignored` (ignored in debug runs, where callgrind would take minutes).

mod common;

use routecore_ffi::context::*;
use routecore_ffi::decision::*;
use routecore_ffi::packed::*;
use routecore_ffi::result::routecore_result;
use routecore_ffi::router::*;
use std::ffi::c_char;
use std::hint::black_box;
use std::process::Command;

/// Work at 10n may be at most this many times the work at n. Linear work gives 10 (less, with
/// the fixed cost of a decision); sorting keys adds a log factor; quadratic work gives 100.
const MAX_RATIO: f64 = 20.0;

/// One request of a dimension's test: method, target, headers.
type Request = (String, String, Vec<(String, String)>);

/// The router configuration and the requests of `dimension` at size `n`; `big` raises the
/// limits so that inputs can reach 1 MB.
fn case(dimension: &str, n: usize, big: bool) -> (String, Vec<Request>) {
    let limits = if big {
        r#""limits": {"maxTargetBytes": 2000000, "maxSegments": 1000000, "maxHeaders": 100000,
                      "maxHeaderBytes": 2000000, "maxPatternBytes": 100000, "maxRules": 100000},"#
    } else {
        ""
    };
    let get = |target: String, headers: Vec<(String, String)>| ("GET".to_string(), target, headers);
    let mut rules = String::new();
    let mut routes = String::from(
        r#"{"pattern": "/t", "kind": "page"}, {"pattern": "/login", "kind": "route", "methods": ["GET"]},
           {"pattern": "/s/[...rest]", "kind": "page"}, {"pattern": "/[[...all]]", "kind": "page"}"#,
    );
    let requests = match dimension {
        "query_keys" | "repeated_keys" => {
            let q: Vec<String> = (0..n)
                .map(|i| match dimension {
                    "query_keys" => format!("k{i:05}"),
                    _ => format!("{}={i}", ["a", "b", "c"][i % 3]),
                })
                .collect();
            let q = q.join("&");
            ["/login", "/r", "/ext", "/x", "/k"]
                .iter()
                .map(|p| get(format!("{p}?{q}"), vec![]))
                .collect()
        }
        "query_8k" => {
            // The most distinct keys the default 8 KiB target holds: the shortest spellings.
            let mut q = String::new();
            let mut i = 0usize;
            loop {
                let key = base36(i);
                if "/login?".len() + q.len() + key.len() + 1 > 8 * 1024 {
                    break;
                }
                if i > 0 {
                    q.push('&');
                }
                q.push_str(&key);
                i += 1;
            }
            eprintln!("query_8k: {i} distinct keys");
            ["/login", "/r", "/ext", "/x", "/k"]
                .iter()
                .map(|p| get(format!("{p}?{q}"), vec![]))
                .collect()
        }
        "list_values" => {
            let segs = vec!["seg"; n].join("/");
            vec![
                get(format!("/l/{segs}?a=1"), vec![]),
                get(format!("/lr/{segs}"), vec![]),
            ]
        }
        "headers" => {
            let headers = (0..n)
                .map(|i| {
                    let name = if i % 2 == 0 { "x-middleware-k" } else { "x-h" };
                    (format!("{name}{i}"), format!("v{i}"))
                })
                .collect();
            vec![get("/t".into(), headers)]
        }
        "cookies" => {
            let cookies: Vec<String> = (0..n).map(|i| format!("c{i}=v%41{i}")).collect();
            vec![get(
                "/t".into(),
                vec![("cookie".into(), cookies.join("; ") + "; session=s")],
            )]
        }
        "segments" => {
            vec![get(format!("/s/{}", vec!["a"; n].join("/")), vec![])]
        }
        "escapes" => vec![
            get(format!("/s/{}", "%41b".repeat(n)), vec![]),
            get(format!("/s/{}", vec!["%7E"; n].join("/")), vec![]),
        ],
        "rules" => {
            let list: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        r#"{{"source": "/:path*", "missing": [{{"type": "header", "key": "x-r{i}"}}],
                             "headers": [{{"key": "x-o{i}", "value": "v"}}, {{"key": "x-same", "value": "{i}"}}]}}"#
                    )
                })
                .collect();
            rules = list.join(",") + ",";
            vec![get("/t?a=1".into(), vec![])]
        }
        "params" => {
            let pattern: Vec<String> = (0..n).map(|i| format!("[p{i}]")).collect();
            routes.push_str(&format!(
                r#", {{"pattern": "/p/{}", "kind": "page"}}"#,
                pattern.join("/")
            ));
            let values: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
            vec![get(format!("/p/{}", values.join("/")), vec![])]
        }
        other => panic!("unknown dimension {other}"),
    };
    let config = format!(
        r#"{{ {limits}
        "headers": [{rules} {{"source": "/t", "has": [{{"type": "cookie", "key": "session"}}],
                              "headers": [{{"key": "x-session", "value": ":session"}}]}}],
        "routes": [{routes}],
        "middleware": {{"matcher": ["/((?!api|_next/static).*)"],
                        "rules": [{{"if": {{"source": "/s/:a*"}}, "setResponseHeaders": {{"x-m": "1"}}}}]}},
        "redirects": [{{"source": "/r", "destination": "/login", "permanent": false}},
                      {{"source": "/lr/:path*", "destination": "/t", "permanent": false}}],
        "rewrites": {{"beforeFiles": [
            {{"source": "/ext", "destination": "https://example.com/up?x=1"}},
            {{"source": "/x", "destination": "/login?extra=1&k00001=replaced"}},
            {{"source": "/k", "destination": "/login?k00002=a&k00002=b"}},
            {{"source": "/l/:path*", "destination": "/t"}}]}}
        }}"#
    );
    (config, requests)
}

fn base36(mut i: usize) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = vec![digits[i % 36]];
    while i >= 36 {
        i = i / 36 - 1;
        out.push(digits[i % 36]);
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// The counted region: decide each request and read everything out through every surface.
/// Returns a checksum so that nothing is optimised away.
#[inline(never)]
fn complexity_measured_section(
    c_router: *const routecore_router,
    rust_router: &engine::Router,
    requests: &[(routecore_request, Vec<routecore_header>)],
    rust_requests: &[engine::Request<'_>],
    json_buf: &mut [c_char],
    packed_buf: &mut [u8],
) -> usize {
    let ctx = routecore_context_new();
    let mut sum = 0usize;
    for (req, _) in requests {
        // SAFETY: live router and context; the request's pointers outlive the call.
        unsafe {
            let r = routecore_match(c_router, ctx, req);
            assert_eq!(r, routecore_result::Ok, "routecore_match");
            sum += common::read_accessors(ctx);
            let mut n = 0;
            let r = routecore_context_json(ctx, json_buf.as_mut_ptr(), json_buf.len(), &mut n);
            assert_eq!(r, routecore_result::Ok);
            sum += n;
            let r =
                routecore_context_packed(ctx, packed_buf.as_mut_ptr(), packed_buf.len(), &mut n);
            assert_eq!(r, routecore_result::Ok);
            sum += n;
        }
    }
    // SAFETY: made above, freed once.
    unsafe { routecore_context_free(ctx) };
    let mut ctx = engine::Context::new();
    for req in rust_requests {
        let d = rust_router.decide(req, &mut ctx);
        sum += d.to_json().len();
        for e in d.query_entries() {
            sum += e.key().len() + e.values().map(str::len).sum::<usize>();
        }
        sum += d.query().map(|(k, v)| k.len() + v.len()).sum::<usize>();
        sum += d.params().count() + d.vary().len() + d.response_headers().len();
        sum += d.request_headers().len();
    }
    sum
}

/// The child: builds the case named by `ROUTECORE_COMPLEXITY` (`dimension n big`) and runs
/// the counted region once.
#[test]
#[ignore = "run by complexity_is_linear_in_every_dimension, under callgrind"]
fn complexity_child() {
    let Ok(spec) = std::env::var("ROUTECORE_COMPLEXITY") else {
        return;
    };
    let parts: Vec<&str> = spec.split(' ').collect();
    let (config, requests) = case(parts[0], parts[1].parse().unwrap(), parts[2] == "big");
    let rust_router = engine::parse_config(&config)
        .expect("the case's config parses")
        .build()
        .expect("the case's config builds");
    let c_router = common::router_from(&config);
    let mut c_requests = Vec::new();
    for (method, target, headers) in &requests {
        let raw = common::headers(headers);
        let req = common::request(method, target, &raw);
        c_requests.push((req, raw));
    }
    let header_views: Vec<Vec<(&[u8], &[u8])>> = requests
        .iter()
        .map(|(_, _, h)| {
            h.iter()
                .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
                .collect()
        })
        .collect();
    let rust_requests: Vec<engine::Request<'_>> = requests
        .iter()
        .zip(&header_views)
        .map(|((m, t, _), h)| engine::Request::new(m, t).with_headers(h))
        .collect();
    // Large enough for any case's decision (pages are only touched as far as written).
    let mut json_buf = vec![0 as c_char; 256 << 20];
    let mut packed_buf = vec![0u8; 256 << 20];
    let sum = complexity_measured_section(
        c_router,
        &rust_router,
        black_box(&c_requests),
        &rust_requests,
        &mut json_buf,
        &mut packed_buf,
    );
    println!("checksum {sum}");
    // SAFETY: made above, freed once.
    unsafe { routecore_router_free(c_router) };
}

/// Instructions the counted region of one case costs, under callgrind.
fn instructions(dimension: &str, n: usize, big: bool) -> u64 {
    let exe = std::env::current_exe().expect("the test binary's path");
    let out = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            "--collect-atstart=no",
            "--toggle-collect=*complexity_measured_section*",
        ])
        .arg(exe)
        .args(["complexity_child", "--exact", "--ignored", "--nocapture"])
        .env(
            "ROUTECORE_COMPLEXITY",
            format!("{dimension} {n} {}", if big { "big" } else { "default" }),
        )
        .output()
        .expect("valgrind runs (it is needed for this test: apt-get install valgrind)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{dimension} n={n}: child failed:\n{stderr}"
    );
    stderr
        .lines()
        .find_map(|l| l.split("Collected : ").nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no instruction count in callgrind's output:\n{stderr}"))
}

/// (dimension, n at the default limits, n at 1 MB): 10n must fit the limits.
const DIMENSIONS: &[(&str, usize, usize)] = &[
    ("query_keys", 100, 12_000),
    ("repeated_keys", 100, 12_000),
    ("list_values", 20, 10_000),
    ("headers", 6, 900),
    ("cookies", 60, 5_000),
    ("segments", 20, 20_000),
    ("escapes", 60, 20_000),
    ("rules", 10, 400),
    ("params", 5, 400),
];

#[test]
#[ignore = "needs valgrind and a release build: cargo test --release -p routecore-ffi --test complexity -- --ignored"]
fn complexity_is_linear_in_every_dimension() {
    // Every (dimension, size, limits) measurement, run by one callgrind child per core: the
    // 36 children take minutes one after another.
    let jobs: Vec<(&str, usize, bool)> = DIMENSIONS
        .iter()
        .flat_map(|&(dimension, small, large)| {
            [(small, false), (large, true)]
                .into_iter()
                .flat_map(move |(n, big)| [(dimension, n, big), (dimension, 10 * n, big)])
        })
        .collect();
    let counts = parallel_instructions(&jobs);
    let mut failures = Vec::new();
    for (pair, counts) in jobs.chunks(2).zip(counts.chunks(2)) {
        let ((dimension, n, big), [a, b]) = (pair[0], [counts[0], counts[1]]);
        let ratio = b as f64 / a as f64;
        eprintln!(
            "{dimension:>14} {:>7}: n={n:<6} {a:>12} instructions, 10n {b:>12}, ratio {ratio:.1}",
            if big { "1 MB" } else { "default" }
        );
        if ratio > MAX_RATIO {
            failures.push(format!("{dimension} at n={n}: ratio {ratio:.1}"));
        }
    }
    assert!(failures.is_empty(), "superlinear: {failures:?}");
}

/// [`instructions`] of every job, in order, on as many threads as there are cores.
fn parallel_instructions(jobs: &[(&str, usize, bool)]) -> Vec<u64> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let counts = Mutex::new(vec![0u64; jobs.len()]);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&(dimension, n, big)) = jobs.get(i) else {
                        break;
                    };
                    let count = instructions(dimension, n, big);
                    counts.lock().expect("no worker panicked holding it")[i] = count;
                }
            });
        }
    });
    counts.into_inner().expect("no worker panicked holding it")
}

/// The worst query the default 8 KiB target allows (about 2,000 distinct keys), decided and
/// read out through each of the seven surfaces the counted region uses (five requests: plain,
/// redirect, external and internal rewrites, a rewrite with a repeated key): well under a
/// millisecond each (this was 72 s for one packed read before the merged query was laid out
/// once).
#[test]
#[ignore = "needs valgrind and a release build: cargo test --release -p routecore-ffi --test complexity -- --ignored"]
fn the_worst_default_query_costs_well_under_a_millisecond() {
    const SURFACES: u64 = 7;
    let per_surface = instructions("query_8k", 0, false) / 5 / SURFACES;
    eprintln!("8 KiB query of distinct keys: {per_surface} instructions per request and surface");
    // 2e6 instructions: about 0.6 ms on this 2-core machine (about 3.3e9 a second).
    assert!(
        per_surface < 2_000_000,
        "{per_surface} instructions per request and surface"
    );
}
