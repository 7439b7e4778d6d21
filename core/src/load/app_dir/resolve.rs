//! Module specifiers → files, as Next.js's bundler resolves them for a re-export
//! (`export * from '../a/route'`, `export { revalidate } from '@/lib/cfg'`): relative paths,
//! the `paths` and `baseUrl` of the project's `tsconfig.json` (or `jsconfig.json`), Next.js's
//! resolvable extensions and `index.*`. Packages (`next/server`, `some-lib`) are not followed.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// The extensions Next.js's server bundle resolves, in its order (`.json` and `.wasm` hold no
/// readable exports and are left out).
const EXTENSIONS: &[&str] = &["js", "mjs", "tsx", "ts", "jsx", "cjs", "mts", "cts"];

/// TypeScript's `.js` → `.ts` mapping, which Next.js's `extensionAlias` applies too.
fn extension_alias(ext: &str) -> &'static [&'static str] {
    match ext {
        "js" => &["ts", "tsx", "js", "jsx"],
        "mjs" => &["mts", "mjs"],
        "cjs" => &["cts", "cjs"],
        _ => &[],
    }
}

/// The project's module resolution settings.
#[derive(Debug, Default)]
pub(super) struct Resolver {
    /// `compilerOptions.baseUrl`, made absolute.
    base_url: Option<PathBuf>,
    /// `compilerOptions.paths`: (pattern, targets), targets absolute (with their `*`).
    paths: Vec<(String, Vec<PathBuf>)>,
}

impl Resolver {
    /// Reads `tsconfig.json` (else `jsconfig.json`) in `project`. A missing file means plain
    /// relative resolution; an unreadable one is returned as a warning.
    pub(super) fn load(project: &Path) -> (Resolver, Option<String>) {
        for name in ["tsconfig.json", "jsconfig.json"] {
            let file = project.join(name);
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            return match serde_json::from_str::<Value>(&strip_jsonc(&text)) {
                Ok(v) => (Resolver::from_config(project, &v), None),
                Err(e) => (
                    Resolver::default(),
                    Some(format!(
                        "{name}: cannot be read ({e}): its paths and baseUrl are not used to follow re-exports"
                    )),
                ),
            };
        }
        (Resolver::default(), None)
    }

    fn from_config(project: &Path, config: &Value) -> Resolver {
        let opts = &config["compilerOptions"];
        let base_url = opts["baseUrl"].as_str().map(|b| project.join(b));
        // `paths` are relative to baseUrl, or to the config's folder without one.
        let root = base_url.clone().unwrap_or_else(|| project.to_path_buf());
        let paths = opts["paths"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(pattern, targets)| {
                        let targets = targets
                            .as_array()
                            .map(|t| {
                                t.iter()
                                    .filter_map(Value::as_str)
                                    .map(|t| root.join(t))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (pattern.clone(), targets)
                    })
                    .collect()
            })
            .unwrap_or_default();
        Resolver { base_url, paths }
    }

    /// The file `spec`, imported from `from_file`, names; `None` for a package or a path that
    /// names no file.
    pub(super) fn resolve(&self, from_file: &Path, spec: &str) -> Option<PathBuf> {
        if spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == ".." {
            return file_or_index(&from_file.parent()?.join(spec));
        }
        if spec.starts_with('/') {
            return None;
        }
        // The longest matching `paths` pattern wins (TypeScript).
        let mut best: Option<(&str, &[PathBuf], usize)> = None;
        for (pattern, targets) in &self.paths {
            let captured = match pattern.split_once('*') {
                Some((pre, post)) => spec
                    .strip_prefix(pre)
                    .and_then(|r| r.strip_suffix(post))
                    .map(|m| (m, pre.len())),
                None => (spec == pattern).then_some(("", pattern.len() + 1)),
            };
            if let Some((m, len)) = captured {
                if best.is_none_or(|(_, _, l)| len > l) {
                    best = Some((m, targets, len));
                }
            }
        }
        if let Some((m, targets, _)) = best {
            return targets.iter().find_map(|t| {
                let t = t.to_string_lossy().replacen('*', m, 1);
                file_or_index(Path::new(&t))
            });
        }
        self.base_url
            .as_ref()
            .and_then(|b| file_or_index(&b.join(spec)))
    }
}

/// `base` as a file: itself (when it has a readable extension), with each extension added,
/// with a TypeScript `.js` → `.ts` swap, or as a folder's `index.*`.
fn file_or_index(base: &Path) -> Option<PathBuf> {
    let is_file = |p: &Path| p.is_file().then(|| p.to_path_buf());
    let ext = base.extension().and_then(|e| e.to_str()).unwrap_or("");
    if EXTENSIONS.contains(&ext) {
        for alias in extension_alias(ext) {
            if let Some(f) = is_file(&base.with_extension(alias)) {
                return Some(f);
            }
        }
        if let Some(f) = is_file(base) {
            return Some(f);
        }
    }
    let name = base.file_name()?.to_string_lossy().into_owned();
    EXTENSIONS
        .iter()
        .find_map(|e| is_file(&base.with_file_name(format!("{name}.{e}"))))
        .or_else(|| {
            EXTENSIONS
                .iter()
                .find_map(|e| is_file(&base.join(format!("index.{e}"))))
        })
}

/// JSON with comments and trailing commas (what `tsconfig.json` allows) → JSON.
fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' && i + 1 < b.len() {
                out.push_str(&text[i..i + 2]);
                i += 2;
                continue;
            }
            in_str = c != b'"';
        } else if c == b'"' {
            in_str = true;
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        } else if text[i..].starts_with("/*") {
            i = text[i + 2..].find("*/").map_or(b.len(), |n| i + n + 4);
            continue;
        } else if c == b',' {
            // A comma followed (after blanks) by a closing bracket is dropped.
            let rest = text[i + 1..].trim_start();
            if rest.starts_with('}') || rest.starts_with(']') {
                i += 1;
                continue;
            }
        }
        let ch = text[i..].chars().next().expect("in bounds");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments_and_trailing_commas_outside_strings() {
        let v: Value = serde_json::from_str(&strip_jsonc(
            "{ // c\n \"a\": \"x//y\", /* b */ \"p\": [\"@/*\",],\n}",
        ))
        .unwrap();
        assert_eq!(v["a"], "x//y");
        assert_eq!(v["p"][0], "@/*");
    }
}
