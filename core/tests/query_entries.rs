//! `Decision::query_entries`: the query grouped as the JSON form writes it, which the C ABI's
//! packed form and every binding rely on.

use routecore::{Context, Request, parse_config};

#[test]
fn keys_group_in_first_order_and_list_params_stay_lists() {
    let router = parse_config(
        r#"{"routes": [{"pattern": "/a", "kind": "page"}],
            "rewrites": [{"source": "/x/:rest*", "destination": "/a"}]}"#,
    )
    .unwrap()
    .build()
    .unwrap();
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/x/one?q=1&z=3&q=2"), &mut ctx);
    assert_eq!(d.route().map(|r| r.pattern()), Some("/a"));
    let got: Vec<(String, Vec<String>, bool)> = d
        .query_entries()
        .map(|e| {
            (
                e.key().to_owned(),
                e.values().map(str::to_owned).collect(),
                e.is_list(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            ("q".to_owned(), s(&["1", "2"]), true),
            ("z".to_owned(), s(&["3"]), false),
            // A catch-all appended by the rewrite is a list even with one segment.
            ("rest".to_owned(), s(&["one"]), true),
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(
        json["query"],
        serde_json::json!({"q": ["1", "2"], "z": "3", "rest": ["one"]})
    );
}
