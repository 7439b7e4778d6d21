//! The router: built once from route specs and options, then shared by every thread.

use crate::context::{Context, Outcome};
use crate::decision::{Action, Decision};
use crate::error::{BuildError, BuildErrorKind, BuildErrors};
use crate::limits::Limits;
use crate::methods::{self, Method};
use crate::normalize::{self, Normalized, PathOptions};
use crate::query;
use crate::route::{Cache, RouteSpec};
use crate::table::{self, Table};
use crate::tree::{NONE, Segments};

/// One request as the host received it. Every field is raw bytes: nothing is assumed valid.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The method token, e.g. `GET`.
    pub method: &'a [u8],
    /// The request target: `/path?query`, or an absolute URL (its host is used).
    pub target: &'a [u8],
    /// The `Host` (or `:authority`), when the host knows it apart from the headers.
    pub host: Option<&'a [u8]>,
    /// Header (name, value) pairs; names are compared case-insensitively.
    pub headers: &'a [(&'a [u8], &'a [u8])],
}

impl<'a> Request<'a> {
    /// A request without headers.
    pub fn new(method: &'a str, target: &'a str) -> Self {
        Request {
            method: method.as_bytes(),
            target: target.as_bytes(),
            host: None,
            headers: &[],
        }
    }

    /// Sets the host.
    pub fn with_host(mut self, host: &'a str) -> Self {
        self.host = Some(host.as_bytes());
        self
    }

    /// Sets the headers.
    pub fn with_headers(mut self, headers: &'a [(&'a [u8], &'a [u8])]) -> Self {
        self.headers = headers;
        self
    }
}

/// Router-wide options (the `next.config` fields that shape routing).
#[derive(Debug, Clone, Default)]
pub struct RouterOptions {
    /// `basePath`: a prefix every route lives under (`/docs`), or empty.
    pub base_path: String,
    /// `trailingSlash`: canonical URLs end with `/`.
    pub trailing_slash: bool,
    /// `skipTrailingSlashRedirect`: never redirect to add or drop a trailing slash.
    pub skip_trailing_slash_redirect: bool,
    /// `experimental.caseSensitiveRoutes` (custom-route sources match case-sensitively).
    pub case_sensitive_routes: bool,
    /// Request and build limits.
    pub limits: Limits,
}

/// Collects routes and options, then builds a [`Router`], reporting every error at once.
#[derive(Debug, Clone, Default)]
pub struct RouterBuilder {
    options: RouterOptions,
    routes: Vec<RouteSpec>,
    /// The middleware file and its `config.matcher` (stored for the middleware engine).
    middleware_matcher: Option<(String, Option<serde_json::Value>)>,
    warnings: Vec<String>,
}

impl RouterBuilder {
    /// An empty builder with default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the options.
    pub fn options(mut self, options: RouterOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets `basePath`.
    pub fn base_path(mut self, base_path: &str) -> Self {
        self.options.base_path = base_path.to_owned();
        self
    }

    /// Sets `trailingSlash`.
    pub fn trailing_slash(mut self, on: bool) -> Self {
        self.options.trailing_slash = on;
        self
    }

    /// Adds a route.
    pub fn route(mut self, spec: RouteSpec) -> Self {
        self.routes.push(spec);
        self
    }

    /// Adds a route (by reference, for loops).
    pub fn add(&mut self, spec: RouteSpec) -> &mut Self {
        self.routes.push(spec);
        self
    }

    /// The routes added so far.
    pub fn routes(&self) -> &[RouteSpec] {
        &self.routes
    }

    /// Records the project's middleware file and its literal `config.matcher` (the shape of
    /// `routecore.json`'s `middleware.matcher`; `None`: no matcher, it runs for every request).
    /// For now the matcher is stored and its shape validated by [`RouterBuilder::build`].
    pub fn middleware_matcher(
        mut self,
        file: impl Into<String>,
        matcher: Option<serde_json::Value>,
    ) -> Self {
        self.middleware_matcher = Some((file.into(), matcher));
        self
    }

    /// The middleware file and matcher recorded with [`RouterBuilder::middleware_matcher`].
    pub fn middleware_source(&self) -> Option<(&str, Option<&serde_json::Value>)> {
        self.middleware_matcher
            .as_ref()
            .map(|(f, m)| (f.as_str(), m.as_ref()))
    }

    /// Adds a warning (something allowed but probably a mistake) for the host to show.
    pub fn warn(&mut self, warning: impl Into<String>) -> &mut Self {
        self.warnings.push(warning.into());
        self
    }

    /// The warnings collected while loading the project.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Builds the router, or returns every error found.
    pub fn build(self) -> Result<Router, BuildErrors> {
        let mut errors = Vec::new();
        if let Some((file, Some(m))) = &self.middleware_matcher {
            for e in crate::app_dir::matcher_shape_errors(m) {
                errors.push(BuildError::new(
                    BuildErrorKind::Config,
                    format!("{file}: config.matcher{e}"),
                ));
            }
        }
        let base = &self.options.base_path;
        if !base.is_empty()
            && (!base.starts_with('/')
                || base.ends_with('/')
                || base.contains(['?', '#', '\\', '%'])
                || base.contains("//")
                || base.bytes().any(|b| b.is_ascii_control() || b == b' '))
        {
            errors.push(BuildError::new(
                BuildErrorKind::Config,
                format!(
                    "basePath '{}' must start with '/', must not end with '/', and may not contain '?', '#', '%', '\\\\', '//', spaces or control bytes",
                    base.escape_debug()
                ),
            ));
        }
        let table = match table::build(&self.routes, &self.options.limits) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        match table {
            Some(table) if errors.is_empty() => Ok(Router {
                table,
                paths: PathOptions {
                    base_path: self.options.base_path.clone().into(),
                    trailing_slash: self.options.trailing_slash,
                    skip_trailing_slash_redirect: self.options.skip_trailing_slash_redirect,
                },
                options: self.options,
            }),
            _ => Err(BuildErrors(errors)),
        }
    }
}

/// An immutable, thread-safe router. Build it once; call [`Router::decide`] from any thread.
#[derive(Debug)]
pub struct Router {
    pub(crate) table: Table,
    paths: PathOptions,
    options: RouterOptions,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Router>();
    const fn assert_send<T: Send>() {}
    assert_send::<Context>();
};

/// A route of the built table, as `routecore routes` lists it.
#[derive(Debug, Clone, Copy)]
pub struct RouteInfo<'a> {
    /// The pattern.
    pub pattern: &'a str,
    /// Route handler, page or metadata route.
    pub kind: crate::RouteKind,
    /// The implemented methods (pages and metadata: GET).
    pub methods: crate::MethodSet,
    /// The source file, when known.
    pub file: Option<&'a str>,
    /// The host's handler id.
    pub id: u64,
}

impl Router {
    /// Starts a builder.
    pub fn builder() -> RouterBuilder {
        RouterBuilder::new()
    }

    /// The options the router was built with.
    pub fn options(&self) -> &RouterOptions {
        &self.options
    }

    /// The routes in priority order (Next.js `getSortedRoutes`).
    pub fn routes(&self) -> impl ExactSizeIterator<Item = RouteInfo<'_>> {
        self.table.routes.iter().map(|r| RouteInfo {
            pattern: &r.pattern,
            kind: r.kind,
            methods: r.methods,
            file: r.file.as_deref(),
            id: r.id,
        })
    }

    /// Decides what to do with `req`. Allocation-free once `ctx` has grown to fit the request.
    pub fn decide<'a>(&'a self, req: &Request<'_>, ctx: &'a mut Context) -> Decision<'a> {
        ctx.reset();
        ctx.out = self.decide_into(req, ctx);
        Decision { router: self, ctx }
    }

    fn decide_into(&self, req: &Request<'_>, ctx: &mut Context) -> Outcome {
        let limits = &self.options.limits;
        if !methods::is_token(req.method) {
            return reject(400);
        }
        if req.headers.len() > limits.max_headers
            || req
                .headers
                .iter()
                .any(|(_, v)| v.len() > limits.max_header_bytes)
        {
            return reject(431);
        }
        match normalize::normalize(req.target, &self.paths, limits, ctx) {
            Normalized::Ok => {}
            Normalized::Reject(status) => return reject(status),
            Normalized::Redirect => {
                return Outcome {
                    action: Action::Redirect,
                    status: 308,
                    has_location: true,
                    ..Outcome::default()
                };
            }
            Normalized::OutsideBasePath => return Outcome::default(),
        }
        query::parse(ctx);
        let not_found = Outcome {
            has_pathname: true,
            ..Outcome::default()
        };

        let tree = &self.table.tree;
        let path = &ctx.path[ctx.base_len..ctx.match_end];
        let mut route = if memchr::memchr(b'%', path).is_none() {
            tree.exact(path)
        } else {
            NONE
        };
        if route == NONE {
            route = tree.find(Segments {
                decoded: &ctx.decoded,
                spans: &ctx.spans,
            });
        }
        if route == NONE {
            return not_found;
        }
        if ctx.spans.iter().any(|s| !s.valid) {
            // Only a param can have taken a segment that does not decode.
            return Outcome {
                has_pathname: true,
                ..reject(400)
            };
        }
        let r = &self.table.routes[route as usize];
        let method = Method::from_bytes(req.method);
        let mut out = Outcome {
            route: Some(route),
            has_pathname: true,
            ..Outcome::default()
        };
        match method {
            Some(m) if r.methods.contains(m) => {}
            Some(Method::Head) if r.methods.contains(Method::Get) => out.head_via_get = true,
            Some(Method::Options) => {
                out.action = Action::Options;
                out.status = 204;
                return out;
            }
            _ => {
                out.action = Action::MethodNotAllowed;
                out.status = 405;
                return out;
            }
        }
        out.action = Action::Route;
        out.status = 200;
        let cache = match method {
            Some(Method::Get | Method::Head) => r.get_cache(),
            _ => Cache::Dynamic,
        };
        out.cache = Some(cache);
        if cache == Cache::Static {
            out.revalidate = r.revalidate_seconds();
        }
        out
    }
}

fn reject(status: u16) -> Outcome {
    Outcome {
        action: Action::BadRequest,
        status,
        ..Outcome::default()
    }
}
