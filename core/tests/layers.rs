//! The engine's modules import one way (ARCHITECTURE.md): each layer of `core/src` names only
//! itself and the layers below it, so a change lands in one room and the rooms above follow.
//! The check itself is `routecore_testkit::layers` (shared with the C ABI crate).

use routecore_testkit::layers::Layers;
use std::path::Path;

/// Lowest first. `lib.rs` (the public face) and `smoke_tests.rs` (end to end) may use any.
fn layers() -> Layers<'static> {
    Layers {
        src: Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        order: &[
            "error",
            "limits",
            "reason",
            "path_bytes",
            "syntax",
            "routes",
            "context",
            "input",
            "rules",
            "engine",
            "load",
        ],
        free: &["lib", "smoke_tests"],
    }
}

#[test]
fn every_layer_imports_only_itself_and_the_layers_below() {
    let layers = layers();
    let lib = std::fs::read_to_string(layers.src.join("lib.rs")).expect("lib.rs");
    // The re-exports are read: `crate::Router` counts as an import of `engine`.
    assert!(
        layers
            .reexports(&lib)
            .iter()
            .any(|(n, l)| n == "Router" && l == "engine")
    );
    let upward = layers.upward_imports();
    assert!(
        upward.is_empty(),
        "imports that point up a layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_engine_reads_no_files_and_takes_no_json() {
    // Below `load` (the `load` feature) nothing touches the filesystem or a JSON value: the
    // engine takes typed specs. It writes a decision's JSON form (ROUTING.md §6.1), nothing
    // more.
    let layers = layers();
    let mut found = Vec::new();
    for file in layers.files() {
        let layer = layers.layer_of(&file);
        if layer == "load" || layer == "smoke_tests" {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        for needle in [
            "std::fs",
            "std::path",
            "File::",
            "serde_json::Value",
            "use serde_json",
        ] {
            if text.contains(needle) {
                found.push(format!("{}: {needle}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:?}");
}
