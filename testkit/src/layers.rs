//! The check that a crate's modules import one way: each layer (a module file or directory
//! directly under `src/`) names only itself and the layers below it. Read from the sources: a
//! `crate::<layer>` path in code (a `use`, a qualified call or type) counts as an import, and
//! so does a `crate::Name` that `lib.rs` re-exports from a layer. Comments may point anywhere:
//! a doc link up a layer is a reference, not a dependency.

use std::path::{Path, PathBuf};

/// A crate's layers: its `src` directory, the layer names lowest first, and the files that
/// belong to no layer and may use any (`lib`, end-to-end test modules).
pub struct Layers<'a> {
    pub src: PathBuf,
    pub order: &'a [&'a str],
    pub free: &'a [&'a str],
}

impl Layers<'_> {
    /// Every `.rs` file under `src`, sorted.
    pub fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("src is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.src, &mut out);
        out.sort();
        out
    }

    /// The layer a file belongs to: its first path component under `src`, without `.rs`.
    pub fn layer_of(&self, file: &Path) -> String {
        let rel = file.strip_prefix(&self.src).expect("under src");
        let first = rel.components().next().expect("a component");
        let name = first.as_os_str().to_string_lossy();
        name.trim_end_matches(".rs").to_string()
    }

    /// The names `lib.rs` text re-exports (`pub use layer::...::{A, B}`), each with its layer.
    pub fn reexports(&self, lib: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for stmt in lib.split("pub use ").skip(1) {
            let stmt = &stmt[..stmt.find(';').unwrap_or(stmt.len())];
            let first = stmt.split("::").next().unwrap_or("");
            if !self.order.contains(&first) {
                continue;
            }
            let names = stmt.rsplit("::").next().unwrap_or("");
            for name in names.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                if !name.is_empty() && name != "self" {
                    out.push((name.to_string(), first.to_string()));
                }
            }
        }
        out
    }

    /// Every layer named in the code of `text`: `crate::<layer>` paths, and `crate::Name`
    /// paths or `crate::{A, B}` groups of names re-exported from a layer (`roots`).
    pub fn named_layers(&self, text: &str, roots: &[(String, String)]) -> Vec<String> {
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
                if self.order.contains(&name) {
                    found.push(name.to_string());
                } else if let Some((_, l)) = roots.iter().find(|(n, _)| n == name) {
                    found.push(l.clone());
                }
            }
        }
        found
    }

    /// The imports that point up a layer, one line each (`file (layer) imports crate::x`).
    /// Panics naming a file that is in no layer and not free.
    pub fn upward_imports(&self) -> Vec<String> {
        let lib = std::fs::read_to_string(self.src.join("lib.rs")).expect("lib.rs");
        let roots = self.reexports(&lib);
        let mut upward = Vec::new();
        for file in self.files() {
            let layer = self.layer_of(&file);
            let Some(own) = self.order.iter().position(|l| *l == layer) else {
                assert!(
                    self.free.contains(&layer.as_str()),
                    "{} is in no layer: add it to the layer list and ARCHITECTURE.md",
                    file.display()
                );
                continue;
            };
            let text = std::fs::read_to_string(&file).expect("a source file");
            for named in self.named_layers(&text, &roots) {
                let other = self
                    .order
                    .iter()
                    .position(|l| *l == named)
                    .expect("a layer");
                if other > own {
                    let rel = file.strip_prefix(&self.src).expect("under src");
                    upward.push(format!(
                        "{} ({layer}) imports crate::{named}",
                        rel.display()
                    ));
                }
            }
        }
        upward.sort();
        upward.dedup();
        upward
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_sees_an_upward_import() {
        let layers = Layers {
            src: PathBuf::new(),
            order: &["limits", "input", "engine"],
            free: &["lib"],
        };
        let roots =
            layers.reexports("pub use engine::router::{Request, Router};\npub use limits::Limits;");
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            roots,
            [
                s("Request", "engine"),
                s("Router", "engine"),
                s("Limits", "limits")
            ]
        );
        let seen = |text| layers.named_layers(text, &roots);
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
}
