//! Arbitrary path-to-regexp sources, compiled as middleware matchers, middleware rule sources
//! and custom-route sources through `routecore.json`, then requests against them. One item per
//! line:
//!
//! ```text
//! m SOURCE                 middleware matcher
//! s SOURCE [=> DEST]       middleware rule (redirect to DEST, else a response header)
//! r SOURCE => DEST         redirect          b / w / f SOURCE => DEST   rewrite
//! h SOURCE                 headers rule      c KEY REGEX   `has` header on the last rule
//! ? METHOD TARGET [NAME: VALUE]  a request
//! ```
#![no_main]

use libfuzzer_sys::fuzz_target;
use routecore::{Context, Request, parse_config};
use routecore_fuzz::{Oracle, absolute_origins, check, without_rules};
use serde_json::{Value, json};

/// Method, target and headers of one request line.
type OwnedRequest = (String, String, Vec<(String, String)>);

fn routes() -> Value {
    json!([
        {"pattern": "/", "kind": "page"},
        {"pattern": "/a", "kind": "page"},
        {"pattern": "/login", "kind": "page"},
        {"pattern": "/blog/[slug]", "kind": "page"},
        {"pattern": "/products/[id]", "kind": "page"},
        {"pattern": "/docs/[[...slug]]", "kind": "page"},
        {"pattern": "/api/[...path]", "kind": "route", "methods": ["GET", "POST"]}
    ])
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut matchers = Vec::new();
    let mut mw_rules: Vec<Value> = Vec::new();
    let (mut redirects, mut headers) = (Vec::new(), Vec::new());
    let (mut before, mut after, mut fallback) = (Vec::new(), Vec::new(), Vec::new());
    let mut requests: Vec<OwnedRequest> = Vec::new();
    let mut last: Option<(char, usize)> = None;
    for line in text.lines() {
        let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (src, dest) = match rest.split_once(" => ") {
            Some((s, d)) => (s, Some(d)),
            None => (rest, None),
        };
        let dest_or = |d: Option<&str>| d.unwrap_or("/a").to_owned();
        match head {
            "m" => matchers.push(json!(src)),
            "s" => {
                let mut rule = json!({"if": {"source": src}});
                match dest {
                    Some(d) => rule["redirect"] = json!({"destination": d, "permanent": false}),
                    None => rule["setResponseHeaders"] = json!({"x-mw": "1"}),
                }
                mw_rules.push(rule);
                last = Some(('s', mw_rules.len() - 1));
            }
            "r" => {
                redirects
                    .push(json!({"source": src, "destination": dest_or(dest), "permanent": true}));
                last = Some(('r', redirects.len() - 1));
            }
            "b" | "w" | "f" => {
                let list = match head {
                    "b" => &mut before,
                    "w" => &mut after,
                    _ => &mut fallback,
                };
                list.push(json!({"source": src, "destination": dest_or(dest)}));
                last = None;
            }
            "h" => {
                headers.push(json!({"source": src, "headers": [{"key": "x-h", "value": dest.unwrap_or("1")}]}));
                last = Some(('h', headers.len() - 1));
            }
            "c" => {
                let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
                let cond = if value.is_empty() {
                    json!({"type": "header", "key": key})
                } else {
                    json!({"type": "header", "key": key, "value": value})
                };
                let target = match last {
                    Some(('s', i)) => mw_rules[i]["if"].as_object_mut(),
                    Some(('r', i)) => redirects[i].as_object_mut(),
                    Some(('h', i)) => headers[i].as_object_mut(),
                    _ => None,
                };
                if let Some(obj) = target {
                    obj.entry("has").or_insert_with(|| json!([]));
                    obj["has"].as_array_mut().expect("array").push(cond);
                }
            }
            "?" => {
                let mut parts = rest.splitn(3, ' ');
                let method = parts.next().unwrap_or("GET").to_owned();
                let target = parts.next().unwrap_or("/").to_owned();
                let hs = parts
                    .next()
                    .and_then(|h| h.split_once(": "))
                    .map(|(n, v)| vec![(n.to_owned(), v.to_owned())])
                    .unwrap_or_default();
                requests.push((method, target, hs));
            }
            _ => {}
        }
    }
    let mut config = json!({
        "routes": routes(),
        "headers": headers,
        "redirects": redirects,
        "rewrites": {"beforeFiles": before, "afterFiles": after, "fallback": fallback},
    });
    if !matchers.is_empty() || !mw_rules.is_empty() {
        config["middleware"] = json!({"rules": mw_rules});
        if !matchers.is_empty() {
            config["middleware"]["matcher"] = json!(matchers);
        }
    }
    let Ok(builder) = parse_config(&config.to_string()) else {
        return;
    };
    let plain = without_rules(&builder).build().expect("fixed routes build");
    let Ok(router) = builder.build() else {
        return;
    };
    let oracle = Oracle {
        router: &router,
        plain: &plain,
        absolute: absolute_origins(&config),
        has_rules: true,
    };
    let mut ctx = Context::new();
    for (m, t, hs) in &requests {
        let hs: Vec<(&[u8], &[u8])> = hs
            .iter()
            .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
            .collect();
        let req = Request {
            method: m.as_bytes(),
            target: t.as_bytes(),
            host: Some(b"example.com"),
            headers: &hs,
        };
        check(&oracle, &req, &mut ctx);
    }
    for p in routecore_fuzz::PROBES {
        check(&oracle, &Request::new("GET", p), &mut ctx);
    }
});
