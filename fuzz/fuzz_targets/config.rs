//! Arbitrary `routecore.json` text: parsing and building never panic; when it builds, probe
//! requests keep every decision invariant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use routecore::{Context, Request, parse_config};
use routecore_fuzz::{Oracle, absolute_origins, check, without_rules};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(builder) = parse_config(text) else {
        return;
    };
    let Ok(plain) = without_rules(&builder).build() else {
        let _ = builder.build();
        return;
    };
    let Ok(router) = builder.build() else {
        return;
    };
    let value: serde_json::Value = serde_json::from_str(text).expect("parsed once already");
    let oracle = Oracle {
        router: &router,
        plain: &plain,
        absolute: absolute_origins(&value),
        has_rules: true,
    };
    let mut ctx = Context::new();
    let cookie: [(&[u8], &[u8]); 2] = [(b"cookie", b"session=1; bucket=b"), (b"x-beta", b"1")];
    let patterns: Vec<String> = router.routes().map(|r| r.pattern.to_owned()).collect();
    let derived = patterns.iter().map(|p| {
        p.split('/')
            .map(|s| {
                if s.starts_with('[') && s.ends_with(']') {
                    "v"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    });
    let base = router.options().base_path.clone();
    for p in routecore_fuzz::PROBES
        .iter()
        .map(|p| p.to_string())
        .chain(derived)
        .take(64)
    {
        for target in [p.clone(), format!("{base}{p}")] {
            for method in ["GET", "POST", "OPTIONS"] {
                let req = Request::new(method, &target).with_headers(&cookie);
                check(&oracle, &req, &mut ctx);
            }
        }
    }
});
