//! Replays every `tests/vectors/*.json` file (the same files the C, Go and Python runners
//! replay). Comparison rules are in `tests/vectors/README.md`.

use routecore::{Context, Decision, ParamValue, Request, config_from_value};
use serde_json::Value;
use std::path::PathBuf;

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vector files in {}", dir.display());
    files
}

/// Every key of `expect` must deep-equal the decision's; `route` is compared key by key.
fn mismatches(expect: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (k, want) in expect.as_object().expect("expect is an object") {
        let got = actual.get(k).unwrap_or(&Value::Null);
        let ok = match (k.as_str(), want, got) {
            ("route", Value::Object(w), Value::Object(g)) => w
                .iter()
                .all(|(rk, rv)| g.get(rk).unwrap_or(&Value::Null) == rv),
            _ => want == got,
        };
        if !ok {
            out.push(format!("{k}: expected {want}, got {got}"));
        }
    }
    out
}

/// The byte reads the C ABI uses (`Params::next_segments`, `Segments::get_bytes`,
/// `Decision::pathname_bytes`) give what the `&str` reads give.
fn byte_reads_disagree(d: &Decision<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if d.pathname_bytes() != d.pathname().map(str::as_bytes) {
        out.push(format!(
            "pathname_bytes {:?}, pathname {:?}",
            d.pathname_bytes(),
            d.pathname()
        ));
    }
    let by_str: Vec<(&str, bool, Vec<&[u8]>)> = d
        .params()
        .map(|p| match p.value {
            ParamValue::One(v) => (p.name, false, vec![v.as_bytes()]),
            ParamValue::Many(segs) => (p.name, true, segs.iter().map(str::as_bytes).collect()),
        })
        .collect();
    let mut by_bytes = Vec::new();
    let mut params = d.params();
    while let Some((name, catch_all, values)) = params.next_segments() {
        let bytes: Vec<&[u8]> = (0..values.len())
            .map(|k| values.get_bytes(k).expect("in range"))
            .collect();
        by_bytes.push((name, catch_all, bytes));
    }
    if by_bytes != by_str {
        out.push(format!("params as bytes {by_bytes:?}, as str {by_str:?}"));
    }
    if by_str.len() != d.param_count() {
        out.push(format!(
            "{} params, param_count {}",
            by_str.len(),
            d.param_count()
        ));
    }
    out
}

#[test]
fn conformance_vectors() {
    let mut failures = Vec::new();
    let (mut cases, mut groups) = (0, 0);
    let mut ctx = Context::new();
    for file in vector_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for group in doc["groups"].as_array().expect("groups") {
            groups += 1;
            let gname = group["name"].as_str().unwrap_or("?");
            let built = config_from_value(&group["config"]).and_then(|b| b.build());
            if let Some(expected) = group.get("expect_errors") {
                let messages: Vec<String> = match &built {
                    Ok(_) => {
                        failures.push(format!("{name} / {gname}: built, expected errors"));
                        continue;
                    }
                    Err(e) => e
                        .errors()
                        .iter()
                        .map(|e| e.message().to_lowercase())
                        .collect(),
                };
                for want in expected.as_array().unwrap() {
                    let want = want.as_str().unwrap().to_lowercase();
                    if !messages.iter().any(|m| m.contains(&want)) {
                        failures.push(format!(
                            "{name} / {gname}: no error mentions {want:?}; errors: {messages:#?}"
                        ));
                    }
                }
                continue;
            }
            let router = match built {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{name} / {gname}: build failed: {e}"));
                    continue;
                }
            };
            if let Some(order) = group.get("expect_routes") {
                let got: Vec<&str> = router.routes().map(|r| r.pattern).collect();
                let want: Vec<&str> = order
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                if got != want {
                    failures.push(format!(
                        "{name} / {gname}: order\n  expected {want:?}\n  got      {got:?}"
                    ));
                }
            }
            for case in group["cases"].as_array().expect("cases") {
                cases += 1;
                let headers: Vec<(String, String)> = case
                    .get("headers")
                    .and_then(|h| h.as_array())
                    .map(|list| {
                        list.iter()
                            .map(|p| {
                                (
                                    p[0].as_str().unwrap().to_owned(),
                                    p[1].as_str().unwrap().to_owned(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let header_refs: Vec<(&[u8], &[u8])> = headers
                    .iter()
                    .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
                    .collect();
                let method = case["method"].as_str().unwrap();
                let url = case["url"].as_str().unwrap();
                let req = Request {
                    method: method.as_bytes(),
                    target: url.as_bytes(),
                    host: case.get("host").and_then(|h| h.as_str()).map(str::as_bytes),
                    headers: &header_refs,
                };
                let d = router.decide(&req, &mut ctx);
                let actual: Value = serde_json::from_str(&d.to_json()).unwrap();
                let mut bad = mismatches(&case["expect"], &actual);
                bad.extend(byte_reads_disagree(&d));
                if !bad.is_empty() {
                    let shown: String = url.chars().take(80).collect();
                    failures.push(format!(
                        "{name} / {gname}: {method} {shown}\n    {}",
                        bad.join("\n    ")
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases / {groups} groups failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases >= 300, "only {cases} cases");
    eprintln!("{cases} cases in {groups} groups passed");
}
