//! The `routecore` command, spawned as a process: every subcommand, both output forms, and
//! every exit code (ROUTING.md §8).

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_routecore"))
}

fn example() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/shop")
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("spawn routecore")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp_config(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("routecore-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("routecore.json");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn routes_prints_the_table_in_priority_order() {
    let o = run(&["routes", &example()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("PATTERN"), "{out}");
    let pos = |p: &str| {
        lines
            .iter()
            .position(|l| l.split_whitespace().next() == Some(p))
            .unwrap()
    };
    assert!(pos("/blog/new") < pos("/blog/[slug]"));
    assert!(pos("/blog/[slug]") < pos("/blog/[slug]/edit"));
    // Columns are aligned: every row's KIND column starts at the same offset.
    let col = lines[0].find("KIND").unwrap();
    assert!(lines[1..].iter().all(|l| l[col - 2..col] == *"  "));
    assert!(stderr(&o).is_empty());
}

#[test]
fn routes_json_lists_every_route() {
    let o = run(&["routes", &example(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let list = v.as_array().unwrap();
    assert!(list.len() >= 25);
    let api = list
        .iter()
        .find(|r| r["pattern"] == "/api/products/[id]")
        .unwrap();
    assert_eq!(api["kind"], "route");
    assert_eq!(api["id"], 102);
    assert_eq!(api["file"], "app/api/products/[id]/route.ts");
    assert_eq!(
        api["methods"],
        serde_json::json!(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "PUT"])
    );
}

#[test]
fn match_json_prints_the_decision() {
    let o = run(&["match", &example(), "GET", "/api/products/42?x=1", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["action"], "route");
    assert_eq!(d["status"], 200);
    assert_eq!(d["route"]["pattern"], "/api/products/[id]");
    assert_eq!(d["params"]["id"], "42");
    assert_eq!(d["query"]["x"], "1");
    assert_eq!(d["pathname"], "/api/products/42");
}

#[test]
fn match_absolute_url_and_headers() {
    let o = run(&[
        "match",
        &example(),
        "DELETE",
        "https://shop.example/api/health",
        "-H",
        "Authorization: Bearer t",
        "--header",
        "X-Test: yes",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let d: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["action"], "method_not_allowed");
    assert_eq!(d["allow"], "GET, HEAD, OPTIONS");
}

#[test]
fn match_human_output_is_aligned() {
    let o = run(&["match", &example(), "GET", "/categories/a/b%20c"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let col = out.lines().next().unwrap().find("route").unwrap();
    assert!(out.lines().next().unwrap().starts_with("action "), "{out}");
    assert!(out.contains("path = [\"a\",\"b c\"]"), "{out}");
    assert!(out.lines().all(|l| l.as_bytes()[col - 1] == b' '), "{out}");
    let o = run(&["match", &example(), "GET", "/about/"]);
    let out = stdout(&o);
    let field = |k: &str| {
        out.lines()
            .find(|l| l.starts_with(k))
            .map(|l| l[k.len()..].trim().to_owned())
    };
    assert_eq!(field("status").as_deref(), Some("308"), "{out}");
    assert_eq!(field("location").as_deref(), Some("/about"), "{out}");
    assert_eq!(
        field("response header").as_deref(),
        Some("refresh: 0;url=/about"),
        "{out}"
    );
    let col = out.lines().next().unwrap().find("redirect").unwrap();
    assert!(
        out.lines()
            .all(|l| l.len() > col && l.as_bytes()[col - 1] == b' '),
        "{out}"
    );
}

/// `routecore match <example> --batch` with `input` on stdin.
fn batch(input: &str) -> Output {
    let mut child = bin()
        .args(["match", &example(), "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn match_batch_answers_each_line_in_order() {
    let input = concat!(
        r#"{"method":"GET","url":"/blog/hello"}"#,
        "\n",
        "not json\n",
        r#"{"method":"POST","url":"/api/cart","headers":[["authorization","Bearer t"]]}"#,
        "\n",
        r#"{"method":"GET"}"#,
        "\n",
        r#"{"method":"GET","url":"/x","headers":[["only-name"]]}"#,
        "\n",
        r#"{"method":"GET","url":"/nope","extra":1}"#,
        "\n",
        r#"{"method":"OPTIONS","url":"/api/orders"}"#,
        "\n",
    );
    let o = batch(input);
    // Four lines failed: every line is still answered, then exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for n in [2, 4, 5, 6] {
        assert!(err.contains(&format!("stdin line {n}: ")), "{err}");
    }
    assert!(
        !err.contains("stdin line 1:") && !err.contains("stdin line 3:"),
        "{err}"
    );
    assert!(err.contains("4 batch line(s) failed"), "{err}");
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["route"]["pattern"], "/blog/[slug]");
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("line 2: invalid JSON")
    );
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[5]["line"], 6);
    assert_eq!(lines[2]["action"], "route");
    assert!(lines[3]["error"].as_str().unwrap().contains("\"url\""));
    assert!(lines[4]["error"].as_str().unwrap().contains("headers[0]"));
    assert!(lines[5]["error"].as_str().unwrap().contains("extra"));
    assert_eq!(lines[6]["action"], "route"); // /api/orders exports OPTIONS itself
}

#[test]
fn check_passes_on_the_example() {
    let o = run(&["check", &example()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("ok: "));
}

#[test]
fn check_reports_every_error_and_exits_1() {
    let file = temp_config(
        "broken",
        r#"{"routes": [
            {"pattern": "/a/[id]", "kind": "page"},
            {"pattern": "/a/[slug]", "kind": "page"},
            {"pattern": "/", "kind": "page"},
            {"pattern": "/", "kind": "route", "methods": ["POST"]},
            {"pattern": "/x/[[id]]", "kind": "page"},
            {"pattern": "/y", "kind": "route", "methods": ["FETCH"]}
        ]}"#,
    );
    let o = run(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 4, "{err}");
    assert!(
        err.contains("'/a/[id]'") && err.contains("'/a/[slug]'"),
        "{err}"
    );
    assert!(err.contains("Conflict"), "{err}");
    assert!(err.contains("[[id]]"), "{err}");
    assert!(err.contains("'FETCH'"), "{err}");
}

#[test]
fn check_names_json_paths() {
    let file = temp_config(
        "paths",
        r#"{"trailingSlash": 1, "routes": [{"pattern": "/a", "kind": "nope"}], "bogus": true}"#,
    );
    let o = run(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("trailingSlash must be a boolean"), "{err}");
    assert!(err.contains("routes[0].kind"), "{err}");
    // A bad kind is reported once: not also as a route handler missing its methods.
    assert!(!err.contains("routes[0].methods"), "{err}");
    assert!(err.contains("bogus"), "{err}");
}

#[test]
fn build_errors_exit_1_for_every_subcommand() {
    let file = temp_config(
        "bad",
        r#"{"routes": [{"pattern": "nope", "kind": "page"}]}"#,
    );
    let f = file.to_str().unwrap();
    for args in [
        vec!["routes", f],
        vec!["match", f, "GET", "/"],
        vec!["match", f, "--batch"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("must start with '/'"));
        assert!(stdout(&o).is_empty());
    }
    let o = run(&["check", "/definitely/not/here"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/definitely/not/here"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["match", "x"],
        vec!["match", "x", "GET"],
        vec!["routes"],
        vec!["match", "x", "--batch", "--json"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
        assert!(!stderr(&o).is_empty());
    }
    let o = run(&["match", &example(), "GET", "/", "-H", "no-colon"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid header"));
}

#[test]
fn routes_of_an_app_directory_show_files_and_middleware() {
    let app = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/shop-app");
    let o = run(&["routes", app.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("app/(shop)/products/[id]/page.tsx"), "{out}");
    assert!(out.contains("app/api/products/[id]/route.ts"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("middleware: middleware.ts matcher")),
        "{out}"
    );
    let o = run(&[
        "match",
        app.to_str().unwrap(),
        "GET",
        "/account/orders/3",
        "--json",
    ]);
    let d: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["action"], "redirect");
    assert_eq!(d["middleware"], true);
    assert_eq!(d["location"], "/login?next=/account/orders/3");
}

/// The README's "Try your own requests" commands and its sample JSON are what the command
/// prints for the bundled example (so the docs cannot drift from the code).
#[test]
fn readme_examples_match_the_command() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shop_app = root
        .join("examples/shop-app")
        .to_string_lossy()
        .into_owned();

    let block = readme
        .split("```json\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.contains("\"action\":\"route\""))
        .expect("the README shows a decision's JSON");
    let shown: Value = serde_json::from_str(block).expect("the README's JSON parses");
    let o = run(&["match", &shop_app, "GET", "/products/42?ref=home", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let got: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        shown, got,
        "README.md's sample JSON differs from `make demo`'s"
    );

    for (args, want) in [
        (&["DELETE", "/api/health"][..], "405"),
        (&["GET", "/about/"], "308"),
        (&["GET", "/account/orders/3"], "307"),
    ] {
        let line = format!("match examples/shop-app {} {}", args[0], args[1]);
        assert!(readme.contains(&line), "README no longer shows `{line}`");
        let o = run(&[&["match", &shop_app][..], args].concat());
        assert!(stdout(&o).contains(want), "{line}: {}", stdout(&o));
    }
}

/// A scratch project directory with the given files (path, content).
fn temp_project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("routecore-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
    }
    dir
}

#[test]
fn check_reports_scan_and_build_errors_in_one_run() {
    let page = "export default function Page() {}\n";
    let dir = temp_project(
        "scan-and-build",
        &[
            ("app/about/page.tsx", page),
            ("app/(more)/about/page.tsx", page),
            (
                "app/api/x/route.ts",
                "export const dynamic = 'sometimes';\nexport async function GET() {}\n",
            ),
        ],
    );
    let o = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 2, "{err}");
    assert!(errors[0].contains("app/api/x/route.ts:1") && errors[0].contains("sometimes"));
    assert!(errors[1].contains("'/about'") && errors[1].contains("app/(more)/about/page.tsx"));
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn check_warns_about_a_bracket_segment_that_is_static() {
    let page = "export default function Page() {}\n";
    let dir = temp_project("bracket", &[("app/a/[id/page.tsx", page)]);
    let o = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("warning: route '/a/[id': segment '[id'") && err.contains("'[id]'"),
        "{err}"
    );
    // routecore.json routes get the same warning.
    let file = temp_config(
        "bracket-json",
        r#"{"routes": [{"pattern": "/b/id]", "kind": "page"}]}"#,
    );
    let o = run(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("segment 'id]'"), "{}", stderr(&o));
}

#[test]
fn match_batch_exits_0_when_every_line_is_answered() {
    let input =
        "{\"method\":\"GET\",\"url\":\"/blog/hello\"}\n{\"method\":\"GET\",\"url\":\"/nope\"}\n";
    let o = batch(input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2);
}

#[test]
fn match_shows_the_reason_of_a_non_route_answer() {
    let o = run(&["match", &example(), "GET", "about"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("bad_request") && out.contains("400"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("reason ") && l.contains("target_not_origin_form: ")),
        "{out}"
    );
    let o = run(&["match", &example(), "get", "/api/health", "--json"]);
    let d: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (d["status"].as_u64(), &d["reason"]["code"]),
        (Some(405), &Value::from("method_case"))
    );
    let o = run(&["match", &example(), "GET", "/blog/hello", "--json"]);
    let d: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(d["reason"].is_null(), "{d}");
}

/// `routecore match ... | head -1`: a reader that goes away is not an error. The output goes to
/// a pipe whose read end is closed before anything is written; the command exits 0 without a
/// panic message (println! would panic on the broken pipe).
#[test]
fn a_closed_stdout_is_not_a_panic() {
    for args in [
        &["match", &example(), "GET", "/products/42", "--json"][..],
        &["match", &example(), "GET", "/products/42"][..],
        &["check", &example()][..],
        &["routes", &example()][..],
    ] {
        let mut child = bin()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}
