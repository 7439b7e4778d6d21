//! Every 400, 404, 405, 414 and 431 decision carries a reason (code and text), and no other
//! action does; the JSON form writes it as `reason: {code, text}` or `null`.

use routecore::{Action, Context, Limits, Reason, Request, RouteSpec, Router, RouterBuilder};

fn router() -> Router {
    let limits = Limits {
        max_target_bytes: 64,
        max_segments: 4,
        max_headers: 2,
        max_header_bytes: 16,
        ..Limits::default()
    };
    RouterBuilder::new()
        .options(routecore::RouterOptions {
            base_path: "/base".into(),
            limits,
            ..Default::default()
        })
        .route(RouteSpec::route("/api/[id]", &["GET", "POST"]))
        .route(RouteSpec::page("/about"))
        .build()
        .unwrap()
}

/// Method, target, headers, then the expected status and reason.
type Case<'a> = (
    &'a str,
    &'a str,
    &'a [(&'a [u8], &'a [u8])],
    u16,
    Option<Reason>,
);

#[test]
fn each_non_route_outcome_names_its_reason() {
    let r = router();
    let mut ctx = Context::new();
    let long = format!("/base/{}", "a".repeat(80));
    let h = |n: &'static str, v: &'static str| (n.as_bytes(), v.as_bytes());
    let three = [h("a", "1"), h("b", "2"), h("c", "3")];
    let big = [h("a", "01234567890123456789")];
    let bad_name = [h("a b", "1")];
    // A too-long value outranks a bad name, whatever the fields' order; two Hosts (any case)
    // are refused on a static route's own spelling too (its decision made at build).
    let bad_name_then_big = [h("a b", "1"), h("a", "01234567890123456789")];
    let two_hosts = [h("host", "a"), h("HOST", "b")];
    // Both spellings the common-names table knows (`engine::common_fields`) count too.
    let two_listed_hosts = [h("Host", "a"), h("host", "b")];
    #[rustfmt::skip]
    let table: &[Case] = &[
        ("GET", "/base/api/1", &[], 200, None),
        ("OPTIONS", "/base/api/1", &[], 204, None),
        ("GET", "/base/about/", &[], 308, None),
        ("G(T", "/base/api/1", &[], 400, Some(Reason::MethodNotToken)),
        ("GET", "/base/api/1", &bad_name, 400, Some(Reason::HeaderNameNotToken)),
        ("GET", "/base/api/1", &three, 431, Some(Reason::LimitHeaders)),
        ("GET", "/base/api/1", &big, 431, Some(Reason::LimitHeaderBytes)),
        ("GET", "/base/api/1", &bad_name_then_big, 431, Some(Reason::LimitHeaderBytes)),
        ("GET", "/base/api/1", &two_hosts, 400, Some(Reason::DuplicateHost)),
        ("GET", "/base/about", &two_hosts, 400, Some(Reason::DuplicateHost)),
        ("GET", "/base/api/1", &two_listed_hosts, 400, Some(Reason::DuplicateHost)),
        ("GET", "/base/about", &two_listed_hosts, 400, Some(Reason::DuplicateHost)),
        ("GET", &long, &[], 414, Some(Reason::LimitTargetBytes)),
        ("GET", "/base/a/b/c/d/e", &[], 414, Some(Reason::LimitSegments)),
        ("GET", "/base/a b", &[], 400, Some(Reason::TargetBadByte)),
        ("GET", "http://@x/base", &[], 400, Some(Reason::BadAbsoluteForm)),
        ("GET", "base/api/1", &[], 400, Some(Reason::TargetNotOriginForm)),
        ("GET", "/base/api/%zz", &[], 400, Some(Reason::BadEscape)),
        ("GET", "/base/api/%FF", &[], 400, Some(Reason::BadEscape)),
        ("get", "/base/api/1", &[], 405, Some(Reason::MethodCase)),
        ("post", "/base/api/1", &[], 405, Some(Reason::MethodCase)),
        ("head", "/base/about", &[], 405, Some(Reason::MethodCase)),
        ("DELETE", "/base/api/1", &[], 405, Some(Reason::MethodNotAllowed)),
        ("delete", "/base/api/1", &[], 405, Some(Reason::MethodNotAllowed)),
        ("POST", "/base/about", &[], 405, Some(Reason::MethodNotAllowed)),
        ("GET", "/base/nope", &[], 404, Some(Reason::NoRoute)),
        ("GET", "/base/%zz", &[], 404, Some(Reason::NoRouteBadEscape)),
        ("GET", "/base/%C3%28", &[], 404, Some(Reason::NoRouteBadEscape)),
        ("GET", "/elsewhere", &[], 404, Some(Reason::OutsideBasePath)),
    ];
    for (method, target, headers, status, reason) in table {
        let req = Request {
            method: method.as_bytes(),
            target: target.as_bytes(),
            host: None,
            headers,
        };
        let d = r.decide(&req, &mut ctx);
        assert_eq!(
            (d.status(), d.reason()),
            (*status, *reason),
            "{method} {target}"
        );
        let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        match reason {
            Some(r) => {
                assert_eq!(json["reason"]["code"], r.code(), "{method} {target}");
                assert_eq!(json["reason"]["text"], r.text(), "{method} {target}");
            }
            None => assert!(json["reason"].is_null(), "{method} {target}"),
        }
    }
}

#[test]
fn a_rule_destination_made_unsafe_by_a_param_says_so() {
    let r: Router = routecore::parse_config(
        r#"{"routes": [{"pattern": "/x", "kind": "page"}],
            "redirects": [{"source": "/go/:host", "destination": "https://:host.example.com/", "permanent": false}]}"#,
    )
    .unwrap()
    .build()
    .unwrap();
    let mut ctx = Context::new();
    let d = r.decide(&Request::new("GET", "/go/a.b"), &mut ctx);
    assert_eq!(d.action(), Action::BadRequest);
    assert_eq!(d.reason(), Some(Reason::UnsafeDestination));
}
