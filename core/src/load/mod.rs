//! Loading outside the matching engine: `routecore.json`, the app directory scan, and the
//! project that combines them into a router.

pub(crate) mod app_dir;
pub(crate) mod config;
pub(crate) mod project;
