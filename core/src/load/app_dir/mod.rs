//! The app directory (ROUTING.md §1.1, §1.2, §4): a Next.js project's `app/` (or `src/app/`)
//! files → [`RouteSpec`]s, plus the literal `config.matcher` of its `middleware.*` / `proxy.*`.
//!
//! The walk follows Next.js's own file conventions (`next/dist/build/route-discovery.js`):
//! `page.*` → page, `route.*` → route handler, metadata files → metadata routes
//! ([`metadata`]); route groups `(x)` and parallel slots `@x` vanish from the URL; private
//! folders and files `_x` are skipped (`%5Fx` is the literal segment `_x`); intercepting
//! segments `(.)x`, `(..)x`, `(..)(..)x`, `(...)x` serve soft navigation only and are not
//! routable. Exports are read statically ([`exports`]); nothing is executed. Re-exports are
//! followed into the modules they name ([`resolve`]); what cannot be followed is a warning.
//!
//! Conflicts between the resulting routes (a page and a route handler at one URL, two groups
//! producing one URL, param-name clashes) are found when the router is built: every route
//! carries its file, and those messages name both files.

mod exports;
mod lexer;
mod metadata;
mod resolve;

pub(crate) use metadata::DEFAULT_PAGE_EXTENSIONS;

use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::routes::route::{Dynamic, Revalidate, RouteKind, RouteSpec};
use crate::rules::MatcherSpec;
use exports::{Exports, Want};
use lexer::Dialect;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What [`scan_project`] found in a project directory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScannedProject {
    /// One route per routable file, in the order of their paths; each `id` is the file's index
    /// in that sorted list and each `file` its path relative to the project
    /// (`app/blog/[slug]/page.tsx`).
    pub routes: Vec<RouteSpec>,
    /// The project's `middleware.*` or `proxy.*`, when it has one.
    pub middleware: Option<MiddlewareSource>,
    /// Things that are allowed but probably mistakes (`export function get`, a middleware file
    /// where Next.js would not read it, ...), each naming its file and line.
    pub warnings: Vec<String>,
}

/// A project's middleware file and its literal `config.matcher`.
#[derive(Debug, Clone, PartialEq)]
pub struct MiddlewareSource {
    /// The file, relative to the project directory (`middleware.ts`, `src/proxy.ts`).
    pub file: PathBuf,
    /// `config.matcher` in exactly the shape `routecore.json`'s `middleware.matcher` takes (a
    /// string, an array of strings, or an array of `{source, has, missing, locale}` objects);
    /// `None` when the file exports no matcher (the middleware runs for every request).
    pub matcher: Option<Value>,
    /// `matcher` read into specs (validated as `routecore.json`'s `middleware.matcher` is).
    pub matcher_specs: Option<Vec<MatcherSpec>>,
}

/// Directory levels accepted below `app/`.
const MAX_DEPTH: usize = 64;
/// Directory entries visited at most (symlinks can multiply a tree).
const MAX_ENTRIES: usize = 1_000_000;
/// Largest source file read.
const MAX_SOURCE_BYTES: u64 = 8 << 20;
/// The HTTP methods a route handler may export.
const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
/// Middleware file names (Next.js 16 calls it `proxy`).
const MIDDLEWARE_STEMS: &[&str] = &["middleware", "proxy"];

/// Scans the project directory `dir`: its `app/` or `src/app/` folder (exactly one of them
/// must exist) and the `middleware.*` / `proxy.*` beside that folder.
///
/// Every problem is reported at once, each naming its file (and line, for source files):
/// unreadable or non-UTF-8 files and names, symlink loops, malformed interception markers,
/// exports that cannot be read statically, a route handler without methods, a non-literal
/// middleware matcher, both a middleware and a proxy file.
///
/// ```no_run
/// let scanned = routecore::scan_project(std::path::Path::new("examples/shop-app")).unwrap();
/// for route in &scanned.routes {
///     println!("{} {} {:?}", route.pattern, route.kind, route.file);
/// }
/// ```
pub fn scan_project(dir: &Path) -> Result<ScannedProject, BuildErrors> {
    let exts: Vec<String> = metadata::DEFAULT_PAGE_EXTENSIONS
        .iter()
        .map(|e| e.to_string())
        .collect();
    scan_project_with(dir, &exts)
}

/// [`scan_project`] with the project's `pageExtensions` (Next.js's default: `tsx`, `ts`, `jsx`,
/// `js`): only `page.<ext>`, `route.<ext>`, `layout.<ext>`, `middleware.<ext>` and code
/// metadata files with one of them count (`["mdx", "tsx"]` makes `page.mdx` a page and stops
/// `route.ts` being a route).
pub fn scan_project_with(
    dir: &Path,
    page_extensions: &[String],
) -> Result<ScannedProject, BuildErrors> {
    let (scanned, errors) = scan_project_all(dir, page_extensions);
    if errors.is_empty() {
        Ok(scanned)
    } else {
        Err(BuildErrors(errors))
    }
}

/// [`scan_project_with`] that also returns what it found when there are errors (the files
/// without errors still give routes), so a loader can report the build's errors in the same
/// run.
pub(crate) fn scan_project_all(
    dir: &Path,
    page_extensions: &[String],
) -> (ScannedProject, Vec<BuildError>) {
    let (resolver, tsconfig_warning) = resolve::Resolver::load(dir);
    let mut s = Scan {
        exts: page_extensions.to_vec(),
        resolver,
        project: dir.to_path_buf(),
        errors: Vec::new(),
        warnings: Vec::new(),
        found: Vec::new(),
        layouts: HashMap::new(),
        entries: 0,
    };
    s.warnings.extend(tsconfig_warning);
    let base = match s.app_root() {
        Some(base) => base,
        None => return (ScannedProject::default(), s.errors),
    };
    let app_rel = if base.is_empty() {
        "app".to_owned()
    } else {
        format!("{base}/app")
    };
    s.walk(&app_rel);
    let routes = s.routes();
    let middleware = s.middleware(base);
    let scanned = ScannedProject {
        routes,
        middleware,
        warnings: s.warnings,
    };
    (scanned, s.errors)
}

/// Whether `dir` has an `app/` or `src/app/` folder (or an entry by that name).
pub(crate) fn has_app_dir(dir: &Path) -> bool {
    dir.join("app").symlink_metadata().is_ok() || dir.join("src/app").symlink_metadata().is_ok()
}

/// One folder name below `app/`, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    /// A URL segment (`%5F` already turned into `_`).
    Url(String),
    /// `(group)`.
    Group(String),
    /// `@slot`.
    Slot(String),
}

impl Seg {
    /// The folder name as Next.js's page key holds it (what the djb2 suffix hashes).
    fn key(&self) -> &str {
        match self {
            Seg::Url(s) | Seg::Group(s) | Seg::Slot(s) => s,
        }
    }
}

/// A segment's `dynamic` and `revalidate` exports.
type SegmentConfig = (Option<Dynamic>, Option<Revalidate>);

/// A routable file kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Page,
    Route,
    Metadata,
}

/// A routable file found by the walk.
struct Found {
    /// Relative to the project: `app/(shop)/cart/page.tsx`.
    rel: String,
    path: PathBuf,
    /// The folders from `app/` down to the file.
    segs: Vec<Seg>,
    /// The folder, relative to the project (`app/(shop)/cart`), for layout lookups.
    dir_rel: String,
    name: String,
    kind: FileKind,
}

struct Scan {
    /// `pageExtensions`.
    exts: Vec<String>,
    /// How re-exports are followed (tsconfig `paths` / `baseUrl`).
    resolver: resolve::Resolver,
    project: PathBuf,
    errors: Vec<BuildError>,
    warnings: Vec<String>,
    found: Vec<Found>,
    /// Folder (relative) → its `layout.*` files.
    layouts: HashMap<String, Vec<(String, PathBuf)>>,
    entries: usize,
}

/// A folder waiting to be walked.
struct Pending {
    path: PathBuf,
    rel: String,
    segs: Vec<Seg>,
    /// Canonical paths of this folder and its ancestors (for symlink loops).
    chain: Vec<PathBuf>,
}

/// Whether a folder chain holds an interception marker (`(.)photo`).
fn intercepting(segs: &[Seg]) -> bool {
    segs.iter()
        .any(|s| matches!(s, Seg::Url(u) if crate::routes::pattern::is_intercepting(u)))
}

fn extension(name: &str) -> Option<(&str, &str)> {
    name.rsplit_once('.')
}

/// Classifies a folder name; an intercepting segment (`(.)photo`) stays a URL segment, marker
/// included, as in Next.js's app paths (`/feed/(.)photo/[id]`).
fn classify_dir(name: &str, url_depth: usize) -> Result<Seg, String> {
    if name.starts_with('(') {
        for marker in ["(..)(..)", "(.)", "(..)", "(...)"] {
            if let Some(rest) = name.strip_prefix(marker) {
                if rest.is_empty() {
                    return Err(format!(
                        "the interception marker '{marker}' must be followed by a segment name (e.g. '{marker}photo')"
                    ));
                }
                // Next.js: extractInterceptionRouteInformation.
                if marker == "(..)" && url_depth == 0 {
                    return Err(format!(
                        "cannot use the (..) marker at the root level ('{name}'), use (.) instead"
                    ));
                }
                if marker == "(..)(..)" && url_depth < 2 {
                    return Err(format!(
                        "cannot use the (..)(..) marker at the root level or one level up ('{name}')"
                    ));
                }
                return Ok(Seg::Url(name.to_owned()));
            }
        }
        if name.len() > 2 && name.ends_with(')') {
            return Ok(Seg::Group(name.to_owned()));
        }
        if name == "()" {
            return Err("a route group needs a name: '()'".to_owned());
        }
        return Err(format!(
            "'{name}' is neither a route group '(name)' nor an interception marker '(.)name', '(..)name', '(..)(..)name' or '(...)name'"
        ));
    }
    if let Some(slot) = name.strip_prefix('@') {
        if slot.is_empty() {
            return Err("a parallel route slot needs a name: '@'".to_owned());
        }
        return Ok(Seg::Slot(name.to_owned()));
    }
    // Next.js (route-discovery.js): `%5F` stands for a literal `_`.
    Ok(Seg::Url(name.replace("%5F", "_")))
}

/// Classifies a file name in a folder (`at_root`: directly in `app/`; `exts`: `pageExtensions`).
fn classify_file(name: &str, at_root: bool, exts: &[String]) -> Option<FileKind> {
    let (stem, ext) = extension(name)?;
    let listed = exts.iter().any(|e| e == ext);
    match stem {
        "page" if listed => Some(FileKind::Page),
        "route" if listed => Some(FileKind::Route),
        _ => metadata::classify(name, at_root, exts).map(|_| FileKind::Metadata),
    }
}

fn is_layout(name: &str, exts: &[String]) -> bool {
    extension(name).is_some_and(|(stem, ext)| stem == "layout" && exts.iter().any(|e| e == ext))
}

/// Next.js's `reduceAppConfig` for `dynamic` (the deepest segment that sets it wins) and the
/// documented rule for `revalidate` (the lowest number across the layouts and the page wins;
/// any number overrides `false`).
fn merge_revalidate(a: Revalidate, b: Revalidate) -> Revalidate {
    match (a, b) {
        (Revalidate::Seconds(x), Revalidate::Seconds(y)) => Revalidate::Seconds(x.min(y)),
        (Revalidate::Seconds(x), _) | (_, Revalidate::Seconds(x)) => Revalidate::Seconds(x),
        (Revalidate::Never, _) | (_, Revalidate::Never) => Revalidate::Never,
        _ => Revalidate::Unset,
    }
}

impl Scan {
    fn error(&mut self, kind: BuildErrorKind, msg: String) {
        self.errors.push(BuildError::new(kind, msg));
    }

    /// Finds `app/` or `src/app/`; returns the folder it is in (`""` or `"src"`).
    fn app_root(&mut self) -> Option<&'static str> {
        let dir = self.project.clone();
        if let Err(e) = std::fs::metadata(&dir) {
            self.error(BuildErrorKind::Project, format!("{}: {e}", dir.display()));
            return None;
        }
        let root = dir.join("app");
        let src = dir.join("src").join("app");
        let present = |p: &Path| p.symlink_metadata().is_ok();
        let (root_there, src_there) = (present(&root), present(&src));
        let (base, path) = match (root_there, src_there) {
            (true, true) => {
                self.error(
                    BuildErrorKind::Project,
                    format!(
                        "{}: both app/ and src/app/ exist: keep one app directory",
                        dir.display()
                    ),
                );
                return None;
            }
            (true, false) => ("", root),
            (false, true) => ("src", src),
            (false, false) => {
                self.error(
                    BuildErrorKind::Project,
                    format!("{}: no app/ or src/app/ directory in it", dir.display()),
                );
                return None;
            }
        };
        let rel = if base.is_empty() { "app" } else { "src/app" };
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => Some(base),
            Ok(_) => {
                self.error(
                    BuildErrorKind::Project,
                    format!("{rel}: is not a directory"),
                );
                None
            }
            Err(e) => {
                self.error(
                    BuildErrorKind::Project,
                    format!("{rel}: cannot be read: {e}"),
                );
                None
            }
        }
    }

    /// Walks the app folder (iteratively: no recursion, whatever the depth).
    fn walk(&mut self, app_rel: &str) {
        let root = self.project.join(app_rel);
        let canon = match std::fs::canonicalize(&root) {
            Ok(c) => c,
            Err(e) => {
                self.error(
                    BuildErrorKind::Project,
                    format!("{app_rel}: cannot be read: {e}"),
                );
                return;
            }
        };
        let mut stack = vec![Pending {
            path: root,
            rel: app_rel.to_owned(),
            segs: Vec::new(),
            chain: vec![canon],
        }];
        while let Some(dir) = stack.pop() {
            let mut children = self.read_dir(&dir);
            // Depth-first in name order: push in reverse.
            children.reverse();
            stack.extend(children);
            if self.entries > MAX_ENTRIES {
                self.error(
                    BuildErrorKind::Limit,
                    format!("{app_rel}: more than {MAX_ENTRIES} entries (through symlinks?): not scanned further"),
                );
                return;
            }
        }
    }

    /// Reads one folder: records its files, returns its subfolders to walk.
    fn read_dir(&mut self, dir: &Pending) -> Vec<Pending> {
        let rd = match std::fs::read_dir(&dir.path) {
            Ok(rd) => rd,
            Err(e) => {
                self.error(
                    BuildErrorKind::Project,
                    format!("{}: cannot read directory: {e}", dir.rel),
                );
                return Vec::new();
            }
        };
        let mut entries = Vec::new();
        for entry in rd {
            match entry {
                Ok(e) => entries.push(e),
                Err(e) => {
                    self.error(
                        BuildErrorKind::Project,
                        format!("{}: cannot read directory: {e}", dir.rel),
                    );
                    return Vec::new();
                }
            }
        }
        self.entries += entries.len();
        entries.sort_by_key(|e| e.file_name());
        let url_depth = dir.segs.iter().filter(|s| matches!(s, Seg::Url(_))).count();
        let mut children = Vec::new();
        for entry in entries {
            let os_name = entry.file_name();
            let Some(name) = os_name.to_str() else {
                self.error(
                    BuildErrorKind::Project,
                    format!(
                        "{}/{}: the file name is not valid UTF-8",
                        dir.rel,
                        os_name.to_string_lossy()
                    ),
                );
                continue;
            };
            if name.starts_with('_') {
                continue; // private folder or file
            }
            let rel = format!("{}/{name}", dir.rel);
            let path = entry.path();
            let (is_dir, is_file, symlink) = match entry.file_type() {
                Ok(t) if t.is_symlink() => match std::fs::metadata(&path) {
                    Ok(m) => (m.is_dir(), m.is_file(), true),
                    Err(e) => {
                        self.error(
                            BuildErrorKind::Project,
                            format!("{rel}: broken symlink: {e}"),
                        );
                        continue;
                    }
                },
                Ok(t) => (t.is_dir(), t.is_file(), false),
                Err(e) => {
                    self.error(
                        BuildErrorKind::Project,
                        format!("{rel}: cannot be read: {e}"),
                    );
                    continue;
                }
            };
            if is_dir {
                let seg = match classify_dir(name, url_depth) {
                    Ok(seg) => seg,
                    Err(msg) => {
                        self.error(BuildErrorKind::Pattern, format!("{rel}: {msg}"));
                        continue;
                    }
                };
                if dir.segs.len() + 1 > MAX_DEPTH {
                    self.error(
                        BuildErrorKind::Limit,
                        format!("{rel}: folders nested deeper than {MAX_DEPTH} levels below the app directory"),
                    );
                    continue;
                }
                let canon = if symlink {
                    match std::fs::canonicalize(&path) {
                        Ok(c) => c,
                        Err(e) => {
                            self.error(
                                BuildErrorKind::Project,
                                format!("{rel}: cannot resolve symlink: {e}"),
                            );
                            continue;
                        }
                    }
                } else {
                    dir.chain
                        .last()
                        .map_or_else(|| path.clone(), |c| c.join(name))
                };
                if let Some(pos) = dir.chain.iter().position(|c| *c == canon) {
                    let ancestor = dir
                        .rel
                        .split('/')
                        .take(dir.rel.split('/').count() - (dir.chain.len() - 1 - pos))
                        .collect::<Vec<_>>()
                        .join("/");
                    self.error(
                        BuildErrorKind::Project,
                        format!("{rel}: symlink loop: it leads back to {ancestor}"),
                    );
                    continue;
                }
                let mut segs = dir.segs.clone();
                segs.push(seg);
                let mut chain = dir.chain.clone();
                chain.push(canon);
                children.push(Pending {
                    path,
                    rel,
                    segs,
                    chain,
                });
            } else if is_file {
                if is_layout(name, &self.exts) {
                    self.layouts
                        .entry(dir.rel.clone())
                        .or_default()
                        .push((rel, path));
                } else if let Some(kind) = classify_file(name, dir.segs.is_empty(), &self.exts)
                    // Below an interception marker only pages intercept (Next.js).
                    .filter(|k| *k == FileKind::Page || !intercepting(&dir.segs))
                {
                    self.found.push(Found {
                        rel,
                        path,
                        segs: dir.segs.clone(),
                        dir_rel: dir.rel.clone(),
                        name: name.to_owned(),
                        kind,
                    });
                }
            }
        }
        children
    }

    /// Reads a source file's exports, following its re-exports ([`Scan::follow`]); problems
    /// become errors naming `rel:line`.
    fn exports(&mut self, rel: &str, path: &Path, want: Want) -> Option<Exports> {
        let mut ex = self.read_exports(rel, path, want)?;
        let mut chain = vec![path.canonicalize().unwrap_or_else(|_| path.to_path_buf())];
        self.follow(rel, path, &mut ex, &mut chain);
        Some(ex)
    }

    fn read_exports(&mut self, rel: &str, path: &Path, want: Want) -> Option<Exports> {
        let ext = extension(rel).map_or("", |(_, e)| e);
        let dialect = Dialect::from_extension(ext)?;
        let text = self.source(rel, path)?;
        match exports::read(&text, dialect, want) {
            Ok(e) => Some(e),
            Err(problems) => {
                for p in problems {
                    self.error(
                        BuildErrorKind::Project,
                        format!("{rel}:{}: {}", p.line, p.message),
                    );
                }
                None
            }
        }
    }

    /// Follows `export * from` and re-exported `dynamic` / `revalidate` from `ex` (read from
    /// `path`, shown as `origin`) into the modules they name, as Next.js's bundler would link
    /// them. `chain` holds the modules being followed (a cycle stops there). What cannot be
    /// followed is a warning: the route keeps what could be read, and Next.js's defaults.
    fn follow(&mut self, origin: &str, path: &Path, ex: &mut Exports, chain: &mut Vec<PathBuf>) {
        for (spec, line) in std::mem::take(&mut ex.star_from) {
            let Some(target) = self.followed(origin, path, &spec, line, chain) else {
                continue;
            };
            for (name, _) in &target.names {
                // `export *` never passes `default` on; a name exported here wins.
                if name == "default" || ex.has(name) {
                    continue;
                }
                ex.names.push((name.clone(), line));
                match name.as_str() {
                    "dynamic" => ex.dynamic = target.dynamic,
                    "revalidate" => ex.revalidate = target.revalidate,
                    _ => {}
                }
            }
        }
        for f in std::mem::take(&mut ex.forwards) {
            let target = match &f.from {
                Some(spec) => self.followed(origin, path, spec, f.line, chain),
                None => None,
            };
            let value_read = target.as_ref().is_some_and(|t| {
                t.has(&f.imported)
                    && match f.imported.as_str() {
                        "dynamic" => t.dynamic.is_some(),
                        "revalidate" => t.revalidate.is_some(),
                        _ => false,
                    }
            });
            match (f.name.as_str(), target) {
                ("dynamic", Some(t)) if value_read && f.imported == f.name => ex.dynamic = t.dynamic,
                ("revalidate", Some(t)) if value_read && f.imported == f.name => {
                    ex.revalidate = t.revalidate
                }
                _ => self.warnings.push(format!(
                    "{origin}:{}: the value of the re-exported '{}' cannot be read statically (declare `export const {} = ...` with a literal, here or in the module it comes from): Next.js's default applies",
                    f.line, f.name, f.name
                )),
            }
        }
    }

    /// The exports of the module `spec` names, imported from `path` (re-exports followed), or
    /// `None` with a warning. Problems in a followed module are warnings, never errors.
    fn followed(
        &mut self,
        origin: &str,
        path: &Path,
        spec: &str,
        line: u32,
        chain: &mut Vec<PathBuf>,
    ) -> Option<Exports> {
        let Some(file) = self.resolver.resolve(path, spec) else {
            self.warnings.push(format!(
                "{origin}:{line}: re-exports '{spec}', which cannot be followed statically (a package, or a path that names no file): its exports are not read"
            ));
            return None;
        };
        let canon = file.canonicalize().unwrap_or_else(|_| file.clone());
        if chain.contains(&canon) || chain.len() >= MAX_DEPTH {
            self.warnings.push(format!(
                "{origin}:{line}: re-exports '{spec}' in a cycle (or too deep a chain): it is followed once"
            ));
            return None;
        }
        let rel = file
            .strip_prefix(&self.project)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        let errors = self.errors.len();
        let mut target = self.read_exports(&rel, &file, Want::SegmentConfig);
        for e in self.errors.split_off(errors) {
            self.warnings.push(format!(
                "{} (re-exported by {origin}:{line}, so it is not followed)",
                e.message()
            ));
            target = None;
        }
        let mut target = target?;
        chain.push(canon);
        self.follow(&rel, &file, &mut target, chain);
        chain.pop();
        Some(target)
    }

    fn source(&mut self, rel: &str, path: &Path) -> Option<String> {
        let bytes = match std::fs::metadata(path) {
            Ok(m) if m.len() > MAX_SOURCE_BYTES => {
                self.error(
                    BuildErrorKind::Limit,
                    format!("{rel}: {} bytes, over the limit of {MAX_SOURCE_BYTES} bytes for a source file", m.len()),
                );
                return None;
            }
            Ok(_) => std::fs::read(path),
            Err(e) => Err(e),
        };
        match bytes {
            Ok(b) => match String::from_utf8(b) {
                Ok(s) => Some(s),
                Err(_) => {
                    self.error(
                        BuildErrorKind::Project,
                        format!("{rel}: is not valid UTF-8 text"),
                    );
                    None
                }
            },
            Err(e) => {
                self.error(
                    BuildErrorKind::Project,
                    format!("{rel}: cannot be read: {e}"),
                );
                None
            }
        }
    }

    /// The route specs of every file found, in path order.
    fn routes(&mut self) -> Vec<RouteSpec> {
        let mut found = std::mem::take(&mut self.found);
        found.sort_by(|a, b| a.rel.cmp(&b.rel));
        let mut layout_cache: HashMap<String, Option<SegmentConfig>> = HashMap::new();
        let mut routes = Vec::with_capacity(found.len());
        // (index in routes, whether in a slot) per page pattern, for parallel-slot merging.
        let mut pages: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
        for (id, f) in found.iter().enumerate() {
            let mut url: Vec<String> = f
                .segs
                .iter()
                .filter_map(|s| match s {
                    Seg::Url(u) => Some(u.clone()),
                    _ => None,
                })
                .collect();
            let mut spec = RouteSpec {
                id: id as u64,
                file: Some(f.rel.clone()),
                ..Default::default()
            };
            let ok = match f.kind {
                FileKind::Route => self.route_handler(f, &mut spec),
                FileKind::Page => self.page(f, &mut spec, &mut layout_cache),
                FileKind::Metadata => self.metadata_route(f, &mut spec, &mut url),
            };
            if !ok {
                continue;
            }
            spec.pattern = format!("/{}", url.join("/"));
            if intercepting(&f.segs) {
                if let Err(m) = crate::rules::intercept::rewrite(&spec.pattern) {
                    self.warnings.push(format!(
                        "{}: {m}: it is left out (the route it intercepts still serves)",
                        f.rel
                    ));
                    continue;
                }
            }
            if f.kind == FileKind::Page {
                let in_slot = f.segs.iter().any(|s| matches!(s, Seg::Slot(_)));
                pages
                    .entry(spec.pattern.clone())
                    .or_default()
                    .push((routes.len(), in_slot));
            }
            routes.push(spec);
        }
        // Parallel slots: `app/@modal/login/page.tsx` and `app/login/page.tsx` are one route
        // (the slot renders beside the page). Two pages outside slots stay, and conflict.
        let mut drop = vec![false; routes.len()];
        for list in pages.values().filter(|l| l.len() > 1) {
            let plain: Vec<usize> = list.iter().filter(|(_, s)| !s).map(|(i, _)| *i).collect();
            if plain.is_empty() {
                // Only slot pages: keep the one Next.js's `selectAppPageEntry` picks.
                let keep = list
                    .iter()
                    .map(|(i, _)| *i)
                    .max_by(|a, b| routes[*a].file.cmp(&routes[*b].file));
                for (i, _) in list {
                    drop[*i] = Some(*i) != keep;
                }
            } else {
                for (i, in_slot) in list {
                    drop[*i] = *in_slot;
                }
            }
        }
        routes
            .into_iter()
            .zip(drop)
            .filter(|(_, d)| !d)
            .map(|(r, _)| r)
            .collect()
    }

    fn route_handler(&mut self, f: &Found, spec: &mut RouteSpec) -> bool {
        spec.kind = RouteKind::Route;
        let Some(ex) = self.exports(&f.rel, &f.path, Want::SegmentConfig) else {
            return false;
        };
        for (name, line) in &ex.names {
            if METHODS.contains(&name.as_str()) {
                spec.methods.push(name.clone());
                continue;
            }
            let upper = name.to_ascii_uppercase();
            if METHODS.contains(&upper.as_str()) {
                self.warnings.push(format!(
                    "{}:{line}: exports '{name}', which is not an HTTP method: method exports are upper case (did you mean '{upper}'?); it is ignored",
                    f.rel
                ));
            } else if matches!(upper.as_str(), "CONNECT" | "TRACE") {
                self.warnings.push(format!(
                    "{}:{line}: exports '{name}': route handlers support GET, HEAD, POST, PUT, DELETE, PATCH and OPTIONS only; it is ignored",
                    f.rel
                ));
            } else if name == "default" {
                self.warnings.push(format!(
                    "{}:{line}: has a default export, which route handlers ignore: export one function per HTTP method",
                    f.rel
                ));
            }
        }
        if spec.methods.is_empty() {
            self.error(
                BuildErrorKind::Method,
                format!(
                    "{}: route handler exports no HTTP method (expected at least one of {})",
                    f.rel,
                    METHODS.join(", ")
                ),
            );
            return false;
        }
        spec.dynamic = ex.dynamic.unwrap_or_default();
        spec.revalidate = ex.revalidate.unwrap_or_default();
        true
    }

    fn page(
        &mut self,
        f: &Found,
        spec: &mut RouteSpec,
        cache: &mut HashMap<String, Option<SegmentConfig>>,
    ) -> bool {
        spec.kind = RouteKind::Page;
        // Layouts from the app root down to the page's folder, then the page.
        let mut configs = Vec::new();
        let mut dir = String::new();
        let base_parts = f.dir_rel.split('/').count() - f.segs.len();
        for (i, part) in f.dir_rel.split('/').enumerate() {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            if i + 1 < base_parts {
                continue;
            }
            if !cache.contains_key(&dir) {
                let layouts = self.layouts.get(&dir).cloned().unwrap_or_default();
                let mut merged = Some((None, None));
                for (rel, path) in layouts {
                    match self.exports(&rel, &path, Want::SegmentConfig) {
                        Some(ex) => {
                            if let Some((d, r)) = merged.as_mut() {
                                *d = ex.dynamic.or(*d);
                                *r = ex.revalidate.or(*r);
                            }
                        }
                        None => merged = None,
                    }
                }
                cache.insert(dir.clone(), merged);
            }
            match cache.get(&dir) {
                Some(Some(c)) => configs.push(*c),
                _ => return false,
            }
        }
        let ext = extension(&f.name).map_or("", |(_, e)| e);
        if Dialect::from_extension(ext).is_some() {
            let Some(ex) = self.exports(&f.rel, &f.path, Want::SegmentConfig) else {
                return false;
            };
            configs.push((ex.dynamic, ex.revalidate));
        }
        for (d, r) in configs {
            if let Some(d) = d {
                spec.dynamic = d;
            }
            if let Some(r) = r {
                spec.revalidate = merge_revalidate(spec.revalidate, r);
            }
        }
        true
    }

    fn metadata_route(&mut self, f: &Found, spec: &mut RouteSpec, url: &mut Vec<String>) -> bool {
        spec.kind = RouteKind::Metadata;
        let Some(meta) = metadata::classify(&f.name, f.segs.is_empty(), &self.exts) else {
            return false;
        };
        let mut generated = false;
        if meta.code {
            let Some(ex) = self.exports(&f.rel, &f.path, Want::SegmentConfig) else {
                return false;
            };
            generated = ex.has("generateSitemaps") || ex.has("generateImageMetadata");
            spec.dynamic = ex.dynamic.unwrap_or_default();
            spec.revalidate = ex.revalidate.unwrap_or_default();
        }
        let dirs: Vec<&str> = f.segs.iter().map(Seg::key).collect();
        url.extend(metadata::route_leaf(&meta, &dirs, generated));
        true
    }

    /// The middleware (or proxy) beside the app folder.
    fn middleware(&mut self, base: &str) -> Option<MiddlewareSource> {
        let in_base = |stem: &str, ext: &str, b: &str| {
            if b.is_empty() {
                format!("{stem}.{ext}")
            } else {
                format!("{b}/{stem}.{ext}")
            }
        };
        let other = if base.is_empty() { "src" } else { "" };
        let mut found = Vec::new();
        let exts = self.exts.clone();
        for stem in MIDDLEWARE_STEMS {
            for ext in &exts {
                let rel = in_base(stem, ext, base);
                if std::fs::metadata(self.project.join(&rel)).is_ok_and(|m| m.is_file()) {
                    found.push(rel);
                }
                let stray = in_base(stem, ext, other);
                if std::fs::metadata(self.project.join(&stray)).is_ok_and(|m| m.is_file()) {
                    let app = if base.is_empty() { "app/" } else { "src/app/" };
                    self.warnings.push(format!(
                        "{stray}: ignored: Next.js reads middleware only beside {app}"
                    ));
                }
            }
        }
        if found.len() > 1 {
            self.error(
                BuildErrorKind::Conflict,
                format!(
                    "{}: a project has one middleware (Next.js 16 names it proxy), found {} files: keep one",
                    found.join(" and "),
                    found.len()
                ),
            );
            return None;
        }
        let rel = found.pop()?;
        let path = self.project.join(&rel);
        let ex = self.exports(&rel, &path, Want::MiddlewareConfig)?;
        let (matcher, matcher_specs) = match ex.matcher {
            Some((value, line)) => {
                let label = format!("{rel}:{line}: config.matcher");
                match crate::load::config::matcher_from_value(&value, &label) {
                    Ok(specs) => (Some(value), Some(specs)),
                    Err(errors) => {
                        self.errors.extend(errors.0);
                        return None;
                    }
                }
            }
            None => (None, None),
        };
        Some(MiddlewareSource {
            file: PathBuf::from(rel),
            matcher,
            matcher_specs,
        })
    }
}
