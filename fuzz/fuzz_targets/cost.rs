//! Work per input byte is bounded: the fuzzer's input is one unit of a request (a path segment,
//! a query pair, a header, a cookie: fields split on 0xFF), and the target decides and reads
//! out the request made of that unit once and of 512 copies of it. Reading everything a host
//! reads (JSON, query entries, params, headers) must cost at most a constant factor more per
//! copy: a quadratic path costs hundreds of times more and is found by the fuzzer, not by an
//! attacker. Time is the thread's CPU time (the best of three runs), so a loaded machine does
//! not make a false alarm; the bound leaves a factor of 8 and 5 ms of slack.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routecore::{Context, Request, Router, parse_config};
use routecore_fuzz::fields;
use std::sync::LazyLock;

const COPIES: usize = 512;

static ROUTER: LazyLock<Router> = LazyLock::new(|| {
    parse_config(
        r#"{
        "limits": {"maxTargetBytes": 4000000, "maxSegments": 1000000, "maxHeaders": 100000,
                   "maxHeaderBytes": 4000000},
        "routes": [{"pattern": "/s/[...rest]", "kind": "page"}, {"pattern": "/t", "kind": "page"},
                   {"pattern": "/[[...all]]", "kind": "page"}],
        "middleware": {"matcher": ["/((?!api|_next/static).*)"],
                       "rules": [{"if": {"source": "/s/:a*", "has": [{"type": "query", "key": "m"}]},
                                  "setResponseHeaders": {"x-m": "1"}}]},
        "headers": [{"source": "/:path*", "has": [{"type": "cookie", "key": "c"}],
                     "headers": [{"key": "x-c", "value": ":c"}]},
                    {"source": "/h/:name/:value", "headers": [{"key": ":name", "value": ":value"}]}],
        "redirects": [{"source": "/r/:path*", "destination": "/t", "permanent": false}],
        "rewrites": {"beforeFiles": [{"source": "/l/:path*", "destination": "/t"},
                                     {"source": "/x/:p*", "destination": "/t?k=1&k=2"},
                                     {"source": "/e/:p*", "destination": "https://example.com/up"}]}
        }"#,
    )
    .expect("config")
    .build()
    .expect("builds")
});

/// This thread's CPU time, in nanoseconds.
fn cpu_nanos() -> u128 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a valid out pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as u128 * 1_000_000_000 + t.tv_nsec as u128
}

/// Builds the request of `copies` units and returns the best CPU time of three decisions.
fn cost(prefix: &[u8], unit: &[&[u8]], copies: usize, ctx: &mut Context) -> u128 {
    let part = |i: usize| unit.get(i).copied().unwrap_or(b"");
    let mut target = prefix.to_vec();
    for _ in 0..copies {
        target.extend_from_slice(part(1));
        target.push(b'/');
    }
    target.push(b'?');
    for _ in 0..copies {
        target.extend_from_slice(part(2));
        target.push(b'&');
    }
    let mut cookie = Vec::new();
    for _ in 0..copies {
        cookie.extend_from_slice(part(5));
        cookie.extend_from_slice(b"; ");
    }
    let mut headers: Vec<(&[u8], &[u8])> = vec![(b"cookie", &cookie)];
    headers.extend(std::iter::repeat_n((part(3), part(4)), copies));
    let req = Request {
        method: b"GET",
        target: &target,
        host: Some(b"example.com"),
        headers: &headers,
    };
    let mut best = u128::MAX;
    for _ in 0..3 {
        let start = cpu_nanos();
        let d = ROUTER.decide(&req, ctx);
        let mut sum = d.to_json().len();
        for e in d.query_entries() {
            sum += e.values().len();
        }
        sum += d.query().len() + d.params().count() + d.response_headers().len();
        std::hint::black_box(sum);
        best = best.min(cpu_nanos() - start);
    }
    best
}

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    // The first field picks the path's start (which rules apply): /s/, /l/, /x/, /r/, /e/, /h/.
    let prefixes: [&[u8]; 6] = [b"/s/", b"/l/", b"/x/", b"/r/", b"/e/", b"/h/"];
    let prefix = prefixes[f[0].first().map_or(0, |&b| b as usize % prefixes.len())];
    let mut ctx = Context::new();
    let one = cost(prefix, &f, 1, &mut ctx);
    let many = cost(prefix, &f, COPIES, &mut ctx);
    let bound = one * COPIES as u128 * 8 + 5_000_000;
    assert!(
        many <= bound,
        "{COPIES} copies of the unit cost {many} ns, one {one} ns (bound {bound} ns)"
    );
});
