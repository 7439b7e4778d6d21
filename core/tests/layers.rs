//! The engine's modules import one way (ARCHITECTURE.md): each layer of `core/src` names only
//! itself and the layers below it, so a change lands in one room and the rooms above follow.
//! Read from the sources: a `crate::<layer>` path in code (a `use`, a qualified call or type)
//! counts as an import, and so does a `crate::Name` that `lib.rs` re-exports from a layer.
//! Comments may point anywhere: a doc link up a layer is a reference, not a dependency.

use std::path::{Path, PathBuf};

/// Lowest first. `lib.rs` (the public face) and `smoke_tests.rs` (end to end) may use any.
const LAYERS: &[&str] = &[
    "error", "limits", "reason", "syntax", "routes", "context", "input", "rules", "engine", "load",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("core/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a file belongs to: its first path component under `core/src`, without `.rs`.
fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under core/src");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// The names `lib.rs` re-exports (`pub use layer::...::{A, B}`), each with its layer.
fn reexports(lib: &str) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for stmt in lib.split("pub use ").skip(1) {
        let stmt = &stmt[..stmt.find(';').unwrap_or(stmt.len())];
        let first = stmt.split("::").next().unwrap_or("");
        let Some(layer) = LAYERS.iter().find(|l| **l == first) else {
            continue;
        };
        let names = stmt.rsplit("::").next().unwrap_or("");
        for name in names.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if !name.is_empty() && name != "self" {
                out.push((name.to_string(), *layer));
            }
        }
    }
    out
}

/// Every layer named in the code of `text`: `crate::<layer>` paths, and `crate::Name` paths
/// or `crate::{A, B}` groups of names re-exported from a layer.
fn named_layers(text: &str, roots: &[(String, &'static str)]) -> Vec<&'static str> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        if code[..i].ends_with('$') {
            continue; // `$crate::` in a macro names the macro's crate
        }
        let rest = &code[i + "crate::".len()..];
        let group = if let Some(g) = rest.strip_prefix('{') {
            &g[..g.find('}').unwrap_or(g.len())]
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        };
        for name in group.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if let Some(l) = LAYERS.iter().find(|l| **l == name) {
                found.push(*l);
            } else if let Some((_, l)) = roots.iter().find(|(n, _)| n == name) {
                found.push(*l);
            }
        }
    }
    found
}

#[test]
fn every_layer_imports_only_itself_and_the_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let roots = reexports(&lib);
    assert!(
        roots.iter().any(|(n, l)| n == "Router" && *l == "engine"),
        "{roots:?}"
    );
    let mut upward = Vec::new();
    for file in &files {
        let layer = layer_of(&src, file);
        let Some(own) = LAYERS.iter().position(|l| *l == layer) else {
            assert!(
                ["lib", "smoke_tests"].contains(&layer.as_str()),
                "{} is in no layer: add it to LAYERS and ARCHITECTURE.md",
                file.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a source file");
        for named in named_layers(&text, &roots) {
            let other = LAYERS.iter().position(|l| *l == named).expect("a layer");
            if other > own {
                upward.push(format!(
                    "{} ({layer}) imports crate::{named}",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports that point up a layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    let roots = reexports("pub use engine::router::{Request, Router};\npub use limits::Limits;");
    assert_eq!(
        roots,
        [
            ("Request".into(), "engine"),
            ("Router".into(), "engine"),
            ("Limits".into(), "limits")
        ]
    );
    let seen = |text| named_layers(text, &roots);
    assert_eq!(seen("use crate::engine::router::Router;"), ["engine"]);
    assert_eq!(
        seen("let r: crate::Router = x; $crate::input::x"),
        ["engine"]
    );
    assert_eq!(seen("use crate::{Limits, Request};"), ["limits", "engine"]);
    assert!(
        seen("/// [`Router`](crate::engine::Router)\nuse crate::Context; crate::enginex")
            .is_empty()
    );
}

#[test]
fn the_engine_reads_no_files_and_takes_no_json() {
    // Below `load` (the `load` feature) nothing touches the filesystem or a JSON value: the
    // engine takes typed specs. It writes a decision's JSON form (ROUTING.md §6.1), nothing
    // more.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in &files {
        let layer = layer_of(&src, file);
        if layer == "load" || layer == "smoke_tests" {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("a source file");
        for needle in [
            "std::fs",
            "std::path",
            "File::",
            "serde_json::Value",
            "use serde_json",
        ] {
            if text.contains(needle) {
                found.push(format!(
                    "{}: {needle}",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
}
