//! The app directory scanner on real directory trees.
//!
//! `tests/appdir/*.json` (generated from Next.js's own code by
//! `tests/oracle/gen-appdir-vectors.mjs`): each case's tree is written into a temporary
//! directory, loaded with `load_project`, and the routes (in priority order, with kind, file,
//! methods and segment config), the middleware matcher, the warnings or the errors are checked.
//! The focused tests below cover the error paths a JSON tree cannot express (non-UTF-8 names,
//! symlinks, unreadable files, limits) and the `routecore.json` merge.

use routecore::{
    BuildErrors, Dynamic, Revalidate, RouteKind, RouterBuilder, load_project, scan_project,
    scan_project_with,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let dir = std::env::temp_dir().join(format!(
            "routecore-appdir-{}-{n}-{safe}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, rel: &str, content: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Restore permissions a test may have taken away, so the tree can be removed.
            for entry in walk(&self.0) {
                let _ = std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o755));
            }
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn messages(e: &BuildErrors) -> Vec<String> {
    e.errors().iter().map(|e| e.message().to_owned()).collect()
}

/// Loads and builds; returns the builder's warnings and the error messages (if any).
fn load(dir: &Path) -> Result<(RouterBuilder, routecore::Router), Vec<String>> {
    let builder = load_project(dir).map_err(|e| messages(&e))?;
    let router = builder.clone().build().map_err(|e| messages(&e))?;
    Ok((builder, router))
}

fn vector_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/appdir")
}

fn dynamic_name(d: Dynamic) -> &'static str {
    d.as_str()
}

fn run_case(file: &str, case: &Value) -> Result<(), String> {
    let name = case["name"].as_str().unwrap_or("?");
    let dir = TempDir::new(name);
    for (rel, content) in case["tree"].as_object().expect("tree") {
        dir.write(rel, content.as_str().expect("content"));
    }
    let ctx = format!("{file}: {name}");
    if let Some(expected) = case.get("expect_errors") {
        let errs = match load(dir.path()) {
            Ok(_) => return Err(format!("{ctx}: built, expected errors {expected}")),
            Err(e) => e,
        };
        let lower: Vec<String> = errs.iter().map(|e| e.to_lowercase()).collect();
        for want in expected.as_array().unwrap() {
            let want = want.as_str().unwrap().to_lowercase();
            if !lower.iter().any(|e| e.contains(&want)) {
                return Err(format!("{ctx}: no error contains {want:?}: {errs:#?}"));
            }
        }
        return Ok(());
    }
    let (builder, router) = load(dir.path()).map_err(|e| format!("{ctx}: {e:#?}"))?;
    // The scan with the case's pageExtensions, as load_project reads them.
    let exts: Vec<String> = case["tree"]
        .get("routecore.json")
        .and_then(|c| serde_json::from_str::<Value>(c.as_str()?).ok())
        .and_then(|c| serde_json::from_value(c.get("pageExtensions")?.clone()).ok())
        .unwrap_or_else(|| ["tsx", "ts", "jsx", "js"].map(String::from).to_vec());
    let scanned = scan_project_with(dir.path(), &exts).map_err(|e| format!("{ctx}: {e}"))?;
    let want: Vec<&Value> = case["expect_routes"].as_array().unwrap().iter().collect();
    let got: Vec<_> = router.routes().collect();
    let got_rows: Vec<String> = got
        .iter()
        .map(|r| format!("{} {} {}", r.pattern, r.kind, r.file.unwrap_or("-")))
        .collect();
    let want_rows: Vec<String> = want
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["pattern"].as_str().unwrap(),
                r["kind"].as_str().unwrap(),
                r["file"].as_str().unwrap()
            )
        })
        .collect();
    if got_rows != want_rows {
        return Err(format!(
            "{ctx}: routes differ\n got: {got_rows:#?}\nwant: {want_rows:#?}"
        ));
    }
    for w in &want {
        let file = w["file"].as_str().unwrap();
        let spec = scanned
            .routes
            .iter()
            .find(|s| s.file.as_deref() == Some(file))
            .ok_or(format!("{ctx}: {file} not scanned"))?;
        if let Some(methods) = w.get("methods") {
            let mut want_m: Vec<&str> = methods
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            let mut got_m: Vec<&str> = spec.methods.iter().map(String::as_str).collect();
            want_m.sort();
            got_m.sort();
            if want_m != got_m {
                return Err(format!("{ctx}: {file}: methods {got_m:?}, want {want_m:?}"));
            }
        }
        let want_dynamic = w.get("dynamic").and_then(Value::as_str).unwrap_or("auto");
        if dynamic_name(spec.dynamic) != want_dynamic {
            return Err(format!(
                "{ctx}: {file}: dynamic {:?}, want {want_dynamic}",
                spec.dynamic
            ));
        }
        let want_reval = match w.get("revalidate") {
            None => Revalidate::Unset,
            Some(Value::Bool(false)) => Revalidate::Never,
            Some(v) => Revalidate::Seconds(v.as_u64().unwrap() as u32),
        };
        if spec.revalidate != want_reval {
            return Err(format!(
                "{ctx}: {file}: revalidate {:?}, want {want_reval:?}",
                spec.revalidate
            ));
        }
        let kind = RouteKind::parse(w["kind"].as_str().unwrap()).unwrap();
        if spec.kind != kind {
            return Err(format!("{ctx}: {file}: kind {}", spec.kind));
        }
    }
    // The literal matcher as the scan read it, and the specs the builder was handed.
    let mw = scanned.middleware.as_ref().map(|m| {
        json!({"file": m.file.to_string_lossy(), "matcher": m.matcher.clone().unwrap_or(Value::Null)})
    });
    let want_mw = case
        .get("expect_middleware")
        .cloned()
        .unwrap_or(Value::Null);
    if mw.clone().unwrap_or(Value::Null) != want_mw {
        return Err(format!("{ctx}: middleware {mw:?}, want {want_mw}"));
    }
    let handed = builder.middleware_source();
    let want_specs = match &want_mw["matcher"] {
        Value::Null => None,
        m => Some(routecore::matcher_from_value(m, "want").map_err(|e| format!("{ctx}: {e}"))?),
    };
    if handed.map(|(f, m)| (f.to_owned(), m.map(<[_]>::to_vec)))
        != want_mw["file"].as_str().map(|f| (f.to_owned(), want_specs))
    {
        return Err(format!("{ctx}: the builder was handed {handed:?}"));
    }
    let warnings = builder.warnings();
    match case.get("expect_warnings").and_then(Value::as_array) {
        Some(list) => {
            for w in list {
                let w = w.as_str().unwrap();
                if !warnings.iter().any(|x| x.contains(w)) {
                    return Err(format!("{ctx}: no warning contains {w:?}: {warnings:?}"));
                }
            }
        }
        None if !warnings.is_empty() => {
            return Err(format!("{ctx}: unexpected warnings {warnings:?}"));
        }
        None => {}
    }
    Ok(())
}

#[test]
fn vectors() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vector_dir())
        .expect("tests/appdir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "vector files missing");
    let mut failures = Vec::new();
    let mut count = 0;
    for path in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        for case in doc["cases"].as_array().unwrap() {
            count += 1;
            if let Err(e) = run_case(&file, case) {
                failures.push(e);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---- focused tests -------------------------------------------------------------------------

fn errors_of(dir: &TempDir) -> Vec<String> {
    match load(dir.path()) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    }
}

fn assert_error(errs: &[String], parts: &[&str]) {
    assert!(
        errs.iter().any(|e| parts.iter().all(|p| e.contains(p))),
        "no error contains all of {parts:?}: {errs:#?}"
    );
}

const PAGE: &str = "export default function Page() { return null }\n";

#[test]
fn not_a_project() {
    let dir = TempDir::new("empty");
    assert_error(
        &errors_of(&dir),
        &["is not a project", "app/", "routecore.json"],
    );
    let missing = dir.path().join("nope");
    let e = load_project(&missing).unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
}

#[test]
fn app_that_is_a_file() {
    let dir = TempDir::new("app-file");
    dir.write("app", "not a directory");
    assert_error(&errors_of(&dir), &["app: is not a directory"]);
}

#[cfg(unix)]
#[test]
fn non_utf8_names_are_errors() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new("non-utf8");
    dir.write("app/page.tsx", PAGE);
    let bad = dir.path().join("app").join(OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("page.tsx"), PAGE).unwrap();
    assert_error(&errors_of(&dir), &["app/caf", "not valid UTF-8"]);
}

#[test]
fn non_utf8_source_is_an_error() {
    let dir = TempDir::new("non-utf8-source");
    std::fs::create_dir_all(dir.path().join("app/api")).unwrap();
    std::fs::write(
        dir.path().join("app/api/route.ts"),
        b"export function GET() {}\n// \xff\n",
    )
    .unwrap();
    assert_error(
        &errors_of(&dir),
        &["app/api/route.ts", "is not valid UTF-8 text"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_errors() {
    let dir = TempDir::new("symlink-loop");
    dir.write("app/a/page.tsx", PAGE);
    std::os::unix::fs::symlink("..", dir.path().join("app/a/up")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("app/self")).unwrap();
    let errs = errors_of(&dir);
    assert_error(&errs, &["app/a/up", "symlink loop", "leads back to app"]);
    assert_error(&errs, &["app/self", "symlink loop"]);
}

#[cfg(unix)]
#[test]
fn loops_through_outside_directories_are_found() {
    let dir = TempDir::new("symlink-outside");
    dir.write("app/page.tsx", PAGE);
    dir.write("outside/x/page.tsx", PAGE);
    std::os::unix::fs::symlink(dir.path().join("outside"), dir.path().join("app/ext")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("app"), dir.path().join("outside/back")).unwrap();
    assert_error(
        &errors_of(&dir),
        &["app/ext/back", "symlink loop", "leads back to app"],
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_and_broken_ones_reported() {
    let dir = TempDir::new("symlinks");
    dir.write("shared/page.tsx", PAGE);
    dir.write("app/page.tsx", PAGE);
    std::os::unix::fs::symlink(dir.path().join("shared"), dir.path().join("app/linked")).unwrap();
    let (_, router) = load(dir.path()).unwrap();
    let patterns: Vec<&str> = router.routes().map(|r| r.pattern).collect();
    assert_eq!(patterns, ["/", "/linked"]);
    std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("app/dangling"))
        .unwrap();
    assert_error(&errors_of(&dir), &["app/dangling", "broken symlink"]);
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_errors() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("unreadable");
    dir.write("app/api/route.ts", "export function GET() {}\n");
    dir.write("app/secret/page.tsx", PAGE);
    let file = dir.path().join("app/api/route.ts");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let folder = dir.path().join("app/secret");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        eprintln!("running with privileges that ignore file permissions: skipped");
        return;
    }
    let errs = errors_of(&dir);
    assert_error(&errs, &["app/api/route.ts", "cannot be read"]);
    assert_error(&errs, &["app/secret", "cannot read directory"]);
}

#[test]
fn deep_trees_hit_the_depth_limit() {
    let dir = TempDir::new("deep");
    let deep = "a/".repeat(70);
    dir.write(&format!("app/{deep}page.tsx"), PAGE);
    assert_error(&errors_of(&dir), &["nested deeper than 64 levels"]);
}

#[test]
fn huge_source_files_are_refused() {
    let dir = TempDir::new("huge");
    let mut big = String::from("export function GET() {}\n");
    big.push_str(
        &"// padding padding padding padding padding padding padding padding\n".repeat(140_000),
    );
    dir.write("app/api/route.ts", &big);
    assert_error(&errors_of(&dir), &["app/api/route.ts", "over the limit"]);
}

#[test]
fn route_handler_warnings_name_file_and_line() {
    let dir = TempDir::new("warnings");
    dir.write(
        "app/api/route.ts",
        "export function GET() {}\nexport function post() {}\nexport const Put = 1\nexport function CONNECT() {}\nexport default function handler() {}\n",
    );
    let (builder, router) = load(dir.path()).unwrap();
    let w = builder.warnings();
    assert!(
        w.iter()
            .any(|w| w.starts_with("app/api/route.ts:2: exports 'post'")
                && w.contains("did you mean 'POST'")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("app/api/route.ts:3: exports 'Put'")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("app/api/route.ts:4: exports 'CONNECT'")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("app/api/route.ts:5: has a default export")),
        "{w:?}"
    );
    let r = router.routes().next().unwrap();
    assert_eq!(r.methods.allow_header(), "GET, HEAD, OPTIONS");
}

#[test]
fn routecore_json_merges_into_the_scan() {
    let dir = TempDir::new("merge");
    dir.write("app/page.tsx", PAGE);
    dir.write("app/api/route.ts", "export function GET() {}\n");
    dir.write(
        "routecore.json",
        r#"{"trailingSlash": true, "routes": [
            {"pattern": "/legacy", "kind": "page"},
            {"pattern": "/hook", "methods": ["POST"], "id": 900}
        ]}"#,
    );
    let (builder, router) = load(dir.path()).unwrap();
    assert!(router.options().trailing_slash);
    let mut ids: Vec<(String, u64)> = builder
        .routes()
        .iter()
        .map(|r| (r.pattern.clone(), r.id))
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            ("/".to_owned(), 1),
            ("/api".to_owned(), 0),
            ("/hook".to_owned(), 900),
            ("/legacy".to_owned(), 2)
        ]
    );
    // A config route at a scanned URL conflicts, naming both.
    dir.write(
        "routecore.json",
        r#"{"routes": [{"pattern": "/api", "kind": "page", "file": "legacy/api.tsx"}]}"#,
    );
    assert_error(&errors_of(&dir), &["app/api/route.ts", "legacy/api.tsx"]);
    // Config errors still name their JSON path.
    dir.write(
        "routecore.json",
        r#"{"routes": [{"pattern": "/x", "kind": "nope"}]}"#,
    );
    assert_error(&errors_of(&dir), &["routes[0].kind"]);
}

#[test]
fn config_only_directories_still_load() {
    let dir = TempDir::new("config-only");
    dir.write(
        "routecore.json",
        r#"{"routes": [{"pattern": "/a", "kind": "page"}]}"#,
    );
    let (_, router) = load(dir.path()).unwrap();
    assert_eq!(router.routes().next().unwrap().id, 0);
}

#[test]
fn scan_reports_every_error_at_once() {
    let dir = TempDir::new("many");
    dir.write("app/(....)x/page.tsx", PAGE);
    dir.write("app/a/route.ts", "module.exports = { GET() {} }\n");
    dir.write("app/b/route.ts", "export const helper = 1\n");
    dir.write(
        "middleware.ts",
        "export const config = { matcher: paths }\n",
    );
    let e = scan_project(dir.path()).unwrap_err();
    let errs = messages(&e);
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert_error(&errs, &["app/(....)x"]);
    assert_error(&errs, &["app/a/route.ts:1"]);
    assert_error(&errs, &["app/b/route.ts", "no HTTP method"]);
    assert_error(&errs, &["middleware.ts:1", "not a literal"]);
}

/// Issue 17: what goes wrong in a module a route only re-exports from is a warning naming
/// both files; the route keeps the methods it declares itself, and the project loads.
#[test]
fn a_broken_re_exported_module_is_a_warning() {
    let dir = TempDir::new("reexport-broken");
    dir.write(
        "app/api/route.ts",
        "export * from './legacy'\nexport function GET() {}\n",
    );
    dir.write("app/api/legacy.js", "module.exports = { POST() {} }\n");
    let (builder, _router) = load(dir.path()).unwrap();
    let scanned = scan_project(dir.path()).unwrap();
    assert_eq!(scanned.routes[0].methods, ["GET"]);
    let w = builder.warnings();
    assert!(
        w.iter()
            .any(|w| w.contains("app/api/legacy.js:1: uses CommonJS")
                && w.contains("re-exported by app/api/route.ts:1")),
        "{w:?}"
    );
}

#[test]
fn ids_follow_the_sorted_file_list() {
    let dir = TempDir::new("ids");
    for f in [
        "app/b/page.tsx",
        "app/a/page.tsx",
        "app/page.tsx",
        "app/icon.png",
    ] {
        dir.write(f, PAGE);
    }
    let s = scan_project(dir.path()).unwrap();
    let ids: Vec<(&str, u64)> = s
        .routes
        .iter()
        .map(|r| (r.file.as_deref().unwrap(), r.id))
        .collect();
    assert_eq!(
        ids,
        [
            ("app/a/page.tsx", 0),
            ("app/b/page.tsx", 1),
            ("app/icon.png", 2),
            ("app/page.tsx", 3)
        ]
    );
}

#[test]
fn matcher_shape_is_validated_by_the_loader() {
    use routecore::matcher_from_value;
    let e =
        matcher_from_value(&json!({"source": "/a"}), "middleware.ts: config.matcher").unwrap_err();
    assert!(
        e.to_string()
            .contains("middleware.ts: config.matcher must be a string"),
        "{e}"
    );
    let specs = matcher_from_value(
        &json!(["/a", {"source": "/b", "has": [{"type": "host", "value": "x.com"}], "locale": false}]),
        "m.ts: config.matcher",
    )
    .unwrap();
    assert!(
        RouterBuilder::new()
            .middleware_matcher("m.ts", Some(specs))
            .build()
            .is_ok()
    );
    let e = matcher_from_value(
        &json!([{"source": "/b", "has": [{"type": "host"}], "extra": 1}, {"has": []}, "b", {"source": "/c", "locale": true}]),
        "m.ts: config.matcher",
    )
    .unwrap_err()
    .to_string();
    for want in [
        "m.ts: config.matcher[0].has[0].value is required",
        "m.ts: config.matcher[0].extra is not a known key",
        "m.ts: config.matcher[1].source is required",
        "m.ts: config.matcher[2] must start with '/', found \"b\"",
        "m.ts: config.matcher[3].locale must be false",
    ] {
        assert!(e.contains(want), "{e} lacks {want}");
    }
    assert!(!e.contains("routecore.json"), "{e}");
}

/// Scans a generated 5,000-file tree and prints the time (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn scan_5000_files() {
    let dir = TempDir::new("bench-5000");
    let mut n = 0;
    'outer: for section in 0..50 {
        for item in 0..20 {
            let base = format!("app/(g{})/s{section}/i{item}", section % 5);
            let files = [
                (
                    format!("{base}/page.tsx"),
                    "export const revalidate = 60\nexport default function Page() { return <div className=\"x\">It's {`${1}`}</div> }\n",
                ),
                (
                    format!("{base}/layout.tsx"),
                    "export default function L({ children }) { return children }\n",
                ),
                (
                    format!("{base}/[id]/route.ts"),
                    "// handlers\nexport async function GET() { return Response.json({}) }\nexport const POST = async () => new Response('x')\n",
                ),
                (format!("{base}/icon.png"), ""),
                (format!("{base}/_lib/util.ts"), "export const x = 1\n"),
            ];
            for (path, content) in files {
                dir.write(&path, content);
                n += 1;
                if n == 5000 {
                    break 'outer;
                }
            }
        }
    }
    assert_eq!(n, 5000);
    let start = std::time::Instant::now();
    let scanned = scan_project(dir.path()).unwrap();
    let scan = start.elapsed();
    let start = std::time::Instant::now();
    let builder = load_project(dir.path()).unwrap();
    let router = builder.build().unwrap();
    let total = start.elapsed();
    println!(
        "scanned {n} files ({} routes) in {scan:?}; load + build {} routes in {total:?}",
        scanned.routes.len(),
        router.routes().len()
    );
}

#[test]
fn example_shop_app() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/shop-app");
    let (builder, router) = load(&dir).unwrap();
    assert!(builder.warnings().is_empty(), "{:?}", builder.warnings());
    let routes: Vec<_> = router.routes().collect();
    assert!(routes.len() >= 25, "{} routes", routes.len());
    let find = |p: &str| {
        routes
            .iter()
            .find(|r| r.pattern == p)
            .unwrap_or_else(|| panic!("no route {p}"))
    };
    assert_eq!(find("/about").file, Some("app/(marketing)/about/page.tsx"));
    assert_eq!(find("/docs/[[...slug]]").kind, RouteKind::Page);
    assert_eq!(find("/opengraph-image-pwu6ef").kind, RouteKind::Metadata);
    assert_eq!(
        find("/products/sitemap/[__metadata_id__]").kind,
        RouteKind::Metadata
    );
    for p in ["/sitemap.xml", "/robots.txt", "/favicon.ico", "/icon.png"] {
        assert_eq!(find(p).kind, RouteKind::Metadata);
    }
    assert_eq!(
        find("/api/products/[id]").methods.allow_header(),
        "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
    );
    // The intercepting route under @modal serves /products/[id] only for a soft navigation
    // from the shop (Next-Url); its own path is never routable. Private folders are skipped.
    assert_eq!(
        find("/(.)products/[id]").file,
        Some("app/(shop)/@modal/(.)products/[id]/page.tsx")
    );
    let mut ctx = routecore::Context::new();
    let d = router.decide(&routecore::Request::new("GET", "/products/7"), &mut ctx);
    assert_eq!(d.route().unwrap().pattern(), "/products/[id]");
    let next_url: &[(&[u8], &[u8])] = &[(b"next-url", b"/products")];
    let soft = routecore::Request::new("GET", "/products/7").with_headers(next_url);
    let d = router.decide(&soft, &mut ctx);
    assert_eq!(d.route().unwrap().pattern(), "/(.)products/[id]");
    assert!(d.vary().any(|v| v == "next-url"));
    let d = router.decide(&routecore::Request::new("GET", "/(.)products/7"), &mut ctx);
    assert_eq!(d.status(), 404);
    assert!(routes.iter().all(|r| !r.file.unwrap_or("").contains("/_")));
    let (file, matcher) = builder.middleware_source().unwrap();
    assert_eq!(file, "middleware.ts");
    let m = matcher.unwrap();
    assert!(m[0].source.starts_with("/((?!api|_next/static"));
    assert_eq!(m[1].has[0].key, "x-beta-client");
    // Segment config: force-static route, revalidate inherited by pages, force-dynamic layout.
    let mut ctx = routecore::Context::new();
    let d = router.decide(&routecore::Request::new("GET", "/api/catalog"), &mut ctx);
    assert_eq!(d.cache(), Some(routecore::Cache::Static));
    let d = router.decide(&routecore::Request::new("GET", "/about"), &mut ctx);
    assert_eq!(
        (d.cache(), d.revalidate()),
        (Some(routecore::Cache::Static), Some(3600))
    );
    // (The session cookie gets past the example's middleware redirect.)
    let session: [(&[u8], &[u8]); 1] = [(b"cookie", b"session=1")];
    let d = router.decide(
        &routecore::Request::new("GET", "/account/orders/7").with_headers(&session),
        &mut ctx,
    );
    assert_eq!(d.cache(), Some(routecore::Cache::Dynamic));
}
