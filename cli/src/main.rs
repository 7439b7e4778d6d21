//! `routecore`: list, check and match the routes of a project (ROUTING.md §8).
//!
//! Exit codes: 0 success, 1 build or config errors, 2 usage errors. Data goes to stdout,
//! errors to stderr.

use clap::{Parser, Subcommand};
use routecore::{BuildErrors, ConditionSpec, Context, Decision, MatcherSpec, Request, Router};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "routecore",
    version,
    about = "Next.js App Router routing, decided natively"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the route table in priority order.
    Routes {
        /// A project directory or a routecore.json file.
        project: PathBuf,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Build the project and report every error (exit 1 when there are any).
    Check {
        /// A project directory or a routecore.json file.
        project: PathBuf,
    },
    /// Decide one request, or a batch of JSON lines from stdin.
    Match {
        /// A project directory or a routecore.json file.
        project: PathBuf,
        /// The request method, e.g. GET.
        #[arg(required_unless_present = "batch")]
        method: Option<String>,
        /// A request target (/path?query) or an absolute URL.
        #[arg(required_unless_present = "batch")]
        url: Option<String>,
        /// A request header, 'Name: value' (repeatable).
        #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
        headers: Vec<String>,
        /// Print the decision as JSON.
        #[arg(long)]
        json: bool,
        /// Read JSON lines from stdin, one request each:
        /// {"method":"GET","url":"/a?x=1","headers":[["cookie","s=1"]]} (headers optional);
        /// print one decision per line.
        #[arg(long, conflicts_with_all = ["method", "url", "headers", "json"])]
        batch: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Routes { project, json } => {
            with_project(&project, |r, middleware| print_routes(r, middleware, json))
        }
        Command::Check { project } => with_router(&project, |r| {
            // A closed stdout (`| head`) is not an error: write, don't panic (as println! would).
            let _ = writeln!(std::io::stdout(), "ok: {} routes", r.routes().len());
            ExitCode::SUCCESS
        }),
        Command::Match {
            project,
            method,
            url,
            headers,
            json,
            batch,
        } => {
            let mut parsed = Vec::with_capacity(headers.len());
            for h in &headers {
                match h.split_once(':') {
                    Some((n, v)) if !n.trim().is_empty() => {
                        parsed.push((n.trim().to_owned(), v.trim().to_owned()))
                    }
                    _ => {
                        eprintln!("routecore: invalid header {h:?}: expected 'Name: value'");
                        return ExitCode::from(2);
                    }
                }
            }
            with_router(&project, |r| {
                if batch {
                    run_batch(r)
                } else {
                    let (method, url) = (method.unwrap_or_default(), url.unwrap_or_default());
                    let mut ctx = Context::new();
                    let d = decide(r, &mut ctx, &method, &url, &parsed);
                    if json {
                        let _ = writeln!(std::io::stdout(), "{}", d.to_json());
                    } else {
                        print_decision(&d);
                    }
                    ExitCode::SUCCESS
                }
            })
        }
    }
}

/// Loads the project; on failure prints every error on its own stderr line and exits 1.
fn with_router(project: &Path, f: impl FnOnce(&Router) -> ExitCode) -> ExitCode {
    with_project(project, |r, _| f(r))
}

/// A middleware matcher in the shape `routecore.json`'s `middleware.matcher` takes: a plain
/// source as a string, anything more as a `{source, has, missing, locale}` object.
fn matcher_json(matcher: &[MatcherSpec]) -> serde_json::Value {
    let conditions = |list: &[ConditionSpec]| -> serde_json::Value {
        list.iter()
            .map(|c| {
                let mut o = serde_json::Map::new();
                o.insert("type".into(), c.kind.as_str().into());
                if !c.key.is_empty() {
                    o.insert("key".into(), c.key.clone().into());
                }
                if let Some(v) = &c.value {
                    o.insert("value".into(), v.clone().into());
                }
                serde_json::Value::Object(o)
            })
            .collect()
    };
    matcher
        .iter()
        .map(|m| {
            if m.has.is_empty() && m.missing.is_empty() && m.locale.is_none() {
                return m.source.clone().into();
            }
            let mut o = serde_json::Map::new();
            o.insert("source".into(), m.source.clone().into());
            if !m.has.is_empty() {
                o.insert("has".into(), conditions(&m.has));
            }
            if !m.missing.is_empty() {
                o.insert("missing".into(), conditions(&m.missing));
            }
            if let Some(l) = m.locale {
                o.insert("locale".into(), l.into());
            }
            serde_json::Value::Object(o)
        })
        .collect()
}

/// Like [`with_router`], also passing the middleware line (`<file> matcher <json>`) when the
/// project has a middleware file. Warnings go to stderr.
fn with_project(project: &Path, f: impl FnOnce(&Router, Option<String>) -> ExitCode) -> ExitCode {
    let loaded = routecore::load_project(project).and_then(|builder| {
        let mut err = std::io::stderr().lock();
        for w in builder.warnings() {
            let _ = writeln!(err, "warning: {w}");
        }
        let middleware = builder
            .middleware_source()
            .map(|(file, matcher)| match matcher {
                Some(m) => format!("{file} matcher {}", matcher_json(m)),
                None => format!("{file} (no matcher: runs for every request)"),
            });
        Ok((builder.build()?, middleware))
    });
    match loaded {
        Ok((router, middleware)) => f(&router, middleware),
        Err(errors) => {
            print_errors(&errors);
            ExitCode::from(1)
        }
    }
}

fn print_errors(errors: &BuildErrors) {
    let mut err = std::io::stderr().lock();
    for e in errors.errors() {
        let _ = writeln!(err, "error: {e}");
    }
    let _ = writeln!(err, "{} error(s)", errors.errors().len());
}

fn decide<'a>(
    router: &'a Router,
    ctx: &'a mut Context,
    method: &str,
    url: &str,
    headers: &[(String, String)],
) -> Decision<'a> {
    let refs: Vec<(&[u8], &[u8])> = headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
        .collect();
    router.decide(
        &Request {
            method: method.as_bytes(),
            target: url.as_bytes(),
            host: None,
            headers: &refs,
        },
        ctx,
    )
}

fn print_routes(router: &Router, middleware: Option<String>, json: bool) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if json {
        let list: Vec<serde_json::Value> = router
            .routes()
            .map(|r| {
                serde_json::json!({
                    "pattern": r.pattern,
                    "kind": r.kind.as_str(),
                    "methods": r.methods.allowed().iter().map(|m| m.as_str()).collect::<Vec<_>>(),
                    "file": r.file,
                    "id": r.id,
                })
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::Value::Array(list));
        return ExitCode::SUCCESS;
    }
    let rows: Vec<[String; 5]> = router
        .routes()
        .map(|r| {
            [
                r.pattern.to_owned(),
                r.kind.as_str().to_owned(),
                r.methods.allow_header(),
                r.file.unwrap_or("-").to_owned(),
                r.id.to_string(),
            ]
        })
        .collect();
    let header = ["PATTERN", "KIND", "METHODS", "FILE", "ID"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    if let Some(m) = middleware {
        let _ = writeln!(out, "middleware: {m}");
    }
    ExitCode::SUCCESS
}

fn print_decision(d: &Decision<'_>) {
    let mut rows: Vec<(&str, String)> = vec![
        ("action", d.action().as_str().to_owned()),
        ("status", d.status().to_string()),
    ];
    if let Some(r) = d.reason() {
        rows.push(("reason", format!("{}: {}", r.code(), r.text())));
    }
    if let Some(r) = d.route() {
        rows.push((
            "route",
            format!("{} ({}, id {})", r.pattern(), r.kind(), r.id()),
        ));
        if let Some(f) = r.file() {
            rows.push(("file", f.to_owned()));
        }
    }
    for p in d.params() {
        let v = serde_json::to_string(&p.value).unwrap_or_default();
        rows.push(("param", format!("{} = {v}", p.name)));
    }
    if let Some(p) = d.pathname() {
        rows.push(("pathname", p.to_owned()));
    }
    for (k, v) in d.query() {
        rows.push(("query", format!("{k} = {v:?}")));
    }
    if let Some(l) = d.location() {
        rows.push(("location", l.to_owned()));
    }
    if let Some(a) = d.allow() {
        rows.push(("allow", a.to_owned()));
    }
    for (k, v) in d.request_headers() {
        match v {
            Some(v) => rows.push(("request header", format!("{k}: {v}"))),
            None => rows.push(("request header", format!("{k} (removed)"))),
        }
    }
    for (k, v) in d.response_headers() {
        rows.push(("response header", format!("{k}: {v}")));
    }
    if let Some(b) = d.body() {
        rows.push(("body", String::from_utf8_lossy(b).into_owned()));
    }
    if d.middleware() {
        rows.push(("middleware", "ran".to_owned()));
    }
    if let Some(c) = d.cache() {
        let mut c = c.as_str().to_owned();
        if let Some(r) = d.revalidate() {
            c.push_str(&format!(" (revalidate {r}s)"));
        }
        rows.push(("cache", c));
    }
    if d.head_via_get() {
        rows.push(("head via get", "yes".to_owned()));
    }
    let vary: Vec<&str> = d.vary().collect();
    if !vary.is_empty() {
        rows.push(("vary", vary.join(", ")));
    }
    let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for (k, v) in rows {
        let _ = writeln!(out, "{k:<w$}  {v}");
    }
}

/// An owned request: method, URL, headers.
type OwnedRequest = (String, String, Vec<(String, String)>);

/// One batch line: `{"method", "url", "headers"?}`.
fn parse_batch_line(line: &str) -> Result<OwnedRequest, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let obj = v.as_object().ok_or("expected an object")?;
    for k in obj.keys() {
        if !matches!(k.as_str(), "method" | "url" | "headers") {
            return Err(format!("unknown key {k:?} (expected method, url, headers)"));
        }
    }
    let field = |k: &str| {
        obj.get(k)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or(format!("\"{k}\" must be a string"))
    };
    let (method, url) = (field("method")?, field("url")?);
    let mut headers = Vec::new();
    if let Some(h) = obj.get("headers") {
        let list = h
            .as_array()
            .ok_or("\"headers\" must be an array of [name, value] pairs")?;
        for (i, pair) in list.iter().enumerate() {
            match pair.as_array().map(|p| p.as_slice()) {
                Some([serde_json::Value::String(n), serde_json::Value::String(v)]) => {
                    headers.push((n.clone(), v.clone()))
                }
                _ => {
                    return Err(format!(
                        "headers[{i}] must be a [name, value] pair of strings"
                    ));
                }
            }
        }
    }
    Ok((method, url, headers))
}

fn run_batch(router: &Router) -> ExitCode {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut ctx = Context::new();
    let mut failed = 0usize;
    for (i, line) in stdin.lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("routecore: cannot read stdin: {e}");
                return ExitCode::from(2);
            }
        };
        let answer = match parse_batch_line(&line) {
            Ok((m, u, h)) => decide(router, &mut ctx, &m, &u, &h).to_json(),
            Err(e) => {
                // The error names its line (1-based) on stdout and stderr; exit 1 at the end.
                failed += 1;
                eprintln!("routecore: stdin line {}: {e}", i + 1);
                serde_json::json!({ "error": format!("line {}: {e}", i + 1), "line": i + 1 })
                    .to_string()
            }
        };
        if writeln!(out, "{answer}").is_err() {
            return ExitCode::SUCCESS; // stdout closed: nothing more to say
        }
    }
    let _ = out.flush();
    if failed > 0 {
        eprintln!(
            "routecore: {failed} batch line(s) failed (each has an \"error\" line on stdout)"
        );
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
