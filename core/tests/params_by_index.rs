//! `Decision::param_count`, `param_at` and `param_index`: the per-index reads the C ABI's
//! accessors use agree with `params()`, and an optional catch-all that took nothing is absent.

use routecore::{Context, ParamValue, Request, RouteSpec, Router};

fn values(v: ParamValue<'_>) -> Vec<String> {
    match v {
        ParamValue::One(s) => vec![s.to_owned()],
        ParamValue::Many(segs) => segs.iter().map(str::to_owned).collect(),
    }
}

#[test]
fn per_index_reads_agree_with_the_iterator() {
    let router = Router::builder()
        .route(RouteSpec::page("/[a]/[b]/docs/[[...rest]]"))
        .build()
        .unwrap();
    let mut ctx = Context::new();
    for (path, want) in [
        (
            "/x/y%20z/docs/p/q%2Fr",
            vec![
                ("a", vec!["x"]),
                ("b", vec!["y z"]),
                ("rest", vec!["p", "q/r"]),
            ],
        ),
        ("/x/y/docs", vec![("a", vec!["x"]), ("b", vec!["y"])]),
    ] {
        let d = router.decide(&Request::new("GET", path), &mut ctx);
        let by_iter: Vec<(String, Vec<String>)> = d
            .params()
            .map(|p| (p.name.to_owned(), values(p.value)))
            .collect();
        let want: Vec<(String, Vec<String>)> = want
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.into_iter().map(str::to_owned).collect()))
            .collect();
        assert_eq!(by_iter, want, "{path}");
        assert_eq!(d.param_count(), want.len(), "{path}");
        for (i, (name, vals)) in want.iter().enumerate() {
            let p = d.param_at(i).expect("in range");
            assert_eq!((p.name, values(p.value)), (name.as_str(), vals.clone()));
            assert_eq!(d.param_index(name), Some(i));
            assert_eq!(d.param(name).map(values), Some(vals.clone()));
        }
        assert!(d.param_at(want.len()).is_none(), "{path}");
        assert_eq!(d.param_index("nope"), None);
        if want.len() == 2 {
            // The optional catch-all took nothing: absent by index and by name.
            assert_eq!(d.param_index("rest"), None);
            assert!(d.param("rest").is_none());
        }
    }
}

#[test]
fn no_params_without_a_route() {
    let router = Router::builder()
        .route(RouteSpec::page("/[a]"))
        .build()
        .unwrap();
    let mut ctx = Context::new();
    let d = router.decide(&Request::new("GET", "/a/b/c"), &mut ctx);
    assert_eq!(d.status(), 404);
    assert_eq!(d.param_count(), 0);
    assert!(d.param_at(0).is_none());
    assert_eq!(d.param_index("a"), None);
}
