//! Matching is linear in the input: a 1 MB path against every kind of matcher costs about a
//! thousand times a 1 KB path, not a million. The bound is generous (20× above linear), so
//! this guards against quadratic or exponential behaviour, not against noise.

use routecore::{Context, Request, parse_config};
use std::time::Instant;

fn router() -> routecore::Router {
    let mut redirects = Vec::new();
    for i in 0..200 {
        redirects.push(format!(
            r#"{{"source": "/r{i}/:a/:b*", "destination": "/x/:a", "permanent": true}}"#
        ));
    }
    let config = format!(
        r#"{{
        "limits": {{"maxTargetBytes": 2000000, "maxSegments": 1000000}},
        "routes": [{{"pattern": "/[[...all]]", "kind": "page"}}, {{"pattern": "/a/[x]/[...rest]", "kind": "page"}}],
        "middleware": {{
            "matcher": ["/((?!api|_next/static|_next/image|favicon.ico).*)", "/:p*/deep/:q(\\d+)"],
            "rules": [{{"if": {{"source": "/:a*/x(.*)y", "has": [{{"type": "header", "key": "x-h", "value": "(a|b)*c"}}]}},
                       "setResponseHeaders": {{"x-m": "1"}}}}]
        }},
        "headers": [{{"source": "/:path*", "headers": [{{"key": "x-a", "value": "1"}}]}},
                    {{"source": "/(.*)/(.*)/z", "headers": [{{"key": "x-b", "value": "1"}}]}}],
        "redirects": [{}],
        "rewrites": {{"fallback": [{{"source": "/:a/:b*/:c(.*)", "destination": "/a/:a/:c"}}]}}
    }}"#,
        redirects.join(",")
    );
    parse_config(&config).unwrap().build().unwrap()
}

fn best_time(router: &routecore::Router, target: &str, header: &str, runs: u32) -> f64 {
    let mut ctx = Context::new();
    let headers: [(&[u8], &[u8]); 1] = [(b"x-h", header.as_bytes())];
    let mut best = f64::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let d = router.decide(
            &Request::new("GET", target).with_headers(&headers),
            &mut ctx,
        );
        std::hint::black_box(d.action());
        best = best.min(start.elapsed().as_secs_f64());
    }
    best
}

#[test]
fn one_megabyte_paths_cost_linear_time() {
    let router = router();
    for unit in ["/ab", "/a%20b", "/deep/123"] {
        let small: String = unit.repeat(1024 / unit.len());
        let large: String = unit.repeat(1024 * 1024 / unit.len());
        let header_small = "ab".repeat(500);
        let header_large = "ab".repeat(4000);
        let t_small = best_time(&router, &small, &header_small, 20);
        let t_large = best_time(&router, &large, &header_large, 2);
        let ratio = t_large / t_small;
        eprintln!(
            "{unit}: 1 KB {:.1} µs, 1 MB {:.1} ms, ratio {ratio:.0}",
            t_small * 1e6,
            t_large * 1e3
        );
        assert!(
            ratio < 20_000.0,
            "{unit}: 1 MB path took {ratio:.0}× the 1 KB path"
        );
    }
}
