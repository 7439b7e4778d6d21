//! The example shop (`examples/shop/routecore.json`) and a representative request mix.

use routecore::{Request, Router};

/// The example project.
pub const SHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop");

const SESSION: &[(&[u8], &[u8])] = &[(b"cookie", b"session=abc; theme=dark")];
const AUTH: &[(&[u8], &[u8])] = &[(b"authorization", b"Bearer t")];

/// The shop as loaded (`full`: routes and every rule) and the bare match: the same routes and
/// options without any rule.
pub fn routers() -> (Router, Router) {
    let full = Router::load(SHOP).expect("the example shop builds");
    let mut bare = Router::builder().options(full.options().clone());
    for r in routecore::load_project(SHOP.as_ref())
        .expect("the example shop loads")
        .routes()
    {
        bare.add(r.clone());
    }
    let bare = bare.build().expect("the shop's routes build");
    (full, bare)
}

/// A representative mix: pages, params, catch-alls, API calls with and without auth,
/// HEAD, OPTIONS, a trailing-slash redirect, a query and a 404.
pub fn requests() -> Vec<Request<'static>> {
    vec![
        Request::new("GET", "/"),
        Request::new("GET", "/about"),
        Request::new("GET", "/blog/hello-world"),
        Request::new("GET", "/products/42/reviews?page=2&sort=new"),
        Request::new("GET", "/categories/men/shoes/running"),
        Request::new("GET", "/docs/getting-started/install"),
        Request::new("GET", "/account/orders/1001").with_headers(SESSION),
        Request::new("GET", "/api/products/42"),
        Request::new("POST", "/api/products").with_headers(AUTH),
        Request::new("PATCH", "/api/cart/items/7").with_headers(AUTH),
        Request::new("HEAD", "/api/health"),
        Request::new("OPTIONS", "/api/orders"),
        Request::new("GET", "/api/files/a/b/c.txt"),
        Request::new("GET", "/contact/"),
        Request::new("GET", "/no/such/page"),
    ]
}
