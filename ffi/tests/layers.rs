//! The C ABI's modules import one way (ARCHITECTURE.md): result codes at the bottom, then
//! views and buffers, the panic boundary, handles, and the functions of each handle type. The
//! check is `routecore_testkit::layers`, the one core's layers use.

use routecore_testkit::layers::Layers;
use std::path::Path;

#[test]
fn every_module_imports_only_itself_and_the_modules_below() {
    let layers = Layers {
        src: Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        order: &[
            "result",
            "str",
            "panic",
            "handle",
            "errors",
            "result_message",
            "router",
            "shared",
            "context",
            "decision",
            "packed",
            "params",
            "summary",
            "py_fast",
        ],
        free: &["lib"],
    };
    let upward = layers.upward_imports();
    assert!(
        upward.is_empty(),
        "imports that point up a layer:\n{}",
        upward.join("\n")
    );
}
