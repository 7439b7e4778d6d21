//! Loading a project: a directory (with `app/` or `src/app/`, and/or `routecore.json`) or a
//! `routecore.json` path.

use crate::engine::router::{Router, RouterBuilder};
use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::load::app_dir::{has_app_dir, scan_project_all};
use crate::load::config::{config_from_value, page_extensions};
use serde_json::Value;
use std::path::Path;

/// The config file a project directory may hold.
pub const CONFIG_FILE: &str = "routecore.json";

/// Reads a project into a builder. `path` is either
/// - a directory with an `app/` or `src/app/` folder (scanned with
///   [`scan_project_with`](crate::scan_project_with) and the config's `pageExtensions`: its
///   routes, its middleware's `config.matcher`, its warnings), optionally with a
///   `routecore.json` beside it whose routes are added to the scanned ones (a route there
///   without an `id` gets the next id after the scanned routes) and whose other keys apply as
///   usual;
/// - a directory holding only `routecore.json`;
/// - or the path of a `routecore.json` file (only that file is read).
pub fn load_project(path: &Path) -> Result<RouterBuilder, BuildErrors> {
    let meta = std::fs::metadata(path).map_err(|e| project_error(path, &e.to_string()))?;
    if !meta.is_dir() {
        return read_config(path, 0);
    }
    let config = path.join(CONFIG_FILE);
    let has_config = config.is_file();
    if !has_app_dir(path) {
        if !has_config {
            return Err(project_error(
                path,
                &format!(
                    "is not a project: no app/ or src/app/ directory and no {CONFIG_FILE} found in it"
                ),
            ));
        }
        return read_config(&config, 0);
    }
    // routecore.json first: its `pageExtensions` decide which files the scan reads.
    let value = if has_config {
        Some(read_json(&config)?)
    } else {
        None
    };
    let exts = match &value {
        Some(v) => page_extensions(v)?,
        None => page_extensions(&Value::Null)?,
    };
    // Scan errors do not stop the load: the builder carries them, and `build` reports them
    // together with its own, so one run shows every error.
    let (scanned, scan_errors) = scan_project_all(path, &exts);
    let mut builder = match value {
        Some(v) => match config_with_ids(v, scanned.routes.len() as u64) {
            Ok(b) => b,
            Err(mut e) => {
                e.0.splice(0..0, scan_errors);
                return Err(e);
            }
        },
        None => RouterBuilder::new(),
    };
    builder.add_errors(scan_errors);
    for route in scanned.routes {
        builder.add(route);
    }
    if let Some(m) = scanned.middleware {
        builder =
            builder.middleware_matcher(m.file.to_string_lossy().into_owned(), m.matcher_specs);
    }
    for w in scanned.warnings {
        builder.warn(w);
    }
    Ok(builder)
}

/// Reads `routecore.json`; routes without an explicit `id` get `id_base + index`.
fn read_config(file: &Path, id_base: u64) -> Result<RouterBuilder, BuildErrors> {
    config_with_ids(read_json(file)?, id_base)
}

fn read_json(file: &Path) -> Result<Value, BuildErrors> {
    let text = std::fs::read(file).map_err(|e| project_error(file, &e.to_string()))?;
    let text = String::from_utf8(text).map_err(|_| project_error(file, "is not valid UTF-8"))?;
    serde_json::from_str(&text).map_err(|e| {
        BuildErrors::from(BuildError::new(
            BuildErrorKind::Config,
            format!("routecore.json is not valid JSON: {e}"),
        ))
    })
}

/// Builds from a `routecore.json` value; routes without an `id` get `id_base + index`.
fn config_with_ids(mut value: Value, id_base: u64) -> Result<RouterBuilder, BuildErrors> {
    if id_base > 0 {
        if let Some(routes) = value.get_mut("routes").and_then(Value::as_array_mut) {
            for (i, route) in routes.iter_mut().enumerate() {
                if let Some(obj) = route.as_object_mut() {
                    obj.entry("id").or_insert(Value::from(id_base + i as u64));
                }
            }
        }
    }
    config_from_value(&value)
}

impl Router {
    /// Loads and builds a project (see [`load_project`]).
    pub fn load(path: impl AsRef<Path>) -> Result<Router, BuildErrors> {
        load_project(path.as_ref())?.build()
    }
}

fn project_error(path: &Path, msg: &str) -> BuildErrors {
    BuildError::new(
        BuildErrorKind::Project,
        format!("{}: {msg}", path.display()),
    )
    .into()
}
