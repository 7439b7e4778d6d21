//! Loading a project: a directory (with `routecore.json`) or a `routecore.json` path.

use crate::config::parse_config;
use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::router::{Router, RouterBuilder};
use std::path::Path;

/// The config file a project directory may hold.
pub const CONFIG_FILE: &str = "routecore.json";

/// Reads a project into a builder: `path` is a directory holding `routecore.json`, or the path
/// of such a file.
pub fn load_project(path: &Path) -> Result<RouterBuilder, BuildErrors> {
    let meta = std::fs::metadata(path).map_err(|e| project_error(path, &e.to_string()))?;
    let file = if meta.is_dir() {
        let f = path.join(CONFIG_FILE);
        if !f.is_file() {
            return Err(project_error(
                path,
                &format!("is not a project: no {CONFIG_FILE} found in it"),
            ));
        }
        f
    } else {
        path.to_path_buf()
    };
    let text = std::fs::read(&file).map_err(|e| project_error(&file, &e.to_string()))?;
    let text = String::from_utf8(text).map_err(|_| project_error(&file, "is not valid UTF-8"))?;
    parse_config(&text)
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
